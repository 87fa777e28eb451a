/* SPDX-License-Identifier: ISC */
/*
 * i2c.h: the I2C_BASIC device class inside the tender (docs/i2c.md):
 * the operator's grant, the one validator, the simulated bus and its
 * description file, the i2c-dev backend and the transfer log. Every
 * backend sits behind struct i2c_bus_ops.
 */
#ifndef TENDER_I2C_H
#define TENDER_I2C_H

#ifndef PV_HOST
#define PV_HOST
#endif
#include "pinvisor_abi.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../trace_file.h"

#define I2C_BUS_NAME_MAX 64

/* One --i2c:NAME=BUS:ADDR[,ADDR...][:ro]. */
struct i2c_grant {
    char name[PV_MFT_NAME_SIZE];
    char bus[I2C_BUS_NAME_MAX]; /* "sim", "N", "i2c-N", "/dev/i2c-N", name */
    uint8_t addrs[PV_I2C_MAX_ADDRS];
    unsigned naddrs;
    bool ro;
};

/* --- grant.c ------------------------------------------------------------- */

/*
 * Parses the option "--i2c:NAME=BUS:ADDR[,ADDR...][:ro]" (the name by
 * tnd_args_device_opt, as every device option).
 * ADDR is 0x08..0x77 in hex with "0x" or decimal; at most
 * PV_I2C_MAX_ADDRS, no repeats. Looks nothing up on the host. Returns 0,
 * or -EINVAL with a one-line reason in err.
 */
int i2c_grant_parse(const char *spec, struct i2c_grant *g, char *err,
                    size_t errlen);

/*
 * Parses a 7-bit address "0xNN" or decimal into *out. Returns 0 or
 * -EINVAL. Shared by the grant and the sim description.
 */
int i2c_parse_addr(const char *s, size_t n, uint8_t *out);

/* --- validate.c ---------------------------------------------------------- */

/*
 * The one rulebook: a transfer of `n` messages (copied out of guest
 * memory) against grant g. Message count 1..PV_I2C_MAX_MSGS, each
 * message: known flag bits, zero padding, length 1..PV_I2C_MAX_LEN, a
 * granted address; on a read-only grant, no write but a one-byte
 * register number followed by a read of the same address. Returns PV_R_OK, or
 * PV_R_EINVAL with *why set to a static reason. Pure.
 */
int i2c_validate(const struct i2c_grant *g, const struct pv_i2c_msg *m,
                 uint32_t n, const char **why);

/* --- backends --------------------------------------------------------------
 */

/* One message of a validated transfer, its buffer in tender memory. */
struct i2c_xfer {
    uint16_t addr; /* as the guest gave it (a refused one may be > 0x7f) */
    bool rd;
    uint16_t len;
    uint8_t *buf;
};

struct i2c_bus;
struct i2c_bus_ops {
    /*
     * Runs a validated transfer as one transaction at time now_ns (host
     * CLOCK_MONOTONIC). Returns PV_R_OK or PV_R_EUNSPEC (no ACK, a bus
     * error, a shape the adapter cannot do).
     */
    int (*transfer)(struct i2c_bus *b, struct i2c_xfer *m, unsigned n,
                    uint64_t now_ns);
};

struct i2c_bus {
    const struct i2c_bus_ops *ops;
    const void *priv; /* sim: the struct i2c_sim; i2c-dev: its sys calls */
    int fd;           /* i2c-dev: the open adapter; else -1 */
    bool smbus;       /* i2c-dev without I2C_FUNC_I2C: SMBus calls */
};

/*
 * Where a transport (the hypercall, the ring) keeps a transfer's bytes.
 * in() is called for each message i of a transfer the rules accepted, in
 * order, before the bus is touched: for a write it copies the m->len bytes
 * into dst, for a read (dst NULL) it may check where they will go. out()
 * gets each read message's bytes after a successful transfer.
 */
struct i2c_io {
    void (*in)(void *ctx, uint32_t i, const struct pv_i2c_msg *m, uint8_t *dst);
    void (*out)(void *ctx, uint32_t i, const struct pv_i2c_msg *m,
                const uint8_t *src);
    void *ctx;
};

