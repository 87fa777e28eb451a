(* SPDX-License-Identifier: ISC *)
(** The monotonic clock, as MirageOS's [Mirage_clock.MCLOCK]. *)

val elapsed_ns : unit -> int64
(** Nanoseconds on the monotonic clock (the time base of GPIO event
    timestamps in native mode); computed in the guest, no exit. *)

val period_ns : unit -> int64 option
(** [None]: the clock has no known period. *)
