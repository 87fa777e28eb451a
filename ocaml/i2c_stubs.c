/* SPDX-License-Identifier: ISC */
/*
 * i2c_stubs.c: the C stubs behind the OCaml I2c module (ocaml/i2c.mli):
 * ml_i2c_acquire and ml_i2c_transfer, each a call of the solo5_i2c_*
 * function of the same name. A failed transfer raises I2c.Error
 * (operation, Invalid | Failed), registered by i2c.ml.
 */
#define CAML_NAME_SPACE
#include <caml/alloc.h>
#include <caml/callback.h>
#include <caml/fail.h>
#include <caml/memory.h>
#include <caml/mlvalues.h>
#include <string.h>

#include "solo5.h"

/* string -> (int * string * int): handle, addresses, flags */
value ml_i2c_acquire(value name);
value ml_i2c_acquire(value name)
{
    CAMLparam1(name);
    CAMLlocal2(r, addrs);
    solo5_handle_t h;
    struct solo5_i2c_info info;
    if (!caml_string_is_c_safe(name) ||
        solo5_i2c_acquire(String_val(name), &h, &info) != SOLO5_R_OK)
        caml_raise_not_found();
    addrs =
        caml_alloc_initialized_string(info.naddrs, (const char *)info.addrs);
    r = caml_alloc_tuple(3);
    Store_field(r, 0, Val_long((long)h));
    Store_field(r, 1, addrs);
    Store_field(r, 2, Val_int(info.flags));
    CAMLreturn(r);
}

/*
 * int -> (int * bool * bytes) array -> unit. The buffers are the OCaml
 * bytes themselves: nothing here allocates, so the GC moves none of them
 * during the call. More messages than the ABI takes go to the tender as
 * they are, to be refused there.
 */
value ml_i2c_transfer(value h, value msgs);
value ml_i2c_transfer(value h, value msgs)
{
    CAMLparam2(h, msgs);
    struct solo5_i2c_msg m[SOLO5_I2C_MAX_MSGS];
    size_t n = Wosize_val(msgs);
    for (size_t i = 0; i < n && i < SOLO5_I2C_MAX_MSGS; i++) {
        value t = Field(msgs, i);
        size_t len = caml_string_length(Field(t, 2));
        m[i] = (struct solo5_i2c_msg){
            .addr = (uint16_t)Long_val(Field(t, 0)),
            .flags = Bool_val(Field(t, 1)) ? SOLO5_I2C_M_RD : 0,
            .len = len > SOLO5_I2C_MAX_LEN ? 0 : (uint16_t)len,
            .buf = Bytes_val(Field(t, 2))};
    }
    solo5_result_t r = solo5_i2c_transfer((solo5_handle_t)Long_val(h), m, n);
    if (r != SOLO5_R_OK) {
        const value *exn = caml_named_value("I2c.Error");
        if (exn == NULL)
            caml_failwith("I2c.transfer");
        CAMLlocal1(op);
        op = caml_copy_string("I2c.transfer");
        value args[2] = {op, Val_int(r == SOLO5_R_EINVAL ? 0 : 1)};
        caml_raise_with_args(*exn, 2, args);
    }
    CAMLreturn(Val_unit);
}
