/* SPDX-License-Identifier: ISC */
/*
 * uart_stubs.c: the C stubs behind the OCaml Uart module (ocaml/uart.mli),
 * each a call of the solo5_uart_* function of the same name. A refused
 * or failed request raises Uart.Error (operation, Invalid | Failed),
 * registered by uart.ml; SOLO5_R_AGAIN is 0 bytes moved.
 */
#define CAML_NAME_SPACE
#include <caml/alloc.h>
#include <caml/callback.h>
#include <caml/fail.h>
#include <caml/memory.h>
#include <caml/mlvalues.h>

#include "solo5.h"

static void raise_error(const char *op, solo5_result_t r)
{
    CAMLparam0();
    CAMLlocal1(name);
    const value *exn = caml_named_value("Uart.Error");
    if (exn == NULL)
        caml_failwith(op);
    name = caml_copy_string(op);
    value args[2] = {name, Val_int(r == SOLO5_R_EINVAL ? 0 : 1)};
    caml_raise_with_args(*exn, 2, args);
    CAMLnoreturn;
}

/* string -> (int * int * int): handle, baud at start, flags */
value ml_uart_acquire(value name);
value ml_uart_acquire(value name)
{
    CAMLparam1(name);
    CAMLlocal1(r);
    solo5_handle_t h;
    struct solo5_uart_info info;
    if (!caml_string_is_c_safe(name) ||
        solo5_uart_acquire(String_val(name), &h, &info) != SOLO5_R_OK)
        caml_raise_not_found();
    r = caml_alloc_tuple(3);
    Store_field(r, 0, Val_long((long)h));
    Store_field(r, 1, Val_long((long)info.baud));
    Store_field(r, 2, Val_int(info.flags));
    CAMLreturn(r);
}

/*
 * bool (read) -> int -> bytes -> int -> int -> int. The buffer is the
 * OCaml bytes itself (bounds checked by uart.ml): nothing here allocates
 * before the call, so the GC moves nothing during it.
 */
value ml_uart_io(value rd, value h, value buf, value off, value len);
value ml_uart_io(value rd, value h, value buf, value off, value len)
{
    uint8_t *p = Bytes_val(buf) + Long_val(off);
    size_t n = 0;
    solo5_handle_t hd = (solo5_handle_t)Long_val(h);
    solo5_result_t r = Bool_val(rd)
                           ? solo5_uart_read(hd, p, (size_t)Long_val(len), &n)
                           : solo5_uart_write(hd, p, (size_t)Long_val(len), &n);
    if (r == SOLO5_R_AGAIN)
        return Val_long(0);
    if (r != SOLO5_R_OK)
        raise_error(Bool_val(rd) ? "Uart.read" : "Uart.write", r);
    return Val_long((long)n);
}

/* int -> int -> int -> int -> int -> unit */
value ml_uart_config(value h, value baud, value bits, value parity, value stop);
value ml_uart_config(value h, value baud, value bits, value parity, value stop)
{
    solo5_result_t r =
        solo5_uart_config((solo5_handle_t)Long_val(h), (uint32_t)Long_val(baud),
                          (uint8_t)Long_val(bits), (uint8_t)Long_val(parity),
                          (uint8_t)Long_val(stop));
    if (r != SOLO5_R_OK)
        raise_error("Uart.config", r);
    return Val_unit;
}

/* int -> int -> unit */
value ml_uart_break(value h, value ms);
value ml_uart_break(value h, value ms)
{
    solo5_result_t r =
        solo5_uart_break((solo5_handle_t)Long_val(h), (uint32_t)Long_val(ms));
    if (r != SOLO5_R_OK)
        raise_error("Uart.send_break", r);
    return Val_unit;
}

/* int -> int -> int -> int */
value ml_uart_modem(value h, value set, value clear);
value ml_uart_modem(value h, value set, value clear)
{
    uint32_t state = 0;
    solo5_result_t r =
        solo5_uart_modem((solo5_handle_t)Long_val(h), (uint32_t)Long_val(set),
                         (uint32_t)Long_val(clear), &state);
    if (r != SOLO5_R_OK)
        raise_error("Uart.modem", r);
    return Val_long((long)state);
}
