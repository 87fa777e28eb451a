/* SPDX-License-Identifier: ISC */
/*
 * seccomp_bpf.c: the seccomp filter builder (seccomp_bpf.h).
 *
 * The program: check the architecture; load the system call number; a
 * chain of "equal to nr? jump to its
 * block"; kill. A block tests the call's entries grouped by their first
 * equality, which is tested once for the group (typically "argument 0 is
 * this file descriptor"), then each entry's other equalities; the first
 * entry that holds allows the call, and a block that runs out kills.
 * Each 64-bit equality is two 32-bit ones (low half, then high half).
 */
#include <errno.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>

#include "seccomp_bpf.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
               "argument halves are laid out little-endian");

#define MAX_NRS 128
#define JUMP_MAX 255 /* a conditional jump's offset is 8 bits */

struct builder {
    struct tnd_bpf_prog *p;
    bool overflow;
};

static void emit(struct builder *b, uint16_t code, uint8_t jt, uint8_t jf,
                 uint32_t k)
{
    if (b->p->len == TND_BPF_MAX_INSNS) {
        b->overflow = true;
        return;
    }
    b->p->insn[b->p->len++] = (struct sock_filter){code, jt, jf, k};
}

static void load(struct builder *b, uint32_t off)
{
    emit(b, BPF_LD | BPF_W | BPF_ABS, 0, 0, off);
}

static void ret(struct builder *b, uint32_t action)
{
    emit(b, BPF_RET | BPF_K, 0, 0, action);
}

static uint32_t arg_off(unsigned arg, bool high)
{
    return (uint32_t)(offsetof(struct seccomp_data, args) +
                      arg * sizeof(uint64_t) + (high ? 4 : 0));
}

/* Instructions of one equality: load and test each half. */
#define EQ_INSNS 4

/* Emits e; if it does not hold, jumps `skip` instructions past it. */
static void test_eq(struct builder *b, const struct tnd_bpf_eq *e,
                    unsigned skip)
{
    if (skip + EQ_INSNS - 2 > JUMP_MAX) {
        b->overflow = true;
        return;
    }
    load(b, arg_off(e->arg, false));
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, (uint8_t)(skip + 2),
         (uint32_t)e->val);
    load(b, arg_off(e->arg, true));
    emit(b, BPF_JMP | BPF_JEQ | BPF_K, 0, (uint8_t)skip,
         (uint32_t)(e->val >> 32));
}

static bool same_eq(const struct tnd_bpf_eq *x, const struct tnd_bpf_eq *y)
{
    return x->arg == y->arg && x->val == y->val;
}

/* Whether a[j] is in the group that a[i]'s first equality heads. */
static bool in_group(const struct tnd_bpf_allow *a, unsigned i, unsigned j)
{
    return a[j].nr == a[i].nr && a[j].ncmp > 0 &&
           same_eq(&a[j].cmp[0], &a[i].cmp[0]);
}

/* Whether a[i] is the first entry of its group. */
static bool heads_group(const struct tnd_bpf_allow *a, unsigned i)
{
    for (unsigned j = 0; j < i; j++)
        if (in_group(a, j, i))
            return false;
    return true;
}

/* Instructions of one entry after its group's test: the rest, allow. */
static unsigned entry_len(const struct tnd_bpf_allow *e)
{
    return EQ_INSNS * (e->ncmp - 1) + 1;
}

static unsigned group_len(const struct tnd_bpf_allow *a, unsigned n, unsigned i)
{
    unsigned len = EQ_INSNS;
    for (unsigned j = i; j < n; j++)
        if (in_group(a, i, j))
            len += entry_len(&a[j]);
    return len;
}

/* Emits the block of system call nr: its groups, then kill. */
static void emit_block(struct builder *b, const struct tnd_bpf_allow *a,
                       unsigned n, int nr)
{
    for (unsigned i = 0; i < n; i++) {
        if (a[i].nr != nr)
            continue;
        if (a[i].ncmp == 0) {
            ret(b, SECCOMP_RET_ALLOW); /* unconditional: nothing after */
            return;
        }
    }
    for (unsigned i = 0; i < n; i++) {
        if (a[i].nr != nr || !heads_group(a, i))
            continue;
        test_eq(b, &a[i].cmp[0], group_len(a, n, i) - EQ_INSNS);
        for (unsigned j = i; j < n; j++) {
            if (!in_group(a, i, j))
                continue;
            for (unsigned c = 1; c < a[j].ncmp; c++)
                test_eq(b, &a[j].cmp[c], EQ_INSNS * (a[j].ncmp - 1 - c) + 1);
            ret(b, SECCOMP_RET_ALLOW);
        }
    }
    ret(b, SECCOMP_RET_KILL_PROCESS);
}

int tnd_bpf_build(struct tnd_bpf_prog *p, uint32_t arch,
                  const struct tnd_bpf_allow *a, unsigned n)
{
    struct builder b = {.p = p, .overflow = false};
    int nrs[MAX_NRS];
    unsigned nnr = 0;
    for (unsigned i = 0; i < n; i++) {
        if (a[i].ncmp > TND_BPF_MAX_CMP)
            return -EINVAL;
        if (a[i].nr < 0)
            continue;
        bool seen = false;
        for (unsigned k = 0; k < nnr && !seen; k++)
            seen = nrs[k] == a[i].nr;
        if (seen)
            continue;
        if (nnr == MAX_NRS)
            return -E2BIG;
        nrs[nnr++] = a[i].nr;
    }
    p->len = 0;
    load(&b, offsetof(struct seccomp_data, arch));
    emit(&b, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, arch);
    ret(&b, SECCOMP_RET_KILL_PROCESS);
    load(&b, offsetof(struct seccomp_data, nr));
    /* The chain: two instructions per call, then kill; blocks follow. */
    unsigned chain = p->len;
    for (unsigned k = 0; k < nnr; k++) {
        emit(&b, BPF_JMP | BPF_JEQ | BPF_K, 0, 1, (uint32_t)nrs[k]);
        emit(&b, BPF_JMP | BPF_JA, 0, 0, 0); /* target set below */
    }
    ret(&b, SECCOMP_RET_KILL_PROCESS);
    for (unsigned k = 0; k < nnr && !b.overflow; k++) {
        unsigned ja = chain + 2 * k + 1;
        p->insn[ja].k = p->len - (ja + 1);
        emit_block(&b, a, n, nrs[k]);
    }
    return b.overflow ? -E2BIG : 0;
}
