/* SPDX-License-Identifier: ISC */
/*
 * cpu.h: x86_64 instructions the guest runtime needs. None is privileged
 * in native mode except where noted; the caller picks the mode.
 */
#ifndef RT_X86_CPU_H
#define RT_X86_CPU_H

#include <stdint.h>

#include "pinvisor_abi.h"

static inline uint64_t cpu_cycles(void)
{
    uint32_t lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

/* Native mode with PV_EXT_F_FSGSBASE: set FS base without an exit. */
static inline void cpu_wrfsbase(uint64_t base)
{
    __asm__ __volatile__("wrfsbase %0" : : "r"(base) : "memory");
}

/* Solo5 mode (CPL 0) only: write an MSR. */
static inline void cpu_wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ __volatile__("wrmsr"
                         :
                         : "c"(msr), "a"((uint32_t)v),
                           "d"((uint32_t)(v >> 32)));
}

static inline void cpu_relax(void)
{
    __asm__ __volatile__("pause" ::: "memory");
}

#define CPU_MSR_FS_BASE 0xc0000100u

/*
 * TLS, variant II: the thread pointer points just past the TLS data, and
 * the first word there holds the thread pointer itself.
 */
#define CPU_TLS_TCB_BEFORE 0 /* bytes of TCB below the TLS data */
#define CPU_TLS_TCB_AFTER 8  /* bytes of TCB above it (the self pointer) */

/*
 * Sets the thread pointer: WRMSR at CPL 0 (Solo5 mode), WRFSBASE when the
 * tender offered it, else the SET_TLS_BASE hypercall.
 */
static inline int cpu_set_tls_base(const struct pv_boot_ext *ext, uint64_t base)
{
    if (ext == NULL) {
        cpu_wrmsr(CPU_MSR_FS_BASE, base);
        return PV_R_OK;
    }
    if (ext->flags & PV_EXT_F_FSGSBASE) {
        cpu_wrfsbase(base);
        return PV_R_OK;
    }
    struct pv_hc_set_tls_base a = {.base = base};
    pv_hypercall(PV_HC_SET_TLS_BASE, &a);
    return a.ret;
}

#endif
