/* SPDX-License-Identifier: ISC */
/*
 * test_trace_file.c: the I2C and UART traces' file (tender/trace_file.c):
 * the size cap keeps whole lines and ends with a line saying so; a
 * stalled reader is given up once a stop is requested.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../tender/core.h"
#include "../../tender/trace_file.h"

static char path[64];

static void setup(void)
{
    strcpy(path, "/tmp/pv-tracefile-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
}

static void teardown(void)
{
    unlink(path);
}

TestSuite(trace_file, .init = setup, .fini = teardown);

static size_t slurp(char *buf, size_t n)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    size_t k = fread(buf, 1, n - 1, f);
    fclose(f);
    buf[k] = '\0';
    return k;
}

Test(trace_file, cap_keeps_whole_lines_and_says_so)
{
    struct tnd_trace_file tf = {
        .opt = "--t-trace", .what = "t trace", .max = 4096, .fd = -1};
    char err[200];
    cr_assert_eq(tnd_trace_file_open(&tf, path, "# head\n", err, sizeof err), 0,
                 "%s", err);
    char line[64];
    memset(line, 'x', sizeof line - 1);
    line[sizeof line - 1] = '\n';
    for (int i = 0; i < 100; i++) /* 6400 bytes offered */
        tnd_trace_file_write(&tf, line, sizeof line);
    cr_assert(tf.stopped);
    static char got[8192];
    size_t n = slurp(got, sizeof got);
    const char *last = "# stopped: --t-trace-max was reached\n";
    cr_assert_leq(n, 4096);
    cr_assert_eq(strncmp(got, "# head\n", 7), 0);
    cr_assert_str_eq(got + n - strlen(last), last);
    /* Every line before the last is whole. */
    size_t body = n - strlen(last) - 7;
    cr_assert_eq(body % sizeof line, 0, "body of %zu bytes", body);
    cr_assert_gt(body, 4096 - 7 - strlen(last) - sizeof line);
    close(tf.fd);
}

Test(trace_file, no_cap_takes_everything)
{
    struct tnd_trace_file tf = {
        .opt = "--t-trace", .what = "t trace", .max = UINT64_MAX, .fd = -1};
    char err[200];
    cr_assert_eq(tnd_trace_file_open(&tf, path, "# head\n", err, sizeof err), 0,
                 "%s", err);
    for (int i = 0; i < 200; i++)
        tnd_trace_file_write(&tf, "0123456789abcde\n", 16);
    cr_assert(!tf.stopped);
    static char got[8192];
    cr_assert_eq(slurp(got, sizeof got), 7 + 200 * 16);
    close(tf.fd);
}

/*
 * A FIFO whose reader never reads: once it is full, a write waits only
 * until a stop is requested (the I2C ring's thread, which takes no
 * signal, writes with the bus lock held); then the trace stops.
 */
Test(trace_file, stalled_reader_given_up_on_stop, .timeout = 10)
{
    unlink(path);
    cr_assert_eq(mkfifo(path, 0600), 0);
    int rd = open(path, O_RDONLY | O_NONBLOCK);
    cr_assert_geq(rd, 0);
    struct tnd_trace_file tf = {
        .opt = "--t-trace", .what = "t trace", .max = UINT64_MAX, .fd = -1};
    char err[200];
    cr_assert_eq(tnd_trace_file_open(&tf, path, "# head\n", err, sizeof err), 0,
                 "%s", err);
    char line[512];
    memset(line, 'x', sizeof line - 1);
    line[sizeof line - 1] = '\n';
    atomic_store(&tnd_core_signal, SIGTERM);
    for (int i = 0; i < 1024 && !tf.stopped; i++) /* 512 KiB > a pipe */
        tnd_trace_file_write(&tf, line, sizeof line);
    atomic_store(&tnd_core_signal, 0);
    cr_assert(tf.stopped);
    close(tf.fd);
    close(rd);
}
