/* SPDX-License-Identifier: ISC */
/*
 * gdb_stub.c: --gdb[=PORT] (and solo5-hvt's --gdb-port=PORT): a GDB
 * remote serial protocol server in the tender (docs/debugging.md). It
 * listens on 127.0.0.1 only, accepts one connection during set-up (the
 * guest has not run yet), and serves it from the vCPU thread whenever the
 * guest stops: before its first instruction, at a breakpoint or after a
 * step (KVM_EXIT_DEBUG), or on Ctrl-C (the socket raises SIGIO, which
 * interrupts KVM_RUN). Memory access is limited to guest memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../abi.h"
#include "../arch.h"
#include "../args.h"
#include "../core.h"
#include "../gpa.h"
#include "../log.h"
#include "../module.h"
#include "../sandbox.h"
#include "../vcpu_loop.h"
#include "../vm.h"
#include "../debug/gdb_stub.h"
#include "../gpio/debug.h"
#include "gdb_proto.h"

#define DEFAULT_PORT 1234 /* as solo5-hvt */
#define MAX_SW 64
#define MAX_HW 4
#define SIG_TRAP 5
#define SIG_INT 2

static bool enabled;  /* --gdb given */
static bool attached; /* serving a debugger */
static unsigned port = DEFAULT_PORT;
static int conn = -1;
static int wait_limit_ms = -1; /* tnd_gdb_attach's wait_ms */
static struct gdb_rx rx;
static uint8_t inbuf[512];
static size_t in_len, in_pos;

static struct {
    uint64_t addr;
    uint8_t orig[8];
    bool used;
} sw[MAX_SW];
static uint64_t hw[MAX_HW];
static unsigned nhw;

static int kvm_set_guest_debug(struct tnd_vm *vm,
                               const struct kvm_guest_debug *d)
{
    return ioctl(vm->vcpu_fd, KVM_SET_GUEST_DEBUG, d) < 0 ? -1 : 0;
}

struct tnd_gdb_vcpu_ops tnd_gdb_vcpu = {
    .regs_get = tnd_arch_gdb_regs_get,
    .regs_set = tnd_arch_gdb_regs_set,
    .set_guest_debug = kvm_set_guest_debug,
};

/*
 * KVM guest debugging: breakpoints exit to the tender, one instruction
 * at a time if step. Returns 0, or -1 (KVM refused, or too many
 * hardware breakpoints).
 */
static int set_debug(struct tnd_vm *vm, bool step, const uint64_t *bps,
                     unsigned n)
{
    struct kvm_guest_debug d;
    memset(&d, 0, sizeof d);
    d.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP;
    if (step)
        d.control |= KVM_GUESTDBG_SINGLESTEP;
    if (tnd_arch_gdb_hw(&d, bps, n))
        return -1;
    return tnd_gdb_vcpu.set_guest_debug(vm, &d);
}

/*
 * Waits until the connection can take a write (POLLOUT) or has something
 * to read (POLLIN). Stop signals are blocked except inside ppoll, so one
 * sent at any moment ends the tender through its exit path (outputs
 * safe) instead of leaving it waiting on a debugger. Returns false if
 * the wait limit passed first (the debugger counts as gone).
 */
static bool wait_conn(short events)
{
    sigset_t old;
    tnd_core_block_stop_signals(&old);
    struct pollfd p = {.fd = conn, .events = events};
    struct timespec ts = {wait_limit_ms / 1000,
                          wait_limit_ms % 1000 * 1000000L};
    int r;
    for (;;) {
        if (atomic_load(&tnd_core_signal)) {
            tnd_core_restore_signals(&old);
            tnd_core_exit_on_signal();
        }
        r = ppoll(&p, 1, wait_limit_ms < 0 ? NULL : &ts, &old);
        if (r >= 0 || errno != EINTR)
            break;
    }
    tnd_core_restore_signals(&old);
    return r != 0;
}

/* Writes all of buf to the debugger; false if it has gone. */
static bool put_all(const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = send(conn, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!wait_conn(POLLOUT))
                return false;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        buf += n, len -= (size_t)n;
    }
    return true;
}

