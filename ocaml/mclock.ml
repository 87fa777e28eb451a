(* SPDX-License-Identifier: ISC *)
(* mclock.ml: see mclock.mli. *)
external elapsed_ns : unit -> int64 = "ml_solo5_clock_monotonic"

let period_ns () = None
