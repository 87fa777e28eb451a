(* SPDX-License-Identifier: ISC *)
(** The console (the tender's standard output), written directly: unlike
    [print_string], nothing is buffered, and each call is one write. *)

val write : string -> unit
val log : string -> unit
(** [log s] writes [s] and a newline, in one write. *)
