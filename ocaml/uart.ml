(* SPDX-License-Identifier: ISC *)
(* uart.ml: see uart.mli. *)

type t = { name : string; handle : int; baud : int; flags : int }
type error = Invalid | Failed

exception Error of string * error

type parity = No_parity | Even | Odd

let () = Callback.register_exception "Uart.Error" (Error ("", Invalid))

external ml_uart_acquire : string -> int * int * int = "ml_uart_acquire"
external ml_uart_io : bool -> int -> Bytes.t -> int -> int -> int
  = "ml_uart_io"
external ml_uart_config : int -> int -> int -> int -> int -> unit
  = "ml_uart_config"
external ml_uart_break : int -> int -> unit = "ml_uart_break"
external ml_uart_modem : int -> int -> int -> int = "ml_uart_modem"

let acquire name =
  let handle, baud, flags = ml_uart_acquire name in
  { name; handle; baud; flags }

let name d = d.name
let handle d = d.handle
let baud d = d.baud
let can_break d = d.flags land 1 <> 0
let has_modem d = d.flags land 2 <> 0

let io rd d buf off len =
  if off < 0 || len < 0 || off > Bytes.length buf - len then
    invalid_arg (if rd then "Uart.read" else "Uart.write");
  ml_uart_io rd d.handle buf off len

let write d buf off len = io false d buf off len
let read d buf off len = io true d buf off len

(* The C calls take uint32_t and uint8_t: a value that does not fit is
   refused here, not cut down to one that might be granted. *)
let fits op bits v = if v < 0 || v lsr bits <> 0 then raise (Error (op, Invalid))

let config d ~baud ~data_bits ~parity ~stop_bits =
  fits "Uart.config" 32 baud;
  fits "Uart.config" 8 data_bits;
  fits "Uart.config" 8 stop_bits;
  let p = match parity with No_parity -> 0 | Even -> 1 | Odd -> 2 in
  ml_uart_config d.handle baud data_bits p stop_bits

let send_break d ms =
  fits "Uart.send_break" 32 ms;
  ml_uart_break d.handle ms

let modem d ~set ~clear =
  fits "Uart.modem" 32 set;
  fits "Uart.modem" 32 clear;
  ml_uart_modem d.handle set clear
let dtr = 0x01
let rts = 0x02
let cts = 0x04
let dsr = 0x08
let dcd = 0x10
let ri = 0x20
