/* SPDX-License-Identifier: ISC */
/*
 * gpio_script: runs the GPIO calls its command line lists, one by one, on
 * device "g", and prints what each returned. The tests drive it against
 * the kernel's gpio-sim through the cdev backend (gpio_cdev.test.sh),
 * where the test script changes inputs and reads outputs through gpio-sim's
 * sysfs while the guest waits.
 *
 * Commands, separated by spaces (numbers in C notation):
 *
 *   cfg:MASK:FLAGS[:VALUES[:DEBOUNCE_US]]  solo5_gpio_set; FLAGS is a '+'
 *        list of in out al rise fall od os up down nobias
 *   out:MASK:VALUES    solo5_gpio_output
 *   in:MASK            solo5_gpio_input, prints "in MASK = VALUES"
 *   clear:MASK         solo5_gpio_clear
 *   ev:N:MS            waits up to MS ms for N events, prints each as
 *                      "event SEQ line L edge rise|fall lseq S ts T", then
 *                      "events N", T relative to the time of the last
 *                      "say" (the events must come after it)
 *   none:MS            waits MS ms and fails if an event comes
 *   say:WORD           prints "say WORD" (a marker the test script waits
 *                      for) and notes the time
 *   wait:MS            solo5_yield for MS ms
 *   until:MASK:VALUES:MS  reads MASK every 5 ms until it reads VALUES
 *                      (the test script's "go on"); fails after MS ms
 *   abort              solo5_abort
 *
 * Each call's result is printed as "CMD -> OK|EINVAL|AGAIN|UNSPEC"; the
 * guest ends with "SUCCESS" if every call returned what a trailing "!E"
 * on the command expected (default OK: "cfg:1:out!EINVAL").
 */
#include "pvlibc.h"
#include "solo5.h"

#define MS 1000000ULL

static solo5_handle_t g;
static solo5_time_t said_at;
static int failures;

static const char *rname(solo5_result_t r)
{
    switch (r) {
    case SOLO5_R_OK:
        return "OK";
    case SOLO5_R_AGAIN:
        return "AGAIN";
    case SOLO5_R_EINVAL:
        return "EINVAL";
    default:
        return "UNSPEC";
    }
}

/* Splits s at ':' into at most n fields; returns how many. */
static int fields(char *s, char **f, int n)
{
    int k = 0;
    f[k++] = s;
    for (; *s && k < n; s++)
        if (*s == ':') {
            *s = '\0';
            f[k++] = s + 1;
        }
    return k;
}

static uint64_t num(const char *s)
{
    return strtoul(s, NULL, 0);
}

static unsigned flags(char *s)
{
    static const struct {
        const char *name;
        unsigned flag;
    } t[] = {
        {"in", SOLO5_GPIO_INPUT},          {"out", SOLO5_GPIO_OUTPUT},
        {"al", SOLO5_GPIO_ACTIVE_LOW},     {"rise", SOLO5_GPIO_EDGE_RISING},
        {"fall", SOLO5_GPIO_EDGE_FALLING}, {"od", SOLO5_GPIO_OPEN_DRAIN},
        {"os", SOLO5_GPIO_OPEN_SOURCE},    {"up", SOLO5_GPIO_PULL_UP},
        {"down", SOLO5_GPIO_PULL_DOWN},    {"nobias", SOLO5_GPIO_BIAS_DISABLED},
    };
    unsigned fl = 0;
    while (*s) {
        char *e = s;
        while (*e && *e != '+')
            e++;
        char c = *e;
        *e = '\0';
        unsigned i;
        for (i = 0; i < sizeof t / sizeof t[0]; i++)
            if (strcmp(s, t[i].name) == 0)
                break;
        if (i == sizeof t / sizeof t[0]) {
            printf("FAILURE: unknown flag '%s'\n", s);
            failures++;
        } else {
            fl |= t[i].flag;
        }
        if (!c)
            break;
        s = e + 1;
    }
    return fl;
}

/* Waits until `deadline` for an event; SOLO5_R_AGAIN if none came. */
static solo5_result_t next_event(solo5_time_t deadline,
                                 struct solo5_gpio_event *ev)
{
    for (;;) {
        solo5_result_t r = solo5_gpio_read_event(g, ev);
        if (r != SOLO5_R_AGAIN || solo5_clock_monotonic() >= deadline)
            return r;
        solo5_handle_set_t ready = 0;
        solo5_yield(deadline, &ready);
    }
}

