/* SPDX-License-Identifier: ISC */
/*
 * test_elf.c: the ELF loader (tender/elf.c) against images built here.
 *
 * img_init() assembles a small valid Solo5 hvt unikernel in memory; each
 * test breaks one field, writes the image to a memfd and checks that
 * tnd_elf_parse() refuses it with -ENOEXEC and a message saying why.
 *
 * Layout of the image (file offsets):
 *   0x0000  ELF header
 *   0x0040  program headers (PH_SLOTS slots; e_phnum says how many count)
 *   0x0500  ABI1 note   "Solo5", content at +20
 *   0x0540  MFT1 note   "Solo5", 4 pad bytes, content at +24
 *   0x0700  NAT1 note   "pinvisor", content at +24 (native images only)
 *   0x1000  text  R+X   vaddr 0x100000, 0x1000 bytes
 *   0x2000  data  R+W   vaddr 0x101000, 0x800 bytes in the file, 0x1800
 *                       in memory (0x1000 bytes of bss)
 */
#include <criterion/criterion.h>
#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../tender/abi.h"
#include "../../tender/elf.h"

#define IMG_SIZE 0x2800
#define PH_SLOTS 20
#define OFF_PH 0x40
#define OFF_ABI 0x500
#define OFF_MFT 0x540
#define OFF_NAT 0x700
#define OFF_TEXT 0x1000
#define OFF_DATA 0x2000
#define TEXT_VA 0x100000
#define TEXT_SIZE 0x1000
#define DATA_VA 0x101000
#define DATA_FILESZ 0x800
#define DATA_MEMSZ 0x1800
#define MFT_ENTRIES 2
#define MFT_SIZE (8 + 104 * MFT_ENTRIES)
#define KERNEL_END 0x103000 /* DATA_VA + DATA_MEMSZ, page aligned */
#define CANARY_VA 0x101ff8  /* in the data segment's bss */

/* Program header slots of the default image. */
enum { PH_TEXT, PH_DATA, PH_ABI, PH_MFT, PH_NAT };

struct img {
    uint8_t *buf; /* IMG_SIZE bytes, malloc'ed: typed through the views */
    size_t len;   /* bytes that reach the file */
    Elf64_Ehdr *eh;
    Elf64_Phdr *ph;
    Elf64_Nhdr *abi_nh, *mft_nh, *nat_nh;
    struct pv_abi1 *abi;
    struct pv_mft *mft;
    struct pv_native_note *nat;
};

static Elf64_Nhdr *put_note(uint8_t *at, const char *name, uint32_t type,
                            uint32_t descsz)
{
    Elf64_Nhdr *nh = (Elf64_Nhdr *)at;
    nh->n_namesz = (uint32_t)strlen(name) + 1;
    nh->n_descsz = descsz;
    nh->n_type = type;
    memcpy(at + sizeof *nh, name, nh->n_namesz);
    return nh;
}

static void put_phdr(Elf64_Phdr *p, uint32_t type, uint32_t flags, uint64_t off,
                     uint64_t vaddr, uint64_t filesz, uint64_t memsz,
                     uint64_t align)
{
    p->p_type = type;
    p->p_flags = flags;
    p->p_offset = off;
    p->p_vaddr = vaddr;
    p->p_paddr = vaddr;
    p->p_filesz = filesz;
    p->p_memsz = memsz;
    p->p_align = align;
}

