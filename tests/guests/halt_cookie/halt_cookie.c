/* SPDX-License-Identifier: ISC */
/*
 * halt_cookie: a guest that issues the HALT hypercall itself, as a Solo5
 * guest's trap handler does, with a cookie pointing at a trap frame. The
 * tender prints the frame's registers and exits with the guest's status.
 *
 * Command line: empty for a valid cookie; "outside MIB" (MIB = the --mem
 * given to the tender) for a cookie that starts 256 bytes below the end of
 * guest memory, so its 512 bytes do not fit: the tender must refuse it.
 */
#include <stdint.h>

#include "pinvisor_abi.h"
#include "pvlibc.h"
#include "solo5.h"

static uint8_t cookie[PV_HALT_COOKIE_MAX] __attribute__((aligned(16)));

static void __attribute__((noreturn)) halt(uintptr_t c, int status)
{
    static volatile struct pv_hc_halt arg;
    arg.cookie = (void *)c;
    arg.exit_status = status;
    pv_hypercall(PV_HC_HALT, &arg);
    printf("FAILURE: HALT returned\n");
    for (;;)
        ;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    /* A frame of the architecture's layout, with values to recognise. */
#if defined(__x86_64__)
    struct pv_x86_trap_frame f = {
        .cr2 = 0xc2c2c2c2,
        .error_code = 0x1e,
        .rip = 0x1234567,
        .cs = 0x8,
        .rflags = 0x10246,
        .rsp = 0x7ffff0,
        .ss = 0x10,
    };
#else
    struct pv_aarch64_trap_frame f = {
        .sp = 0x7ffff0,
        .elr = 0x1234567,
        .spsr = 0x3c5,
        .esr = 0x96000046,
        .far = 0xc2c2c2c2,
    };
    for (int i = 0; i < 31; i++)
        f.x[i] = 0x1000 + (uint64_t)i;
#endif
    memcpy(cookie, &f, sizeof f);
    if (strncmp(si->cmdline, "outside ", 8) == 0) {
        uintptr_t mib = 0;
        for (const char *s = si->cmdline + 8; *s >= '0' && *s <= '9'; s++)
            mib = mib * 10 + (uintptr_t)(*s - '0');
        printf("halting with a cookie that crosses the end of memory\n");
        halt((mib << 20) - 256, 255);
    }
    if (si->cmdline[0] != '\0') {
        printf("FAILURE: usage: halt_cookie.hvt [outside MIB]\n");
        return SOLO5_EXIT_FAILURE;
    }
    printf("halting with a trap-frame cookie\n");
    halt((uintptr_t)cookie, 255);
}
