/* SPDX-License-Identifier: ISC */
/*
 * trace.c: a VCD (IEEE 1364 value change dump) waveform of every granted
 * line, with nanosecond timestamps from guest start, for GTKWave or any
 * VCD reader. One scope per device, one 1-bit wire per line named after
 * its chip line.
 *
 * One writer thread takes the records the device layer queues
 * (gpio_dev_trace_take), formats them and writes them, never holding the
 * GPIO lock; the fd is non-blocking, so a sink that does not read only
 * makes records wait, then get lost (counted), and never holds up the
 * guest or the exit path (docs/gpio.md, "Traces").
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../abi.h"
#include "../clock.h"
#include "../core.h"
#include "../version.h"
#include "trace.h"

#define MAX_VARS (GPIO_MAX_DEVICES * PV_GPIO_MAX_LINES)
#define FLUSH_NS 50000000ULL /* the writer's timer */
#define RETRY_NS 10000000ULL /* a sink that did not take everything */
#define TAIL_ROOM 256        /* kept below the size limit for the end */

static int fd = -1;
static bool regular; /* a regular file: can be synced and cut back */
static uint64_t max_size = GPIO_TRACE_MAX_DEFAULT;

/* Shared with the writer, under wlock. */
static pthread_mutex_t wlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake, done;
static pthread_t writer;
static bool have_writer, began, closing, abandon, finished, kicked;
static atomic_bool running;
static uint64_t end_t;

/* The writer's own (and set-up's, before began). */
static char buf[1 << 19]; /* holds the largest header */
static size_t used;
static uint64_t written;  /* bytes in the file */
static uint64_t line_end; /* file offset after the last whole line */
static uint64_t t0, last_t;
static bool time_written;
static char last[MAX_VARS];
static int nvars;
static uint64_t lost_seen, dropped; /* queue losses seen; records dropped */
static const char *stopped;         /* why writing stopped, or NULL */

static void deadline_ts(struct timespec *ts, uint64_t t)
{
    ts->tv_sec = (time_t)(t / 1000000000ULL);
    ts->tv_nsec = (long)(t % 1000000000ULL);
}

/* VCD identifier of variable v: base-94 over printable ASCII. */
static const char *ident(int v)
{
    static _Thread_local char id[4];
    int n = 0;
    do {
        id[n++] = (char)('!' + v % 94);
        v /= 94;
    } while (v && n < 3);
    id[n] = '\0';
    return id;
}

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
    if (sizeof buf - used < 256)
        return; /* only the header can be this long: checked by the caller */
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + used, sizeof buf - used, fmt, ap);
    va_end(ap);
    if (n > 0 && (size_t)n < sizeof buf - used)
        used += (size_t)n;
}

static bool is_record(char c)
{
    return c && strchr("01xz", c); /* value changes, not times or comments */
}

/*
 * The file holds the start of the line buf begins with (written up to
 * inside it); that line is a record. Kept by consumed().
 */
static bool mid_line, mid_record;

/* The first n bytes of the buffer were written: drops them. */
static void consumed(size_t n)
{
    size_t i = n;
    while (i > 0 && buf[i - 1] != '\n')
        i--;
    if (i < n && (i > 0 || !mid_line)) /* a line begun at buf[i] */
        mid_record = is_record(buf[i]);
    if (i < n || (n > 0 && buf[n - 1] == '\n'))
        mid_line = i < n;
    written += n;
    memmove(buf, buf + n, used - n);
    used -= n;
}

/*
 * Writing stopped for `why`: the file is cut back to its last whole line,
 * and the records the buffer still holds are counted as lost (with the
 * one the cut removed, not one the reader has part of).
 */
static void stop(const char *why)
{
    stopped = why;
    bool cut =
        regular && written != line_end && ftruncate(fd, (off_t)line_end) == 0;
    if (cut)
        written = line_end;
    /* A line the file has begun: lost if cut, else its reader has part. */
    size_t i = 0;
    if (mid_line) {
        dropped += cut && mid_record;
        while (i < used && buf[i++] != '\n')
            ;
    }
    for (size_t start = i; i < used; i++)
        dropped += (i == start || buf[i - 1] == '\n') && is_record(buf[i]);
    used = 0;
    mid_line = false;
}

/*
 * Writes what the buffer holds, whole lines only past the size limit
 * (less the room kept for the end, unless last_words). Returns true when
 * the buffer is empty or writing stopped; false if the sink took less
 * (a full pipe): the rest waits in the buffer.
 */
