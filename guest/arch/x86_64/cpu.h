/*
 * cpu.h: x86_64 instructions the guest runtime needs. None is privileged
 * in native mode except where noted; the caller picks the mode.
 */
#ifndef RT_X86_CPU_H
#define RT_X86_CPU_H

#include <stdint.h>

#include "pinvisor_abi.h"

/* One hypercall: a 32-bit OUT of the argument's address (below 4 GiB). */
static inline void cpu_hypercall(unsigned nr, volatile void *arg)
{
    __asm__ __volatile__("outl %0, %1"
                         :
                         : "a"((uint32_t)(uintptr_t)arg),
                           "d"((uint16_t)(PV_HC_PIO_BASE + nr))
                         : "memory");
}

/* GPIO ring kick: a 32-bit OUT to the ioeventfd port. */
static inline void cpu_gpio_kick(void)
{
    __asm__ __volatile__("outl %0, %1"
                         :
                         : "a"(0u), "d"((uint16_t)PV_GPIO_KICK_PIO)
                         : "memory");
}

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

/* True when running at CPL 3 (native mode). */
static inline int cpu_is_user(void)
{
    uint16_t cs;
    __asm__ __volatile__("mov %%cs, %0" : "=r"(cs));
    return (cs & 3) == 3;
}

static inline void cpu_relax(void)
{
    __asm__ __volatile__("pause" ::: "memory");
}

#define CPU_MSR_FS_BASE 0xc0000100u

#endif
