/* SPDX-License-Identifier: ISC */
/*
 * layout.h: the tender-owned low guest memory on x86_64. The guest never
 * writes here (the pages are supervisor-only or not present in native
 * mode, read-only in Solo5 mode) except the trap stack.
 */
#ifndef TND_X86_LAYOUT_H
#define TND_X86_LAYOUT_H

#include <stdint.h>

#define X86_GDT_BASE 0x1000
#define X86_PML4_BASE 0x2000
#define X86_PDPT_BASE 0x3000
#define X86_PD_BASE 0x4000  /* four page directories, one per GiB */
#define X86_PT0_BASE 0x8000 /* 4 KiB pages of the first 2 MiB */
#define X86_IDT_BASE 0x9000
#define X86_STUBS_BASE 0xa000 /* exception stubs (supervisor, exec) */
#define X86_TSS_BASE 0xb000   /* TSS and I/O permission bitmap */
#define X86_TRAP_STACK 0xc000 /* 3 pages, top at 0xf000 */
#define X86_TRAP_STACK_TOP 0xf000
#define X86_LOW_END 0x10000
#define X86_BOOT_RO_END (PV_BOOT_INFO_BASE + TND_BOOT_AREA_SIZE)
#define X86_PT_POOL 0x20000 /* extra 4 KiB page tables (native mode) */
#define X86_PT_POOL_END 0x100000

#define X86_SEL_KCODE 0x08
#define X86_SEL_KDATA 0x10
#define X86_SEL_UCODE 0x1b
#define X86_SEL_UDATA 0x23
#define X86_SEL_TSS 0x28
#define X86_GDT_ENTRIES 7

#define X86_NVECTORS 32
#define X86_STUB_SIZE 16

/* What the exception stubs push, lowest address first. */
struct x86_stub_frame {
    uint64_t rdx, rax, vector, error_code, rip, cs, rflags, rsp, ss;
};

#endif
