(* SPDX-License-Identifier: ISC *)
(* hello: output, arguments, the environment and runtime parameters from
   the command line. The last line is printed without a newline: it must
   still appear (stdout is flushed at exit). *)
let () =
  print_endline "hello from OCaml";
  Printf.printf "argv: %s\n" (String.concat " " (Array.to_list Sys.argv));
  Printf.printf "GREETING=%s\n"
    (Option.value (Sys.getenv_opt "GREETING") ~default:"(unset)");
  Printf.printf "minor_heap_size=%d\n" (Gc.get ()).Gc.minor_heap_size;
  Printf.printf "backtraces=%b\n" (Printexc.backtrace_status ());
  print_string "SUCCESS"
