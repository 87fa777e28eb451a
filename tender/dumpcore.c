/* SPDX-License-Identifier: ISC */
/*
 * dumpcore.c: writes the guest as an ELF core file that gdb opens with
 * the unikernel's image: one PT_NOTE (NT_PRSTATUS and NT_FPREGSET, in the
 * host's core-file layouts, tnd_arch_core_regs) and one PT_LOAD of guest
 * memory at address 0 (guest virtual = guest physical). Runs inside the
 * sandbox: only pwrite64, mincore and fsync on the file it is given, no
 * allocation. Pages the guest never touched are left as holes.
 */
#include <elf.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arch.h"
#include "dumpcore.h"
#include "hostpage.h"
#include "vm.h"

#define PAGE 4096u
#define CHUNK 4096u /* host pages per mincore call */

/* One note: header, "CORE" padded to 8, descriptor padded to 4. */
struct core_note {
    Elf64_Nhdr h;
    char name[8];
};

static size_t add_note(uint8_t *buf, size_t at, uint32_t type, const void *desc,
                       size_t size)
{
    struct core_note n = {
        .h = {.n_namesz = 5, .n_descsz = (Elf64_Word)size, .n_type = type},
        .name = "CORE"};
    memcpy(buf + at, &n, sizeof n);
    memcpy(buf + at + sizeof n, desc, size);
    return at + sizeof n + ((size + 3) & ~(size_t)3);
}

static int put(int fd, const void *buf, size_t len, uint64_t off)
{
    while (len > 0) {
        ssize_t n = pwrite(fd, buf, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        buf = (const uint8_t *)buf + n;
        len -= (size_t)n;
        off += (uint64_t)n;
    }
    return 0;
}

/*
 * Writes the host pages that are in memory (mincore's unit is the host's
 * page: 4, 16 or 64 KiB); counts them in *written as 4 KiB pages.
 */
static int put_memory(int fd, struct tnd_vm *vm, uint64_t base,
                      uint64_t *written)
{
    static unsigned char vec[CHUNK];
    static const uint8_t zero[1];
    uint64_t hp = tnd_hostpage_size();
    uint64_t nhp = (vm->mem_size + hp - 1) / hp;
    for (uint64_t first = 0; first < nhp; first += CHUNK) {
        uint64_t n = nhp - first < CHUNK ? nhp - first : CHUNK;
        if (mincore(vm->mem + first * hp, n * hp, vec) < 0)
            return -errno;
        for (uint64_t i = 0; i < n; i++) {
            uint64_t off = (first + i) * hp;
            uint64_t len = vm->mem_size - off < hp ? vm->mem_size - off : hp;
            if (!(vec[i] & 1))
                continue;
            int rc = put(fd, vm->mem + off, len, base + off);
            if (rc)
                return rc;
            *written += (len + PAGE - 1) / PAGE;
        }
    }
    /* The file ends where guest memory does, holes or not. */
    return put(fd, zero, 1, base + vm->mem_size - 1);
}

int tnd_dumpcore_write(struct tnd_vm *vm, int fd, uint64_t *pages)
{
    static prstatus_t prs;
    static elf_fpregset_t fp;
    memset(&prs, 0, sizeof prs);
    prs.pr_pid = 1;
    if (tnd_arch_core_regs(vm, &prs.pr_reg, &fp))
        return -EIO;

    static uint8_t head[PAGE];
    memset(head, 0, sizeof head);
    size_t notes = sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr);
    size_t end = add_note(head, notes, NT_PRSTATUS, &prs, sizeof prs);
    end = add_note(head, end, NT_FPREGSET, &fp, sizeof fp);
    _Static_assert(sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr) +
                           2 * sizeof(struct core_note) + sizeof prs +
                           sizeof fp + 8 <=
                       PAGE,
                   "the core file's headers fit in one page");

    Elf64_Ehdr eh = {
        .e_ident = {ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB,
                    EV_CURRENT, ELFOSABI_NONE},
        .e_type = ET_CORE,
        .e_machine = tnd_arch_elf_machine,
        .e_version = EV_CURRENT,
        .e_phoff = sizeof(Elf64_Ehdr),
        .e_ehsize = sizeof(Elf64_Ehdr),
        .e_phentsize = sizeof(Elf64_Phdr),
        .e_phnum = 2,
    };
    Elf64_Phdr ph[2] = {
        {.p_type = PT_NOTE,
         .p_offset = notes,
         .p_filesz = end - notes,
         .p_align = 4},
        {.p_type = PT_LOAD,
         .p_flags = PF_R | PF_W | PF_X,
         .p_offset = PAGE,
         .p_filesz = vm->mem_size,
         .p_memsz = vm->mem_size,
         .p_align = PAGE},
    };
    memcpy(head, &eh, sizeof eh);
    memcpy(head + sizeof eh, ph, sizeof ph);

    *pages = 0;
    int rc = put(fd, head, PAGE, 0);
    if (rc == 0)
        rc = put_memory(fd, vm, PAGE, pages);
    if (rc == 0 && fsync(fd) < 0)
        rc = -errno;
    return rc;
}
