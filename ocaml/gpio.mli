(* SPDX-License-Identifier: ISC *)
(** GPIO devices for OCaml unikernels on pinvisor (docs/gpio.md).

    A device is a group of up to 64 host lines the operator granted under
    a name ([--gpio:NAME=...]); lines are indexed 0..nlines-1 and
    addressed by [int64] masks (bit i = line i). Values are logical:
    1 = active, after any active-low inversion. Each function is one call
    of the C API of the same name ([solo5_gpio_*], through the C stubs
    [ml_gpio_*]). *)

type t
(** An acquired device. *)

(** Why a request was refused. *)
type error =
  | Invalid  (** [SOLO5_R_EINVAL]: a line outside the device or not
                 enabled, a direction not granted, a bad flag mix *)
  | Failed   (** [SOLO5_R_EUNSPEC]: the host could not do it *)

exception Error of string * error
(** [Error (operation, why)]: raised by every function below but
    [acquire] when the tender refuses the request. *)

val acquire : string -> t
(** [acquire name] looks up the GPIO device [name] of the manifest.
    @raise Not_found if the manifest declares no such device. *)

val name : t -> string
val nlines : t -> int
val can_input : t -> bool
(** The operator allows the lines to be inputs. *)

val can_output : t -> bool
val handle : t -> int
(** The device's handle: its bit in {!Solo5.yield}'s ready set. *)

(** Line configuration, as [SOLO5_GPIO_*]. *)
type flag =
  | Input
  | Output
  | Active_low
  | Edge_rising
  | Edge_falling
  | Edge_both
  | Open_drain
  | Open_source
  | Pull_up
  | Pull_down
  | Bias_disabled

val set : t -> ?values:int64 -> ?debounce_us:int -> int64 -> flag list -> unit
(** [set dev mask flags] enables and configures the lines of [mask];
    [values] (default 0) are the initial values of output lines. *)

val input : t -> int64 -> int64
(** [input dev mask] reads the enabled lines of [mask]. *)

val output : t -> int64 -> int64 -> unit
(** [output dev mask values] writes the output lines of [mask], all at
    once. *)

val clear : t -> int64 -> unit
(** [clear dev mask] drives the lines of [mask] to their safe state and
    releases them. *)

type edge = Rising | Falling

type event = {
  timestamp : int64;  (** ns, the clock of {!Mclock.elapsed_ns} *)
  line : int;
  edge : edge;
  seqno : int;  (** per device, from 1; a gap means lost events *)
  line_seqno : int;  (** per line, from 1 *)
}

val read_event : t -> event option
(** The oldest pending edge event, or [None]. *)

type step = { mask : int64; values : int64; delay_ns : int64 }

val sequence : t -> step array -> unit
(** [sequence dev steps] has the tender play timed output steps: step i
    is applied [delay_ns] after step i-1 (docs/gpio.md). *)

val sync : t -> unit
(** [sync dev] waits until every output and sequence queued for [dev]
    has been applied (with the request ring they return once queued), and
    raises [Error ("Gpio.sync", Invalid | Failed)] if one of them failed
    in the tender since the last [sync] (docs/gpio.md). *)
