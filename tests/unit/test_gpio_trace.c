/* SPDX-License-Identifier: ISC */
/*
 * test_gpio_trace.c: the VCD waveform trace (tender/gpio/trace.c). The
 * trace keeps static state; Criterion runs each test in its own process.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../tender/abi.h"
#include "../../tender/clock.h"
#include "../../tender/gpio/sim.h"
#include "../../tender/gpio/trace.h"
#include "../../tender/trace_file.h"

static char path[64];
static char err[256];

static void setup(void)
{
    strcpy(path, "/tmp/pv-trace-XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
}

static void teardown(void)
{
    unlink(path);
}

TestSuite(gpio_trace, .init = setup, .fini = teardown);

/* A backend that only knows levels: levels[i] of the device's priv. */
static char fake_level(struct gpio_dev *d, unsigned i)
{
    return ((const char *)d->priv)[i];
}

static const struct gpio_backend_ops level_ops = {
    .name = "levels",
    .level = fake_level,
};

static const struct gpio_backend_ops no_level_ops = {
    .name = "blind",
};

static struct gpio_dev *new_dev(const char *name, unsigned n,
                                const char *levels)
{
    struct gpio_dev *d = calloc(1, sizeof *d);
    cr_assert_not_null(d);
    snprintf(d->name, sizeof d->name, "%s", name);
    d->nlines = n;
    for (unsigned i = 0; i < n; i++)
        snprintf(d->line_names[i], GPIO_LINE_NAME_MAX, "GPIO%u", 17 + i);
    d->ops = levels ? &level_ops : &no_level_ops;
    d->priv = (void *)levels;
    d->trace_var = -1;
    d->poll_fd = -1;
    return d;
}

/* The whole trace file (caller frees). */
static char *slurp(void)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    static char buf[1 << 21];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strdup(buf);
}

static const char *after(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    cr_assert_not_null(p, "'%s' not in trace:\n%s", needle, text);
    return p + strlen(needle);
}

Test(gpio_trace, vcd_header_declares_each_line_of_each_device)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    struct gpio_dev *led = new_dev("led", 2, "01");
    struct gpio_dev *btn = new_dev("button", 1, "z");
    gpio_trace_add_device(led);
    gpio_trace_add_device(btn);
    cr_assert_eq(led->trace_var, 0);
    cr_assert_eq(btn->trace_var, 2);
    strcpy(btn->line_names[0], "BTN");
    struct gpio_dev *devs[] = {led, btn};
    cr_assert_eq(gpio_trace_begin(5000, devs, 2), 0);
    gpio_trace_close(5000);

    char *t = slurp();
    cr_assert(strncmp(t, "$version pinvisor ", 18) == 0, "%s", t);
    const char *p = after(t, "$timescale 1ns $end\n");
    p = after(p, "$scope module pinvisor $end\n");
    p = after(p, "$scope module led $end\n"
                 "$var wire 1 ! GPIO17 $end\n"
                 "$var wire 1 \" GPIO18 $end\n"
                 "$upscope $end\n");
    p = after(p, "$scope module button $end\n"
                 "$var wire 1 # BTN $end\n"
                 "$upscope $end\n");
    cr_assert_str_eq(p, "$upscope $end\n"
                        "$enddefinitions $end\n"
                        "#0\n"
                        "$dumpvars\n"
                        "0!\n"
                        "1\"\n"
                        "z#\n"
                        "$end\n");
    free(t);
    free(led);
    free(btn);
}

