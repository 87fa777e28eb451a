/* SPDX-License-Identifier: ISC */
/*
 * mod_uart.c: the UART_BASIC device class (docs/uart.md).
 *
 *   --uart:NAME=DEVICE[,baud=N[|N...]][,FRAME[|FRAME...]][,break][,modem]
 *                          grant the tty DEVICE as NAME, with the rates
 *                          and framings the guest may choose among
 *   --uart-sim:NAME=FILE   the script of the simulated peer of a sim
 *                          device
 *   --uart-trace=FILE      a text log of the bytes and requests
 *   --uart-trace-max=SIZE  the most bytes the log may take
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "../abi.h"
#include "../args.h"
#include "../clock.h"
#include "../core.h"
#include "../gpa.h"
#include "../log.h"
#include "../mft.h"
#include "../module.h"
#include "../poll.h"
#include "../sandbox.h"
#include "../trace_file.h"
#include "../vm.h"
#include "../uart/uart.h"

#define MAX_DEVS 16
#define UART_DRAIN_MS 1000 /* at exit, for every tty together */

static struct uart_grant grants[MAX_DEVS];
static const char *grant_args[MAX_DEVS];
static struct termios saved[MAX_DEVS];
static int fds[MAX_DEVS] = {-1, -1, -1, -1, -1, -1, -1, -1,
                            -1, -1, -1, -1, -1, -1, -1, -1};
static bool hung[MAX_DEVS]; /* the line hung up: I/O fails from then on */
static unsigned ngrants;
static const char *trace_path;
static uint64_t trace_max = UART_TRACE_MAX_DEFAULT;
static const char *trace_max_arg;
static bool overflow_said[MAX_DEVS]; /* the sim's replies overflowed */
/* sim devices: the script's path, the peer, its modem outputs. */
static const char *sim_paths[MAX_DEVS];
static struct uart_sim *sims[MAX_DEVS];
static uint32_t sim_modem[MAX_DEVS];
static int by_handle[PV_MFT_MAX_ENTRIES]; /* grant index + 1, or 0 */

/* The grant of handle, or -1 with *why saying there is none. */
static int grant_of(uint64_t handle, const char **why)
{
    *why = "no such UART device";
    return handle < PV_MFT_MAX_ENTRIES ? by_handle[handle] - 1 : -1;
}

/* Says a refused request: `op` on grant g (-1: none), and why. */
static void rejected(const char *op, int g, const char *why)
{
    tnd_info("uart: %s on '%s' rejected: %s", op, g < 0 ? "?" : grants[g].name,
             why);
}

static bool is_sim(unsigned g)
{
    return strcmp(grants[g].path, "sim") == 0;
}

static const char *frame_name(uint8_t bits, uint8_t parity, uint8_t stop)
{
    static char s[4];
    s[0] = (char)('0' + (bits % 10));
    s[1] = parity == PV_UART_PARITY_NONE   ? 'N'
           : parity == PV_UART_PARITY_EVEN ? 'E'
           : parity == PV_UART_PARITY_ODD  ? 'O'
                                           : '?';
    s[2] = (char)('0' + (stop % 10));
    return s;
}

static const char *result_name(int ret)
{
    return ret == PV_R_OK       ? "OK"
           : ret == PV_R_AGAIN  ? "AGAIN"
           : ret == PV_R_EINVAL ? "EINVAL"
                                : "EUNSPEC";
}

/* Logs a note of grant g now; none if g is -1. */
static void trace_note(int g, const char *note)
{
    if (g >= 0)
        uart_trace_log(grants[g].name, note, NULL, 0, tnd_clock_now_ns());
}

/* --- the hypercalls --------------------------------------------------------
 */

