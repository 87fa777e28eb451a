/* SPDX-License-Identifier: ISC */
/*
 * solo5.h: the public guest API of pinvisor's bindings.
 *
 * Source-compatible with Solo5's solo5.h (the same types, constants and
 * functions), plus the GPIO device class (solo5_gpio_*). A unikernel
 * provides solo5_app_main() and may call every function below.
 *
 * Error contract: functions returning solo5_result_t return SOLO5_R_OK on
 * success, SOLO5_R_AGAIN when a non-blocking operation has nothing to do
 * yet, SOLO5_R_EINVAL when the arguments are wrong (unknown handle, bad
 * size, a line outside the device, a flag combination the tender rejects)
 * and SOLO5_R_EUNSPEC for any other failure. A pointer argument that does
 * not point into guest memory is fatal to the unikernel. No function blocks
 * except solo5_yield() and, without the GPIO request ring,
 * solo5_gpio_sequence() (for the duration of the sequence).
 *
 * GPIO requests take effect in the order they are made, whichever path
 * carries them (docs/gpio.md), with one exception: with the request ring,
 * consecutive solo5_gpio_output() calls on one device that drive
 * different lines may reach the chip as one change of all those lines
 * (a line's own changes never merge); solo5_gpio_barrier() ends such a
 * merge. With the ring, solo5_gpio_output() and solo5_gpio_sequence()
 * return once the request is queued, and any later GPIO call
 * (solo5_gpio_input() to wait for the end, say) is applied after them;
 * solo5_gpio_sync() waits for them and reports a failure of one of them.
 * solo5_yield() never waits for queued requests: they are applied while
 * the unikernel waits.
 */
#ifndef SOLO5_H
#define SOLO5_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    SOLO5_R_OK = 0,
    SOLO5_R_AGAIN = 1,
    SOLO5_R_EINVAL = 2,
    SOLO5_R_EUNSPEC = 3
} solo5_result_t;

typedef uint64_t solo5_time_t;
typedef uint64_t solo5_handle_t;
typedef uint64_t solo5_handle_set_t;
typedef uint64_t solo5_off_t;

#define SOLO5_EXIT_SUCCESS 0
#define SOLO5_EXIT_FAILURE 1
#define SOLO5_EXIT_ABORT 255

/* --- Start and exit ------------------------------------------------------- */

struct solo5_start_info {
    const char *cmdline;  /* arguments after the unikernel on the tender's
                             command line, minus a leading --solo5:LEVEL */
    uintptr_t heap_start; /* free RAM the application owns ... */
    size_t heap_size;     /* ... the stack grows down from its end */
};

/* Provided by the application. Its return value is the exit status. */
int solo5_app_main(const struct solo5_start_info *info);

/* Ends the unikernel with `status` (0..254 reach the operator as is). */
void solo5_exit(int status) __attribute__((__noreturn__));

/* Ends the unikernel with SOLO5_EXIT_ABORT (255). */
void solo5_abort(void) __attribute__((__noreturn__));

/* --- Console and clocks ----------------------------------------------------
 */

/* Writes `size` bytes to the console (the tender's stdout); best effort. */
void solo5_console_write(const char *buf, size_t size);

/* Nanoseconds on a monotonic clock; computed in the guest, no exit. */
solo5_time_t solo5_clock_monotonic(void);

/* Nanoseconds since the Unix epoch (host wall clock). */
solo5_time_t solo5_clock_wall(void);

/*
 * Blocks until monotonic time `deadline` or until a device is ready. If
 * `ready_set` is not NULL, bit i is set on return for every ready device
 * with handle i: a network device with a packet to read, a GPIO device
 * with an edge event pending, a UART device with received bytes. Returns at
 * once if `deadline` has passed.
 */
void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set);

/* --- Thread-local storage (local-exec model) ------------------------------ */

/* Bytes needed for one TLS block. */
size_t solo5_tls_size(void);
/* Thread-pointer value to use with the TLS block at `tls`. */
uintptr_t solo5_tls_tp_offset(uintptr_t tls);
/* Copies the .tdata template into `tls` and zeroes .tbss. */
solo5_result_t solo5_tls_init(uintptr_t tls);
/* Sets the thread pointer (x86_64: FS base; aarch64: TPIDR_EL0). */
solo5_result_t solo5_set_tls_base(uintptr_t base);

/* --- Network ---------------------------------------------------------------
 */

#define SOLO5_NET_ALEN 6
#define SOLO5_NET_HLEN 14

struct solo5_net_info {
    uint8_t mac_address[SOLO5_NET_ALEN];
    size_t mtu; /* excludes the Ethernet header */
};

/* Looks up the NET_BASIC device `name` of the manifest. */
solo5_result_t solo5_net_acquire(const char *name, solo5_handle_t *handle,
                                 struct solo5_net_info *info);