/* A valid image; with `native`, one that also asks for native mode. */
static void img_init(struct img *im, bool native)
{
    im->buf = calloc(1, IMG_SIZE);
    cr_assert_not_null(im->buf);
    im->len = IMG_SIZE;

    im->eh = (Elf64_Ehdr *)im->buf;
    memcpy(im->eh->e_ident, ELFMAG, SELFMAG);
    im->eh->e_ident[EI_CLASS] = ELFCLASS64;
    im->eh->e_ident[EI_DATA] = ELFDATA2LSB;
    im->eh->e_ident[EI_VERSION] = EV_CURRENT;
    im->eh->e_type = ET_EXEC;
    im->eh->e_machine = EM_X86_64;
    im->eh->e_version = EV_CURRENT;
    im->eh->e_entry = TEXT_VA;
    im->eh->e_phoff = OFF_PH;
    im->eh->e_ehsize = sizeof(Elf64_Ehdr);
    im->eh->e_phentsize = sizeof(Elf64_Phdr);
    im->eh->e_phnum = native ? 5 : 4;

    im->ph = (Elf64_Phdr *)(im->buf + OFF_PH);
    put_phdr(&im->ph[PH_TEXT], PT_LOAD, PF_R | PF_X, OFF_TEXT, TEXT_VA,
             TEXT_SIZE, TEXT_SIZE, 0x1000);
    put_phdr(&im->ph[PH_DATA], PT_LOAD, PF_R | PF_W, OFF_DATA, DATA_VA,
             DATA_FILESZ, DATA_MEMSZ, 0x1000);

    im->abi_nh = put_note(im->buf + OFF_ABI, PV_NOTE_SOLO5_NAME, PV_NOTE_ABI1,
                          sizeof(struct pv_abi1));
    im->abi = (struct pv_abi1 *)(im->buf + OFF_ABI + 20);
    im->abi->abi_target = PV_ABI_TARGET_HVT;
    im->abi->abi_version = PV_HVT_ABI_VERSION;
    put_phdr(&im->ph[PH_ABI], PT_NOTE, PF_R, OFF_ABI, 0, 20 + 16, 0, 4);

    im->mft_nh = put_note(im->buf + OFF_MFT, PV_NOTE_SOLO5_NAME, PV_NOTE_MFT1,
                          4 + MFT_SIZE);
    im->mft = (struct pv_mft *)(im->buf + OFF_MFT + 24);
    im->mft->version = PV_MFT_VERSION;
    im->mft->entries = MFT_ENTRIES;
    im->mft->e[0].type = PV_MFT_RESERVED_FIRST;
    strcpy(im->mft->e[1].name, "disk0");
    im->mft->e[1].type = PV_MFT_DEV_BLOCK_BASIC;
    put_phdr(&im->ph[PH_MFT], PT_NOTE, PF_R, OFF_MFT, 0, 24 + MFT_SIZE, 0, 8);

    im->nat_nh = put_note(im->buf + OFF_NAT, PV_NOTE_PINVISOR_NAME,
                          PV_NOTE_NAT1, sizeof(struct pv_native_note));
    im->nat = (struct pv_native_note *)(im->buf + OFF_NAT + 24);
    im->nat->version = PV_NATIVE_VERSION;
    im->nat->flags = PV_NATIVE_F_CPL3;
    im->nat->canary_gpa = CANARY_VA;
    put_phdr(&im->ph[PH_NAT], PT_NOTE, PF_R, OFF_NAT, 0, 24 + 16, 0, 8);

    for (unsigned i = 0; i < TEXT_SIZE; i++)
        im->buf[OFF_TEXT + i] = (uint8_t)(i ^ 0x5a);
    for (unsigned i = 0; i < DATA_FILESZ; i++)
        im->buf[OFF_DATA + i] = (uint8_t)(i * 7 + 1);
}

static int img_fd(const struct img *im)
{
    int fd = memfd_create("test-elf", 0);
    cr_assert_geq(fd, 0, "memfd_create: %s", strerror(errno));
    cr_assert_eq(write(fd, im->buf, im->len), (ssize_t)im->len);
    return fd;
}

static int img_parse(const struct img *im, struct tnd_elf *elf, char *err,
                     size_t errlen)
{
    int fd = img_fd(im);
    int rc = tnd_elf_parse(fd, EM_X86_64, elf, err, errlen);
    close(fd);
    return rc;
}

/* Parses the image, expects it refused with a message containing `why`. */
static void expect_reject(struct img *im, const char *why)
{
    struct tnd_elf elf;
    char err[256] = "";
    int rc = img_parse(im, &elf, err, sizeof err);
    cr_assert_eq(rc, -ENOEXEC, "rc %d (err \"%s\"), expected -ENOEXEC", rc,
                 err);
    cr_assert_not_null(strstr(err, why), "err \"%s\" does not say \"%s\"", err,
                       why);
    cr_assert_null(elf.mft, "no manifest is handed out on failure");
    free(im->buf);
}

