/* SPDX-License-Identifier: ISC */
/*
 * sim.c: the simulated GPIO chip, modelled on the kernel's gpio-sim.
 *
 * 64 lines named GPIO0..GPIO63. Each line has an external drive set by the
 * stimulus (0, 1, or none) and a configuration set by its device. Its
 * physical level is: for a push-pull output, what the output drives; for
 * an open-drain output driving high, an open-source output driving low, or
 * an input, the external drive if any, else the bias (pull-up 1,
 * pull-down 0), else 0 (gpio-sim pulls down by default). Inputs with edge
 * detection queue an event on each logical change (after active-low),
 * timestamped when the change happened; with debounce, a change counts
 * only once it has been stable for the debounce period.
 *
 * Time only moves in gpio_sim_advance(): each act hook brings the chip
 * up to the request's time before it acts (and says after when it next
 * needs a sync), the sync hook does it for the timer, so events and
 * trace entries come in time order. Input changes are returned to the
 * device layer in a struct gpio_changes.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../abi.h"
#include "sim.h"

struct sim_line {
    struct gpio_dev *owner; /* NULL: not granted */
    unsigned idx;           /* line index within the owner */
    struct gpio_line_cfg cfg;
    int out;             /* logical output value */
    int ext;             /* external drive: -1 none, 0 or 1 */
    int level;           /* committed physical level */
    int pending;         /* debounced level waiting to commit */
    uint64_t pending_at; /* its commit time; 0: none */
};

/* A device's own state (its priv): the chip and the sequence numbers. */
struct sim_dev {
    struct gpio_sim_chip *chip;
    bool closed;
    uint32_t seqno;                         /* last device seqno */
    uint32_t line_seqno[PV_GPIO_MAX_LINES]; /* last line seqno */
};

struct gpio_sim_chip {
    struct sim_line line[GPIO_SIM_LINES];
    uint64_t now; /* time of the last advance */
    uint64_t t0;  /* guest start */
    bool started;
    struct gpio_stimulus *stim;
    size_t next;            /* next stimulus change */
    unsigned *stim_offsets; /* chip offset of each change */
    /* Its devices' own state: each device has a line of the chip. */
    struct sim_dev devs[GPIO_SIM_LINES];
    unsigned ndevs;
};

struct gpio_sim_chip *gpio_sim_new(void)
{
    struct gpio_sim_chip *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    for (unsigned i = 0; i < GPIO_SIM_LINES; i++)
        c->line[i].ext = -1;
    return c;
}

void gpio_sim_free(struct gpio_sim_chip *c)
{
    if (c) {
        free(c->stim_offsets);
        free(c);
    }
}

int gpio_sim_lookup(const struct gpio_sim_chip *c, const char *name)
{
    (void)c;
    const char *digits = strncmp(name, "GPIO", 4) == 0 ? name + 4 : name;
    if (*digits == '\0' || strlen(digits) > 2)
        return -ENOENT;
    int v = 0;
    for (const char *p = digits; *p; p++) {
        if (*p < '0' || *p > '9')
            return -ENOENT;
        v = v * 10 + (*p - '0');
    }
    if (v >= GPIO_SIM_LINES || (digits[0] == '0' && digits[1] != '\0'))
        return -ENOENT;
    return v;
}

static int compute_level(const struct sim_line *l)
{
    uint32_t f = l->cfg.flags;
    int pulled = l->ext >= 0 ? l->ext : (f & PV_GPIO_F_BIAS_PULL_UP) ? 1 : 0;
    if (l->owner == NULL || !(f & PV_GPIO_F_OUTPUT))
        return pulled;
    int phys = l->out ^ !!(f & PV_GPIO_F_ACTIVE_LOW);
    if ((f & PV_GPIO_F_OPEN_DRAIN) && phys)
        return pulled;
    if ((f & PV_GPIO_F_OPEN_SOURCE) && !phys)
        return pulled;
    return phys;
}

#define EDGES (PV_GPIO_F_EDGE_RISING | PV_GPIO_F_EDGE_FALLING)

static bool is_input(const struct sim_line *l)
{
    return l->owner && !(l->cfg.flags & PV_GPIO_F_OUTPUT);
}

/* Adds an input level change of line l (and no event) to ch. */
static struct gpio_change *add_change(struct gpio_changes *ch,
                                      const struct sim_line *l, uint64_t t)
{
    struct gpio_change *c = &ch->c[ch->n++];
    memset(c, 0, sizeof *c);
    c->dev = l->owner;
    c->line = l->idx;
    c->level = l->level ? '1' : '0';
    c->t_ns = t;
    return c;
}

