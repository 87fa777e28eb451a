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
#include <linux/audit.h>
#include <linux/kvm.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/personality.h>
#include <termios.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <time.h>

#include "arch.h"
#include "sandbox.h"
#include "seccomp_bpf.h"

#if defined(__x86_64__)
#define FILTER_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define FILTER_ARCH AUDIT_ARCH_AARCH64
#endif

/* A system call by name; -1 (left out) where the architecture lacks it. */
#define SYS(name) __NR_##name
#ifndef __NR_epoll_wait
#define __NR_epoll_wait (-1)
#endif

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
 * vals lists values (ioctl requests) argument 1 (with ARG2: argument 2,
 * with ARG3: argument 3) must be one of them. With
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

#define ARG3 (1u << 25)    /* with roles: vals constrain argument 3 */
#define ARG2 (1u << 26)    /* with roles: vals constrain argument 2 */
#define TLS_PTR (1u << 27) /* with roles: argument 2 is the TLS request */
#define OWN_PID (1u << 28) /* argument 0 is this process's id */
#define PTR_ARG (1u << 29) /* with roles: argument 2 is the one pointer */
#define FD_1 (1u << 30)    /* stdout, by number */
#define FD_2 (1u << 31)    /* stderr, by number */
_Static_assert(TND_FD_ROLES <= 25, "fd roles overlap the rule flags");

