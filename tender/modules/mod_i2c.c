/* SPDX-License-Identifier: ISC */
/*
 * mod_i2c.c: the I2C_BASIC device class (docs/i2c.md).
 *
 *   --i2c:NAME=BUS:ADDR[,ADDR...][:ro]   grant addresses of a bus as NAME
 *   --i2c-sim=FILE                       devices of the simulated bus
 *   --i2c-trace=FILE                     a text log of every transfer
 *   --i2c-trace-max=SIZE                 the most bytes the log may take
 *   --i2c-ring=on|off                    offer the request ring (default on)
 *
 * The hypercall and the ring (i2c/ring.c) copy a transfer's messages out
 * of guest memory and hand them to run(), which validates the copy
 * (i2c/validate.c) and only then takes the bytes (the hypercall through
 * tender/gpa.c's checks) and hands bounce copies to the bus.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../i2c/i2c.h"
#include "../i2c/ring.h"
#include "../abi.h"
#include "../clock.h"
#include "../core.h"
#include "../gpa.h"
#include "../log.h"
#include "../mft.h"
#include "../module.h"
#include "../sandbox.h"
#include "../trace_file.h"
#include "../vm.h"

#define MAX_DEVS 16

static struct i2c_grant grants[MAX_DEVS];
static const char *grant_args[MAX_DEVS];
static struct i2c_bus buses[MAX_DEVS];
static unsigned ngrants;
static const char *sim_path, *trace_path;
static uint64_t trace_max = I2C_TRACE_MAX_DEFAULT;
static const char *trace_max_arg;
static bool ring_off;
static uint64_t ring_gpa;
static struct i2c_sim sim;
static int by_handle[PV_MFT_MAX_ENTRIES]; /* grant index + 1, or 0 */

/* The seam unit tests may replace (i2c-dev backend system calls). */
const struct i2c_dev_sys *tnd_i2c_dev_sys = &i2c_dev_real;

static bool is_sim(const struct i2c_grant *g)
{
    return strcmp(g->bus, "sim") == 0;
}

/* --- one transfer, by hypercall or ring ------------------------------------
 */

/* The buses and the log are shared by the vCPU and the ring's thread. */
static pthread_mutex_t bus_lock = PTHREAD_MUTEX_INITIALIZER;

static int run(uint64_t handle, const struct pv_i2c_msg *msgs, uint32_t n,
               const struct i2c_io *io)
{
    uint8_t bounce[PV_I2C_MAX_MSGS][PV_I2C_MAX_LEN];
    struct i2c_xfer x[PV_I2C_MAX_MSGS];
    const char *why = "no such I2C device";
    int g = handle < PV_MFT_MAX_ENTRIES ? by_handle[handle] - 1 : -1;
    if (g < 0 || i2c_validate(&grants[g], msgs, n, &why) != PV_R_OK) {
        tnd_info("i2c: transfer on '%s' rejected: %s",
                 g < 0 ? "?" : grants[g].name, why);
        if (g >= 0 && n >= 1 && n <= PV_I2C_MAX_MSGS) {
            for (uint32_t i = 0; i < n; i++)
                x[i] = (struct i2c_xfer){.addr = msgs[i].addr,
                                         .rd = msgs[i].flags & PV_I2C_M_RD,
                                         .len = msgs[i].len};
            pthread_mutex_lock(&bus_lock);
            i2c_trace_transfer(grants[g].name, x, n, PV_R_EINVAL,
                               tnd_clock_now_ns());
            pthread_mutex_unlock(&bus_lock);
        }
        return PV_R_EINVAL;
    }
    for (uint32_t i = 0; i < n; i++) {
        bool rd = msgs[i].flags & PV_I2C_M_RD;
        io->in(io->ctx, i, &msgs[i], rd ? NULL : bounce[i]);
        x[i] = (struct i2c_xfer){.addr = msgs[i].addr,
                                 .rd = rd,
                                 .len = msgs[i].len,
                                 .buf = bounce[i]};
    }
    /* Nothing here ends the tender: the trace gives up a stalled write. */
    pthread_mutex_lock(&bus_lock);
    uint64_t t = tnd_clock_now_ns();
    int ret = buses[g].ops->transfer(&buses[g], x, n, t);
    i2c_trace_transfer(grants[g].name, x, n, ret, t);
    pthread_mutex_unlock(&bus_lock);
    for (uint32_t i = 0; ret == PV_R_OK && i < n; i++)
        if (x[i].rd)
            io->out(io->ctx, i, &msgs[i], bounce[i]);
    return ret;
}