/* Room left in ch for the changes of one more step (at most one). */
static bool room(const struct gpio_changes *ch)
{
    return ch->n < GPIO_CHANGES_MAX - 1;
}

/* Makes `level` the line's level at time t: its change and edge event. */
static void commit(struct sim_line *l, int level, uint64_t t,
                   struct gpio_changes *ch)
{
    if (level == l->level)
        return;
    l->level = level;
    if (!is_input(l))
        return; /* outputs are traced by the device layer */
    struct gpio_change *c = add_change(ch, l, t);
    int logical = level ^ !!(l->cfg.flags & PV_GPIO_F_ACTIVE_LOW);
    uint32_t want = logical ? PV_GPIO_F_EDGE_RISING : PV_GPIO_F_EDGE_FALLING;
    if (!(l->cfg.flags & want))
        return;
    struct sim_dev *sd = l->owner->priv;
    c->has_event = true;
    c->ev = (struct pv_gpio_event){
        .timestamp_ns = t,
        .line = l->idx,
        .edge = logical ? PV_GPIO_EDGE_RISING : PV_GPIO_EDGE_FALLING,
        .seqno = ++sd->seqno,
        .line_seqno = ++sd->line_seqno[l->idx],
    };
}

/* Recomputes a line's level after a change at time t. */
static void update(struct sim_line *l, uint64_t t, struct gpio_changes *ch)
{
    int level = compute_level(l);
    uint32_t db = is_input(l) ? l->cfg.debounce_us : 0;
    if (db == 0) {
        l->pending_at = 0;
        commit(l, level, t, ch);
        return;
    }
    if (level == l->level) {
        l->pending_at = 0; /* bounced back: the change never counts */
    } else if (l->pending_at == 0 || level != l->pending) {
        l->pending = level;
        l->pending_at = t + (uint64_t)db * 1000;
    }
}

/*
 * Commits every debounced change due by `upto`, earliest first. Returns
 * false if it stopped with ch nearly full.
 */
static bool commit_debounced(struct gpio_sim_chip *c, uint64_t upto,
                             struct gpio_changes *ch)
{
    for (;;) {
        if (!room(ch))
            return false;
        struct sim_line *first = NULL;
        for (unsigned i = 0; i < GPIO_SIM_LINES; i++) {
            struct sim_line *l = &c->line[i];
            if (l->pending_at && l->pending_at <= upto &&
                (first == NULL || l->pending_at < first->pending_at))
                first = l;
        }
        if (first == NULL)
            return true;
        uint64_t t = first->pending_at;
        first->pending_at = 0;
        commit(first, first->pending, t, ch);
    }
}

uint64_t gpio_sim_advance(struct gpio_sim_chip *c, uint64_t now_ns,
                          struct gpio_changes *ch)
{
    if (now_ns > c->now)
        c->now = now_ns;
    while (c->started && c->stim && c->next < c->stim->n) {
        const struct gpio_stim_change *sc = &c->stim->changes[c->next];
        uint64_t t = c->t0 + sc->t_ns;
        if (t > c->now)
            break;
        if (!commit_debounced(c, t, ch) || !room(ch))
            return c->now; /* ch is full: call again */
        struct sim_line *l = &c->line[c->stim_offsets[c->next]];
        l->ext = sc->level;
        update(l, t, ch);
        c->next++;
    }
    if (!commit_debounced(c, c->now, ch))
        return c->now;
    uint64_t next = UINT64_MAX;
    if (c->started && c->stim && c->next < c->stim->n)
        next = c->t0 + c->stim->changes[c->next].t_ns;
    for (unsigned i = 0; i < GPIO_SIM_LINES; i++)
        if (c->line[i].pending_at && c->line[i].pending_at < next)
            next = c->line[i].pending_at;
    return next;
}

void gpio_sim_drive(struct gpio_sim_chip *c, unsigned offset, int level,
                    uint64_t t_ns, struct gpio_changes *ch)
{
    if (offset >= GPIO_SIM_LINES)
        return;
    gpio_sim_advance(c, t_ns, ch);
    c->line[offset].ext = level;
    update(&c->line[offset], t_ns, ch);
}

