/* SPDX-License-Identifier: ISC */
/*
 * trap.c: reports a guest exception caught by the tender's vectors
 * (cpu.c): names it from ESR_EL1's exception class and fault status,
 * prints the PC, the fault address and the registers.
 */
#include <stdbool.h>
#include <stdio.h>

#include "../../core.h"
#include "../../log.h"
#include "../../vm.h"
#include "layout.h"

#define X(v) ((unsigned long long)(v))

static const char *ec_name(unsigned ec)
{
    switch (ec) {
    case 0x00:
        return "undefined instruction";
    case 0x01:
        return "trapped WFI/WFE";
    case 0x07:
        return "FP/SIMD access trap";
    case 0x0e:
        return "illegal execution state";
    case 0x15:
        return "SVC instruction";
    case 0x16:
        return "HVC instruction";
    case 0x17:
        return "SMC instruction";
    case 0x18:
        return "trapped system register access";
    case 0x20:
    case 0x21:
        return "instruction abort";
    case 0x22:
        return "PC alignment fault";
    case 0x24:
    case 0x25:
        return "data abort";
    case 0x26:
        return "SP alignment fault";
    case 0x2c:
        return "floating-point exception";
    case 0x2f:
        return "SError";
    case 0x3c:
        return "BRK instruction";
    default:
        return "exception";
    }
}

/* The fault status code of an abort, in words. */
static void fault_status(unsigned fsc, char *buf, size_t size)
{
    static const char *const kinds[4] = {
        "address size fault", "translation fault", "access flag fault",
        "permission fault"};
    if (fsc < 16)
        snprintf(buf, size, "%s at level %u", kinds[fsc >> 2], fsc & 3);
    else if (fsc == 0x21)
        snprintf(buf, size, "alignment fault");
    else if (fsc == 0x10)
        snprintf(buf, size, "synchronous external abort");
    else
        snprintf(buf, size, "fault status 0x%x", fsc);
}

/*
 * In Solo5 mode the guest's own tables map read-only the 4 KiB pages of
 * text and rodata that a host with larger pages cannot protect (cpu.c,
 * docs/abi.md): a write there is the write the host refuses elsewhere,
 * and is reported as the host's refusal is (tender/vcpu_loop.c).
 */
static bool solo5_ro_write(const struct tnd_vm *vm, unsigned ec, uint64_t esr,
                           uint64_t far)
{
    if (vm->native || (ec != 0x24 && ec != 0x25) || (esr & 0x3c) != 0x0c ||
        !(esr & (1u << 6)))
        return false;
    for (unsigned i = 0; i < vm->nro; i++)
        if (far >= vm->ro[i].start && far < vm->ro[i].end)
            return true;
    return false;
}

int tnd_a64_report_trap(struct tnd_vm *vm, unsigned index)
{
    uint64_t pc, esr = 0, far = 0, elr = 0, spsr = 0, sp = 0, tp = 0, x[31];
    if (tnd_a64_get_reg(vm, A64_PC, &pc) ||
        pc != A64_VECTORS + index * A64_VECTOR_SIZE + 12)
        tnd_die("invalid guest MMIO access: trap report from the guest");
    tnd_a64_get_reg(vm, A64_ESR_EL1, &esr);
    tnd_a64_get_reg(vm, A64_FAR_EL1, &far);
    tnd_a64_get_reg(vm, A64_ELR_EL1, &elr);
    tnd_a64_get_reg(vm, A64_SPSR_EL1, &spsr);
    tnd_a64_get_reg(vm, A64_SP_EL1, &sp);
    tnd_a64_get_reg(vm, A64_TPIDR_EL0, &tp);

    static const char *const kinds[4] = {"", "IRQ", "FIQ", "SError"};
    unsigned ec = (unsigned)(esr >> 26) & 0x3f;
    bool host_ro = index % 4 == 0 && solo5_ro_write(vm, ec, esr, far);
    int status = host_ro ? TND_EXIT_ERROR : TND_EXIT_ABORT;
    /* The outputs are safe before anything is written (a stalled stderr). */
    vm->stop.kind = TND_STOP_TRAP;
    vm->stop.gpa = 0;
    tnd_core_run_exit_hooks(status);
    if (host_ro) {
        tnd_warn("host/guest translation fault: the guest wrote to read-only "
                 "memory");
    } else if (index % 4 != 0) {
        tnd_warn("guest fault: unexpected %s (vector %u) at pc=0x%llx",
                 kinds[index % 4], index, X(elr));
    } else if (ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25) {
        char st[48];
        fault_status((unsigned)esr & 0x3f, st, sizeof st);
        tnd_warn("guest fault: %s, %s (EC 0x%x, ESR 0x%llx) at pc=0x%llx, "
                 "address 0x%llx",
                 ec_name(ec), st, ec, X(esr), X(elr), X(far));
    } else {
        tnd_warn("guest fault: %s (EC 0x%x, ESR 0x%llx) at pc=0x%llx",
                 ec_name(ec), ec, X(esr), X(elr));
    }

    /* x0 is in TPIDR_EL1, where the vector saved it. */
    if (tnd_a64_get_reg(vm, A64_TPIDR_EL1, &x[0]))
        return status;
    for (unsigned i = 1; i < 31; i++)
        if (tnd_a64_get_reg(vm, A64_X(i), &x[i]))
            return status;
    tnd_warn("pc=0x%llx sp=0x%llx spsr=0x%llx far=0x%llx tpidr_el0=0x%llx",
             X(elr), X(sp), X(spsr), X(far), X(tp));
    tnd_a64_print_xregs(x);
    return status;
}