static void hc_uart_io(struct tnd_vm *vm, uint64_t gpa, bool rd)
{
    struct pv_hc_uart_io *p =
        tnd_gpa_ptr_w(vm, gpa, sizeof *p, rd ? "UART_READ" : "UART_WRITE");
    struct pv_hc_uart_io a = *p;
    const char *why;
    int g = grant_of(a.handle, &why);
    if (g < 0 || uart_validate_io(&a, &why) != PV_R_OK) {
        rejected(rd ? "read" : "write", g, why);
        trace_note(g, rd ? "rx EINVAL" : "tx EINVAL");
        p->ret = PV_R_EINVAL;
        return;
    }
    uint8_t *buf = rd ? tnd_gpa_ptr_w(vm, a.data, a.len, "UART_READ buffer")
                      : tnd_gpa_ptr(vm, a.data, a.len, "UART_WRITE buffer");
    ssize_t n;
    uint64_t t = tnd_clock_now_ns();
    if (hung[g]) {
        uart_trace_log(grants[g].name, rd ? "rx EUNSPEC" : "tx EUNSPEC", NULL,
                       0, t);
        p->len = 0;
        p->ret = PV_R_EUNSPEC;
        return;
    }
    if (sims[g] && rd) {
        n = (ssize_t)uart_sim_read(sims[g], buf, a.len, t);
    } else if (sims[g]) {
        n = (ssize_t)a.len;
        if (uart_sim_write(sims[g], buf, a.len) && !overflow_said[g]) {
            overflow_said[g] = true;
            tnd_warn("uart device '%s': the sim's replies overflowed; some "
                     "were dropped (said once)",
                     grants[g].name);
        }
    } else {
        do {
            n = rd ? read(fds[g], buf, a.len) : write(fds[g], buf, a.len);
        } while (n < 0 && errno == EINTR && (tnd_core_check_signal(), true));
        t = tnd_clock_now_ns();
    }
    if ((n < 0 && errno == EAGAIN) || (rd && n == 0)) {
        p->len = 0;
        p->ret = PV_R_AGAIN;
        return;
    }
    if (n < 0) {
        tnd_info("uart: %s on '%s' failed: %s", rd ? "read" : "write",
                 grants[g].name, strerror(errno));
        uart_trace_log(grants[g].name, rd ? "rx EUNSPEC" : "tx EUNSPEC", NULL,
                       0, t);
        p->len = 0;
        p->ret = PV_R_EUNSPEC;
        return;
    }
    uart_trace_log(grants[g].name, rd ? "rx" : "tx", buf, (size_t)n, t);
    p->len = (uint64_t)n;
    p->ret = PV_R_OK;
}

static void hc_uart_write(struct tnd_vm *vm, uint64_t gpa)
{
    hc_uart_io(vm, gpa, false);
}

static void hc_uart_read(struct tnd_vm *vm, uint64_t gpa)
{
    hc_uart_io(vm, gpa, true);
}

static void hc_uart_config(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_uart_config *p =
        tnd_gpa_ptr_w(vm, gpa, sizeof *p, "UART_CONFIG");
    struct pv_hc_uart_config a = *p;
    const char *why;
    int g = grant_of(a.handle, &why);
    int ret = g < 0 ? PV_R_EINVAL : uart_validate_config(&grants[g], &a, &why);
    if (ret != PV_R_OK) {
        rejected("config", g, why);
    } else {
        struct uart_frame f = {a.data_bits, a.parity, a.stop_bits};
        int rc = sims[g] ? 0 : uart_tty_apply(fds[g], a.baud, &f);
        if (rc)
            tnd_info("uart: config on '%s' failed: %s", grants[g].name,
                     strerror(-rc));
        ret = rc ? PV_R_EUNSPEC : PV_R_OK;
    }
    char note[64];
    snprintf(note, sizeof note, "config %u %s %s", a.baud,
             frame_name(a.data_bits, a.parity, a.stop_bits), result_name(ret));
    trace_note(g, note);
    p->ret = ret;
}

static void hc_uart_lines(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_uart_lines *p =
        tnd_gpa_ptr_w(vm, gpa, sizeof *p, "UART_LINES");
    struct pv_hc_uart_lines a = *p;
    const char *why;
    int g = grant_of(a.handle, &why);
    int ret = g < 0 ? PV_R_EINVAL : uart_validate_lines(&grants[g], &a, &why);
    uint32_t state = 0;
    if (ret != PV_R_OK) {
        rejected("lines", g, why);
    } else {
        int rc = 0;
        if (sims[g] && a.op == PV_UART_LINES_MODEM)
            state = sim_modem[g] = (sim_modem[g] | a.set) & ~a.clear;
        else if (!sims[g])
            rc = a.op == PV_UART_LINES_BREAK
                     ? uart_tty_break(fds[g], a.arg)
                     : uart_tty_modem(fds[g], a.set, a.clear, &state);
        if (rc && rc != -EAGAIN)
            tnd_info("uart: lines on '%s' failed: %s", grants[g].name,
                     strerror(-rc));
        ret = rc == -EAGAIN ? PV_R_AGAIN : rc ? PV_R_EUNSPEC : PV_R_OK;
    }
    char note[64];
    if (a.op == PV_UART_LINES_BREAK)
        snprintf(note, sizeof note, "break %u ms %s", a.arg, result_name(ret));
    else
        snprintf(note, sizeof note, "modem set 0x%x clear 0x%x %s", a.set,
                 a.clear, result_name(ret));
    trace_note(g, note);
    p->state = state;
    p->ret = ret;
}

/* --- options --------------------------------------------------------------
 */

