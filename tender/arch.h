/* SPDX-License-Identifier: ISC */
/*
 * arch.h: hooks each architecture implements (tender/arch/<arch>/).
 * Generic tender code calls only these.
 */
#ifndef TND_ARCH_H
#define TND_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/procfs.h>

#include "abi.h"

struct tnd_elf;
struct tnd_vm;

#if defined(__x86_64__)
#include "arch/x86_64/arch_defs.h"
#elif defined(__aarch64__)
#include "arch/aarch64/arch_defs.h"
#else
#error "unsupported host architecture"
#endif

/* ELF e_machine of guests this tender runs. */
extern const uint16_t tnd_arch_elf_machine;

/*
 * Rounds a requested guest memory size to what the architecture can map
 * (x86_64: down to 2 MiB). Returns the size, or 0 if it is too small.
 */
uint64_t tnd_arch_mem_round(uint64_t bytes);

/* Bytes at the bottom of guest memory the tender owns (tables, stubs). */
#define TND_ARCH_LOW_RESERVED PV_GUEST_MIN_BASE

/*
 * Builds page tables, descriptor tables and exception stubs in guest
 * memory and sets the vCPU's registers for entry at elf->entry, in Solo5
 * mode (x86_64: CPL 0) or native mode (vm->native; x86_64: CPL 3;
 * aarch64: EL1 in both modes, native mode with W^X page tables). Also
 * sets vm->cycle_freq and vm->ext_flags. Dies on failure.
 */
void tnd_arch_vcpu_init(struct tnd_vm *vm, const struct tnd_elf *elf);

/*
 * Reads the guest cycle counter and the host CLOCK_MONOTONIC at about the
 * same moment; returns the sample's width (its uncertainty, in any unit
 * that is the same on every call): tnd_clock_sync keeps the narrowest.
 */
uint64_t tnd_arch_clock_sample(struct tnd_vm *vm, uint64_t *cycles,
                               uint64_t *monotonic_ns);

/*
 * Sets the guest's thread pointer (x86_64: FS base; aarch64: TPIDR_EL0)
 * for the SET_TLS_BASE hypercall. Returns PV_R_OK, or PV_R_EINVAL for an
 * address the architecture cannot use (x86_64: non-canonical).
 */
int tnd_arch_set_tls_base(struct tnd_vm *vm, uint64_t base);

/* One vCPU exit as the architecture decodes it (tnd_arch_exit_decode). */
struct tnd_exit {
    enum {
        TND_EXIT_HYPERCALL, /* hypercall nr with argument gpa */
        TND_EXIT_TRAP,      /* a guest trap, reported; status, gpa */
        TND_EXIT_MEMORY,    /* an access to gpa outside guest RAM */
        TND_EXIT_FATAL,     /* detail printed; stop with status, what */
        TND_EXIT_OTHER,     /* not architecture-specific: the loop decodes */
    } kind;
    unsigned nr;
    uint64_t gpa;
    bool write; /* TND_EXIT_MEMORY: a write */
    int status;
    const char *what;
};

/*
 * Decodes the exit in vm->run into *e (kind preset to TND_EXIT_OTHER).
 * Hypercall and trap-report exits that break the protocol (wrong size,
 * port, address or origin) end the tender with TND_EXIT_ERROR here.
 */
void tnd_arch_exit_decode(struct tnd_vm *vm, struct tnd_exit *e);

/*
 * A message for KVM_RUN failing with errno err where it means a guest
 * error on this architecture, or NULL.
 */
const char *tnd_arch_run_error(int err);

/* Appended to KVM's "instruction emulation failed" report ("" if none). */
extern const char tnd_arch_emulation_hint[];

/* --- the gdb stub's view of the vCPU (arch/<arch>/gdb.c) ---------------- */

/* The software breakpoint instruction (x86_64: int3; aarch64: brk #0). */
extern const uint8_t tnd_arch_gdb_brk[];
extern const size_t tnd_arch_gdb_brk_len;
/*
 * Whether a software breakpoint (Z0) takes a free hardware slot before
 * the instruction: where the instruction was not seen trapped for KVM's
 * debugger (docs/debugging.md, "Breakpoints").
 */
extern const bool tnd_arch_gdb_sw_in_hw;
/* gdb's number of the program counter. */
extern const unsigned tnd_arch_gdb_pc_reg;

/*
 * Reads the registers in gdb's 'g' packet layout for the architecture
 * into buf (size bytes). Returns the length, or -1.
 */
long tnd_arch_gdb_regs_get(struct tnd_vm *vm, uint8_t *buf, size_t size);

/* Writes the registers from a 'g'-layout buffer of len bytes; 0 or -1. */
int tnd_arch_gdb_regs_set(struct tnd_vm *vm, const uint8_t *buf, size_t len);

/* Where register n lies in the 'g' layout; -1 if there is no such one. */
int tnd_arch_gdb_reg_span(unsigned n, size_t *off, size_t *size);

/*
 * True if tnd_arch_gdb_regs_set writes register n (gdb's number); the
 * stub refuses a P packet for any other.
 */
bool tnd_arch_gdb_reg_writable(unsigned n);

/*
 * Adds hardware breakpoints at hw[0..nhw) to a KVM_SET_GUEST_DEBUG
 * request. Returns 0, or -1 for more than the architecture has.
 */
int tnd_arch_gdb_hw(struct kvm_guest_debug *d, const uint64_t *hw,
                    unsigned nhw);

/*
 * The guest's registers where it stopped (vm->stop), in the layouts of
 * the host's core files (<sys/procfs.h>) that gdb reads for this
 * architecture: general registers into *gregs, FP/SIMD registers into
 * *fpregs. Returns 0, or -1 if KVM cannot give them.
 */
int tnd_arch_core_regs(struct tnd_vm *vm, elf_gregset_t *gregs,
                       elf_fpregset_t *fpregs);

/* Prints the vCPU's registers, one group per line. */
void tnd_arch_dump_regs(struct tnd_vm *vm);

/* Prints a HALT cookie (a guest trap frame) as a register dump. */
void tnd_arch_dump_cookie(const void *cookie);

#endif
