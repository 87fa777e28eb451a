/* SPDX-License-Identifier: ISC */
/*
 * cpu.c: x86_64 guest set-up: page tables, GDT, TSS with the I/O
 * permission bitmap, IDT with the tender's exception stubs, and the vCPU
 * state at entry, for Solo5 mode (CPL 0, as solo5-hvt) and native mode
 * (CPL 3, docs/abi.md).
 */
#include <elf.h>
#include <errno.h>
#include <linux/kvm.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../../abi.h"
#include "../../arch.h"
#include "../../boot.h"
#include "../../clock.h"
#include "../../elf.h"
#include "../../log.h"
#include "../../vm.h"
#include "layout.h"

#define PTE_P 0x1ULL
#define PTE_W 0x2ULL
#define PTE_U 0x4ULL
#define PTE_PS 0x80ULL
#define PTE_NX (1ULL << 63)

#define MIB2 0x200000ULL
#define PAGE 0x1000ULL

#define CR0_PE 0x1ULL
#define CR0_MP 0x2ULL
#define CR0_NE 0x20ULL
#define CR0_WP 0x10000ULL
#define CR0_PG 0x80000000ULL
#define CR4_PAE 0x20ULL
#define CR4_OSFXSR 0x200ULL
#define CR4_OSXMMEXCPT 0x400ULL
#define CR4_FSGSBASE 0x10000ULL
#define EFER_LME 0x100ULL
#define EFER_LMA 0x400ULL
#define EFER_NXE 0x800ULL

#define MSR_IA32_TSC 0x10

const uint16_t tnd_arch_elf_machine = EM_X86_64;

uint64_t tnd_arch_mem_round(uint64_t bytes)
{
    return bytes & ~(MIB2 - 1);
}

/* Page flags of a 4 KiB page in native mode (CPL 3 guest). */
static uint64_t native_page(const struct tnd_elf *elf, uint64_t a)
{
    if (a == 0)
        return 0;
    if (a >= X86_TRAP_STACK && a < X86_TRAP_STACK_TOP)
        return PTE_P | PTE_W | PTE_NX;
    if (a == X86_STUBS_BASE)
        return PTE_P;
    if (a < X86_LOW_END)
        return a <= X86_TSS_BASE ? PTE_P | PTE_NX : 0;
    if (a < X86_BOOT_RO_END)
        return PTE_P | PTE_U | PTE_NX;
    if (a < PV_GUEST_MIN_BASE)
        return 0;
    const struct tnd_elf_seg *s = tnd_elf_seg_at(elf, a);
    if (s) {
        uint64_t f = PTE_P | PTE_U;
        if (s->flags & PF_W)
            f |= PTE_W;
        if (!(s->flags & PF_X))
            f |= PTE_NX;
        return f;
    }
    return PTE_P | PTE_W | PTE_U | PTE_NX; /* heap and stack */
}

/* Page flags of a 4 KiB page in Solo5 mode (CPL 0 guest, as solo5-hvt). */
static uint64_t solo5_page(uint64_t a)
{
    if (a == 0 || (a >= X86_TRAP_STACK_TOP && a < X86_LOW_END))
        return 0;
    if (a >= X86_TRAP_STACK && a < X86_TRAP_STACK_TOP)
        return PTE_P | PTE_W;
    if (a < PV_GUEST_MIN_BASE)
        return PTE_P;
    return PTE_P | PTE_W;
}

static void build_page_tables(struct tnd_vm *vm, const struct tnd_elf *elf)
{
    uint64_t *pml4 = (uint64_t *)(vm->mem + X86_PML4_BASE);
    uint64_t *pdpt = (uint64_t *)(vm->mem + X86_PDPT_BASE);
    uint64_t *pd = (uint64_t *)(vm->mem + X86_PD_BASE);
    uint64_t u = vm->native ? PTE_U : 0;
    uint64_t nx = vm->native ? PTE_NX : 0;

    pml4[0] = X86_PDPT_BASE | PTE_P | PTE_W | u;
    for (unsigned g = 0; g < 4; g++)
        pdpt[g] = (X86_PD_BASE + g * PAGE) | PTE_P | PTE_W | u;

    uint64_t n4k = tnd_boot_4k_blocks(elf, vm->native,
                                      (X86_PT_POOL_END - X86_PT_POOL) / PAGE);

    for (uint64_t k = 0; k < vm->alloc_size / MIB2; k++) {
        if (k >= n4k) {
            pd[k] = k * MIB2 | PTE_P | PTE_W | PTE_PS | u | nx;
            continue;
        }
        uint64_t pt_gpa = k == 0 ? X86_PT0_BASE : X86_PT_POOL + (k - 1) * PAGE;
        uint64_t *pt = (uint64_t *)(vm->mem + pt_gpa);
        pd[k] = pt_gpa | PTE_P | PTE_W | u;
        for (uint64_t i = 0; i < 512; i++) {
            uint64_t a = k * MIB2 + i * PAGE;
            uint64_t f = vm->native ? native_page(elf, a) : solo5_page(a);
            pt[i] = f ? (a | f) : 0;
        }
    }
}

