/* SPDX-License-Identifier: ISC */
/*
 * elf.c: reads a unikernel ELF image. The file is untrusted: every field is
 * checked before use, every offset and size with overflow-safe arithmetic,
 * and nothing is loaded until the whole image has been validated.
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi.h"
#include "elf.h"

#define MAX_PHNUM 64
#define PAGE 4096ULL

#define FAIL(code, ...)                                                        \
    do {                                                                       \
        snprintf(err, errlen, __VA_ARGS__);                                    \
        return -(code);                                                        \
    } while (0)

static int read_at(int fd, void *buf, size_t len, uint64_t off)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n =
            pread(fd, (char *)buf + done, len - done, (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        done += (size_t)n;
    }
    return 0;
}

static int check_header(const Elf64_Ehdr *h, uint16_t machine, char *err,
                        size_t errlen)
{
    if (memcmp(h->e_ident, ELFMAG, SELFMAG) != 0)
        FAIL(ENOEXEC, "not an ELF file");
    if (h->e_ident[EI_CLASS] != ELFCLASS64)
        FAIL(ENOEXEC, "not a 64-bit ELF file");
    if (h->e_ident[EI_DATA] != ELFDATA2LSB)
        FAIL(ENOEXEC, "not a little-endian ELF file");
    if (h->e_ident[EI_VERSION] != EV_CURRENT || h->e_version != EV_CURRENT)
        FAIL(ENOEXEC, "unsupported ELF version");
    if (h->e_type != ET_EXEC)
        FAIL(ENOEXEC, "not an executable (ET_EXEC) ELF file");
    if (h->e_machine != machine)
        FAIL(ENOEXEC, "ELF machine %u is not this host's (%u)", h->e_machine,
             machine);
    if (h->e_ehsize != sizeof(Elf64_Ehdr))
        FAIL(ENOEXEC, "bad ELF header size %u", h->e_ehsize);
    if (h->e_phentsize != sizeof(Elf64_Phdr))
        FAIL(ENOEXEC, "bad program header size %u", h->e_phentsize);
    if (h->e_phnum == 0 || h->e_phnum > MAX_PHNUM)
        FAIL(ENOEXEC, "bad program header count %u", h->e_phnum);
    if (h->e_entry < PV_GUEST_MIN_BASE)
        FAIL(ENOEXEC, "entry point 0x%llx below 0x%lx",
             (unsigned long long)h->e_entry, PV_GUEST_MIN_BASE);
    return 0;
}

static bool is_pow2(uint64_t x)
{
    return x != 0 && (x & (x - 1)) == 0;
}

/* Records one PT_LOAD after checking it against the previous ones. */
static int add_load(struct tnd_elf *elf, const Elf64_Phdr *p,
                    uint64_t file_size, uint64_t *prev_end, char *err,
                    size_t errlen)
{
    uint64_t align = p->p_align ? p->p_align : 1;
    if (!is_pow2(align))
        FAIL(ENOEXEC, "segment alignment 0x%llx is not a power of two",
             (unsigned long long)p->p_align);
    if (align > (1ULL << 30))
        FAIL(ENOEXEC, "segment alignment 0x%llx is above 1 GiB",
             (unsigned long long)p->p_align);
    if (p->p_filesz > p->p_memsz)
        FAIL(ENOEXEC, "segment file size exceeds its memory size");
    if (p->p_offset > file_size || p->p_filesz > file_size - p->p_offset)
        FAIL(ENOEXEC, "segment extends beyond the end of the file");
    if (p->p_vaddr < PV_GUEST_MIN_BASE)
        FAIL(ENOEXEC, "segment at 0x%llx below 0x%lx",
             (unsigned long long)p->p_vaddr, PV_GUEST_MIN_BASE);
    if (p->p_vaddr > UINT32_MAX || p->p_memsz > UINT32_MAX)
        FAIL(ENOEXEC, "segment beyond 4 GiB");
    uint64_t start = p->p_vaddr & ~(align - 1);
    uint64_t end = (p->p_vaddr + p->p_memsz + align - 1) & ~(align - 1);
    if ((start & (PAGE - 1)) || (end & (PAGE - 1)))
        FAIL(ENOEXEC, "segment at 0x%llx is not page aligned",
             (unsigned long long)p->p_vaddr);
    if (start < *prev_end)
        FAIL(ENOEXEC, "segments overlap or are not in ascending order");
    if ((p->p_flags & PF_W) && (p->p_flags & PF_X))
        FAIL(ENOEXEC, "segment at 0x%llx is writable and executable",
             (unsigned long long)p->p_vaddr);
    if (elf->nload == TND_ELF_MAX_LOAD)
        FAIL(ENOEXEC, "more than %d loadable segments", TND_ELF_MAX_LOAD);
    struct tnd_elf_seg *s = &elf->load[elf->nload++];
    s->offset = p->p_offset;
    s->vaddr = p->p_vaddr;
    s->filesz = p->p_filesz;
    s->memsz = p->p_memsz;
    s->align = align;
    s->flags = p->p_flags;
    *prev_end = end;
    if (p->p_vaddr + p->p_memsz > elf->load_end)
        elf->load_end = p->p_vaddr + p->p_memsz;
    if (p->p_filesz > 0)
        elf->kernel_end = end;
    return 0;
}

