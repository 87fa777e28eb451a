/* SPDX-License-Identifier: ISC */
/*
 * gdb.c: the x86_64 vCPU as the gdb stub (tender/debug/gdb_stub.c) sees
 * it: gdb's default amd64 register layout (rax, rbx, rcx, rdx, rsi, rdi,
 * rbp, rsp, r8-r15, rip: 8 bytes each; eflags, cs, ss, ds, es, fs, gs: 4
 * bytes each; st0-st7: 10 bytes each; fctrl, fstat, ftag, fiseg, fioff,
 * foseg, fooff, fop: 4 each; xmm0-xmm15: 16 each; mxcsr: 4), int3
 * breakpoints, TF single-step and DR0-DR3 hardware breakpoints through
 * KVM_SET_GUEST_DEBUG. The FPU/SSE registers are read-only.
 */
#include <linux/kvm.h>
#include <string.h>
#include <sys/ioctl.h>

#include "../../arch.h"
#include "../../vm.h"

const uint8_t tnd_arch_gdb_brk[] = {0xcc};
const size_t tnd_arch_gdb_brk_len = sizeof tnd_arch_gdb_brk;
/* Neither PVM nor nested SVM under QEMU TCG traps int3 for KVM. */
const bool tnd_arch_gdb_sw_in_hw = true;
const unsigned tnd_arch_gdb_pc_reg = 16;

#define NGP 17 /* rax..r15, rip */
#define NSEG 7 /* eflags, cs, ss, ds, es, fs, gs */
#define GP_SIZE (NGP * 8 + NSEG * 4)
#define ST0 (NGP + NSEG) /* gdb's number of st0 */
#define FCTRL (ST0 + 8)  /* fctrl .. fop */
#define XMM0 (FCTRL + 8) /* xmm0 .. xmm15 */
#define MXCSR (XMM0 + 16)
#define FP_OFF(n)                                                              \
    (GP_SIZE + ((n) < FCTRL  ? ((n)-ST0) * 10                                  \
                : (n) < XMM0 ? 80 + ((n)-FCTRL) * 4                            \
                             : 112 + ((n)-XMM0) * 16))
#define GSIZE (FP_OFF(MXCSR) + 4)

int tnd_arch_gdb_reg_span(unsigned n, size_t *off, size_t *size)
{
    if (n < NGP)
        *off = n * 8, *size = 8;
    else if (n < ST0)
        *off = NGP * 8 + (n - NGP) * 4, *size = 4;
    else if (n <= MXCSR)
        *off = FP_OFF(n), *size = n < FCTRL                ? 10
                                  : n < XMM0 || n == MXCSR ? 4
                                                           : 16;
    else
        return -1;
    return 0;
}

bool tnd_arch_gdb_reg_writable(unsigned n)
{
    return n <= NGP; /* rax..r15, rip, eflags */
}

/* The FPU part of the 'g' image, from KVM_GET_FPU's FXSAVE-like state. */
static void put_fpu(uint8_t *buf, const struct kvm_fpu *f)
{
    for (unsigned i = 0; i < 8; i++)
        memcpy(buf + FP_OFF(ST0 + i), f->fpr[i], 10);
    /* The full tag word: 00 (valid) where the abridged one has a 1. */
    uint32_t tag = 0;
    for (unsigned i = 0; i < 8; i++)
        tag |= (f->ftwx >> i & 1 ? 0u : 3u) << (2 * i);
    uint32_t ctl[8] = {f->fcw,
                       f->fsw,
                       tag,
                       0,
                       (uint32_t)f->last_ip,
                       0,
                       (uint32_t)f->last_dp,
                       f->last_opcode};
    memcpy(buf + FP_OFF(FCTRL), ctl, sizeof ctl);
    memcpy(buf + FP_OFF(XMM0), f->xmm, sizeof f->xmm);
    memcpy(buf + FP_OFF(MXCSR), &f->mxcsr, 4);
}

/* KVM's order of the 8-byte registers, in gdb's order. */
static uint64_t *gp(struct kvm_regs *r, unsigned i)
{
    uint64_t *const map[NGP] = {
        (uint64_t *)&r->rax, (uint64_t *)&r->rbx, (uint64_t *)&r->rcx,
        (uint64_t *)&r->rdx, (uint64_t *)&r->rsi, (uint64_t *)&r->rdi,
        (uint64_t *)&r->rbp, (uint64_t *)&r->rsp, (uint64_t *)&r->r8,
        (uint64_t *)&r->r9,  (uint64_t *)&r->r10, (uint64_t *)&r->r11,
        (uint64_t *)&r->r12, (uint64_t *)&r->r13, (uint64_t *)&r->r14,
        (uint64_t *)&r->r15, (uint64_t *)&r->rip};
    return map[i];
}

long tnd_arch_gdb_regs_get(struct tnd_vm *vm, uint8_t *buf, size_t size)
{
    struct kvm_regs r;
    struct kvm_sregs s;
    if (size < GSIZE || ioctl(vm->vcpu_fd, KVM_GET_REGS, &r) < 0 ||
        ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s) < 0)
        return -1;
    for (unsigned i = 0; i < NGP; i++)
        memcpy(buf + i * 8, gp(&r, i), 8);
    uint32_t seg[NSEG] = {(uint32_t)r.rflags, s.cs.selector, s.ss.selector,
                          s.ds.selector,      s.es.selector, s.fs.selector,
                          s.gs.selector};
    memcpy(buf + NGP * 8, seg, sizeof seg);
    struct kvm_fpu f;
    if (ioctl(vm->vcpu_fd, KVM_GET_FPU, &f) < 0)
        return GP_SIZE; /* gdb shows the rest as unavailable */
    put_fpu(buf, &f);
    return GSIZE;
}

/* Only the general registers, rip and eflags are written; not segments. */
int tnd_arch_gdb_regs_set(struct tnd_vm *vm, const uint8_t *buf, size_t len)
{
    struct kvm_regs r;
    if (ioctl(vm->vcpu_fd, KVM_GET_REGS, &r) < 0)
        return -1;
    for (unsigned i = 0; i < NGP && (i + 1) * 8 <= len; i++)
        memcpy(gp(&r, i), buf + i * 8, 8);
    if (len >= NGP * 8 + 4) {
        uint32_t fl;
        memcpy(&fl, buf + NGP * 8, 4);
        r.rflags = fl;
    }
    return ioctl(vm->vcpu_fd, KVM_SET_REGS, &r) < 0 ? -1 : 0;
}

int tnd_arch_gdb_hw(struct kvm_guest_debug *d, const uint64_t *hw, unsigned nhw)
{
    if (nhw > 4)
        return -1;
    if (nhw)
        d->control |= KVM_GUESTDBG_USE_HW_BP;
    for (unsigned i = 0; i < nhw; i++) {
        d->arch.debugreg[i] = hw[i];
        d->arch.debugreg[7] |= 1ULL << (2 * i + 1); /* Gi, execute */
    }
    return 0;
}
