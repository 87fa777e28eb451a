/* SPDX-License-Identifier: ISC */
/*
 * test_gdb_stub.c: the gdb stub (tender/debug/gdb_stub.c) served over a
 * socket pair, with the stub's own vCPU seam (tnd_gdb_vcpu) standing in
 * for KVM. Nothing here waits without a bound: the test's reads poll
 * with a timeout, the stub's waits are bounded by tnd_gdb_attach's
 * wait_ms, a blocking send by SO_SNDTIMEO, and every test by .timeout.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/kvm.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../tender/arch.h"
#include "../../tender/core.h"
#include "../../tender/debug/gdb_proto.h"
#include "../../tender/debug/gdb_stub.h"
#include "../../tender/module.h"
#include "../../tender/vcpu_loop.h"
#include "../../tender/vm.h"

#define WAIT_MS 3000 /* the stub's bound on each wait, in these tests */
#define MEM 0x10000
#define BP1 0x1000
#define BP2 0x1100

static uint8_t mem[MEM];
static struct kvm_run run;
static struct tnd_vm vm = {.mem = mem, .mem_size = MEM, .run = &run};

/* The stand-in vCPU: registers in a 'g' image, the last debug control. */
static uint8_t regs[1024];
static long regs_len = 560;
static int regs_sets, debug_sets;
static uint32_t debug_control;

static long fake_regs_get(struct tnd_vm *v, uint8_t *buf, size_t size)
{
    (void)v;
    cr_assert_geq(size, (size_t)regs_len);
    memcpy(buf, regs, (size_t)regs_len);
    return regs_len;
}

static int fake_regs_set(struct tnd_vm *v, const uint8_t *buf, size_t len)
{
    (void)v;
    memcpy(regs, buf, len);
    regs_sets++;
    return 0;
}

static int fake_set_guest_debug(struct tnd_vm *v,
                                const struct kvm_guest_debug *d)
{
    (void)v;
    debug_control = d->control;
    debug_sets++;
    return 0;
}

static int dbg = -1;      /* the debugger's end */
static int stub_end = -1; /* the stub's */

/* A socket pair; the stub attached to one end, dbg the other. */
static const struct tnd_vcpu_debug *attach(void)
{
    int sv[2];
    cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    /* A send the stub made blocking would give up here, not hang. */
    struct timeval tv = {WAIT_MS / 1000, 0};
    cr_assert_eq(setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv), 0);
    cr_assert_eq(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv), 0);
    dbg = sv[1], stub_end = sv[0];
    for (unsigned i = 0; i < MEM; i++)
        mem[i] = (uint8_t)(i * 7 + 1);
    tnd_gdb_vcpu.regs_get = fake_regs_get;
    tnd_gdb_vcpu.regs_set = fake_regs_set;
    tnd_gdb_vcpu.set_guest_debug = fake_set_guest_debug;
    const struct tnd_vcpu_debug *h = tnd_gdb_attach(&vm, sv[0], WAIT_MS);
    cr_assert_not_null(h);
    cr_assert(debug_control & KVM_GUESTDBG_ENABLE, "debugging on at attach");
    return h;
}

/* Sends payload as the debugger, framed. */
static void send_pkt(const char *payload)
{
    char out[256];
    size_t n = gdb_proto_frame(out, sizeof out, payload, strlen(payload));
    cr_assert_gt(n, 0);
    cr_assert_eq(write(dbg, out, n), (ssize_t)n);
}

/*
 * The next packet from the stub (acks skipped) into out, waiting at most
 * 5 s; false if none came (or the stub closed).
 */
static struct gdb_rx rx;
static bool recv_pkt(char *out, size_t size)
{
    for (;;) {
        struct pollfd p = {.fd = dbg, .events = POLLIN};
        if (poll(&p, 1, 5000) != 1)
            return false;
        uint8_t c;
        if (read(dbg, &c, 1) != 1)
            return false;
        if (gdb_proto_feed(&rx, c) == GDB_EV_PACKET) {
            snprintf(out, size, "%s", rx.buf);
            return true;
        }
    }
}

/* The next reply is want. */
static void expect_reply(const char *want)
{
    char got[GDB_PKT_MAX + 1];
    cr_assert(recv_pkt(got, sizeof got), "no reply (want %s)", want);
    cr_assert_str_eq(got, want);
}

/* True if the stub has closed its end (EOF within 5 s, data skipped). */
static bool closed_by_stub(void)
{
    char buf[512];
    for (;;) {
        struct pollfd p = {.fd = dbg, .events = POLLIN};
        if (poll(&p, 1, 5000) != 1)
            return false;
        ssize_t n = read(dbg, buf, sizeof buf);
        if (n == 0)
            return true;
        if (n < 0)
            return false;
    }
}

