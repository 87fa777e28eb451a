(* SPDX-License-Identifier: ISC *)
(** I2C devices for OCaml unikernels on pinvisor (docs/i2c.md).

    A device is one host bus with the 7-bit addresses the operator granted
    under a name ([--i2c:NAME=...]). {!transfer} is [solo5_i2c_transfer]
    (through the C stub [ml_i2c_transfer]); the register helpers are
    transfers of one or two messages, as in the C library. *)

type t
(** An acquired device. *)

(** Why a request was refused. *)
type error =
  | Invalid  (** [SOLO5_R_EINVAL]: outside the rules (an address not
                 granted, a write on a read-only grant, a bad length);
                 nothing reached the bus *)
  | Failed   (** [SOLO5_R_EUNSPEC]: the bus failed (no acknowledge) *)

exception Error of string * error
(** [Error (operation, why)]: raised by every function below but
    [acquire] when a transfer fails. *)

val acquire : string -> t
(** [acquire name] looks up the I2C device [name] of the manifest.
    @raise Not_found if the manifest declares no such device. *)

val name : t -> string
val addresses : t -> int list
(** The granted addresses, in grant order. *)

val read_only : t -> bool

(** One message of a transfer: [Write (addr, data)] sends [data];
    [Read (addr, buf)] fills [buf]. 1..256 bytes each. *)
type msg = Write of int * Bytes.t | Read of int * Bytes.t

val transfer : t -> msg list -> unit
(** [transfer dev msgs] runs 1..8 messages as one transaction, a
    repeated start between them. *)

val read_byte_data : t -> int -> int -> int
(** [read_byte_data dev addr reg]: the register number written, one byte
    read after a repeated start. *)

val write_byte_data : t -> int -> int -> int -> unit
(** [write_byte_data dev addr reg v]: the register number and [v] in one
    message. *)

val read_word_data : t -> int -> int -> int
(** A 16-bit register, little-endian (SMBus word order). *)

val write_word_data : t -> int -> int -> int -> unit

val read_block_data : t -> int -> int -> int -> Bytes.t
(** [read_block_data dev addr reg n]: [n] (1..255) consecutive
    registers, without a count byte. *)

val write_block_data : t -> int -> int -> Bytes.t -> unit
