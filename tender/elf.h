/* SPDX-License-Identifier: ISC */
/* elf.h: the ELF loader (elf.c): untrusted input. */
#ifndef TND_ELF_H
#define TND_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi.h"

struct tnd_elf_seg {
    uint64_t offset, vaddr, filesz, memsz, align;
    uint32_t flags; /* PF_R/PF_W/PF_X */
};

#define TND_ELF_MAX_LOAD 16

struct tnd_elf {
    uint16_t machine;
    uint64_t entry;
    unsigned nload;
    struct tnd_elf_seg load[TND_ELF_MAX_LOAD]; /* non-empty PT_LOADs */
    uint64_t load_end;   /* highest vaddr + memsz over all PT_LOADs */
    uint64_t kernel_end; /* end of the last non-empty PT_LOAD, aligned */
    struct pv_abi1 abi;
    uint8_t *mft; /* malloc'ed MFT1 content, owned by caller */
    size_t mft_size;
    bool native; /* NAT1 note present and valid */
    struct pv_native_note nat;
};

/*
 * Reads and validates the ELF file `fd` for machine `machine` (EM_*):
 * header, program headers, the ABI1 note (required: hvt, version 2),
 * MFT1 (required) and NAT1 (optional) notes. Does not look at memory size.
 * Returns 0, or -errno with a one-line reason in err (errlen bytes). On
 * success the caller owns elf->mft (free it).
 */
int tnd_elf_parse(int fd, uint16_t machine, struct tnd_elf *elf, char *err,
                  size_t errlen);

/*
 * Checks the parsed image against guest memory of mem_size bytes (entry
 * and every segment inside it, the canary inside a writable segment).
 * Returns 0 or -EINVAL with a reason in err.
 */
int tnd_elf_check_fit(const struct tnd_elf *elf, uint64_t mem_size, char *err,
                      size_t errlen);

/*
 * Copies the file bytes of each segment of the validated image from fd
 * into guest memory `mem`, which must be zero (a fresh anonymous mapping):
 * the bss is not written, so loading takes time proportional to the
 * file, whatever the segments' memory sizes. Returns 0 or -errno (short
 * read).
 */
int tnd_elf_load(const struct tnd_elf *elf, int fd, uint8_t *mem);

/*
 * The segment whose memory, rounded out to 4 KiB pages, holds guest
 * address a, or NULL (heap, stack, boot data).
 */
const struct tnd_elf_seg *tnd_elf_seg_at(const struct tnd_elf *elf, uint64_t a);

#endif
