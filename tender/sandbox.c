/* SPDX-License-Identifier: ISC */
/*
 * sandbox.c: the seccomp allow-list of a running tender.
 *
 * Once set-up is done the tender needs only a few system calls, most of
 * them on file descriptors it already holds. The list below is data: one
 * row per system call with the reason it is needed, and the file
 * descriptors (by role) or argument values it is limited to. Anything else
 * kills the whole process with SIGSYS.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <linux/i2c-dev.h>
#include <linux/kvm.h>
#include <seccomp.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/personality.h>
#include <termios.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <time.h>

#include "arch.h"
#include "sandbox.h"

/*
 * Sanitizer builds (make test builds one; docs/security.md): the
 * sanitizer runtime needs a few calls of its own, and its leak check.
 */
#if defined(__SANITIZE_ADDRESS__)
#define TND_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TND_LSAN 1
#endif
#endif
#ifdef TND_LSAN
#include <sanitizer/lsan_interface.h>
#endif

#define MAX_FDS 256

static struct {
    int fd;
    enum tnd_fd_role role;
} fds[MAX_FDS];
static unsigned nfds;
static unsigned needs;
static const void *ioeventfd_arg, *tls_arg;

int tnd_sandbox_allow_fd(int fd, enum tnd_fd_role role)
{
    if (nfds == MAX_FDS)
        return -1;
    fds[nfds].fd = fd;
    fds[nfds].role = role;
    nfds++;
    return 0;
}

void tnd_sandbox_need(unsigned what)
{
    needs |= what;
}

void tnd_sandbox_allow_ioeventfd(const void *arg)
{
    ioeventfd_arg = arg;
}

void tnd_sandbox_allow_tls_arg(const void *arg)
{
    tls_arg = arg;
}

#define ROLE(r) (1u << (r))
#define NO_ARG 0xffffffffffffffffULL

/*
 * One allowed system call. If roles is not 0, argument 0 must be a file
 * descriptor declared with one of these roles (or fd 1 / fd 2), and if
 * vals lists values (ioctl requests) argument 1 (with ARG2: argument 2)
 * must be one of them. With
 * OWN_PID, argument 0 is this process and vals constrain argument 2.
 * Without roles, vals constrain argument `arg` (0 unless said). A rule
 * whose `needs` (TND_SB_*) the configuration did not ask for is left out.
 */
struct rule {
    int nr;
    unsigned roles;
    unsigned long long vals[6];
    unsigned arg;   /* argument that vals constrain, without roles */
    unsigned needs; /* TND_SB_* this rule serves; 0: always on */
    const char *why;
};

#define ARG2 (1u << 26)    /* with roles: vals constrain argument 2 */
#define TLS_PTR (1u << 27) /* with roles: argument 2 is the TLS request */
#define OWN_PID (1u << 28) /* argument 0 is this process's id */
#define PTR_ARG (1u << 29) /* with roles: argument 2 is the one pointer */
#define FD_1 (1u << 30)    /* stdout, by number */
#define FD_2 (1u << 31)    /* stderr, by number */
_Static_assert(TND_FD_ROLES <= 26, "fd roles overlap the rule flags");

