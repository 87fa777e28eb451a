/*
 * mod_gpio.c: the GPIO_BASIC device class (docs/gpio.md).
 *
 *   --gpio:NAME=CHIP:LINES[:OPTIONS]   grant host lines as device NAME
 *   --gpio-trace=FILE.vcd              VCD waveform of every granted line
 *   --gpio-stimulus=FILE               timed inputs for sim devices
 *   --gpio-stats                       print sequence timing at exit
 *
 * Each hypercall copies its argument out of guest memory, validates the
 * copy (gpio/validate.c), and only then acts on the device. On every way
 * the tender ends after set-up, an exit hook drives granted outputs to
 * their safe state and releases the lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "../gpio/gpio.h"
#include "../tender.h"

static struct gpio_grant grants[GPIO_MAX_DEVICES];
static unsigned ndevs;
static struct gpio_dev devs[GPIO_MAX_DEVICES];
static struct gpio_dev *devp[GPIO_MAX_DEVICES];
static struct gpio_dev *by_handle[PV_MFT_MAX_ENTRIES];
static const char *trace_path, *stim_path;
static bool want_stats;

static struct gpio_sim_chip *sim;
static struct gpio_stimulus stim;
static int sim_timer = -1;
static uint64_t sim_armed = UINT64_MAX;

/* Sequence step lateness, 100 ns buckets up to 1 ms. */
#define LATE_BUCKETS 10000
static uint32_t late_hist[LATE_BUCKETS + 1];
static uint64_t late_n, late_max;

/* The seam unit tests may replace (cdev backend system calls). */
const struct gpio_cdev_sys *tnd_gpio_cdev_sys = &gpio_cdev_real;

static struct gpio_dev *dev_of(uint64_t handle)
{
    return handle < PV_MFT_MAX_ENTRIES ? by_handle[handle] : NULL;
}

/* Arms the sim timer for absolute time `next` if that changed. */
static void arm_sim(uint64_t next)
{
    if (sim_timer < 0 || next == sim_armed)
        return;
    struct itimerspec it = {{0, 0}, {0, 0}};
    if (next != UINT64_MAX) {
        it.it_value.tv_sec = (time_t)(next / 1000000000ULL);
        it.it_value.tv_nsec = (long)(next % 1000000000ULL);
        if (next == 0)
            it.it_value.tv_nsec = 1;
    }
    if (timerfd_settime(sim_timer, TFD_TIMER_ABSTIME, &it, NULL) < 0)
        tnd_die_errno("gpio: timerfd_settime failed");
    sim_armed = next;
}

/* Brings the simulated chip up to now; call before any device access. */
static void sync_sim(void)
{
    if (sim)
        arm_sim(gpio_sim_advance(sim, gpio_now_ns()));
}

static int rejected(struct gpio_dev *d, const char *op, const char *why)
{
    tnd_info("gpio: %s on '%s' rejected: %s", op, d ? d->name : "?", why);
    return PV_R_EINVAL;
}

static void hc_gpio_set(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_gpio_set *p = tnd_gpa_ptr(vm, gpa, sizeof *p, "GPIO_SET");
    struct pv_hc_gpio_set r = *p;
    struct gpio_dev *d = dev_of(r.handle);
    const char *why = "no such GPIO device";
    if (d == NULL || gpio_validate_set(d, &r, &why) != PV_R_OK) {
        p->ret = rejected(d, "set", why);
        return;
    }
    sync_sim();
    p->ret = gpio_dev_set(d, r.mask, r.flags, r.debounce_us, r.values);
    sync_sim();
}

static void hc_gpio_input(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_gpio_values *p = tnd_gpa_ptr(vm, gpa, sizeof *p, "GPIO_INPUT");
    struct pv_hc_gpio_values r = *p;
    struct gpio_dev *d = dev_of(r.handle);
    const char *why = "no such GPIO device";
    if (d == NULL || gpio_validate_input(d, &r, &why) != PV_R_OK) {
        p->ret = rejected(d, "input", why);
        return;
    }
    sync_sim();
    uint64_t v = 0;
    p->ret = gpio_dev_input(d, r.mask, &v);
    p->values = v;
}