static void reply(const char *payload, size_t len)
{
    static char out[2 * GDB_PKT_MAX + 8];
    size_t n = gdb_proto_frame(out, sizeof out, payload, len);
    if (n == 0 || !put_all(out, n))
        tnd_warn("gdb: cannot send a reply");
}

static void reply_str(const char *s)
{
    reply(s, strlen(s));
}

/* Next event from the debugger, waiting for it. GDB_EV_NONE: it has gone. */
static enum gdb_rx_event next_event(void)
{
    for (;;) {
        while (in_pos < in_len) {
            enum gdb_rx_event ev = gdb_proto_feed(&rx, inbuf[in_pos++]);
            if (ev == GDB_EV_BAD)
                put_all("-", 1);
            else if (ev != GDB_EV_NONE)
                return ev;
        }
        ssize_t n = recv(conn, inbuf, sizeof inbuf, MSG_DONTWAIT);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (!wait_conn(POLLIN))
                return GDB_EV_NONE;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return GDB_EV_NONE;
        in_len = (size_t)n, in_pos = 0;
    }
}

static bool readable(struct tnd_vm *vm, uint64_t a, uint64_t len)
{
    return len <= GDB_PKT_MAX / 2 && tnd_gpa_valid(vm->mem_size, a, len);
}

/*
 * Writes len bytes of src to guest memory at a (valid) and makes the
 * vCPU fetch them: aarch64's instruction cache is not coherent with the
 * host's stores where CTR_EL0.DIC is 0, so the range is cleaned and
 * invalidated (a no-op on x86_64).
 */
static void write_text(struct tnd_vm *vm, uint64_t a, const void *src,
                       size_t len)
{
    memcpy(vm->mem + a, src, len);
    __builtin___clear_cache((char *)vm->mem + a, (char *)vm->mem + a + len);
}

static int set_hw(struct tnd_vm *vm, uint64_t a, bool insert);

/*
 * A software breakpoint (Z0) takes a free hardware slot first where the
 * architecture says so (tnd_arch_gdb_sw_in_hw: where an int3 reaches the
 * guest's own vectors instead of KVM).
 */
static bool sw_in_hw[MAX_HW];

static int insert_sw(struct tnd_vm *vm, uint64_t a)
{
    if (tnd_arch_gdb_sw_in_hw && nhw < MAX_HW && set_hw(vm, a, true) == 0) {
        sw_in_hw[nhw - 1] = true;
        return 0;
    }
    int free_slot = -1;
    for (int i = 0; i < MAX_SW; i++) {
        if (sw[i].used && sw[i].addr == a)
            return 0;
        if (!sw[i].used && free_slot < 0)
            free_slot = i;
    }
    if (free_slot < 0 || !readable(vm, a, tnd_arch_gdb_brk_len))
        return -1;
    sw[free_slot].used = true;
    sw[free_slot].addr = a;
    memcpy(sw[free_slot].orig, vm->mem + a, tnd_arch_gdb_brk_len);
    write_text(vm, a, tnd_arch_gdb_brk, tnd_arch_gdb_brk_len);
    return 0;
}

static int remove_sw(struct tnd_vm *vm, uint64_t a)
{
    for (unsigned i = 0; i < nhw; i++)
        if (hw[i] == a && sw_in_hw[i])
            return set_hw(vm, a, false);
    for (int i = 0; i < MAX_SW; i++)
        if (sw[i].used && sw[i].addr == a) {
            write_text(vm, a, sw[i].orig, tnd_arch_gdb_brk_len);
            sw[i].used = false;
            return 0;
        }
    return -1;
}

static int set_hw(struct tnd_vm *vm, uint64_t a, bool insert)
{
    unsigned i = 0;
    while (i < nhw && hw[i] != a)
        i++;
    if (insert && i == nhw) {
        if (nhw == MAX_HW)
            return -1;
        sw_in_hw[nhw] = false;
        hw[nhw++] = a;
        if (set_debug(vm, false, hw, nhw) == 0)
            return 0;
        nhw--; /* more than this CPU has */
        return set_debug(vm, false, hw, nhw), -1;
    }
    if (!insert) {
        if (i == nhw)
            return -1;
        nhw--;
        hw[i] = hw[nhw], sw_in_hw[i] = sw_in_hw[nhw];
    }
    return set_debug(vm, false, hw, nhw);
}

