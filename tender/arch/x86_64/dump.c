/* SPDX-License-Identifier: ISC */
/*
 * dump.c: x86_64 register dumps for guest faults, triple faults and HALT
 * cookies. The first line says what happened; the following lines give the
 * registers, four to a line.
 */
#include <linux/kvm.h>
#include <stdio.h>
#include <sys/ioctl.h>

#include "../../abi.h"
#include "../../arch.h"
#include "../../log.h"
#include "../../vm.h"
#include "layout.h"

#define X(v) ((unsigned long long)(v))

void tnd_arch_dump_regs(struct tnd_vm *vm)
{
    struct kvm_regs r;
    struct kvm_sregs s;
    if (ioctl(vm->vcpu_fd, KVM_GET_REGS, &r) < 0 ||
        ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s) < 0) {
        tnd_warn("cannot read guest registers");
        return;
    }
    tnd_warn("rip=0x%llx rsp=0x%llx rflags=0x%llx cs=0x%x ss=0x%x", X(r.rip),
             X(r.rsp), X(r.rflags), s.cs.selector, s.ss.selector);
    tnd_warn("rax=0x%llx rbx=0x%llx rcx=0x%llx rdx=0x%llx", X(r.rax), X(r.rbx),
             X(r.rcx), X(r.rdx));
    tnd_warn("rsi=0x%llx rdi=0x%llx rbp=0x%llx r8=0x%llx", X(r.rsi), X(r.rdi),
             X(r.rbp), X(r.r8));
    tnd_warn("r9=0x%llx r10=0x%llx r11=0x%llx r12=0x%llx", X(r.r9), X(r.r10),
             X(r.r11), X(r.r12));
    tnd_warn("r13=0x%llx r14=0x%llx r15=0x%llx fs_base=0x%llx", X(r.r13),
             X(r.r14), X(r.r15), X(s.fs.base));
    tnd_warn("cr0=0x%llx cr2=0x%llx cr3=0x%llx cr4=0x%llx efer=0x%llx",
             X(s.cr0), X(s.cr2), X(s.cr3), X(s.cr4), X(s.efer));
}

void tnd_arch_dump_cookie(const void *cookie)
{
    const struct pv_x86_trap_frame *f = cookie;
    tnd_warn("guest trap frame: rip=0x%llx cs=0x%llx rflags=0x%llx "
             "rsp=0x%llx ss=0x%llx error=0x%llx cr2=0x%llx",
             X(f->rip), X(f->cs), X(f->rflags), X(f->rsp), X(f->ss),
             X(f->error_code), X(f->cr2));
}
