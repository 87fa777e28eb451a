/* SPDX-License-Identifier: ISC */
/*
 * native_note.c: the NAT1 note asking pinvisor for native mode (x86_64:
 * CPL 3) and telling it where the stack-protector guard lives. Linked
 * into pinvisor.o only; pinvisor-solo5.o leaves it out and its guests run
 * in Solo5 mode (CPL 0) as on solo5-hvt.
 */
#include "rt.h"

extern uintptr_t __stack_chk_guard;

struct nat1_note {
    uint32_t namesz, descsz, type;
    char name[12];
    struct pv_native_note desc;
};

__attribute__((section(".note.pinvisor.native"), aligned(8),
               used)) static const struct nat1_note nat1 = {
    .namesz = sizeof PV_NOTE_PINVISOR_NAME,
    .descsz = sizeof(struct pv_native_note),
    .type = PV_NOTE_NAT1,
    .name = PV_NOTE_PINVISOR_NAME,
    .desc = {.version = PV_NATIVE_VERSION,
             .flags = PV_NATIVE_F_CPL3,
             .canary_gpa = (uintptr_t)&__stack_chk_guard},
};