static bool write_out(bool last_words)
{
    uint64_t limit = last_words             ? max_size
                     : max_size > TAIL_ROOM ? max_size - TAIL_ROOM
                                            : 0;
    size_t n = used;
    bool over = written + n > limit;
    if (over) {
        n = written < limit ? (size_t)(limit - written) : 0;
        while (n > 0 && buf[n - 1] != '\n')
            n--;
    }
    size_t off = 0;
    while (off < n) {
        ssize_t k = write(fd, buf + off, n - off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && errno == EAGAIN)
            break;
        if (k <= 0) {
            int e = k < 0 ? errno : EIO;
            consumed(off);
            stop(e == EFBIG    ? "the file size limit was reached (EFBIG)"
                 : e == ENOSPC ? "no space left on the device (ENOSPC)"
                               : "a write failed");
            return true;
        }
        for (size_t j = off + (size_t)k; j > off; j--)
            if (buf[j - 1] == '\n') {
                line_end = written + j;
                break;
            }
        off += (size_t)k;
    }
    consumed(off);
    if (over && off == n) {
        stop("--gpio-trace-max was reached");
        return true;
    }
    return used == 0;
}

/* Adds the records queued so far to the buffer while it has room. */
static void take_records(void)
{
    struct gpio_trace_rec r;
    while (sizeof buf - used > 512 && gpio_dev_trace_take(&r)) {
        if (stopped) {
            dropped++;
            continue;
        }
        uint64_t lost = gpio_dev_trace_lost();
        if (lost != lost_seen) {
            out("$comment %llu records lost here $end\n",
                (unsigned long long)(lost - lost_seen));
            lost_seen = lost;
        }
        if (r.var < 0 || r.var >= nvars || last[r.var] == r.level)
            continue;
        last[r.var] = r.level;
        uint64_t t = r.t_ns < last_t ? last_t : r.t_ns; /* never back */
        if (t != last_t || !time_written) {
            out("#%llu\n", (unsigned long long)(t - t0));
            last_t = t;
            time_written = true;
        }
        out("%c%s\n", r.level, ident(r.var));
    }
}

/* The end: the last time, what was lost, synced. Called by the writer. */
static void finish(void)
{
    if (!stopped) {
        if (end_t > last_t)
            out("#%llu\n", (unsigned long long)(end_t - t0));
        uint64_t lost = gpio_dev_trace_lost() + dropped;
        if (lost)
            out("$comment trace incomplete: %llu records lost $end\n",
                (unsigned long long)lost);
    }
    while (!stopped && !write_out(true)) {
        pthread_mutex_lock(&wlock);
        bool give_up = abandon;
        if (!give_up) {
            struct timespec ts;
            deadline_ts(&ts, tnd_clock_now_ns() + RETRY_NS);
            pthread_cond_timedwait(&wake, &wlock, &ts);
        }
        pthread_mutex_unlock(&wlock);
        if (give_up)
            stop("its reader did not take it all before the exit");
    }
    if (stopped) { /* say why in the trace too, if it can take it */
        const char *why = stopped;
        stopped = NULL;
        out("$comment trace incomplete: %s $end\n", why);
        write_out(true);
        stopped = why;
    }
    if (regular && fdatasync(fd) != 0 && !stopped)
        stopped = "fdatasync failed";
}

static void *write_trace(void *arg)
{
    (void)arg;
    atomic_store(&running, true);
    pthread_mutex_lock(&wlock);
    for (;;) {
        while (!began && !closing) {
            pthread_cond_wait(&wake, &wlock);
        }
        bool end = closing, on = began;
        kicked = false;
        pthread_mutex_unlock(&wlock);
        if (on) {
            take_records();
            if (!stopped)
                write_out(false);
            if (end) {
                while (!stopped && gpio_dev_trace_pending()) {
                    take_records();
                    if (!write_out(false))
                        break; /* finish() waits for the reader */
                }
                finish();
            }
        }
        pthread_mutex_lock(&wlock);
        if (end) {
            finished = true;
            pthread_cond_broadcast(&done);
            break;
        }
        if (!kicked && !closing) {
            struct timespec ts;
            deadline_ts(&ts, tnd_clock_now_ns() + (used ? RETRY_NS : FLUSH_NS));
            pthread_cond_timedwait(&wake, &wlock, &ts);
        }
    }
    pthread_mutex_unlock(&wlock);
    return NULL;
}

