/* SPDX-License-Identifier: ISC */
/*
 * trap.c: reports a guest CPU exception caught by the tender's exception
 * stubs (layout.h): names the exception, prints the faulting context from
 * the stub frame and the other registers from KVM.
 */
#include <linux/kvm.h>
#include <sys/ioctl.h>

#include "../../core.h"
#include "../../log.h"
#include "../../vm.h"
#include "trap.h"
#include "layout.h"

#define X(v) ((unsigned long long)(v))

static const char *const names[X86_NVECTORS] = {
    [0] = "divide error (#DE)",
    [1] = "debug (#DB)",
    [2] = "non-maskable interrupt",
    [3] = "breakpoint (#BP)",
    [4] = "overflow (#OF)",
    [5] = "bound range (#BR)",
    [6] = "invalid opcode (#UD)",
    [7] = "device not available (#NM)",
    [8] = "double fault (#DF)",
    [10] = "invalid TSS (#TS)",
    [11] = "segment not present (#NP)",
    [12] = "stack fault (#SS)",
    [13] = "general protection fault (#GP)",
    [14] = "page fault (#PF)",
    [16] = "x87 floating-point error (#MF)",
    [17] = "alignment check (#AC)",
    [18] = "machine check (#MC)",
    [19] = "SIMD floating-point error (#XM)",
    [20] = "virtualization exception (#VE)",
    [21] = "control protection (#CP)",
};

int tnd_x86_report_trap(struct tnd_vm *vm, uint64_t frame_gpa)
{
    struct kvm_sregs s;
    if (frame_gpa < X86_TRAP_STACK ||
        frame_gpa + sizeof(struct x86_stub_frame) > X86_TRAP_STACK_TOP ||
        ioctl(vm->vcpu_fd, KVM_GET_SREGS, &s) < 0 || s.cs.dpl != 0) {
        /* Only the stubs, at CPL 0 on the trap stack, report traps. */
        tnd_die("invalid guest port access: trap report from the guest");
    }
    const struct x86_stub_frame *f =
        (const struct x86_stub_frame *)(vm->mem + frame_gpa);
    /* The outputs are safe before anything is written (a stalled stderr). */
    vm->stop.kind = TND_STOP_TRAP;
    vm->stop.gpa = frame_gpa;
    tnd_core_run_exit_hooks(TND_EXIT_ABORT);
    unsigned v = (unsigned)f->vector;
    const char *name = v < X86_NVECTORS && names[v] ? names[v] : "exception";
    if (v == 14)
        tnd_warn("guest fault: %s (vector %u, error 0x%llx) at rip=0x%llx, "
                 "address 0x%llx",
                 name, v, X(f->error_code), X(f->rip), X(s.cr2));
    else
        tnd_warn("guest fault: %s (vector %u, error 0x%llx) at rip=0x%llx",
                 name, v, X(f->error_code), X(f->rip));
    struct kvm_regs r;
    if (ioctl(vm->vcpu_fd, KVM_GET_REGS, &r) < 0)
        return TND_EXIT_ABORT;
    tnd_warn("rip=0x%llx rsp=0x%llx rflags=0x%llx cs=0x%llx ss=0x%llx",
             X(f->rip), X(f->rsp), X(f->rflags), X(f->cs), X(f->ss));
    tnd_warn("rax=0x%llx rbx=0x%llx rcx=0x%llx rdx=0x%llx", X(f->rax), X(r.rbx),
             X(r.rcx), X(f->rdx));
    tnd_warn("rsi=0x%llx rdi=0x%llx rbp=0x%llx r8=0x%llx", X(r.rsi), X(r.rdi),
             X(r.rbp), X(r.r8));
    tnd_warn("r9=0x%llx r10=0x%llx r11=0x%llx r12=0x%llx", X(r.r9), X(r.r10),
             X(r.r11), X(r.r12));
    tnd_warn("r13=0x%llx r14=0x%llx r15=0x%llx fs_base=0x%llx cr2=0x%llx",
             X(r.r13), X(r.r14), X(r.r15), X(s.fs.base), X(s.cr2));
    return TND_EXIT_ABORT;
}
