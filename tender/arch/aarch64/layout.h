/* SPDX-License-Identifier: ISC */
/*
 * layout.h: the tender-owned low guest memory on aarch64 (page tables as
 * Solo5's aarch64 tender lays them out, plus pinvisor's exception
 * vectors), the system-register values at entry, and the helpers the
 * aarch64 files share.
 */
#ifndef TND_AARCH64_LAYOUT_H
#define TND_AARCH64_LAYOUT_H

#include <linux/kvm.h>
#include <stdint.h>

#include "../../abi.h"
#include "../../boot.h"

#define A64_L0_BASE 0x1000 /* TTBR0_EL1 */
#define A64_L1_BASE 0x2000
#define A64_L2_BASE 0x3000 /* four level-2 tables, one per GiB */
#define A64_L3_BASE 0x7000 /* 4 KiB pages of the first 2 MiB */
#define A64_VECTORS 0x8000 /* VBAR_EL1: 16 entries of 128 bytes */
#define A64_VECTOR_SIZE 0x80
#define A64_NVECTORS 16
#define A64_LOW_END 0x10000
#define A64_BOOT_RO_END (PV_BOOT_INFO_BASE + TND_BOOT_AREA_SIZE)
#define A64_PT_POOL 0x20000 /* extra level-3 tables (native mode) */
#define A64_PT_POOL_END 0x100000

/* Where a trap report's vector index is encoded: PV_TRAP_MMIO_BASE + 8i. */
#define A64_TRAP_END (PV_TRAP_MMIO_BASE + 8 * PV_TRAP_MMIO_VECTORS)

/* KVM register ids. */
#define A64_CORE_REG(x)                                                        \
    (KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE |                     \
     KVM_REG_ARM_CORE_REG(x))
#define A64_X(n) A64_CORE_REG(regs.regs[n])
#define A64_PC A64_CORE_REG(regs.pc)
#define A64_PSTATE A64_CORE_REG(regs.pstate)
#define A64_SP_EL1 A64_CORE_REG(sp_el1)
#define A64_ELR_EL1 A64_CORE_REG(elr_el1)
#define A64_SPSR_EL1 A64_CORE_REG(spsr[KVM_SPSR_EL1])
#define A64_ID_AA64MMFR0_EL1 ARM64_SYS_REG(3, 0, 0, 7, 0)
#define A64_SCTLR_EL1 ARM64_SYS_REG(3, 0, 1, 0, 0)
#define A64_CPACR_EL1 ARM64_SYS_REG(3, 0, 1, 0, 2)
#define A64_TTBR0_EL1 ARM64_SYS_REG(3, 0, 2, 0, 0)
#define A64_TCR_EL1 ARM64_SYS_REG(3, 0, 2, 0, 2)
#define A64_ESR_EL1 ARM64_SYS_REG(3, 0, 5, 2, 0)
#define A64_FAR_EL1 ARM64_SYS_REG(3, 0, 6, 0, 0)
#define A64_MAIR_EL1 ARM64_SYS_REG(3, 0, 10, 2, 0)
#define A64_VBAR_EL1 ARM64_SYS_REG(3, 0, 12, 0, 0)
#define A64_TPIDR_EL1 ARM64_SYS_REG(3, 0, 13, 0, 4)
#define A64_TPIDR_EL0 ARM64_SYS_REG(3, 3, 13, 0, 2)

/*
 * Reads register `id` of the vCPU into *v. Returns 0 or -errno; never
 * exits (fault reports print what they can).
 */
int tnd_a64_get_reg(struct tnd_vm *vm, uint64_t id, uint64_t *v);

/* Sets register `id` of the vCPU; dies naming `what` on failure. */
void tnd_a64_set_reg(struct tnd_vm *vm, uint64_t id, uint64_t v,
                     const char *what);

/* Prints x0..x30, four to a line. */
void tnd_a64_print_xregs(const uint64_t x[31]);

/*
 * Reports the exception that vector `index` (0..15) caught: its class,
 * ESR, PC and fault address, then the registers. Returns TND_EXIT_ABORT,
 * or TND_EXIT_ERROR for a Solo5-mode write to text or rodata that only
 * the guest's tables keep read-only (trap.c), reported as the host's
 * refusal of such a write is.
 * A report that does not come from the tender's vectors (the store is
 * elsewhere) is a protocol violation: the tender ends with TND_EXIT_ERROR.
 */
int tnd_a64_report_trap(struct tnd_vm *vm, unsigned index);

#endif
