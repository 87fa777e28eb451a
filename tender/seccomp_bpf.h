/* SPDX-License-Identifier: ISC */
/*
 * seccomp_bpf.h: builds a seccomp filter (classic BPF) from a list of
 * allowed system calls, each limited by equalities on its arguments.
 */
#ifndef TND_SECCOMP_BPF_H
#define TND_SECCOMP_BPF_H

#include <linux/filter.h>
#include <stdint.h>

#define TND_BPF_MAX_CMP 3
#define TND_BPF_MAX_INSNS 4096 /* the kernel's BPF_MAXINSNS */

/* Argument `arg` (0-5) equals `val`, all 64 bits of it. */
struct tnd_bpf_eq {
    unsigned arg;
    uint64_t val;
};

/* System call `nr` with all of its ncmp equalities true. */
struct tnd_bpf_allow {
    int nr;
    unsigned ncmp;
    struct tnd_bpf_eq cmp[TND_BPF_MAX_CMP];
};

struct tnd_bpf_prog {
    struct sock_filter insn[TND_BPF_MAX_INSNS];
    unsigned short len;
};

/*
 * Builds into *p the filter that returns SECCOMP_RET_ALLOW for a call
 * of this architecture (AUDIT_ARCH_*, `arch`) matching one of a[0..n)
 * and SECCOMP_RET_KILL_PROCESS for any other call (x32 system calls
 * too: their numbers are never those listed). System calls are tested in the
 * order their first entry appears in `a`: put the frequent ones first. Entries
 * with a negative nr (a call this architecture lacks) are left out.
 * Returns 0; -EINVAL for an entry with ncmp > TND_BPF_MAX_CMP; -E2BIG
 * if the program does not fit (TND_BPF_MAX_INSNS, or a group of entries
 * longer than a conditional jump reaches).
 */
int tnd_bpf_build(struct tnd_bpf_prog *p, uint32_t arch,
                  const struct tnd_bpf_allow *a, unsigned n);

#endif
