/* SPDX-License-Identifier: ISC */
/* gpa.h: checked guest-address helpers (gpa.c). */
#ifndef TND_GPA_H
#define TND_GPA_H

#include <stdbool.h>
#include <stdint.h>

struct tnd_vm;

/*
 * True if [gpa, gpa + len) lies inside guest memory of `mem_size` bytes:
 * gpa < mem_size and len <= mem_size - gpa (no overflow possible).
 */
bool tnd_gpa_valid(uint64_t mem_size, uint64_t gpa, uint64_t len);

/*
 * Host pointer for guest range [gpa, gpa + len), for the tender to read.
 * The range must lie in guest memory and, in native mode, in memory the
 * guest itself can read (the boot-info window, or at or above
 * PV_GUEST_MIN_BASE): never the tender's own tables. Anything else is a
 * guest memory violation: the guest is stopped with a message naming
 * `what`, status TND_EXIT_ERROR. Never returns NULL.
 */
void *tnd_gpa_ptr(struct tnd_vm *vm, uint64_t gpa, uint64_t len,
                  const char *what);

/*
 * As tnd_gpa_ptr, for a range the tender will write (OUT fields, read
 * buffers): it must also avoid the image's read-only segments and, in
 * native mode, everything below PV_GUEST_MIN_BASE.
 */
void *tnd_gpa_ptr_w(struct tnd_vm *vm, uint64_t gpa, uint64_t len,
                    const char *what);

#endif