/*
 * Inserts two software breakpoints that land in guest memory: the
 * hardware slots, which x86_64 takes first for a Z0, are filled before.
 */
static void insert_breakpoints(const struct tnd_vcpu_debug *h)
{
    char z[32], got[64];
    for (unsigned i = 0; i < 4; i++) {
        snprintf(z, sizeof z, "Z1,%x,1", 0x2000 + i * 0x10);
        send_pkt(z);
    }
    snprintf(z, sizeof z, "Z0,%x,%zx", BP1, tnd_arch_gdb_brk_len);
    send_pkt(z);
    snprintf(z, sizeof z, "Z0,%x,%zx", BP2, tnd_arch_gdb_brk_len);
    send_pkt(z);
    send_pkt("c");
    h->stopped(&vm, TND_DEBUG_START); /* serves them, returns at the c */
    for (unsigned i = 0; i < 4; i++)
        cr_assert(recv_pkt(got, sizeof got)); /* OK or E01: slots full */
    cr_assert(recv_pkt(got, sizeof got) && strcmp(got, "OK") == 0);
    cr_assert(recv_pkt(got, sizeof got) && strcmp(got, "OK") == 0);
    cr_assert_eq(memcmp(mem + BP1, tnd_arch_gdb_brk, tnd_arch_gdb_brk_len), 0,
                 "the breakpoint is in guest memory");
    cr_assert_eq(memcmp(mem + BP2, tnd_arch_gdb_brk, tnd_arch_gdb_brk_len), 0);
    cr_assert(debug_control & KVM_GUESTDBG_ENABLE);
}

/* Guest memory is as before the breakpoints, and debugging is off. */
static void guest_unmodified(void)
{
    for (unsigned i = 0; i < MEM; i++)
        cr_assert_eq(mem[i], (uint8_t)(i * 7 + 1), "guest byte 0x%x", i);
    cr_assert_eq(debug_control, 0, "KVM guest debugging still 0x%x",
                 debug_control);
}

Test(gdb_stub, detach_removes_the_breakpoints_and_turns_debugging_off,
     .timeout = 30)
{
    const struct tnd_vcpu_debug *h = attach();
    insert_breakpoints(h);
    char got[64];
    send_pkt("D");
    h->stopped(&vm, TND_DEBUG_TRAP); /* at a breakpoint; returns at D */
    cr_assert(recv_pkt(got, sizeof got) && got[0] == 'T', "stop reply");
    cr_assert(recv_pkt(got, sizeof got) && strcmp(got, "OK") == 0);
    guest_unmodified();
    cr_assert(closed_by_stub(), "the connection is closed after D");
    /* The guest runs on undebugged: a later stop or exit sends nothing. */
    run.immediate_exit = 1; /* as a SIGIO from the peer's close leaves it */
    cr_assert_not(h->interrupted(&vm));
    cr_assert_eq(run.immediate_exit, 0, "KVM_RUN would spin");
    int sets = debug_sets;
    h->stopped(&vm, TND_DEBUG_TRAP);
    cr_assert_eq(debug_sets, sets);
}

/*
 * M over a software breakpoint: the breakpoint stays in guest memory, m
 * shows the written bytes, and after D guest memory holds them (the
 * breakpoint's saved bytes are not written back over them).
 */
Test(gdb_stub, m_over_a_breakpoint_survives_the_detach, .timeout = 30)
{
    const struct tnd_vcpu_debug *h = attach();
    insert_breakpoints(h);
    uint8_t data[16];
    char m[64], want[40];
    for (unsigned i = 0; i < sizeof data; i++)
        data[i] = (uint8_t)(0xa0 + i);
    gdb_proto_hex(data, sizeof data, want);
    want[2 * sizeof data] = '\0';
    const unsigned at = BP1 - 2; /* the breakpoint's bytes inside */
    snprintf(m, sizeof m, "M%x,%zx:%s", at, sizeof data, want);
    send_pkt(m);
    snprintf(m, sizeof m, "m%x,%zx", at, sizeof data);
    send_pkt(m);
    send_pkt("D");
    h->stopped(&vm, TND_DEBUG_TRAP); /* serves them, returns at D */
    char got[64];
    cr_assert(recv_pkt(got, sizeof got) && got[0] == 'T', "stop reply");
    expect_reply("OK");
    expect_reply(want);
    expect_reply("OK");
    cr_assert_eq(memcmp(mem + at, data, sizeof data), 0,
                 "the M data is in guest memory after the detach");
    for (unsigned i = 0; i < MEM; i++)
        if (i < at || i >= at + sizeof data)
            cr_assert_eq(mem[i], (uint8_t)(i * 7 + 1), "guest byte 0x%x", i);
    cr_assert_eq(debug_control, 0);
}

