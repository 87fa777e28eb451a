/* SPDX-License-Identifier: ISC */
/*
 * mod_gpio.c: the GPIO_BASIC device class (docs/gpio.md).
 *
 *   --gpio:NAME=CHIP:LINES[:OPTIONS]   grant host lines as device NAME
 *   --gpio-trace=FILE.vcd              VCD waveform of every granted line
 *   --gpio-trace-max=SIZE              the most bytes the trace may take
 *   --gpio-stimulus=FILE               timed inputs for sim devices
 *   --gpio-ring=on|off                 offer the request ring (default on)
 *   --gpio-spin=MICROSECONDS           I/O thread spin before sleeping
 *   --gpio-stats                       print GPIO timing at exit
 *
 * This module opens the backends (the sim chip is its own) and serves the
 * GPIO hypercalls; its exit hooks stop the ring and leave granted outputs
 * in their safe state.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../gpio/cdev.h"
#include "../gpio/grant.h"
#include "../gpio/ring.h"
#include "../gpio/service.h"
#include "../gpio/sim.h"
#include "../gpio/trace.h"
#include "../abi.h"
#include "../args.h"
#include "../clock.h"
#include "../core.h"
#include "../gpa.h"
#include "../gpio/trace.h"
#include "../log.h"
#include "../mft.h"
#include "../module.h"
#include "../sandbox.h"
#include "../trace_file.h"
#include "../vm.h"

static struct gpio_grant grants[GPIO_MAX_DEVICES];
static const char *grant_args[GPIO_MAX_DEVICES]; /* the options, for messages */
static uint32_t sim_offsets[GPIO_MAX_DEVICES][PV_GPIO_MAX_LINES];
static unsigned ngrants;
static const char *trace_path, *stim_path;
static bool want_stats, ring_off;
static uint64_t spin_us = GPIO_RING_SPIN_DEFAULT_US;
static uint64_t trace_max = GPIO_TRACE_MAX_DEFAULT;
static const char *trace_max_arg;
static uint64_t ring_gpa;
static struct gpio_stimulus stim;
static struct gpio_sim_chip *sim; /* the simulated chip, if a grant uses it */

/* The seam unit tests may replace (cdev backend system calls). */
const struct gpio_cdev_sys *tnd_gpio_cdev_sys = &gpio_cdev_real;

/*
 * The hypercalls: each copies its argument out of guest memory once,
 * describes it as a struct gpio_request and runs it (gpio_svc_run).
 */
static int run(const struct gpio_request *r, struct gpio_reply *out)
{
    return gpio_svc_run(r, 0, NULL, out); /* no sequence: no start time */
}

static void hc_gpio_set(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_gpio_set *p = tnd_gpa_ptr_w(vm, gpa, sizeof *p, "GPIO_SET");
    struct pv_hc_gpio_set a = *p;
    struct gpio_request r = {.op = GPIO_OP_SET,
                             .handle = a.handle,
                             .mask = a.mask,
                             .values = a.values,
                             .flags = a.flags,
                             .debounce_us = a.debounce_us,
                             .pad = a.pad0};
    struct gpio_reply out;
    p->ret = run(&r, &out);
}

static void hc_gpio_values(struct tnd_vm *vm, uint64_t gpa, uint32_t op,
                           const char *what)
{
    struct pv_hc_gpio_values *p = tnd_gpa_ptr_w(vm, gpa, sizeof *p, what);
    struct pv_hc_gpio_values a = *p;
    struct gpio_request r = {.op = op,
                             .handle = a.handle,
                             .mask = a.mask,
                             .values = a.values,
                             .pad = a.pad0};
    struct gpio_reply out;
    int ret = run(&r, &out);
    if (op == GPIO_OP_INPUT)
        p->values = out.values;
    p->ret = ret;
}

static void hc_gpio_input(struct tnd_vm *vm, uint64_t gpa)
{
    hc_gpio_values(vm, gpa, GPIO_OP_INPUT, "GPIO_INPUT");
}

static void hc_gpio_output(struct tnd_vm *vm, uint64_t gpa)
{
    hc_gpio_values(vm, gpa, GPIO_OP_OUTPUT, "GPIO_OUTPUT");
}

static void hc_gpio_clear(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_gpio_clear *p =
        tnd_gpa_ptr_w(vm, gpa, sizeof *p, "GPIO_CLEAR");
    struct pv_hc_gpio_clear a = *p;
    struct gpio_request r = {
        .op = GPIO_OP_CLEAR, .handle = a.handle, .mask = a.mask, .pad = a.pad0};
    struct gpio_reply out;
    p->ret = run(&r, &out);
}

