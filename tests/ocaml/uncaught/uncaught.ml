(* SPDX-License-Identifier: ISC *)
(* uncaught: an exception nobody catches, raised three calls deep; the
   runtime must print it with a backtrace and end with status 2. *)
let[@inline never] inner x = if x > 0 then failwith "boom" else x
let[@inline never] middle x = 1 + inner (x + 1)
let[@inline never] outer x = 2 * middle x

let () =
  print_endline "about to fail";
  print_int (outer (Array.length Sys.argv));
  print_endline "not reached"
