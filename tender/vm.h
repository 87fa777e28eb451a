/* SPDX-License-Identifier: ISC */
/* vm.h: the one virtual machine a tender runs. */
#ifndef TND_VM_H
#define TND_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi.h"

struct tnd_vm {
    int kvm_fd, vm_fd, vcpu_fd;
    struct kvm_run *run;
    size_t run_size;

    uint8_t *mem;        /* host mapping of guest-physical 0.. */
    uint64_t mem_size;   /* guest-visible bytes (bounds of every access) */
    uint64_t alloc_size; /* whole mapping, including tender-owned areas */

    /* From the ELF image. */
    uint64_t entry;
    uint64_t kernel_end; /* end of the last non-empty PT_LOAD, aligned */
    bool native;         /* native mode requested by the NAT1 note */
    uint64_t canary_gpa; /* native mode: where the tender puts the canary */
    struct pv_mft *mft;  /* validated manifest, host copy, writable */
    size_t mft_size;

    /*
     * The image's read-only segments, rounded out to 4 KiB: the tender
     * never writes there for the guest (the host protects whole host
     * pages inside them, tnd_kvm_protect).
     */
    struct {
        uint64_t start, end;
    } ro[16];
    unsigned nro;

    uint64_t cycle_freq; /* guest cycle-counter frequency, Hz */
    uint32_t ext_flags;  /* PV_EXT_F_* offered to a native guest */

    /*
     * How the guest stopped, for a core file (tender/dumpcore.c): where
     * its registers at the fault are, beyond the vCPU's own.
     */
    struct {
        enum {
            TND_STOP_LIVE,   /* the vCPU's registers (HALT, triple fault) */
            TND_STOP_TRAP,   /* a trap the tender's vectors reported */
            TND_STOP_COOKIE, /* HALT with a trap-frame cookie at gpa */
        } kind;
        uint64_t gpa; /* TND_STOP_TRAP on x86_64: the stub frame */
    } stop;
};

#endif