struct note_want {
    const char *name;
    uint32_t type;
    uint64_t align; /* content alignment */
    uint32_t max;   /* largest n_descsz */
    void *out;      /* fixed-size destination, or NULL for the MFT */
    size_t out_size;
    bool found;
};

/*
 * Reads the first note of one PT_NOTE. Unknown names or types are skipped;
 * a wanted note is checked and copied out.
 */
static int read_note(int fd, const Elf64_Phdr *p, uint64_t file_size,
                     struct note_want *want, size_t nwant, struct tnd_elf *elf,
                     char *err, size_t errlen)
{
    if (p->p_filesz == 0)
        return 0; /* an empty PT_NOTE holds no note */
    if (p->p_offset > file_size || p->p_filesz > file_size - p->p_offset)
        FAIL(ENOEXEC, "note does not fall within the file");
    if (p->p_filesz < 12)
        FAIL(ENOEXEC, "note does not fall within valid size");
    Elf64_Nhdr nh;
    char name[16] = {0};
    int rc = read_at(fd, &nh, sizeof nh, p->p_offset);
    if (rc)
        FAIL(-rc, "cannot read note header");
    if (nh.n_namesz == 0 || nh.n_namesz > sizeof name - 1)
        return 0;
    uint64_t hdr = 12 + ((nh.n_namesz + 3ULL) & ~3ULL);
    if (p->p_filesz < hdr)
        return 0;
    rc = read_at(fd, name, nh.n_namesz, p->p_offset + 12);
    if (rc)
        FAIL(-rc, "cannot read note name");
    for (size_t i = 0; i < nwant; i++) {
        struct note_want *w = &want[i];
        if (nh.n_type != w->type || nh.n_namesz != strlen(w->name) + 1 ||
            memcmp(name, w->name, nh.n_namesz) != 0)
            continue;
        if (w->found)
            FAIL(ENOEXEC, "duplicate %.4s note", (const char *)&w->type);
        uint64_t pad = ((hdr + w->align - 1) & ~(w->align - 1)) - hdr;
        if (nh.n_descsz < 1 || nh.n_descsz > w->max || nh.n_descsz <= pad ||
            p->p_filesz < hdr + nh.n_descsz)
            FAIL(ENOEXEC, "note does not fall within valid size");
        size_t size = nh.n_descsz - pad;
        uint64_t off = p->p_offset + hdr + pad;
        if (w->out) {
            if (size != w->out_size)
                FAIL(ENOEXEC, "%.4s note has size %zu, expected %zu",
                     (const char *)&w->type, size, w->out_size);
            rc = read_at(fd, w->out, size, off);
        } else {
            elf->mft = malloc(size);
            if (elf->mft == NULL)
                FAIL(ENOMEM, "out of memory");
            elf->mft_size = size;
            rc = read_at(fd, elf->mft, size, off);
        }
        if (rc)
            FAIL(-rc, "cannot read note content");
        w->found = true;
        return 0;
    }
    return 0;
}

static int check_native(const struct tnd_elf *elf, char *err, size_t errlen)
{
    const struct pv_native_note *n = &elf->nat;
    if (n->version != PV_NATIVE_VERSION)
        FAIL(ENOEXEC, "unsupported native-mode note version %u", n->version);
    if (n->flags != PV_NATIVE_F_CPL3)
        FAIL(ENOEXEC, "unsupported native-mode flags 0x%x", n->flags);
    if (n->canary_gpa == 0)
        return 0;
    if (n->canary_gpa & 7)
        FAIL(ENOEXEC, "stack-protector canary address is misaligned");
    for (unsigned i = 0; i < elf->nload; i++) {
        const struct tnd_elf_seg *s = &elf->load[i];
        /* Written without additions that could wrap around. */
        if ((s->flags & PF_W) && s->memsz >= 8 && n->canary_gpa >= s->vaddr &&
            n->canary_gpa - s->vaddr <= s->memsz - 8)
            return 0;
    }
    FAIL(ENOEXEC, "stack-protector canary is not in a writable segment");
}

