/* SPDX-License-Identifier: ISC */
/*
 * log.c: the runtime's "Solo5: " messages and the --solo5:LEVEL option.
 */
#include "rt.h"

int rt_log_level = RT_LOG_INFO;

static const char *const levels[] = {"quiet", "error", "warn", "info", "debug"};

const char *rt_log_parse_cmdline(const char *cmdline)
{
    static const char opt[] = "--solo5:";
    if (strncmp(cmdline, opt, sizeof opt - 1) != 0)
        return cmdline;
    const char *v = cmdline + sizeof opt - 1;
    for (int i = 0; i < (int)(sizeof levels / sizeof levels[0]); i++) {
        size_t n = strlen(levels[i]);
        if (strncmp(v, levels[i], n) == 0 && (v[n] == ' ' || v[n] == '\0')) {
            rt_log_level = i;
            v += n;
            while (*v == ' ')
                v++;
            return v;
        }
    }
    return cmdline;
}

void rt_log(int level, const char *fmt, ...)
{
    if (level > rt_log_level)
        return;
    char buf[256];
    size_t n = 7;
    memcpy(buf, "Solo5: ", n);
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + n, sizeof buf - n, fmt, ap);
    va_end(ap);
    n += k < 0 ? 0 : (size_t)k;
    if (n > sizeof buf - 1)
        n = sizeof buf - 1;
    solo5_console_write(buf, n);
}
