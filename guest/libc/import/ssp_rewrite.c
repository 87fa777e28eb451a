/* SPDX-License-Identifier: ISC */
/*
 * ssp_rewrite: a build tool (host) that rewrites the stack-protector guard
 * reads of an x86_64 ELF relocatable object in place.
 *
 *   ssp_rewrite OBJECT     prints the number of instructions rewritten
 *
 * Debian builds musl with -fstack-protector-strong, so its functions read
 * the guard from the thread control block at %fs:0x28. pinvisor guests
 * have no thread control block (FS base is 0 until an application sets a
 * TLS base, and at CPL 3 address 0x28 faults), so each guard read
 *
 *   mov|sub|xor|cmp %fs:0x28, %reg      64 REX op modrm 25 28 00 00 00
 *
 * becomes the same operation with a constant of the same width,
 *
 *   mov|sub|xor|cmp $GUARD, %reg        REX' op' modrm' imm32, 66 90
 *
 * (9 bytes either way). The function keeps its frame layout and its
 * check, only the guard is a constant. The caller (musl_import.sh)
 * compares the count with objdump's and refuses any other %fs use.
 * Exit status: 0 done, 1 not a usable object.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Sign-extends to a positive 64-bit value with a zero low byte. */
#define GUARD 0x2f8a6100u

/* Rewrites one instruction at p (9 bytes); returns 1 if it was a match. */
static int rewrite(uint8_t *p)
{
    if (p[0] != 0x64 || (p[1] != 0x48 && p[1] != 0x4c))
        return 0;
    if ((p[3] & 0xc7) != 0x04 || p[4] != 0x25 || p[5] != 0x28 || p[6] || p[7] ||
        p[8])
        return 0;
    unsigned ext; /* the /digit of the 0x81 group, or 8 for mov */
    switch (p[2]) {
    case 0x8b:
        ext = 8;
        break;
    case 0x2b:
        ext = 5;
        break;
    case 0x33:
        ext = 6;
        break;
    case 0x3b:
        ext = 7;
        break;
    default:
        return 0;
    }
    unsigned reg = (p[3] >> 3) & 7;
    uint8_t rex = 0x48 | ((p[1] & 0x04) ? 0x01 : 0x00); /* REX.R -> REX.B */
    p[0] = rex;
    if (ext == 8) {
        p[1] = 0xc7;
        p[2] = (uint8_t)(0xc0 | reg);
    } else {
        p[1] = 0x81;
        p[2] = (uint8_t)(0xc0 | ext << 3 | reg);
    }
    uint32_t g = GUARD;
    memcpy(p + 3, &g, 4);
    p[7] = 0x66;
    p[8] = 0x90;
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: ssp_rewrite OBJECT\n");
        return 1;
    }
    int fd = open(argv[1], O_RDWR);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        fprintf(stderr, "ssp_rewrite: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    size_t size = (size_t)st.st_size;
    uint8_t *img = NULL;
    if (size >= sizeof(Elf64_Ehdr))
        img = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (img == NULL || img == MAP_FAILED) {
        fprintf(stderr, "ssp_rewrite: %s: cannot map\n", argv[1]);
        return 1;
    }
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
        eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_type != ET_REL ||
        eh->e_machine != EM_X86_64 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
        eh->e_shoff > size ||
        (size - eh->e_shoff) / sizeof(Elf64_Shdr) < eh->e_shnum) {
        fprintf(stderr, "ssp_rewrite: %s: not an x86_64 relocatable\n",
                argv[1]);
        return 1;
    }
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(img + eh->e_shoff);
    unsigned n = 0;
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_type != SHT_PROGBITS || !(sh[i].sh_flags & SHF_EXECINSTR))
            continue;
        if (sh[i].sh_offset > size || sh[i].sh_size > size - sh[i].sh_offset) {
            fprintf(stderr, "ssp_rewrite: %s: bad section %u\n", argv[1], i);
            return 1;
        }
        uint8_t *p = img + sh[i].sh_offset;
        for (size_t k = 0; k + 9 <= sh[i].sh_size; k++) {
            if (rewrite(p + k)) {
                n++;
                k += 8;
            }
        }
    }
    if (msync(img, size, MS_SYNC) < 0) {
        fprintf(stderr, "ssp_rewrite: %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    printf("%u\n", n);
    return 0;
}