int gpio_sim_level(const struct gpio_sim_chip *c, unsigned offset)
{
    return offset < GPIO_SIM_LINES ? c->line[offset].level : 0;
}

void gpio_sim_start(struct gpio_sim_chip *c, uint64_t t0_ns)
{
    c->t0 = t0_ns;
    c->started = true;
    if (t0_ns > c->now)
        c->now = t0_ns;
}

/* --- backend operations -------------------------------------------------- */

static struct gpio_sim_chip *chip_of(const struct gpio_dev *d)
{
    const struct sim_dev *sd = d->priv;
    return sd->chip;
}

/*
 * Brings the chip up to the request's time w->now_ns before an act of d.
 * Returns GPIO_HOOK_AGAIN if ch has no room left for the act's changes
 * (call again), else 0.
 */
static int catch_up(struct gpio_dev *d, struct gpio_time *w,
                    struct gpio_changes *ch)
{
    struct gpio_sim_chip *c = chip_of(d);
    uint64_t next = gpio_sim_advance(c, w->now_ns, ch);
    if (next <= c->now || ch->n + d->nlines >= GPIO_CHANGES_MAX - 1)
        return GPIO_HOOK_AGAIN;
    return 0;
}

/* After an act at w->now_ns: when the chip next needs a sync. */
static int acted(struct gpio_dev *d, struct gpio_time *w,
                 struct gpio_changes *ch, int rc)
{
    w->next_ns = gpio_sim_advance(chip_of(d), w->now_ns, ch);
    return rc;
}

static int configure(struct gpio_dev *d, const struct gpio_line_cfg *cfg,
                     uint64_t values, struct gpio_changes *ch)
{
    struct gpio_sim_chip *c = chip_of(d);
    /* As a Linux line request: at most GPIO_LINE_ATTRS_MAX attributes. */
    if (gpio_line_attrs_packed(cfg, d->nlines, values) > GPIO_LINE_ATTRS_MAX)
        return -E2BIG;
    for (unsigned i = 0; i < d->nlines; i++) {
        struct sim_line *l = &c->line[d->offsets[i]];
        bool was_input = is_input(l);
        uint32_t had_edges = l->cfg.flags & EDGES;
        l->cfg = cfg[i];
        l->out = !!(values & (1ULL << i));
        if (is_input(l) &&
            (!was_input || (l->cfg.flags & EDGES) != had_edges)) {
            /*
             * As the kernel does: direction and bias first, edge detection
             * after, so the new level itself is no edge. Only traced.
             */
            l->level = compute_level(l);
            l->pending_at = 0;
            add_change(ch, l, c->now);
            continue;
        }
        update(l, c->now, ch);
    }
    return 0;
}

static int sim_configure(struct gpio_dev *d, struct gpio_time *w,
                         const struct gpio_line_cfg *cfg, uint64_t values,
                         struct gpio_changes *ch)
{
    int rc = catch_up(d, w, ch);
    return rc ? rc : acted(d, w, ch, configure(d, cfg, values, ch));
}

static int sim_get(struct gpio_dev *d, struct gpio_time *w, uint64_t mask,
                   uint64_t *values, struct gpio_changes *ch)
{
    int rc = catch_up(d, w, ch);
    if (rc)
        return rc;
    struct gpio_sim_chip *c = chip_of(d);
    uint64_t v = 0;
    for (unsigned i = 0; i < d->nlines; i++) {
        if (!(mask & (1ULL << i)))
            continue;
        const struct sim_line *l = &c->line[d->offsets[i]];
        int logical = (l->cfg.flags & PV_GPIO_F_OUTPUT)
                          ? l->out
                          : l->level ^ !!(l->cfg.flags & PV_GPIO_F_ACTIVE_LOW);
        if (logical)
            v |= 1ULL << i;
    }
    *values = v;
    return acted(d, w, ch, 0);
}

static int sim_set(struct gpio_dev *d, struct gpio_time *w, uint64_t mask,
                   uint64_t values, struct gpio_changes *ch)
{
    int rc = catch_up(d, w, ch);
    if (rc)
        return rc;
    struct gpio_sim_chip *c = chip_of(d);
    for (unsigned i = 0; i < d->nlines; i++) {
        if (!(mask & (1ULL << i)))
            continue;
        struct sim_line *l = &c->line[d->offsets[i]];
        l->out = !!(values & (1ULL << i));
        update(l, c->now, ch);
    }
    return acted(d, w, ch, 0);
}

