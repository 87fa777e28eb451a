/* SPDX-License-Identifier: ISC */
/* dumpcore.h: the guest's ELF core file (dumpcore.c). */
#ifndef TND_DUMPCORE_H
#define TND_DUMPCORE_H

#include <stdint.h>

struct tnd_vm;

/*
 * Writes the guest's core file (registers as tnd_arch_core_regs gives
 * them, guest-visible memory) to fd, a new empty file, and fsyncs it.
 * *pages receives the number of guest pages written (untouched pages are
 * holes). Returns 0 or -errno. Allocates nothing: safe in the sandbox and
 * in an exit hook.
 */
int tnd_dumpcore_write(struct tnd_vm *vm, int fd, uint64_t *pages);

#endif
