/* SPDX-License-Identifier: ISC */
/*
 * fuzz_elf.c: libFuzzer target for the ELF loader and the manifest
 * (tender/elf.c, tender/mft.c): the input is a unikernel file. An image
 * the loader accepts is checked against guest memory and loaded, and a
 * manifest the validator accepts must keep the promises it makes.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../tender/abi.h"
#include "../tender/elf.h"
#include "../tender/mft.h"

#define MEM (64ULL << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A validated manifest: names unique, each found by name at its index. */
static void check_manifest(struct pv_mft *m)
{
    if (m->entries < 1 || m->entries > PV_MFT_MAX_ENTRIES)
        __builtin_trap();
    for (uint32_t i = 1; i < m->entries; i++) {
        const char *name = m->e[i].name;
        if (strnlen(name, PV_MFT_NAME_SIZE) == PV_MFT_NAME_SIZE)
            __builtin_trap();
        if (tnd_mft_find(m, name, 0) != &m->e[i])
            __builtin_trap();
        if (tnd_mft_get(m, i, m->e[i].type) != &m->e[i])
            __builtin_trap();
        (void)tnd_mft_type_name(m->e[i].type);
    }
    if (tnd_mft_get(m, 0, PV_MFT_RESERVED_FIRST) != NULL ||
        tnd_mft_get(m, m->entries, PV_MFT_DEV_GPIO_BASIC) != NULL)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static uint8_t *mem;
    if (fd < 0) {
        fd = memfd_create("fuzz-elf", 0);
        mem = mmap(NULL, MEM, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (fd < 0 || mem == MAP_FAILED)
            abort();
    }
    if (ftruncate(fd, 0) != 0 ||
        (size && pwrite(fd, data, size, 0) != (ssize_t)size))
        abort();
    struct tnd_elf elf;
    char err[256];
    if (tnd_elf_parse(fd, EM_X86_64, &elf, err, sizeof err) != 0) {
        if (elf.mft != NULL || strnlen(err, sizeof err) == 0)
            __builtin_trap(); /* a refusal hands out nothing, says why */
        return 0;
    }
    if (tnd_mft_validate(elf.mft, elf.mft_size, err, sizeof err) == 0)
        check_manifest((struct pv_mft *)elf.mft);
    if (tnd_elf_check_fit(&elf, MEM, err, sizeof err) == 0) {
        if (tnd_elf_load(&elf, fd, mem) != 0)
            __builtin_trap(); /* validated segments lie inside the file */
        for (unsigned i = 0; i < elf.nload; i++) /* leave the memory zero */
            memset(mem + elf.load[i].vaddr, 0, elf.load[i].filesz);
    }
    free(elf.mft);
    return 0;
}
