(* SPDX-License-Identifier: ISC *)
(* overflow: unbounded non-tail recursion. It must stop the guest at the
   end of the OCaml stack, not run on into other memory. *)
let rec depth n = if n < 0 then 0 else 1 + depth (n + 1)

let () =
  print_endline "recursing";
  Printf.printf "FAILURE: depth %d\n" (depth 0)
