/* SPDX-License-Identifier: ISC */
/*
 * core.c: the aarch64 guest's registers for a core file, in the layout of
 * Linux core files (struct user_regs_struct, struct user_fpsimd_struct),
 * which gdb reads. The guest runs at EL1h, so its stack pointer is
 * SP_EL1. At a trap the vector has moved the fault's PC and PSTATE to
 * ELR_EL1 and SPSR_EL1 and x0 to TPIDR_EL1; with a HALT cookie the guest's
 * own trap frame holds every general register.
 */
#include <string.h>
#include <sys/user.h>

#include "../../abi.h"
#include "../../arch.h"
#include "../../vm.h"
#include "layout.h"

#define A64_V(n)                                                               \
    (KVM_REG_ARM64 | KVM_REG_SIZE_U128 | KVM_REG_ARM_CORE |                    \
     KVM_REG_ARM_CORE_REG(fp_regs.vregs[n]))
#define A64_FP32(r)                                                            \
    (KVM_REG_ARM64 | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE |                     \
     KVM_REG_ARM_CORE_REG(fp_regs.r))

/* Reads register id into v (any of its sizes); nonzero on failure. */
static int get(struct tnd_vm *vm, uint64_t id, void *v)
{
    return tnd_a64_get_reg(vm, id, v);
}

static int live(struct tnd_vm *vm, struct user_regs_struct *u)
{
    for (unsigned i = 0; i < 31; i++)
        if (get(vm, A64_X(i), &u->regs[i]))
            return -1;
    if (get(vm, A64_SP_EL1, &u->sp) || get(vm, A64_PC, &u->pc) ||
        get(vm, A64_PSTATE, &u->pstate))
        return -1;
    if (vm->stop.kind == TND_STOP_TRAP)
        return get(vm, A64_TPIDR_EL1, &u->regs[0]) ||
               get(vm, A64_ELR_EL1, &u->pc) ||
               get(vm, A64_SPSR_EL1, &u->pstate);
    if (vm->stop.kind == TND_STOP_COOKIE) {
        /* Checked by tnd_core_halt. */
        const struct pv_aarch64_trap_frame *f =
            (const void *)(vm->mem + vm->stop.gpa);
        memcpy(u->regs, f->x, sizeof u->regs);
        u->sp = f->sp, u->pc = f->elr, u->pstate = f->spsr;
    }
    return 0;
}

static int fpsimd(struct tnd_vm *vm, struct user_fpsimd_struct *f)
{
    memset(f, 0, sizeof *f);
    for (unsigned i = 0; i < 32; i++)
        if (get(vm, A64_V(i), &f->vregs[i]))
            return -1;
    return get(vm, A64_FP32(fpsr), &f->fpsr) ||
           get(vm, A64_FP32(fpcr), &f->fpcr);
}

int tnd_arch_core_regs(struct tnd_vm *vm, elf_gregset_t *gregs,
                       elf_fpregset_t *fpregs)
{
    struct user_regs_struct u;
    _Static_assert(sizeof u == sizeof *gregs, "gregset layout");
    if (live(vm, &u) || fpsimd(vm, fpregs))
        return -1;
    memcpy(gregs, &u, sizeof u);
    return 0;
}
