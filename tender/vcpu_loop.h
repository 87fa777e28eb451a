/* SPDX-License-Identifier: ISC */
/* vcpu_loop.h: the vCPU run loop (vcpu_loop.c). */
#ifndef TND_VCPU_LOOP_H
#define TND_VCPU_LOOP_H

#include <stdbool.h>

struct tnd_vm;

/*
 * Runs the vCPU until the guest halts or traps; returns its exit status.
 * Ends the tender itself on signals and fatal exits.
 */
int tnd_vcpu_run(struct tnd_vm *vm);

/*
 * A debugger attached to the run loop (--gdb, tender/debug/gdb_stub.c).
 * stopped: the guest is stopped (before its first instruction, at a
 * debug exit, or on interrupt); returns when it is to run again.
 * interrupted: after KVM_RUN returned EINTR, true if the debugger asked
 * for a stop.
 */
enum tnd_debug_stop { TND_DEBUG_START, TND_DEBUG_TRAP, TND_DEBUG_INTERRUPT };
struct tnd_vcpu_debug {
    void (*stopped)(struct tnd_vm *vm, enum tnd_debug_stop why);
    bool (*interrupted)(struct tnd_vm *vm);
};

/* Attaches a debugger to the run loop (call from setup). */
void tnd_vcpu_set_debug(const struct tnd_vcpu_debug *d);

#endif