Test(gpio_trace, changes_written_with_times_relative_to_t0)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    struct gpio_dev *d = new_dev("led", 2, "00");
    gpio_trace_add_device(d);
    struct gpio_dev *devs[] = {d};
    cr_assert(!gpio_trace_enabled(), "not before begin");
    cr_assert_eq(gpio_trace_begin(1000000, devs, 1), 0);
    cr_assert(gpio_trace_enabled());

    gpio_dev_record(d, 0, '1', 1000500);
    gpio_dev_record(d, 1, '1', 1000500); /* same time: one #line */
    gpio_dev_record(d, 1, '1', 1000600); /* same level: nothing */
    gpio_dev_record(d, 0, '0', 1000700);
    gpio_dev_record(d, 1, '0', 1000650); /* earlier: clamped to 700 */
    gpio_dev_record(d, 0, 'z', 1002000);
    gpio_dev_record(d, 0, 'z', 1003000); /* same level: nothing */
    gpio_trace_close(1005000);
    cr_assert(!gpio_trace_enabled(), "not after close");
    cr_assert_eq(gpio_trace_fd(), -1);

    char *t = slurp();
    const char *p = after(t, "$enddefinitions $end\n");
    cr_assert_str_eq(p, "#0\n"
                        "$dumpvars\n"
                        "0!\n"
                        "0\"\n"
                        "$end\n"
                        "#500\n"
                        "1!\n"
                        "1\"\n"
                        "#700\n"
                        "0!\n"
                        "0\"\n"
                        "#2000\n"
                        "z!\n"
                        "#5000\n");
    free(t);
    free(d);
}

Test(gpio_trace, change_to_initial_level_not_written)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    struct gpio_dev *d = new_dev("led", 1, "1");
    gpio_trace_add_device(d);
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_trace_begin(0, devs, 1), 0);
    gpio_dev_record(d, 0, '1', 100);
    gpio_trace_close(100);
    char *t = slurp();
    cr_assert_str_eq(after(t, "$dumpvars\n"), "1!\n$end\n#100\n");
    free(t);
    free(d);
}

Test(gpio_trace, close_earlier_than_last_change_adds_no_time)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    struct gpio_dev *d = new_dev("led", 1, "0");
    gpio_trace_add_device(d);
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_trace_begin(10, devs, 1), 0);
    gpio_dev_record(d, 0, '1', 30);
    gpio_trace_close(20); /* earlier than the last change */
    char *t = slurp();
    cr_assert_str_eq(after(t, "$end\n#20\n1!\n"), "");
    free(t);
    free(d);
}

Test(gpio_trace, backend_without_levels_starts_unknown)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    struct gpio_dev *d = new_dev("hw", 2, NULL);
    gpio_trace_add_device(d);
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_trace_begin(0, devs, 1), 0);
    gpio_trace_close(0);
    char *t = slurp();
    cr_assert_str_eq(after(t, "$dumpvars\n"), "x!\nx\"\n$end\n");
    free(t);
    free(d);
}

Test(gpio_trace, changes_of_untraced_device_or_line_ignored)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    struct gpio_dev *d = new_dev("led", 1, "0");
    struct gpio_dev *other = new_dev("other", 1, "0"); /* never added */
    gpio_trace_add_device(d);
    struct gpio_dev *devs[] = {d, other};
    cr_assert_eq(gpio_trace_begin(0, devs, 2), 0);
    gpio_dev_record(other, 0, '1', 10);
    gpio_dev_record(d, 1, '1', 20); /* no line 1 */
    gpio_trace_close(0);
    char *t = slurp();
    cr_assert_null(strstr(t, "other"), "%s", t);
    cr_assert_str_eq(after(t, "$dumpvars\n"), "0!\n$end\n");
    free(t);
    free(d);
    free(other);
}

Test(gpio_trace, identifiers_unique_across_many_lines)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    enum { NDEV = 3 };
    struct gpio_dev *devs[NDEV];
    static char levels[64];
    memset(levels, '0', sizeof levels);
    for (int k = 0; k < NDEV; k++) {
        char name[16];
        snprintf(name, sizeof name, "d%d", k);
        devs[k] = new_dev(name, 64, levels);
        gpio_trace_add_device(devs[k]);
        cr_assert_eq(devs[k]->trace_var, 64 * k);
    }
    cr_assert_eq(gpio_trace_begin(0, devs, NDEV), 0);
    gpio_trace_close(0);
    char *t = slurp();
    static char ids[NDEV * 64][8];
    int n = 0;
    for (const char *p = t; (p = strstr(p, "$var wire 1 ")) != NULL;) {
        p += strlen("$var wire 1 ");
        const char *sp = strchr(p, ' ');
        cr_assert_not_null(sp);
        cr_assert_lt(sp - p, 8);
        cr_assert_lt(n, NDEV * 64);
        memcpy(ids[n], p, (size_t)(sp - p));
        ids[n][sp - p] = '\0';
        for (int j = 0; j < n; j++)
            cr_assert_str_neq(ids[j], ids[n], "id '%s' used twice", ids[n]);
        n++;
    }
    cr_assert_eq(n, NDEV * 64);
    free(t);
    for (int k = 0; k < NDEV; k++)
        free(devs[k]);
}