static void expect_accept(struct img *im, struct tnd_elf *elf)
{
    char err[256] = "";
    int rc = img_parse(im, elf, err, sizeof err);
    cr_assert_eq(rc, 0, "rc %d: %s", rc, err);
}

/* --- valid images -------------------------------------------------------- */

Test(elf, valid_image_parses_entry_segments_and_notes)
{
    struct img im;
    img_init(&im, false);
    struct tnd_elf elf;
    expect_accept(&im, &elf);

    cr_assert_eq(elf.machine, EM_X86_64);
    cr_assert_eq(elf.entry, TEXT_VA);
    cr_assert_eq(elf.nload, 2);
    cr_assert_eq(elf.load[0].offset, OFF_TEXT);
    cr_assert_eq(elf.load[0].vaddr, TEXT_VA);
    cr_assert_eq(elf.load[0].filesz, TEXT_SIZE);
    cr_assert_eq(elf.load[0].memsz, TEXT_SIZE);
    cr_assert_eq(elf.load[0].align, 0x1000);
    cr_assert_eq(elf.load[0].flags, PF_R | PF_X);
    cr_assert_eq(elf.load[1].offset, OFF_DATA);
    cr_assert_eq(elf.load[1].vaddr, DATA_VA);
    cr_assert_eq(elf.load[1].filesz, DATA_FILESZ);
    cr_assert_eq(elf.load[1].memsz, DATA_MEMSZ);
    cr_assert_eq(elf.load[1].flags, PF_R | PF_W);
    cr_assert_eq(elf.load_end, DATA_VA + DATA_MEMSZ);
    cr_assert_eq(elf.kernel_end, KERNEL_END);

    cr_assert_eq(elf.abi.abi_target, PV_ABI_TARGET_HVT);
    cr_assert_eq(elf.abi.abi_version, PV_HVT_ABI_VERSION);
    cr_assert_not_null(elf.mft);
    cr_assert_eq(elf.mft_size, MFT_SIZE);
    cr_assert_eq(memcmp(elf.mft, im.mft, MFT_SIZE), 0,
                 "manifest copied from the content, past the padding");
    cr_assert_not(elf.native);
    free(elf.mft);
    free(im.buf);
}

Test(elf, native_note_sets_native_mode_and_canary)
{
    struct img im;
    img_init(&im, true);
    struct tnd_elf elf;
    expect_accept(&im, &elf);
    cr_assert(elf.native);
    cr_assert_eq(elf.nat.version, PV_NATIVE_VERSION);
    cr_assert_eq(elf.nat.flags, PV_NATIVE_F_CPL3);
    cr_assert_eq(elf.nat.canary_gpa, CANARY_VA);
    free(elf.mft);
    free(im.buf);
}

Test(elf, native_note_without_canary_is_accepted)
{
    struct img im;
    img_init(&im, true);
    im.nat->canary_gpa = 0;
    struct tnd_elf elf;
    expect_accept(&im, &elf);
    cr_assert(elf.native);
    cr_assert_eq(elf.nat.canary_gpa, 0);
    free(elf.mft);
    free(im.buf);
}

Test(elf, canary_in_last_eight_bytes_of_writable_segment_is_accepted)
{
    struct img im;
    img_init(&im, true);
    im.nat->canary_gpa = DATA_VA + DATA_MEMSZ - 8;
    struct tnd_elf elf;
    expect_accept(&im, &elf);
    free(elf.mft);
    free(im.buf);
}

Test(elf, unknown_notes_and_empty_headers_are_skipped)
{
    struct img im;
    img_init(&im, false);
    /* A GNU build-id style note, an empty PT_NOTE, an empty PT_LOAD. */
    put_note(im.buf + 0x780, "GNU", NT_GNU_BUILD_ID, 4);
    put_phdr(&im.ph[4], PT_NOTE, PF_R, 0x780, 0, 20, 0, 4);
    put_phdr(&im.ph[5], PT_NOTE, PF_R, 0x7c0, 0, 0, 0, 4);
    put_phdr(&im.ph[6], PT_LOAD, PF_R, 0, 0, 0, 0, 0x1000);
    put_phdr(&im.ph[7], PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16);
    im.eh->e_phnum = 8;
    struct tnd_elf elf;
    expect_accept(&im, &elf);
    cr_assert_eq(elf.nload, 2, "the empty PT_LOAD is not a segment");
    cr_assert_not(elf.native);
    free(elf.mft);
    free(im.buf);
}

