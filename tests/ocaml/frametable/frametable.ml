(* SPDX-License-Identifier: ISC *)
(* frametable: pinvisor's runtime builds its table of frame descriptors
   when it is first needed, not at start-up
   (ocaml/runtime/patches/0001-lazy-frame-descriptors.patch). Each first
   user must find the right frames: the argument says which comes first.

     alloc      a minor collection triggered by allocation (caml_call_gc)
     gc         an explicit Gc.full_major (root scanning)
     callstack  Printexc.get_callstack
     raise      a caught exception's backtrace

   Values live only on the stack must survive every collection, and the
   callstack and backtrace must name the right functions. *)

let[@inline never] count_intact l =
  List.fold_left (fun n (i, s) -> if int_of_string s = i then n + 1 else n) 0 l

(* 60000 pairs of fresh strings, ~11 words each: past the minor heap. *)
let[@inline never] alloc_and_check () =
  let l = List.init 60_000 (fun i -> (i, string_of_int i)) in
  Gc.full_major ();
  let n = count_intact l in
  Printf.printf "intact: %d of %d\n" n (List.length l)

let[@inline never] level2 () =
  Printexc.raw_backtrace_to_string (Printexc.get_callstack 3)

let[@inline never] level1 () =
  let s = level2 () in
  String.sub s 0 (String.length s)

let[@inline never] thrower x = if x >= 0 then failwith "caught" else x

let[@inline never] catch () =
  try ignore (thrower (Array.length Sys.argv)); "" with Failure _ ->
    Printexc.get_backtrace ()

let () =
  Printexc.record_backtrace true;
  let first = if Array.length Sys.argv > 1 then Sys.argv.(1) else "alloc" in
  let minor0 = (Gc.quick_stat ()).Gc.minor_collections in
  (match first with
   | "alloc" -> alloc_and_check ()
   | "gc" ->
       let keep = List.init 1000 string_of_int in
       Gc.full_major ();
       Printf.printf "intact: %d of 1000\n"
         (count_intact (List.mapi (fun i s -> (i, s)) keep))
   | "callstack" -> print_string (level1 ())
   | "raise" -> print_string (catch ())
   | _ -> print_endline "unknown argument");
  Printf.printf "first user: %s, collections before it: %d\n" first minor0;
  (* Afterwards everything else uses the same table. *)
  alloc_and_check ();
  print_string (level1 ());
  print_string (catch ());
  print_endline "SUCCESS"
