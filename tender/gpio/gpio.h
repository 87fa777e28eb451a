/* SPDX-License-Identifier: ISC */
/*
 * gpio.h: the tender's GPIO subsystem (docs/gpio.md; the request path is
 * in docs/architecture.md). Backends and parsers never exit: they return
 * 0 or -errno and leave a reason in an err buffer where the caller needs
 * one. Values crossing the backend interface are logical (1 = active,
 * after active-low) and use 64-bit masks indexed by the device's line
 * index.
 */
#ifndef TND_GPIO_H
#define TND_GPIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../abi.h"
#include "../../common/gpio_validate.h"

/*
 * The most GPIO devices one tender attaches: as many as a manifest can
 * declare (every entry but the reserved first one), so any valid
 * unikernel's devices can all be granted (docs/gpio.md).
 */
#define GPIO_MAX_DEVICES (PV_MFT_MAX_ENTRIES - 1)
#define GPIO_LINE_NAME_MAX 32
#define GPIO_CHIP_NAME_MAX 64
#define GPIO_EVQ_SIZE 1024 /* events kept per device; oldest dropped */

/* What granted output lines are driven to when the guest lets go. */
enum gpio_safe {
    GPIO_SAFE_LOW,   /* physical low (the default) */
    GPIO_SAFE_HIGH,  /* physical high */
    GPIO_SAFE_INPUT, /* switched to input: not driven */
};

/* --- grant.c ------------------------------------------------------------ */

/* A parsed --gpio:NAME=CHIP:LINES[:OPTIONS] option. */
struct gpio_grant {
    char name[PV_MFT_NAME_SIZE];
    char chip[GPIO_CHIP_NAME_MAX]; /* "sim", "gpiochipN", a path or label */
    unsigned nlines;
    char lines[PV_GPIO_MAX_LINES][GPIO_LINE_NAME_MAX]; /* offsets or names */
    uint32_t perms;      /* PV_GPIO_PERM_*; default both */
    enum gpio_safe safe; /* default GPIO_SAFE_LOW */
};

/*
 * Parses the part after "--gpio:" ("NAME=CHIP:LINES[:OPTIONS]") into g.
 * Returns 0, or -EINVAL with a one-line reason in err.
 */
int gpio_grant_parse(const char *spec, struct gpio_grant *g, char *err,
                     size_t errlen);

/* --- device.c ----------------------------------------------------------- */

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

/*
 * The backend interface, called only by the device layer (device.c).
 * Every function returns 0 or -errno. Functions given a struct
 * gpio_changes append what they saw change to it (never more than
 * GPIO_CHANGES_MAX in all; see sync).
 *  configure: applies cfg[0..nlines-1] to the device's lines at once;
 *             output lines start at `values` (logical, by line bit).
 *  get:       reads the lines in mask (logical values).
 *  set:       drives the output lines in mask, atomically for the device.
 *  collect:   reads pending edge events; may be NULL.
 *  level:     physical level of line i for the trace ('0', '1', 'z' or
 *             'x' if unknown); may be NULL (all 'x').
 *  start:     time zero (guest start), once; may be NULL.
 *  sync:      brings the backend up to now_ns (a simulated chip applies
 *             its scheduled input changes, possibly on other devices of
 *             the chip); returns the absolute time it next needs a sync,
 *             UINT64_MAX if none; when it stops with `ch` holding
 *             GPIO_CHANGES_MAX - 1 changes or more, it returns now_ns or
 *             earlier (call again). May be NULL.
 *  close:     releases every line; the device is not used afterwards
 *             (a second close does nothing).
 */
struct gpio_backend_ops {
    const char *name;
    int (*configure)(struct gpio_dev *d, const struct gpio_line_cfg *cfg,
                     uint64_t values, struct gpio_changes *ch);
    int (*get)(struct gpio_dev *d, uint64_t mask, uint64_t *values);
    int (*set)(struct gpio_dev *d, uint64_t mask, uint64_t values,
               struct gpio_changes *ch);
    int (*collect)(struct gpio_dev *d, struct gpio_changes *ch);
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
 * PV_R_EUNSPEC without calling the backend.
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
 * on d, the device's one entry per request: a timed backend (one with a
 * sync hook) is brought up to the request's time before the act and
 * again after it; an untimed one (cdev) is entered once, for the act.
 * For a timed backend, *now_ns receives the request's time, read from
 * the clock for each request (a stimulus change due during a burst is
 * seen by the requests after it); untouched otherwise.
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
 * The backend hooks besides the requests, each called only through
 * these: collect reads d's pending edge events (warns on failure); sync
 * brings d's backend up to now_ns and returns when it next needs a sync
 * (UINT64_MAX: never); start is time zero; close releases d's lines.
 */
