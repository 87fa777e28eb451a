/* SPDX-License-Identifier: ISC */
/*
 * arch_defs.h: aarch64 constants and inline helpers that generic tender
 * code uses through arch.h.
 */
#ifndef TND_AARCH64_ARCH_DEFS_H
#define TND_AARCH64_ARCH_DEFS_H

#include <linux/kvm.h>

/* The KVM capability this architecture needs beyond the common ones. */
#define TND_ARCH_KVM_CAP KVM_CAP_ONE_REG
#define TND_ARCH_KVM_CAP_NAME "ONE_REG"

/*
 * vCPU ioctls the sandbox allows once the guest runs: KVM_RUN and
 * one-register reads for fault reports; and, only when the SET_TLS_BASE
 * hypercall is served (TND_SB_SET_TLS), the one that sets the thread
 * pointer, only with the one read-only request naming TPIDR_EL0
 * (TND_ARCH_TLS_PINNED: tnd_sandbox_allow_tls_arg).
 */
#define TND_ARCH_VCPU_IOCTLS KVM_RUN, KVM_GET_ONE_REG
#define TND_ARCH_VCPU_TLS_IOCTL KVM_SET_ONE_REG
#define TND_ARCH_TLS_PINNED 1

/* With --gdb, the register write. */
#define TND_ARCH_VCPU_SET_REGS KVM_SET_ONE_REG

/* The GPIO ring's kick: an MMIO ioeventfd (a store the guest makes). */
#define TND_ARCH_KICK_ADDR PV_GPIO_KICK_MMIO
#define TND_ARCH_KICK_FLAGS 0
/* The I2C ring's kick, the same way. */
#define TND_ARCH_I2C_KICK_ADDR PV_I2C_KICK_MMIO

/* Body of a spin-wait loop. */
static inline void tnd_arch_cpu_relax(void)
{
    __asm__ __volatile__("yield" ::: "memory");
}

#endif
