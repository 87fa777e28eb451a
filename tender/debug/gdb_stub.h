/* SPDX-License-Identifier: ISC */
/* gdb_stub.h: the gdb stub (gdb_stub.c) as the rest of the tender sees it. */
#ifndef TND_GDB_STUB_H
#define TND_GDB_STUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kvm_guest_debug;
struct tnd_vm;
struct tnd_vcpu_debug;

/* True if --gdb was given (the image then stays writable on the host). */
bool tnd_gdb_enabled(void);

/*
 * The vCPU operations the stub calls: the architecture's register access
 * (tnd_arch_gdb_regs_get, tnd_arch_gdb_regs_set) and KVM_SET_GUEST_DEBUG
 * on vm->vcpu_fd (each 0 or a length on success, -1 on failure). The
 * unit tests (tests/unit/test_gdb_stub.c) put their own in before
 * tnd_gdb_attach.
 */
struct tnd_gdb_vcpu_ops {
    long (*regs_get)(struct tnd_vm *vm, uint8_t *buf, size_t size);
    int (*regs_set)(struct tnd_vm *vm, const uint8_t *buf, size_t len);
    int (*set_guest_debug)(struct tnd_vm *vm, const struct kvm_guest_debug *d);
};
extern struct tnd_gdb_vcpu_ops tnd_gdb_vcpu;

/*
 * Serves the debugger connected on fd, from the calling (vCPU) thread:
 * sets up Ctrl-C (SIGIO to this thread), turns KVM guest debugging on,
 * declares fd to the sandbox, registers the exit report (an exit hook)
 * and attaches the stub to the run loop; returns the hooks attached.
 * The stub owns fd from then on and closes it when the debugger detaches
 * or goes. wait_ms bounds each wait for the debugger (-1: no bound; past
 * it the debugger counts as gone). The module's setup calls it once a
 * debugger has connected, with -1. Dies (TND_EXIT_ERROR) if KVM refuses.
 */
const struct tnd_vcpu_debug *tnd_gdb_attach(struct tnd_vm *vm, int fd,
                                            int wait_ms);

#endif