/* The hypercall's buffers: in guest memory, mapped once the rules pass. */
struct hc_bufs {
    struct tnd_vm *vm;
    uint8_t *gbuf[PV_I2C_MAX_MSGS];
};

static void hc_in(void *ctx, uint32_t i, const struct pv_i2c_msg *m,
                  uint8_t *dst)
{
    struct hc_bufs *b = ctx;
    if (dst == NULL) {
        b->gbuf[i] =
            tnd_gpa_ptr_w(b->vm, m->buf, m->len, "I2C_TRANSFER read buffer");
        return;
    }
    b->gbuf[i] =
        tnd_gpa_ptr(b->vm, m->buf, m->len, "I2C_TRANSFER write buffer");
    memcpy(dst, b->gbuf[i], m->len);
}

static void hc_out(void *ctx, uint32_t i, const struct pv_i2c_msg *m,
                   const uint8_t *src)
{
    struct hc_bufs *b = ctx;
    memcpy(b->gbuf[i], src, m->len);
}

static void hc_i2c_transfer(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_i2c_transfer *p =
        tnd_gpa_ptr_w(vm, gpa, sizeof *p, "I2C_TRANSFER");
    struct pv_hc_i2c_transfer a = *p;
    struct pv_i2c_msg msgs[PV_I2C_MAX_MSGS];
    uint32_t n = a.nmsgs;
    /* Copied only when the count is sane; the rules decide the rest. */
    if (n >= 1 && n <= PV_I2C_MAX_MSGS)
        memcpy(msgs,
               tnd_gpa_ptr(vm, a.msgs, (uint64_t)n * sizeof msgs[0],
                           "I2C_TRANSFER messages"),
               n * sizeof msgs[0]);
    struct hc_bufs b = {.vm = vm};
    struct i2c_io io = {.in = hc_in, .out = hc_out, .ctx = &b};
    p->ret = run(a.handle, msgs, n, &io);
}

/* --- options ------------------------------------------------------------- */

static int parse_grant(const char *arg, unsigned i, char *err, size_t errlen)
{
    return i2c_grant_parse(arg, &grants[i], err, errlen);
}

static int handle_arg(const char *arg)
{
    if (strncmp(arg, "--i2c:", 6) == 0) {
        tnd_module_grant(arg, "--i2c:", "I2C", MAX_DEVS, grant_args, &ngrants,
                         parse_grant);
        return 0;
    }
    if (strncmp(arg, "--i2c-ring=", 11) == 0) {
        if (strcmp(arg + 11, "on") != 0 && strcmp(arg + 11, "off") != 0)
            tnd_die_usage("%s: expected on or off", arg);
        ring_off = strcmp(arg + 11, "off") == 0;
        return 0;
    }
    if (strncmp(arg, "--i2c-sim=", 10) == 0 && arg[10]) {
        sim_path = arg + 10;
        return 0;
    }
    if (tnd_trace_file_max_option(arg, "--i2c-trace-max=", &trace_max) == 0) {
        trace_max_arg = arg;
        return 0;
    }
    if (strncmp(arg, "--i2c-trace=", 12) == 0 && arg[12]) {
        trace_path = arg + 12;
        tnd_module_add_output("--i2c-trace=", trace_path);
        return 0;
    }
    return 1;
}

/*
 * The bus a grant names, equal for the spellings of one adapter number
 * ("1", "i2c-1", "/dev/i2c-1"); adapter names are compared as given.
 */
static const char *bus_key(const char *bus)
{
    if (strncmp(bus, "/dev/i2c-", 9) == 0)
        return bus + 9;
    if (strncmp(bus, "i2c-", 4) == 0)
        return bus + 4;
    return bus;
}

static void args_done(void)
{
    if (trace_max_arg && !trace_path)
        tnd_die_usage("%s needs --i2c-trace=FILE", trace_max_arg);
    if (ngrants == 0 && (sim_path || trace_path))
        tnd_die_usage("--i2c-sim and --i2c-trace need an --i2c:NAME=... "
                      "device");
    bool any_sim = false;
    for (unsigned g = 0; g < ngrants; g++)
        any_sim = any_sim || is_sim(&grants[g]);
    if (sim_path && !any_sim)
        tnd_die_usage("--i2c-sim needs a sim I2C device "
                      "(--i2c:NAME=sim:ADDRS)");
    for (unsigned g = 0; g < ngrants; g++)
        for (unsigned h = 0; h < g; h++) {
            if (strcmp(bus_key(grants[g].bus), bus_key(grants[h].bus)) != 0)
                continue;
            for (unsigned i = 0; i < grants[g].naddrs; i++)
                for (unsigned j = 0; j < grants[h].naddrs; j++)
                    if (grants[g].addrs[i] == grants[h].addrs[j])
                        tnd_die_usage("%s: address 0x%02x is already "
                                      "granted to device '%s'",
                                      grant_args[g], grants[g].addrs[i],
                                      grants[h].name);
        }
}

