(* SPDX-License-Identifier: ISC *)
(* button: waits for presses of a button (edge events) and toggles the
   LED on each, with Lwt and the Pv_lwt main loop; prints when each press
   happened and how long it took to reach the program.

     pinvisor --gpio:button=sim:1:in --gpio:led=sim:0:out \
         --gpio-stimulus=examples/button/presses.txt button_ml.hvt \
         [PRESSES [TIMEOUT_MS]]

   The button is line 0 of device "button", active high with a pull-down
   and 1 ms debounce; a press is a rising edge. Stops after PRESSES
   presses (default 3), or with status 2 after TIMEOUT_MS without one
   (default 5000). *)

open Lwt.Infix

let arg i default =
  if Array.length Sys.argv > i then
    match int_of_string_opt Sys.argv.(i) with
    | Some v when v > 0 -> v
    | _ -> default
  else default

exception Timeout

let rec presses button led ~timeout_ns ~lit ~seen ~wanted =
  if seen = wanted then Lwt.return_unit
  else
    Lwt.pick
      [
        Pv_lwt.wait_event button;
        (Pv_lwt.sleep_ns timeout_ns >>= fun () -> Lwt.fail Timeout);
      ]
    >>= fun ev ->
    let now = Mclock.elapsed_ns () in
    match ev.Gpio.edge with
    | Gpio.Falling -> presses button led ~timeout_ns ~lit ~seen ~wanted
    | Gpio.Rising ->
        let lit = not lit and seen = seen + 1 in
        Gpio.output led 1L (if lit then 1L else 0L);
        Printf.printf
          "button: press %d (event %d) at %Ld ns, seen after %Ld us, LED %s\n%!"
          seen ev.Gpio.seqno ev.Gpio.timestamp
          (Int64.div (Int64.sub now ev.Gpio.timestamp) 1000L)
          (if lit then "on" else "off");
        presses button led ~timeout_ns ~lit ~seen ~wanted

let () =
  let wanted = arg 1 3 and timeout_ms = arg 2 5000 in
  let button, led =
    try (Gpio.acquire "button", Gpio.acquire "led")
    with Not_found ->
      print_endline "button: needs GPIO devices 'button' and 'led'";
      exit 1
  in
  Gpio.set button ~debounce_us:1000 1L Gpio.[ Input; Pull_down; Edge_both ];
  Gpio.set led 1L [ Gpio.Output ];
  let timeout_ns = Int64.mul (Int64.of_int timeout_ms) 1_000_000L in
  try
    Pv_lwt.run (presses button led ~timeout_ns ~lit:false ~seen:0 ~wanted)
  with Timeout ->
    Printf.printf "button: no press for %d ms, giving up\n%!" timeout_ms;
    exit 2