static const struct rule rules[] = {
    {SCMP_SYS(ioctl),
     ROLE(TND_FD_VCPU),
     {TND_ARCH_VCPU_IOCTLS, NO_ARG},
     0,
     0,
     "run the vCPU; read registers for fault reports"},
    {SCMP_SYS(ioctl),
     ROLE(TND_FD_VCPU) | (TND_ARCH_TLS_PINNED ? TLS_PTR : 0),
     {TND_ARCH_VCPU_TLS_IOCTL, NO_ARG},
     0,
     TND_SB_SET_TLS,
     "SET_TLS_BASE: native guests on hosts without usable WRFSBASE "
     "(aarch64: only the one read-only request for TPIDR_EL0)"},
    {SCMP_SYS(ioctl),
     ROLE(TND_FD_GPIO_REQ),
     {GPIO_V2_LINE_SET_VALUES_IOCTL, GPIO_V2_LINE_GET_VALUES_IOCTL,
      GPIO_V2_LINE_SET_CONFIG_IOCTL, NO_ARG},
     0,
     0,
     "GPIO cdev backend: drive, read and reconfigure granted lines"},
    {SCMP_SYS(ioctl),
     ROLE(TND_FD_I2C_RDWR),
     {I2C_RDWR, NO_ARG},
     0,
     0,
     "I2C i2c-dev backend: one combined transfer"},
    {SCMP_SYS(ioctl),
     ROLE(TND_FD_I2C_SMBUS),
     {I2C_SLAVE, I2C_SMBUS, NO_ARG},
     0,
     0,
     "I2C i2c-dev backend, SMBus-only adapter: address, then one call"},
    {SCMP_SYS(ioctl),
     ROLE(TND_FD_UART),
     {TCGETS, TCSETS, TIOCOUTQ, TCFLSH, NO_ARG},
     0,
     0,
     "UART tty: set the granted speed and framing (glibc's tcsetattr "
     "reads the settings back); bytes queued (before a break, at exit); "
     "drop the rest at exit, restore the saved settings"},
    {SCMP_SYS(ioctl),
     ROLE(TND_FD_UART_BREAK),
     {TCSBRKP, NO_ARG},
     0,
     0,
     "UART tty granted break: a break"},
    {SCMP_SYS(ioctl),
     ROLE(TND_FD_UART_MODEM),
     {TIOCMBIS, TIOCMBIC, TIOCMGET, NO_ARG},
     0,
     0,
     "UART tty granted modem: set, clear and read the modem lines"},
    {SCMP_SYS(ioctl),
     ROLE(TND_FD_VM) | PTR_ARG,
     {KVM_IOEVENTFD, NO_ARG},
     0,
     TND_SB_IO_THREAD,
     "GPIO ring: unregister the kick port before exit, with the one "
     "read-only request prepared for it (never to register one)"},
    {SCMP_SYS(write), FD_1, {NO_ARG}, 0, 0, "PUTS: guest console output"},
    {SCMP_SYS(write), FD_2, {NO_ARG}, 0, 0, "tender messages"},
    {SCMP_SYS(write), ROLE(TND_FD_TAP), {NO_ARG}, 0, 0, "NET_WRITE"},
    {SCMP_SYS(write), ROLE(TND_FD_UART), {NO_ARG}, 0, 0, "UART_WRITE"},
    {SCMP_SYS(read), ROLE(TND_FD_UART), {NO_ARG}, 0, 0, "UART_READ"},
    {SCMP_SYS(write),
     ROLE(TND_FD_OUTPUT),
     {NO_ARG},
     0,
     0,
     "GPIO, I2C and UART trace files"},
    {SCMP_SYS(fdatasync),
     ROLE(TND_FD_OUTPUT),
     {NO_ARG},
     0,
     0,
     "GPIO trace: synced at its close"},
    {SCMP_SYS(ftruncate),
     ROLE(TND_FD_OUTPUT),
     {NO_ARG},
     0,
     0,
     "GPIO trace: cut back to its last whole line after a write error"},
    {SCMP_SYS(write),
     ROLE(TND_FD_EVENT),
     {NO_ARG},
     0,
     0,
     "wake a ring's I/O thread (GPIO, I2C)"},
    {SCMP_SYS(read), ROLE(TND_FD_TAP), {NO_ARG}, 0, 0, "NET_READ"},
    {SCMP_SYS(read),
     ROLE(TND_FD_TIMER),
     {NO_ARG},
     0,
     0,
     "clear a timer expiry"},
    {SCMP_SYS(read), ROLE(TND_FD_GPIO_REQ), {NO_ARG}, 0, 0, "GPIO edge events"},
    {SCMP_SYS(read), ROLE(TND_FD_EVENT), {NO_ARG}, 0, 0, "GPIO ring kicks"},
    {SCMP_SYS(pread64), ROLE(TND_FD_BLOCK), {NO_ARG}, 0, 0, "BLOCK_READ"},
    {SCMP_SYS(pwrite64), ROLE(TND_FD_BLOCK), {NO_ARG}, 0, 0, "BLOCK_WRITE"},
    {SCMP_SYS(fdatasync),
     ROLE(TND_FD_BLOCK),
     {NO_ARG},
     0,
     0,
     "at exit: block files reach the disk"},
    {SCMP_SYS(epoll_wait), ROLE(TND_FD_EPOLL), {NO_ARG}, 0, 0, "POLL"},
    {SCMP_SYS(epoll_ctl),
     ROLE(TND_FD_EPOLL),
     {EPOLL_CTL_DEL, NO_ARG},
     0,
     0,
     "POLL: drop a device whose line hung up (a UART's peer closed)"},
    {SCMP_SYS(epoll_pwait), ROLE(TND_FD_EPOLL), {NO_ARG}, 0, 0, "POLL"},
    {SCMP_SYS(timerfd_settime),
     ROLE(TND_FD_TIMER),
     {NO_ARG},
     0,
     0,
     "POLL deadline; GPIO stimulus timer"},
    {SCMP_SYS(close),
     ROLE(TND_FD_GPIO_REQ) | ROLE(TND_FD_OUTPUT),
     {NO_ARG},
     0,
     0,
     "at exit: release GPIO line requests, close the trace"},
    {SCMP_SYS(clock_gettime),
     0,
     {CLOCK_MONOTONIC, CLOCK_REALTIME, NO_ARG},
     0,
     0,
     "WALLTIME; GPIO timestamps (when the vDSO falls back)"},
    {SCMP_SYS(clock_nanosleep),
     0,
     {CLOCK_MONOTONIC, NO_ARG},
     0,
     TND_SB_GPIO_SLEEP,
     "GPIO sequence steps at absolute times"},
    {SCMP_SYS(futex),
     0,
     {NO_ARG},
     0,
     0,
     "GPIO device and I2C bus locks; ring threads' start and stop"},
    {SCMP_SYS(ppoll),
     0,
     {1, NO_ARG},
     1,
     0,
     "wait, on one fd, for stdout, stderr or a trace file to take a write "
     "(bounded by a stop request); ring threads: wait on the eventfd "
     "for a kick"},
    {SCMP_SYS(sched_yield),
     0,
     {NO_ARG},
     0,
     TND_SB_IO_THREAD,
     "ring threads' spin loop"},
    {SCMP_SYS(tgkill),
     OWN_PID,
     {SIGUSR1, NO_ARG},
     0,
     TND_SB_IO_THREAD,
     "ring threads: wake the vCPU thread to stop the guest"},
    {SCMP_SYS(getpid),
     0,
     {NO_ARG},
     0,
     TND_SB_IO_THREAD,
     "pthread_kill asks for it (tgkill)"},
    {SCMP_SYS(rt_sigprocmask),
     0,
     {NO_ARG},
     0,
     TND_SB_IO_THREAD,
     "pthread_kill and thread exit block signals"},
    {SCMP_SYS(exit), 0, {NO_ARG}, 0, TND_SB_IO_THREAD, "ring thread exit"},
    {SCMP_SYS(openat),
     ROLE(TND_FD_COREDIR) | ARG2,
     {TND_DUMPCORE_FLAGS, NO_ARG},
     0,
     TND_SB_DUMPCORE,
     "--dumpcore: create the core file, new, in its directory"},
    {SCMP_SYS(pwrite64),
     0,
     {NO_ARG},
     0,
     TND_SB_DUMPCORE,
     "--dumpcore: write the core file (its fd is new, so not checked)"},
    {SCMP_SYS(mincore),
     0,
     {NO_ARG},
     0,
     TND_SB_DUMPCORE,
     "--dumpcore: leave the guest's untouched pages out of the core"},
    {SCMP_SYS(fsync), 0, {NO_ARG}, 0, TND_SB_DUMPCORE, "--dumpcore"},
    {SCMP_SYS(close), 0, {NO_ARG}, 0, TND_SB_DUMPCORE, "--dumpcore"},
    {SCMP_SYS(recvfrom),
     ROLE(TND_FD_GDB),
     {NO_ARG},
     0,
     TND_SB_GDB,
     "--gdb: the debugger's packets; Ctrl-C while the guest runs"},
    {SCMP_SYS(sendto),
     ROLE(TND_FD_GDB),
     {NO_ARG},
     0,
     TND_SB_GDB,
     "--gdb: replies, never waiting (the exit report must not)"},
    {SCMP_SYS(close),
     ROLE(TND_FD_GDB),
     {NO_ARG},
     0,
     TND_SB_GDB,
     "--gdb: drop the connection when the debugger detaches or goes"},
    {SCMP_SYS(rt_sigprocmask),
     0,
     {NO_ARG},
     0,
     TND_SB_GDB,
     "--gdb: stop signals taken only inside ppoll while the stub waits"},
    {SCMP_SYS(ioctl),
     ROLE(TND_FD_VCPU),
     {KVM_SET_GUEST_DEBUG, TND_ARCH_VCPU_SET_REGS, NO_ARG},
     0,
     TND_SB_GDB,
     "--gdb: breakpoints, single steps, register writes"},
#ifdef TND_ARCH_VCPU_CORE_IOCTL
    {SCMP_SYS(ioctl),
     ROLE(TND_FD_VCPU),
     {TND_ARCH_VCPU_CORE_IOCTL, NO_ARG},
     0,
     TND_SB_DUMPCORE,
     "--dumpcore: read the FPU registers"},
    {SCMP_SYS(ioctl),
     ROLE(TND_FD_VCPU),
     {TND_ARCH_VCPU_CORE_IOCTL, NO_ARG},
     0,
     TND_SB_GDB,
     "--gdb: read the FPU registers"},
#endif
    {SCMP_SYS(rt_sigreturn), 0, {NO_ARG}, 0, 0, "return from a signal handler"},
    {SCMP_SYS(exit_group), 0, {NO_ARG}, 0, 0, "tender exit"},
#ifdef TND_LSAN
    {SCMP_SYS(sigaltstack),
     0,
     {NO_ARG},
     0,
     0,
     "sanitizer builds only: the runtime's exit path"},
#endif
};

