/* SPDX-License-Identifier: ISC */
/* boot.h: boot.c's interface to main.c. */
#ifndef TND_BOOT_H
#define TND_BOOT_H

#include "tender.h"

/*
 * Writes boot info, the manifest copy (vm->mft with host-private fields
 * cleared), the command line (len bytes, len < PV_CMDLINE_SIZE) and, in
 * native mode, the boot-info extension. Call after every module's setup.
 */
void tnd_boot_write(struct tnd_vm *vm, const char *cmdline, size_t len);

#endif
