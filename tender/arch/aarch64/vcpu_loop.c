/* SPDX-License-Identifier: ISC */
/*
 * vcpu_loop.c: runs the aarch64 vCPU and decodes its exits: hypercalls
 * (32-bit stores to PV_HC_MMIO_BASE + 8 * nr), trap reports from the
 * tender's exception vectors, and every fatal exit with a message that
 * names it.
 */
#include <errno.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/ioctl.h>

#include "../../arch.h"
#include "layout.h"

#define X(v) ((unsigned long long)(v))

static noreturn void fatal_exit(struct tnd_vm *vm, int status, const char *what)
{
    tnd_warn("%s", what);
    tnd_arch_dump_regs(vm);
    tnd_core_exit(status);
}

static int handle_mmio(struct tnd_vm *vm, bool *halted)
{
    struct kvm_run *run = vm->run;
    uint64_t a = run->mmio.phys_addr;
    if (a >= PV_TRAP_MMIO_BASE && a < A64_TRAP_END && (a & 7) == 0 &&
        run->mmio.is_write) {
        *halted = true;
        return tnd_a64_report_trap(vm, (unsigned)(a - PV_TRAP_MMIO_BASE) / 8);
    }
    if (a >= PV_HC_MMIO_BASE && a < PV_HC_MMIO_BASE + 8 * PV_HC_MAX) {
        if (!run->mmio.is_write || run->mmio.len != 4 || (a & 7))
            tnd_die("invalid guest MMIO access: %s of %u bytes at 0x%llx",
                    run->mmio.is_write ? "write" : "read", run->mmio.len, X(a));
        unsigned nr = (unsigned)(a - PV_HC_MMIO_BASE) / 8;
        uint32_t data;
        memcpy(&data, run->mmio.data, 4);
        return tnd_core_hypercall_dispatch(vm, nr, data, halted);
    }
    if (a >= PV_HC_MMIO_BASE)
        tnd_die("invalid guest MMIO access: %s of %u bytes at 0x%llx",
                run->mmio.is_write ? "write" : "read", run->mmio.len, X(a));
    if (a < vm->alloc_size && run->mmio.is_write) {
        tnd_warn("host/guest translation fault: guest write to read-only "
                 "memory at 0x%llx",
                 X(a));
        fatal_exit(vm, TND_EXIT_ERROR, "guest stopped");
    }
    tnd_warn("guest %s unmapped memory at 0x%llx",
             run->mmio.is_write ? "wrote to" : "read from", X(a));
    fatal_exit(vm, TND_EXIT_ERROR, "guest stopped");
}

int tnd_arch_vcpu_run(struct tnd_vm *vm)
{
    for (;;) {
        if (tnd_core_signal)
            tnd_core_exit_on_signal();
        if (ioctl(vm->vcpu_fd, KVM_RUN, 0) < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                tnd_core_check_signal();
                continue;
            }
            if (errno == EFAULT)
                fatal_exit(vm, TND_EXIT_ERROR,
                           "host/guest translation fault: the guest wrote "
                           "to read-only memory");
            if (errno == ENOSYS)
                fatal_exit(vm, TND_EXIT_ERROR,
                           "invalid guest MMIO access: an instruction KVM "
                           "cannot decode (use a plain 32-bit store)");
            tnd_die_errno("KVM: ioctl (KVM_RUN) failed");
        }
        struct kvm_run *run = vm->run;
        bool halted = false;
        int status;
        switch (run->exit_reason) {
        case KVM_EXIT_MMIO:
            status = handle_mmio(vm, &halted);
            if (halted)
                return status;
            break;
        case KVM_EXIT_SYSTEM_EVENT:
            tnd_warn("guest requested a system event (type %u) instead of "
                     "the HALT hypercall",
                     run->system_event.type);
            fatal_exit(vm, TND_EXIT_ERROR, "guest stopped");
        case KVM_EXIT_FAIL_ENTRY:
            tnd_warn("KVM: VM entry failed, hardware reason 0x%llx",
                     X(run->fail_entry.hardware_entry_failure_reason));
            fatal_exit(vm, TND_EXIT_ERROR, "guest stopped");
        case KVM_EXIT_INTERNAL_ERROR:
            tnd_warn("KVM: internal error, suberror %u",
                     run->internal.suberror);
            fatal_exit(vm, TND_EXIT_ERROR, "guest stopped");
        default:
            tnd_warn("unhandled KVM exit %u", run->exit_reason);
            fatal_exit(vm, TND_EXIT_ERROR, "guest stopped");
        }
    }
}
