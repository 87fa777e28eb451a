/* SPDX-License-Identifier: ISC */
/* hostpage.h: what the host's page size lets it protect (hostpage.c). */
#ifndef TND_HOSTPAGE_H
#define TND_HOSTPAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tnd_elf;

/* A range of guest-physical addresses, [start, end). */
struct tnd_range {
    uint64_t start, end;
};

/*
 * The host's page size, sysconf(_SC_PAGESIZE): 4, 16 or 64 KiB. Dies if
 * it is not a power of two of at least 4 KiB.
 */
uint64_t tnd_hostpage_size(void);

/*
 * The ranges of the image's read-only segments (rounded out to 4 KiB,
 * touching ones joined) that whole host pages of `page` bytes cover, in
 * ascending order: what the host can make read-only. Writes `out`
 * (TND_ELF_MAX_LOAD entries at most) and returns how many. Pure.
 */
unsigned tnd_hostpage_ro_runs(const struct tnd_elf *elf, uint64_t page,
                              struct tnd_range *out);

/*
 * True if the 4 KiB page at `a` belongs to a read-only segment but no
 * host page of `page` bytes that could be protected covers it: the
 * guest's own page tables must map it read-only. Pure.
 */
bool tnd_hostpage_guest_ro(const struct tnd_elf *elf, uint64_t page,
                           uint64_t a);

/*
 * A copy of the `size` bytes at `req` (at most 4 KiB) alone in a
 * host page of its own, made read-only: the argument of a system call
 * the sandbox allows by its pointer only (tnd_sandbox_allow_ioeventfd,
 * tnd_sandbox_allow_tls_arg), so what it points to cannot change. A
 * write through the pointer faults. Never freed. Dies naming `what` ("the
 * TPIDR_EL0 request") if the page cannot be mapped or protected.
 */
void *tnd_hostpage_ro_copy(const void *req, size_t size, const char *what);

#endif
