/* SPDX-License-Identifier: ISC */
/* kvm.h: the KVM virtual machine (kvm.c). */
#ifndef TND_KVM_H
#define TND_KVM_H

#include <stdint.h>

struct tnd_elf;
struct tnd_vm;

/*
 * Opens /dev/kvm, checks the API, creates the VM, maps and registers
 * alloc_size bytes of zeroed guest memory at GPA 0 and creates vCPU 0.
 * Dies with a message naming the failed operation.
 */
void tnd_kvm_init(struct tnd_vm *vm, uint64_t alloc_size);

/*
 * Makes the loaded read-only segments (text and rodata) read-only for the
 * tender's own writes on the guest's behalf (tnd_gpa_ptr_w, exact to 4
 * KiB) and, where whole host pages lie inside them, on the host, so guest
 * writes there fault (tnd_hostpage_ro_runs).
 */
void tnd_kvm_protect(struct tnd_vm *vm, const struct tnd_elf *elf);

#endif
