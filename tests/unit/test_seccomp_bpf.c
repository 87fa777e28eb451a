/* SPDX-License-Identifier: ISC */
/*
 * test_seccomp_bpf.c: the seccomp filter builder (tender/seccomp_bpf.c),
 * its programs run by a small classic-BPF interpreter of the kernel's
 * rules (loads of seccomp_data words, JEQ, JA, RET), so every verdict
 * is checked without installing a filter. test_sandbox.c installs real
 * ones.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <string.h>

#include "../../tender/seccomp_bpf.h"

#define ALLOW SECCOMP_RET_ALLOW
#define KILL SECCOMP_RET_KILL_PROCESS

/*
 * Runs p on d as the kernel would. Fails the test on what the kernel's
 * checker refuses: a jump out of the program, a load outside seccomp_data,
 * an unknown instruction, falling off the end.
 */
static uint32_t run(const struct tnd_bpf_prog *p, const struct seccomp_data *d)
{
    uint32_t acc = 0;
    unsigned pc = 0;
    while (pc < p->len) {
        const struct sock_filter *f = &p->insn[pc];
        switch (f->code) {
        case BPF_LD | BPF_W | BPF_ABS:
            cr_assert(f->k % 4 == 0 && f->k + 4 <= sizeof *d, "load at %u",
                      f->k);
            memcpy(&acc, (const char *)d + f->k, 4);
            pc++;
            break;
        case BPF_JMP | BPF_JEQ | BPF_K:
            pc += 1 + (acc == f->k ? f->jt : f->jf);
            break;
        case BPF_JMP | BPF_JA:
            pc += 1 + f->k;
            break;
        case BPF_RET | BPF_K:
            return f->k;
        default:
            cr_assert_fail("instruction %u: code %#x", pc, f->code);
        }
    }
    cr_assert_fail("ran off the end (%u instructions)", p->len);
    return 0;
}

static struct tnd_bpf_prog prog;

static struct seccomp_data call(int nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
    struct seccomp_data d;
    memset(&d, 0, sizeof d);
    d.nr = nr;
    d.arch = AUDIT_ARCH_X86_64;
    d.args[0] = a0;
    d.args[1] = a1;
    d.args[2] = a2;
    return d;
}

static uint32_t verdict(int nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
    struct seccomp_data d = call(nr, a0, a1, a2);
    return run(&prog, &d);
}

/* ioctl(16) on fd 6 with two requests, on fd 9 with one; write(1) on 2. */
static const struct tnd_bpf_allow table[] = {
    {16, 2, {{0, 6}, {1, 0xae80}}},
    {16, 2, {{0, 6}, {1, 0x8090ae81}}},
    {1, 1, {{0, 2}}},
    {16, 2, {{0, 9}, {1, 0xc010b408}}},
    {231, 0, {{0, 0}}},
    {202, 1, {{1, 0x80}}},
    {9, 3, {{0, 7}, {1, 5}, {2, 0x7fff00001000ULL}}},
};
#define NTABLE (sizeof table / sizeof table[0])

Test(seccomp_bpf, allows_exactly_the_listed_calls)
{
    cr_assert_eq(tnd_bpf_build(&prog, AUDIT_ARCH_X86_64, table, NTABLE), 0);
    cr_assert_eq(verdict(16, 6, 0xae80, 0), ALLOW);
    cr_assert_eq(verdict(16, 6, 0x8090ae81, 123), ALLOW);
    cr_assert_eq(verdict(16, 9, 0xc010b408, 0), ALLOW);
    cr_assert_eq(verdict(1, 2, 77, 88), ALLOW);
    cr_assert_eq(verdict(231, 5, 6, 7), ALLOW);
    cr_assert_eq(verdict(202, 99, 0x80, 0), ALLOW);
    cr_assert_eq(verdict(9, 7, 5, 0x7fff00001000ULL), ALLOW);
}

Test(seccomp_bpf, kills_every_other_call)
{
    cr_assert_eq(tnd_bpf_build(&prog, AUDIT_ARCH_X86_64, table, NTABLE), 0);
    /* Another fd, another request, a request of the other fd. */
    cr_assert_eq(verdict(16, 7, 0xae80, 0), KILL);
    cr_assert_eq(verdict(16, 6, 0xae81, 0), KILL);
    cr_assert_eq(verdict(16, 6, 0xc010b408, 0), KILL);
    cr_assert_eq(verdict(16, 9, 0xae80, 0), KILL);
    /* The same low halves with high bits set. */
    cr_assert_eq(verdict(16, 6 | 1ULL << 32, 0xae80, 0), KILL);
    cr_assert_eq(verdict(16, 6, 0xae80 | 1ULL << 63, 0), KILL);
    cr_assert_eq(verdict(1, 2 | 1ULL << 40, 0, 0), KILL);
    /* Three equalities: each one matters. */
    cr_assert_eq(verdict(9, 7, 5, 0x1000), KILL);
    cr_assert_eq(verdict(9, 7, 4, 0x7fff00001000ULL), KILL);
    cr_assert_eq(verdict(9, 8, 5, 0x7fff00001000ULL), KILL);
    /* Calls not listed. */
    cr_assert_eq(verdict(0, 2, 0, 0), KILL);
    cr_assert_eq(verdict(59, 0, 0, 0), KILL);
    cr_assert_eq(verdict(202, 99, 0x81, 0), KILL);
}

