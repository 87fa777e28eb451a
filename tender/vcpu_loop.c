/* SPDX-License-Identifier: ISC */
/*
 * vcpu_loop.c: runs the vCPU. The architecture decodes each exit
 * (tnd_arch_exit_decode) into a hypercall, a reported guest trap or a
 * fatal exit; this loop serves hypercalls, ends on HALT, traps, signals
 * and every fatal exit with a message that names it and a register dump.
 */
#include <errno.h>
#include <linux/kvm.h>
#include <stdbool.h>
#include <stdnoreturn.h>
#include <sys/ioctl.h>

#include "arch.h"
#include "core.h"
#include "log.h"
#include "vcpu_loop.h"
#include "vm.h"

/* Every fatal path makes the outputs safe before it writes a word. */
static noreturn void fatal_exit(struct tnd_vm *vm, int status, const char *what)
{
    tnd_core_run_exit_hooks(status);
    tnd_warn("%s", what);
    tnd_arch_dump_regs(vm);
    tnd_core_exit(status);
}

/* Exits no architecture decodes: all fatal. */
static noreturn void common_exit(struct tnd_vm *vm)
{
    struct kvm_run *run = vm->run;
    tnd_core_run_exit_hooks(TND_EXIT_ERROR);
    switch (run->exit_reason) {
    case KVM_EXIT_FAIL_ENTRY:
        tnd_warn(
            "KVM: VM entry failed, hardware reason 0x%llx",
            (unsigned long long)run->fail_entry.hardware_entry_failure_reason);
        break;
    case KVM_EXIT_INTERNAL_ERROR:
        tnd_warn("KVM: internal error, suberror %u%s", run->internal.suberror,
                 run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION
                     ? tnd_arch_emulation_hint
                     : "");
        break;
    default:
        tnd_warn("unhandled KVM exit %u", run->exit_reason);
        break;
    }
    fatal_exit(vm, TND_EXIT_ERROR, "guest stopped");
}

/* A guest access outside its RAM, or a write to its read-only part. */
static noreturn void memory_fault(struct tnd_vm *vm, const struct tnd_exit *e)
{
    tnd_core_run_exit_hooks(TND_EXIT_ERROR);
    if (e->gpa < vm->alloc_size && e->write)
        tnd_warn("host/guest translation fault: guest write to read-only "
                 "memory at 0x%llx",
                 (unsigned long long)e->gpa);
    else
        tnd_warn("guest %s unmapped memory at 0x%llx",
                 e->write ? "wrote to" : "read from",
                 (unsigned long long)e->gpa);
    fatal_exit(vm, TND_EXIT_ERROR, "guest stopped");
}

/* KVM_RUN failed with errno err (not EINTR or EAGAIN). */
static noreturn void run_failed(struct tnd_vm *vm, int err)
{
    if (err == EFAULT)
        fatal_exit(vm, TND_EXIT_ERROR,
                   "host/guest translation fault: the guest wrote to "
                   "read-only memory");
    const char *why = tnd_arch_run_error(err);
    if (why)
        fatal_exit(vm, TND_EXIT_ERROR, why);
    errno = err;
    tnd_die_errno("KVM: ioctl (KVM_RUN) failed");
}

static const struct tnd_vcpu_debug *debugger;

void tnd_vcpu_set_debug(const struct tnd_vcpu_debug *d)
{
    debugger = d;
}

int tnd_vcpu_run(struct tnd_vm *vm)
{
    if (debugger)
        debugger->stopped(vm, TND_DEBUG_START);
    for (;;) {
        if (tnd_core_signal)
            tnd_core_exit_on_signal();
        if (ioctl(vm->vcpu_fd, KVM_RUN, 0) < 0) {
            if (errno != EINTR && errno != EAGAIN)
                run_failed(vm, errno);
            tnd_core_check_signal();
            if (debugger && debugger->interrupted(vm))
                debugger->stopped(vm, TND_DEBUG_INTERRUPT);
            continue;
        }
        if (debugger && vm->run->exit_reason == KVM_EXIT_DEBUG) {
            debugger->stopped(vm, TND_DEBUG_TRAP);
            continue;
        }
        struct tnd_exit e = {.kind = TND_EXIT_OTHER};
        tnd_arch_exit_decode(vm, &e);
        switch (e.kind) {
        case TND_EXIT_HYPERCALL: {
            bool halted = false;
            int status = tnd_core_hypercall_dispatch(vm, e.nr, e.gpa, &halted);
            if (halted)
                return status;
            break;
        }
        case TND_EXIT_TRAP:
            vm->stop.kind = TND_STOP_TRAP;
            vm->stop.gpa = e.gpa;
            return e.status;
        case TND_EXIT_MEMORY:
            memory_fault(vm, &e);
        case TND_EXIT_FATAL:
            fatal_exit(vm, e.status, e.what);
        case TND_EXIT_OTHER:
            common_exit(vm);
        }
    }
}
