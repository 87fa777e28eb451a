/* SPDX-License-Identifier: ISC */
/*
 * options.c: the parse and check phases of the tender's command line
 * (docs/architecture.md, "Boot sequence"): every option, then the options
 * against each other, then against the unikernel's manifest. Nothing
 * here opens a host resource; errors end the tender with a usage error
 * (TND_EXIT_USAGE) or, for a bad unikernel or input file, TND_EXIT_ERROR.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "abi.h"
#include "args.h"
#include "log.h"
#include "mft.h"
#include "module.h"
#include "options.h"

static uint64_t parse_one_by_one(char **argv, int first, int end)
{
    uint64_t mem = (uint64_t)TND_MEM_DEFAULT_MIB << 20;
    for (int i = first; i < end; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            continue;
        if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            tnd_log_level = 2;
            continue;
        }
        if (strncmp(a, "--mem=", 6) == 0) {
            int rc = tnd_args_parse_mem(a + 6, &mem);
            if (rc == -ERANGE)
                tnd_die_usage("--mem: %s is out of range 1..%d MiB", a + 6,
                              TND_MEM_MAX_MIB);
            if (rc)
                tnd_die_usage("--mem: '%s' is not a number of MiB", a + 6);
            continue;
        }
        bool taken = false;
        TND_FOR_EACH_MODULE (m) {
            if (m->handle_arg && m->handle_arg(a) == 0) {
                taken = true;
                break;
            }
        }
        if (!taken)
            tnd_die_usage("unknown option '%s'", a);
    }
    return mem;
}

uint64_t tnd_options_parse(char **argv, int first, int end)
{
    uint64_t mem = parse_one_by_one(argv, first, end);
    TND_FOR_EACH_MODULE (m)
        if (m->args_done)
            m->args_done();
    return mem;
}

/* Device types this tender knows: anything else is a bad unikernel. */
static void check_types(const char *path, const struct pv_mft *mft)
{
    for (uint32_t i = 1; i < mft->entries; i++) {
        const struct pv_mft_entry *e = &mft->e[i];
        if (e->type != PV_MFT_DEV_BLOCK_BASIC &&
            e->type != PV_MFT_DEV_NET_BASIC &&
            e->type != PV_MFT_DEV_GPIO_BASIC &&
            e->type != PV_MFT_DEV_I2C_BASIC && e->type != PV_MFT_DEV_UART_BASIC)
            tnd_die("%s: device '%s' has manifest type 0x%x, which this "
                    "tender does not support",
                    path, e->name, e->type);
    }
}

/* Every declared device must be attached by an option (as solo5-hvt). */
static void check_attached(const struct pv_mft *mft)
{
    for (uint32_t i = 1; i < mft->entries; i++) {
        const struct pv_mft_entry *e = &mft->e[i];
        if (e->attached)
            continue;
        const char *opt = e->type == PV_MFT_DEV_BLOCK_BASIC  ? "block"
                          : e->type == PV_MFT_DEV_NET_BASIC  ? "net"
                          : e->type == PV_MFT_DEV_I2C_BASIC  ? "i2c"
                          : e->type == PV_MFT_DEV_UART_BASIC ? "uart"
                                                             : "gpio";
        tnd_die("device '%s' (%s) is declared in the manifest but not "
                "attached: give --%s:%s=...",
                e->name, tnd_mft_type_name(e->type), opt, e->name);
    }
}

void tnd_options_check(const char *path, struct pv_mft *mft)
{
    check_types(path, mft);
    TND_FOR_EACH_MODULE (m)
        if (m->check)
            m->check(mft);
    check_attached(mft);
    tnd_module_check_outputs();
}
