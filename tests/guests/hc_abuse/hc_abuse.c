/* SPDX-License-Identifier: ISC */
/*
 * hc_abuse: hypercalls that point the tender at memory the guest must not
 * make it touch. The LED (device "io", line 0) is driven high first, so
 * the test can check it still ends in its safe state. Command line:
 *   rodata     WALLTIME whose result would land in a const object
 *   bootinfo   WALLTIME writing into the (read-only) boot info
 *   tables     WALLTIME writing into the tender's tables (native mode:
 *              x86_64 IDT, aarch64 page tables)
 *   blkread    BLOCK_READ into the guest's own text
 *   flood      2 MB of console output (for signal tests)
 *   port:P     x86_64: an OUT to port P, which native mode's I/O bitmap
 *              keeps closed (a #GP the tender reports); elsewhere the
 *              guest says it does not apply and exits 3
 */
#include "pinvisor_abi.h"
#include "pvlibc.h"
#include "solo5.h"

/* Inside the tender's own tables: x86_64's IDT, aarch64's level-0 page
 * table (tender/arch/.../layout.h). */
#if defined(__x86_64__)
#define TENDER_TABLES 0x9060
#else
#define TENDER_TABLES 0x1060
#endif

static const struct pv_hc_walltime in_rodata = {0};
static char line[1024];

static void hypercall(unsigned nr, const volatile void *arg)
{
    pv_hypercall(nr, arg);
}

int solo5_app_main(const struct solo5_start_info *si)
{
    solo5_handle_t io;
    struct solo5_gpio_info info;
    struct solo5_gpio_config out = {.flags = SOLO5_GPIO_OUTPUT, .values = 1};
    if (solo5_gpio_acquire("io", &io, &info) != SOLO5_R_OK ||
        solo5_gpio_set(io, 1, &out) != SOLO5_R_OK)
        return 1;
    uint64_t v;
    solo5_gpio_input(io, 1, &v); /* the LED is high before we misbehave */
    const char *m = si->cmdline;
    if (strcmp(m, "rodata") == 0)
        hypercall(PV_HC_WALLTIME, &in_rodata);
    else if (strcmp(m, "bootinfo") == 0)
        hypercall(PV_HC_WALLTIME, (void *)PV_BOOT_INFO_BASE);
    else if (strcmp(m, "tables") == 0)
        hypercall(PV_HC_WALLTIME, (void *)TENDER_TABLES);
    else if (strcmp(m, "blkread") == 0) {
        solo5_handle_t b;
        struct solo5_block_info bi;
        if (solo5_block_acquire("disk", &b, &bi) != SOLO5_R_OK)
            return 1;
        struct pv_hc_block a = {.handle = b,
                                .offset = 0,
                                .data = (void *)(uintptr_t)&hypercall,
                                .len = 512};
        hypercall(PV_HC_BLOCK_READ, &a);
    } else if (strncmp(m, "port:", 5) == 0) {
#if defined(__x86_64__)
        uint16_t port = (uint16_t)strtoul(m + 5, NULL, 0);
        printf("OUT to port 0x%x\n", port);
        __asm__ __volatile__("outl %0, %1" : : "a"(0u), "d"(port));
#else
        printf("no port I/O on this architecture\n");
        return 3;
#endif
    } else if (strcmp(m, "flood") == 0) {
        memset(line, 'x', sizeof line - 1);
        line[sizeof line - 2] = '\n';
        for (unsigned i = 0; i < 2000; i++)
            solo5_console_write(line, sizeof line - 1);
        printf("SUCCESS\n");
        return 0;
    }
    printf("FAILURE: the tender let '%s' through\n", m);
    return 1;
}