static void hc_gpio_output(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_gpio_values *p =
        tnd_gpa_ptr(vm, gpa, sizeof *p, "GPIO_OUTPUT");
    struct pv_hc_gpio_values r = *p;
    struct gpio_dev *d = dev_of(r.handle);
    const char *why = "no such GPIO device";
    if (d == NULL || gpio_validate_output(d, &r, &why) != PV_R_OK) {
        p->ret = rejected(d, "output", why);
        return;
    }
    sync_sim();
    p->ret = gpio_dev_output(d, r.mask, r.values);
    sync_sim();
}

static void hc_gpio_clear(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_gpio_clear *p = tnd_gpa_ptr(vm, gpa, sizeof *p, "GPIO_CLEAR");
    struct pv_hc_gpio_clear r = *p;
    struct gpio_dev *d = dev_of(r.handle);
    const char *why = "no such GPIO device";
    if (d == NULL || gpio_validate_clear(d, &r, &why) != PV_R_OK) {
        p->ret = rejected(d, "clear", why);
        return;
    }
    sync_sim();
    p->ret = gpio_dev_clear(d, r.mask);
    sync_sim();
}

static void collect(struct gpio_dev *d)
{
    int rc = d->ops->collect ? d->ops->collect(d) : 0;
    if (rc)
        tnd_die("gpio device '%s': reading events failed: %s", d->name,
                strerror(-rc));
}

static void hc_gpio_read_event(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_gpio_read_event *p =
        tnd_gpa_ptr(vm, gpa, sizeof *p, "GPIO_READ_EVENT");
    struct pv_hc_gpio_read_event r = *p;
    struct gpio_dev *d = dev_of(r.handle);
    if (d == NULL || r.pad0) {
        p->ret = rejected(d, "read_event",
                          d ? "non-zero padding" : "no such GPIO device");
        return;
    }
    sync_sim();
    collect(d);
    struct pv_gpio_event ev;
    if (!gpio_dev_pop_event(d, &ev)) {
        p->ret = PV_R_AGAIN;
        return;
    }
    p->ev = ev;
    p->ret = PV_R_OK;
}

static void sleep_until(uint64_t t)
{
    struct timespec ts = {.tv_sec = (time_t)(t / 1000000000ULL),
                          .tv_nsec = (long)(t % 1000000000ULL)};
    int rc;
    while ((rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL)) ==
           EINTR) {
        if (tnd_core_signal)
            tnd_core_exit_on_signal();
    }
}

static void record_lateness(uint64_t late)
{
    late_n++;
    if (late > late_max)
        late_max = late;
    uint64_t b = late / 100;
    late_hist[b < LATE_BUCKETS ? b : LATE_BUCKETS]++;
}

static void hc_gpio_sequence(struct tnd_vm *vm, uint64_t gpa)
{
    static struct pv_gpio_step steps[PV_GPIO_SEQ_MAX_STEPS];
    struct pv_hc_gpio_sequence *p =
        tnd_gpa_ptr(vm, gpa, sizeof *p, "GPIO_SEQUENCE");
    struct pv_hc_gpio_sequence r = *p;
    uint64_t start = gpio_now_ns();
    struct gpio_dev *d = dev_of(r.handle);
    const char *why = "no such GPIO device";
    if (d == NULL || r.nsteps == 0 || r.nsteps > PV_GPIO_SEQ_MAX_STEPS) {
        p->ret = rejected(d, "sequence", d ? "step count out of range" : why);
        return;
    }
    memcpy(steps,
           tnd_gpa_ptr(vm, r.steps, r.nsteps * sizeof steps[0],
                       "GPIO_SEQUENCE steps"),
           r.nsteps * sizeof steps[0]);
    if (gpio_validate_sequence(d, steps, r.nsteps, &why) != PV_R_OK) {
        p->ret = rejected(d, "sequence", why);
        return;
    }
    uint64_t t = start;
    int ret = PV_R_OK;
    for (uint32_t i = 0; i < r.nsteps && ret == PV_R_OK; i++) {
        t += steps[i].delay_ns;
        if (gpio_now_ns() < t)
            sleep_until(t);
        sync_sim();
        if (steps[i].mask)
            ret = gpio_dev_output(d, steps[i].mask, steps[i].values);
        record_lateness(gpio_now_ns() - t);
    }
    sync_sim();
    p->ret = ret;
}

