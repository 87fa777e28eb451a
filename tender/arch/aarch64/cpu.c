/* SPDX-License-Identifier: ISC */
/*
 * cpu.c: aarch64 guest set-up: vCPU init with KVM's preferred target,
 * stage-1 page tables with Solo5's aarch64 layout, the tender's exception
 * vectors, and the EL1 state at entry, for Solo5 mode (as Solo5's
 * aarch64 tender) and native mode (W^X page tables, docs/abi.md).
 */
#include <elf.h>
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>

#include "../../abi.h"
#include "../../arch.h"
#include "../../boot.h"
#include "../../clock.h"
#include "../../elf.h"
#include "../../hostpage.h"
#include "../../log.h"
#include "../../sandbox.h"
#include "../../vm.h"
#include "layout.h"

#define MIB2 0x200000ULL
#define GIB 0x40000000ULL
#define PAGE 0x1000ULL

/* Descriptor bits, 4 KiB granule. */
#define D_TABLE 0x3ULL /* table (levels 0-2) or page (level 3) */
#define D_BLOCK 0x1ULL /* block (levels 1-2) */
#define D_ATTR(i) ((uint64_t)(i) << 2)
#define D_AP_RO (2ULL << 6) /* read-only at EL1, no EL0 access */
#define D_SH_INNER (3ULL << 8)
#define D_AF (1ULL << 10)
#define D_PXN (1ULL << 53)
#define D_UXN (1ULL << 54)

/* MAIR_EL1 as Solo5's tender sets it; RAM uses index 4, the window 1. */
#define MAIR_VALUE 0x0000bbff440c0400ULL
#define ATTR_DEVICE_NGNRE 1
#define ATTR_NORMAL_WB 4

#define NORMAL (D_AF | D_SH_INNER | D_ATTR(ATTR_NORMAL_WB) | D_UXN)
#define RW_X NORMAL
#define RW_NX (NORMAL | D_PXN)
#define RO_X (NORMAL | D_AP_RO)
#define RO_NX (NORMAL | D_AP_RO | D_PXN)
#define DEVICE (D_AF | D_ATTR(ATTR_DEVICE_NGNRE) | D_PXN | D_UXN)

/*
 * TCR_EL1: 40-bit VAs through TTBR0 (T0SZ 24), 4 KiB granule, inner and
 * outer write-back write-allocate, inner shareable; TTBR1 walks disabled
 * (EPD1), so high addresses fault; 40-bit physical addresses (IPS 2).
 */
#define TCR_VALUE 0x2b5983518ULL
/* SCTLR_EL1: MMU, data and instruction caches, SP alignment, RES1 bits. */
#define SCTLR_RES1 0x30d00800ULL
#define SCTLR_VALUE (SCTLR_RES1 | 0x1000 | 0x8 | 0x4 | 0x1)
#define CPACR_FPEN (3ULL << 20) /* FP/SIMD not trapped */
#define PSTATE_EL1H_DAIF 0x3c5ULL

const uint16_t tnd_arch_elf_machine = EM_AARCH64;

uint64_t tnd_arch_mem_round(uint64_t bytes)
{
    return bytes & ~(MIB2 - 1);
}

int tnd_a64_get_reg(struct tnd_vm *vm, uint64_t id, uint64_t *v)
{
    struct kvm_one_reg r = {.id = id, .addr = (uint64_t)(uintptr_t)v};
    return ioctl(vm->vcpu_fd, KVM_GET_ONE_REG, &r) < 0 ? -errno : 0;
}

void tnd_a64_set_reg(struct tnd_vm *vm, uint64_t id, uint64_t v,
                     const char *what)
{
    struct kvm_one_reg r = {.id = id, .addr = (uint64_t)(uintptr_t)&v};
    if (ioctl(vm->vcpu_fd, KVM_SET_ONE_REG, &r) < 0)
        tnd_die_errno("KVM: ioctl (SET_ONE_REG %s) failed", what);
}

/*
 * SET_TLS_BASE's one request, alone in a page made read-only before the
 * sandbox goes on: the filter, which sees only the pointer, then lets
 * KVM_SET_ONE_REG set TPIDR_EL0 and no other register.
 */
static uint64_t tls_value;
static const struct kvm_one_reg *tls_req; /* tnd_hostpage_ro_copy */

static void prepare_tls_request(void)
{
    struct kvm_one_reg r = {.id = A64_TPIDR_EL0,
                            .addr = (uint64_t)(uintptr_t)&tls_value};
    tls_req = tnd_hostpage_ro_copy(&r, sizeof r, "the TPIDR_EL0 request");
    tnd_sandbox_allow_tls_arg(tls_req);
}