/* Memory as gdb sees it: breakpoint instructions are hidden. */
static void read_mem(struct tnd_vm *vm, uint64_t a, uint64_t len, uint8_t *out)
{
    memcpy(out, vm->mem + a, len);
    for (int i = 0; i < MAX_SW; i++)
        for (size_t k = 0; sw[i].used && k < tnd_arch_gdb_brk_len; k++)
            if (sw[i].addr + k >= a && sw[i].addr + k < a + len)
                out[sw[i].addr + k - a] = sw[i].orig[k];
}

/*
 * M: the debugger writes memory as it sees it (read_mem). Bytes under a
 * software breakpoint become its original bytes, which z0 or a detach
 * puts back, and the breakpoint stays in guest memory.
 */
static void write_mem(struct tnd_vm *vm, uint64_t a, uint64_t len,
                      const uint8_t *in)
{
    write_text(vm, a, in, len);
    for (int i = 0; i < MAX_SW; i++) {
        bool hit = false;
        for (size_t k = 0; sw[i].used && k < tnd_arch_gdb_brk_len; k++)
            if (sw[i].addr + k >= a && sw[i].addr + k < a + len) {
                sw[i].orig[k] = in[sw[i].addr + k - a];
                hit = true;
            }
        if (hit)
            write_text(vm, sw[i].addr, tnd_arch_gdb_brk, tnd_arch_gdb_brk_len);
    }
}

static void stop_reply(int sig, const char *reason)
{
    char buf[32];
    snprintf(buf, sizeof buf, "T%02x%s", sig, reason);
    reply_str(buf);
}

static uint64_t pc_of(struct tnd_vm *vm)
{
    static uint8_t regs[1024];
    size_t off, size;
    uint64_t pc = 0;
    if (tnd_gdb_vcpu.regs_get(vm, regs, sizeof regs) > 0 &&
        tnd_arch_gdb_reg_span(tnd_arch_gdb_pc_reg, &off, &size) == 0)
        memcpy(&pc, regs + off, size < 8 ? size : 8);
    return pc;
}

/*
 * One register command (p, P) on the 'g' image; returns false for E01,
 * which P gets for a register the stub does not write.
 */
static bool reg_cmd(struct tnd_vm *vm, const struct gdb_cmd *c, char *out)
{
    static uint8_t regs[1024];
    size_t off, size;
    if (c->op == 'P' && !tnd_arch_gdb_reg_writable(c->reg))
        return false;
    long n = tnd_gdb_vcpu.regs_get(vm, regs, sizeof regs);
    if (n < 0 || tnd_arch_gdb_reg_span(c->reg, &off, &size) ||
        off + size > (size_t)n)
        return false;
    if (c->op == 'p') {
        gdb_proto_hex(regs + off, size, out);
        out[2 * size] = '\0';
        return true;
    }
    if (gdb_proto_unhex(c->data, c->data_len, regs + off, size) != (long)size)
        return false;
    strcpy(out, "OK");
    return tnd_gdb_vcpu.regs_set(vm, regs, (size_t)n) == 0;
}

/* Text for the debugger's console: O packets of at most GDB_PKT_MAX. */
static void console(const char *text, size_t len)
{
    static char out[GDB_PKT_MAX];
    const size_t chunk = (GDB_PKT_MAX - 1) / 2;
    for (size_t off = 0; off < len; off += chunk) {
        size_t n = len - off < chunk ? len - off : chunk;
        out[0] = 'O';
        gdb_proto_hex((const uint8_t *)text + off, n, out + 1);
        reply(out, 1 + 2 * n);
    }
}

static void console_str(const char *s)
{
    console(s, strlen(s));
}

static const char monitor_help[] =
    "monitor gpio [trace N]: the granted GPIO lines, the ring's pending\n"
    "  requests and the last N trace records (default 8, at most 64)\n"
    "monitor gpio set DEVICE LINE 0|1: drive an input line of a sim\n"
    "  device (LINE: its index in the device or its name)\n";

