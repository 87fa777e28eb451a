(* SPDX-License-Identifier: ISC *)
(** Serial lines for OCaml unikernels on pinvisor (docs/uart.md).

    A device is one host terminal the operator granted under a name
    ([--uart:NAME=DEVICE,baud=...,8N1...]), with the rates and framings
    the unikernel may set. Reads and writes never wait: {!Pv_lwt.uart_read}
    and {!Pv_lwt.uart_write} are the waiting forms. Each function is one
    [solo5_uart_*] call (through the C stubs [ml_uart_*]). *)

type t
(** An acquired device. *)

(** Why a request was refused. *)
type error =
  | Invalid  (** [SOLO5_R_EINVAL]: outside the grant (a rate or framing
                 not granted, a break or modem lines not granted, a bad
                 length); nothing reached the line *)
  | Failed   (** [SOLO5_R_EUNSPEC]: the host terminal failed *)

exception Error of string * error
(** [Error (operation, why)]: raised by every function below but
    [acquire]. *)

type parity = No_parity | Even | Odd

val acquire : string -> t
(** [acquire name] looks up the UART device [name] of the manifest.
    @raise Not_found if the manifest declares no such device. *)

val name : t -> string
val handle : t -> int
(** The device's handle: its bit in [Solo5.yield]'s ready set. *)

val baud : t -> int
(** The rate the line had at start (the grant's first). *)

val can_break : t -> bool
val has_modem : t -> bool

val write : t -> Bytes.t -> int -> int -> int
(** [write dev buf off len] writes what the line takes now of
    [buf[off..off+len-1]] (1..4096 bytes); returns how many, 0 if none.
    A [len] of 0 or over 4096 raises [Error (_, Invalid)]; a line that
    hung up raises [Error (_, Failed)].
    @raise Invalid_argument if [off] and [len] are not within [buf]. *)

val read : t -> Bytes.t -> int -> int -> int
(** [read dev buf off len] reads what has arrived, up to [len] bytes
    (1..4096), into [buf] at [off]; returns how many, 0 if nothing has.
    [len] 0 and a hung-up line raise as {!write} does. *)

val config : t -> baud:int -> data_bits:int -> parity:parity ->
  stop_bits:int -> unit
(** Sets a granted rate and framing. A value too large for the call
    (a rate past 2{^32}-1, bits past 255) is [Error (_, Invalid)], never
    cut down. *)

val send_break : t -> int -> unit
(** [send_break dev ms]: a break of 1..1000 ms, if the grant has break.
    While written bytes still wait to leave, no break: [Error (_, Failed)]
    (the call's [SOLO5_R_AGAIN]); try again later. *)

val modem : t -> set:int -> clear:int -> int
(** Raises [set] and lowers [clear] ({!dtr}, {!rts}), then returns every
    line's level, if the grant has modem. *)

val dtr : int
val rts : int
val cts : int
val dsr : int
val dcd : int
val ri : int