/* Attributes of a 4 KiB page in native mode (0: not mapped). */
static uint64_t native_page(const struct tnd_elf *elf, uint64_t a)
{
    if (a == A64_VECTORS)
        return RO_X;
    if (a < A64_LOW_END)
        return 0;
    if (a < A64_BOOT_RO_END)
        return RO_NX;
    if (a < PV_GUEST_MIN_BASE)
        return 0;
    const struct tnd_elf_seg *s = tnd_elf_seg_at(elf, a);
    if (s && (s->flags & PF_W))
        return RW_NX;
    if (s)
        return (s->flags & PF_X) ? RO_X : RO_NX;
    return RW_NX; /* heap and stack */
}

/*
 * Attributes of a 4 KiB page in Solo5 mode: as Solo5's tender, boot data
 * read-only, the image and RAM read-write and executable (the host keeps
 * text and rodata read-only), but for the pages of text and rodata that
 * share a host page of `hpage` bytes with writable memory, which the host
 * cannot protect: those are read-only here; the tables unmapped.
 */
static uint64_t solo5_page(const struct tnd_elf *elf, uint64_t hpage,
                           uint64_t a)
{
    if (a == A64_VECTORS)
        return RO_X;
    if (a < A64_LOW_END)
        return 0;
    if (a < PV_GUEST_MIN_BASE)
        return RO_NX;
    if (hpage > PAGE && tnd_hostpage_guest_ro(elf, hpage, a))
        return RO_X;
    return RW_X;
}

static void build_page_tables(struct tnd_vm *vm, const struct tnd_elf *elf)
{
    uint64_t *l0 = (uint64_t *)(vm->mem + A64_L0_BASE);
    uint64_t *l1 = (uint64_t *)(vm->mem + A64_L1_BASE);
    uint64_t *l2 = (uint64_t *)(vm->mem + A64_L2_BASE);

    l0[0] = A64_L1_BASE | D_TABLE;
    for (uint64_t g = 0; g < 4 && g * GIB < vm->alloc_size; g++)
        l1[g] = (A64_L2_BASE + g * PAGE) | D_TABLE;
    /* The hypercall window: one 1 GiB Device block, never executable. */
    l1[PV_HC_MMIO_BASE / GIB] = PV_HC_MMIO_BASE | D_BLOCK | DEVICE;

    /*
     * 4 KiB pages for the image in native mode (W^X), and in Solo5 mode on
     * hosts with larger pages (solo5_page).
     */
    uint64_t hpage = tnd_hostpage_size();
    uint64_t n4k = tnd_boot_4k_blocks(elf, vm->native || hpage > PAGE,
                                      (A64_PT_POOL_END - A64_PT_POOL) / PAGE);

    for (uint64_t k = 0; k < vm->alloc_size / MIB2; k++) {
        if (k >= n4k) {
            l2[k] = k * MIB2 | D_BLOCK | (vm->native ? RW_NX : RW_X);
            continue;
        }
        uint64_t pt_gpa = k == 0 ? A64_L3_BASE : A64_PT_POOL + (k - 1) * PAGE;
        uint64_t *pt = (uint64_t *)(vm->mem + pt_gpa);
        l2[k] = pt_gpa | D_TABLE;
        for (uint64_t i = 0; i < 512; i++) {
            uint64_t a = k * MIB2 + i * PAGE;
            uint64_t f =
                vm->native ? native_page(elf, a) : solo5_page(elf, hpage, a);
            pt[i] = f ? (a | f | D_TABLE) : 0;
        }
    }
}

/*
 * The exception vectors: 16 entries, each of which saves x0 in TPIDR_EL1
 * and reports its own index by a store to PV_TRAP_MMIO_BASE + 8 * index.
 * They use no stack, so a fault with a bad stack pointer is reported too.
 */
static void build_vectors(struct tnd_vm *vm)
{
    uint32_t *v = (uint32_t *)(vm->mem + A64_VECTORS);
    for (unsigned i = 0; i < A64_NVECTORS; i++) {
        uint32_t *e = v + i * A64_VECTOR_SIZE / 4;
        uint32_t off = (uint32_t)(PV_TRAP_MMIO_BASE - PV_HC_MMIO_BASE) + 8 * i;
        _Static_assert((PV_HC_MMIO_BASE >> 32) == 1 &&
                           (PV_TRAP_MMIO_BASE - PV_HC_MMIO_BASE) < 0x10000,
                       "the stubs build the trap address in two moves");
        e[0] = 0xd518d080;            /* msr tpidr_el1, x0 */
        e[1] = 0xd2c00020;            /* movz x0, #1, lsl #32 */
        e[2] = 0xf2800000 | off << 5; /* movk x0, #off */
        e[3] = 0xb900001f;            /* str wzr, [x0] */
        e[4] = 0x14000000;            /* b . */
    }
}

/*
 * The guest's page tables use the 4 KiB granule, whatever the host's page
 * size; a CPU without it (ID_AA64MMFR0_EL1.TGran4 = 0xf, as the vCPU sees
 * it) cannot run them.
 */