const char *tnd_sandbox_reason(int nr)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rules[i].nr == nr)
            return rules[i].why;
    return NULL;
}

/* "argument `arg` equals v", every field set (no partial initialiser). */
static struct scmp_arg_cmp eq(unsigned arg, scmp_datum_t v)
{
    struct scmp_arg_cmp c = {
        .arg = arg, .op = SCMP_CMP_EQ, .datum_a = v, .datum_b = 0};
    return c;
}

static int add_fd_rule(scmp_filter_ctx ctx, const struct rule *r, int fd)
{
    if (r->vals[0] == NO_ARG)
        return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, r->nr, 1,
                                eq(0, (scmp_datum_t)fd));
    for (int k = 0; k < 6 && r->vals[k] != NO_ARG; k++) {
        int rc;
        const void *ptr = r->roles & PTR_ARG   ? ioeventfd_arg
                          : r->roles & TLS_PTR ? tls_arg
                                               : NULL;
        if (r->roles & (PTR_ARG | TLS_PTR))
            rc = ptr == NULL
                     ? 0
                     : seccomp_rule_add(ctx, SCMP_ACT_ALLOW, r->nr, 3,
                                        eq(0, (scmp_datum_t)fd),
                                        eq(1, r->vals[k]),
                                        eq(2, (scmp_datum_t)(uintptr_t)ptr));
        else
            rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, r->nr, 2,
                                  eq(0, (scmp_datum_t)fd),
                                  eq(r->roles & ARG2 ? 2 : 1, r->vals[k]));
        if (rc)
            return rc;
    }
    return 0;
}

