/* SPDX-License-Identifier: ISC */
/*
 * solo5_stubs.c: the C stubs behind the OCaml modules Solo5 (yield),
 * Mclock, Pclock and Console (their .mli files in ocaml/): each calls one
 * solo5_ function. None allocates except the Int64 results.
 */
#define CAML_NAME_SPACE
#include <caml/alloc.h>
#include <caml/mlvalues.h>

#include "solo5.h"

/* int64 (deadline, ns) -> int64 (ready set) */
value ml_solo5_yield(value deadline);
value ml_solo5_yield(value deadline)
{
    solo5_handle_set_t ready = 0;
    solo5_yield((solo5_time_t)Int64_val(deadline), &ready);
    return caml_copy_int64((int64_t)ready);
}

value ml_solo5_clock_monotonic(value unit);
value ml_solo5_clock_monotonic(value unit)
{
    (void)unit;
    return caml_copy_int64((int64_t)solo5_clock_monotonic());
}

value ml_solo5_clock_wall(value unit);
value ml_solo5_clock_wall(value unit)
{
    (void)unit;
    return caml_copy_int64((int64_t)solo5_clock_wall());
}

/* string -> int -> int -> unit: bytes [off, off + len), checked by OCaml */
value ml_solo5_console_write(value s, value off, value len);
value ml_solo5_console_write(value s, value off, value len)
{
    solo5_console_write(String_val(s) + Long_val(off), (size_t)Long_val(len));
    return Val_unit;
}
