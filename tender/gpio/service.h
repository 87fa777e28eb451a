/*
 * service.h: the GPIO device table and the operations shared by the
 * hypercall path (modules/mod_gpio.c) and the request ring (ring.c).
 * The operations, readiness and start/exit functions are thread-safe;
 * gpio_svc_init, the device-table functions and gpio_svc_print_stats are
 * for set-up and exit only, when the ring's thread is not running. The
 * request structs are the caller's copies, taken out of guest memory
 * before the call. No function here ends the tender.
 */
#ifndef TND_GPIO_SERVICE_H
#define TND_GPIO_SERVICE_H

#include "gpio.h"

/* Call once before any other function here. */
void gpio_svc_init(void);

/*
 * Adds a device for manifest entry `handle` (zeroed but for handle,
 * poll_fd and trace_var); the caller opens its backend. NULL when full.
 */
struct gpio_dev *gpio_svc_new_device(unsigned handle);
/* The devices; *n receives their count. */
struct gpio_dev *const *gpio_svc_devices(size_t *n);
/* The simulated chip, created on first use when `create`. */
struct gpio_sim_chip *gpio_svc_sim(bool create);
/* The timerfd that fires at the sim's next change (created on first use;
 * -1 without a sim chip). */
int gpio_svc_sim_timer(void);

/*
 * The operations. Each validates, acts, and returns PV_R_OK, PV_R_EINVAL
 * (request rejected; nothing changed) or PV_R_EUNSPEC (backend failure).
 * read_event returns PV_R_AGAIN when no event is pending.
 */
int gpio_svc_set(const struct pv_hc_gpio_set *r);
int gpio_svc_input(const struct pv_hc_gpio_values *r, uint64_t *values);
int gpio_svc_output(const struct pv_hc_gpio_values *r);
int gpio_svc_clear(const struct pv_hc_gpio_clear *r);
int gpio_svc_read_event(const struct pv_hc_gpio_read_event *r,
                        struct pv_gpio_event *ev);
/*
 * Runs the copied steps[n] of device `handle`, step i at start + the sum
 * of delays 0..i, calling sleep(t) to wait until absolute time t; sleep
 * returns false if the tender is stopping (the rest is abandoned,
 * PV_R_EUNSPEC).
 */
int gpio_svc_sequence(uint64_t handle, const struct pv_gpio_step *steps,
                      uint32_t n, uint64_t start, bool (*sleep)(uint64_t t));

/* Ready set of devices with pending events (POLL's pending()). */
uint64_t gpio_svc_pending(void);
/* The sim timer fired: clears it and returns the ready set. */
uint64_t gpio_svc_sim_fired(void);
/* Reads d's backend events; returns d's ready bit if it has events. */
uint64_t gpio_svc_collect(struct gpio_dev *d);

/* Time zero: starts the stimulus and the trace. */
void gpio_svc_start(uint64_t t0);
/*
 * Every line the guest configured to its safe state (lines it never
 * configured are not touched), backends closed, trace closed.
 */
void gpio_svc_make_all_safe(void);

/* Records the post-to-applied time of one ring request. */
void gpio_svc_record_ring_latency(uint64_t ns);
/* Prints sequence step lateness and ring latency (--gpio-stats). */
void gpio_svc_print_stats(void);

#endif