Test(elf, kernel_end_is_aligned_end_of_last_segment_with_file_data)
{
    struct img im;
    img_init(&im, false);
    /* Data ends mid-page: kernel_end is rounded up to its alignment. */
    im.ph[PH_DATA].p_memsz = 0x1234;
    struct tnd_elf elf;
    expect_accept(&im, &elf);
    cr_assert_eq(elf.load_end, DATA_VA + 0x1234);
    cr_assert_eq(elf.kernel_end, DATA_VA + 0x2000);
    free(elf.mft);
    free(im.buf);
}

/* --- the ELF header ------------------------------------------------------ */

Test(elf, rejects_bad_magic)
{
    struct img im;
    img_init(&im, false);
    im.eh->e_ident[EI_MAG1] = 'X';
    expect_reject(&im, "not an ELF file");
}

Test(elf, rejects_32_bit_class)
{
    struct img im;
    img_init(&im, false);
    im.eh->e_ident[EI_CLASS] = ELFCLASS32;
    expect_reject(&im, "not a 64-bit ELF file");
}

Test(elf, rejects_big_endian)
{
    struct img im;
    img_init(&im, false);
    im.eh->e_ident[EI_DATA] = ELFDATA2MSB;
    expect_reject(&im, "not a little-endian ELF file");
}

Test(elf, rejects_wrong_ident_version)
{
    struct img im;
    img_init(&im, false);
    im.eh->e_ident[EI_VERSION] = EV_NONE;
    expect_reject(&im, "unsupported ELF version");
}

Test(elf, rejects_wrong_header_version)
{
    struct img im;
    img_init(&im, false);
    im.eh->e_version = 2;
    expect_reject(&im, "unsupported ELF version");
}

Test(elf, rejects_shared_object)
{
    struct img im;
    img_init(&im, false);
    im.eh->e_type = ET_DYN;
    expect_reject(&im, "not an executable (ET_EXEC)");
}

Test(elf, rejects_other_machine)
{
    struct img im;
    img_init(&im, false);
    im.eh->e_machine = EM_AARCH64;
    expect_reject(&im, "ELF machine 183 is not this host's (62)");
}

Test(elf, rejects_bad_header_size)
{
    struct img im;
    img_init(&im, false);
    im.eh->e_ehsize = 52;
    expect_reject(&im, "bad ELF header size 52");
}

Test(elf, rejects_bad_program_header_size)
{
    struct img im;
    img_init(&im, false);
    im.eh->e_phentsize = 32;
    expect_reject(&im, "bad program header size 32");
}

Test(elf, rejects_zero_program_headers)
{
    struct img im;
    img_init(&im, false);
    im.eh->e_phnum = 0;
    expect_reject(&im, "bad program header count 0");
}

Test(elf, rejects_more_than_64_program_headers)
{
    struct img im;
    img_init(&im, false);
    im.eh->e_phnum = 65;
    expect_reject(&im, "bad program header count 65");
}

Test(elf, rejects_program_headers_beyond_end_of_file)
{
    struct img im;
    img_init(&im, false);
    im.eh->e_phoff = IMG_SIZE - sizeof(Elf64_Phdr);
    expect_reject(&im, "program headers extend beyond the end of the file");
}

Test(elf, rejects_huge_program_header_offset)
{
    struct img im;
    img_init(&im, false);
    im.eh->e_phoff = UINT64_MAX - 8;
    expect_reject(&im, "program headers extend beyond the end of the file");
}

Test(elf, rejects_entry_below_guest_min_base)
{
    struct img im;
    img_init(&im, false);
    im.eh->e_entry = PV_GUEST_MIN_BASE - 1;
    expect_reject(&im, "entry point 0xfffff below 0x100000");
}

/* --- the file itself ----------------------------------------------------- */

Test(elf, rejects_file_shorter_than_elf_header)
{
    struct img im;
    img_init(&im, false);
    im.len = sizeof(Elf64_Ehdr) - 1;
    expect_reject(&im, "file too short for an ELF header");
}

