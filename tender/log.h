/* SPDX-License-Identifier: ISC */
/*
 * log.h: messages of the tender. Every message is one line on stderr
 * starting with "pinvisor: ".
 */
#ifndef TND_LOG_H
#define TND_LOG_H

#include <stdnoreturn.h>

/*
 * Exit statuses of the tender process (docs/architecture.md):
 *   0..254  the guest's own exit status (solo5_exit)
 *   255     the guest aborted (solo5_abort) or faulted
 *   TND_EXIT_ERROR   tender error: bad ELF or manifest, a device that cannot
 *                    be attached, a host failure, a guest protocol violation
 *                    or guest memory violation, a stop signal; the same
 *                    status solo5-hvt uses for these
 *   TND_EXIT_USAGE   bad command line
 */
#define TND_EXIT_ERROR 1
#define TND_EXIT_USAGE 2
#define TND_EXIT_ABORT 255

#define TND_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* Verbosity: 0 quiet (errors only), 1 warnings (default), 2 info. */
extern int tnd_log_level;

/*
 * Ends the tender with TND_EXIT_ERROR: runs the exit hooks (safe GPIO
 * state) if set-up got that far, then prints the message. Every message
 * waits for a stalled stderr only until a stop is asked for, and at most
 * 100 ms once the exit hooks have run (docs/architecture.md, "Exit
 * paths"); it is lost then.
 */
noreturn void tnd_die(const char *fmt, ...) TND_PRINTF(1, 2);
/* As tnd_die, appending ": " and strerror(errno). */
noreturn void tnd_die_errno(const char *fmt, ...) TND_PRINTF(1, 2);
/* Bad command line: prints the message and a hint, exits TND_EXIT_USAGE. */
noreturn void tnd_die_usage(const char *fmt, ...) TND_PRINTF(1, 2);

void tnd_warn(const char *fmt, ...) TND_PRINTF(1, 2);
void tnd_info(const char *fmt, ...) TND_PRINTF(1, 2);

#endif
