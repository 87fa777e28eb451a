(* SPDX-License-Identifier: ISC *)
(** A MirageOS-style main loop for Lwt (Debian's lwt, core library only)
    on pinvisor: timers, GPIO events and UART input, driven by
    [solo5_yield]. *)

val run : 'a Lwt.t -> 'a
(** [run t] runs the program until [t] resolves, and returns its value
    (or raises its exception). While nothing can run, the unikernel
    sleeps in [solo5_yield] until the next timer, GPIO event or UART
    input.
    @raise Failure if [t] can never resolve (no timer, no waiter). *)

val sleep_ns : int64 -> unit Lwt.t
(** [sleep_ns d] resolves [d] nanoseconds from now (cancellable). *)

val wait_event : Gpio.t -> Gpio.event Lwt.t
(** [wait_event dev] resolves with [dev]'s next edge event (cancellable);
    the device's lines must have edge detection enabled ({!Gpio.set}). *)

val uart_read : Uart.t -> Bytes.t -> int -> int -> int Lwt.t
(** [uart_read dev buf off len] resolves with the number of bytes (at
    least 1, at most [len]) read into [buf] at [off] once some have
    arrived (cancellable: wrap it in [Lwt.pick] with {!sleep_ns} for a
    deadline); fails with [Uart.Error] when the read fails (a line that
    hung up: [Failed]). *)

val uart_write : Uart.t -> string -> unit Lwt.t
(** [uart_write dev s] resolves once the line has taken all of [s],
    looking again every millisecond while it is full. *)
