/*
 * test_sandbox.c: the seccomp allow-list (tender/sandbox.c).
 *
 * Criterion runs each test in its own process, so a test may turn the
 * sandbox on for itself. Once it is on, Criterion's own reporting needs
 * system calls the list forbids: such tests check with plain ifs, end with
 * _exit(), and state the expected ending with .exit_code or .signal. A
 * failed check exits with its own status (3, 4, ...) to tell them apart.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "../../tender/tender.h"

/* Highest system call number looked at when scanning the whole list. */
#define NR_SCAN 1024

Test(sandbox, every_allowed_call_has_a_reason)
{
    unsigned allowed = 0;
    for (int nr = 0; nr < NR_SCAN; nr++) {
        const char *why = tnd_sandbox_reason(nr);
        if (why == NULL)
            continue;
        allowed++;
        cr_assert_gt(strlen(why), 0, "system call %d has an empty reason", nr);
    }
    cr_assert_gt(allowed, 0, "the allow-list is empty");
}

Test(sandbox, calls_the_tender_needs_are_on_the_list)
{
    static const int needed[] = {
        SYS_write,      SYS_read,        SYS_ioctl,           SYS_pread64,
        SYS_pwrite64,   SYS_epoll_pwait, SYS_timerfd_settime, SYS_clock_gettime,
        SYS_exit_group, SYS_exit,        SYS_rt_sigreturn,    SYS_futex,
    };
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
        cr_assert_not_null(tnd_sandbox_reason(needed[i]),
                           "system call %d is not on the allow-list",
                           needed[i]);
}

Test(sandbox, dangerous_calls_are_not_on_the_list)
{
    static const int denied[] = {
        SYS_execve, SYS_execveat, SYS_open,    SYS_openat,
        SYS_socket, SYS_connect,  SYS_ptrace,  SYS_fork,
        SYS_vfork,  SYS_kill,     SYS_getppid,
    };
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++)
        cr_assert_null(tnd_sandbox_reason(denied[i]),
                       "system call %d must not be allowed", denied[i]);
}

Test(sandbox, unknown_numbers_have_no_reason)
{
    cr_assert_null(tnd_sandbox_reason(-1));
    cr_assert_null(tnd_sandbox_reason(NR_SCAN * 100));
}

Test(sandbox, forbidden_getppid_kills_with_sigsys, .signal = SIGSYS)
{
    cr_assert_eq(tnd_sandbox_enter(), 0);
    syscall(SYS_getppid);
    _exit(3); /* not reached if the filter works */
}

Test(sandbox, forbidden_socket_kills_with_sigsys, .signal = SIGSYS)
{
    cr_assert_eq(tnd_sandbox_enter(), 0);
    syscall(SYS_socket, AF_INET, SOCK_STREAM, 0);
    _exit(3);
}

Test(sandbox, forbidden_openat_kills_with_sigsys, .signal = SIGSYS)
{
    cr_assert_eq(tnd_sandbox_enter(), 0);
    syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);
    _exit(3);
}

Test(sandbox, allowed_calls_still_work_after_enter, .exit_code = 0)
{
    cr_assert_eq(tnd_sandbox_enter(), 0);
    /* Zero-length writes go through the filter and keep the log clean. */
    if (syscall(SYS_write, 1, "", 0) != 0)
        _exit(3);
    if (syscall(SYS_write, 2, "", 0) != 0)
        _exit(4);
    struct timespec ts;
    if (syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts) != 0)
        _exit(5);
    if (syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts) != 0)
        _exit(6);
    syscall(SYS_exit_group, 0);
    _exit(7);
}

Test(sandbox, clock_outside_the_list_kills_with_sigsys, .signal = SIGSYS)
{
    cr_assert_eq(tnd_sandbox_enter(), 0);
    struct timespec ts;
    syscall(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, &ts);
    _exit(3);
}

Test(sandbox, declared_output_fd_is_writable, .exit_code = 0)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[1], TND_FD_OUTPUT), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_EVENT), 0);
    cr_assert_eq(tnd_sandbox_enter(), 0);
    if (write(p[1], "x", 1) != 1)
        _exit(3);
    char c = 0;
    if (read(p[0], &c, 1) != 1 || c != 'x')
        _exit(4);
    _exit(0);
}

Test(sandbox, write_to_undeclared_fd_kills_with_sigsys, .signal = SIGSYS)
{
    int declared[2], fresh[2];
    cr_assert_eq(pipe(declared), 0);
    cr_assert_eq(pipe(fresh), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(declared[1], TND_FD_OUTPUT), 0);
    cr_assert_eq(tnd_sandbox_enter(), 0);
    syscall(SYS_write, fresh[1], "x", 1);
    _exit(3);
}

Test(sandbox, write_to_fd_of_a_read_only_role_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    /* A timer fd may be read and armed, never written. */
    cr_assert_eq(tnd_sandbox_allow_fd(p[1], TND_FD_TIMER), 0);
    cr_assert_eq(tnd_sandbox_enter(), 0);
    syscall(SYS_write, p[1], "x", 1);
    _exit(3);
}

Test(sandbox, vcpu_ioctl_outside_the_list_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_VCPU), 0);
    cr_assert_eq(tnd_sandbox_enter(), 0);
    /* KVM_RUN is allowed on a vCPU fd; KVM_SET_REGS is not. */
    syscall(SYS_ioctl, p[0], KVM_SET_REGS, 0);
    _exit(3);
}

Test(sandbox, vcpu_ioctl_on_the_list_passes_the_filter, .exit_code = 0)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_VCPU), 0);
    cr_assert_eq(tnd_sandbox_enter(), 0);
    /* The filter lets it through; the pipe then refuses it (ENOTTY). */
    if (syscall(SYS_ioctl, p[0], KVM_RUN, 0) != -1)
        _exit(3);
    _exit(0);
}
