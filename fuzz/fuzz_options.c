/* SPDX-License-Identifier: ISC */
/*
 * fuzz_options.c: libFuzzer target for the tender's command line: the
 * option loop with every module's parser, the checks of the options
 * against each other and against a manifest (tender/options.c and the
 * modules' handle_arg, args_done and check). The input is the options,
 * separated by NUL bytes. A usage error ends the tender through _exit,
 * which this target intercepts (linked with --wrap=_exit) to go on with
 * the next input.
 */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "../tender/abi.h"
#include "../tender/log.h"
#include "../tender/options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void __wrap__exit(int status);
noreturn void __real__exit(int status);
void fuzz_opt_block_reset(void);
void fuzz_opt_net_reset(void);
void fuzz_opt_gpio_reset(void);
void fuzz_opt_uart_reset(void);
void fuzz_opt_uart_no_input_files(void);
void fuzz_opt_gpio_no_input_files(void);

static jmp_buf env;
static volatile int armed;

void __wrap__exit(int status)
{
    if (armed) {
        armed = 0;
        longjmp(env, 1);
    }
    __real__exit(status);
}

#define MAX_ARGS 48

/* A manifest with devices of every type, fresh for each input. */
static struct pv_mft *manifest(void)
{
    static const struct {
        const char *name;
        uint32_t type;
    } devs[] = {
        {"storage", PV_MFT_DEV_BLOCK_BASIC}, {"disk2", PV_MFT_DEV_BLOCK_BASIC},
        {"service0", PV_MFT_DEV_NET_BASIC},  {"led", PV_MFT_DEV_GPIO_BASIC},
        {"button", PV_MFT_DEV_GPIO_BASIC},   {"g1", PV_MFT_DEV_GPIO_BASIC},
    };
    static union {
        struct pv_mft m;
        char bytes[sizeof(struct pv_mft) + 7 * sizeof(struct pv_mft_entry)];
    } u;
    memset(&u, 0, sizeof u);
    u.m.version = PV_MFT_VERSION;
    u.m.entries = 7;
    u.m.e[0].type = PV_MFT_RESERVED_FIRST;
    for (unsigned i = 0; i < 6; i++) {
        strcpy(u.m.e[i + 1].name, devs[i].name);
        u.m.e[i + 1].type = devs[i].type;
    }
    return &u.m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char buf[1 << 16], prog[] = "pinvisor";
    static char *argv[MAX_ARGS + 2];
    if (size >= sizeof buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    int argc = 1;
    argv[0] = prog;
    for (char *p = buf; p <= buf + size && argc <= MAX_ARGS; p += strlen(p) + 1)
        argv[argc++] = p;
    argv[argc] = NULL;

    fuzz_opt_block_reset();
    fuzz_opt_net_reset();
    fuzz_opt_gpio_reset();
    fuzz_opt_uart_reset();
    tnd_log_level = 0;
    struct pv_mft *mft = manifest();
    if (setjmp(env) == 0) {
        armed = 1;
        tnd_options_parse(argv, 1, argc);
        fuzz_opt_gpio_no_input_files();
        fuzz_opt_uart_no_input_files();
        tnd_options_check("fuzz.hvt", mft);
        armed = 0;
        /* Accepted: every declared device is attached by one option. */
        for (uint32_t i = 1; i < mft->entries; i++)
            if (!mft->e[i].attached)
                __builtin_trap();
    }
    return 0;
}