Test(gpio_trace, no_trace_without_open)
{
    struct gpio_dev *d = new_dev("led", 1, "0");
    gpio_trace_add_device(d);
    cr_assert_eq(d->trace_var, -1);
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_trace_begin(0, devs, 1), 0);
    cr_assert(!gpio_trace_enabled());
    gpio_dev_record(d, 0, '1', 10);
    gpio_trace_close(10);
    cr_assert_eq(gpio_trace_fd(), -1);
    free(d);
}

Test(gpio_trace, open_failure_reported)
{
    int rc = gpio_trace_open("/nonexistent-dir/x.vcd", err, sizeof err);
    cr_assert_eq(rc, -ENOENT);
    cr_assert(strstr(err, "cannot create /nonexistent-dir/x.vcd"), "%s", err);
    cr_assert(!gpio_trace_enabled());
}

Test(gpio_trace, device_output_changes_reach_the_trace)
{
    struct gpio_sim_chip *c = gpio_sim_new();
    cr_assert_not_null(c);
    struct gpio_dev *d = new_dev("led", 1, NULL);
    d->ops = NULL;
    d->priv = NULL;
    d->offsets[0] = 4;
    d->perms = PV_GPIO_PERM_IN | PV_GPIO_PERM_OUT;
    cr_assert_eq(gpio_sim_open(c, d), 0);
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    gpio_trace_add_device(d);
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_trace_begin(tnd_clock_now_ns(), devs, 1), 0);
    cr_assert_eq(gpio_dev_set(d, 1, PV_GPIO_F_OUTPUT, 0, 1), PV_R_OK);
    cr_assert_eq(gpio_dev_output(d, 1, 0), PV_R_OK);
    gpio_trace_close(tnd_clock_now_ns());
    char *t = slurp();
    const char *p = after(t, "$var wire 1 ! GPIO4 $end\n");
    p = after(p, "$dumpvars\n0!\n$end\n");
    p = after(p, "1!\n");
    p = after(p, "0!\n");
    free(t);
    free(d);
    gpio_sim_free(c);
}

/* Backends return input levels to the device layer, which traces them. */
Test(gpio_trace, input_levels_reach_the_trace_through_the_device_layer)
{
    cr_assert_eq(gpio_trace_open(path, err, sizeof err), 0, "%s", err);
    struct gpio_dev *d = new_dev("b", 1, "0");
    gpio_trace_add_device(d);
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_trace_begin(1000, devs, 1), 0);
    struct gpio_changes ch = {
        .n = 1, .c = {{.dev = d, .line = 0, .level = '1', .t_ns = 1500}}};
    gpio_dev_apply(&ch);
    gpio_trace_close(2000);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    char text[2048] = "";
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    cr_assert(strstr(text, "#500\n1!\n") != NULL, "%s", text);
    free(d);
}

/* --- bounds and failures ------------------------------------------------- */

/* A trace at file p of 1-line device `d`, begun at time 0. */
static struct gpio_dev *begun_at(const char *p)
{
    char e[200];
    cr_assert_eq(gpio_trace_open(p, e, sizeof e), 0, "%s", e);
    struct gpio_dev *d = new_dev("d", 1, "0");
    gpio_trace_add_device(d);
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_trace_begin(0, devs, 1), 0);
    return d;
}

