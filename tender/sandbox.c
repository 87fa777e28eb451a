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
#include <linux/gpio.h>
#include <linux/kvm.h>
#include <seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <signal.h>
#include <sys/personality.h>
#include <unistd.h>
#include <time.h>

#include "arch.h"

#define MAX_FDS 256

static struct {
    int fd;
    enum tnd_fd_role role;
} fds[MAX_FDS];
static unsigned nfds;

int tnd_sandbox_allow_fd(int fd, enum tnd_fd_role role)
{
    if (nfds == MAX_FDS)
        return -1;
    fds[nfds].fd = fd;
    fds[nfds].role = role;
    nfds++;
    return 0;
}

#define ROLE(r) (1u << (r))
#define NO_ARG 0xffffffffffffffffULL

/*
 * One allowed system call. If roles is not 0, argument 0 must be a file
 * descriptor declared with one of these roles (or fd 1 / fd 2), and if
 * vals lists values (ioctl requests) argument 1 must be one of them. With
 * OWN_PID, argument 0 is this process and vals constrain argument 2.
 * Without roles, vals (clock ids) constrain argument 0.
 */
struct rule {
    int nr;
    unsigned roles;
    unsigned long long vals[6];
    const char *why;
};

#define OWN_PID (1u << 29) /* argument 0 is this process's id */
#define FD_1 (1u << 30)    /* stdout, by number */
#define FD_2 (1u << 31)    /* stderr, by number */

static const struct rule rules[] = {
    {SCMP_SYS(ioctl),
     ROLE(TND_FD_VCPU),
     {TND_ARCH_VCPU_IOCTLS, NO_ARG},
     "run the vCPU; read registers for fault reports; SET_TLS_BASE"},
    {SCMP_SYS(ioctl),
     ROLE(TND_FD_GPIO_REQ),
     {GPIO_V2_LINE_SET_VALUES_IOCTL, GPIO_V2_LINE_GET_VALUES_IOCTL,
      GPIO_V2_LINE_SET_CONFIG_IOCTL, NO_ARG},
     "GPIO cdev backend: drive, read and reconfigure granted lines"},
    {SCMP_SYS(ioctl),
     ROLE(TND_FD_VM),
     {KVM_IOEVENTFD, NO_ARG},
     "GPIO ring: unregister the kick port before exit"},
    {SCMP_SYS(write), FD_1, {NO_ARG}, "PUTS: guest console output"},
    {SCMP_SYS(write), FD_2, {NO_ARG}, "tender messages"},
    {SCMP_SYS(write), ROLE(TND_FD_TAP), {NO_ARG}, "NET_WRITE"},
    {SCMP_SYS(write), ROLE(TND_FD_OUTPUT), {NO_ARG}, "GPIO trace file"},
    {SCMP_SYS(write), ROLE(TND_FD_EVENT), {NO_ARG}, "wake the GPIO thread"},
    {SCMP_SYS(read), ROLE(TND_FD_TAP), {NO_ARG}, "NET_READ"},
    {SCMP_SYS(read), ROLE(TND_FD_TIMER), {NO_ARG}, "clear a timer expiry"},
    {SCMP_SYS(read), ROLE(TND_FD_GPIO_REQ), {NO_ARG}, "GPIO edge events"},
    {SCMP_SYS(read), ROLE(TND_FD_EVENT), {NO_ARG}, "GPIO ring kicks"},
    {SCMP_SYS(pread64), ROLE(TND_FD_BLOCK), {NO_ARG}, "BLOCK_READ"},
    {SCMP_SYS(pwrite64), ROLE(TND_FD_BLOCK), {NO_ARG}, "BLOCK_WRITE"},
    {SCMP_SYS(epoll_wait), ROLE(TND_FD_EPOLL), {NO_ARG}, "POLL"},
    {SCMP_SYS(epoll_pwait), ROLE(TND_FD_EPOLL), {NO_ARG}, "POLL"},
    {SCMP_SYS(timerfd_settime),
     ROLE(TND_FD_TIMER),
     {NO_ARG},
     "POLL deadline; GPIO stimulus timer"},
    {SCMP_SYS(ppoll), 0, {NO_ARG}, "GPIO thread: wait for a kick or events"},
    {SCMP_SYS(clock_gettime),
     0,
     {CLOCK_MONOTONIC, CLOCK_REALTIME, NO_ARG},
     "WALLTIME; GPIO timestamps (when the vDSO falls back)"},
    {SCMP_SYS(clock_nanosleep),
     0,
     {CLOCK_MONOTONIC, NO_ARG},
     "GPIO sequence steps at absolute times"},
    {SCMP_SYS(close), 0, {NO_ARG}, "GPIO cdev: release lines"},
    {SCMP_SYS(futex), 0, {NO_ARG}, "GPIO thread start and stop"},
    {SCMP_SYS(sched_yield), 0, {NO_ARG}, "GPIO thread spin loop"},
    {SCMP_SYS(tgkill),
     OWN_PID,
     {SIGUSR1, NO_ARG},
     "GPIO thread: wake the vCPU thread to stop the guest"},
    {SCMP_SYS(getpid), 0, {NO_ARG}, "pthread_kill asks for it (tgkill)"},
    {SCMP_SYS(rt_sigreturn), 0, {NO_ARG}, "return from a signal handler"},
    {SCMP_SYS(rt_sigprocmask), 0, {NO_ARG}, "thread exit"},
    {SCMP_SYS(madvise), 0, {NO_ARG}, "thread exit frees its stack"},
    {SCMP_SYS(exit), 0, {NO_ARG}, "GPIO thread exit"},
    {SCMP_SYS(exit_group), 0, {NO_ARG}, "tender exit"},
};

const char *tnd_sandbox_reason(int nr)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (rules[i].nr == nr)
            return rules[i].why;
    return NULL;
}

static int add_fd_rule(scmp_filter_ctx ctx, const struct rule *r, int fd)
{
    if (r->vals[0] == NO_ARG)
        return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, r->nr, 1,
                                SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd));
    for (int k = 0; k < 6 && r->vals[k] != NO_ARG; k++) {
        int rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, r->nr, 2,
                                  SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)fd),
                                  SCMP_A1(SCMP_CMP_EQ, r->vals[k]));
        if (rc)
            return rc;
    }
    return 0;
}

static int add_rule(scmp_filter_ctx ctx, const struct rule *r)
{
    int rc = 0;
    if (r->roles & FD_1)
        return add_fd_rule(ctx, r, 1);
    if (r->roles & FD_2)
        return add_fd_rule(ctx, r, 2);
    if (r->roles & OWN_PID) {
        for (int k = 0; k < 6 && r->vals[k] != NO_ARG && rc == 0; k++)
            rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, r->nr, 2,
                                  SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid()),
                                  SCMP_A2(SCMP_CMP_EQ, r->vals[k]));
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
    /* Value lists without an fd constrain argument 0 (clock ids). */
    for (int k = 0; k < 6 && r->vals[k] != NO_ARG && rc == 0; k++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, r->nr, 1,
                              SCMP_A0(SCMP_CMP_EQ, r->vals[k]));
    return rc;
}

int tnd_sandbox_enter(void)
{
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
