(* SPDX-License-Identifier: ISC *)
(* uart_api: the Uart module and Pv_lwt's UART calls against a peer on
   a pty (tests/integration/uart.test.sh, tests/tools/pty-peer), with
   --uart:ser=TTY,baud=9600|115200,8N1: the same conversation as the C
   uart_api guest ("hello 9600\n" out, "ping\n" in, 115200, "fast
   115200\n" out, "pong\n" in), each read under a 60 s deadline, and the
   requests outside the grant (a rate too large for the call among them)
   raising Uart.Error (_, Invalid); a read failing (the peer hung up)
   ends it with "FAILURE: waiting for ...: Uart.read Failed". *)
open Lwt.Infix

let fail fmt =
  Printf.ksprintf (fun s -> print_endline ("FAILURE: " ^ s); exit 1) fmt

exception Timeout

let invalid what f =
  match f () with
  | _ -> fail "%s accepted" what
  | exception Uart.Error (op, Uart.Invalid) -> Printf.printf "%s: %s Invalid\n" what op

(* Reads exactly String.length want bytes, within 60 s. *)
let expect ser want =
  let n = String.length want in
  let buf = Bytes.create n in
  let rec go have =
    if have = n then Lwt.return_unit
    else
      Lwt.pick
        [ Pv_lwt.uart_read ser buf have (n - have);
          (Pv_lwt.sleep_ns 60_000_000_000L >>= fun () -> Lwt.fail Timeout) ]
      >>= fun k -> go (have + k)
  in
  Lwt.catch
    (fun () -> go 0)
    (function
      | Uart.Error (op, Uart.Failed) ->
          fail "waiting for %s: %s Failed" (String.trim want) op
      | e -> Lwt.fail e)
  >|= fun () ->
  if Bytes.to_string buf <> want then
    fail "read %S, not %S" (Bytes.to_string buf) want;
  Printf.printf "read %S\n%!" want

let () =
  (match Uart.acquire "nosuch" with
   | _ -> fail "acquired an undeclared device"
   | exception Not_found -> print_endline "unknown device: Not_found");
  let ser = Uart.acquire "ser" in
  Printf.printf "ser: %d baud, break %b, modem %b\n" (Uart.baud ser)
    (Uart.can_break ser) (Uart.has_modem ser);
  invalid "57600" (fun () ->
      Uart.config ser ~baud:57600 ~data_bits:8 ~parity:Uart.No_parity
        ~stop_bits:1);
  invalid "7E1" (fun () ->
      Uart.config ser ~baud:9600 ~data_bits:7 ~parity:Uart.Even ~stop_bits:1);
  invalid "break" (fun () -> Uart.send_break ser 100);
  invalid "modem" (fun () -> Uart.modem ser ~set:Uart.dtr ~clear:0);
  invalid "2^32+9600" (fun () ->
      Uart.config ser ~baud:((1 lsl 32) + 9600) ~data_bits:8
        ~parity:Uart.No_parity ~stop_bits:1);
  invalid "empty write" (fun () -> Uart.write ser (Bytes.create 1) 0 0);
  Pv_lwt.run
    ( Pv_lwt.uart_write ser "hello 9600\n" >>= fun () ->
      expect ser "ping\n" >>= fun () ->
      Uart.config ser ~baud:115200 ~data_bits:8 ~parity:Uart.No_parity
        ~stop_bits:1;
      Pv_lwt.uart_write ser "fast 115200\n" >>= fun () -> expect ser "pong\n" );
  print_endline "SUCCESS"
