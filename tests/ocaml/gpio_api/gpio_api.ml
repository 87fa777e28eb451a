(* SPDX-License-Identifier: ISC *)
(* gpio_api: the Gpio module against the simulated chip. Run with
   --gpio:io=sim:0,1 (two lines, both directions): outputs read back,
   masks, errors as Gpio.Error, an unknown device as Not_found, a
   sequence, events from the stimulus file tests/ocaml/gpio_api/stim.txt
   (line 1 rises at 1 s and falls at 1.2 s). *)
let fail fmt = Printf.ksprintf (fun s -> print_endline ("FAILURE: " ^ s); exit 1) fmt

let () =
  (match Gpio.acquire "nosuch" with
   | _ -> fail "acquired an undeclared device"
   | exception Not_found -> print_endline "unknown device: Not_found");
  let io = Gpio.acquire "io" in
  Printf.printf "io: %d lines, in %b, out %b\n" (Gpio.nlines io)
    (Gpio.can_input io) (Gpio.can_output io);
  Gpio.set io ~values:1L 1L [ Gpio.Output ];
  Gpio.set io 2L [ Gpio.Input; Gpio.Edge_both ];
  Printf.printf "input after set: %Ld\n" (Gpio.input io 1L);
  Gpio.output io 1L 0L;
  Printf.printf "input after output 0: %Ld\n" (Gpio.input io 1L);
  (match Gpio.output io 4L 4L with
   | () -> fail "wrote line 2 of a 2-line device"
   | exception Gpio.Error (op, Gpio.Invalid) -> Printf.printf "%s: Invalid\n" op);
  Gpio.sequence io
    [| { Gpio.mask = 1L; values = 1L; delay_ns = 1_000_000L };
       { Gpio.mask = 1L; values = 0L; delay_ns = 1_000_000L };
       { Gpio.mask = 1L; values = 1L; delay_ns = 1_000_000L } |];
  Gpio.sync io;
  print_endline "sync: ok";
  Printf.printf "input after sequence: %Ld\n" (Gpio.input io 1L);
  let deadline = Int64.add (Mclock.elapsed_ns ()) 5_000_000_000L in
  let rec events acc =
    if List.length acc = 2 || Int64.compare (Mclock.elapsed_ns ()) deadline > 0
    then List.rev acc
    else
      match Gpio.read_event io with
      | Some e -> events (e :: acc)
      | None -> ignore (Solo5.yield deadline); events acc
  in
  List.iter
    (fun e ->
      Printf.printf "event line %d %s seqno %d\n" e.Gpio.line
        (if e.Gpio.edge = Gpio.Rising then "rising" else "falling")
        e.Gpio.seqno)
    (events []);
  Gpio.clear io 3L;
  (match Gpio.input io 1L with
   | _ -> fail "read a cleared line"
   | exception Gpio.Error (_, Gpio.Invalid) -> print_endline "cleared: Invalid");
  print_endline "SUCCESS"
