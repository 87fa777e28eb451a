(* SPDX-License-Identifier: ISC *)
(** The Solo5 calls an OCaml unikernel's scheduler needs. *)

val yield : int64 -> int64
(** [yield deadline] blocks until monotonic time [deadline] (ns) or until
    a device is ready, and returns the ready set: bit i for the device
    with handle i (a GPIO device with pending events, {!Gpio.handle}). *)
