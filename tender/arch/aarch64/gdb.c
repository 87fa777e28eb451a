/* SPDX-License-Identifier: ISC */
/*
 * gdb.c: the aarch64 vCPU as the gdb stub (tender/debug/gdb_stub.c) sees
 * it: gdb's aarch64 core layout (x0-x30, sp, pc: 8 bytes each; cpsr: 4),
 * with sp the guest's SP_EL1 (it runs at EL1h); brk #0 breakpoints,
 * single-step and hardware breakpoints through KVM_SET_GUEST_DEBUG.
 */
#include <string.h>
#include <sys/ioctl.h>

#include "../../arch.h"
#include "../../vm.h"
#include "layout.h"

const uint8_t tnd_arch_gdb_brk[] = {0x00, 0x00, 0x20, 0xd4}; /* brk #0 */
const size_t tnd_arch_gdb_brk_len = sizeof tnd_arch_gdb_brk;
const bool tnd_arch_gdb_sw_in_hw = false; /* brk #0 traps (the arm64 VM) */
const unsigned tnd_arch_gdb_pc_reg = 32;

#define GSIZE (33 * 8 + 4)

int tnd_arch_gdb_reg_span(unsigned n, size_t *off, size_t *size)
{
    if (n > 33)
        return -1;
    *off = n * 8, *size = n == 33 ? 4 : 8;
    return 0;
}

bool tnd_arch_gdb_reg_writable(unsigned n)
{
    return n <= 33; /* x0-x30, sp, pc, cpsr */
}

/* KVM's id of gdb's register n. */
static uint64_t reg_id(unsigned n)
{
    return n < 31    ? A64_X(n)
           : n == 31 ? A64_SP_EL1
           : n == 32 ? A64_PC
                     : A64_PSTATE;
}

long tnd_arch_gdb_regs_get(struct tnd_vm *vm, uint8_t *buf, size_t size)
{
    if (size < GSIZE)
        return -1;
    for (unsigned n = 0; n < 34; n++) {
        uint64_t v;
        if (tnd_a64_get_reg(vm, reg_id(n), &v))
            return -1;
        memcpy(buf + n * 8, &v, n == 33 ? 4 : 8);
    }
    return GSIZE;
}

int tnd_arch_gdb_regs_set(struct tnd_vm *vm, const uint8_t *buf, size_t len)
{
    for (unsigned n = 0; n < 34 && n * 8 + (n == 33 ? 4 : 8) <= len; n++) {
        uint64_t v = 0;
        memcpy(&v, buf + n * 8, n == 33 ? 4 : 8);
        struct kvm_one_reg r = {.id = reg_id(n),
                                .addr = (uint64_t)(uintptr_t)&v};
        if (ioctl(vm->vcpu_fd, KVM_SET_ONE_REG, &r) < 0)
            return -1;
    }
    return 0;
}

int tnd_arch_gdb_hw(struct kvm_guest_debug *d, const uint64_t *hw, unsigned nhw)
{
    /* BCR: enabled, at EL1 and EL0, on all four bytes of the address. */
    const uint64_t bcr = 1 | 3ULL << 1 | 0xfULL << 5;
    for (unsigned i = 0; i < nhw && nhw <= 2; i++)
        d->arch.dbg_bvr[i] = hw[i], d->arch.dbg_bcr[i] = bcr;
    d->control |= nhw ? KVM_GUESTDBG_USE_HW : 0;
    return nhw <= 2 ? 0 : -1;
}