void gpio_trace_set_max(uint64_t size)
{
    max_size = size;
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
    struct stat st;
    regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) {
        int e = errno;
        snprintf(err, errlen, "%s: cannot make it non-blocking: %s", path,
                 strerror(e));
        close(fd);
        fd = -1;
        return -e;
    }
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&wake, &ca);
    pthread_cond_init(&done, &ca);
    pthread_condattr_destroy(&ca);
    int rc = tnd_core_thread_create(&writer, write_trace, NULL);
    if (rc) {
        snprintf(err, errlen, "cannot start the trace writer: %s",
                 strerror(rc));
        close(fd);
        fd = -1;
        return -rc;
    }
    have_writer = true;
    /*
     * Wait until the thread runs its own code: its start-up system calls
     * (rseq registration) must happen before the sandbox goes on.
     */
    while (!atomic_load(&running))
        sched_yield();
    return 0;
}

uint64_t gpio_trace_start_ns(void)
{
    return t0;
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

/* The header, written whole by gpio_trace_begin, bounded by
   gpio_trace_max_needed. */
#define HDR_BEGIN                                                              \
    "$version pinvisor %s $end\n$timescale 1ns $end\n"                         \
    "$comment times are nanoseconds after guest start $end\n"                  \
    "$scope module pinvisor $end\n"
#define HDR_SCOPE "$scope module %s $end\n"
#define HDR_VAR "$var wire 1 %s %s $end\n"
#define HDR_UP "$upscope $end\n"
#define HDR_DEFS "$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\n"
#define HDR_VALUE "%c%s\n"
#define HDR_END "$end\n"

uint64_t gpio_trace_max_needed(const struct gpio_grant *g, unsigned n)
{
    char name[GPIO_LINE_NAME_MAX];
    memset(name, 'n', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    uint64_t b = (uint64_t)snprintf(NULL, 0, HDR_BEGIN, PINVISOR_VERSION) +
                 strlen(HDR_DEFS) + strlen(HDR_END) + TAIL_ROOM;
    for (unsigned k = 0; k < n; k++)
        b += (uint64_t)snprintf(NULL, 0, HDR_SCOPE, g[k].name) +
             strlen(HDR_UP) +
             g[k].nlines * (uint64_t)(snprintf(NULL, 0, HDR_VAR, "~~~", name) +
                                      snprintf(NULL, 0, HDR_VALUE, 'x', "~~~"));
    return b;
}

int gpio_trace_begin(uint64_t t0_ns, struct gpio_dev *const *devs, size_t ndevs)
{
    if (fd < 0)
        return 0;
    pthread_mutex_lock(&wlock);
    t0 = last_t = t0_ns;
    out(HDR_BEGIN, PINVISOR_VERSION);
    int rc = 0;
    for (size_t k = 0; k < ndevs; k++) {
        const struct gpio_dev *d = devs[k];
        if (d->trace_var < 0)
            continue;
        out(HDR_SCOPE, d->name);
        for (unsigned i = 0; i < d->nlines; i++)
            out(HDR_VAR, ident(d->trace_var + (int)i), d->line_names[i]);
        out(HDR_UP);
    }
    out(HDR_DEFS);
    for (size_t k = 0; k < ndevs; k++) {
        struct gpio_dev *d = devs[k];
        for (unsigned i = 0; d->trace_var >= 0 && i < d->nlines; i++) {
            char v = gpio_dev_level(d, i);
            last[d->trace_var + (int)i] = v;
            out(HDR_VALUE, v, ident(d->trace_var + (int)i));
        }
    }
    out(HDR_END);
    if (sizeof buf - used < 256)
        rc = -E2BIG; /* more lines than the header buffer holds */
    time_written = true;
    began = true;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&wlock);
    return rc;
}

void gpio_trace_kick(void)
{
    if (!have_writer)
        return;
    pthread_mutex_lock(&wlock);
    kicked = true;
    pthread_cond_signal(&wake);
    pthread_mutex_unlock(&wlock);
}

void gpio_trace_close(uint64_t t_ns)
{
    if (fd < 0)
        return;
    if (have_writer) {
        pthread_mutex_lock(&wlock);
        end_t = t_ns;
        closing = true;
        pthread_cond_signal(&wake);
        struct timespec ts;
        deadline_ts(&ts, tnd_clock_now_ns() + GPIO_TRACE_CLOSE_NS);
        while (!finished &&
               pthread_cond_timedwait(&done, &wlock, &ts) != ETIMEDOUT) {
        }
        abandon = true; /* the writer never blocks: it ends at once */
        pthread_cond_signal(&wake);
        while (!finished)
            pthread_cond_wait(&done, &wlock);
        pthread_mutex_unlock(&wlock);
        pthread_join(writer, NULL);
        have_writer = false;
    }
    close(fd);
    fd = -1;
    began = false;
}

const char *gpio_trace_incomplete(uint64_t *lost)
{
    *lost = gpio_dev_trace_lost() + dropped;
    if (stopped)
        return stopped;
    return *lost ? "records lost: the reader did not keep up" : NULL;
}
