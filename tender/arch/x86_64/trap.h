/* SPDX-License-Identifier: ISC */
/* trap.h: x86_64-internal interface between the exit loop and trap.c. */
#ifndef TND_X86_TRAP_H
#define TND_X86_TRAP_H

#include <stdint.h>

struct tnd_vm;

/*
 * Reports the exception whose stub frame is at frame_gpa (the value the
 * stub wrote to PV_TRAP_PIO). Returns TND_EXIT_ABORT. A report that does
 * not come from the stubs (wrong CPL or address) is a protocol violation
 * and ends the tender with TND_EXIT_ERROR.
 */
int tnd_x86_report_trap(struct tnd_vm *vm, uint64_t frame_gpa);

#endif
