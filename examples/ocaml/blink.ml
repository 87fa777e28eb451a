(* SPDX-License-Identifier: ISC *)
(* blink: the thesis's application in OCaml. Turns the LED on and off
   COUNT times, one on/off cycle every PERIOD milliseconds, through the
   Gpio module (C stubs ml_gpio_* over solo5_gpio_* ).

     pinvisor --gpio:led=sim:0 blink_ml.hvt [COUNT [PERIOD_MS]]

   Defaults: 10 blinks, 100 ms. The LED is line 0 of GPIO device "led". *)

let arg i default =
  if Array.length Sys.argv > i then
    match int_of_string_opt Sys.argv.(i) with
    | Some v when v >= 0 -> min v 100_000_000
    | _ -> default
  else default

let () =
  let count = arg 1 10 and period_ms = arg 2 100 in
  let led =
    try Gpio.acquire "led"
    with Not_found ->
      print_endline "blink: no GPIO device 'led'";
      exit 1
  in
  Gpio.set led 1L [ Gpio.Output ];
  Printf.printf "blink: %d blinks, period %d ms\n%!" count period_ms;
  let half = Int64.of_int (period_ms * 500_000) in
  let t = ref (Mclock.elapsed_ns ()) in
  let wait () =
    t := Int64.add !t half;
    ignore (Solo5.yield !t)
  in
  for _ = 1 to count do
    Gpio.output led 1L 1L;
    wait ();
    Gpio.output led 1L 0L;
    wait ()
  done;
  print_endline "blink: done"
