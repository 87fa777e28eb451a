/* SPDX-License-Identifier: ISC */
/*
 * core.c: the x86_64 guest's registers for a core file, in the layout of
 * Linux core files (struct user_regs_struct, struct user_fpregs_struct),
 * which gdb reads. At a trap the tender's stub frame holds what the stub
 * changed (rip, cs, rflags, rsp, ss, rax, rdx); with a HALT cookie the
 * guest's own trap frame holds rip, cs, rflags, rsp and ss.
 */
#include <linux/kvm.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/user.h>

#include "../../abi.h"
#include "../../arch.h"
#include "../../vm.h"
#include "layout.h"

static void from_kvm(struct user_regs_struct *u, const struct kvm_regs *r,
                     const struct kvm_sregs *s)
{
    u->r15 = r->r15, u->r14 = r->r14, u->r13 = r->r13, u->r12 = r->r12;
    u->rbp = r->rbp, u->rbx = r->rbx, u->r11 = r->r11, u->r10 = r->r10;
    u->r9 = r->r9, u->r8 = r->r8, u->rax = r->rax, u->rcx = r->rcx;
    u->rdx = r->rdx, u->rsi = r->rsi, u->rdi = r->rdi, u->rip = r->rip;
    u->eflags = r->rflags, u->rsp = r->rsp;
    u->cs = s->cs.selector, u->ss = s->ss.selector, u->ds = s->ds.selector;
    u->es = s->es.selector, u->fs = s->fs.selector, u->gs = s->gs.selector;
    u->fs_base = s->fs.base, u->gs_base = s->gs.base;
}

/*
 * Overlays the fault context of the trap frame at vm->stop.gpa, which
 * tnd_x86_report_trap or tnd_core_halt has checked.
 */
static void from_frame(struct tnd_vm *vm, struct user_regs_struct *u)
{
    if (vm->stop.kind == TND_STOP_TRAP) {
        const struct x86_stub_frame *f = (const void *)(vm->mem + vm->stop.gpa);
        u->rip = f->rip, u->cs = f->cs, u->eflags = f->rflags;
        u->rsp = f->rsp, u->ss = f->ss, u->rax = f->rax, u->rdx = f->rdx;
    } else if (vm->stop.kind == TND_STOP_COOKIE) {
        const struct pv_x86_trap_frame *f =
            (const void *)(vm->mem + vm->stop.gpa);
        u->rip = f->rip, u->cs = f->cs, u->eflags = f->rflags;
        u->rsp = f->rsp, u->ss = f->ss;
    }
}

static void fpu_from_kvm(struct user_fpregs_struct *u, const struct kvm_fpu *f)
{
    memset(u, 0, sizeof *u);
    u->cwd = f->fcw, u->swd = f->fsw, u->ftw = f->ftwx;
    u->fop = f->last_opcode, u->rip = f->last_ip, u->rdp = f->last_dp;
    u->mxcsr = f->mxcsr, u->mxcr_mask = 0xffff;
    memcpy(u->st_space, f->fpr, sizeof f->fpr);
    memcpy(u->xmm_space, f->xmm, sizeof f->xmm);
}

int tnd_arch_core_regs(struct tnd_vm *vm, elf_gregset_t *gregs,
                       elf_fpregset_t *fpregs)
{
    struct kvm_regs r;
    struct kvm_sregs s;
    struct kvm_fpu f;
    if (ioctl(vm->vcpu_fd, KVM_GET_REGS, &r) < 0 ||
        ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s) < 0 ||
        ioctl(vm->vcpu_fd, KVM_GET_FPU, &f) < 0)
        return -1;
    struct user_regs_struct u;
    _Static_assert(sizeof u == sizeof *gregs, "gregset layout");
    memset(&u, 0, sizeof u);
    from_kvm(&u, &r, &s);
    from_frame(vm, &u);
    memcpy(gregs, &u, sizeof u);
    fpu_from_kvm(fpregs, &f);
    return 0;
}