/*
 * Reads grant i; a device path granted twice is refused here (any number
 * of sim devices may be granted: each has its own peer).
 */
static int parse_grant(const char *arg, unsigned i, char *err, size_t errlen)
{
    struct uart_grant *g = &grants[i];
    if (uart_grant_parse(arg, g, err, errlen) != 0)
        return -EINVAL;
    for (unsigned j = 0; j < i && strcmp(g->path, "sim") != 0; j++)
        if (strcmp(grants[j].path, g->path) == 0 &&
            strcmp(grants[j].name, g->name) != 0) {
            snprintf(err, errlen, "%s is already granted to device '%s'",
                     g->path, grants[j].name);
            return -EINVAL;
        }
    return 0;
}

static int handle_arg(const char *arg)
{
    if (strncmp(arg, "--uart:", 7) == 0) {
        tnd_module_grant(arg, "--uart:", "UART", MAX_DEVS, grant_args, &ngrants,
                         parse_grant);
        return 0;
    }
    char name[PV_MFT_NAME_SIZE];
    const char *value;
    int rc = tnd_args_device_opt(arg, "--uart-sim:", name, &value);
    if (rc < 0 || (rc == 0 && *value == '\0'))
        tnd_die_usage("%s: expected --uart-sim:NAME=FILE", arg);
    if (rc == 0) {
        unsigned g = 0;
        while (g < ngrants && strcmp(grants[g].name, name) != 0)
            g++;
        if (g == ngrants || !is_sim(g))
            tnd_die_usage("%s: no --uart:%s=sim before it", arg, name);
        if (sim_paths[g])
            tnd_die_usage("%s: a script for '%s' given twice", arg, name);
        sim_paths[g] = value;
        return 0;
    }
    if (strncmp(arg, "--uart-trace=", 13) == 0 && arg[13]) {
        trace_path = arg + 13;
        tnd_module_add_output("--uart-trace=", trace_path);
        return 0;
    }
    if (tnd_trace_file_max_option(arg, "--uart-trace-max=", &trace_max) == 0) {
        trace_max_arg = arg;
        return 0;
    }
    return 1;
}

static void args_done(void)
{
    if (ngrants == 0 && trace_path)
        tnd_die_usage("--uart-trace needs a --uart:NAME=... device");
    if (trace_max_arg && !trace_path)
        tnd_die_usage("%s needs --uart-trace=FILE", trace_max_arg);
    for (unsigned g = 0; g < ngrants; g++)
        if (is_sim(g) && sim_paths[g] == NULL)
            tnd_die_usage("%s: a sim device needs --uart-sim:%s=FILE",
                          grant_args[g], grants[g].name);
}

static void check(struct pv_mft *mft)
{
    for (unsigned g = 0; g < ngrants; g++) {
        tnd_module_device(mft, grant_args[g], grants[g].name,
                          PV_MFT_DEV_UART_BASIC);
        if (is_sim(g) && sim_paths[g])
            sims[g] = uart_sim_dev_load(sim_paths[g]);
    }
}

/* --- set-up and exit --------------------------------------------------------
 */

/*
 * Every tty gets its own settings back, whatever ends the tender; in
 * reverse order of opening, as one tty is never opened twice. Bytes
 * still queued get UART_DRAIN_MS in all to leave, then are dropped.
 */
static void restore_ttys(struct tnd_vm *vm, int status)
{
    (void)vm;
    (void)status;
    unsigned budget_ms = UART_DRAIN_MS;
    for (unsigned g = ngrants; g-- > 0;) {
        if (fds[g] < 0 || hung[g])
            continue;
        int dropped = uart_tty_drain(fds[g], &budget_ms);
        if (dropped > 0)
            tnd_warn("uart device '%s': %d bytes not yet sent were dropped",
                     grants[g].name, dropped);
        if (uart_tty_restore(fds[g], &saved[g]) != 0)
            tnd_warn("uart device '%s': cannot restore the settings of %s",
                     grants[g].name, grants[g].path);
    }
}

/*
 * The line of tty device g hung up (a pty's master closed, a USB adapter
 * went away): it reads 0 bytes and polls ready for ever, so reads and
 * writes fail from now on instead.
 */
static void tty_hangup(void *arg)
{
    unsigned g = (unsigned)(uintptr_t)arg;
    hung[g] = true;
    tnd_info("uart device '%s': %s hung up", grants[g].name, grants[g].path);
    uart_trace_log(grants[g].name, "hangup", NULL, 0, tnd_clock_now_ns());
}

static void on_start(struct tnd_vm *vm, uint64_t t0)
{
    (void)vm;
    uart_trace.t0 = t0;
    for (unsigned g = 0; g < ngrants; g++)
        if (sims[g])
            uart_sim_start(sims[g], t0);
}