/* --- readiness for POLL ----------------------------------------------------
 */

static uint64_t pending_all(void *arg)
{
    (void)arg;
    sync_sim();
    uint64_t ready = 0;
    for (unsigned i = 0; i < ndevs; i++)
        if (devs[i].evq.count)
            ready |= 1ULL << devs[i].handle;
    return ready;
}

static uint64_t sim_readable(void *arg)
{
    uint64_t ticks;
    ssize_t n = read(sim_timer, &ticks, sizeof ticks);
    (void)n;
    sim_armed = UINT64_MAX; /* fired: it must be armed again */
    return pending_all(arg);
}

static uint64_t cdev_readable(void *arg)
{
    struct gpio_dev *d = arg;
    collect(d);
    return d->evq.count ? 1ULL << d->handle : 0;
}

/* --- set-up, start and exit -------------------------------------------- */

static int handle_arg(const char *arg, struct pv_mft *mft)
{
    char err[160];
    if (strncmp(arg, "--gpio:", 7) == 0) {
        if (ndevs == GPIO_MAX_DEVICES)
            tnd_die_usage("%s: at most %d GPIO devices", arg, GPIO_MAX_DEVICES);
        struct gpio_grant *g = &grants[ndevs];
        if (gpio_grant_parse(arg + 7, g, err, sizeof err) != 0)
            tnd_die_usage("%s: %s", arg, err);
        struct pv_mft_entry *e = tnd_mft_find(mft, g->name, 0);
        if (e == NULL)
            tnd_die_usage("%s: the unikernel declares no device '%s'", arg,
                          g->name);
        if (e->type != PV_MFT_DEV_GPIO_BASIC)
            tnd_die_usage("%s: device '%s' is %s, not GPIO_BASIC", arg, g->name,
                          tnd_mft_type_name(e->type));
        for (unsigned i = 0; i < ndevs; i++)
            if (strcmp(grants[i].name, g->name) == 0)
                tnd_die_usage("%s: device '%s' given twice", arg, g->name);
        ndevs++;
        return 0;
    }
    if (strncmp(arg, "--gpio-trace=", 13) == 0 && arg[13]) {
        trace_path = arg + 13;
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
    return 1;
}

static void open_device(struct gpio_dev *d, const struct gpio_grant *g,
                        unsigned handle)
{
    char err[200];
    memset(d, 0, sizeof *d);
    memcpy(d->name, g->name, sizeof d->name);
    d->handle = handle;
    d->nlines = g->nlines;
    d->perms = g->perms;
    d->safe = g->safe;
    d->poll_fd = -1;
    d->trace_var = -1;
    if (strcmp(g->chip, "sim") == 0) {
        if (sim == NULL && (sim = gpio_sim_new()) == NULL)
            tnd_die("gpio: out of memory");
        for (unsigned i = 0; i < g->nlines; i++) {
            int off = gpio_sim_lookup(sim, g->lines[i]);
            if (off < 0)
                tnd_die("gpio device '%s': the sim chip has no line '%s' "
                        "(GPIO0..GPIO%d or 0..%d)",
                        d->name, g->lines[i], GPIO_SIM_LINES - 1,
                        GPIO_SIM_LINES - 1);
            d->offsets[i] = (uint32_t)off;
        }
        int rc = gpio_sim_open(sim, d);
        if (rc == -EBUSY)
            tnd_die("gpio device '%s': a line is granted twice", d->name);
        if (rc)
            tnd_die("gpio device '%s': cannot open: %s", d->name,
                    strerror(-rc));
        return;
    }
    if (gpio_cdev_open(d, g, tnd_gpio_cdev_sys, err, sizeof err) != 0)
        tnd_die("gpio device '%s': %s", d->name, err);
}

static void load_stimulus(void)
{
    char err[200];
    FILE *f = fopen(stim_path, "r");
    if (f == NULL)
        tnd_die_errno("gpio: cannot open stimulus file %s", stim_path);
    static char text[1 << 22];
    size_t n = fread(text, 1, sizeof text - 1, f);
    bool big = !feof(f);
    fclose(f);
    if (big)
        tnd_die("gpio: stimulus file %s is larger than 4 MiB", stim_path);
    text[n] = '\0';
    if (gpio_stimulus_parse(text, &stim, err, sizeof err) != 0)
        tnd_die("gpio: %s: %s", stim_path, err);
    if (sim == NULL)
        tnd_die("gpio: --gpio-stimulus needs a sim GPIO device");
    if (gpio_sim_set_stimulus(sim, &stim, devp, ndevs, err, sizeof err))
        tnd_die("gpio: %s: %s", stim_path, err);
}

static void on_start(struct tnd_vm *vm, uint64_t t0)
{
    (void)vm;
    if (sim)
        gpio_sim_start(sim, t0);
    if (gpio_trace_begin(t0, devp, ndevs) != 0)
        tnd_warn("gpio: cannot write the trace header");
    sync_sim();
}

static uint64_t percentile(double q)
{
    uint64_t want = (uint64_t)(q * (double)late_n + 0.5), seen = 0;
    for (unsigned b = 0; b < LATE_BUCKETS; b++) {
        seen += late_hist[b];
        if (seen >= want && seen)
            return (uint64_t)b * 100 + 50;
    }
    return late_max;
}

static void on_exit_safe(struct tnd_vm *vm, int status)
{
    (void)vm;
    (void)status;
    sync_sim();
    for (unsigned i = 0; i < ndevs; i++) {
        if (gpio_dev_make_safe(&devs[i], gpio_dev_all(&devs[i])) != PV_R_OK)
            tnd_warn("gpio device '%s': could not reach the safe state",
                     devs[i].name);
        devs[i].ops->close(&devs[i]);
    }
    gpio_trace_close(gpio_now_ns());
    if (want_stats)
        tnd_warn("gpio stats: %llu sequence steps, lateness p50 %.1f us, "
                 "p99 %.1f us, max %.1f us",
                 (unsigned long long)late_n, percentile(0.5) / 1e3,
                 percentile(0.99) / 1e3, late_max / 1e3);
}

static void setup(struct tnd_vm *vm, struct pv_mft *mft)
{
    (void)vm;
    if (ndevs == 0) {
        if (trace_path || stim_path)
            tnd_die_usage("--gpio-trace and --gpio-stimulus need a "
                          "--gpio:NAME=... device");
        return;
    }
    char err[200];
    if (trace_path && gpio_trace_open(trace_path, err, sizeof err) != 0)
        tnd_die("gpio: %s", err);
    for (unsigned i = 0; i < ndevs; i++) {
        struct pv_mft_entry *e = tnd_mft_find(mft, grants[i].name, 0);
        unsigned h = (unsigned)(e - mft->e);
        open_device(&devs[i], &grants[i], h);
        devp[i] = &devs[i];
        by_handle[h] = &devs[i];
        e->u.gpio_basic.nlines = devs[i].nlines;
        e->u.gpio_basic.perms = devs[i].perms;
        e->attached = 1;
        gpio_trace_add_device(&devs[i]);
    }
    if (stim_path)
        load_stimulus();

    bool first = true;
    if (sim) {
        sim_timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
        if (sim_timer < 0)
            tnd_die_errno("gpio: timerfd_create failed");
        struct tnd_pollsrc src = {
            .fd = sim_timer, .pending = pending_all, .readable = sim_readable};
        first = false;
        if (tnd_core_register_pollsrc(&src) ||
            tnd_sandbox_allow_fd(sim_timer, TND_FD_TIMER))
            tnd_die("gpio: too many poll sources");
    }
    for (unsigned i = 0; i < ndevs; i++) {
        if (devs[i].poll_fd < 0)
            continue;
        struct tnd_pollsrc src = {.fd = devs[i].poll_fd,
                                  .pending = first ? pending_all : NULL,
                                  .readable = cdev_readable,
                                  .arg = &devs[i]};
        first = false;
        if (tnd_core_register_pollsrc(&src) ||
            tnd_sandbox_allow_fd(devs[i].poll_fd, TND_FD_GPIO_REQ))
            tnd_die("gpio: too many poll sources");
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
}

TND_MODULE(gpio, .handle_arg = handle_arg, .setup = setup,
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
                    "  --gpio-stimulus=FILE  timed input changes for sim "
                    "devices (docs/gpio.md)\n"
                    "  --gpio-stats          print GPIO sequence timing at "
                    "exit\n");
