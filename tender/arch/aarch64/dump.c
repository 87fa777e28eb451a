/* SPDX-License-Identifier: ISC */
/*
 * dump.c: aarch64 register dumps for fatal exits and HALT cookies. The
 * first line says where the guest was; the following lines give x0..x30,
 * four to a line.
 */
#include "../../abi.h"
#include "../../arch.h"
#include "../../log.h"
#include "layout.h"

#define X(v) ((unsigned long long)(v))

void tnd_a64_print_xregs(const uint64_t x[31])
{
    for (unsigned i = 0; i < 28; i += 4)
        tnd_warn("x%u=0x%llx x%u=0x%llx x%u=0x%llx x%u=0x%llx", i, X(x[i]),
                 i + 1, X(x[i + 1]), i + 2, X(x[i + 2]), i + 3, X(x[i + 3]));
    tnd_warn("x28=0x%llx x29=0x%llx x30=0x%llx", X(x[28]), X(x[29]), X(x[30]));
}

void tnd_arch_dump_regs(struct tnd_vm *vm)
{
    uint64_t pc, pstate, sp, esr, far, x[31];
    if (tnd_a64_get_reg(vm, A64_PC, &pc) ||
        tnd_a64_get_reg(vm, A64_PSTATE, &pstate) ||
        tnd_a64_get_reg(vm, A64_SP_EL1, &sp) ||
        tnd_a64_get_reg(vm, A64_ESR_EL1, &esr) ||
        tnd_a64_get_reg(vm, A64_FAR_EL1, &far)) {
        tnd_warn("cannot read guest registers");
        return;
    }
    for (unsigned i = 0; i < 31; i++)
        if (tnd_a64_get_reg(vm, A64_X(i), &x[i])) {
            tnd_warn("cannot read guest registers");
            return;
        }
    tnd_warn("pc=0x%llx pstate=0x%llx sp_el1=0x%llx esr_el1=0x%llx "
             "far_el1=0x%llx",
             X(pc), X(pstate), X(sp), X(esr), X(far));
    tnd_a64_print_xregs(x);
}

void tnd_arch_dump_cookie(const void *cookie)
{
    const struct pv_aarch64_trap_frame *f = cookie;
    tnd_warn("guest trap frame: elr=0x%llx spsr=0x%llx sp=0x%llx "
             "esr=0x%llx far=0x%llx",
             X(f->elr), X(f->spsr), X(f->sp), X(f->esr), X(f->far));
    tnd_a64_print_xregs(f->x);
}
