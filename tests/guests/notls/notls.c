/* SPDX-License-Identifier: ISC */
/*
 * notls: the runtime leaves the TLS base at 0, so touching a __thread
 * variable before solo5_set_tls_base() reads near address 0 and faults
 * (status 255) instead of silently using some memory.
 */
#include "pvlibc.h"
#include "solo5.h"

static __thread volatile int tls_var = 42;

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    printf("reading a __thread variable with TLS base 0\n");
    int v = tls_var;
    printf("FAILURE: read %d without faulting\n", v);
    return SOLO5_EXIT_FAILURE;
}
