/*
 * tls.c: thread-local storage, local-exec model, x86_64 variant II: the
 * thread pointer points just past the TLS data and the first word there
 * holds the thread pointer itself.
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
    return data_size() + sizeof(uintptr_t);
}

uintptr_t solo5_tls_tp_offset(uintptr_t tls)
{
    return tls + data_size();
}

solo5_result_t solo5_tls_init(uintptr_t tls)
{
    if (tls == 0 || (tls & (TLS_ALIGN - 1)))
        return SOLO5_R_EINVAL;
    memcpy((void *)tls, _stdata, (size_t)_ltdata);
    memset((char *)tls + (size_t)_ltdata, 0, data_size() - (size_t)_ltdata);
    uintptr_t tp = solo5_tls_tp_offset(tls);
    memcpy((void *)tp, &tp, sizeof tp);
    return SOLO5_R_OK;
}

solo5_result_t solo5_set_tls_base(uintptr_t base)
{
    if (!rt_boot_ext) {
        cpu_wrmsr(CPU_MSR_FS_BASE, base); /* Solo5 mode: CPL 0 */
        return SOLO5_R_OK;
    }
    if (rt_boot_ext->flags & PV_EXT_F_FSGSBASE) {
        cpu_wrfsbase(base);
        return SOLO5_R_OK;
    }
    struct pv_hc_set_tls_base a = {.base = base};
    cpu_hypercall(PV_HC_SET_TLS_BASE, &a);
    return (solo5_result_t)a.ret;
}