/* qRcmd: a `monitor` command; its output goes to gdb's console. */
static void monitor(const struct gdb_cmd *c)
{
    static char text[64 * 1024];
    struct gdb_mon m;
    if (gdb_proto_monitor(c->data + 5, c->data_len - 5, &m)) {
        reply_str("E01");
        return;
    }
    switch (m.op) {
    case GDB_MON_HELP:
        console_str(monitor_help);
        break;
    case GDB_MON_GPIO:
        console(text, gpio_debug_show(text, sizeof text, m.ntrace));
        break;
    case GDB_MON_GPIO_SET: {
        char err[160];
        if (gpio_debug_set(m.dev, m.line, m.level, err, sizeof err) == 0)
            snprintf(text, sizeof text, "gpio: '%s' line %s set to %d\n", m.dev,
                     m.line, m.level);
        else
            snprintf(text, sizeof text, "gpio set: %s\n", err);
        console_str(text);
        break;
    }
    case GDB_MON_USAGE:
        console_str("usage:\n");
        console_str(monitor_help);
        break;
    default:
        snprintf(text, sizeof text,
                 "unknown monitor command '%s' (try: monitor help)\n", m.word);
        console_str(text);
        break;
    }
    reply_str("OK");
}

static void serve_query(const struct gdb_cmd *c)
{
    if (strncmp(c->data, "Rcmd,", 5) == 0) {
        monitor(c);
    } else if (strncmp(c->data, "Supported", 9) == 0) {
        char buf[64];
        snprintf(buf, sizeof buf, "PacketSize=%x;swbreak+;hwbreak+",
                 GDB_PKT_MAX);
        reply_str(buf);
    } else if (strcmp(c->data, "Attached") == 0) {
        reply_str("1");
    } else {
        reply_str("");
    }
}

/*
 * The debugger has detached or gone: every software breakpoint leaves
 * guest memory, KVM guest debugging is turned off and the connection
 * closed, so the guest runs on unmodified and undebugged.
 */
static void detach(struct tnd_vm *vm)
{
    for (int i = 0; i < MAX_SW; i++)
        if (sw[i].used) {
            write_text(vm, sw[i].addr, sw[i].orig, tnd_arch_gdb_brk_len);
            sw[i].used = false;
        }
    nhw = 0;
    struct kvm_guest_debug off;
    memset(&off, 0, sizeof off);
    if (tnd_gdb_vcpu.set_guest_debug(vm, &off))
        tnd_warn("gdb: KVM refused to turn guest debugging off");
    attached = false;
    close(conn);
    conn = -1;
}

enum action { STAY, RESUME, STEP };

/* Serves one command; says whether the guest is to run again. */
static enum action serve(struct tnd_vm *vm, const char *p, size_t len)
{
    static char out[2 * GDB_PKT_MAX + 1];
    static uint8_t bytes[GDB_PKT_MAX];
    struct gdb_cmd c;
    if (gdb_proto_parse(p, len, &c)) {
        reply_str("E01");
        return STAY;
    }
    switch (c.op) {
    case '?':
        stop_reply(SIG_TRAP, "");
        return STAY;
    case 'g': {
        long n = tnd_gdb_vcpu.regs_get(vm, bytes, sizeof bytes);
        if (n < 0) {
            reply_str("E01");
            return STAY;
        }
        gdb_proto_hex(bytes, (size_t)n, out);
        reply(out, 2 * (size_t)n);
        return STAY;
    }
    case 'G': {
        long n = gdb_proto_unhex(c.data, c.data_len, bytes, sizeof bytes);
        reply_str(n < 0 || tnd_gdb_vcpu.regs_set(vm, bytes, (size_t)n) ? "E01"
                                                                       : "OK");
        return STAY;
    }
    case 'p':
    case 'P':
        reply_str(reg_cmd(vm, &c, out) ? out : "E01");
        return STAY;
    case 'm':
        if (!readable(vm, c.addr, c.len)) {
            reply_str("E01");
            return STAY;
        }
        read_mem(vm, c.addr, c.len, bytes);
        gdb_proto_hex(bytes, c.len, out);
        reply(out, 2 * c.len);
        return STAY;
    case 'M':
        if (!readable(vm, c.addr, c.len) ||
            gdb_proto_unhex(c.data, c.data_len, bytes, c.len) < 0) {
            reply_str("E01");
            return STAY;
        }
        write_mem(vm, c.addr, c.len, bytes);
        reply_str("OK");
        return STAY;
    case 'Z':
    case 'z':
        if (c.type == 0)
            reply_str(
                (c.op == 'Z' ? insert_sw(vm, c.addr) : remove_sw(vm, c.addr))
                    ? "E01"
                    : "OK");
        else if (c.type == 1)
            reply_str(set_hw(vm, c.addr, c.op == 'Z') ? "E01" : "OK");
        else
            reply_str("");
        return STAY;
    case 'c':
    case 's':
        if (c.has_addr) {
            reply_str("E01");
            return STAY;
        }
        return c.op == 'c' ? RESUME : STEP;
    case 'D':
        reply_str("OK");
        detach(vm);
        return RESUME;
    case 'k':
        attached = false; /* no exit report: gdb has closed */
        tnd_die("gdb: killed by the debugger");
    case 'q':
        serve_query(&c);
        return STAY;
    default:
        reply_str("");
        return STAY;
    }
}