/* Edge events are queued as the chip moves: reading them is catching up. */
static int sim_collect(struct gpio_dev *d, struct gpio_time *w,
                       struct gpio_changes *ch)
{
    int rc = catch_up(d, w, ch);
    return rc ? rc : acted(d, w, ch, 0);
}

static void sim_start(struct gpio_dev *d, uint64_t t0_ns)
{
    struct gpio_sim_chip *c = chip_of(d);
    if (!c->started)
        gpio_sim_start(c, t0_ns);
}

/*
 * The timer's entry. The chip is shared: any of its devices brings all
 * of it up to now.
 */
static uint64_t sim_sync(struct gpio_dev *d, uint64_t now_ns,
                         struct gpio_changes *ch)
{
    return gpio_sim_advance(chip_of(d), now_ns, ch);
}

static char sim_level(struct gpio_dev *d, unsigned i)
{
    return chip_of(d)->line[d->offsets[i]].level ? '1' : '0';
}

static void sim_close(struct gpio_dev *d)
{
    struct sim_dev *sd = d->priv;
    if (sd->closed)
        return;
    struct gpio_sim_chip *c = sd->chip;
    for (unsigned i = 0; i < d->nlines; i++) {
        struct sim_line *l = &c->line[d->offsets[i]];
        l->owner = NULL;
        memset(&l->cfg, 0, sizeof l->cfg);
    }
    sd->closed = true;
}

static const struct gpio_backend_ops sim_ops = {
    .name = "sim",
    .configure = sim_configure,
    .get = sim_get,
    .set = sim_set,
    .collect = sim_collect,
    .level = sim_level,
    .start = sim_start,
    .sync = sim_sync,
    .close = sim_close,
};

struct gpio_sim_chip *gpio_sim_chip_of(const struct gpio_dev *d)
{
    return d->ops == &sim_ops ? chip_of(d) : NULL;
}

int gpio_sim_open(struct gpio_sim_chip *c, struct gpio_dev *d)
{
    for (unsigned i = 0; i < d->nlines; i++) {
        if (d->offsets[i] >= GPIO_SIM_LINES)
            return -EINVAL;
        if (c->line[d->offsets[i]].owner)
            return -EBUSY;
        for (unsigned j = 0; j < i; j++)
            if (d->offsets[j] == d->offsets[i])
                return -EBUSY; /* one line twice in the same device */
    }
    if (c->ndevs == GPIO_SIM_LINES)
        return -EBUSY; /* cannot happen: each device holds a line */
    struct sim_dev *sd = &c->devs[c->ndevs++];
    memset(sd, 0, sizeof *sd);
    sd->chip = c;
    for (unsigned i = 0; i < d->nlines; i++) {
        struct sim_line *l = &c->line[d->offsets[i]];
        l->owner = d;
        l->idx = i;
        l->level = compute_level(l);
        snprintf(d->line_names[i], GPIO_LINE_NAME_MAX, "GPIO%u", d->offsets[i]);
    }
    d->ops = &sim_ops;
    d->priv = sd;
    d->poll_fd = -1;
    return 0;
}

int gpio_sim_set_stimulus(struct gpio_sim_chip *c, struct gpio_stimulus *s,
                          struct gpio_dev *const *devs, size_t ndevs, char *err,
                          size_t errlen)
{
    unsigned *offs = calloc(s->n ? s->n : 1, sizeof *offs);
    if (offs == NULL) {
        snprintf(err, errlen, "out of memory");
        return -ENOMEM;
    }
    for (size_t k = 0; k < s->n; k++) {
        const struct gpio_stim_change *ch = &s->changes[k];
        const char *name = s->devs[ch->dev];
        struct gpio_dev *d = NULL;
        for (size_t j = 0; j < ndevs; j++)
            if (strcmp(devs[j]->name, name) == 0)
                d = devs[j];
        if (d == NULL || d->ops != &sim_ops || chip_of(d) != c) {
            snprintf(err, errlen, "device '%s' is not a sim GPIO device", name);
            free(offs);
            return -EINVAL;
        }
        if (ch->line >= d->nlines) {
            snprintf(err, errlen, "device '%s' has no line %u", name, ch->line);
            free(offs);
            return -EINVAL;
        }
        offs[k] = d->offsets[ch->line];
    }
    free(c->stim_offsets);
    c->stim_offsets = offs;
    c->stim = s;
    c->next = 0;
    return 0;
}
