(* SPDX-License-Identifier: ISC *)
(* i2c.ml: see i2c.mli. *)

type t = { name : string; handle : int; addrs : int list; ro : bool }
type error = Invalid | Failed

exception Error of string * error

let () = Callback.register_exception "I2c.Error" (Error ("", Invalid))

external ml_i2c_acquire : string -> int * string * int = "ml_i2c_acquire"

external ml_i2c_transfer : int -> (int * bool * Bytes.t) array -> unit
  = "ml_i2c_transfer"

let acquire name =
  let handle, addrs, flags = ml_i2c_acquire name in
  let addrs = List.init (String.length addrs) (fun i -> Char.code addrs.[i]) in
  { name; handle; addrs; ro = flags land 1 <> 0 }

let name d = d.name
let addresses d = d.addrs
let read_only d = d.ro

type msg = Write of int * Bytes.t | Read of int * Bytes.t

let transfer d msgs =
  ml_i2c_transfer d.handle
    (Array.of_list
       (List.map
          (function Write (a, b) -> (a, false, b) | Read (a, b) -> (a, true, b))
          msgs))

let reg_read d addr reg n =
  let buf = Bytes.create n in
  transfer d [ Write (addr, Bytes.make 1 (Char.chr (reg land 0xff)));
               Read (addr, buf) ];
  buf

let reg_write d addr reg data =
  let b = Bytes.create (Bytes.length data + 1) in
  Bytes.set b 0 (Char.chr (reg land 0xff));
  Bytes.blit data 0 b 1 (Bytes.length data);
  transfer d [ Write (addr, b) ]

let read_byte_data d addr reg = Bytes.get_uint8 (reg_read d addr reg 1) 0

let write_byte_data d addr reg v =
  reg_write d addr reg (Bytes.make 1 (Char.chr (v land 0xff)))

let read_word_data d addr reg = Bytes.get_uint16_le (reg_read d addr reg 2) 0

let write_word_data d addr reg v =
  let b = Bytes.create 2 in
  Bytes.set_uint16_le b 0 (v land 0xffff);
  reg_write d addr reg b

let read_block_data d addr reg n = reg_read d addr reg n
let write_block_data d addr reg data = reg_write d addr reg data
