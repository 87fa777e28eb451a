/* SPDX-License-Identifier: ISC */
/* console.c: console output through the PUTS hypercall. */
#include "rt.h"

void solo5_console_write(const char *buf, size_t size)
{
    struct pv_hc_puts a = {.data = buf, .len = size};
    pv_hypercall(PV_HC_PUTS, &a);
}
