/* SPDX-License-Identifier: ISC */
/*
 * device.h: a granted GPIO device, the backend interface and the trace
 * record queue (device.c).
 */
#ifndef TND_GPIO_DEVICE_H
#define TND_GPIO_DEVICE_H

#include "gpio.h"

struct gpio_dev;

/*
 * What a backend saw change on an input line: line `line` of device `dev`
 * is at physical level `level` ('0', '1', or 0 for no level) since `t_ns`;
 * with `has_event`, `ev` is an edge event for the guest. Backends return
 * these in a struct gpio_changes; the device layer queues the events and
 * records the levels (gpio_dev_apply).
 */
struct gpio_change {
    struct gpio_dev *dev;
    uint32_t line;
    char level;
    bool has_event;
    uint64_t t_ns;
    struct pv_gpio_event ev;
};

#define GPIO_CHANGES_MAX 128
struct gpio_changes {
    unsigned n;
    struct gpio_change c[GPIO_CHANGES_MAX];
};

/* An act hook's "call me again" (below): not an error. */
#define GPIO_HOOK_AGAIN 1

/*
 * The time of one request, for a timed backend (one with a sync hook).
 *  now_ns:  IN, the request's time (absolute ns): the backend first
 *           brings itself up to it, as sync does (a time it has passed
 *           moves nothing: 0 acts at the backend's present time).
 *  next_ns: OUT, the absolute time the backend next needs a sync, as
 *           sync returns it; UINT64_MAX before the call, and left so by
 *           an untimed backend, which ignores now_ns.
 */
struct gpio_time {
    uint64_t now_ns;
    uint64_t next_ns;
};

/*
 * The backend interface, called only by the device layer (device.c).
 * Every function returns 0 or -errno. Functions given a struct
 * gpio_changes append what they saw change to it (never more than
 * GPIO_CHANGES_MAX in all).
 * The act hooks, each entered once per request:
 *  configure: applies cfg[0..nlines-1] to the device's lines at once;
 *             output lines start at `values` (logical, by line bit).
 *  get:       reads the lines in mask (logical values).
 *  set:       drives the output lines in mask, atomically for the device.
 *  collect:   reads pending edge events; may be NULL.
 * A timed backend brings itself up to w->now_ns before it acts and sets
 * w->next_ns after; when ch fills up before it can act, it returns
 * GPIO_HOOK_AGAIN having only added changes (the device layer applies
 * them and calls the hook again with an empty ch). Errors are negative
 * errno values: a kernel's -EAGAIN is an error like any other, never a
 * reason to call again. An untimed backend ignores w.
 * The others:
 *  level:     physical level of line i for the trace ('0', '1', 'z' or
 *             'x' if unknown); may be NULL (all 'x').
 *  start:     time zero (guest start), once; may be NULL.
 *  sync:      the timer's entry, where no request acts: brings the
 *             backend up to now_ns (a simulated chip applies its
 *             scheduled input changes, possibly on other devices of the
 *             chip); returns the absolute time it next needs a sync,
 *             UINT64_MAX if none; when it stops with `ch` holding
 *             GPIO_CHANGES_MAX - 1 changes or more, it returns now_ns or
 *             earlier (call again). NULL for an untimed backend.
 *  close:     releases every line; the device is not used afterwards
 *             (a second close does nothing).
 */
struct gpio_backend_ops {
    const char *name;
    int (*configure)(struct gpio_dev *d, struct gpio_time *w,
                     const struct gpio_line_cfg *cfg, uint64_t values,
                     struct gpio_changes *ch);
    int (*get)(struct gpio_dev *d, struct gpio_time *w, uint64_t mask,
               uint64_t *values, struct gpio_changes *ch);
    int (*set)(struct gpio_dev *d, struct gpio_time *w, uint64_t mask,
               uint64_t values, struct gpio_changes *ch);
    int (*collect)(struct gpio_dev *d, struct gpio_time *w,
                   struct gpio_changes *ch);
    char (*level)(struct gpio_dev *d, unsigned i);
    void (*start)(struct gpio_dev *d, uint64_t t0_ns);
    uint64_t (*sync)(struct gpio_dev *d, uint64_t now_ns,
                     struct gpio_changes *ch);
    void (*close)(struct gpio_dev *d);
};

struct gpio_evq {
    struct pv_gpio_event ev[GPIO_EVQ_SIZE];
    unsigned head, count;
    uint64_t dropped;
};

/* A granted GPIO device: what the guest sees as one handle. */
struct gpio_dev {
    char name[PV_MFT_NAME_SIZE];
    unsigned handle; /* manifest index */
    unsigned nlines;
    uint32_t perms;
    enum gpio_safe safe;
    uint32_t offsets[PV_GPIO_MAX_LINES]; /* chip line offsets */
    char line_names[PV_GPIO_MAX_LINES][GPIO_LINE_NAME_MAX];
    /* The chip the backend found: "/dev/gpiochipN (label LABEL)", "sim". */
    char chip[GPIO_CHIP_NAME_MAX + GPIO_LINE_NAME_MAX + 10];

    struct gpio_line_cfg cfg[PV_GPIO_MAX_LINES];
    uint64_t enabled;    /* lines the guest configured */
    uint64_t outputs;    /* enabled lines that are outputs */
    uint64_t out_values; /* logical values of the output lines */

    const struct gpio_backend_ops *ops;
    void *priv;    /* the backend's own state */
    int poll_fd;   /* fd readable when events may be pending, or -1 */
    int trace_var; /* first trace variable, -1 without a trace */
    struct gpio_evq evq;
    bool dead;          /* its chip went away: requests fail, no calls */
    uint64_t warned_ns; /* time of the last rate-limited warning */
    unsigned muted;     /* warnings left out since then */
};

