/* SPDX-License-Identifier: ISC */
/* boot.h: boot info and the page tables' extent (boot.c). */
#ifndef TND_BOOT_H
#define TND_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tnd_elf;
struct tnd_vm;

/* Boot info, extension, manifest and command line live in this window. */
#define TND_BOOT_AREA_SIZE 0x4000UL

/*
 * Writes boot info, the manifest copy (vm->mft with host-private fields
 * cleared), the command line (len bytes, len < PV_CMDLINE_SIZE) and, in
 * native mode, the boot-info extension. Call after every module's setup.
 */
void tnd_boot_write(struct tnd_vm *vm, const char *cmdline, size_t len);

/*
 * Offers the GPIO request ring at guest-physical `gpa` (`size` bytes) to
 * a native guest through the boot-info extension. Call from setup(),
 * before tnd_boot_write.
 */
void tnd_boot_offer_gpio_ring(uint64_t gpa, uint64_t size);
/* The same for the I2C request ring. */
void tnd_boot_offer_i2c_ring(uint64_t gpa, uint64_t size);

/*
 * How many 2 MiB blocks from address 0 the page tables map with 4 KiB
 * pages: in native mode every block of the image (to enforce W^X), in
 * Solo5 mode the first only (the tender's own pages). Dies if that needs
 * more than 1 + spare_tables page tables.
 */
uint64_t tnd_boot_4k_blocks(const struct tnd_elf *elf, bool native,
                            uint64_t spare_tables);

#endif