static void stopped(struct tnd_vm *vm, enum tnd_debug_stop why)
{
    if (!attached)
        return;
    const char *reason = "";
    if (why == TND_DEBUG_TRAP) {
        uint64_t pc = pc_of(vm);
        for (int i = 0; i < MAX_SW; i++)
            if (sw[i].used && sw[i].addr == pc)
                reason = "swbreak:;";
        for (unsigned i = 0; i < nhw; i++)
            if (hw[i] == pc)
                reason = "hwbreak:;";
    }
    if (why != TND_DEBUG_START)
        stop_reply(why == TND_DEBUG_INTERRUPT ? SIG_INT : SIG_TRAP, reason);
    for (;;) {
        enum gdb_rx_event ev = next_event();
        if (ev == GDB_EV_NONE) {
            detach(vm);
            tnd_warn("gdb: the debugger has gone; the guest runs on");
            return;
        }
        if (ev == GDB_EV_INTERRUPT) {
            stop_reply(SIG_INT, "");
            continue;
        }
        put_all("+", 1);
        enum action a = serve(vm, rx.buf, rx.len);
        if (a == STAY)
            continue;
        if (attached && set_debug(vm, a == STEP, hw, nhw))
            tnd_warn("gdb: KVM refused the debug settings");
        return;
    }
}

/* After an interrupted KVM_RUN: did the debugger send Ctrl-C? */
static bool interrupted(struct tnd_vm *vm)
{
    /* A SIGIO may come after a detach too (the peer's close). */
    vm->run->immediate_exit = 0;
    if (!attached)
        return false;
    bool intr = false;
    for (;;) {
        ssize_t n = recv(conn, inbuf, sizeof inbuf, MSG_DONTWAIT);
        if (n <= 0)
            return intr;
        for (ssize_t i = 0; i < n; i++)
            intr |= gdb_proto_feed(&rx, inbuf[i]) == GDB_EV_INTERRUPT;
    }
}

