/* SPDX-License-Identifier: ISC */
/*
 * main.c: the entry of an OCaml unikernel. solo5_app_main gives the heap
 * to malloc, turns the command line into the environment and argv, runs
 * the OCaml program and ends the unikernel with its status:
 *
 *   pinvisor [OPTIONS] app.hvt [NAME=VALUE]... [ARG]...
 *
 * Leading NAME=VALUE words (NAME in capitals, digits and '_') become the
 * environment (Sys.getenv; OCAMLRUNPARAM sets the runtime's parameters,
 * with backtraces on by default, "b=0" turns them off); the other words
 * are Sys.argv.(1..), Sys.argv.(0) being the program's name.
 *
 * Status: 0 when the program returns (after Stdlib's at_exit functions,
 * which flush the standard channels), n for `exit n` (n land 255), 2 for
 * an uncaught exception (printed with its backtrace), 255 for an abort.
 */
#define CAML_NAME_SPACE
#include <caml/callback.h>
#include <caml/mlvalues.h>
#include <stdlib.h>
#include <string.h>

#include "pvlibc.h"
#include "pvocaml.h"
#include "solo5.h"

#define MAX_ARGS 64
#define MAX_ENV 32

static char *argv_[MAX_ARGS + 2];
static char *env_[MAX_ENV + 2];

static int is_env_word(const char *w)
{
    const char *p = w;
    if (!(*p >= 'A' && *p <= 'Z'))
        return 0;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_')
        p++;
    return *p == '=';
}

/* Splits the command line (a malloc'd copy) at spaces into env and argv. */
static void parse_cmdline(const char *cmdline)
{
    char *s = strdup(cmdline ? cmdline : "");
    int argc = 0, envc = 0, args_started = 0;
    static char runparam[256] = "OCAMLRUNPARAM=b";
    env_[envc++] = runparam;
    argv_[argc++] = (char *)pvocaml_program_name;
    for (char *p = s; p && *p;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        char *w = p;
        while (*p && *p != ' ')
            p++;
        if (*p)
            *p++ = 0;
        if (!args_started && is_env_word(w)) {
            if (strncmp(w, "OCAMLRUNPARAM=", 14) == 0) {
                /* after the default "b", so that it can be overridden */
                size_t n = strlen(runparam);
                if (w[14] && n + 1 + strlen(w + 14) < sizeof runparam) {
                    runparam[n] = ',';
                    strcpy(runparam + n + 1, w + 14);
                }
            } else if (envc < MAX_ENV) {
                env_[envc++] = w;
            }
            continue;
        }
        args_started = 1;
        if (argc < MAX_ARGS)
            argv_[argc++] = w;
    }
    argv_[argc] = NULL;
    env_[envc] = NULL;
    pvlibc_set_environ(env_);
}

/* ocaml.lds: the OCaml stack, right above the read-only segment. */
extern char _pvstack_start[], _pvstack_end[];

static int run(void *unused)
{
    (void)unused;
    /* An uncaught exception is reported and ends with exit(2) here. */
    caml_startup(argv_);
    /* The program returned: what std_exit.ml does for executables. */
    const value *at_exit = caml_named_value("Pervasives.do_at_exit");
    if (at_exit)
        caml_callback(*at_exit, Val_unit);
    return 0;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    pvlibc_heap_init((void *)si->heap_start, si->heap_size);
    parse_cmdline(si->cmdline);
    /*
     * The OCaml 4.13 runtime detects a stack overflow only through a
     * SIGSEGV handler, and a unikernel gets no signals. The program runs
     * on a stack whose end borders the read-only segment instead: an
     * overflow faults there (the tender reports it and stops the guest,
     * docs/ocaml.md) before it can reach other memory.
     */
    return pvocaml_call_on_stack(run, NULL, _pvstack_end);
}
