/* SPDX-License-Identifier: ISC */
/*
 * rt.h: internal interface of the guest runtime, grouped by the file that
 * implements it. Nothing here is exported from the bindings object.
 */
#ifndef RT_H
#define RT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pinvisor_abi.h"
#include "solo5.h"

#if defined(__x86_64__)
#include "arch/x86_64/cpu.h"
#elif defined(__aarch64__)
#include "arch/aarch64/cpu.h"
#else
#error "unsupported guest architecture"
#endif

#define RT_VERSION "0.3.0"

/* start.c */
extern const struct pv_boot_info *rt_boot_info;
/* The boot-info extension, or NULL in Solo5 mode. */
extern const struct pv_boot_ext *rt_boot_ext;

/* clock.c: set up the monotonic clock from boot info (and the extension). */
void rt_clock_init(void);

/* log.c: leveled "Solo5: " messages on the console. */
enum rt_log_level {
    RT_LOG_QUIET = 0,
    RT_LOG_ERROR,
    RT_LOG_WARN,
    RT_LOG_INFO,
    RT_LOG_DEBUG
};
extern int rt_log_level;
/*
 * Strips a leading "--solo5:LEVEL" from cmdline and sets the log level.
 * Returns the rest (a pointer into cmdline). Unknown levels are kept.
 */
const char *rt_log_parse_cmdline(const char *cmdline);
void rt_log(int level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* exit.c: halt with status, passing cookie (a trap frame or NULL). */
void rt_halt(int status, void *cookie) __attribute__((__noreturn__));
/* Prints "Solo5: ABORT: file:line: msg" and halts with 255. */
void rt_panic(const char *file, int line, const char *msg)
    __attribute__((__noreturn__));
#define RT_PANIC(msg) rt_panic(__FILE__, __LINE__, (msg))

/* mft.c: the manifest copy in boot info. */
/*
 * Looks up device `name` of `type`; fills *handle with its index. Returns
 * the entry or NULL.
 */
const struct pv_mft_entry *rt_mft_get(const char *name, uint32_t type,
                                      solo5_handle_t *handle);
/* The entry of `handle` if it has `type`, or NULL. */
const struct pv_mft_entry *rt_mft_by_handle(solo5_handle_t handle,
                                            uint32_t type);

/* i2c_ring.c: the I2C request ring (docs/abi.md, "I2C request ring"). */
void rt_i2c_ring_init(void);
bool rt_i2c_ring_on(void);
/* A transfer through the ring; call only when rt_i2c_ring_on(). */
solo5_result_t rt_i2c_ring_transfer(uint64_t handle,
                                    const struct solo5_i2c_msg *msgs, size_t n);

/* gpio_ring.c: the GPIO request ring (docs/gpio.md, "Request ring"). */
void rt_gpio_ring_init(void);
/* True if the tender offered a usable ring (the GPIO calls then use it). */
bool rt_gpio_ring_on(void);
/* Waits until the tender has applied every ring request posted so far. */
void rt_gpio_ring_drain(void);
/* Wakes the tender's I/O thread if requests are queued; never waits. */
void rt_gpio_ring_nudge(void);
/*
 * The GPIO calls on the ring (call only when rt_gpio_ring_on()). set and
 * input wait for their result; output and sequence are checked with the
 * tender's rules, queued, and return SOLO5_R_OK or SOLO5_R_EINVAL at once.
 */
solo5_result_t rt_gpio_ring_set(const struct pv_hc_gpio_set *a);
solo5_result_t rt_gpio_ring_input(uint64_t handle, uint64_t mask,
                                  uint64_t *values);
solo5_result_t rt_gpio_ring_output(uint64_t handle, uint64_t mask,
                                   uint64_t values);
/* `steps`: n objects of the application's struct solo5_gpio_step. */
solo5_result_t rt_gpio_ring_sequence(uint64_t handle, const void *steps,
                                     size_t n);
/* Tells the ring code that solo5_gpio_clear released `mask`. */
void rt_gpio_ring_cleared(uint64_t handle, uint64_t mask);
/*
 * solo5_gpio_sync: waits for every queued request, then returns the
 * result of the first asynchronous request of `handle` that failed since
 * the last call (SOLO5_R_OK if none; always, without a ring).
 */
solo5_result_t rt_gpio_ring_sync(uint64_t handle);
/*
 * solo5_gpio_barrier: the next output of `handle` goes on the ring with
 * PV_GPIO_RING_F_ORDERED. SOLO5_R_EINVAL for a handle that is not a GPIO
 * device.
 */
solo5_result_t rt_gpio_ring_barrier(uint64_t handle);

/* libc (string.c, printf.c): freestanding helpers */
#include "libc/pvlibc.h"

#endif
