(* SPDX-License-Identifier: ISC *)
(** A MirageOS-style main loop for Lwt (Debian's lwt, core library only)
    on pinvisor: timers and GPIO events, driven by [solo5_yield]. *)

val run : 'a Lwt.t -> 'a
(** [run t] runs the program until [t] resolves, and returns its value
    (or raises its exception). While nothing can run, the unikernel
    sleeps in [solo5_yield] until the next timer or GPIO event.
    @raise Failure if [t] can never resolve (no timer, no waiter). *)

val sleep_ns : int64 -> unit Lwt.t
(** [sleep_ns d] resolves [d] nanoseconds from now (cancellable). *)

val wait_event : Gpio.t -> Gpio.event Lwt.t
(** [wait_event dev] resolves with [dev]'s next edge event (cancellable);
    the device's lines must have edge detection enabled ({!Gpio.set}). *)
