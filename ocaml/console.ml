(* SPDX-License-Identifier: ISC *)
(* console.ml: see console.mli. *)
external write_sub : string -> int -> int -> unit = "ml_solo5_console_write"

let write s = write_sub s 0 (String.length s)
let log s = write (s ^ "\n")