static void hc_gpio_read_event(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_gpio_read_event *p =
        tnd_gpa_ptr_w(vm, gpa, sizeof *p, "GPIO_READ_EVENT");
    struct pv_hc_gpio_read_event a = *p;
    struct gpio_request r = {
        .op = GPIO_OP_READ_EVENT, .handle = a.handle, .pad = a.pad0};
    struct gpio_reply out;
    int ret = run(&r, &out);
    if (ret == PV_R_OK)
        p->ev = out.ev;
    p->ret = ret;
}

/* Sleeps of the vCPU thread: only a stop request (tnd_core_signal) ends them.
 */
static bool vcpu_sleep_until(uint64_t t)
{
    struct timespec ts = {.tv_sec = (time_t)(t / 1000000000ULL),
                          .tv_nsec = (long)(t % 1000000000ULL)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) ==
           EINTR) {
        tnd_core_check_signal();
    }
    return true;
}

static void hc_gpio_sequence(struct tnd_vm *vm, uint64_t gpa)
{
    static struct pv_gpio_step steps[PV_GPIO_SEQ_MAX_STEPS];
    struct pv_hc_gpio_sequence *p =
        tnd_gpa_ptr_w(vm, gpa, sizeof *p, "GPIO_SEQUENCE");
    struct pv_hc_gpio_sequence a = *p;
    uint64_t start = tnd_clock_now_ns();
    /* Copied only when the count is sane; the rules decide the rest. */
    if (a.nsteps >= 1 && a.nsteps <= PV_GPIO_SEQ_MAX_STEPS)
        memcpy(steps,
               tnd_gpa_ptr(vm, a.steps, (uint64_t)a.nsteps * sizeof steps[0],
                           "GPIO_SEQUENCE steps"),
               a.nsteps * sizeof steps[0]);
    struct gpio_request r = {.op = GPIO_OP_SEQUENCE,
                             .handle = a.handle,
                             .nsteps = a.nsteps,
                             .steps = steps};
    struct gpio_reply out;
    p->ret = gpio_svc_run(&r, start, vcpu_sleep_until, &out);
}

/* --- POLL readiness --------------------------------------------------- */

/* The guest waits: a good time to write the trace. */
static uint64_t pending(void *arg)
{
    (void)arg;
    if (gpio_dev_trace_pending())
        gpio_trace_kick();
    return gpio_svc_pending();
}

static uint64_t timer_readable(void *arg)
{
    (void)arg;
    return gpio_svc_timer_fired();
}

static uint64_t cdev_readable(void *arg)
{
    return gpio_svc_collect(arg);
}

/* --- options ----------------------------------------------------------- */

static int parse_grant(const char *arg, unsigned i, char *err, size_t errlen)
{
    return gpio_grant_parse(arg + 7, &grants[i], err, errlen);
}

static int handle_arg(const char *arg)
{
    if (strncmp(arg, "--gpio:", 7) == 0) {
        tnd_module_grant(arg, "--gpio:", "GPIO", GPIO_MAX_DEVICES, grant_args,
                         &ngrants, parse_grant);
        return 0;
    }
    if (strncmp(arg, "--gpio-trace=", 13) == 0 && arg[13]) {
        trace_path = arg + 13;
        tnd_module_add_output("--gpio-trace=", trace_path);
        return 0;
    }
    if (tnd_trace_file_max_option(arg, "--gpio-trace-max=", &trace_max) == 0) {
        trace_max_arg = arg;
        return 0;
    }
    if (strncmp(arg, "--gpio-stimulus=", 16) == 0 && arg[16]) {
        stim_path = arg + 16;
        return 0;
    }
    if (strcmp(arg, "--gpio-stats") == 0) {
        want_stats = true;
        return 0;
    }
    if (strncmp(arg, "--gpio-ring=", 12) == 0) {
        if (strcmp(arg + 12, "on") != 0 && strcmp(arg + 12, "off") != 0)
            tnd_die_usage("%s: expected on or off", arg);
        ring_off = strcmp(arg + 12, "off") == 0;
        return 0;
    }
    if (strncmp(arg, "--gpio-spin=", 12) == 0) {
        if (tnd_args_parse_u64(arg + 12, GPIO_RING_SPIN_MAX_US, &spin_us))
            tnd_die_usage("%s: expected microseconds, 0..%d", arg,
                          GPIO_RING_SPIN_MAX_US);
        return 0;
    }
    return 1;
}

static bool is_sim(const struct gpio_grant *g)
{
    return strcmp(g->chip, "sim") == 0;
}

