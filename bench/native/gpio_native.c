/* SPDX-License-Identifier: ISC */
/*
 * gpio_native: the native floor of the GPIO benchmark. A plain Linux
 * process drives the same gpio-sim lines as bench_gpio.hvt through the
 * same kernel interface the tender's cdev backend uses (uAPI v2 ioctls,
 * no libgpiod), and prints the same "RESULT name value unit" lines, so
 * bench/native/run.sh can put both side by side.
 *
 *   gpio_native bench CHIP OUT IN ITER EVENTS
 *       one line request for OUT (output) and IN (input, both edges):
 *       SET_VALUES cost and toggles per second, GET_VALUES round trip, a
 *       4096-step back-to-back schedule, 500 steps 100 us apart (their
 *       lateness), then edge events read from the request's fd (their
 *       age: read time minus the kernel's timestamp) until the EVENTS-th
 *       or 2 s without one. It prints "READY events" before it waits for
 *       them (run.sh then drives IN's gpio-sim pull).
 *   gpio_native toggle CHIP LINE START_NS MS
 *       the scaling benchmark's instance: prints its start time, waits
 *       until CLOCK_REALTIME START_NS, toggles LINE for MS ms, one
 *       SET_VALUES each, and prints the toggles per second.
 *   gpio_native pulse PULL_FILE N GAP_US
 *       writes pull-up and pull-down alternately to a gpio-sim line's
 *       pull file N times, GAP_US after each other: the edges for the
 *       event figures.
 *   gpio_native tools CHIP LINE N
 *       libgpiod's command-line tools: N runs each of gpioset and
 *       gpioget on LINE, the time of each run (fork to reap), p50.
 *
 * Exit status: 0, 1 on a failed system call (one line on stderr), 2 on
 * a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ITER 20000
static uint64_t samples[MAX_ITER];

static uint64_t now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static uint64_t mono(void)
{
    return now(CLOCK_MONOTONIC);
}

static void sleep_until(clockid_t c, uint64_t t)
{
    struct timespec ts = {.tv_sec = (time_t)(t / 1000000000ULL),
                          .tv_nsec = (long)(t % 1000000000ULL)};
    while (clock_nanosleep(c, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

static _Noreturn void die(const char *what)
{
    fprintf(stderr, "gpio_native: %s: %s\n", what, strerror(errno));
    exit(1);
}

static int cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Prints p50 and p99 of samples[0..n) in microseconds. */
static void report(const char *name, unsigned n)
{
    qsort(samples, n, sizeof samples[0], cmp);
    printf("RESULT %s_p50 %.3f us\n", name, samples[n / 2] / 1e3);
    printf("RESULT %s_p99 %.3f us\n", name, samples[n * 99 / 100] / 1e3);
}

static void rate(const char *name, unsigned count, uint64_t ns)
{
    printf("RESULT %s %llu per_s\n", name,
           ns ? (unsigned long long)count * 1000000000ULL / ns : 0ULL);
}

/*
 * One line request on CHIP for the given offsets; line i is an output
 * when its bit is set in outputs, else an input with both edges.
 */
static int request(const char *chip, const unsigned *offsets, unsigned n,
                   unsigned outputs)
{
    int fd = open(chip, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        die(chip);
    struct gpio_v2_line_request req = {.num_lines = n};
    strcpy(req.consumer, "gpio_native");
    for (unsigned i = 0; i < n; i++)
        req.offsets[i] = offsets[i];
    req.config.flags = GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING |
                       GPIO_V2_LINE_FLAG_EDGE_FALLING;
    if (outputs) {
        struct gpio_v2_line_config_attribute *a = &req.config.attrs[0];
        a->attr.id = GPIO_V2_LINE_ATTR_ID_FLAGS;
        a->attr.flags = GPIO_V2_LINE_FLAG_OUTPUT;
        a->mask = outputs;
        req.config.num_attrs = 1;
    }
    if (ioctl(fd, GPIO_V2_GET_LINE_IOCTL, &req) < 0)
        die("GPIO_V2_GET_LINE_IOCTL");
    close(fd);
    return req.fd;
}

static void set(int fd, uint64_t mask, uint64_t bits)
{
    struct gpio_v2_line_values lv = {.bits = bits, .mask = mask};
    if (ioctl(fd, GPIO_V2_LINE_SET_VALUES_IOCTL, &lv) < 0)
        die("GPIO_V2_LINE_SET_VALUES_IOCTL");
}

static uint64_t get(int fd, uint64_t mask)
{
    struct gpio_v2_line_values lv = {.mask = mask};
    if (ioctl(fd, GPIO_V2_LINE_GET_VALUES_IOCTL, &lv) < 0)
        die("GPIO_V2_LINE_GET_VALUES_IOCTL");
    return lv.bits;
}

static int bench(const char *chip, unsigned out, unsigned in, unsigned iter,
                 unsigned events)
{
    const unsigned offsets[2] = {out, in};
    int fd = request(chip, offsets, 2, 1);
    if (iter > MAX_ITER)
        iter = MAX_ITER;

    for (unsigned i = 0; i < iter; i++) {
        uint64_t t0 = mono();
        set(fd, 1, i & 1);
        samples[i] = mono() - t0;
    }
    report("output_call", iter);

    for (unsigned i = 0; i < iter; i++) {
        uint64_t t0 = mono();
        (void)get(fd, 2);
        samples[i] = mono() - t0;
    }
    report("input_call", iter);

    uint64_t t0 = mono();
    for (unsigned i = 0; i < iter; i++)
        set(fd, 1, i & 1);
    rate("toggles_per_op", iter, mono() - t0);

    /* A 4096-step schedule with no delays, as the guest's sequence. */
    t0 = mono();
    for (unsigned i = 0; i < 4096; i++)
        set(fd, 1, i & 1);
    rate("toggles_sequence", 4096, mono() - t0);

    /* 500 steps 100 us apart, each slept to its absolute time. */
    uint64_t at = mono();
    for (unsigned i = 0; i < 500; i++) {
        at += 100000;
        sleep_until(CLOCK_MONOTONIC, at);
        set(fd, 1, i & 1);
        samples[i] = mono() - at;
    }
    report("step_lateness", 500);

    if (events > MAX_ITER)
        events = MAX_ITER;
    printf("READY events\n");
    fflush(stdout);
    unsigned got = 0;
    uint64_t seen = 0; /* the request's seqno: dropped ones not waited for */
    while (seen < events && got < MAX_ITER) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = poll(&p, 1, got ? 2000 : 60000);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        struct gpio_v2_line_event ev[16];
        ssize_t n = read(fd, ev, sizeof ev);
        if (n < 0)
            die("read of the line request");
        uint64_t t = mono();
        for (size_t k = 0; k < (size_t)n / sizeof ev[0] && got < MAX_ITER;
             k++) {
            samples[got++] = t - ev[k].timestamp_ns;
            seen = ev[k].seqno;
        }
    }
    if (got == 0) {
        fprintf(stderr, "gpio_native: no edge event arrived\n");
        return 1;
    }
    printf("RESULT events_read %u events\n", got);
    report("event_latency", got);
    return 0;
}