static struct gpio_dev *begun(void)
{
    return begun_at(path);
}

/* Every byte of t is in whole lines: it ends with a newline. */
static void expect_whole_lines(const char *t)
{
    size_t n = strlen(t);
    cr_assert_gt(n, 0);
    cr_assert_eq(t[n - 1], '\n', "cut inside a line: ...%s", t + n - 20);
}

/* N changes of line 0 of d, 1 us apart. */
static void blinks(struct gpio_dev *d, int n)
{
    for (int k = 1; k <= n; k++)
        gpio_dev_record(d, 0, k % 2 ? '1' : '0', (uint64_t)k * 1000);
}

/* The trace, closed, is incomplete for a reason containing `why`. */
static void expect_incomplete(const char *why)
{
    uint64_t lost = 0;
    const char *got = gpio_trace_incomplete(&lost);
    cr_assert_not_null(got, "the trace is said whole");
    cr_assert(strstr(got, why) != NULL, "'%s', wanted '%s'", got, why);
    cr_assert_gt(lost, 0);
}

Test(gpio_trace, parse_max_sizes)
{
    uint64_t v = 0;
    cr_assert_eq(tnd_trace_file_parse_max("4096", &v), 0);
    cr_assert_eq(v, 4096);
    cr_assert_eq(tnd_trace_file_parse_max("64K", &v), 0);
    cr_assert_eq(v, 65536);
    cr_assert_eq(tnd_trace_file_parse_max("3M", &v), 0);
    cr_assert_eq(v, 3ULL << 20);
    cr_assert_eq(tnd_trace_file_parse_max("2g", &v), 0);
    cr_assert_eq(v, 2ULL << 30);
    cr_assert_eq(tnd_trace_file_parse_max("1K", &v), -ERANGE);
    const char *bad[] = {"",
                         "K",
                         "-1",
                         "1.5M",
                         "12Q",
                         "1MB",
                         " 1",
                         "99999999999999999999",
                         "17179869184G"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(tnd_trace_file_parse_max(bad[i], &v), -EINVAL, "'%s'",
                     bad[i]);
}

/*
 * 2000 changes into a trace that cannot take them: incomplete for `why`,
 * whole lines, at most max bytes. Returns its text (caller frees).
 */
static char *cut_short(const char *why, size_t max)
{
    struct gpio_dev *d = begun();
    blinks(d, 2000);
    gpio_trace_close(3000000);
    expect_incomplete(why);
    free(d);
    char *t = slurp();
    cr_assert_leq(strlen(t), max);
    expect_whole_lines(t);
    return t;
}

Test(gpio_trace, size_limit_keeps_whole_lines_and_says_so)
{
    gpio_trace_set_max(4096);
    char *t = cut_short("--gpio-trace-max was reached", 4096);
    const char *end = "$comment trace incomplete: --gpio-trace-max was "
                      "reached $end\n";
    cr_assert_str_eq(t + strlen(t) - strlen(end), end);
    free(t);
}

/* The lost count is of records: the value changes not in the file. */
Test(gpio_trace, size_limit_counts_lost_records_only)
{
    gpio_trace_set_max(4096);
    char *t = cut_short("--gpio-trace-max was reached", 4096);
    uint64_t lost = 0;
    gpio_trace_incomplete(&lost);
    unsigned in_file = 0;
    for (const char *l = t; *l; l = strchr(l, '\n') + 1)
        in_file += strchr("01xz", *l) != NULL;
    /* less the initial value in $dumpvars */
    cr_assert_eq(in_file - 1 + lost, 2000, "%u in the file, %llu lost",
                 in_file - 1, (unsigned long long)lost);
    free(t);
}

/* EFBIG (RLIMIT_FSIZE, SIGXFSZ ignored) ends the trace, not the tender. */
Test(gpio_trace, write_error_cuts_back_to_the_last_whole_line)
{
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {.rlim_cur = 3000, .rlim_max = RLIM_INFINITY};
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
    free(cut_short("EFBIG", 3000));
}

/*
 * RLIMIT_FSIZE inside a line (a short write, then EFBIG): the records in
 * the file and those counted lost are all 2000 changes, for limits that
 * fall at each place in a line.
 */
static void efbig_counts_at(rlim_t limit)
{
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {.rlim_cur = limit, .rlim_max = RLIM_INFINITY};
    cr_assert_eq(setrlimit(RLIMIT_FSIZE, &rl), 0);
    char *t = cut_short("EFBIG", limit);
    uint64_t lost = 0;
    gpio_trace_incomplete(&lost);
    unsigned in_file = 0;
    for (const char *l = t; *l; l = strchr(l, '\n') + 1)
        in_file += strchr("01xz", *l) != NULL;
    cr_assert_eq(in_file - 1 + lost, 2000,
                 "limit %u: %u in the file, %llu lost", (unsigned)limit,
                 in_file - 1, (unsigned long long)lost);
    free(t);
}

Test(gpio_trace, write_error_counts_lost_records_0)
{
    efbig_counts_at(3000);
}
Test(gpio_trace, write_error_counts_lost_records_1)
{
    efbig_counts_at(3001);
}
Test(gpio_trace, write_error_counts_lost_records_2)
{
    efbig_counts_at(3002);
}
Test(gpio_trace, write_error_counts_lost_records_3)
{
    efbig_counts_at(3003);
}
Test(gpio_trace, write_error_counts_lost_records_4)
{
    efbig_counts_at(3004);
}
Test(gpio_trace, write_error_counts_lost_records_5)
{
    efbig_counts_at(3005);
}

/*
 * A reader that never reads: the producer loses records (counted), and
 * closing gives up on the reader instead of waiting for it.
 */
Test(gpio_trace, stalled_fifo_loses_records_and_close_returns, .timeout = 20)
{
    char fifo[] = "/tmp/pv-trace-fifo-XXXXXX";
    cr_assert_not_null(mkdtemp(fifo));
    char fpath[64];
    snprintf(fpath, sizeof fpath, "%s/f", fifo);
    cr_assert_eq(mkfifo(fpath, 0600), 0);
    /* Held open, never read. */
    int rd = open(fpath, O_RDONLY | O_NONBLOCK);
    cr_assert_geq(rd, 0);
    struct gpio_dev *d = begun_at(fpath);
    blinks(d, 300000);
    gpio_trace_close(400000000);
    expect_incomplete("its reader did not take it all");
    close(rd);
    unlink(fpath);
    rmdir(fifo);
    free(d);
}

/* Records the queue could not hold are counted and said in the trace. */
Test(gpio_trace, full_queue_loses_records_with_a_count)
{
    char e[200];
    cr_assert_eq(gpio_trace_open(path, e, sizeof e), 0, "%s", e);
    struct gpio_dev *d = new_dev("d", 1, "0");
    gpio_trace_add_device(d);
    /* Before begin the writer takes nothing: the queue fills. */
    for (int k = 1; k <= 65536 + 10; k++)
        gpio_dev_record(d, 0, k % 2 ? '1' : '0', (uint64_t)k);
    struct gpio_dev *devs[] = {d};
    cr_assert_eq(gpio_trace_begin(0, devs, 1), 0);
    gpio_trace_close(100000);
    uint64_t lost = 0;
    cr_assert_not_null(gpio_trace_incomplete(&lost));
    cr_assert_eq(lost, 10);
    char *t = slurp();
    cr_assert(strstr(t, "$comment 10 records lost here $end\n") != NULL,
              "%.300s", t);
    cr_assert(strstr(t, "$comment trace incomplete: 10 records lost $end\n") !=
                  NULL,
              "%.300s", t);
    free(t);
    free(d);
}

Test(gpio_trace, whole_trace_is_complete)
{
    struct gpio_dev *d = begun();
    gpio_dev_record(d, 0, '1', 10);
    gpio_trace_close(20);
    uint64_t lost = 1;
    cr_assert_null(gpio_trace_incomplete(&lost));
    cr_assert_eq(lost, 0);
    free(d);
}
