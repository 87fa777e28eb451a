/* SPDX-License-Identifier: ISC */
/*
 * arch_defs.h: x86_64 constants and inline helpers that generic tender
 * code uses through arch.h.
 */
#ifndef TND_X86_ARCH_DEFS_H
#define TND_X86_ARCH_DEFS_H

#include <linux/kvm.h>

/* The KVM capability this architecture needs beyond the common ones. */
#define TND_ARCH_KVM_CAP KVM_CAP_GET_TSC_KHZ
#define TND_ARCH_KVM_CAP_NAME "GET_TSC_KHZ"

/*
 * vCPU ioctls the sandbox allows once the guest runs: KVM_RUN and register
 * reads for fault reports; and, only when the SET_TLS_BASE hypercall is
 * served (TND_SB_SET_TLS), the one that sets the thread pointer.
 */
#define TND_ARCH_VCPU_IOCTLS KVM_RUN, KVM_GET_REGS, KVM_GET_SREGS
#define TND_ARCH_VCPU_TLS_IOCTL KVM_SET_SREGS
#define TND_ARCH_TLS_PINNED 0 /* KVM_SET_SREGS' buffer is read first */
/* And, with --dumpcore, the FPU registers for the core file. */
#define TND_ARCH_VCPU_CORE_IOCTL KVM_GET_FPU

/* With --gdb, the register write. */
#define TND_ARCH_VCPU_SET_REGS KVM_SET_REGS

/* The GPIO ring's kick: a port-I/O ioeventfd. */
#define TND_ARCH_KICK_ADDR PV_GPIO_KICK_PIO
#define TND_ARCH_KICK_FLAGS KVM_IOEVENTFD_FLAG_PIO
/* The I2C ring's kick, the same way. */
#define TND_ARCH_I2C_KICK_ADDR PV_I2C_KICK_PIO

/* Body of a spin-wait loop. */
static inline void tnd_arch_cpu_relax(void)
{
    __asm__ __volatile__("pause" ::: "memory");
}

#endif