/*
 * One terminal under two paths (a symlink, "..", a by-id name) would
 * save the raw settings of the first grant as the second's own: the
 * device numbers of the open terminals must differ.
 */
static void refuse_same_tty(unsigned g, int fd)
{
    struct stat st, other;
    if (fstat(fd, &st) < 0)
        tnd_die_errno("uart device '%s': fstat failed", grants[g].name);
    for (unsigned j = 0; j < g; j++)
        if (fds[j] >= 0 && fstat(fds[j], &other) == 0 &&
            other.st_rdev == st.st_rdev)
            tnd_die("uart device '%s': %s is the terminal of device '%s'",
                    grants[g].name, grants[g].path, grants[j].name);
}

static void setup(struct tnd_vm *vm, struct pv_mft *mft)
{
    (void)vm;
    char err[200];
    if (ngrants == 0)
        return;
    if (tnd_core_register_exit_hook(restore_ttys))
        tnd_die("uart: cannot register the exit hook");
    for (unsigned g = 0; g < ngrants; g++) {
        struct uart_grant *gr = &grants[g];
        struct pv_mft_entry *e = tnd_mft_find(mft, gr->name, 0);
        e->u.uart_basic =
            (struct pv_mft_uart_basic){.baud = gr->baud[0],
                                       .data_bits = gr->frame[0].data_bits,
                                       .parity = gr->frame[0].parity,
                                       .stop_bits = gr->frame[0].stop_bits,
                                       .flags = (uint8_t)gr->flags,
                                       .nbauds = (uint8_t)gr->nbauds,
                                       .nframes = (uint8_t)gr->nframes};
        by_handle[e - mft->e] = (int)g + 1;
        if (sims[g]) {
            uart_sim_dev_poll(sims[g], (unsigned)(e - mft->e));
            continue;
        }
        int fd = uart_tty_open(gr->path, &saved[g], err, sizeof err);
        if (fd < 0)
            tnd_die("uart device '%s': %s", gr->name, err);
        refuse_same_tty(g, fd);
        fds[g] = fd;
        tnd_module_add_input(fd, "a UART device");
        int rc = uart_tty_apply(fd, gr->baud[0], &gr->frame[0]);
        if (rc)
            tnd_die("uart device '%s': cannot set up %s: %s", gr->name,
                    gr->path, strerror(-rc));
        struct tnd_pollsrc src = {.fd = fd,
                                  .index = (unsigned)(e - mft->e),
                                  .hangup = tty_hangup,
                                  .arg = (void *)(uintptr_t)g};
        if (tnd_core_register_pollsrc(&src) ||
            tnd_sandbox_allow_fd(fd, TND_FD_UART) ||
            ((gr->flags & PV_UART_GRANT_BREAK) &&
             tnd_sandbox_allow_fd(fd, TND_FD_UART_BREAK)) ||
            ((gr->flags & PV_UART_GRANT_MODEM) &&
             tnd_sandbox_allow_fd(fd, TND_FD_UART_MODEM)))
            tnd_die("uart: too many devices");
    }
    if (trace_path)
        tnd_trace_file_setup(&uart_trace, trace_path, trace_max, "uart");
    if (tnd_core_register_hypercall(PV_HC_UART_WRITE, hc_uart_write) ||
        tnd_core_register_hypercall(PV_HC_UART_READ, hc_uart_read) ||
        tnd_core_register_hypercall(PV_HC_UART_CONFIG, hc_uart_config) ||
        tnd_core_register_hypercall(PV_HC_UART_LINES, hc_uart_lines) ||
        tnd_core_register_start_hook(on_start))
        tnd_die("uart: cannot register the hypercalls and hooks");
}

TND_MODULE(uart, .handle_arg = handle_arg, .args_done = args_done,
           .check = check, .setup = setup,
           .usage = "  --uart:NAME=DEVICE[,baud=N[|N...]][,8N1[|7E1...]]"
                    "[,break][,modem]\n"
                    "                        grant the tty DEVICE as UART "
                    "NAME; the guest may set\n"
                    "                        only the rates and framings "
                    "listed (default 9600, 8N1;\n"
                    "                        the first are set at start), "
                    "and break and modem lines\n"
                    "                        only if listed; DEVICE sim is a "
                    "simulated peer\n"
                    "  --uart-sim:NAME=FILE  the script of sim device NAME's "
                    "peer (docs/uart.md)\n"
                    "  --uart-trace=FILE     a text log of the UART bytes "
                    "and requests\n"
                    "  --uart-trace-max=SIZE the most bytes the UART trace "
                    "takes (default 256M)\n");