/* All lines of the device as a mask. */
static inline uint64_t gpio_dev_all(const struct gpio_dev *d)
{
    return gpio_lines_all(d->nlines);
}

/* What validate.c checks a request of d against. */
static inline struct gpio_lines gpio_dev_lines(const struct gpio_dev *d)
{
    struct gpio_lines l = {.nlines = d->nlines,
                           .perms = d->perms,
                           .enabled = d->enabled,
                           .outputs = d->outputs,
                           .cfg = d->cfg};
    return l;
}

/*
 * Device operations behind the hypercalls, called after validation. They
 * keep the device's line state and the trace in step with the backend and
 * return PV_R_OK, or PV_R_EUNSPEC if the backend failed (a warning, at
 * most one per GPIO_WARN_INTERVAL_NS and device). A backend failing with
 * -ENODEV (its chip went away) makes the device dead: it is closed (its
 * fd leaves the POLL set), said once, and every later operation returns
 * PV_R_EUNSPEC without calling the backend. Each enters the backend
 * once, at its present time (no time passes for a timed backend: a
 * request goes through gpio_dev_run, which gives it the request's time).
 */
#define GPIO_WARN_INTERVAL_NS 10000000000ULL
int gpio_dev_set(struct gpio_dev *d, uint64_t mask, uint32_t flags,
                 uint32_t debounce_us, uint64_t values);
int gpio_dev_input(struct gpio_dev *d, uint64_t mask, uint64_t *values);
int gpio_dev_output(struct gpio_dev *d, uint64_t mask, uint64_t values);
int gpio_dev_clear(struct gpio_dev *d, uint64_t mask);

/* What a request gives back besides its status. */
struct gpio_reply {
    uint64_t values;         /* INPUT */
    struct pv_gpio_event ev; /* READ_EVENT, when PV_R_OK */
};

/*
 * Runs one validated request r (SET, INPUT, OUTPUT, CLEAR or READ_EVENT)
 * on d, the device's one entry per request: the backend's act hook is
 * entered once. For a timed backend (one with a sync hook) the clock is
 * read and given to the hook, which brings the backend up to that time
 * before it acts; *now_ns receives it (read for each request: a stimulus
 * change due during a burst is seen by the requests after it). For an
 * untimed one (cdev) no clock is read and *now_ns is untouched.
 * Returns as the operations above; *next receives the absolute time d's
 * backend next needs a sync (UINT64_MAX: never, or untimed). Call with
 * the GPIO lock held.
 */
int gpio_dev_run(struct gpio_dev *d, const struct gpio_request *r,
                 uint64_t *now_ns, struct gpio_reply *out, uint64_t *next);

/*
 * Drives the lines of `mask` that the guest configured to the device's
 * safe state and releases them from the guest (solo5_gpio_clear, and
 * every line at exit); other lines are not touched. On a backend failure
 * the lines stay enabled, so a later call tries again.
 */
int gpio_dev_make_safe(struct gpio_dev *d, uint64_t mask);

/*
 * Applies what a backend returned: queues each edge event on its device
 * (a full queue drops its oldest event; the sequence numbers let the
 * guest see the gap) and records each level in the trace.
 */
void gpio_dev_apply(const struct gpio_changes *ch);

/* Queues one edge event on d (as gpio_dev_apply does). */
void gpio_dev_push_event(struct gpio_dev *d, const struct pv_gpio_event *ev);

/* Takes the oldest event. Returns true if there was one. */
bool gpio_dev_pop_event(struct gpio_dev *d, struct pv_gpio_event *ev);

/* Physical level of output line i for the trace: '0', '1' or 'z'. */
char gpio_dev_out_level(const struct gpio_dev *d, unsigned i);

/* Physical level of line i as its backend sees it, for the trace. */
char gpio_dev_level(struct gpio_dev *d, unsigned i);

/* One trace record: variable `var` at `level` since absolute t_ns. */
struct gpio_trace_rec {
    uint64_t t_ns;
    int var;
    char level;
};

/*
 * The trace's records (trace.c). gpio_dev_record queues line i of d at
 * level ('0', '1', 'z', 'x') since t_ns, with the GPIO lock held; a full
 * queue loses it and counts it. The trace writer alone takes them.
 */
void gpio_dev_record(struct gpio_dev *d, unsigned i, char level, uint64_t t_ns);
bool gpio_dev_trace_take(struct gpio_trace_rec *r);
bool gpio_dev_trace_pending(void);
uint64_t gpio_dev_trace_lost(void);
/*
 * Copies the last n records queued (taken by the writer or not), oldest
 * first, to out; with the GPIO lock held. Returns how many there were.
 */
unsigned gpio_dev_trace_last(struct gpio_trace_rec *out, unsigned n);

/*
 * The backend hooks besides the requests, each called only through
 * these: collect reads d's pending edge events (the POLL path of an
 * untimed backend; warns on failure); sync is the timer's entry, it
 * brings d's backend up to now_ns and returns when it next needs a sync
 * (UINT64_MAX: never, or untimed); timed says whether d's backend has a
 * sync hook; start is time zero; close releases d's lines.
 */
void gpio_dev_collect(struct gpio_dev *d);
uint64_t gpio_dev_sync(struct gpio_dev *d, uint64_t now_ns);
bool gpio_dev_timed(const struct gpio_dev *d);
void gpio_dev_start(struct gpio_dev *d, uint64_t t0_ns);
void gpio_dev_close(struct gpio_dev *d);

#endif