int tnd_elf_parse(int fd, uint16_t machine, struct tnd_elf *elf, char *err,
                  size_t errlen)
{
    memset(elf, 0, sizeof *elf);
    struct stat st;
    if (fstat(fd, &st) != 0)
        FAIL(errno, "cannot stat the file: %s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        FAIL(ENOEXEC, "not a regular file");
    uint64_t file_size = (uint64_t)st.st_size;

    Elf64_Ehdr h;
    if (file_size < sizeof h)
        FAIL(ENOEXEC, "file too short for an ELF header");
    int rc = read_at(fd, &h, sizeof h, 0);
    if (rc)
        FAIL(-rc, "cannot read the ELF header");
    rc = check_header(&h, machine, err, errlen);
    if (rc)
        return rc;
    uint64_t ph_size = (uint64_t)h.e_phnum * sizeof(Elf64_Phdr);
    if (h.e_phoff > file_size || ph_size > file_size - h.e_phoff)
        FAIL(ENOEXEC, "program headers extend beyond the end of the file");
    Elf64_Phdr ph[MAX_PHNUM];
    rc = read_at(fd, ph, ph_size, h.e_phoff);
    if (rc)
        FAIL(-rc, "cannot read the program headers");

    elf->machine = machine;
    elf->entry = h.e_entry;
    uint64_t prev_end = 0;
    struct note_want want[] = {
        {PV_NOTE_SOLO5_NAME, PV_NOTE_ABI1, 4, PV_NOTE_ABI1_MAX, &elf->abi,
         sizeof elf->abi, false},
        {PV_NOTE_SOLO5_NAME, PV_NOTE_MFT1, 8, PV_NOTE_MFT1_MAX, NULL, 0, false},
        {PV_NOTE_PINVISOR_NAME, PV_NOTE_NAT1, 8, 64, &elf->nat, sizeof elf->nat,
         false},
    };
    for (unsigned i = 0; i < h.e_phnum; i++) {
        const Elf64_Phdr *p = &ph[i];
        if (p->p_type == PT_LOAD && p->p_memsz > 0)
            rc = add_load(elf, p, file_size, &prev_end, err, errlen);
        else if (p->p_type == PT_NOTE)
            rc = read_note(fd, p, file_size, want, 3, elf, err, errlen);
        if (rc)
            goto fail;
    }
    rc = -ENOEXEC;
    if (elf->nload == 0) {
        snprintf(err, errlen, "no loadable segment");
        goto fail;
    }
    if (!want[0].found) {
        snprintf(err, errlen, "no Solo5 ABI1 note: not a Solo5 hvt unikernel");
        goto fail;
    }
    if (elf->abi.abi_target != PV_ABI_TARGET_HVT) {
        snprintf(err, errlen, "built for Solo5 target %u, not hvt (1)",
                 elf->abi.abi_target);
        goto fail;
    }
    if (elf->abi.abi_version != PV_HVT_ABI_VERSION) {
        snprintf(err, errlen,
                 "built for hvt ABI version %u, this tender "
                 "runs version %u",
                 elf->abi.abi_version, PV_HVT_ABI_VERSION);
        goto fail;
    }
    if (!want[1].found) {
        snprintf(err, errlen, "no Solo5 MFT1 (manifest) note");
        goto fail;
    }
    elf->native = want[2].found;
    if (elf->native && (rc = check_native(elf, err, errlen)) != 0)
        goto fail;
    return 0;
fail:
    free(elf->mft);
    elf->mft = NULL;
    return rc;
}

int tnd_elf_check_fit(const struct tnd_elf *elf, uint64_t mem_size, char *err,
                      size_t errlen)
{
    if (elf->entry >= mem_size)
        FAIL(EINVAL, "entry point 0x%llx is outside guest memory",
             (unsigned long long)elf->entry);
    for (unsigned i = 0; i < elf->nload; i++) {
        const struct tnd_elf_seg *s = &elf->load[i];
        uint64_t end = (s->vaddr + s->memsz + s->align - 1) & ~(s->align - 1);
        if (end > mem_size)
            FAIL(EINVAL,
                 "segment at 0x%llx does not fit in guest memory "
                 "(0x%llx bytes); try a larger --mem",
                 (unsigned long long)s->vaddr, (unsigned long long)mem_size);
    }
    return 0;
}

int tnd_elf_load(const struct tnd_elf *elf, int fd, uint8_t *mem)
{
    for (unsigned i = 0; i < elf->nload; i++) {
        const struct tnd_elf_seg *s = &elf->load[i];
        int rc = read_at(fd, mem + s->vaddr, s->filesz, s->offset);
        if (rc)
            return rc;
        /* The bss is already zero: writing it would cost memsz, not size. */
    }
    return 0;
}

const struct tnd_elf_seg *tnd_elf_seg_at(const struct tnd_elf *elf, uint64_t a)
{
    for (unsigned i = 0; i < elf->nload; i++) {
        const struct tnd_elf_seg *s = &elf->load[i];
        uint64_t start = s->vaddr & ~(PAGE - 1);
        uint64_t end = (s->vaddr + s->memsz + PAGE - 1) & ~(PAGE - 1);
        if (a >= start && a < end)
            return s;
    }
    return NULL;
}
