/* SPDX-License-Identifier: ISC */
/*
 * exit.c: decodes the aarch64 vCPU's exits for the run loop
 * (vcpu_loop.c): hypercalls (32-bit stores to PV_HC_MMIO_BASE + 8 * nr),
 * trap reports from the tender's exception vectors, and the fatal exits
 * only aarch64 has.
 */
#include <errno.h>
#include <string.h>

#include "../../abi.h"
#include "../../arch.h"
#include "../../core.h"
#include "../../log.h"
#include "../../vm.h"
#include "layout.h"

#define X(v) ((unsigned long long)(v))

const char tnd_arch_emulation_hint[] = "";

const char *tnd_arch_run_error(int err)
{
    if (err == ENOSYS)
        return "invalid guest MMIO access: an instruction KVM cannot decode "
               "(use a plain 32-bit store)";
    return NULL;
}

static void decode_mmio(struct tnd_vm *vm, struct tnd_exit *e)
{
    struct kvm_run *run = vm->run;
    uint64_t a = run->mmio.phys_addr;
    if (a >= PV_TRAP_MMIO_BASE && a < A64_TRAP_END && (a & 7) == 0 &&
        run->mmio.is_write) {
        e->kind = TND_EXIT_TRAP;
        e->status =
            tnd_a64_report_trap(vm, (unsigned)(a - PV_TRAP_MMIO_BASE) / 8);
        return;
    }
    if (a >= PV_HC_MMIO_BASE && a < PV_HC_MMIO_BASE + 8 * PV_HC_MAX) {
        if (!run->mmio.is_write || run->mmio.len != 4 || (a & 7))
            tnd_die("invalid guest MMIO access: %s of %u bytes at 0x%llx",
                    run->mmio.is_write ? "write" : "read", run->mmio.len, X(a));
        uint32_t data;
        memcpy(&data, run->mmio.data, 4);
        e->kind = TND_EXIT_HYPERCALL;
        e->nr = (unsigned)(a - PV_HC_MMIO_BASE) / 8;
        e->gpa = data;
        return;
    }
    if (a >= PV_HC_MMIO_BASE)
        tnd_die("invalid guest MMIO access: %s of %u bytes at 0x%llx",
                run->mmio.is_write ? "write" : "read", run->mmio.len, X(a));
    e->kind = TND_EXIT_MEMORY;
    e->gpa = a;
    e->write = run->mmio.is_write;
}

void tnd_arch_exit_decode(struct tnd_vm *vm, struct tnd_exit *e)
{
    struct kvm_run *run = vm->run;
    if (run->exit_reason == KVM_EXIT_MMIO) {
        decode_mmio(vm, e);
    } else if (run->exit_reason == KVM_EXIT_SYSTEM_EVENT) {
        tnd_core_run_exit_hooks(TND_EXIT_ERROR); /* safe, then the words */
        tnd_warn("guest requested a system event (type %u) instead of the "
                 "HALT hypercall",
                 run->system_event.type);
        e->kind = TND_EXIT_FATAL;
        e->status = TND_EXIT_ERROR;
        e->what = "guest stopped";
    }
}
