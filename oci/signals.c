/* SPDX-License-Identifier: ISC */
/*
 * signals.c: the signal a `kill` command names (pure).
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "oci.h"

int oci_signal_parse(const char *s)
{
    static const struct {
        const char *name;
        int sig;
    } names[] = {{"HUP", SIGHUP},    {"INT", SIGINT},   {"QUIT", SIGQUIT},
                 {"KILL", SIGKILL},  {"USR1", SIGUSR1}, {"USR2", SIGUSR2},
                 {"TERM", SIGTERM},  {"STOP", SIGSTOP}, {"CONT", SIGCONT},
                 {"WINCH", SIGWINCH}};
    if (*s >= '0' && *s <= '9') {
        char *end;
        long v = strtol(s, &end, 10);
        return *end || v < 1 || v >= NSIG ? -1 : (int)v;
    }
    if (strncmp(s, "SIG", 3) == 0)
        s += 3;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0)
            return names[i].sig;
    return -1;
}