/* Between M and D the breakpoint stays in guest memory. */
Test(gdb_stub, m_over_a_breakpoint_leaves_it_inserted, .timeout = 30)
{
    const struct tnd_vcpu_debug *h = attach();
    insert_breakpoints(h);
    char m[64];
    snprintf(m, sizeof m, "M%x,2:5a5a", BP2);
    send_pkt(m);
    send_pkt("c");
    h->stopped(&vm, TND_DEBUG_TRAP); /* serves M, returns at the c */
    char got[64];
    cr_assert(recv_pkt(got, sizeof got) && got[0] == 'T', "stop reply");
    expect_reply("OK");
    cr_assert_eq(memcmp(mem + BP2, tnd_arch_gdb_brk, tnd_arch_gdb_brk_len), 0,
                 "the breakpoint is still in guest memory");
    snprintf(m, sizeof m, "z0,%x,%zx", BP2, tnd_arch_gdb_brk_len);
    send_pkt(m);
    send_pkt("c");
    h->stopped(&vm, TND_DEBUG_TRAP);
    cr_assert(recv_pkt(got, sizeof got) && got[0] == 'T', "stop reply");
    expect_reply("OK");
    cr_assert_eq(mem[BP2], 0x5a, "z0 keeps the M data");
    cr_assert_eq(mem[BP2 + 1], 0x5a);
    for (unsigned i = 2; i < tnd_arch_gdb_brk_len; i++)
        cr_assert_eq(mem[BP2 + i], (uint8_t)((BP2 + i) * 7 + 1));
}

Test(gdb_stub, a_debugger_that_goes_away_leaves_the_guest_unmodified,
     .timeout = 30)
{
    const struct tnd_vcpu_debug *h = attach();
    insert_breakpoints(h);
    close(dbg);
    h->stopped(&vm, TND_DEBUG_TRAP); /* the debugger is gone: returns */
    guest_unmodified();
}

#ifdef __x86_64__
/* gdb's amd64 numbers: 16 rip, 17 eflags, 18 cs, 24 st0, 40 xmm0. */
Test(gdb_stub, p_to_a_register_the_stub_does_not_write_answers_e01,
     .timeout = 30)
{
    const struct tnd_vcpu_debug *h = attach();
    send_pkt("P12=33000000");                         /* cs */
    send_pkt("P18=00000000000000000000");             /* st0 */
    send_pkt("P28=000102030405060708090a0b0c0d0e0f"); /* xmm0 */
    send_pkt("P10=7856341200000000");                 /* rip */
    send_pkt("P11=02000000");                         /* eflags */
    send_pkt("c");
    h->stopped(&vm, TND_DEBUG_START); /* serves them, returns at the c */
    expect_reply("E01");
    expect_reply("E01");
    expect_reply("E01");
    expect_reply("OK");
    expect_reply("OK");
    cr_assert_eq(regs_sets, 2, "only rip and eflags written");
    uint64_t rip;
    memcpy(&rip, regs + 16 * 8, 8);
    cr_assert_eq(rip, 0x12345678);
}
#endif

/*
 * The arch writes (P) only registers it has a span for in the 'g' image,
 * and more than 17 of them: pc and the general registers.
 */
Test(gdb_stub, the_arch_writes_only_registers_it_has_and_the_general_ones,
     .timeout = 10)
{
    unsigned writable = 0, readonly = 0;
    for (unsigned n = 0; n < 200; n++) {
        size_t off, size;
        if (tnd_arch_gdb_reg_span(n, &off, &size))
            cr_assert_not(tnd_arch_gdb_reg_writable(n), "register %u", n);
        else if (tnd_arch_gdb_reg_writable(n))
            writable++;
        else
            readonly++;
    }
    cr_assert_gt(writable, 17,
                 "pc and the general registers are written (%u are not)",
                 readonly);
}

/* Fills the stub's end until a send would wait: a debugger not reading. */
static void stall(int fd)
{
    static char junk[65536];
    while (send(fd, junk, sizeof junk, MSG_DONTWAIT) > 0)
        ;
    cr_assert(errno == EAGAIN || errno == EWOULDBLOCK);
}

static struct timespec safe_at;
static int safe_calls;