/*
 * The line a grant names, in a form equal for equal lines of one chip
 * spelling: the sim chip's offset, else the offset or name as given.
 */
static void line_key(unsigned g, unsigned i, char *key, size_t len)
{
    if (is_sim(&grants[g]))
        snprintf(key, len, "GPIO%u", sim_offsets[g][i]);
    else
        snprintf(key, len, "%s", grants[g].lines[i]);
}

/*
 * The chip a grant names, in a form equal for the two spellings of one
 * character device: "/dev/gpiochipN" and "gpiochipN". Labels and other
 * names are compared as given (telling them apart needs the chip).
 */
static const char *chip_key(const struct gpio_grant *g)
{
    return strncmp(g->chip, "/dev/gpiochip", 13) == 0 ? g->chip + 5 : g->chip;
}

/* Sim lines exist; no line is granted twice, in one device or two. */
static void check_lines(void)
{
    for (unsigned g = 0; g < ngrants; g++) {
        if (!is_sim(&grants[g]))
            continue;
        for (unsigned i = 0; i < grants[g].nlines; i++) {
            int off = gpio_sim_lookup(NULL, grants[g].lines[i]);
            if (off < 0)
                tnd_die_usage("%s: the sim chip has no line '%s' "
                              "(GPIO0..GPIO%d or 0..%d)",
                              grant_args[g], grants[g].lines[i],
                              GPIO_SIM_LINES - 1, GPIO_SIM_LINES - 1);
            sim_offsets[g][i] = (uint32_t)off;
        }
    }
    char a[GPIO_LINE_NAME_MAX + 8], b[GPIO_LINE_NAME_MAX + 8];
    for (unsigned g = 0; g < ngrants; g++)
        for (unsigned i = 0; i < grants[g].nlines; i++) {
            line_key(g, i, a, sizeof a);
            for (unsigned h = 0; h <= g; h++) {
                if (strcmp(chip_key(&grants[g]), chip_key(&grants[h])) != 0)
                    continue;
                for (unsigned j = 0; j < (h == g ? i : grants[h].nlines); j++) {
                    line_key(h, j, b, sizeof b);
                    if (strcmp(a, b) != 0)
                        continue;
                    if (h == g)
                        tnd_die_usage("%s: line '%s' is granted twice",
                                      grant_args[g], grants[g].lines[i]);
                    tnd_die_usage("%s: line '%s' is already granted to "
                                  "device '%s'",
                                  grant_args[g], grants[g].lines[i],
                                  grants[h].name);
                }
            }
        }
}

static void args_done(void)
{
    if (ngrants == 0 && (trace_path || stim_path))
        tnd_die_usage("--gpio-trace and --gpio-stimulus need a "
                      "--gpio:NAME=... device");
    if (trace_max_arg && !trace_path)
        tnd_die_usage("%s needs --gpio-trace=FILE", trace_max_arg);
    uint64_t need = gpio_trace_max_needed(grants, ngrants);
    if (trace_max_arg && trace_max < need)
        tnd_die_usage("%s: the trace's header needs up to %llu bytes for "
                      "these devices",
                      trace_max_arg, (unsigned long long)need);
    bool any_sim = false;
    for (unsigned g = 0; g < ngrants; g++)
        any_sim = any_sim || is_sim(&grants[g]);
    if (stim_path && !any_sim)
        tnd_die_usage("--gpio-stimulus needs a sim GPIO device "
                      "(--gpio:NAME=sim:LINES)");
    check_lines();
}

/* A stimulus line by name: a sim line granted to device `dev` ("GPIO4"). */
static int stim_line(const char *dev, const char *line)
{
    unsigned g = 0;
    while (g < ngrants && strcmp(grants[g].name, dev) != 0)
        g++;
    if (g == ngrants || !is_sim(&grants[g]))
        return -ENODEV;
    int off = gpio_sim_lookup(NULL, line);
    for (unsigned i = 0; off >= 0 && i < grants[g].nlines; i++)
        if (sim_offsets[g][i] == (uint32_t)off)
            return (int)i;
    return -ENOENT;
}

/* Reads, parses and checks the stimulus file against the grants. */
static void load_stimulus(void)
{
    char err[200];
    static char text[(1 << 22) + 1];
    size_t n = tnd_module_read_file("gpio", "stimulus", "the stimulus file",
                                    stim_path, text, sizeof text);
    if (gpio_stimulus_parse_named(text, n, stim_line, &stim, err, sizeof err) !=
        0)
        tnd_die("gpio: %s: %s", stim_path, err);
    for (size_t k = 0; k < stim.n; k++) {
        const char *name = stim.devs[stim.changes[k].dev];
        unsigned g = 0;
        while (g < ngrants && strcmp(grants[g].name, name) != 0)
            g++;
        if (g == ngrants || !is_sim(&grants[g]))
            tnd_die("gpio: %s: device '%s' is not a sim GPIO device", stim_path,
                    name);
        if (stim.changes[k].line >= grants[g].nlines)
            tnd_die("gpio: %s: device '%s' has no line %u", stim_path, name,
                    stim.changes[k].line);
    }
}