Test(elf, rejects_empty_file)
{
    struct img im;
    img_init(&im, false);
    im.len = 0;
    expect_reject(&im, "file too short");
}

Test(elf, rejects_file_truncated_inside_a_segment)
{
    struct img im;
    img_init(&im, false);
    im.len = OFF_DATA + DATA_FILESZ / 2;
    expect_reject(&im, "segment extends beyond the end of the file");
}

Test(elf, rejects_non_regular_file)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    struct tnd_elf elf;
    char err[256] = "";
    cr_assert_eq(tnd_elf_parse(p[0], EM_X86_64, &elf, err, sizeof err),
                 -ENOEXEC);
    cr_assert_not_null(strstr(err, "not a regular file"), "err: %s", err);
    close(p[0]);
    close(p[1]);
}

Test(elf, rejects_closed_fd_with_errno)
{
    struct tnd_elf elf;
    char err[256] = "";
    cr_assert_eq(tnd_elf_parse(-1, EM_X86_64, &elf, err, sizeof err), -EBADF);
    cr_assert_not_null(strstr(err, "cannot stat"), "err: %s", err);
}

/* --- PT_LOAD segments ---------------------------------------------------- */

Test(elf, rejects_segment_beyond_end_of_file)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_DATA].p_filesz = 0x1000; /* 0x800 bytes are past the end */
    expect_reject(&im, "segment extends beyond the end of the file");
}

Test(elf, rejects_segment_with_offset_overflowing_file_size)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_DATA].p_offset = UINT64_MAX - 0x10;
    expect_reject(&im, "segment extends beyond the end of the file");
}

Test(elf, rejects_segment_file_size_above_memory_size)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_TEXT].p_memsz = TEXT_SIZE - 1;
    expect_reject(&im, "segment file size exceeds its memory size");
}

Test(elf, rejects_segment_below_guest_min_base)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_TEXT].p_vaddr = PV_GUEST_MIN_BASE - 0x1000;
    expect_reject(&im, "segment at 0xff000 below 0x100000");
}

Test(elf, rejects_segment_beyond_4_gib)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_DATA].p_vaddr = 0x100000000ULL;
    expect_reject(&im, "segment beyond 4 GiB");
}

Test(elf, rejects_segment_with_huge_memory_size)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_DATA].p_memsz = UINT64_MAX;
    expect_reject(&im, "segment beyond 4 GiB");
}

Test(elf, rejects_non_power_of_two_alignment)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_TEXT].p_align = 0x1800;
    expect_reject(&im, "segment alignment 0x1800 is not a power of two");
}

Test(elf, rejects_alignment_above_1_gib)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_TEXT].p_align = 1ULL << 31;
    expect_reject(&im, "segment alignment 0x80000000");
}

Test(elf, rejects_segment_not_page_aligned)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_TEXT].p_vaddr = TEXT_VA + 0x10;
    im.ph[PH_TEXT].p_align = 0x10;
    expect_reject(&im, "segment at 0x100010 is not page aligned");
}

Test(elf, rejects_segment_ending_off_a_page)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_TEXT].p_align = 0; /* treated as 1: no rounding */
    im.ph[PH_TEXT].p_memsz = TEXT_SIZE + 4;
    expect_reject(&im, "is not page aligned");
}

Test(elf, rejects_overlapping_segments)
{
    struct img im;
    img_init(&im, false);
    /* Data starts inside text's page. */
    im.ph[PH_DATA].p_vaddr = TEXT_VA + 0x800;
    expect_reject(&im, "segments overlap or are not in ascending order");
}

Test(elf, rejects_descending_segments)
{
    struct img im;
    img_init(&im, false);
    Elf64_Phdr t = im.ph[PH_TEXT];
    im.ph[PH_TEXT] = im.ph[PH_DATA];
    im.ph[PH_DATA] = t;
    expect_reject(&im, "segments overlap or are not in ascending order");
}

Test(elf, rejects_writable_and_executable_segment)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_DATA].p_flags = PF_R | PF_W | PF_X;
    expect_reject(&im, "segment at 0x101000 is writable and executable");
}

Test(elf, rejects_image_without_loadable_segment)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_TEXT].p_type = PT_NULL;
    im.ph[PH_DATA].p_type = PT_NULL;
    expect_reject(&im, "no loadable segment");
}