/* Sends one frame of at most mtu + SOLO5_NET_HLEN bytes. */
solo5_result_t solo5_net_write(solo5_handle_t handle, const uint8_t *buf,
                               size_t size);
/* Receives one frame; SOLO5_R_AGAIN if none is waiting. */
solo5_result_t solo5_net_read(solo5_handle_t handle, uint8_t *buf, size_t size,
                              size_t *read_size);

/* --- Block -----------------------------------------------------------------
 */

struct solo5_block_info {
    solo5_off_t capacity;   /* bytes */
    solo5_off_t block_size; /* bytes */
};

solo5_result_t solo5_block_acquire(const char *name, solo5_handle_t *handle,
                                   struct solo5_block_info *info);
/* One block per call: offset a multiple of block_size, size == block_size. */
solo5_result_t solo5_block_write(solo5_handle_t handle, solo5_off_t offset,
                                 const uint8_t *buf, size_t size);
solo5_result_t solo5_block_read(solo5_handle_t handle, solo5_off_t offset,
                                uint8_t *buf, size_t size);

/* --- GPIO (pinvisor extension) -------------------------------------------- */

/*
 * A GPIO device is a group of up to 64 host lines that the operator granted
 * under a name (--gpio:NAME=...). Lines are addressed by index 0..nlines-1
 * and by 64-bit masks (bit i = line i). Values are logical: 1 = active,
 * after the active-low inversion.
 */

/* solo5_gpio_info.perms */
#define SOLO5_GPIO_PERM_IN 0x1u  /* lines may be configured as inputs */
#define SOLO5_GPIO_PERM_OUT 0x2u /* lines may be configured as outputs */

struct solo5_gpio_info {
    unsigned nlines; /* 1..64 */
    unsigned perms;  /* SOLO5_GPIO_PERM_* */
};

/* solo5_gpio_config.flags: see docs/gpio.md for the rules. */
#define SOLO5_GPIO_INPUT 0x001u
#define SOLO5_GPIO_OUTPUT 0x002u
#define SOLO5_GPIO_ACTIVE_LOW 0x004u
#define SOLO5_GPIO_EDGE_RISING 0x008u
#define SOLO5_GPIO_EDGE_FALLING 0x010u
#define SOLO5_GPIO_EDGE_BOTH (SOLO5_GPIO_EDGE_RISING | SOLO5_GPIO_EDGE_FALLING)
#define SOLO5_GPIO_OPEN_DRAIN 0x020u
#define SOLO5_GPIO_OPEN_SOURCE 0x040u
#define SOLO5_GPIO_PULL_UP 0x080u
#define SOLO5_GPIO_PULL_DOWN 0x100u
#define SOLO5_GPIO_BIAS_DISABLED 0x200u

struct solo5_gpio_config {
    unsigned flags;       /* SOLO5_GPIO_* */
    uint64_t values;      /* initial values of output lines (by mask bit) */
    unsigned debounce_us; /* inputs only; 0 = off */
};

#define SOLO5_GPIO_EDGE_IS_RISING 1u
#define SOLO5_GPIO_EDGE_IS_FALLING 2u

struct solo5_gpio_event {
    solo5_time_t timestamp; /* ns, same clock as solo5_clock_monotonic()
                               in native mode */
    unsigned line;          /* index within the device */
    unsigned edge;          /* SOLO5_GPIO_EDGE_IS_* */
    unsigned seqno;         /* per device, from 1; a gap = lost events */
    unsigned line_seqno;    /* per line, from 1 */
};

struct solo5_gpio_step {
    uint64_t mask;      /* output lines this step writes */
    uint64_t values;    /* their new values */
    solo5_time_t delay; /* ns to wait after the previous step */
};

/*
 * Looks up the GPIO_BASIC device `name` of the manifest; fills its handle,
 * line count and permissions. SOLO5_R_EINVAL if no such device.
 */
solo5_result_t solo5_gpio_acquire(const char *name, solo5_handle_t *handle,
                                  struct solo5_gpio_info *info);
/*
 * Enables and configures the lines in `mask` (direction, initial value,
 * bias, drive, active-low, edge detection, debounce). A line already
 * enabled is reconfigured without being released.
 */
solo5_result_t solo5_gpio_set(solo5_handle_t handle, uint64_t mask,
                              const struct solo5_gpio_config *config);
/* Reads the enabled lines in `mask`; bits outside mask are 0. */
solo5_result_t solo5_gpio_input(solo5_handle_t handle, uint64_t mask,
                                uint64_t *values);
/* Writes the output lines in `mask` at once (atomic within the device). */
solo5_result_t solo5_gpio_output(solo5_handle_t handle, uint64_t mask,
                                 uint64_t values);
