/* SPDX-License-Identifier: ISC */
/*
 * notes.c: the Solo5 ABI1 note that marks the unikernel as an hvt guest of
 * ABI version 2 (docs/abi.md). Alone in its own PT_NOTE (pinvisor.lds).
 */
#include "rt.h"

struct abi1_note {
    uint32_t namesz, descsz, type;
    char name[8];
    struct pv_abi1 desc;
};

__attribute__((section(".note.solo5.abi"), aligned(4),
               used)) static const struct abi1_note abi1 = {
    .namesz = sizeof PV_NOTE_SOLO5_NAME,
    .descsz = sizeof(struct pv_abi1),
    .type = PV_NOTE_ABI1,
    .name = PV_NOTE_SOLO5_NAME,
    .desc = {.abi_target = PV_ABI_TARGET_HVT,
             .abi_version = PV_HVT_ABI_VERSION},
};

/* Makes the host kernel refuse to exec the unikernel directly. */
__attribute__((section(".interp"), used)) static const char interp[] =
    "/nonexistent/pinvisor/";
