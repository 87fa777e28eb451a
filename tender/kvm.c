/* SPDX-License-Identifier: ISC */
/*
 * kvm.c: the architecture-independent part of the KVM virtual machine:
 * /dev/kvm, the VM, guest memory and vCPU 0.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arch.h"
#include "elf.h"
#include "hostpage.h"
#include "kvm.h"
#include "log.h"
#include "vm.h"

static void need_cap(int kvm_fd, int cap, const char *name)
{
    if (ioctl(kvm_fd, KVM_CHECK_EXTENSION, cap) <= 0)
        tnd_die("KVM: host lacks the %s capability", name);
}

void tnd_kvm_init(struct tnd_vm *vm, uint64_t alloc_size)
{
    vm->kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (vm->kvm_fd < 0)
        tnd_die_errno("cannot open /dev/kvm");
    int api = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
    if (api != KVM_API_VERSION)
        tnd_die("KVM: API version %d, expected %d", api, KVM_API_VERSION);
    need_cap(vm->kvm_fd, KVM_CAP_USER_MEMORY, "USER_MEMORY");
    need_cap(vm->kvm_fd, KVM_CAP_IMMEDIATE_EXIT, "IMMEDIATE_EXIT");
    need_cap(vm->kvm_fd, TND_ARCH_KVM_CAP, TND_ARCH_KVM_CAP_NAME);

    vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
    if (vm->vm_fd < 0)
        tnd_die_errno("KVM: ioctl (CREATE_VM) failed");

    vm->alloc_size = alloc_size;
    void *mem = mmap(NULL, alloc_size, PROT_READ | PROT_WRITE,
                     MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED)
        tnd_die_errno("cannot allocate %llu MiB of guest memory",
                      (unsigned long long)(alloc_size >> 20));
    vm->mem = mem;
    struct kvm_userspace_memory_region region = {
        .slot = 0,
        .guest_phys_addr = 0,
        .memory_size = alloc_size,
        .userspace_addr = (uint64_t)(uintptr_t)mem,
    };
    if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
        tnd_die_errno("KVM: ioctl (SET_USER_MEMORY_REGION) failed");

    vm->vcpu_fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, 0);
    if (vm->vcpu_fd < 0)
        tnd_die_errno("KVM: ioctl (CREATE_VCPU) failed");
    int size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (size < (int)sizeof(struct kvm_run))
        tnd_die_errno("KVM: ioctl (GET_VCPU_MMAP_SIZE) failed");
    vm->run_size = (size_t)size;
    vm->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                   vm->vcpu_fd, 0);
    if (vm->run == MAP_FAILED)
        tnd_die_errno("KVM: cannot map the vCPU run structure");
}

void tnd_kvm_protect(struct tnd_vm *vm, const struct tnd_elf *elf)
{
    for (unsigned i = 0; i < elf->nload; i++) {
        const struct tnd_elf_seg *s = &elf->load[i];
        if (s->flags & PF_W)
            continue;
        /* Hypercalls must not make the tender write there either. */
        if (vm->nro < sizeof vm->ro / sizeof vm->ro[0]) {
            vm->ro[vm->nro].start = s->vaddr & ~0xfffULL;
            vm->ro[vm->nro].end = (s->vaddr + s->memsz + 0xfff) & ~0xfffULL;
            vm->nro++;
        }
    }
    struct tnd_range runs[TND_ELF_MAX_LOAD];
    unsigned n = tnd_hostpage_ro_runs(elf, tnd_hostpage_size(), runs);
    for (unsigned i = 0; i < n; i++)
        if (mprotect(vm->mem + runs[i].start, runs[i].end - runs[i].start,
                     PROT_READ) < 0)
            tnd_die_errno("cannot protect guest segment at 0x%llx",
                          (unsigned long long)runs[i].start);
}