static void on_sigio(int sig)
{
    (void)sig;
    struct tnd_vm *vm = tnd_core_vm;
    if (vm && vm->run)
        __atomic_store_n(&vm->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
}

static const struct tnd_vcpu_debug hooks = {stopped, interrupted};

/*
 * The guest's exit status, for `continue` to the end. An exit hook, run
 * before the GPIO outputs are made safe: one send that never waits, so
 * a debugger that stopped reading cannot hold the exit back (the packet
 * is lost then).
 */
static void on_exit_report(struct tnd_vm *vm, int status)
{
    (void)vm;
    if (!attached)
        return;
    char buf[8], out[16];
    snprintf(buf, sizeof buf, "W%02x", status & 0xff);
    size_t n = gdb_proto_frame(out, sizeof out, buf, strlen(buf));
    ssize_t w;
    do
        w = send(conn, out, n, MSG_DONTWAIT | MSG_NOSIGNAL);
    while (w < 0 && errno == EINTR);
    attached = false;
}

static int handle_arg(const char *arg)
{
    const char *v = NULL;
    if (strcmp(arg, "--gdb") == 0)
        v = "";
    else if (strncmp(arg, "--gdb=", 6) == 0)
        v = arg + 6;
    else if (strncmp(arg, "--gdb-port=", 11) == 0)
        v = arg + 11;
    else
        return 1;
    enabled = true;
    if (*v) {
        uint64_t n;
        if (tnd_args_parse_u64(v, 65535, &n) || n == 0)
            tnd_die_usage("%s: the port must be a number from 1 to 65535", arg);
        port = (unsigned)n;
    }
    return 0;
}

/*
 * Waits on the listening socket ls (non-blocking) for the debugger and
 * returns the connection. Stop signals are blocked except inside ppoll,
 * so one sent at any moment ends the tender (exit hooks first: the GPIO
 * outputs safe) with a line saying it was waiting for the debugger.
 */
static int wait_for_debugger(int ls)
{
    sigset_t old;
    tnd_core_block_stop_signals(&old);
    struct pollfd p = {.fd = ls, .events = POLLIN};
    for (;;) {
        if (atomic_load(&tnd_core_signal)) {
            char what[128];
            snprintf(what, sizeof what,
                     "waiting for the debugger (--gdb, 127.0.0.1:%u): the "
                     "guest never ran, GPIO outputs safe",
                     port);
            tnd_core_restore_signals(&old);
            tnd_core_exit_on_signal_while(what);
        }
        int c = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
        if (c >= 0) {
            tnd_core_restore_signals(&old);
            return c;
        }
        if ((errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ||
             errno == ECONNABORTED) &&
            (ppoll(&p, 1, NULL, &old) >= 0 || errno == EINTR))
            continue;
        int err = errno;
        tnd_core_restore_signals(&old);
        errno = err;
        tnd_die_errno("gdb: cannot wait for the debugger");
    }
}

const struct tnd_vcpu_debug *tnd_gdb_attach(struct tnd_vm *vm, int fd,
                                            int wait_ms)
{
    conn = fd;
    wait_limit_ms = wait_ms;
    attached = true;

    /* Ctrl-C while the guest runs: SIGIO to this (the vCPU) thread. */
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = on_sigio;
    struct f_owner_ex owner = {.type = F_OWNER_TID, .pid = gettid()};
    if (sigaction(SIGIO, &act, NULL) || fcntl(conn, F_SETOWN_EX, &owner) ||
        fcntl(conn, F_SETFL, O_ASYNC))
        tnd_die_errno("gdb: cannot set up the interrupt");

    if (set_debug(vm, false, hw, 0))
        tnd_die_errno("gdb: KVM: ioctl (SET_GUEST_DEBUG) failed");
    if (tnd_sandbox_allow_fd(conn, TND_FD_GDB))
        tnd_die("sandbox: too many file descriptors");
    tnd_sandbox_need(TND_SB_GDB);
    if (tnd_core_register_exit_hook(on_exit_report))
        tnd_die("gdb: cannot register the exit hook");
    tnd_vcpu_set_debug(&hooks);
    return &hooks;
}

static void setup(struct tnd_vm *vm, struct pv_mft *mft)
{
    (void)mft;
    if (!enabled)
        return;
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int one = 1;
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (ls < 0 || setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
        bind(ls, (struct sockaddr *)&sa, sizeof sa) || listen(ls, 1))
        tnd_die_errno("gdb: cannot listen on 127.0.0.1:%u", port);
    tnd_warn("gdb: waiting for a connection on 127.0.0.1:%u", port);
    int c = wait_for_debugger(ls);
    close(ls);
    tnd_warn("gdb: debugger connected");
    tnd_gdb_attach(vm, c, -1);
}

bool tnd_gdb_enabled(void)
{
    return enabled;
}

TND_MODULE(gdb, .handle_arg = handle_arg, .setup = setup,
           .usage = "  --gdb[=PORT], --gdb-port=PORT\n"
                    "                        wait for gdb on 127.0.0.1:PORT "
                    "(default 1234)\n"
                    "                        before the guest's first "
                    "instruction\n");
