/* SPDX-License-Identifier: ISC */
/* trace_file.h: the text trace files of the device classes (trace_file.c). */
#ifndef TND_TRACE_FILE_H
#define TND_TRACE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TND_TRACE_FILE_MAX_MIN 4096 /* the smallest --*-trace-max */

/*
 * One trace file: `opt` ("--uart-trace") and `what` ("uart trace") name
 * it in messages, `head` is its first line (a comment ending in a
 * newline, for tnd_trace_file_setup); `max` is the most bytes it may
 * take (UINT64_MAX: no cap); `t0` is guest start (tnd_trace_file_stamp).
 * The rest is the writer's.
 */
struct tnd_trace_file {
    const char *opt, *what, *head;
    uint64_t max, t0;
    int fd;
    uint64_t written;
    bool stopped;
};

/* A trace file not yet opened, with no cap. */
#define TND_TRACE_FILE_INIT(opt_, what_, head_)                                \
    {                                                                          \
        .opt = (opt_), .what = (what_), .head = (head_), .max = UINT64_MAX,    \
        .fd = -1                                                               \
    }

/*
 * Parses SIZE of --*-trace-max=SIZE: bytes, with an optional K, M or G
 * (powers of 1024). Returns 0, -EINVAL (not a size) or -ERANGE (below
 * TND_TRACE_FILE_MAX_MIN). Pure.
 */
int tnd_trace_file_parse_max(const char *s, uint64_t *size);

/*
 * Takes the option `prefix`SIZE ("--uart-trace-max=64K") into *max:
 * returns 1 if arg is not that option, 0 if it was taken; a bad SIZE
 * ends the tender with status 2 and one line. For handle_arg().
 */
int tnd_trace_file_max_option(const char *arg, const char *prefix,
                              uint64_t *max);

/*
 * Opens path for f (write only, created 0644, neither followed if a
 * symbolic link nor made the controlling terminal, close on exec),
 * refuses a file that is one of the tender's inputs (-EEXIST, "OPT=PATH:
 * that file is X, an input" in err), then truncates it and writes the
 * comment line `head` (ending in a newline). Call in set-up; f->opt,
 * f->what and f->max set first. Returns 0 or -errno with a one-line
 * reason in err; on failure f->fd is -1 or an fd the exit closes.
 */
int tnd_trace_file_open(struct tnd_trace_file *f, const char *path,
                        const char *head, char *err, size_t errlen);

/*
 * The set-up of a class's trace: opens path for f with at most max
 * bytes (tnd_trace_file_open, with f->head) and lets the sandbox write
 * its fd. Ends the tender on failure: status 2 for a file that is an
 * input, else 1, the message after "AREA: " (area: "uart").
 */
void tnd_trace_file_setup(struct tnd_trace_file *f, const char *path,
                          uint64_t max, const char *area);

/*
 * Writes the seconds since f->t0 at now_ns ("0.001234567"; 0 before
 * t0) to line, of size bytes. Returns the length written.
 */
size_t tnd_trace_file_stamp(const struct tnd_trace_file *f, char *line,
                            size_t size, uint64_t now_ns);

/*
 * Appends the whole line buf[0..n-1] (ending in a newline) at once with
 * write(2) on a non-blocking fd, if the file was opened
 * and has not stopped. A line that would take the file past f->max
 * stops it instead, with a last comment line saying so, and one warning
 * on stderr; so does a failed write, or a reader that does not take the
 * line before a stop is requested (50 ms slices; 100 ms at most once the
 * exit hooks run) (warning only). Never ends the tender: callers may
 * hold a lock. The cap never cuts a line.
 */
void tnd_trace_file_write(struct tnd_trace_file *f, const char *buf, size_t n);

#endif