Test(seccomp_bpf, kills_another_architecture_and_x32)
{
    cr_assert_eq(tnd_bpf_build(&prog, AUDIT_ARCH_X86_64, table, NTABLE), 0);
    struct seccomp_data d = call(231, 0, 0, 0);
    d.arch = AUDIT_ARCH_I386;
    cr_assert_eq(run(&prog, &d), KILL);
    d = call(231 | 0x40000000, 0, 0, 0);
    cr_assert_eq(run(&prog, &d), KILL);
    d = call(16 | 0x40000000, 6, 0xae80, 0);
    cr_assert_eq(run(&prog, &d), KILL);
}

Test(seccomp_bpf, an_aarch64_filter_takes_aarch64_calls_only)
{
    cr_assert_eq(tnd_bpf_build(&prog, AUDIT_ARCH_AARCH64, table, NTABLE), 0);
    struct seccomp_data d = call(231, 0, 0, 0);
    d.arch = AUDIT_ARCH_AARCH64;
    cr_assert_eq(run(&prog, &d), ALLOW);
    d.arch = AUDIT_ARCH_X86_64;
    cr_assert_eq(run(&prog, &d), KILL);
}

Test(seccomp_bpf, calls_are_tested_in_the_order_of_first_mention)
{
    cr_assert_eq(tnd_bpf_build(&prog, AUDIT_ARCH_X86_64, table, NTABLE), 0);
    const int order[] = {16, 1, 231, 202, 9};
    unsigned at = 0;
    while (at < prog.len &&
           !(prog.insn[at].code == (BPF_JMP | BPF_JEQ | BPF_K) &&
             prog.insn[at].k == 16))
        at++;
    cr_assert_lt(at + 10, prog.len);
    for (unsigned k = 0; k < 5; k++) {
        cr_assert_eq(prog.insn[at + 2 * k].k, (uint32_t)order[k]);
        cr_assert_eq(prog.insn[at + 2 * k + 1].code, BPF_JMP | BPF_JA);
    }
    cr_assert_eq(prog.insn[at + 10].code, BPF_RET | BPF_K);
    cr_assert_eq(prog.insn[at + 10].k, KILL);
}

Test(seccomp_bpf, a_call_this_architecture_lacks_is_left_out)
{
    const struct tnd_bpf_allow a[] = {{-1, 0, {{0, 0}}}, {3, 0, {{0, 0}}}};
    cr_assert_eq(tnd_bpf_build(&prog, AUDIT_ARCH_X86_64, a, 2), 0);
    cr_assert_eq(verdict(3, 0, 0, 0), ALLOW);
    cr_assert_eq(verdict(-1, 0, 0, 0), KILL);
}

Test(seccomp_bpf, an_empty_list_kills_everything)
{
    cr_assert_eq(tnd_bpf_build(&prog, AUDIT_ARCH_X86_64, NULL, 0), 0);
    cr_assert_eq(verdict(231, 0, 0, 0), KILL);
}

Test(seccomp_bpf, too_many_equalities_are_refused)
{
    struct tnd_bpf_allow a = {16, TND_BPF_MAX_CMP + 1, {{0, 0}}};
    cr_assert_eq(tnd_bpf_build(&prog, AUDIT_ARCH_X86_64, &a, 1), -EINVAL);
}

/* 63 line requests with three ioctls each, as 63 GPIO devices need. */
Test(seccomp_bpf, many_file_descriptors_fit)
{
    static struct tnd_bpf_allow a[63 * 3];
    for (unsigned f = 0; f < 63; f++)
        for (unsigned r = 0; r < 3; r++)
            a[f * 3 + r] = (struct tnd_bpf_allow){
                16, 2, {{0, 10 + f}, {1, 0xc040b40e + r}}};
    cr_assert_eq(tnd_bpf_build(&prog, AUDIT_ARCH_X86_64, a, 63 * 3), 0);
    for (unsigned f = 0; f < 63; f++) {
        cr_assert_eq(verdict(16, 10 + f, 0xc040b40e, 0), ALLOW);
        cr_assert_eq(verdict(16, 10 + f, 0xc040b410, 0), ALLOW);
        cr_assert_eq(verdict(16, 10 + f, 0xc040b411, 0), KILL);
    }
    cr_assert_eq(verdict(16, 73, 0xc040b40e, 0), KILL);
}

/* One fd with more requests than a conditional jump can skip. */
Test(seccomp_bpf, a_group_beyond_a_jump_is_refused)
{
    static struct tnd_bpf_allow a[80];
    for (unsigned r = 0; r < 80; r++)
        a[r] = (struct tnd_bpf_allow){16, 2, {{0, 6}, {1, r}}};
    cr_assert_eq(tnd_bpf_build(&prog, AUDIT_ARCH_X86_64, a, 50), 0);
    cr_assert_eq(verdict(16, 6, 49, 0), ALLOW);
    cr_assert_eq(tnd_bpf_build(&prog, AUDIT_ARCH_X86_64, a, 80), -E2BIG);
}

/* More instructions than the kernel takes. */
Test(seccomp_bpf, a_program_beyond_the_limit_is_refused)
{
    static struct tnd_bpf_allow a[1100];
    for (unsigned i = 0; i < 1100; i++)
        a[i] = (struct tnd_bpf_allow){1, 1, {{0, i}}};
    cr_assert_eq(tnd_bpf_build(&prog, AUDIT_ARCH_X86_64, a, 1100), -E2BIG);
}