Test(elf, rejects_more_than_16_loadable_segments)
{
    struct img im;
    img_init(&im, false);
    /* Fifteen bss pages after data make seventeen PT_LOADs. */
    unsigned n = 4;
    for (unsigned i = 0; i < 15; i++)
        put_phdr(&im.ph[n++], PT_LOAD, PF_R | PF_W, 0,
                 KERNEL_END + i * 0x1000ULL, 0, 0x1000, 0x1000);
    im.eh->e_phnum = (Elf64_Half)n;
    expect_reject(&im, "more than 16 loadable segments");
}

/* --- notes --------------------------------------------------------------- */

Test(elf, rejects_missing_abi1_note)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_ABI].p_type = PT_NULL;
    expect_reject(&im, "no Solo5 ABI1 note");
}

Test(elf, abi1_note_with_other_name_does_not_count)
{
    struct img im;
    img_init(&im, false);
    memcpy(im.buf + OFF_ABI + 12, "Solo6", 5);
    expect_reject(&im, "no Solo5 ABI1 note");
}

Test(elf, rejects_abi_target_other_than_hvt)
{
    struct img im;
    img_init(&im, false);
    im.abi->abi_target = 2;
    expect_reject(&im, "built for Solo5 target 2, not hvt (1)");
}

Test(elf, rejects_hvt_abi_version_1)
{
    struct img im;
    img_init(&im, false);
    im.abi->abi_version = 1;
    expect_reject(&im, "built for hvt ABI version 1");
}

Test(elf, rejects_hvt_abi_version_3)
{
    struct img im;
    img_init(&im, false);
    im.abi->abi_version = 3;
    expect_reject(&im, "built for hvt ABI version 3");
}

Test(elf, rejects_missing_mft1_note)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_MFT].p_type = PT_NULL;
    expect_reject(&im, "no Solo5 MFT1 (manifest) note");
}

Test(elf, rejects_note_shorter_than_its_header)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_ABI].p_filesz = 11;
    expect_reject(&im, "note does not fall within valid size");
}

Test(elf, rejects_note_beyond_end_of_file)
{
    struct img im;
    img_init(&im, false);
    im.ph[PH_ABI].p_offset = IMG_SIZE - 8;
    expect_reject(&im, "note does not fall within the file");
}

Test(elf, rejects_abi1_descsz_above_max)
{
    struct img im;
    img_init(&im, false);
    im.abi_nh->n_descsz = PV_NOTE_ABI1_MAX + 4;
    im.ph[PH_ABI].p_filesz = 20 + PV_NOTE_ABI1_MAX + 4;
    expect_reject(&im, "note does not fall within valid size");
}

Test(elf, rejects_mft1_descsz_above_max)
{
    struct img im;
    img_init(&im, false);
    im.mft_nh->n_descsz = PV_NOTE_MFT1_MAX + 1;
    im.ph[PH_MFT].p_filesz = 20 + PV_NOTE_MFT1_MAX + 1;
    expect_reject(&im, "note does not fall within valid size");
}

Test(elf, rejects_note_descsz_beyond_its_pt_note)
{
    struct img im;
    img_init(&im, false);
    im.abi_nh->n_descsz = 20; /* within the max, past p_filesz 36 */
    expect_reject(&im, "note does not fall within valid size");
}

Test(elf, rejects_mft1_descsz_no_larger_than_padding)
{
    struct img im;
    img_init(&im, false);
    im.mft_nh->n_descsz = 4;
    expect_reject(&im, "note does not fall within valid size");
}

Test(elf, rejects_empty_abi1_note)
{
    struct img im;
    img_init(&im, false);
    im.abi_nh->n_descsz = 0;
    expect_reject(&im, "note does not fall within valid size");
}

Test(elf, rejects_abi1_note_of_wrong_size)
{
    struct img im;
    img_init(&im, false);
    im.abi_nh->n_descsz = 20;
    im.ph[PH_ABI].p_filesz = 40;
    expect_reject(&im, "ABI1 note has size 20, expected 16");
}

