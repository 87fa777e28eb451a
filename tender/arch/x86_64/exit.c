/* SPDX-License-Identifier: ISC */
/*
 * exit.c: decodes the x86_64 vCPU's exits for the run loop (vcpu_loop.c):
 * hypercalls (OUT to PV_HC_PIO_BASE + nr), trap reports from the
 * exception stubs, and the fatal exits only x86_64 has.
 */
#include <linux/kvm.h>
#include <string.h>

#include "../../abi.h"
#include "../../arch.h"
#include "../../log.h"
#include "../../vm.h"
#include "trap.h"

const char tnd_arch_emulation_hint[] =
    " (instruction emulation failed; on PVM hosts CPL-0 guests cannot use "
    "SSE)";

const char *tnd_arch_run_error(int err)
{
    (void)err;
    return NULL;
}

static void decode_io(struct tnd_vm *vm, struct tnd_exit *e)
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
        e->kind = TND_EXIT_TRAP;
        e->gpa = data;
        e->status = tnd_x86_report_trap(vm, data);
        return;
    }
    if (port < PV_HC_PIO_BASE || port >= PV_HC_PIO_BASE + PV_HC_MAX)
        tnd_die("invalid guest port access: port 0x%x", port);
    e->kind = TND_EXIT_HYPERCALL;
    e->nr = port - PV_HC_PIO_BASE;
    e->gpa = data;
}

static void fatal(struct tnd_exit *e, int status, const char *what)
{
    e->kind = TND_EXIT_FATAL;
    e->status = status;
    e->what = what;
}

void tnd_arch_exit_decode(struct tnd_vm *vm, struct tnd_exit *e)
{
    struct kvm_run *run = vm->run;
    switch (run->exit_reason) {
    case KVM_EXIT_IO:
        decode_io(vm, e);
        return;
    case KVM_EXIT_MMIO:
        e->kind = TND_EXIT_MEMORY;
        e->gpa = run->mmio.phys_addr;
        e->write = run->mmio.is_write;
        return;
    case KVM_EXIT_SHUTDOWN:
        fatal(e, TND_EXIT_ABORT, "guest fault: triple fault (CPU shutdown)");
        return;
    case KVM_EXIT_HLT:
        fatal(e, TND_EXIT_ERROR,
              "guest executed HLT instead of the HALT hypercall");
        return;
    default:
        return;
    }
}
