(* SPDX-License-Identifier: ISC *)
(* gpio.ml: see gpio.mli. *)

type t = { name : string; handle : int; nlines : int; perms : int }
type error = Invalid | Failed

exception Error of string * error

let () = Callback.register_exception "Gpio.Error" (Error ("", Invalid))

external ml_gpio_acquire : string -> int * int * int = "ml_gpio_acquire"

external ml_gpio_set : int -> int64 -> int -> int64 -> int -> unit
  = "ml_gpio_set"

external ml_gpio_input : int -> int64 -> int64 = "ml_gpio_input"
external ml_gpio_output : int -> int64 -> int64 -> unit = "ml_gpio_output"
external ml_gpio_clear : int -> int64 -> unit = "ml_gpio_clear"
external ml_gpio_sync : int -> unit = "ml_gpio_sync"

external ml_gpio_read_event : int -> (int64 * int * int * int * int) option
  = "ml_gpio_read_event"

external ml_gpio_sequence : int -> (int64 * int64 * int64) array -> unit
  = "ml_gpio_sequence"

let acquire name =
  let handle, nlines, perms = ml_gpio_acquire name in
  { name; handle; nlines; perms }

let name d = d.name
let nlines d = d.nlines
let can_input d = d.perms land 1 <> 0
let can_output d = d.perms land 2 <> 0
let handle d = d.handle

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

let bits = function
  | Input -> 0x1
  | Output -> 0x2
  | Active_low -> 0x4
  | Edge_rising -> 0x8
  | Edge_falling -> 0x10
  | Edge_both -> 0x18
  | Open_drain -> 0x20
  | Open_source -> 0x40
  | Pull_up -> 0x80
  | Pull_down -> 0x100
  | Bias_disabled -> 0x200

let set d ?(values = 0L) ?(debounce_us = 0) mask flags =
  let f = List.fold_left (fun acc fl -> acc lor bits fl) 0 flags in
  ml_gpio_set d.handle mask f values debounce_us

let input d mask = ml_gpio_input d.handle mask
let output d mask values = ml_gpio_output d.handle mask values
let clear d mask = ml_gpio_clear d.handle mask
let sync d = ml_gpio_sync d.handle

type edge = Rising | Falling

type event = {
  timestamp : int64;
  line : int;
  edge : edge;
  seqno : int;
  line_seqno : int;
}

let read_event d =
  match ml_gpio_read_event d.handle with
  | None -> None
  | Some (timestamp, line, e, seqno, line_seqno) ->
      let edge = if e = 1 then Rising else Falling in
      Some { timestamp; line; edge; seqno; line_seqno }

type step = { mask : int64; values : int64; delay_ns : int64 }

let sequence d steps =
  ml_gpio_sequence d.handle
    (Array.map (fun s -> (s.mask, s.values, s.delay_ns)) steps)
