/* SPDX-License-Identifier: ISC */
/*
 * tls.c: thread-local storage, local-exec model. The layout around the
 * thread pointer is the architecture's (cpu.h): x86_64 variant II (the
 * data below the thread pointer, a self pointer at it), aarch64 variant I
 * (a 16-byte TCB at the thread pointer, the data after it).
 */
#include "rt.h"

extern char _stdata[], _ltdata[], _ltbss[]; /* pinvisor.lds */

#define TLS_ALIGN 16

static size_t data_size(void)
{
    size_t n = (size_t)_ltdata + (size_t)_ltbss;
    return (n + TLS_ALIGN - 1) & ~(size_t)(TLS_ALIGN - 1);
}

size_t solo5_tls_size(void)
{
    return CPU_TLS_TCB_BEFORE + data_size() + CPU_TLS_TCB_AFTER;
}

uintptr_t solo5_tls_tp_offset(uintptr_t tls)
{
    return CPU_TLS_TCB_BEFORE ? tls : tls + data_size();
}

solo5_result_t solo5_tls_init(uintptr_t tls)
{
    if (tls == 0 || (tls & (TLS_ALIGN - 1)))
        return SOLO5_R_EINVAL;
    char *data = (char *)tls + CPU_TLS_TCB_BEFORE;
    memset((void *)tls, 0, solo5_tls_size());
    memcpy(data, _stdata, (size_t)_ltdata);
    if (CPU_TLS_TCB_AFTER) {
        uintptr_t tp = solo5_tls_tp_offset(tls);
        memcpy((void *)tp, &tp, sizeof tp);
    }
    return SOLO5_R_OK;
}

solo5_result_t solo5_set_tls_base(uintptr_t base)
{
    return (solo5_result_t)cpu_set_tls_base(rt_boot_ext, base);
}
