/* SPDX-License-Identifier: ISC */
/*
 * build_config.h: what the OCaml runtime reports about its installation
 * (Sys.ocaml_release, Config): Debian's standard library directory, as
 * the stdlib linked into the guest is Debian's.
 */
#define OCAML_STDLIB_DIR "/usr/lib/ocaml"
#define HOST "pinvisor-guest"
