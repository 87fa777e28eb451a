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

/* gpio_ring.c: the GPIO request ring (docs/gpio.md, "Request ring"). */
void rt_gpio_ring_init(void);
/* Waits until the tender has applied every ring request posted so far. */
void rt_gpio_ring_drain(void);
/*
 * Each posts its request on the ring and returns true (ret filled in when
 * the call must wait for it), or returns false when there is no ring and
 * the caller must use the hypercall.
 */
bool rt_gpio_ring_set(struct pv_hc_gpio_set *a);
bool rt_gpio_ring_input(struct pv_hc_gpio_values *a);
bool rt_gpio_ring_output(struct pv_hc_gpio_values *a);
bool rt_gpio_ring_sequence(struct pv_hc_gpio_sequence *a);
/* Tells the ring code that solo5_gpio_clear released `mask`. */
void rt_gpio_ring_cleared(uint64_t handle, uint64_t mask);

/* libc (string.c, printf.c): freestanding helpers */
#include "libc/pvlibc.h"

#endif