static void check(struct pv_mft *mft)
{
    for (unsigned g = 0; g < ngrants; g++)
        tnd_module_device(mft, grant_args[g], grants[g].name,
                          PV_MFT_DEV_GPIO_BASIC);
    if (stim_path)
        load_stimulus();
}

/* The ring lives above guest RAM; only native-mode guests are offered it. */
static uint64_t reserve(struct tnd_vm *vm, uint64_t **gpa)
{
    if (ngrants == 0 || ring_off || !vm->native)
        return 0;
    *gpa = &ring_gpa;
    return gpio_ring_size();
}

/* --- set-up, start, exit ------------------------------------------------ */

/* With -v: the chip and offsets the device's lines resolved to. */
static void log_resolved(const struct gpio_dev *d)
{
    char lines[PV_GPIO_MAX_LINES * (GPIO_LINE_NAME_MAX + 12)];
    size_t n = 0;
    for (unsigned i = 0; i < d->nlines; i++)
        n += (size_t)snprintf(lines + n, sizeof lines - n, "%s%s at %u",
                              i ? ", " : "", d->line_names[i], d->offsets[i]);
    tnd_info("gpio device '%s': chip %s, lines %s", d->name, d->chip, lines);
}

static void open_device(struct gpio_dev *d, unsigned g)
{
    char err[200];
    memcpy(d->name, grants[g].name, sizeof d->name);
    d->nlines = grants[g].nlines;
    d->perms = grants[g].perms;
    d->safe = grants[g].safe;
    if (!is_sim(&grants[g])) {
        if (gpio_cdev_open(d, &grants[g], tnd_gpio_cdev_sys, err, sizeof err) !=
            0)
            tnd_die("gpio device '%s': %s", d->name, err);
        log_resolved(d);
        return;
    }
    if (sim == NULL && (sim = gpio_sim_new()) == NULL)
        tnd_die("gpio: out of memory");
    memcpy(d->offsets, sim_offsets[g], sizeof d->offsets);
    int rc = gpio_sim_open(sim, d);
    if (rc)
        tnd_die("gpio device '%s': cannot open: %s", d->name, strerror(-rc));
    snprintf(d->chip, sizeof d->chip, "sim");
    log_resolved(d);
}

static void on_start(struct tnd_vm *vm, uint64_t t0)
{
    (void)vm;
    gpio_svc_start(t0);
}

static void on_exit_safe(struct tnd_vm *vm, int status)
{
    (void)vm;
    (void)status;
    gpio_svc_make_all_safe();
    uint64_t lost;
    const char *why = gpio_trace_incomplete(&lost);
    if (why)
        tnd_warn("gpio: the trace %s is incomplete: %s (%llu records lost)",
                 trace_path, why, (unsigned long long)lost);
    if (want_stats) {
        gpio_svc_print_stats();
        gpio_ring_print_stats(); /* the ring stopped first */
    }
}

static void on_exit_ring(struct tnd_vm *vm, int status)
{
    (void)vm;
    (void)status;
    gpio_ring_stop();
}

static void add_pollsrc(const struct tnd_pollsrc *src, enum tnd_fd_role role)
{
    if (tnd_core_register_pollsrc(src) || tnd_sandbox_allow_fd(src->fd, role))
        tnd_die("gpio: too many poll sources");
}