static uint64_t gdt_tss_low(uint64_t base, uint32_t limit)
{
    return (limit & 0xffffULL) | ((base & 0xffffffULL) << 16) |
           (0x8bULL << 40) | (((uint64_t)limit >> 16 & 0xf) << 48) |
           ((base >> 24 & 0xff) << 56);
}

/*
 * I/O bitmap: ports a CPL-3 guest may use (hypercalls and the kick). A
 * 32-bit OUT to port p needs the bits of p..p+3 clear.
 */
#define IOMAP_OFFSET 0x68
#define IOMAP_LAST_PORT (PV_I2C_KICK_PIO + 3) /* the highest port open */
#define IOMAP_BYTES (IOMAP_LAST_PORT / 8 + 1)
#define TSS_LIMIT (IOMAP_OFFSET + IOMAP_BYTES + 1 - 1)
_Static_assert(PV_HC_PIO_BASE + PV_HC_MAX + 2 <= IOMAP_LAST_PORT,
               "the hypercall ports fit the I/O bitmap");
_Static_assert(PV_GPIO_KICK_PIO + 3 <= IOMAP_LAST_PORT,
               "the GPIO kick fits the I/O bitmap");

/* Lets a CPL-3 guest use ports first..first+n-1 (in the bitmap). */
static void open_ports(uint8_t *bitmap, unsigned first, unsigned n)
{
    for (unsigned p = first; p < first + n; p++)
        bitmap[p / 8] &= (uint8_t) ~(1u << (p % 8));
}

static void build_tables(struct tnd_vm *vm)
{
    uint64_t *gdt = (uint64_t *)(vm->mem + X86_GDT_BASE);
    gdt[0] = 0;
    gdt[1] = 0x00af99000000ffffULL; /* kernel code, 64-bit, as Solo5 */
    gdt[2] = 0x00cf93000000ffffULL; /* kernel data */
    gdt[3] = 0x00affb000000ffffULL; /* user code, 64-bit, DPL 3 */
    gdt[4] = 0x00cff3000000ffffULL; /* user data, DPL 3 */
    gdt[5] = gdt_tss_low(X86_TSS_BASE, TSS_LIMIT);
    gdt[6] = 0;

    uint8_t *tss = vm->mem + X86_TSS_BASE;
    memset(tss, 0, PAGE);
    uint64_t top = X86_TRAP_STACK_TOP;
    memcpy(tss + 0x04, &top, 8); /* RSP0 */
    memcpy(tss + 0x24, &top, 8); /* IST1 */
    uint16_t iomap = IOMAP_OFFSET;
    memcpy(tss + 0x66, &iomap, 2);
    uint8_t *bitmap = tss + IOMAP_OFFSET;
    memset(bitmap, 0xff, IOMAP_BYTES + 1);
    open_ports(bitmap, PV_HC_PIO_BASE, PV_HC_MAX + 3); /* 32-bit OUTs */
    open_ports(bitmap, PV_GPIO_KICK_PIO, 4);
    open_ports(bitmap, PV_I2C_KICK_PIO, 4);

    /*
     * Exception stubs: push a zero error code where the CPU pushes none,
     * push the vector, save RAX and RDX, and report the frame's address on
     * PV_TRAP_PIO. They run at CPL 0 on the IST1 stack.
     */
    uint8_t *stubs = vm->mem + X86_STUBS_BASE;
    uint64_t *idt = (uint64_t *)(vm->mem + X86_IDT_BASE);
    const uint32_t with_error = 1u << 8 | 1u << 10 | 1u << 11 | 1u << 12 |
                                1u << 13 | 1u << 14 | 1u << 17 | 1u << 21 |
                                1u << 29 | 1u << 30;
    unsigned common = X86_NVECTORS * X86_STUB_SIZE;
    for (unsigned v = 0; v < X86_NVECTORS; v++) {
        uint8_t *s = stubs + v * X86_STUB_SIZE;
        unsigned n = 0;
        if (!(with_error & (1u << v))) {
            s[n++] = 0x6a; /* push $0 */
            s[n++] = 0;
        }
        s[n++] = 0x6a; /* push $v */
        s[n++] = (uint8_t)v;
        s[n++] = 0xe9; /* jmp common */
        int32_t rel = (int32_t)(common - (v * X86_STUB_SIZE + n + 4));
        memcpy(s + n, &rel, 4);

        uint64_t h = X86_STUBS_BASE + v * X86_STUB_SIZE;
        idt[2 * v] = (h & 0xffff) | ((uint64_t)X86_SEL_KCODE << 16) |
                     (1ULL << 32) /* IST1 */ | (0x8eULL << 40) |
                     ((h >> 16 & 0xffff) << 48);
        idt[2 * v + 1] = h >> 32;
    }
    static const uint8_t tail[] = {
        0x50, /* push %rax */
        0x52, /* push %rdx */
        0x48,
        0x89,
        0xe0, /* mov %rsp,%rax */
        0x66,
        0xba,
        PV_TRAP_PIO & 0xff,
        PV_TRAP_PIO >> 8, /* mov $p,%dx */
        0xef,             /* out %eax,(%dx) */
        0xf4,             /* hlt */
        0xeb,
        0xfe, /* jmp . */
    };
    memcpy(stubs + common, tail, sizeof tail);
}