Test(elf, rejects_duplicate_abi1_note)
{
    struct img im;
    img_init(&im, false);
    im.ph[4] = im.ph[PH_ABI];
    im.eh->e_phnum = 5;
    expect_reject(&im, "duplicate ABI1 note");
}

Test(elf, rejects_duplicate_mft1_note)
{
    struct img im;
    img_init(&im, false);
    im.ph[4] = im.ph[PH_MFT];
    im.eh->e_phnum = 5;
    expect_reject(&im, "duplicate MFT1 note");
}

Test(elf, rejects_native_note_version_2)
{
    struct img im;
    img_init(&im, true);
    im.nat->version = 2;
    expect_reject(&im, "unsupported native-mode note version 2");
}

Test(elf, rejects_native_note_unknown_flags)
{
    struct img im;
    img_init(&im, true);
    im.nat->flags = PV_NATIVE_F_CPL3 | 0x80;
    expect_reject(&im, "unsupported native-mode flags 0x81");
}

Test(elf, rejects_native_note_without_cpl3_flag)
{
    struct img im;
    img_init(&im, true);
    im.nat->flags = 0;
    expect_reject(&im, "unsupported native-mode flags 0x0");
}

Test(elf, rejects_native_note_of_wrong_size)
{
    struct img im;
    img_init(&im, true);
    im.nat_nh->n_descsz = 8;
    expect_reject(&im, "NAT1 note has size 8, expected 16");
}

Test(elf, rejects_canary_in_read_only_segment)
{
    struct img im;
    img_init(&im, true);
    im.nat->canary_gpa = TEXT_VA + 0x100;
    expect_reject(&im, "canary is not in a writable segment");
}

Test(elf, rejects_canary_past_end_of_writable_segment)
{
    struct img im;
    img_init(&im, true);
    im.nat->canary_gpa = DATA_VA + DATA_MEMSZ;
    expect_reject(&im, "canary is not in a writable segment");
}

Test(elf, rejects_misaligned_canary)
{
    struct img im;
    img_init(&im, true);
    im.nat->canary_gpa = CANARY_VA + 4;
    expect_reject(&im, "canary address is misaligned");
}

/*
 * The canary's end (canary_gpa + 8) must not wrap around: a wrapped end
 * would pass the "inside a writable segment" test and the tender would
 * write the canary outside guest memory.
 */
Test(elf, rejects_canary_address_that_wraps_around)
{
    struct img im;
    img_init(&im, true);
    im.nat->canary_gpa = UINT64_MAX - 7;
    expect_reject(&im, "canary is not in a writable segment");
}

/* --- tnd_elf_check_fit --------------------------------------------------- */

Test(elf, check_fit_accepts_image_ending_exactly_at_memory_end)
{
    struct img im;
    img_init(&im, false);
    struct tnd_elf elf;
    expect_accept(&im, &elf);
    char err[256] = "";
    cr_assert_eq(tnd_elf_check_fit(&elf, KERNEL_END, err, sizeof err), 0, "%s",
                 err);
    cr_assert_eq(tnd_elf_check_fit(&elf, 512ULL << 20, err, sizeof err), 0,
                 "%s", err);
    free(elf.mft);
    free(im.buf);
}

Test(elf, check_fit_rejects_segment_beyond_memory)
{
    struct img im;
    img_init(&im, false);
    struct tnd_elf elf;
    expect_accept(&im, &elf);
    char err[256] = "";
    cr_assert_eq(tnd_elf_check_fit(&elf, KERNEL_END - 1, err, sizeof err),
                 -EINVAL);
    cr_assert_not_null(strstr(err, "segment at 0x101000 does not fit in "
                                   "guest memory"),
                       "err: %s", err);
    free(elf.mft);
    free(im.buf);
}

Test(elf, check_fit_rejects_entry_beyond_memory)
{
    struct tnd_elf elf;
    memset(&elf, 0, sizeof elf);
    elf.entry = 0x200000;
    char err[256] = "";
    cr_assert_eq(tnd_elf_check_fit(&elf, 0x200000, err, sizeof err), -EINVAL);
    cr_assert_not_null(strstr(err, "entry point 0x200000 is outside guest "
                                   "memory"),
                       "err: %s", err);
    cr_assert_eq(tnd_elf_check_fit(&elf, 0x200001, err, sizeof err), 0);
}