static void check_granule(struct tnd_vm *vm)
{
    uint64_t mmfr0;
    int rc = tnd_a64_get_reg(vm, A64_ID_AA64MMFR0_EL1, &mmfr0);
    if (rc)
        tnd_die("KVM: ioctl (GET_ONE_REG ID_AA64MMFR0_EL1) failed: %s",
                strerror(-rc));
    if ((mmfr0 >> 28 & 0xf) == 0xf)
        tnd_die("this CPU has no 4 KiB translation granule "
                "(ID_AA64MMFR0_EL1.TGran4), which guest page tables use");
}

void tnd_arch_vcpu_init(struct tnd_vm *vm, const struct tnd_elf *elf)
{
    uint64_t freq;
    __asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(freq));
    if (freq == 0)
        tnd_die("the host's generic timer has no frequency (CNTFRQ_EL0)");
    vm->cycle_freq = freq;

    struct kvm_vcpu_init init;
    memset(&init, 0, sizeof init);
    if (ioctl(vm->vm_fd, KVM_ARM_PREFERRED_TARGET, &init) < 0)
        tnd_die_errno("KVM: ioctl (ARM_PREFERRED_TARGET) failed");
    memset(init.features, 0, sizeof init.features);
    if (ioctl(vm->vcpu_fd, KVM_ARM_VCPU_INIT, &init) < 0)
        tnd_die_errno("KVM: ioctl (ARM_VCPU_INIT) failed");
    check_granule(vm);

    build_page_tables(vm, elf);
    build_vectors(vm);

    tnd_a64_set_reg(vm, A64_MAIR_EL1, MAIR_VALUE, "MAIR_EL1");
    tnd_a64_set_reg(vm, A64_TCR_EL1, TCR_VALUE, "TCR_EL1");
    tnd_a64_set_reg(vm, A64_TTBR0_EL1, A64_L0_BASE, "TTBR0_EL1");
    tnd_a64_set_reg(vm, A64_VBAR_EL1, A64_VECTORS, "VBAR_EL1");
    tnd_a64_set_reg(vm, A64_CPACR_EL1, CPACR_FPEN, "CPACR_EL1");
    tnd_a64_set_reg(vm, A64_SCTLR_EL1, SCTLR_VALUE, "SCTLR_EL1");
    /*
     * KVM resets these to a poison pattern. TLS base 0 makes a stray TLS
     * access fault on page 0, as on x86_64 and in Solo5; the others keep
     * register dumps readable.
     */
    tnd_a64_set_reg(vm, A64_TPIDR_EL0, 0, "TPIDR_EL0");
    prepare_tls_request();
    tnd_a64_set_reg(vm, A64_TPIDR_EL1, 0, "TPIDR_EL1");
    tnd_a64_set_reg(vm, A64_ESR_EL1, 0, "ESR_EL1");
    tnd_a64_set_reg(vm, A64_FAR_EL1, 0, "FAR_EL1");
    tnd_a64_set_reg(vm, A64_ELR_EL1, 0, "ELR_EL1");
    tnd_a64_set_reg(vm, A64_PSTATE, PSTATE_EL1H_DAIF, "PSTATE");
    tnd_a64_set_reg(vm, A64_SP_EL1, vm->mem_size - 16, "SP_EL1");
    tnd_a64_set_reg(vm, A64_X(0), PV_BOOT_INFO_BASE, "X0");
    tnd_a64_set_reg(vm, A64_PC, elf->entry, "PC");
}

int tnd_arch_set_tls_base(struct tnd_vm *vm, uint64_t base)
{
    /* Any 64-bit value is a valid TPIDR_EL0; a bad one faults on use. */
    tls_value = base;
    if (ioctl(vm->vcpu_fd, KVM_SET_ONE_REG, tls_req) < 0)
        tnd_die_errno("KVM: ioctl (SET_ONE_REG TPIDR_EL0) failed");
    return PV_R_OK;
}

/*
 * The guest's virtual counter read through KVM, between two readings of
 * CLOCK_MONOTONIC: good to the ioctl's duration (microseconds).
 */
uint64_t tnd_arch_clock_sample(struct tnd_vm *vm, uint64_t *cycles,
                               uint64_t *monotonic_ns)
{
    uint64_t t0 = tnd_clock_now_ns();
    int rc = tnd_a64_get_reg(vm, KVM_REG_ARM_TIMER_CNT, cycles);
    uint64_t t1 = tnd_clock_now_ns();
    if (rc)
        tnd_die("KVM: ioctl (GET_ONE_REG TIMER_CNT) failed: %s", strerror(-rc));
    *monotonic_ns = t0 + (t1 - t0) / 2;
    return t1 - t0;
}

_Static_assert(A64_NVECTORS == PV_TRAP_MMIO_VECTORS, "one report per vector");