static solo5_result_t events(unsigned n, uint64_t ms)
{
    solo5_time_t deadline = solo5_clock_monotonic() + ms * MS;
    unsigned got = 0;
    while (got < n) {
        struct solo5_gpio_event ev;
        solo5_result_t r = next_event(deadline, &ev);
        if (r != SOLO5_R_OK)
            break;
        got++;
        printf("event %u line %u edge %s lseq %u ts %lld\n", ev.seqno, ev.line,
               ev.edge == SOLO5_GPIO_EDGE_IS_RISING ? "rise" : "fall",
               ev.line_seqno, (long long)(ev.timestamp - said_at));
    }
    printf("events %u\n", got);
    return got == n ? SOLO5_R_OK : SOLO5_R_AGAIN;
}

static solo5_result_t run(char *cmd)
{
    char *f[5];
    int k = fields(cmd, f, 5);
    if (strcmp(f[0], "cfg") == 0 && k >= 3) {
        struct solo5_gpio_config c = {.flags = flags(f[2])};
        if (k >= 4)
            c.values = num(f[3]);
        if (k >= 5)
            c.debounce_us = (unsigned)num(f[4]);
        return solo5_gpio_set(g, num(f[1]), &c);
    }
    if (strcmp(f[0], "out") == 0 && k == 3)
        return solo5_gpio_output(g, num(f[1]), num(f[2]));
    if (strcmp(f[0], "in") == 0 && k == 2) {
        uint64_t v = 0;
        solo5_result_t r = solo5_gpio_input(g, num(f[1]), &v);
        printf("in %s = 0x%llx\n", f[1], (unsigned long long)v);
        return r;
    }
    if (strcmp(f[0], "clear") == 0 && k == 2)
        return solo5_gpio_clear(g, num(f[1]));
    if (strcmp(f[0], "ev") == 0 && k == 3)
        return events((unsigned)num(f[1]), num(f[2]));
    if (strcmp(f[0], "none") == 0 && k == 2) {
        struct solo5_gpio_event ev;
        solo5_time_t deadline = solo5_clock_monotonic() + num(f[1]) * MS;
        if (next_event(deadline, &ev) == SOLO5_R_OK) {
            printf("FAILURE: unexpected event on line %u\n", ev.line);
            failures++;
        }
        return SOLO5_R_OK;
    }
    if (strcmp(f[0], "say") == 0 && k == 2) {
        said_at = solo5_clock_monotonic();
        printf("say %s\n", f[1]);
        return SOLO5_R_OK;
    }
    if (strcmp(f[0], "wait") == 0 && k == 2) {
        solo5_yield(solo5_clock_monotonic() + num(f[1]) * MS, NULL);
        return SOLO5_R_OK;
    }
    if (strcmp(f[0], "until") == 0 && k == 4) {
        solo5_time_t deadline = solo5_clock_monotonic() + num(f[3]) * MS;
        uint64_t v = ~0ULL;
        solo5_result_t r;
        while ((r = solo5_gpio_input(g, num(f[1]), &v)) == SOLO5_R_OK &&
               v != num(f[2]) && solo5_clock_monotonic() < deadline)
            solo5_yield(solo5_clock_monotonic() + 5 * MS, NULL);
        return r == SOLO5_R_OK && v != num(f[2]) ? SOLO5_R_AGAIN : r;
    }
    if (strcmp(f[0], "abort") == 0)
        solo5_abort();
    printf("FAILURE: bad command '%s'\n", f[0]);
    failures++;
    return SOLO5_R_EUNSPEC;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    struct solo5_gpio_info info;
    if (solo5_gpio_acquire("g", &g, &info) != SOLO5_R_OK) {
        printf("FAILURE: no GPIO device 'g'\n");
        return 1;
    }
    printf("g: %u lines\n", info.nlines);
    static char line[8192];
    size_t n = strlen(si->cmdline);
    if (n >= sizeof line)
        return 1;
    memcpy(line, si->cmdline, n + 1);
    char *p = line;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        char *cmd = p;
        while (*p && *p != ' ')
            p++;
        if (*p)
            *p++ = '\0';
        const char *want = "OK";
        char *bang = strchr(cmd, '!');
        if (bang) {
            *bang = '\0';
            want = bang + 1;
        }
        char shown[64];
        snprintf(shown, sizeof shown, "%s", cmd);
        solo5_result_t r = run(cmd);
        printf("%s -> %s\n", shown, rname(r));
        if (strcmp(rname(r), want) != 0) {
            printf("FAILURE: %s returned %s, expected %s\n", shown, rname(r),
                   want);
            failures++;
        }
    }
    if (failures)
        return 1;
    printf("SUCCESS\n");
    return 0;
}
