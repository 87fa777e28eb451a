/* SPDX-License-Identifier: ISC */
/*
 * sim.h: the simulated chip (sim.c) and its stimulus files (stimulus.c).
 */
#ifndef TND_GPIO_SIM_H
#define TND_GPIO_SIM_H

#include "device.h"

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

/* The chip of sim device d, or NULL if d is not a sim device. */
struct gpio_sim_chip *gpio_sim_chip_of(const struct gpio_dev *d);

#endif
