/* SPDX-License-Identifier: ISC */
/*
 * hostpage.c: the host's page size, and which parts of the image's
 * read-only segments the host can protect at that size (the rest the
 * guest's own page tables keep read-only; docs/abi.md, "Host page
 * size").
 */
#include <elf.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "elf.h"
#include "hostpage.h"
#include "log.h"

#define PAGE4K 0x1000ULL

uint64_t tnd_hostpage_size(void)
{
    long p = sysconf(_SC_PAGESIZE);
    if (p < (long)PAGE4K || (p & (p - 1)) != 0)
        tnd_die("host page size %ld is not a power of two of at least 4 "
                "KiB",
                p);
    return (uint64_t)p;
}

unsigned tnd_hostpage_ro_runs(const struct tnd_elf *elf, uint64_t page,
                              struct tnd_range *out)
{
    unsigned n = 0;
    for (unsigned i = 0; i < elf->nload; i++) {
        const struct tnd_elf_seg *s = &elf->load[i];
        if (s->flags & PF_W)
            continue;
        uint64_t start = s->vaddr & ~(PAGE4K - 1);
        uint64_t end = (s->vaddr + s->memsz + PAGE4K - 1) & ~(PAGE4K - 1);
        /* Read-only neighbours that touch form one range (text, rodata). */
        while (i + 1 < elf->nload && !(elf->load[i + 1].flags & PF_W) &&
               (elf->load[i + 1].vaddr & ~(PAGE4K - 1)) == end) {
            s = &elf->load[++i];
            end = (s->vaddr + s->memsz + PAGE4K - 1) & ~(PAGE4K - 1);
        }
        start = (start + page - 1) & ~(page - 1);
        end &= ~(page - 1);
        if (start < end)
            out[n++] = (struct tnd_range){start, end};
    }
    return n;
}

bool tnd_hostpage_guest_ro(const struct tnd_elf *elf, uint64_t page, uint64_t a)
{
    const struct tnd_elf_seg *s = tnd_elf_seg_at(elf, a);
    if (s == NULL || (s->flags & PF_W))
        return false;
    struct tnd_range runs[TND_ELF_MAX_LOAD];
    unsigned n = tnd_hostpage_ro_runs(elf, page, runs);
    for (unsigned i = 0; i < n; i++)
        if (a >= runs[i].start && a < runs[i].end)
            return false;
    return true;
}

void *tnd_hostpage_ro_copy(const void *req, size_t size, const char *what)
{
    size_t page = (size_t)tnd_hostpage_size();
    void *p = mmap(NULL, page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        tnd_die_errno("cannot map %s", what);
    memcpy(p, req, size);
    if (mprotect(p, page, PROT_READ) != 0)
        tnd_die_errno("cannot protect %s", what);
    return p;
}
