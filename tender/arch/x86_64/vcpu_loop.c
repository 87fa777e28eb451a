/* SPDX-License-Identifier: ISC */
/*
 * vcpu_loop.c: runs the x86_64 vCPU and decodes its exits: hypercalls
 * (OUT to PV_HC_PIO_BASE + nr), trap reports from the exception stubs,
 * and every fatal exit with a message that names it.
 */
#include <errno.h>
#include <linux/kvm.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/ioctl.h>

#include "../../arch.h"
#include "trap.h"

static noreturn void fatal_exit(struct tnd_vm *vm, int status, const char *what)
{
    tnd_warn("%s", what);
    tnd_arch_dump_regs(vm);
    tnd_core_exit(status);
}

static int handle_io(struct tnd_vm *vm, bool *halted)
{
    struct kvm_run *run = vm->run;
    if (run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 4 ||
        run->io.count != 1)
        tnd_die("invalid guest port access: port 0x%x, size %u", run->io.port,
                run->io.size);
    uint32_t data;
    memcpy(&data, (uint8_t *)run + run->io.data_offset, 4);
    unsigned port = run->io.port;
    if (port == PV_TRAP_PIO) {
        *halted = true;
        return tnd_x86_report_trap(vm, data);
    }
    if (port < PV_HC_PIO_BASE || port >= PV_HC_PIO_BASE + PV_HC_MAX)
        tnd_die("invalid guest port access: port 0x%x", port);
    return tnd_core_hypercall_dispatch(vm, port - PV_HC_PIO_BASE, data, halted);
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
            tnd_die_errno("KVM: ioctl (KVM_RUN) failed");
        }
        struct kvm_run *run = vm->run;
        bool halted = false;
        int status;
        switch (run->exit_reason) {
        case KVM_EXIT_IO:
            status = handle_io(vm, &halted);
            if (halted)
                return status;
            break;
        case KVM_EXIT_MMIO:
            if (run->mmio.phys_addr < vm->alloc_size && run->mmio.is_write) {
                tnd_warn("host/guest translation fault: guest write to "
                         "read-only memory at 0x%llx",
                         (unsigned long long)run->mmio.phys_addr);
                fatal_exit(vm, TND_EXIT_ERROR, "guest stopped");
            }
            tnd_warn("guest %s unmapped memory at 0x%llx",
                     run->mmio.is_write ? "wrote to" : "read from",
                     (unsigned long long)run->mmio.phys_addr);
            fatal_exit(vm, TND_EXIT_ERROR, "guest stopped");
        case KVM_EXIT_SHUTDOWN:
            fatal_exit(vm, TND_EXIT_ABORT,
                       "guest fault: triple fault (CPU shutdown)");
        case KVM_EXIT_HLT:
            fatal_exit(vm, TND_EXIT_ERROR,
                       "guest executed HLT instead of the HALT hypercall");
        case KVM_EXIT_FAIL_ENTRY:
            tnd_warn("KVM: VM entry failed, hardware reason 0x%llx",
                     (unsigned long long)
                         run->fail_entry.hardware_entry_failure_reason);
            fatal_exit(vm, TND_EXIT_ERROR, "guest stopped");
        case KVM_EXIT_INTERNAL_ERROR:
            tnd_warn("KVM: internal error, suberror %u%s",
                     run->internal.suberror,
                     run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION
                         ? " (instruction emulation failed; on PVM hosts "
                           "CPL-0 guests cannot use SSE)"
                         : "");
            fatal_exit(vm, TND_EXIT_ERROR, "guest stopped");
        default:
            tnd_warn("unhandled KVM exit %u", run->exit_reason);
            fatal_exit(vm, TND_EXIT_ERROR, "guest stopped");
        }
    }
}
