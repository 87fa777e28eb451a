(* SPDX-License-Identifier: ISC *)
(* exitcode: `exit n` with n from the command line; what was printed
   without a newline before must still appear (at_exit flushes it). *)
let () =
  let n = if Array.length Sys.argv > 1 then int_of_string Sys.argv.(1) else 0 in
  at_exit (fun () -> print_string "at_exit ran ");
  Printf.printf "exiting with %d: " n;
  exit n