/* Registered before the stub, as the GPIO module is: runs after it. */
static void safe_state_hook(struct tnd_vm *v, int status)
{
    (void)v, (void)status;
    clock_gettime(CLOCK_MONOTONIC, &safe_at);
    safe_calls++;
}

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) +
           (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

Test(gdb_stub, the_exit_report_does_not_wait_for_a_stalled_debugger,
     .timeout = 30)
{
    cr_assert_eq(tnd_core_register_exit_hook(safe_state_hook), 0);
    const struct tnd_vcpu_debug *h = attach();
    send_pkt("c");
    h->stopped(&vm, TND_DEBUG_START);
    stall(stub_end);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    tnd_core_run_exit_hooks(0);
    cr_assert_eq(safe_calls, 1, "the safe state was reached");
    double s = since(&t0);
    cr_assert_lt(s, 0.5, "the safe state came %.2f s after the exit began", s);
}

static struct timespec alarm_set;

/* The safe state within 1.5 s of the SIGALRM, 2.5 s from now (else 3). */
static void safe_state_in_time(struct tnd_vm *v, int status)
{
    (void)v, (void)status;
    if (since(&alarm_set) > 2.5)
        _exit(3);
}

/*
 * A stop signal while the stub waits to send to a debugger that stopped
 * reading ends the tender through the exit path (status 1) at once, not
 * when a send gives up (SO_SNDTIMEO, 3 s).
 */
Test(gdb_stub, a_stop_signal_while_a_reply_waits_ends_the_tender, .timeout = 30,
     .exit_code = 1)
{
    tnd_core_install_signals();
    cr_assert_eq(tnd_core_register_exit_hook(safe_state_in_time), 0);
    const struct tnd_vcpu_debug *h = attach();
    send_pkt("c");
    h->stopped(&vm, TND_DEBUG_START);
    stall(stub_end);
    clock_gettime(CLOCK_MONOTONIC, &alarm_set);
    alarm(1);
    h->stopped(&vm, TND_DEBUG_INTERRUPT); /* its stop reply cannot go */
    cr_assert_fail("the stub went on after SIGALRM");
}

/* The port of setup_stopped's last try. */
static unsigned port;

/*
 * --gdb's set-up on port in a child whose stderr is a pipe: with
 * raise_first, a SIGTERM is pending before the wait for the debugger
 * begins; else the parent sends it once the child says it waits. The
 * parent reads with a timeout and kills a child that has not ended
 * within 10 s. Returns the child's status; its stderr in out.
 */
static int setup_stopped_on(bool raise_first, char *out, size_t size)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        dup2(p[1], 2);
        close(p[0]);
        tnd_core_install_signals();
        char arg[32];
        snprintf(arg, sizeof arg, "--gdb=%u", port);
        TND_FOR_EACH_MODULE (m)
            if (strcmp(m->name, "gdb") == 0) {
                if (m->handle_arg(arg) != 0)
                    _exit(90);
                if (raise_first)
                    raise(SIGTERM);
                m->setup(&vm, NULL);
                _exit(91); /* a debugger connected?! */
            }
        _exit(92);
    }
    close(p[1]);
    size_t len = 0;
    bool sent = raise_first;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        struct pollfd pf = {.fd = p[0], .events = POLLIN};
        if (since(&t0) > 10 || poll(&pf, 1, 1000) < 0)
            break;
        if (pf.revents) {
            ssize_t n = read(p[0], out + len, size - 1 - len);
            if (n <= 0)
                break;
            len += (size_t)n;
            out[len] = '\0';
        }
        if (!sent && strstr(out, "waiting for a connection")) {
            kill(pid, SIGTERM);
            sent = true;
        }
    }
    out[len] = '\0';
    close(p[0]);
    int st;
    while (waitpid(pid, &st, WNOHANG) == 0) {
        if (since(&t0) > 10) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            cr_log_error("the tender still waited for the debugger: %s", out);
            return -1;
        }
        struct timespec ts = {0, 10000000};
        nanosleep(&ts, NULL);
    }
    return st;
}

/*
 * setup_stopped_on, on another port while the one tried is taken (the
 * child cannot listen: status 1 and a line saying so), 5 tries at most.
 */
static int setup_stopped(bool raise_first, char *out, size_t size)
{
    int st = -1;
    for (unsigned try = 0; try < 5; try++) {
        port = 20000 + ((unsigned)getpid() + try * 4099) % 20000;
        st = setup_stopped_on(raise_first, out, size);
        if (!strstr(out, "cannot listen"))
            break;
    }
    return st;
}

/* The last line of out is the one the stop should write. */
static void stopped_while_waiting(int st, const char *out)
{
    cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1, "status 0x%x: %s", st,
              out);
    char want[256];
    snprintf(want, sizeof want,
             "pinvisor: stopped by SIGTERM while waiting for the debugger "
             "(--gdb, 127.0.0.1:%u): the guest never ran, GPIO outputs "
             "safe\n",
             port);
    const char *last = strstr(out, "pinvisor: stopped by");
    cr_assert_not_null(last, "no stop line in: %s", out);
    cr_assert_str_eq(last, want);
}

Test(gdb_stub, sigterm_while_waiting_for_the_debugger_ends_the_tender,
     .timeout = 30)
{
    char out[2048];
    stopped_while_waiting(setup_stopped(false, out, sizeof out), out);
}

Test(gdb_stub, sigterm_just_before_the_wait_for_the_debugger_is_not_lost,
     .timeout = 30)
{
    char out[2048];
    stopped_while_waiting(setup_stopped(true, out, sizeof out), out);
}