/* Reads and parses the sim bus description. */
static void load_sim(void)
{
    static char text[(1 << 20) + 1];
    char err[200];
    size_t n = tnd_module_read_file("i2c", "sim", "the I2C sim file", sim_path,
                                    text, sizeof text);
    if (i2c_sim_parse(text, n, &sim, err, sizeof err) != 0)
        tnd_die("i2c: %s: %s", sim_path, err);
}

static void check(struct pv_mft *mft)
{
    for (unsigned g = 0; g < ngrants; g++)
        tnd_module_device(mft, grant_args[g], grants[g].name,
                          PV_MFT_DEV_I2C_BASIC);
    if (sim_path)
        load_sim();
}

/* The ring lives above guest RAM; only native-mode guests are offered it. */
static uint64_t reserve(struct tnd_vm *vm, uint64_t **gpa)
{
    if (ngrants == 0 || ring_off || !vm->native)
        return 0;
    *gpa = &ring_gpa;
    return i2c_ring_size();
}

/* --- set-up ----------------------------------------------------------------
 */

static void on_start(struct tnd_vm *vm, uint64_t t0)
{
    (void)vm;
    i2c_sim_start(&sim, t0);
    i2c_trace.t0 = t0;
}

static void on_exit_ring(struct tnd_vm *vm, int status)
{
    (void)vm;
    (void)status;
    i2c_ring_stop();
    tnd_info("i2c ring: %llu transfers served", i2c_ring_served());
}

static void setup(struct tnd_vm *vm, struct pv_mft *mft)
{
    char err[200];
    if (ngrants == 0)
        return;
    if (trace_path)
        tnd_trace_file_setup(&i2c_trace, trace_path, trace_max, "i2c");
    for (unsigned g = 0; g < ngrants; g++) {
        struct pv_mft_entry *e = tnd_mft_find(mft, grants[g].name, 0);
        if (is_sim(&grants[g])) {
            i2c_sim_bind(&buses[g], &sim);
        } else {
            if (i2c_dev_open(&buses[g], grants[g].bus, tnd_i2c_dev_sys, err,
                             sizeof err) != 0)
                tnd_die("i2c device '%s': %s", grants[g].name, err);
            if (tnd_sandbox_allow_fd(buses[g].fd, buses[g].smbus
                                                      ? TND_FD_I2C_SMBUS
                                                      : TND_FD_I2C_RDWR))
                tnd_die("i2c: too many file descriptors");
        }
        memcpy(e->u.i2c_basic.addrs, grants[g].addrs, grants[g].naddrs);
        e->u.i2c_basic.naddrs = (uint8_t)grants[g].naddrs;
        e->u.i2c_basic.flags = grants[g].ro ? PV_I2C_GRANT_RO : 0;
        by_handle[e - mft->e] = (int)g + 1;
    }
    if (tnd_core_register_hypercall(PV_HC_I2C_TRANSFER, hc_i2c_transfer) ||
        tnd_core_register_start_hook(on_start))
        tnd_die("i2c: cannot register the hypercall and hooks");
    if (ring_gpa) {
        i2c_ring_setup(vm, ring_gpa, run);
        if (tnd_core_register_exit_hook(on_exit_ring))
            tnd_die("i2c: cannot register the ring's exit hook");
    }
}

TND_MODULE(i2c, .handle_arg = handle_arg, .args_done = args_done,
           .check = check, .reserve = reserve, .setup = setup,
           .usage = "  --i2c:NAME=BUS:ADDR[,ADDR...][:ro]\n"
                    "                        grant 7-bit addresses of an I2C "
                    "bus as device NAME;\n"
                    "                        BUS is sim, N, i2c-N, /dev/i2c-N "
                    "or an adapter name;\n"
                    "                        ro refuses writes but register "
                    "numbers before reads\n"
                    "  --i2c-sim=FILE        devices of the simulated bus "
                    "(docs/i2c.md)\n"
                    "  --i2c-trace=FILE      a text log of every I2C "
                    "transfer\n"
                    "  --i2c-trace-max=SIZE  the most bytes the I2C trace "
                    "may take (default 256M)\n"
                    "  --i2c-ring=on|off     offer native guests the "
                    "exitless I2C ring (default on)\n");