/* Drives the lines in `mask` to their safe state and releases them. */
solo5_result_t solo5_gpio_clear(solo5_handle_t handle, uint64_t mask);
/* Takes the oldest pending edge event; SOLO5_R_AGAIN if there is none. */
solo5_result_t solo5_gpio_read_event(solo5_handle_t handle,
                                     struct solo5_gpio_event *event);
/*
 * Runs `n` timed output steps in order; step i is applied no earlier than
 * the time the tender takes the request plus the sum of the delays of
 * steps 0..i. The whole batch costs one exit on the hypercall path (the
 * call returns after the last step) and none on the request ring (the
 * call returns at once; the steps are copied, `steps` may be reused).
 */
solo5_result_t solo5_gpio_sequence(solo5_handle_t handle,
                                   const struct solo5_gpio_step *steps,
                                   size_t n);
/*
 * Waits until every output and sequence queued for the device has been
 * applied, then returns SOLO5_R_OK, or the result (SOLO5_R_EINVAL,
 * SOLO5_R_EUNSPEC) of the first of them that failed in the tender since
 * the last call, which clears it. Without the request ring every call has
 * already returned its own result: SOLO5_R_OK. SOLO5_R_EINVAL for a
 * handle that is not a GPIO device.
 */
solo5_result_t solo5_gpio_sync(solo5_handle_t handle);
/*
 * Orders the device's outputs: the next solo5_gpio_output() on it
 * reaches the chip in a change of its own, after every output made
 * before (which the request ring could otherwise merge with it, when
 * they drive different lines: a bit-banged bus sets data, barrier, then
 * raises the clock). Does not wait. SOLO5_R_EINVAL for a handle that is
 * not a GPIO device; SOLO5_R_OK otherwise (without the ring every
 * output is already a change of its own).
 */
solo5_result_t solo5_gpio_barrier(solo5_handle_t handle);

/* --- I2C (pinvisor extension) --------------------------------------------- */

/*
 * An I2C device is one host bus with the 7-bit addresses the operator
 * granted under a name (--i2c:NAME=BUS:ADDRS[:ro]). docs/i2c.md gives the
 * rules; any request outside them is SOLO5_R_EINVAL and reaches no bus.
 */
#define SOLO5_I2C_MAX_ADDRS 12
#define SOLO5_I2C_MAX_MSGS 8     /* messages in one transfer */
#define SOLO5_I2C_MAX_LEN 256    /* bytes of one message */
#define SOLO5_I2C_READ_ONLY 0x1u /* solo5_i2c_info.flags: writes refused */

struct solo5_i2c_info {
    unsigned naddrs;                    /* 1..SOLO5_I2C_MAX_ADDRS */
    uint8_t addrs[SOLO5_I2C_MAX_ADDRS]; /* the granted addresses */
    unsigned flags;                     /* SOLO5_I2C_READ_ONLY */
};

#define SOLO5_I2C_M_RD 0x1u /* solo5_i2c_msg.flags: read; else write */

struct solo5_i2c_msg {
    uint16_t addr;  /* 7-bit address */
    uint16_t flags; /* SOLO5_I2C_M_RD or 0 */
    uint16_t len;   /* 1..SOLO5_I2C_MAX_LEN */
    uint16_t pad;   /* must be 0 */
    uint8_t *buf;
};

/*
 * Looks up the I2C_BASIC device `name` of the manifest; fills its handle,
 * granted addresses and flags. SOLO5_R_EINVAL if no such device.
 */
solo5_result_t solo5_i2c_acquire(const char *name, solo5_handle_t *handle,
                                 struct solo5_i2c_info *info);
/*
 * Runs `n` messages as one transaction (repeated start between them).
 * SOLO5_R_OK, SOLO5_R_EINVAL (refused before the bus; also a message
 * with len > 0 and a NULL buf), SOLO5_R_EUNSPEC (the bus failed, e.g.
 * no device answered).
 */
solo5_result_t solo5_i2c_transfer(solo5_handle_t handle,
                                  struct solo5_i2c_msg *msgs, size_t n);

/*
 * Register helpers built on solo5_i2c_transfer (SMBus protocols of the
 * same names): a register number written, then the data written in the
 * same message or read after a repeated start. Words are little-endian
 * (SMBus). Block helpers move `len` bytes (1..SOLO5_I2C_MAX_LEN - 1)
 * from or to consecutive registers, without a count byte (the "I2C block"
 * protocol of Linux i2c-tools).
 */
solo5_result_t solo5_i2c_read_byte_data(solo5_handle_t h, uint8_t addr,
                                        uint8_t reg, uint8_t *value);
solo5_result_t solo5_i2c_write_byte_data(solo5_handle_t h, uint8_t addr,
                                         uint8_t reg, uint8_t value);
