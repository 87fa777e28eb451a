/* SPDX-License-Identifier: ISC */
/*
 * gpio_stubs.c: the C stubs behind the OCaml Gpio module (ocaml/gpio.mli):
 * ml_gpio_acquire, ml_gpio_set, ml_gpio_input, ml_gpio_output,
 * ml_gpio_clear, ml_gpio_read_event, ml_gpio_sequence and ml_gpio_sync,
 * each a call of
 * the solo5_gpio_* function of the same name. A failure raises
 * Gpio.Error (operation, Invalid | Failed), registered by gpio.ml; masks
 * and values are Int64 (bit i = line i).
 */
#define CAML_NAME_SPACE
#include <caml/alloc.h>
#include <caml/callback.h>
#include <caml/fail.h>
#include <caml/memory.h>
#include <caml/mlvalues.h>
#include <stdlib.h>

#include "solo5.h"

/* Raises Gpio.Error (op, Invalid) for EINVAL, (op, Failed) otherwise. */
static void check(solo5_result_t r, const char *op)
{
    if (r == SOLO5_R_OK)
        return;
    const value *exn = caml_named_value("Gpio.Error");
    if (exn == NULL)
        caml_failwith(op);
    CAMLparam0();
    CAMLlocal1(name);
    name = caml_copy_string(op);
    value args[2] = {name, Val_int(r == SOLO5_R_EINVAL ? 0 : 1)};
    caml_raise_with_args(*exn, 2, args);
    CAMLnoreturn;
}

/* string -> (int * int * int): handle, nlines, perms; Not_found if absent */
value ml_gpio_acquire(value name);
value ml_gpio_acquire(value name)
{
    CAMLparam1(name);
    CAMLlocal1(r);
    solo5_handle_t h;
    struct solo5_gpio_info info;
    if (!caml_string_is_c_safe(name) ||
        solo5_gpio_acquire(String_val(name), &h, &info) != SOLO5_R_OK)
        caml_raise_not_found();
    r = caml_alloc_tuple(3);
    Store_field(r, 0, Val_long((long)h));
    Store_field(r, 1, Val_int(info.nlines));
    Store_field(r, 2, Val_int(info.perms));
    CAMLreturn(r);
}

/* int -> int64 -> int (flags) -> int64 (values) -> int (debounce) -> unit */
value ml_gpio_set(value h, value mask, value flags, value values,
                  value debounce);
value ml_gpio_set(value h, value mask, value flags, value values,
                  value debounce)
{
    struct solo5_gpio_config c = {
        .flags = (unsigned)Long_val(flags),
        .values = (uint64_t)Int64_val(values),
        .debounce_us = (unsigned)Long_val(debounce),
    };
    check(solo5_gpio_set((solo5_handle_t)Long_val(h), (uint64_t)Int64_val(mask),
                         &c),
          "Gpio.set");
    return Val_unit;
}

value ml_gpio_input(value h, value mask);
value ml_gpio_input(value h, value mask)
{
    uint64_t v = 0;
    check(solo5_gpio_input((solo5_handle_t)Long_val(h),
                           (uint64_t)Int64_val(mask), &v),
          "Gpio.input");
    return caml_copy_int64((int64_t)v);
}

value ml_gpio_output(value h, value mask, value values);
value ml_gpio_output(value h, value mask, value values)
{
    check(solo5_gpio_output((solo5_handle_t)Long_val(h),
                            (uint64_t)Int64_val(mask),
                            (uint64_t)Int64_val(values)),
          "Gpio.output");
    return Val_unit;
}

value ml_gpio_clear(value h, value mask);
value ml_gpio_clear(value h, value mask)
{
    check(solo5_gpio_clear((solo5_handle_t)Long_val(h),
                           (uint64_t)Int64_val(mask)),
          "Gpio.clear");
    return Val_unit;
}

value ml_gpio_sync(value h);
value ml_gpio_sync(value h)
{
    check(solo5_gpio_sync((solo5_handle_t)Long_val(h)), "Gpio.sync");
    return Val_unit;
}

/* int -> (int64 * int * int * int * int) option:
 * timestamp, line, edge (1 rising, 2 falling), seqno, line_seqno */
value ml_gpio_read_event(value h);
value ml_gpio_read_event(value h)
{
    CAMLparam1(h);
    CAMLlocal3(ts, ev, some);
    struct solo5_gpio_event e;
    solo5_result_t r = solo5_gpio_read_event((solo5_handle_t)Long_val(h), &e);
    if (r == SOLO5_R_AGAIN)
        CAMLreturn(Val_none);
    check(r, "Gpio.read_event");
    ts = caml_copy_int64((int64_t)e.timestamp);
    ev = caml_alloc_tuple(5);
    Store_field(ev, 0, ts);
    Store_field(ev, 1, Val_int(e.line));
    Store_field(ev, 2, Val_int(e.edge));
    Store_field(ev, 3, Val_long(e.seqno));
    Store_field(ev, 4, Val_long(e.line_seqno));
    some = caml_alloc_some(ev);
    CAMLreturn(some);
}

/* int -> (int64 * int64 * int64) array -> unit: mask, values, delay_ns */
value ml_gpio_sequence(value h, value steps);
value ml_gpio_sequence(value h, value steps)
{
    CAMLparam2(h, steps);
    size_t n = Wosize_val(steps);
    struct solo5_gpio_step small[64];
    struct solo5_gpio_step *s = small;
    if (n > 64) {
        s = malloc(n * sizeof *s);
        if (s == NULL)
            caml_raise_out_of_memory();
    }
    for (size_t i = 0; i < n; i++) {
        value st = Field(steps, i);
        s[i].mask = (uint64_t)Int64_val(Field(st, 0));
        s[i].values = (uint64_t)Int64_val(Field(st, 1));
        s[i].delay = (solo5_time_t)Int64_val(Field(st, 2));
    }
    solo5_result_t r = solo5_gpio_sequence((solo5_handle_t)Long_val(h), s, n);
    if (s != small)
        free(s);
    check(r, "Gpio.sequence");
    CAMLreturn(Val_unit);
}
