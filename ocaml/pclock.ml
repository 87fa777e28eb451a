(* SPDX-License-Identifier: ISC *)
(* pclock.ml: see pclock.mli. *)
external wall_ns : unit -> int64 = "ml_solo5_clock_wall"

let ns_per_day = 86_400_000_000_000L

let now_d_ps () =
  let ns = wall_ns () in
  let days = Int64.div ns ns_per_day in
  let rest = Int64.sub ns (Int64.mul days ns_per_day) in
  (Int64.to_int days, Int64.mul rest 1000L)

let current_tz_offset_s () = None
let period_d_ps () = None