static int add_rule(scmp_filter_ctx ctx, const struct rule *r)
{
    int rc = 0;
    if (r->needs & ~needs)
        return 0; /* this configuration does not need it */
    if (r->roles & FD_1)
        return add_fd_rule(ctx, r, 1);
    if (r->roles & FD_2)
        return add_fd_rule(ctx, r, 2);
    if (r->roles & OWN_PID) {
        for (int k = 0; k < 6 && r->vals[k] != NO_ARG && rc == 0; k++)
            rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, r->nr, 2,
                                  eq(0, (scmp_datum_t)getpid()),
                                  eq(2, r->vals[k]));
        return rc;
    }
    if (r->roles) {
        for (unsigned i = 0; i < nfds && rc == 0; i++)
            if (r->roles & ROLE(fds[i].role))
                rc = add_fd_rule(ctx, r, fds[i].fd);
        return rc;
    }
    if (r->vals[0] == NO_ARG)
        return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, r->nr, 0);
    /* Value lists without an fd constrain argument r->arg. */
    for (int k = 0; k < 6 && r->vals[k] != NO_ARG && rc == 0; k++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, r->nr, 1,
                              eq(r->arg, r->vals[k]));
    return rc;
}

int tnd_sandbox_enter(void)
{
#ifdef TND_LSAN
    /*
     * The leak check LeakSanitizer runs at exit needs threads and ptrace,
     * which the filter forbids: run it now, once, instead.
     */
    __lsan_do_leak_check();
#endif
    /* Refuse a personality that would make data executable. */
    int pers = personality(0xffffffff);
    if (pers < 0 || (pers & READ_IMPLIES_EXEC))
        return -EPERM;
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
    if (ctx == NULL)
        return -ENOMEM;
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
    for (size_t i = 0; rc == 0 && i < sizeof rules / sizeof rules[0]; i++)
        rc = add_rule(ctx, &rules[i]);
    if (rc == 0)
        rc = seccomp_load(ctx);
    /*
     * The context is not released: freeing it could need munmap, which
     * the filter now forbids. It lives as long as the process.
     */
    return rc;
}