/* --- tnd_elf_load -------------------------------------------------------- */

/* Fresh guest memory as the tender has it: a zeroed anonymous mapping. */
static uint8_t *guest_mem(size_t size)
{
    void *m = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    cr_assert_neq(m, MAP_FAILED, "mmap: %s", strerror(errno));
    return m;
}

Test(elf, load_copies_file_bytes_and_leaves_bss_zero)
{
    struct img im;
    img_init(&im, false);
    struct tnd_elf elf;
    expect_accept(&im, &elf);
    size_t mem_size = KERNEL_END + 0x1000;
    uint8_t *mem = guest_mem(mem_size);
    memset(mem, 0xaa, TEXT_VA);
    memset(mem + DATA_VA + DATA_MEMSZ, 0xaa, mem_size - DATA_VA - DATA_MEMSZ);

    int fd = img_fd(&im);
    cr_assert_eq(tnd_elf_load(&elf, fd, mem), 0);
    close(fd);

    cr_assert_eq(memcmp(mem + TEXT_VA, im.buf + OFF_TEXT, TEXT_SIZE), 0);
    cr_assert_eq(memcmp(mem + DATA_VA, im.buf + OFF_DATA, DATA_FILESZ), 0);
    for (size_t i = DATA_VA + DATA_FILESZ; i < DATA_VA + DATA_MEMSZ; i++)
        cr_assert_eq(mem[i], 0, "bss byte at 0x%zx not zero", i);
    /* Nothing outside [vaddr, vaddr + memsz) of each segment is written. */
    for (size_t i = 0; i < TEXT_VA; i++)
        cr_assert_eq(mem[i], 0xaa, "byte 0x%zx below the image written", i);
    for (size_t i = DATA_VA + DATA_MEMSZ; i < mem_size; i++)
        cr_assert_eq(mem[i], 0xaa, "byte 0x%zx past the image written", i);
    munmap(mem, mem_size);
    free(elf.mft);
    free(im.buf);
}

/*
 * A segment of 1 GiB of bss costs nothing to load: guest memory is
 * already zero, so no page of the bss is touched (and none becomes
 * resident), and loading takes time proportional to the file.
 */
Test(elf, load_does_not_touch_a_huge_bss)
{
    struct img im;
    img_init(&im, false);
    const size_t bss = 1ULL << 30;
    im.ph[PH_DATA].p_memsz = DATA_FILESZ + bss;
    struct tnd_elf elf;
    expect_accept(&im, &elf);
    size_t mem_size = DATA_VA + DATA_FILESZ + bss + 0x1000;
    uint8_t *mem = guest_mem(mem_size);

    int fd = img_fd(&im);
    cr_assert_eq(tnd_elf_load(&elf, fd, mem), 0);
    close(fd);

    /* Pages wholly inside the bss: none may be resident. */
    size_t first = DATA_VA + 0x1000, pages = (bss - 0x1000) / 0x1000;
    unsigned char *vec = malloc(pages);
    cr_assert_not_null(vec);
    cr_assert_eq(mincore(mem + first, pages * 0x1000, vec), 0, "mincore: %s",
                 strerror(errno));
    size_t resident = 0;
    for (size_t i = 0; i < pages; i++)
        resident += vec[i] & 1;
    cr_assert_eq(resident, 0, "%zu of %zu bss pages were touched", resident,
                 pages);
    cr_assert_eq(memcmp(mem + DATA_VA, im.buf + OFF_DATA, DATA_FILESZ), 0);
    cr_assert_eq(mem[DATA_VA + DATA_FILESZ], 0);
    free(vec);
    munmap(mem, mem_size);
    free(elf.mft);
    free(im.buf);
}

Test(elf, load_reports_short_read)
{
    struct img im;
    img_init(&im, false);
    struct tnd_elf elf;
    expect_accept(&im, &elf);
    uint8_t *mem = calloc(1, KERNEL_END);
    cr_assert_not_null(mem);
    im.len = OFF_DATA + 0x10; /* the file shrank after parsing */
    int fd = img_fd(&im);
    cr_assert_lt(tnd_elf_load(&elf, fd, mem), 0);
    close(fd);
    free(mem);
    free(elf.mft);
    free(im.buf);
}