solo5_result_t solo5_i2c_read_word_data(solo5_handle_t h, uint8_t addr,
                                        uint8_t reg, uint16_t *value);
solo5_result_t solo5_i2c_write_word_data(solo5_handle_t h, uint8_t addr,
                                         uint8_t reg, uint16_t value);
solo5_result_t solo5_i2c_read_block_data(solo5_handle_t h, uint8_t addr,
                                         uint8_t reg, uint8_t *buf, size_t len);
solo5_result_t solo5_i2c_write_block_data(solo5_handle_t h, uint8_t addr,
                                          uint8_t reg, const uint8_t *buf,
                                          size_t len);

/* --- UART (pinvisor extension) -------------------------------------------- */

/*
 * A UART device is one host tty the operator granted under a name, with
 * the rates and framings the guest may choose among
 * (--uart:NAME=DEVICE,baud=...,8N1...). docs/uart.md gives the rules; a
 * request outside the grant is SOLO5_R_EINVAL and never reaches the line.
 */
#define SOLO5_UART_PARITY_NONE 0
#define SOLO5_UART_PARITY_EVEN 1
#define SOLO5_UART_PARITY_ODD 2
#define SOLO5_UART_BREAK 0x1u  /* solo5_uart_info.flags: breaks allowed */
#define SOLO5_UART_MODEM 0x2u  /* solo5_uart_info.flags: modem lines */
#define SOLO5_UART_MAX_IO 4096 /* bytes of one hypercall */

/* Modem lines: DTR and RTS are outputs, the others inputs. */
#define SOLO5_UART_DTR 0x01u
#define SOLO5_UART_RTS 0x02u
#define SOLO5_UART_CTS 0x04u
#define SOLO5_UART_DSR 0x08u
#define SOLO5_UART_DCD 0x10u
#define SOLO5_UART_RI 0x20u

struct solo5_uart_info {
    uint32_t baud;     /* the line's rate at start */
    uint8_t data_bits; /* its framing at start: 5..8 */
    uint8_t parity;    /* SOLO5_UART_PARITY_* */
    uint8_t stop_bits; /* 1 or 2 */
    unsigned flags;    /* SOLO5_UART_BREAK, SOLO5_UART_MODEM */
};

/*
 * Looks up the UART_BASIC device `name` of the manifest; fills its
 * handle and start settings. SOLO5_R_EINVAL if no such device.
 */
solo5_result_t solo5_uart_acquire(const char *name, solo5_handle_t *handle,
                                  struct solo5_uart_info *info);
/*
 * Writes up to `size` bytes without waiting; *written gets how many the
 * line took. SOLO5_R_OK (at least one), SOLO5_R_AGAIN (none now),
 * SOLO5_R_EINVAL, SOLO5_R_EUNSPEC (the host tty failed).
 */
solo5_result_t solo5_uart_write(solo5_handle_t h, const uint8_t *buf,
                                size_t size, size_t *written);
/* Writes all `size` bytes, yielding while the line is full. */
solo5_result_t solo5_uart_write_all(solo5_handle_t h, const uint8_t *buf,
                                    size_t size);
/*
 * Reads what has arrived, up to `size` bytes, without waiting: SOLO5_R_OK
 * with *read_size > 0, SOLO5_R_AGAIN (nothing yet), SOLO5_R_EINVAL,
 * SOLO5_R_EUNSPEC.
 */
solo5_result_t solo5_uart_read(solo5_handle_t h, uint8_t *buf, size_t size,
                               size_t *read_size);
/*
 * As solo5_uart_read, but waits (solo5_yield) until bytes arrive or the
 * monotonic clock passes `deadline`: SOLO5_R_AGAIN then.
 */
solo5_result_t solo5_uart_read_until(solo5_handle_t h, uint8_t *buf,
                                     size_t size, size_t *read_size,
                                     solo5_time_t deadline);
/* Sets a granted rate and framing (e.g. 115200, 8, NONE, 1). */
solo5_result_t solo5_uart_config(solo5_handle_t h, uint32_t baud,
                                 uint8_t data_bits, uint8_t parity,
                                 uint8_t stop_bits);
/*
 * Sends a break of `ms` milliseconds (1..1000); needs SOLO5_UART_BREAK.
 * SOLO5_R_AGAIN, and no break, while written bytes still wait to leave.
 */
solo5_result_t solo5_uart_break(solo5_handle_t h, uint32_t ms);
/*
 * Raises `set` and lowers `clear` (DTR, RTS), then reads every line into
 * *state; needs SOLO5_UART_MODEM.
 */
solo5_result_t solo5_uart_modem(solo5_handle_t h, uint32_t set, uint32_t clear,
                                uint32_t *state);

#endif /* SOLO5_H */