void gpio_dev_collect(struct gpio_dev *d);
uint64_t gpio_dev_sync(struct gpio_dev *d, uint64_t now_ns);
bool gpio_dev_timed(const struct gpio_dev *d);
void gpio_dev_start(struct gpio_dev *d, uint64_t t0_ns);
void gpio_dev_close(struct gpio_dev *d);

/* --- sim.c and stimulus.c ----------------------------------------------- */

#define GPIO_SIM_LINES 64

/* One timed change of an input line of the simulated chip. */
struct gpio_stim_change {
    uint64_t t_ns; /* after guest start */
    unsigned dev;  /* index into the stimulus' device names */
    unsigned line; /* line index within that device */
    int level;     /* 0, 1, or -1: not driven (the pull decides) */
};

struct gpio_stimulus {
    struct gpio_stim_change *changes; /* sorted by time */
    size_t n;
    char (*devs)[PV_MFT_NAME_SIZE]; /* device names referenced */
    size_t ndevs;
};

/*
 * Parses len bytes of stimulus text (see docs/gpio.md): one change per
 * line, "TIME DEV.LINE VALUE", TIME with a unit (ns, us, ms, s), VALUE 0,
 * 1 or z; '#' starts a comment. At most GPIO_MAX_DEVICES device names; a
 * NUL byte is an error. Time linear in len (plus sorting the changes).
 * Returns 0 or -EINVAL with "line N: reason". Free with
 * gpio_stimulus_free.
 */
int gpio_stimulus_parse(const char *text, size_t len, struct gpio_stimulus *s,
                        char *err, size_t errlen);

/*
 * Resolves line name `line` of device `dev` for a stimulus: its index in
 * the device, -ENODEV if dev is no sim device, -ENOENT if it has no line
 * of that name.
 */
typedef int (*gpio_stim_line_fn)(const char *dev, const char *line);

/*
 * As gpio_stimulus_parse, and DEV.LINE may name the line (LINE not
 * starting with a digit), which line_index resolves: "line N: device 'D'
 * is not a sim GPIO device" or "line N: device 'D' has no line 'L'" when
 * it cannot.
 */
int gpio_stimulus_parse_named(const char *text, size_t len,
                              gpio_stim_line_fn line_index,
                              struct gpio_stimulus *s, char *err,
                              size_t errlen);
void gpio_stimulus_free(struct gpio_stimulus *s);

struct gpio_sim_chip;

/* Creates the simulated chip: GPIO_SIM_LINES lines named GPIO0.. */
struct gpio_sim_chip *gpio_sim_new(void);
void gpio_sim_free(struct gpio_sim_chip *c);

/* Chip offset of line `name` ("GPIO5" or "5"), or -ENOENT. */
int gpio_sim_lookup(const struct gpio_sim_chip *c, const char *name);

/*
 * Attaches device d to chip offsets d->offsets[]; fails with -EBUSY if a
 * line already belongs to another device. Sets d->ops.
 */
int gpio_sim_open(struct gpio_sim_chip *c, struct gpio_dev *d);

/*
 * Gives the chip its stimulus, resolved against the devices (which must
 * all be sim devices). Returns 0 or -EINVAL with a reason in err.
 */
int gpio_sim_set_stimulus(struct gpio_sim_chip *c, struct gpio_stimulus *s,
                          struct gpio_dev *const *devs, size_t ndevs, char *err,
                          size_t errlen);

/* Sets time zero (guest start) for the stimulus (idempotent). */
void gpio_sim_start(struct gpio_sim_chip *c, uint64_t t0_ns);

/*
 * Applies every stimulus change and debounce expiry up to now_ns, adding
 * the input changes (edge events with their scheduled times) to ch.
 * Returns the time of the next pending change (absolute ns), UINT64_MAX
 * if none, or at most now_ns if it stopped with ch nearly full.
 */
uint64_t gpio_sim_advance(struct gpio_sim_chip *c, uint64_t now_ns,
                          struct gpio_changes *ch);