#define CPUID_ENTRIES 100

static bool cpuid_has_fsgsbase(const struct kvm_cpuid2 *c)
{
    for (unsigned i = 0; i < c->nent; i++)
        if (c->entries[i].function == 7 && c->entries[i].index == 0)
            return c->entries[i].ebx & 1;
    return false;
}

/*
 * A KVM struct with a flexible array of n entries of `entry` bytes,
 * zeroed (allocated: a struct nested around a flexible array member is a
 * GNU extension). Dies if memory runs out.
 */
static void *kvm_flex(size_t head, size_t entry, size_t n)
{
    void *p = calloc(1, head + entry * n);
    if (p == NULL)
        tnd_die("out of memory");
    return p;
}

/* True if leaf 0's vendor string is AMD's or Hygon's (SVM hosts). */
static bool cpuid_vendor_amd(const struct kvm_cpuid2 *c)
{
    for (unsigned i = 0; i < c->nent; i++) {
        const struct kvm_cpuid_entry2 *e = &c->entries[i];
        if (e->function != 0)
            continue;
        /* "AuthenticAMD" and "HygonGenuine": EBX, EDX, ECX. */
        return (e->ebx == 0x68747541 && e->edx == 0x69746e65 &&
                e->ecx == 0x444d4163) ||
               (e->ebx == 0x6f677948 && e->edx == 0x6e65476e &&
                e->ecx == 0x656e6975);
    }
    return false;
}

/*
 * Type of the task register's descriptor, which the I/O permission check
 * of a CPL-3 OUT reads (docs/abi.md, "Native mode"). VMX refuses to enter
 * a 64-bit guest whose TR is not a busy TSS (11). SVM does not check it,
 * and QEMU's emulation of SVM (the test VM) honours the I/O bitmap only
 * for an available TSS (9): a busy one made every hypercall a #GP. PVM
 * hosts (AMD) were measured with 11 only, so they keep it.
 */
/* The TR descriptor's type for this host (set with the CPUID). */
static uint8_t tr_type;

static uint8_t tss_type(bool amd)
{
    static const char pvm_module[] = "/sys/module/kvm_pvm";
    if (!amd || access(pvm_module, F_OK) == 0)
        return 11;
    return 9;
}

static void set_cpuid(struct tnd_vm *vm)
{
    struct kvm_cpuid2 *cp =
        kvm_flex(sizeof *cp, sizeof cp->entries[0], CPUID_ENTRIES);
    cp->nent = CPUID_ENTRIES;
    if (ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, cp) < 0)
        tnd_die_errno("KVM: ioctl (GET_SUPPORTED_CPUID) failed");
    if (ioctl(vm->vcpu_fd, KVM_SET_CPUID2, cp) < 0)
        tnd_die_errno("KVM: ioctl (SET_CPUID2) failed");
    if (vm->native && cpuid_has_fsgsbase(cp))
        vm->ext_flags |= PV_EXT_F_FSGSBASE;
    tr_type = tss_type(cpuid_vendor_amd(cp));
    free(cp);
}

static void set_segment(struct kvm_segment *s, uint16_t sel, bool code,
                        unsigned dpl)
{
    memset(s, 0, sizeof *s);
    s->selector = sel;
    s->limit = 0xffffffff;
    s->type = code ? (dpl ? 11 : 9) : 3;
    s->present = 1;
    s->dpl = (uint8_t)dpl;
    s->s = 1;
    s->l = code;
    s->db = !code;
    s->g = 1;
}