/*
 * The one path of a transfer: checks `n` messages (copied out of guest
 * memory, buf not used) against the grant of `handle` (i2c_validate),
 * moves bytes through io, runs the bus, logs it. Returns PV_R_*. Safe to
 * call from the vCPU thread and the ring's thread at once.
 */
typedef int (*i2c_run_fn)(uint64_t handle, const struct pv_i2c_msg *m,
                          uint32_t n, const struct i2c_io *io);

/* --- sim.c: the simulated bus ----------------------------------------------
 */

#define I2C_SIM_MAX_DEVS 16
#define I2C_SIM_MAX_STEPS 4096
#define I2C_SIM_STEP_BYTES 8

enum i2c_sim_kind { I2C_SIM_EEPROM = 1, I2C_SIM_SENSOR = 2 };

struct i2c_sim_step {
    uint64_t at_ns; /* after guest start */
    uint8_t addr, reg, n;
    uint8_t bytes[I2C_SIM_STEP_BYTES];
};

struct i2c_sim {
    struct {
        uint8_t addr;
        uint8_t kind;  /* enum i2c_sim_kind */
        uint16_t size; /* registers, 1..256 */
        uint8_t ptr;   /* the address pointer */
        uint8_t regs[256];
    } dev[I2C_SIM_MAX_DEVS];
    unsigned ndevs;
    struct i2c_sim_step step[I2C_SIM_MAX_STEPS];
    unsigned nsteps, applied;
    uint64_t t0;
};

/*
 * Parses a sim bus description (docs/i2c.md) of `len` bytes into s
 * (reset first). Returns 0, or -EINVAL with "line N: reason" in err.
 * Pure.
 */
int i2c_sim_parse(const char *text, size_t len, struct i2c_sim *s, char *err,
                  size_t errlen);

/* Sets the time the script counts from (guest start). */
void i2c_sim_start(struct i2c_sim *s, uint64_t t0_ns);

/* Binds bus b to the sim s. */
void i2c_sim_bind(struct i2c_bus *b, struct i2c_sim *s);

extern const struct i2c_bus_ops i2c_sim_ops;

/* --- dev.c: the kernel's i2c-dev ---------------------------------------- */

/* The system calls of the i2c-dev backend: the seam unit tests replace. */
struct i2c_dev_sys {
    int (*open)(const char *path, int flags);
    int (*ioctl)(int fd, unsigned long req, void *arg); /* -1 and errno */
    int (*close)(int fd);
};
extern const struct i2c_dev_sys i2c_dev_real;
/* The calls the tender uses (modules/mod_i2c.c): i2c_dev_real. */
extern const struct i2c_dev_sys *tnd_i2c_dev_sys;

/*
 * Opens the adapter `bus` names ("N", "i2c-N", "/dev/i2c-N", or the name
 * in /sys/bus/i2c/devices/i2c-N/name) into b through sys (kept for its
 * transfers); its I2C_FUNCS must offer I2C_FUNC_I2C (transfers by
 * I2C_RDWR) or the SMBus byte-data calls (docs/i2c.md says which
 * transfers they can carry). Returns 0, or -errno with a reason in err.
 */
int i2c_dev_open(struct i2c_bus *b, const char *bus,
                 const struct i2c_dev_sys *sys, char *err, size_t errlen);

extern const struct i2c_bus_ops i2c_dev_ops;

/* --- trace.c: the transfer log ----------------------------------------------
 */

#define I2C_TRACE_MAX_DEFAULT (256ULL << 20) /* --i2c-trace-max */

/*
 * The log (trace.c): set up with tnd_trace_file_setup (area "i2c"),
 * its t0 set at guest start; fd -1 without --i2c-trace.
 */
extern struct tnd_trace_file i2c_trace;
/* Logs one transfer of device `name` and its result, flushed at once. */
void i2c_trace_transfer(const char *name, const struct i2c_xfer *m, unsigned n,
                        int ret, uint64_t now_ns);

#endif /* TENDER_I2C_H */