/*
 * Test hook: drives input `offset` to level (0, 1, -1) at time t_ns, as a
 * stimulus change would, adding the changes to ch.
 */
void gpio_sim_drive(struct gpio_sim_chip *c, unsigned offset, int level,
                    uint64_t t_ns, struct gpio_changes *ch);

/* Physical level of chip line `offset` as the chip sees it (0 or 1). */
int gpio_sim_level(const struct gpio_sim_chip *c, unsigned offset);

/* --- cdev.c --------------------------------------------------------------- */

/* The system calls the cdev backend makes: the seam unit tests replace. */
struct gpio_cdev_sys {
    int (*open)(const char *path, int flags);
    int (*ioctl)(int fd, unsigned long req, void *arg);
    ssize_t (*read)(int fd, void *buf, size_t len);
    int (*close)(int fd);
    int (*fcntl)(int fd, int cmd, int arg);
    /* Lists /dev/gpiochip* paths into paths[max]; returns the count. */
    int (*list_chips)(char paths[][GPIO_CHIP_NAME_MAX], int max);
};

/* The real system calls. */
extern const struct gpio_cdev_sys gpio_cdev_real;

/* What the gpio module uses (tests point it at a fake kernel). */
extern const struct gpio_cdev_sys *tnd_gpio_cdev_sys;

/*
 * Resolves grant g's chip and lines (offsets or names) on the host and
 * requests every line "as is" (no change to its state) in one line
 * request for device d; sets d->offsets, d->line_names, d->ops,
 * d->poll_fd. Returns 0 or -errno with a reason in err.
 */
int gpio_cdev_open(struct gpio_dev *d, const struct gpio_grant *g,
                   const struct gpio_cdev_sys *sys, char *err, size_t errlen);

/* The line request fd of a cdev device (also its poll_fd); -1 once
 * closed. */
int gpio_cdev_request_fd(const struct gpio_dev *d);

/* --- trace.c ---------------------------------------------------------------
 */

/*
 * The VCD trace of every granted line (docs/gpio.md, "Traces"): the
 * device layer queues records, one writer thread writes them, never under
 * the GPIO lock.
 */
#define GPIO_TRACE_MAX_DEFAULT (256ULL << 20) /* --gpio-trace-max */
#define GPIO_TRACE_MAX_MIN 4096
#define GPIO_TRACE_CLOSE_NS 1000000000ULL /* how long the exit waits */

/*
 * Parses SIZE of --gpio-trace-max=SIZE: bytes, with an optional K, M or G
 * (powers of 1024). Returns 0, -EINVAL (not a size) or -ERANGE (below
 * GPIO_TRACE_MAX_MIN).
 */
int gpio_trace_parse_max(const char *s, uint64_t *size);
/* The most bytes the trace file may take (before gpio_trace_open). */
void gpio_trace_set_max(uint64_t size);
/*
 * Opens `path` for writing, created if missing, neither truncated (the
 * caller does that once it has checked the file is none of its inputs)
 * nor followed if it is a symbolic link; makes it non-blocking and
 * starts the writer thread; before the sandbox. 0 or -errno with a
 * reason in err.
 */
int gpio_trace_open(const char *path, char *err, size_t errlen);
bool gpio_trace_enabled(void);
/* Declares the lines of d (before gpio_trace_begin); sets d->trace_var. */
void gpio_trace_add_device(struct gpio_dev *d);
/*
 * Formats the header and the initial values (t0_ns is time zero) for the
 * writer; no I/O. Returns 0, or -E2BIG if the header did not fit.
 */
int gpio_trace_begin(uint64_t t0_ns, struct gpio_dev *const *devs,
                     size_t ndevs);
/* Asks the writer to write what is queued now (the guest idles). */
void gpio_trace_kick(void);
/*
 * Ends the trace at absolute t_ns: the writer writes what is queued and
 * syncs the file, waiting at most GPIO_TRACE_CLOSE_NS for a reader that
 * does not read; then the file is closed (idempotent). Call without the
 * GPIO lock.
 */
void gpio_trace_close(uint64_t t_ns);
/*
 * After gpio_trace_close: NULL if the trace is whole, else why not; *lost
 * receives the records that are not in the file.
 */
const char *gpio_trace_incomplete(uint64_t *lost);
/* The trace file's fd, or -1 (for the sandbox). */
int gpio_trace_fd(void);

#endif