void tnd_arch_vcpu_init(struct tnd_vm *vm, const struct tnd_elf *elf)
{
    int khz = ioctl(vm->vcpu_fd, KVM_GET_TSC_KHZ, 0);
    if (khz <= 0)
        tnd_die_errno("KVM: ioctl (GET_TSC_KHZ) failed: no stable TSC");
    vm->cycle_freq = (uint64_t)khz * 1000;

    build_page_tables(vm, elf);
    build_tables(vm);
    set_cpuid(vm);

    struct kvm_sregs sr;
    if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &sr) < 0)
        tnd_die_errno("KVM: ioctl (GET_SREGS) failed");
    unsigned dpl = vm->native ? 3 : 0;
    set_segment(&sr.cs, vm->native ? X86_SEL_UCODE : X86_SEL_KCODE, true, dpl);
    set_segment(&sr.ds, vm->native ? X86_SEL_UDATA : X86_SEL_KDATA, false, dpl);
    sr.es = sr.fs = sr.gs = sr.ss = sr.ds;
    memset(&sr.tr, 0, sizeof sr.tr);
    sr.tr.selector = X86_SEL_TSS;
    sr.tr.base = X86_TSS_BASE;
    sr.tr.limit = TSS_LIMIT;
    sr.tr.type = tr_type;
    sr.tr.present = 1;
    sr.gdt.base = X86_GDT_BASE;
    sr.gdt.limit = X86_GDT_ENTRIES * 8 - 1;
    sr.idt.base = X86_IDT_BASE;
    sr.idt.limit = X86_NVECTORS * 16 - 1;
    sr.cr3 = X86_PML4_BASE;
    sr.cr0 = CR0_PE | CR0_NE | CR0_WP | CR0_PG;
    sr.cr4 = CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT;
    sr.efer = EFER_LME | EFER_LMA;
    if (vm->native) {
        sr.cr0 |= CR0_MP;
        sr.efer |= EFER_NXE;
        if (vm->ext_flags & PV_EXT_F_FSGSBASE)
            sr.cr4 |= CR4_FSGSBASE;
    }
    if (ioctl(vm->vcpu_fd, KVM_SET_SREGS, &sr) < 0)
        tnd_die_errno("KVM: ioctl (SET_SREGS) failed");

    struct kvm_regs r = {
        .rip = elf->entry,
        .rsp = vm->mem_size - 8,
        .rdi = PV_BOOT_INFO_BASE,
        .rflags = 0x2,
    };
    if (ioctl(vm->vcpu_fd, KVM_SET_REGS, &r) < 0)
        tnd_die_errno("KVM: ioctl (SET_REGS) failed");
}

int tnd_arch_set_tls_base(struct tnd_vm *vm, uint64_t base)
{
    /* Canonical: bits 63..47 all equal. */
    uint64_t top = base >> 47;
    if (top != 0 && top != 0x1ffff)
        return PV_R_EINVAL;
    struct kvm_sregs sr;
    if (ioctl(vm->vcpu_fd, KVM_GET_SREGS, &sr) < 0)
        tnd_die_errno("KVM: ioctl (GET_SREGS) failed");
    sr.fs.base = base;
    if (ioctl(vm->vcpu_fd, KVM_SET_SREGS, &sr) < 0)
        tnd_die_errno("KVM: ioctl (SET_SREGS) failed");
    return PV_R_OK;
}

static uint64_t host_tsc(void)
{
    uint32_t lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

/*
 * Where KVM tells the guest TSC's offset from the host TSC, pairs a host
 * TSC reading with CLOCK_MONOTONIC (tens of nanoseconds apart) and adds
 * the offset; otherwise reads the guest TSC through KVM_GET_MSRS, which
 * is good to the ioctl's duration (microseconds).
 */
uint64_t tnd_arch_clock_sample(struct tnd_vm *vm, uint64_t *cycles,
                               uint64_t *monotonic_ns)
{
    uint64_t offset;
    struct kvm_device_attr attr = {.group = KVM_VCPU_TSC_CTRL,
                                   .attr = KVM_VCPU_TSC_OFFSET,
                                   .addr = (uint64_t)(uintptr_t)&offset};
    if (ioctl(vm->vcpu_fd, KVM_GET_DEVICE_ATTR, &attr) == 0) {
        uint64_t a = host_tsc();
        *monotonic_ns = tnd_clock_now_ns();
        uint64_t b = host_tsc();
        *cycles = a + (b - a) / 2 + offset;
        return b - a;
    }
    struct kvm_msrs *m = kvm_flex(sizeof *m, sizeof m->entries[0], 1);
    m->nmsrs = 1;
    m->entries[0].index = MSR_IA32_TSC;
    uint64_t t0 = tnd_clock_now_ns();
    if (ioctl(vm->vcpu_fd, KVM_GET_MSRS, m) != 1)
        tnd_die_errno("KVM: ioctl (GET_MSRS) failed");
    uint64_t t1 = tnd_clock_now_ns();
    *cycles = m->entries[0].data;
    free(m);
    *monotonic_ns = t0 + (t1 - t0) / 2;
    return t1 - t0;
}