static const struct rule rules[] = {
    {SYS(ioctl),
     ROLE(TND_FD_VCPU),
     {TND_ARCH_VCPU_IOCTLS, NO_ARG},
     0,
     0,
     "run the vCPU; read registers for fault reports"},
    {SYS(ioctl),
     ROLE(TND_FD_VCPU) | (TND_ARCH_TLS_PINNED ? TLS_PTR : 0),
     {TND_ARCH_VCPU_TLS_IOCTL, NO_ARG},
     0,
     TND_SB_SET_TLS,
     "SET_TLS_BASE: native guests on hosts without usable WRFSBASE "
     "(aarch64: only the one read-only request for TPIDR_EL0)"},
    {SYS(ioctl),
     ROLE(TND_FD_GPIO_REQ),
     {GPIO_V2_LINE_SET_VALUES_IOCTL, GPIO_V2_LINE_GET_VALUES_IOCTL,
      GPIO_V2_LINE_SET_CONFIG_IOCTL, NO_ARG},
     0,
     0,
     "GPIO cdev backend: drive, read and reconfigure granted lines"},
    {SYS(ioctl),
     ROLE(TND_FD_I2C_RDWR),
     {I2C_RDWR, NO_ARG},
     0,
     0,
     "I2C i2c-dev backend: one combined transfer"},
    {SYS(ioctl),
     ROLE(TND_FD_I2C_SMBUS),
     {I2C_SLAVE, I2C_SMBUS, NO_ARG},
     0,
     0,
     "I2C i2c-dev backend, SMBus-only adapter: address, then one call"},
    {SYS(ioctl),
     ROLE(TND_FD_UART),
     {TCGETS, TCSETS, TIOCOUTQ, TCFLSH, NO_ARG},
     0,
     0,
     "UART tty: set the granted speed and framing (glibc's tcsetattr "
     "reads the settings back); bytes queued (before a break, at exit); "
     "drop the rest at exit, restore the saved settings"},
    {SYS(ioctl),
     ROLE(TND_FD_UART_BREAK),
     {TCSBRKP, NO_ARG},
     0,
     0,
     "UART tty granted break: a break"},
    {SYS(ioctl),
     ROLE(TND_FD_UART_MODEM),
     {TIOCMBIS, TIOCMBIC, TIOCMGET, NO_ARG},
     0,
     0,
     "UART tty granted modem: set, clear and read the modem lines"},
    {SYS(ioctl),
     ROLE(TND_FD_VM) | PTR_ARG,
     {KVM_IOEVENTFD, NO_ARG},
     0,
     TND_SB_IO_THREAD,
     "GPIO ring: unregister the kick port before exit, with the one "
     "read-only request prepared for it (never to register one)"},
    {SYS(write), FD_1, {NO_ARG}, 0, 0, "PUTS: guest console output"},
    {SYS(write), FD_2, {NO_ARG}, 0, 0, "tender messages"},
    {SYS(write), ROLE(TND_FD_TAP), {NO_ARG}, 0, 0, "NET_WRITE"},
    {SYS(write), ROLE(TND_FD_UART), {NO_ARG}, 0, 0, "UART_WRITE"},
    {SYS(read), ROLE(TND_FD_UART), {NO_ARG}, 0, 0, "UART_READ"},
    {SYS(write),
     ROLE(TND_FD_OUTPUT),
     {NO_ARG},
     0,
     0,
     "GPIO, I2C and UART trace files"},
    {SYS(fdatasync),
     ROLE(TND_FD_OUTPUT),
     {NO_ARG},
     0,
     0,
     "GPIO trace: synced at its close"},
    {SYS(ftruncate),
     ROLE(TND_FD_OUTPUT),
     {NO_ARG},
     0,
     0,
     "GPIO trace: cut back to its last whole line after a write error"},
    {SYS(write),
     ROLE(TND_FD_EVENT),
     {NO_ARG},
     0,
     0,
     "wake a ring's I/O thread (GPIO, I2C)"},
    {SYS(read), ROLE(TND_FD_TAP), {NO_ARG}, 0, 0, "NET_READ"},
    {SYS(read), ROLE(TND_FD_TIMER), {NO_ARG}, 0, 0, "clear a timer expiry"},
    {SYS(read), ROLE(TND_FD_GPIO_REQ), {NO_ARG}, 0, 0, "GPIO edge events"},
    {SYS(read), ROLE(TND_FD_EVENT), {NO_ARG}, 0, 0, "GPIO ring kicks"},
    {SYS(pread64), ROLE(TND_FD_BLOCK), {NO_ARG}, 0, 0, "BLOCK_READ"},
    {SYS(pwrite64), ROLE(TND_FD_BLOCK), {NO_ARG}, 0, 0, "BLOCK_WRITE"},
    {SYS(fdatasync),
     ROLE(TND_FD_BLOCK),
     {NO_ARG},
     0,
     0,
     "at exit: block files reach the disk"},
    {SYS(epoll_wait), ROLE(TND_FD_EPOLL), {NO_ARG}, 0, 0, "POLL"},
    {SYS(epoll_ctl),
     ROLE(TND_FD_EPOLL),
     {EPOLL_CTL_DEL, NO_ARG},
     0,
     0,
     "POLL: drop a device whose line hung up (a UART's peer closed)"},
    {SYS(epoll_pwait), ROLE(TND_FD_EPOLL), {NO_ARG}, 0, 0, "POLL"},
    {SYS(timerfd_settime),
     ROLE(TND_FD_TIMER),
     {NO_ARG},
     0,
     0,
     "POLL deadline; GPIO stimulus timer"},
    {SYS(close),
     ROLE(TND_FD_GPIO_REQ) | ROLE(TND_FD_OUTPUT),
     {NO_ARG},
     0,
     0,
     "at exit: release GPIO line requests, close the trace"},
    {SYS(clock_gettime),
     0,
     {CLOCK_MONOTONIC, CLOCK_REALTIME, NO_ARG},
     0,
     0,
     "WALLTIME; GPIO timestamps (when the vDSO falls back)"},
    {SYS(clock_nanosleep),
     0,
     {CLOCK_MONOTONIC, NO_ARG},
     0,
     TND_SB_GPIO_SLEEP,
     "GPIO sequence steps at absolute times"},
    {SYS(futex),
     0,
     {NO_ARG},
     0,
     0,
     "GPIO device and I2C bus locks; ring threads' start and stop"},
    {SYS(ppoll),
     0,
     {1, NO_ARG},
     1,
     0,
     "wait, on one fd, for stdout, stderr or a trace file to take a write "
     "(bounded by a stop request); ring threads: wait on the eventfd "
     "for a kick; --gdb: wait on the debugger's connection, the stop "
     "signals unblocked only inside"},
    {SYS(sched_yield),
     0,
     {NO_ARG},
     0,
     TND_SB_IO_THREAD,
     "ring threads' spin loop"},
    {SYS(tgkill),
     OWN_PID,
     {SIGUSR1, NO_ARG},
     0,
     TND_SB_IO_THREAD,
     "ring threads: wake the vCPU thread to stop the guest"},
    {SYS(getpid),
     0,
     {NO_ARG},
     0,
     TND_SB_IO_THREAD,
     "pthread_kill asks for it (tgkill)"},
    {SYS(rt_sigprocmask),
     0,
     {NO_ARG},
     0,
     TND_SB_IO_THREAD,
     "pthread_kill and thread exit block signals"},
    {SYS(exit), 0, {NO_ARG}, 0, TND_SB_IO_THREAD, "ring thread exit"},
    {SYS(openat),
     ROLE(TND_FD_COREDIR) | ARG2,
     {TND_DUMPCORE_FLAGS, NO_ARG},
     0,
     TND_SB_DUMPCORE,
     "--dumpcore: create the core file, new, in its directory"},
    {SYS(pwrite64),
     0,
     {NO_ARG},
     0,
     TND_SB_DUMPCORE,
     "--dumpcore: write the core file (its fd is new, so not checked)"},
    {SYS(mincore),
     0,
     {NO_ARG},
     0,
     TND_SB_DUMPCORE,
     "--dumpcore: leave the guest's untouched pages out of the core"},
    {SYS(fsync), 0, {NO_ARG}, 0, TND_SB_DUMPCORE, "--dumpcore"},
    {SYS(close), 0, {NO_ARG}, 0, TND_SB_DUMPCORE, "--dumpcore"},
    {SYS(recvfrom),
     ROLE(TND_FD_GDB) | ARG3,
     {MSG_DONTWAIT, NO_ARG},
     0,
     TND_SB_GDB,
     "--gdb: the debugger's packets, never waiting; Ctrl-C while the guest "
     "runs"},
    {SYS(sendto),
     ROLE(TND_FD_GDB) | ARG3,
     {MSG_DONTWAIT | MSG_NOSIGNAL, NO_ARG},
     0,
     TND_SB_GDB,
     "--gdb: replies, never waiting (the exit report must not)"},
    {SYS(close),
     ROLE(TND_FD_GDB),
     {NO_ARG},
     0,
     TND_SB_GDB,
     "--gdb: drop the connection when the debugger detaches or goes"},
    {SYS(rt_sigprocmask),
     0,
     {NO_ARG},
     0,
     TND_SB_GDB,
     "--gdb: stop signals taken only inside ppoll while the stub waits"},
    {SYS(ioctl),
     ROLE(TND_FD_VCPU),
     {KVM_SET_GUEST_DEBUG, TND_ARCH_VCPU_SET_REGS, NO_ARG},
     0,
     TND_SB_GDB,
     "--gdb: breakpoints, single steps, register writes"},
#ifdef TND_ARCH_VCPU_CORE_IOCTL
    {SYS(ioctl),
     ROLE(TND_FD_VCPU),
     {TND_ARCH_VCPU_CORE_IOCTL, NO_ARG},
     0,
     TND_SB_DUMPCORE,
     "--dumpcore: read the FPU registers"},
    {SYS(ioctl),
     ROLE(TND_FD_VCPU),
     {TND_ARCH_VCPU_CORE_IOCTL, NO_ARG},
     0,
     TND_SB_GDB,
     "--gdb: read the FPU registers"},
#endif
    {SYS(rt_sigreturn), 0, {NO_ARG}, 0, 0, "return from a signal handler"},
    {SYS(exit_group), 0, {NO_ARG}, 0, 0, "tender exit"},
#ifdef TND_LSAN
    {SYS(sigaltstack),
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
        if (nr >= 0 && rules[i].nr == nr)
            return rules[i].why;
    return NULL;
}

/* "argument `arg` equals v". */
static struct tnd_bpf_eq eq(unsigned arg, uint64_t v)
{
    return (struct tnd_bpf_eq){.arg = arg, .val = v};
}

/* What the filter allows: one entry per system call and argument values. */
#define MAX_ALLOWED 1024
static struct tnd_bpf_allow allowed[MAX_ALLOWED];
static unsigned nallowed;

/* Allows system call nr when cmp[0..ncmp) all hold. Returns 0 or -E2BIG. */
static int allow(int nr, unsigned ncmp, const struct tnd_bpf_eq *cmp)
{
    if (ncmp > TND_BPF_MAX_CMP)
        return -EINVAL;
    if (nallowed == MAX_ALLOWED)
        return -E2BIG;
    struct tnd_bpf_allow *a = &allowed[nallowed++];
    a->nr = nr;
    a->ncmp = ncmp;
    for (unsigned k = 0; k < ncmp; k++)
        a->cmp[k] = cmp[k];
    return 0;
}

static int add_fd_rule(const struct rule *r, int fd)
{
    if (r->vals[0] == NO_ARG)
        return allow(r->nr, 1, (struct tnd_bpf_eq[]){eq(0, (uint64_t)fd)});
    for (int k = 0; k < 6 && r->vals[k] != NO_ARG; k++) {
        int rc;
        const void *ptr = r->roles & PTR_ARG   ? ioeventfd_arg
                          : r->roles & TLS_PTR ? tls_arg
                                               : NULL;
        if (r->roles & (PTR_ARG | TLS_PTR))
            rc = ptr == NULL ? 0
                             : allow(r->nr, 3,
                                     (struct tnd_bpf_eq[]){
                                         eq(0, (uint64_t)fd), eq(1, r->vals[k]),
                                         eq(2, (uint64_t)(uintptr_t)ptr)});
        else
            rc = allow(r->nr, 2,
                       (struct tnd_bpf_eq[]){eq(0, (uint64_t)fd),
                                             eq(r->roles & ARG2   ? 2
                                                : r->roles & ARG3 ? 3
                                                                  : 1,
                                                r->vals[k])});
        if (rc)
            return rc;
    }
    return 0;
}

static int add_rule(const struct rule *r)
{
    int rc = 0;
    if (r->needs & ~needs)
        return 0; /* this configuration does not need it */
    if (r->roles & FD_1)
        return add_fd_rule(r, 1);
    if (r->roles & FD_2)
        return add_fd_rule(r, 2);
    if (r->roles & OWN_PID) {
        for (int k = 0; k < 6 && r->vals[k] != NO_ARG && rc == 0; k++)
            rc = allow(r->nr, 2,
                       (struct tnd_bpf_eq[]){eq(0, (uint64_t)getpid()),
                                             eq(2, r->vals[k])});
        return rc;
    }
    if (r->roles) {
        for (unsigned i = 0; i < nfds && rc == 0; i++)
            if (r->roles & ROLE(fds[i].role))
                rc = add_fd_rule(r, fds[i].fd);
        return rc;
    }
    if (r->vals[0] == NO_ARG)
        return allow(r->nr, 0, NULL);
    /* Value lists without an fd constrain argument r->arg. */
    for (int k = 0; k < 6 && r->vals[k] != NO_ARG && rc == 0; k++)
        rc = allow(r->nr, 1, (struct tnd_bpf_eq[]){eq(r->arg, r->vals[k])});
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
    int rc = 0;
    nallowed = 0;
    for (size_t i = 0; rc == 0 && i < sizeof rules / sizeof rules[0]; i++)
        rc = add_rule(&rules[i]);
    static struct tnd_bpf_prog prog;
    if (rc == 0)
        rc = tnd_bpf_build(&prog, FILTER_ARCH, allowed, nallowed);
    if (rc)
        return rc;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return -errno;
    struct sock_fprog fp = {.len = prog.len, .filter = prog.insn};
    /* Every thread of the process, or none: TSYNC names one that cannot. */
    long tid = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                       SECCOMP_FILTER_FLAG_TSYNC, &fp);
    if (tid < 0)
        return -errno;
    return tid > 0 ? -EBUSY : 0;
}
