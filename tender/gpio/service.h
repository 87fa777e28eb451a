/* SPDX-License-Identifier: ISC */
/*
 * service.h: the GPIO device table and the entry of every guest request.
 * gpio_svc_run, readiness and start/exit are thread-safe; gpio_svc_init,
 * the device table and gpio_svc_print_stats are for set-up and exit only,
 * when the ring's thread is not running. No function here ends the
 * tender.
 */
#ifndef TND_GPIO_SERVICE_H
#define TND_GPIO_SERVICE_H

#include "device.h"

/* Call once before any other function here. */
void gpio_svc_init(void);

/*
 * Adds a device for manifest entry `handle` (zeroed but for handle,
 * poll_fd and trace_var); the caller opens its backend. NULL when full.
 */
struct gpio_dev *gpio_svc_new_device(unsigned handle);
/* The devices; *n receives their count. */
struct gpio_dev *const *gpio_svc_devices(size_t *n);
/*
 * The timerfd armed for the earliest time a backend asked to be synced
 * at (created on first use; -1 if it cannot be). For POLL.
 */
int gpio_svc_timer(void);

/*
 * Runs request r (a copy out of guest memory): finds the device of
 * r->handle, checks r with gpio_validate (common/gpio_validate.c) and
 * runs it with one call of the device layer (gpio_dev_run, which reads
 * the clock only for a backend that needs the time); arms the timer for
 * the backend's next sync. `start` is used by SEQUENCE only (0
 * otherwise): it applies step i at `start` plus the delays of steps 0..i,
 * calling sleep(t) to wait until absolute time t without the lock; sleep
 * returns false if the tender is stopping (the rest is abandoned). Returns
 * PV_R_OK, PV_R_EINVAL (request rejected; nothing changed), PV_R_EUNSPEC
 * (backend failure, or a sequence abandoned), or for READ_EVENT PV_R_AGAIN
 * (none pending).
 */
int gpio_svc_run(const struct gpio_request *r, uint64_t start,
                 bool (*sleep)(uint64_t t), struct gpio_reply *out);

/* The most requests gpio_svc_run_burst takes at once. */
#define GPIO_BURST_MAX 64

/*
 * Runs requests r[0..n) (no SEQUENCE; n <= GPIO_BURST_MAX) in order as
 * gpio_svc_run would, under one hold of the lock (the clock read for
 * each request whose backend needs the time). Consecutive OUTPUTs
 * on one device whose masks do not overlap are merged into one backend
 * call (one GPIO_V2_LINE_SET_VALUES on cdev); an OUTPUT to a line the
 * pending merge already drives, or any other request, first sends the
 * merge, so every line's own changes reach the backend one by one, in
 * order; an OUTPUT with PV_GPIO_RING_F_ORDERED also sends it first. A
 * backend failure fails every request merged into that call.
 * ret[i] and out[i] receive each request's status and reply.
 */
void gpio_svc_run_burst(const struct gpio_request *r, unsigned n,
                        struct gpio_reply *out, int *ret);

/* Ready set of devices with pending events (POLL's pending()). */
uint64_t gpio_svc_pending(void);
/* The timer fired: clears it and returns the ready set. */
uint64_t gpio_svc_timer_fired(void);
/* Reads d's backend events; returns d's ready bit if it has events. */
uint64_t gpio_svc_collect(struct gpio_dev *d);

/* Time zero: starts every backend and the trace. */
void gpio_svc_start(uint64_t t0);
/*
 * Every line the guest configured to its safe state (lines it never
 * configured are not touched), on every device before any backend is
 * closed (released); then, without the lock,
 * the trace closed (gpio_trace_close: at most GPIO_TRACE_CLOSE_NS).
 */
void gpio_svc_make_all_safe(void);

/* Prints sequence step lateness (--gpio-stats). */
void gpio_svc_print_stats(void);

/*
 * Calls fn(arg) with the GPIO lock held (the debugger's view, debug.c).
 * fn must not end the tender nor take the lock.
 */
void gpio_svc_locked(void (*fn)(void *arg), void *arg);

#endif
