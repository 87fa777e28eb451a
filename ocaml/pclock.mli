(* SPDX-License-Identifier: ISC *)
(** The wall clock, as MirageOS's [Mirage_clock.PCLOCK]. *)

val now_d_ps : unit -> int * int64
(** Days and picoseconds since the Unix epoch (the host's clock). *)

val current_tz_offset_s : unit -> int option
(** [None]: a unikernel has no time zone. *)

val period_d_ps : unit -> (int * int64) option
