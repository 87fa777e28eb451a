/* SPDX-License-Identifier: ISC */
/*
 * test_hostpage.c: which parts of an image's read-only segments the host
 * can protect at 4, 16 and 64 KiB pages, and which the guest's own page
 * tables must keep read-only, and the read-only page of a request the
 * sandbox allows by pointer (tender/hostpage.c).
 */
#include <criterion/criterion.h>
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "../../tender/elf.h"
#include "../../tender/hostpage.h"

#define K 0x400ULL

/* The layout of the examples: text, rodata, then data and bss. */
static struct tnd_elf hello(void)
{
    struct tnd_elf e = {.nload = 3};
    e.load[0] = (struct tnd_elf_seg){
        .vaddr = 0x100000, .memsz = 0xcfa4, .flags = PF_R | PF_X};
    e.load[1] =
        (struct tnd_elf_seg){.vaddr = 0x10d000, .memsz = 0x1090, .flags = PF_R};
    e.load[2] = (struct tnd_elf_seg){
        .vaddr = 0x10f000, .memsz = 0x194d4, .flags = PF_R | PF_W};
    return e;
}

Test(hostpage, pages_of_4k_protect_every_read_only_segment)
{
    struct tnd_elf e = hello();
    struct tnd_range r[TND_ELF_MAX_LOAD];
    cr_assert_eq(tnd_hostpage_ro_runs(&e, 4 * K, r), 1);
    cr_assert_eq(r[0].start, 0x100000);
    cr_assert_eq(r[0].end, 0x10f000); /* text and rodata joined */
    for (uint64_t a = 0x100000; a < 0x130000; a += 4 * K)
        cr_assert_not(tnd_hostpage_guest_ro(&e, 4 * K, a), "0x%llx",
                      (unsigned long long)a);
}

Test(hostpage, pages_of_16k_protect_only_whole_pages)
{
    struct tnd_elf e = hello();
    struct tnd_range r[TND_ELF_MAX_LOAD];
    cr_assert_eq(tnd_hostpage_ro_runs(&e, 16 * K, r), 1);
    cr_assert_eq(r[0].start, 0x100000);
    cr_assert_eq(r[0].end, 0x10c000); /* 0x10c000 shares a page with data */
    cr_assert_not(tnd_hostpage_guest_ro(&e, 16 * K, 0x10b000));
    cr_assert(tnd_hostpage_guest_ro(&e, 16 * K, 0x10c000));     /* text */
    cr_assert(tnd_hostpage_guest_ro(&e, 16 * K, 0x10e000));     /* rodata */
    cr_assert_not(tnd_hostpage_guest_ro(&e, 16 * K, 0x10f000)); /* data */
    cr_assert_not(tnd_hostpage_guest_ro(&e, 16 * K, 0xff000));  /* below */
}

Test(hostpage, pages_of_64k_leave_a_small_image_to_the_guest)
{
    struct tnd_elf e = hello();
    struct tnd_range r[TND_ELF_MAX_LOAD];
    cr_assert_eq(tnd_hostpage_ro_runs(&e, 64 * K, r), 0);
    for (uint64_t a = 0x100000; a < 0x10f000; a += 4 * K)
        cr_assert(tnd_hostpage_guest_ro(&e, 64 * K, a));
    cr_assert_not(tnd_hostpage_guest_ro(&e, 64 * K, 0x10f000));
}

Test(hostpage, segments_apart_are_protected_apart)
{
    /* text | gap | rodata | data: the gap is not read-only. */
    struct tnd_elf e = {.nload = 3};
    e.load[0] = (struct tnd_elf_seg){
        .vaddr = 0x100000, .memsz = 0x9000, .flags = PF_R | PF_X};
    e.load[1] =
        (struct tnd_elf_seg){.vaddr = 0x110000, .memsz = 0x8800, .flags = PF_R};
    e.load[2] = (struct tnd_elf_seg){
        .vaddr = 0x119000, .memsz = 0x1000, .flags = PF_R | PF_W};
    struct tnd_range r[TND_ELF_MAX_LOAD];
    cr_assert_eq(tnd_hostpage_ro_runs(&e, 16 * K, r), 2);
    cr_assert_eq(r[0].start, 0x100000);
    cr_assert_eq(r[0].end, 0x108000);
    cr_assert_eq(r[1].start, 0x110000);
    cr_assert_eq(r[1].end, 0x118000);
    cr_assert(tnd_hostpage_guest_ro(&e, 16 * K, 0x108000));
    cr_assert_not(tnd_hostpage_guest_ro(&e, 16 * K, 0x109000)); /* gap */
    cr_assert(tnd_hostpage_guest_ro(&e, 16 * K, 0x118000));
}

Test(hostpage, a_read_only_segment_inside_one_page_is_not_protected)
{
    struct tnd_elf e = {.nload = 2};
    e.load[0] =
        (struct tnd_elf_seg){.vaddr = 0x104000, .memsz = 0x2000, .flags = PF_R};
    e.load[1] = (struct tnd_elf_seg){
        .vaddr = 0x106000, .memsz = 0x2000, .flags = PF_R | PF_W};
    struct tnd_range r[TND_ELF_MAX_LOAD];
    cr_assert_eq(tnd_hostpage_ro_runs(&e, 16 * K, r), 0);
    cr_assert_eq(tnd_hostpage_ro_runs(&e, 4 * K, r), 1);
}

Test(hostpage, ro_copy_holds_the_request_alone_on_its_page)
{
    uint64_t req[2] = {0x1234, 0x5678};
    const uint64_t *p = tnd_hostpage_ro_copy(req, sizeof req, "the request");
    cr_assert_neq(p, req);
    cr_assert_eq((uintptr_t)p % tnd_hostpage_size(), 0);
    cr_assert_eq(p[0], 0x1234);
    cr_assert_eq(p[1], 0x5678);
}

/*
 * The kernel's own write into the copy fails with EFAULT: no signal, so
 * the check holds under AddressSanitizer too (which takes SIGSEGV).
 */
Test(hostpage, ro_copy_cannot_be_written)
{
    uint64_t req = 1;
    uint64_t *p = tnd_hostpage_ro_copy(&req, sizeof req, "the request");
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    uint64_t two = 2;
    cr_assert_eq(write(fds[1], &two, sizeof two), (ssize_t)sizeof two);
    errno = 0;
    cr_assert_eq(read(fds[0], p, sizeof two), -1);
    cr_assert_eq(errno, EFAULT);
    cr_assert_eq(*p, 1);
    close(fds[0]);
    close(fds[1]);
}
