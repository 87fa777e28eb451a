/* SPDX-License-Identifier: ISC */
/*
 * trace.c: a VCD (IEEE 1364 value change dump) waveform of every granted
 * line, with nanosecond timestamps from guest start, for GTKWave or any
 * VCD reader. One scope per device, one 1-bit wire per line named after
 * its chip line. Written through a private buffer with write(2), so it
 * needs no system call the sandbox does not allow.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../tender.h"
#include "gpio.h"

#define MAX_VARS (GPIO_MAX_DEVICES * PV_GPIO_MAX_LINES)

static int fd = -1;
static char buf[16384];
static size_t used;
static uint64_t t0, last_t;
static bool began, time_written;
static char last[MAX_VARS];
static int nvars;
static bool failed;

static void flush(void)
{
    size_t done = 0;
    while (done < used && !failed) {
        ssize_t n = write(fd, buf + done, used - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            failed = true; /* keep the guest running; say so once */
            tnd_warn("gpio trace: write failed; the trace is incomplete");
            break;
        }
        done += (size_t)n;
    }
    used = 0;
}

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
    if (sizeof buf - used < 256)
        flush();
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + used, sizeof buf - used, fmt, ap);
    va_end(ap);
    if (n > 0)
        used += (size_t)n < sizeof buf - used ? (size_t)n : 0;
}

/* VCD identifier of variable v: base-94 over printable ASCII. */
static const char *ident(int v)
{
    static char id[4];
    int n = 0;
    do {
        id[n++] = (char)('!' + v % 94);
        v /= 94;
    } while (v && n < 3);
    id[n] = '\0';
    return id;
}

int gpio_trace_open(const char *path, char *err, size_t errlen)
{
    /* No O_TRUNC: the caller truncates once it knows fd is no input. */
    fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        int e = errno;
        snprintf(err, errlen, "cannot create %s: %s", path, strerror(e));
        return -e;
    }
    return 0;
}

bool gpio_trace_enabled(void)
{
    return fd >= 0 && began;
}

int gpio_trace_fd(void)
{
    return fd;
}

void gpio_trace_add_device(struct gpio_dev *d)
{
    if (fd < 0 || nvars + (int)d->nlines > MAX_VARS) {
        d->trace_var = -1;
        return;
    }
    d->trace_var = nvars;
    nvars += (int)d->nlines;
}

int gpio_trace_begin(uint64_t t0_ns, struct gpio_dev *const *devs, size_t ndevs)
{
    if (fd < 0)
        return 0;
    t0 = last_t = t0_ns;
    out("$version pinvisor %s $end\n$timescale 1ns $end\n"
        "$comment times are nanoseconds after guest start $end\n"
        "$scope module pinvisor $end\n",
        PINVISOR_VERSION);
    for (size_t k = 0; k < ndevs; k++) {
        const struct gpio_dev *d = devs[k];
        if (d->trace_var < 0)
            continue;
        out("$scope module %s $end\n", d->name);
        for (unsigned i = 0; i < d->nlines; i++)
            out("$var wire 1 %s %s $end\n", ident(d->trace_var + (int)i),
                d->line_names[i]);
        out("$upscope $end\n");
    }
    out("$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\n");
    for (size_t k = 0; k < ndevs; k++) {
        struct gpio_dev *d = devs[k];
        for (unsigned i = 0; d->trace_var >= 0 && i < d->nlines; i++) {
            char v = d->ops->level ? d->ops->level(d, i) : 'x';
            last[d->trace_var + (int)i] = v;
            out("%c%s\n", v, ident(d->trace_var + (int)i));
        }
    }
    out("$end\n");
    began = true;
    time_written = true;
    flush();
    return failed ? -EIO : 0;
}

void gpio_trace_change(struct gpio_dev *d, unsigned i, char level,
                       uint64_t t_ns)
{
    if (!began || d->trace_var < 0 || i >= d->nlines)
        return;
    int v = d->trace_var + (int)i;
    if (last[v] == level)
        return;
    last[v] = level;
    if (t_ns < last_t)
        t_ns = last_t; /* VCD time never goes back */
    if (t_ns != last_t || !time_written) {
        out("#%llu\n", (unsigned long long)(t_ns - t0));
        last_t = t_ns;
        time_written = true;
    }
    out("%c%s\n", level, ident(v));
}

void gpio_trace_close(uint64_t t_ns)
{
    if (fd < 0)
        return;
    if (began && t_ns > last_t)
        out("#%llu\n", (unsigned long long)(t_ns - t0));
    flush();
    close(fd);
    fd = -1;
    began = false;
}
