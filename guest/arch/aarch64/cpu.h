/* SPDX-License-Identifier: ISC */
/*
 * cpu.h: aarch64 instructions the guest runtime needs. Guests run at EL1
 * in both modes; the tender has set up the MMU, the exception vectors,
 * FP/SIMD access and the stack before _start.
 */
#ifndef RT_AARCH64_CPU_H
#define RT_AARCH64_CPU_H

#include <stdint.h>

#include "pinvisor_abi.h"

/*
 * The generic timer's virtual count. The ISB keeps the read from being
 * taken early, before the instructions it is meant to time.
 */
static inline uint64_t cpu_cycles(void)
{
    uint64_t v;
    __asm__ __volatile__("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
    return v;
}

static inline void cpu_relax(void)
{
    __asm__ __volatile__("yield" ::: "memory");
}

/*
 * TLS, variant I: the thread pointer points at a 16-byte TCB and the TLS
 * data follows it.
 */
#define CPU_TLS_TCB_BEFORE 16
#define CPU_TLS_TCB_AFTER 0

/* Sets the thread pointer (TPIDR_EL0); no exit in either mode. */
static inline int cpu_set_tls_base(const struct pv_boot_ext *ext, uint64_t base)
{
    (void)ext;
    __asm__ __volatile__("msr tpidr_el0, %0" : : "r"(base) : "memory");
    return PV_R_OK;
}

#endif
