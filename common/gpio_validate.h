/* SPDX-License-Identifier: ISC */
/*
 * gpio_validate.h: the rules every GPIO request is checked by, built into
 * the tender and into the guest runtime (docs/gpio.md, "Validation"). It
 * needs nothing but the ABI header.
 */
#ifndef TND_GPIO_VALIDATE_H
#define TND_GPIO_VALIDATE_H

#include <stdint.h>

#include "pinvisor_abi.h"

/* A line's configuration. flags 0 = leave as is. */
struct gpio_line_cfg {
    uint32_t flags; /* PV_GPIO_F_* */
    uint32_t debounce_us;
};

/*
 * The most distinct line configurations one device may hold: the Linux
 * uAPI v2 limit on attributes in one line request
 * (GPIO_V2_LINE_NUM_ATTRS_MAX), counted by gpio_line_attrs.
 */
#define GPIO_LINE_ATTRS_MAX 10

/* What a request is checked against: the grant and the lines' state. */
struct gpio_lines {
    unsigned nlines;  /* granted lines, 1..64 */
    uint32_t perms;   /* PV_GPIO_PERM_* granted */
    uint64_t enabled; /* lines the guest configured */
    uint64_t outputs; /* lines configured as outputs (with enabled) */
    /* Each line's configuration (nlines of them), or NULL: SET is then
       not checked against the attribute limit. */
    const struct gpio_line_cfg *cfg;
};

/*
 * The attributes a Linux line request needs for lines cfg[0..n-1]: one
 * per distinct non-zero flag set, one per distinct non-zero debounce
 * period, and one for the output values if a line is an output.
 */
unsigned gpio_line_attrs(const struct gpio_line_cfg *cfg, unsigned n);

/*
 * The attributes the backends use for lines cfg[0..n-1] with output values
 * `values` (bit i: line i), packed tighter than gpio_line_attrs counts, so
 * that a clear, whose safe configuration may be new to the device, fits
 * more often: no output values attribute when no output is driven 1 (the
 * kernel drives a line no values attribute covers to 0), and, when every
 * line is configured, one flag set in the request's default flags. Never
 * more than gpio_line_attrs. tender/gpio/cdev.c packs exactly so; the sim
 * backend refuses what this counts above GPIO_LINE_ATTRS_MAX.
 */
unsigned gpio_line_attrs_packed(const struct gpio_line_cfg *cfg, unsigned n,
                                uint64_t values);

/* Operations; 1..4 are the ring's numbers (PV_GPIO_RING_*). */
enum gpio_op {
    GPIO_OP_SET = PV_GPIO_RING_SET,
    GPIO_OP_INPUT = PV_GPIO_RING_INPUT,
    GPIO_OP_OUTPUT = PV_GPIO_RING_OUTPUT,
    GPIO_OP_SEQUENCE = PV_GPIO_RING_SEQUENCE,
    GPIO_OP_CLEAR,
    GPIO_OP_READ_EVENT,
};

/*
 * One request, as either transport (hypercall or ring) delivers it, in
 * memory the guest can no longer change. Fields an operation does not use
 * are ignored; `pad` is every padding field of the transport's struct,
 * ORed: it must be 0.
 */
struct gpio_request {
    uint32_t op;    /* enum gpio_op, or anything a guest wrote */
    uint32_t flags; /* SET: PV_GPIO_F_*; OUTPUT: PV_GPIO_RING_F_ORDERED */
    uint32_t debounce_us;
    uint32_t nsteps; /* SEQUENCE: as the guest gave it */
    uint64_t handle;
    uint64_t mask;
    uint64_t values;
    uint64_t pad;
    /* SEQUENCE: a copy of the steps, nsteps of them when 1..MAX */
    const struct pv_gpio_step *steps;
};

/* All lines of a device of n lines as a mask. */
static inline uint64_t gpio_lines_all(unsigned n)
{
    return n >= 64 ? ~0ULL : (1ULL << n) - 1;
}

/*
 * Checks request r against lines l (the handle is the caller's to
 * resolve). Returns PV_R_OK, or PV_R_EINVAL with *why a static reason.
 * The rules: known operation, zero padding; a non-empty mask inside the
 * device (lines >= nlines refused); SET: the flag rules below, and with
 * l->cfg at most GPIO_LINE_ATTRS_MAX attributes afterwards; INPUT:
 * enabled lines; OUTPUT: enabled output lines; SEQUENCE: 1 to
 * PV_GPIO_SEQ_MAX_STEPS steps, each by gpio_validate_step.
 */
int gpio_validate(const struct gpio_lines *l, const struct gpio_request *r,
                  const char **why);

/*
 * The Linux uAPI v2 flag rules (gpiolib-cdev) plus the grant: known bits,
 * exactly one of INPUT and OUTPUT, the direction granted, edges and
 * debounce only on inputs, debounce at most PV_GPIO_DEBOUNCE_MAX_US,
 * drive modes only on outputs and not both, at most one bias.
 */
int gpio_validate_flags(uint32_t flags, uint32_t debounce_us, uint32_t perms,
                        const char **why);

/*
 * One sequence step: it writes only enabled output lines (an empty mask
 * only waits), and waits at most PV_GPIO_SEQ_MAX_DELAY_NS. Also checked
 * again right before the step is applied, against the state then.
 */
int gpio_validate_step(const struct gpio_lines *l, const struct pv_gpio_step *s,
                       const char **why);

#endif