static int toggle(const char *chip, unsigned line, uint64_t start, unsigned ms)
{
    printf("RESULT start_wall %llu ns\n",
           (unsigned long long)now(CLOCK_REALTIME));
    int fd = request(chip, &line, 1, 1);
    sleep_until(CLOCK_REALTIME, start);
    uint64_t t0 = mono(), end = t0 + (uint64_t)ms * 1000000ULL, t = t0;
    unsigned n = 0;
    while (t < end) {
        set(fd, 1, n & 1);
        if (++n % 64 == 0)
            t = mono();
    }
    rate("toggles", n, mono() - t0);
    return 0;
}

static int pulse(const char *file, unsigned n, unsigned gap_us)
{
    /*
     * Each gap counts from the write before it: two writes in a burst
     * (a schedule catching up) can make gpio-sim report one edge.
     */
    for (unsigned i = 0; i < n; i++) {
        int fd = open(file, O_WRONLY | O_CLOEXEC);
        const char *v = i & 1 ? "pull-down" : "pull-up";
        if (fd < 0 || write(fd, v, strlen(v)) < 0)
            die(file);
        close(fd);
        sleep_until(CLOCK_MONOTONIC, mono() + (uint64_t)gap_us * 1000ULL);
    }
    return 0;
}

/* The time of one run of argv (fork to reap), or 0 if it failed. */
static uint64_t run(char *const *argv)
{
    uint64_t t0 = mono();
    pid_t pid = fork();
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
        WEXITSTATUS(st) != 0)
        return 0;
    return mono() - t0;
}

static int tools(const char *chip, const char *line, unsigned n)
{
    if (n > MAX_ITER)
        n = MAX_ITER;
    char v[64];
    for (unsigned i = 0; i < n; i++) {
        snprintf(v, sizeof v, "%s=%u", line, i & 1);
        char *argv[] = {(char *)"gpioset", (char *)chip, v, NULL};
        if (!(samples[i] = run(argv))) {
            fprintf(stderr, "gpio_native: gpioset failed\n");
            return 1;
        }
    }
    report("gpioset_run", n);
    for (unsigned i = 0; i < n; i++) {
        char *argv[] = {(char *)"gpioget", (char *)chip, (char *)line, NULL};
        if (!(samples[i] = run(argv))) {
            fprintf(stderr, "gpio_native: gpioget failed\n");
            return 1;
        }
    }
    report("gpioget_run", n);
    return 0;
}

static unsigned num(const char *s)
{
    return (unsigned)strtoul(s, NULL, 10);
}

int main(int argc, char **argv)
{
    /* stdout may be a file the benchmark script watches. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 7 && strcmp(argv[1], "bench") == 0)
        return bench(argv[2], num(argv[3]), num(argv[4]), num(argv[5]),
                     num(argv[6]));
    if (argc == 6 && strcmp(argv[1], "toggle") == 0)
        return toggle(argv[2], num(argv[3]), strtoull(argv[4], NULL, 10),
                      num(argv[5]));
    if (argc == 5 && strcmp(argv[1], "pulse") == 0)
        return pulse(argv[2], num(argv[3]), num(argv[4]));
    if (argc == 5 && strcmp(argv[1], "tools") == 0)
        return tools(argv[2], argv[3], num(argv[4]));
    fprintf(stderr, "usage: gpio_native bench CHIP OUT IN ITER EVENTS | "
                    "toggle CHIP LINE START_NS MS | pulse PULL_FILE N GAP_US "
                    "| tools CHIP LINE N\n");
    return 2;
}
