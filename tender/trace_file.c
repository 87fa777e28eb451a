/* SPDX-License-Identifier: ISC */
/*
 * trace_file.c: the text trace files of the I2C and UART classes: open
 * once in set-up, then whole lines written at once with write(2), so the
 * sandbox needs nothing more than the fd's TND_FD_OUTPUT role (and the
 * one-fd ppoll that log.c uses too).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "log.h"
#include "module.h"
#include "sandbox.h"
#include "trace_file.h"

/* One wait for a stalled reader, and how many an exit allows (log.c's). */
#define SLICE_NS 50000000L
#define EXIT_SLICES 2

int tnd_trace_file_parse_max(const char *s, uint64_t *size)
{
    uint64_t v = 0;
    const char *p = s;
    if (*p < '0' || *p > '9')
        return -EINVAL;
    for (; *p >= '0' && *p <= '9'; p++) {
        if (v > (UINT64_MAX - 9) / 10)
            return -EINVAL;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    unsigned shift = 0;
    if (*p == 'K' || *p == 'k')
        shift = 10;
    else if (*p == 'M' || *p == 'm')
        shift = 20;
    else if (*p == 'G' || *p == 'g')
        shift = 30;
    if (shift)
        p++;
    if (*p != '\0' || v > (UINT64_MAX >> shift))
        return -EINVAL;
    v <<= shift;
    if (v < TND_TRACE_FILE_MAX_MIN)
        return -ERANGE;
    *size = v;
    return 0;
}

int tnd_trace_file_max_option(const char *arg, const char *prefix,
                              uint64_t *max)
{
    size_t n = strlen(prefix);
    if (strncmp(arg, prefix, n) != 0)
        return 1;
    int rc = tnd_trace_file_parse_max(arg + n, max);
    if (rc == -ERANGE)
        tnd_die_usage("%s: at least %d bytes", arg, TND_TRACE_FILE_MAX_MIN);
    if (rc)
        tnd_die_usage("%s: expected a size in bytes (a number, "
                      "optionally with K, M or G)",
                      arg);
    return 0;
}

int tnd_trace_file_open(struct tnd_trace_file *f, const char *path,
                        const char *head, char *err, size_t errlen)
{
    f->written = 0;
    f->stopped = false;
    /* Truncated only once it is known to be none of the inputs. */
    f->fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC,
                 0644);
    if (f->fd < 0) {
        int e = errno;
        snprintf(err, errlen, "cannot create %s: %s", path, strerror(e));
        return -e;
    }
    const char *input = tnd_module_input_of(f->fd);
    if (input) {
        snprintf(err, errlen, "%s=%s: that file is %s, an input", f->opt, path,
                 input);
        close(f->fd);
        f->fd = -1;
        return -EEXIST;
    }
    if (ftruncate(f->fd, 0) != 0 && errno != EINVAL) {
        int e = errno;
        snprintf(err, errlen, "cannot truncate %s: %s", path, strerror(e));
        return -e;
    }
    size_t n = strlen(head);
    if (write(f->fd, head, n) != (ssize_t)n) {
        int e = errno;
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(e));
        return -e;
    }
    /* Written without blocking: after the head, put() bounds
     * the waits for a FIFO's reader. */
    int fl = fcntl(f->fd, F_GETFL);
    if (fl < 0 || fcntl(f->fd, F_SETFL, fl | O_NONBLOCK) != 0) {
        int e = errno;
        snprintf(err, errlen, "cannot set up %s: %s", path, strerror(e));
        return -e;
    }
    f->written = n;
    return 0;
}

void tnd_trace_file_setup(struct tnd_trace_file *f, const char *path,
                          uint64_t max, const char *area)
{
    char err[200];
    f->max = max;
    int rc = tnd_trace_file_open(f, path, f->head, err, sizeof err);
    if (rc == -EEXIST)
        tnd_die_usage("%s", err);
    if (rc)
        tnd_die("%s: %s", area, err);
    if (tnd_sandbox_allow_fd(f->fd, TND_FD_OUTPUT))
        tnd_die("%s: too many file descriptors", area);
}

size_t tnd_trace_file_stamp(const struct tnd_trace_file *f, char *line,
                            size_t size, uint64_t now_ns)
{
    uint64_t t = now_ns > f->t0 ? now_ns - f->t0 : 0;
    int n = snprintf(line, size, "%llu.%09llu",
                     (unsigned long long)(t / 1000000000ULL),
                     (unsigned long long)(t % 1000000000ULL));
    return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}

/*
 * Writes all of buf; false (and a warning) if a write failed or the
 * reader did not take it in time. The fd never blocks: a full pipe is
 * waited for in 50 ms slices, while the tender runs until a stop is
 * requested, once the exit hooks have started two slices at most. Never
 * ends the tender, so callers may hold a lock (the I2C bus lock).
 */
static bool put(struct tnd_trace_file *f, const char *buf, size_t n)
{
    size_t done = 0;
    for (int slices = 0; done < n;) {
        ssize_t w = write(f->fd, buf + done, n - done);
        if (w > 0) {
            done += (size_t)w;
            continue;
        }
        if (w == 0 || (errno != EAGAIN && errno != EINTR)) {
            tnd_warn("%s: write failed; the trace is incomplete", f->what);
            return false;
        }
        if (errno == EAGAIN) {
            struct pollfd p = {.fd = f->fd, .events = POLLOUT};
            struct timespec ts = {0, SLICE_NS};
            if (ppoll(&p, 1, &ts, NULL) > 0)
                continue;
        }
        if (tnd_core_exiting() ? ++slices >= EXIT_SLICES
                               : atomic_load(&tnd_core_signal) != 0) {
            tnd_warn("%s: its reader did not take it in time; the trace is "
                     "incomplete",
                     f->what);
            return false;
        }
    }
    f->written += n;
    return true;
}

void tnd_trace_file_write(struct tnd_trace_file *f, const char *buf, size_t n)
{
    if (f->fd < 0 || f->stopped)
        return;
    char last[128];
    int k =
        snprintf(last, sizeof last, "# stopped: %s-max was reached\n", f->opt);
    size_t nl = k > 0 ? (size_t)k : 0;
    if (f->max != UINT64_MAX && f->written + n + nl > f->max) {
        f->stopped = true;
        tnd_warn("%s: %s-max was reached; the trace stops there", f->what,
                 f->opt);
        put(f, last, nl);
        return;
    }
    if (!put(f, buf, n))
        f->stopped = true;
}