static void setup(struct tnd_vm *vm, struct pv_mft *mft)
{
    if (ngrants == 0)
        return;
    char err[200];
    gpio_svc_init();
    tnd_sandbox_need(TND_SB_GPIO_SLEEP);
    if (trace_path) {
        gpio_trace_set_max(trace_max);
        if (gpio_trace_open(trace_path, err, sizeof err) != 0)
            tnd_die("gpio: %s", err);
        /* Opened without O_TRUNC: an input is never cut. */
        const char *input = tnd_module_input_of(gpio_trace_fd());
        if (input)
            tnd_die_usage("--gpio-trace=%s: that file is %s, an input",
                          trace_path, input);
        if (ftruncate(gpio_trace_fd(), 0) != 0 && errno != EINVAL)
            tnd_die_errno("gpio: cannot truncate %s", trace_path);
        tnd_sandbox_need(TND_SB_IO_THREAD); /* the trace writer */
    }
    for (unsigned i = 0; i < ngrants; i++) {
        struct pv_mft_entry *e = tnd_mft_find(mft, grants[i].name, 0);
        struct gpio_dev *d = gpio_svc_new_device((unsigned)(e - mft->e));
        open_device(d, i);
        e->u.gpio_basic.nlines = d->nlines;
        e->u.gpio_basic.perms = d->perms;
        gpio_trace_add_device(d);
    }
    if (stim_path) {
        size_t ndevs;
        struct gpio_dev *const *devs = gpio_svc_devices(&ndevs);
        if (gpio_sim_set_stimulus(sim, &stim, devs, ndevs, err, sizeof err))
            tnd_die("gpio: %s: %s", stim_path, err);
    }

    /*
     * POLL: the service's timer if a backend asks to be synced at given
     * times (the sim chip's stimulus), and each device's event fd.
     */
    bool first = true, timed = false;
    size_t ndevs;
    struct gpio_dev *const *devs = gpio_svc_devices(&ndevs);
    for (size_t i = 0; i < ndevs; i++)
        timed = timed || gpio_dev_timed(devs[i]);
    if (timed) {
        int fd = gpio_svc_timer();
        if (fd < 0)
            tnd_die_errno("gpio: timerfd_create failed");
        struct tnd_pollsrc src = {
            .fd = fd, .pending = pending, .readable = timer_readable};
        add_pollsrc(&src, TND_FD_TIMER);
        first = false;
    }
    for (size_t i = 0; i < ndevs; i++) {
        if (devs[i]->poll_fd < 0)
            continue;
        struct tnd_pollsrc src = {.fd = devs[i]->poll_fd,
                                  .pending = first ? pending : NULL,
                                  .readable = cdev_readable,
                                  .arg = devs[i]};
        add_pollsrc(&src, TND_FD_GPIO_REQ);
        first = false;
    }
    if (gpio_trace_fd() >= 0 &&
        tnd_sandbox_allow_fd(gpio_trace_fd(), TND_FD_OUTPUT))
        tnd_die("gpio: too many file descriptors");

    if (tnd_core_register_hypercall(PV_HC_GPIO_SET, hc_gpio_set) ||
        tnd_core_register_hypercall(PV_HC_GPIO_INPUT, hc_gpio_input) ||
        tnd_core_register_hypercall(PV_HC_GPIO_OUTPUT, hc_gpio_output) ||
        tnd_core_register_hypercall(PV_HC_GPIO_CLEAR, hc_gpio_clear) ||
        tnd_core_register_hypercall(PV_HC_GPIO_READ_EVENT,
                                    hc_gpio_read_event) ||
        tnd_core_register_hypercall(PV_HC_GPIO_SEQUENCE, hc_gpio_sequence) ||
        tnd_core_register_start_hook(on_start) ||
        tnd_core_register_exit_hook(on_exit_safe))
        tnd_die("gpio: cannot register hypercalls and hooks");

    /* Hooks run in reverse: the ring stops before lines go safe. */
    if (ring_gpa) {
        gpio_ring_setup(vm, ring_gpa, spin_us * 1000, want_stats);
        if (tnd_core_register_exit_hook(on_exit_ring))
            tnd_die("gpio: cannot register the ring's exit hook");
    }
}

TND_MODULE(gpio, .handle_arg = handle_arg, .args_done = args_done,
           .check = check, .reserve = reserve, .setup = setup,
           .usage = "  --gpio:NAME=CHIP:LINES[:OPTIONS]\n"
                    "                        grant host GPIO lines as device "
                    "NAME; CHIP is sim,\n"
                    "                        gpiochipN, /dev/gpiochipN or a "
                    "chip label; LINES are\n"
                    "                        offsets or line names; OPTIONS: "
                    "in|out|inout,\n"
                    "                        safe=0|1|z (default inout,safe=0)"
                    "\n"
                    "  --gpio-trace=FILE.vcd write a VCD waveform of every "
                    "granted line\n"
                    "  --gpio-trace-max=SIZE the most bytes the trace takes "
                    "(K, M, G; default 256M)\n"
                    "  --gpio-stimulus=FILE  timed input changes for sim "
                    "devices (docs/gpio.md)\n"
                    "  --gpio-ring=on|off    offer native guests the "
                    "exitless request ring (default on)\n"
                    "  --gpio-spin=US        ring thread spin before it "
                    "sleeps (default 100 us)\n"
                    "  --gpio-stats          print GPIO timing at exit\n");
