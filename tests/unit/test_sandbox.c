/* SPDX-License-Identifier: ISC */
/*
 * test_sandbox.c: the seccomp allow-list (tender/sandbox.c).
 *
 * Criterion runs each test in its own process, so a test may turn the
 * sandbox on for itself. Once it is on, Criterion's own reporting needs
 * system calls the list forbids: such tests check with plain ifs, end with
 * raw_exit(), and state the expected ending with .exit_code or .signal. A
 * failed check exits with its own status (3, 4, ...) to tell them apart.
 * syscall() takes its arguments as longs: each is passed as one, or the
 * upper bits of an int are whatever its register held (the filter
 * compares all 64).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/i2c-dev.h>
#include <linux/kvm.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../tender/abi.h"
#include "../../tender/arch.h"
#include "../../tender/core.h"
#include "../../tender/sandbox.h"

/*
 * Ends the test process with exit_group directly. _exit() is intercepted
 * by the sanitizer runtime, whose leak check then makes system calls the
 * filter forbids (a SIGSYS that is the test's, not the tender's).
 */
static noreturn void raw_exit(int status)
{
    syscall(SYS_exit_group, (long)status);
    __builtin_unreachable();
}

/*
 * Turns the sandbox on in a single-threaded copy of the test process. The
 * filter covers every thread of a process (the tender's I/O thread
 * too), and Criterion's process has a thread of its own whose next call
 * (epoll_wait) the tender's list rightly refuses: a SIGSYS that is the
 * harness's, seen about once in five runs. The child runs the rest of
 * the test; the parent ends as the child did (same status, or the same
 * signal), which is what .exit_code and .signal look at. A failure to
 * enter exits 2.
 */
static void enter_alone_after(void (*before)(void))
{
    pid_t pid = fork();
    cr_assert_geq(pid, 0, "fork");
    if (pid == 0) {
        if (before)
            before();
        if (tnd_sandbox_enter() != 0)
            raw_exit(2);
        return;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        cr_assert_eq(errno, EINTR, "waitpid");
    if (WIFSIGNALED(st)) {
        signal(WTERMSIG(st), SIG_DFL);
        raise(WTERMSIG(st));
    }
    _exit(WIFEXITED(st) ? WEXITSTATUS(st) : 1);
}

static void enter_alone(void)
{
    enter_alone_after(NULL);
}

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
        SYS_execve, SYS_execveat, SYS_open,  SYS_socket, SYS_connect,
        SYS_ptrace, SYS_fork,     SYS_vfork, SYS_kill,   SYS_getppid,
    };
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++)
        cr_assert_null(tnd_sandbox_reason(denied[i]),
                       "system call %d must not be allowed", denied[i]);
}

/* openat only creates --dumpcore's file (core_file_* tests below). */
Test(sandbox, openat_is_on_the_list_only_for_dumpcore)
{
    const char *why = tnd_sandbox_reason(SYS_openat);
    cr_assert_not_null(why);
    cr_assert_not_null(strstr(why, "--dumpcore"), "openat: %s", why);
}

Test(sandbox, unknown_numbers_have_no_reason)
{
    cr_assert_null(tnd_sandbox_reason(-1));
    cr_assert_null(tnd_sandbox_reason(NR_SCAN * 100));
}

Test(sandbox, forbidden_getppid_kills_with_sigsys, .signal = SIGSYS)
{
    enter_alone();
    syscall(SYS_getppid);
    raw_exit(3); /* not reached if the filter works */
}

Test(sandbox, forbidden_socket_kills_with_sigsys, .signal = SIGSYS)
{
    enter_alone();
    syscall(SYS_socket, (long)AF_INET, (long)SOCK_STREAM, (long)0);
    raw_exit(3);
}

Test(sandbox, forbidden_openat_kills_with_sigsys, .signal = SIGSYS)
{
    enter_alone();
    syscall(SYS_openat, (long)AT_FDCWD, "/dev/null", (long)O_RDONLY);
    raw_exit(3);
}

Test(sandbox, allowed_calls_still_work_after_enter, .exit_code = 0)
{
    enter_alone();
    /* Zero-length writes go through the filter and keep the log clean. */
    if (syscall(SYS_write, (long)1, "", (long)0) != 0)
        raw_exit(3);
    if (syscall(SYS_write, (long)2, "", (long)0) != 0)
        raw_exit(4);
    struct timespec ts;
    if (syscall(SYS_clock_gettime, (long)CLOCK_MONOTONIC, &ts) != 0)
        raw_exit(5);
    if (syscall(SYS_clock_gettime, (long)CLOCK_REALTIME, &ts) != 0)
        raw_exit(6);
    syscall(SYS_exit_group, (long)0);
    raw_exit(7);
}

Test(sandbox, clock_outside_the_list_kills_with_sigsys, .signal = SIGSYS)
{
    enter_alone();
    struct timespec ts;
    syscall(SYS_clock_gettime, (long)CLOCK_PROCESS_CPUTIME_ID, &ts);
    raw_exit(3);
}

Test(sandbox, declared_output_fd_is_writable, .exit_code = 0)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[1], TND_FD_OUTPUT), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_EVENT), 0);
    enter_alone();
    if (write(p[1], "x", 1) != 1)
        raw_exit(3);
    char c = 0;
    if (read(p[0], &c, 1) != 1 || c != 'x')
        raw_exit(4);
    raw_exit(0);
}

Test(sandbox, write_to_undeclared_fd_kills_with_sigsys, .signal = SIGSYS)
{
    int declared[2], fresh[2];
    cr_assert_eq(pipe(declared), 0);
    cr_assert_eq(pipe(fresh), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(declared[1], TND_FD_OUTPUT), 0);
    enter_alone();
    syscall(SYS_write, (long)fresh[1], "x", (long)1);
    raw_exit(3);
}

Test(sandbox, write_to_fd_of_a_read_only_role_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    /* A timer fd may be read and armed, never written. */
    cr_assert_eq(tnd_sandbox_allow_fd(p[1], TND_FD_TIMER), 0);
    enter_alone();
    syscall(SYS_write, (long)p[1], "x", (long)1);
    raw_exit(3);
}

Test(sandbox, vcpu_ioctl_outside_the_list_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_VCPU), 0);
    enter_alone();
    /* KVM_RUN is allowed on a vCPU fd; KVM_SET_REGS is not. */
    syscall(SYS_ioctl, (long)p[0], (long)KVM_SET_REGS, (long)0);
    raw_exit(3);
}

Test(sandbox, vcpu_ioctl_on_the_list_passes_the_filter, .exit_code = 0)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_VCPU), 0);
    enter_alone();
    /* The filter lets it through; the pipe then refuses it (ENOTTY). */
    if (syscall(SYS_ioctl, (long)p[0], (long)KVM_RUN, (long)0) != -1)
        raw_exit(3);
    raw_exit(0);
}

/* --- parts of the list only some configurations get ------------------- */

/* A read-only page holding the one KVM_IOEVENTFD request allowed. */
static const struct kvm_ioeventfd *prepared_request(void)
{
    struct kvm_ioeventfd *io = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(io, MAP_FAILED);
    io->addr = PV_GPIO_KICK_PIO;
    io->len = 4;
    io->flags = KVM_IOEVENTFD_FLAG_PIO | KVM_IOEVENTFD_FLAG_DEASSIGN;
    cr_assert_eq(mprotect(io, 4096, PROT_READ), 0);
    return io;
}

/* A VM fd stand-in (a pipe: the kernel answers ENOTTY, after the filter). */
static int vm_fd_with_ring(const struct kvm_ioeventfd *allowed)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_VM), 0);
    tnd_sandbox_need(TND_SB_IO_THREAD);
    tnd_sandbox_allow_ioeventfd(allowed);
    return p[0];
}

Test(sandbox, ioeventfd_unregister_request_passes, .exit_code = 0)
{
    const struct kvm_ioeventfd *io = prepared_request();
    int fd = vm_fd_with_ring(io);
    enter_alone();
    if (syscall(SYS_ioctl, (long)fd, (long)KVM_IOEVENTFD, io) != -1)
        raw_exit(3);
    raw_exit(0);
}

Test(sandbox, ioeventfd_with_another_request_kills, .signal = SIGSYS)
{
    int fd = vm_fd_with_ring(prepared_request());
    struct kvm_ioeventfd reg = {
        .addr = 0x700, .len = 4, .fd = 0, .flags = KVM_IOEVENTFD_FLAG_PIO};
    enter_alone();
    syscall(SYS_ioctl, (long)fd, (long)KVM_IOEVENTFD, &reg); /* registering */
    raw_exit(3);
}

Test(sandbox, ioeventfd_without_a_ring_kills, .signal = SIGSYS)
{
    const struct kvm_ioeventfd *io = prepared_request();
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_VM), 0);
    tnd_sandbox_allow_ioeventfd(io); /* but TND_SB_IO_THREAD not needed */
    enter_alone();
    syscall(SYS_ioctl, (long)p[0], (long)KVM_IOEVENTFD, io);
    raw_exit(3);
}

static int vcpu_fd(void)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_VCPU), 0);
    return p[0];
}

/*
 * With the sandbox parts `need` on, makes vCPU ioctl `req` on a pipe
 * standing in for the vCPU: exits 0 if the filter let it through (the
 * pipe refuses it), or dies by SIGSYS if the filter did not.
 */
static noreturn void vcpu_ioctl_with(unsigned need, unsigned long req)
{
    int fd = vcpu_fd();
    tnd_sandbox_need(need);
    enter_alone();
    if (syscall(SYS_ioctl, (long)fd, (long)req, (long)0) != -1)
        raw_exit(3);
    raw_exit(0);
}

Test(sandbox, set_sregs_kills_unless_set_tls_base_is_served, .signal = SIGSYS)
{
    vcpu_ioctl_with(0, TND_ARCH_VCPU_TLS_IOCTL);
}

/* Where the TLS ioctl is pinned (aarch64), the one allowed request. */
static const char tls_request[64];

Test(sandbox, set_sregs_passes_when_set_tls_base_is_served, .exit_code = 0)
{
    int fd = vcpu_fd();
    tnd_sandbox_need(TND_SB_SET_TLS);
    long arg = 0;
    if (TND_ARCH_TLS_PINNED) {
        tnd_sandbox_allow_tls_arg(tls_request);
        arg = (long)tls_request;
    }
    enter_alone();
    if (syscall(SYS_ioctl, (long)fd, (long)TND_ARCH_VCPU_TLS_IOCTL, arg) != -1)
        raw_exit(3);
    raw_exit(0);
}

#if TND_ARCH_TLS_PINNED
/* aarch64: KVM_SET_ONE_REG only with the request that names TPIDR_EL0. */
Test(sandbox, tls_ioctl_with_another_request_kills, .signal = SIGSYS)
{
    int fd = vcpu_fd();
    tnd_sandbox_need(TND_SB_SET_TLS);
    tnd_sandbox_allow_tls_arg(tls_request);
    enter_alone();
    if (syscall(SYS_ioctl, (long)fd, (long)TND_ARCH_VCPU_TLS_IOCTL,
                (long)tls_request) != -1)
        raw_exit(3);
    syscall(SYS_ioctl, (long)fd, (long)TND_ARCH_VCPU_TLS_IOCTL,
            (long)(tls_request + 8));
    raw_exit(4);
}

Test(sandbox, tls_ioctl_without_a_prepared_request_kills, .signal = SIGSYS)
{
    int fd = vcpu_fd();
    tnd_sandbox_need(TND_SB_SET_TLS);
    enter_alone();
    syscall(SYS_ioctl, (long)fd, (long)TND_ARCH_VCPU_TLS_IOCTL,
            (long)tls_request);
    raw_exit(3);
}
#endif

Test(sandbox, close_of_an_undeclared_fd_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[1], TND_FD_OUTPUT), 0);
    enter_alone();
    syscall(SYS_close, (long)p[0]);
    raw_exit(3);
}

Test(sandbox, close_of_trace_and_line_request_passes, .exit_code = 0)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_GPIO_REQ), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[1], TND_FD_OUTPUT), 0);
    enter_alone();
    if (syscall(SYS_close, (long)p[0]) != 0)
        raw_exit(3);
    if (syscall(SYS_close, (long)p[1]) != 0)
        raw_exit(4);
    raw_exit(0);
}

/* Helper threads run on stacks of their own, which glibc never frees. */
Test(sandbox, madvise_kills_even_with_a_second_thread, .signal = SIGSYS)
{
    void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(m, MAP_FAILED);
    tnd_sandbox_need(TND_SB_IO_THREAD | TND_SB_GPIO_SLEEP | TND_SB_SET_TLS);
    enter_alone();
    syscall(SYS_madvise, m, (long)4096, (long)MADV_DONTNEED);
    raw_exit(3);
}

/*
 * A helper thread ending under the filter, with RLIMIT_STACK at 64 MiB:
 * glibc would unmap a default stack of that size at the join (munmap,
 * refused); the tender's helper threads run on stacks of their own.
 * Not in sanitizer builds, whose runtime unmaps its own per-thread state
 * when a thread ends (the production tender has no sanitizer;
 * faults.test.sh runs the same ending on the real tender).
 */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
static atomic_int helper_go;
static pthread_t helper;

static void *helper_waits(void *arg)
{
    atomic_store(&helper_go, 1);
    while (atomic_load(&helper_go) == 1)
        ;
    return arg;
}

static void start_helper_with_a_big_rlimit_stack(void)
{
    struct rlimit big = {64L << 20, RLIM_INFINITY};
    if (setrlimit(RLIMIT_STACK, &big) != 0 ||
        tnd_core_thread_create(&helper, helper_waits, NULL) != 0)
        raw_exit(5);
    while (atomic_load(&helper_go) == 0)
        ;
}

Test(sandbox, helper_thread_exit_and_join_pass_the_filter, .exit_code = 0)
{
    tnd_sandbox_need(TND_SB_IO_THREAD);
    enter_alone_after(start_helper_with_a_big_rlimit_stack);
    atomic_store(&helper_go, 2);
    if (pthread_join(helper, NULL) != 0)
        raw_exit(3);
    raw_exit(0);
}
#endif

Test(sandbox, fdatasync_of_a_block_file_passes, .exit_code = 0)
{
    char path[] = "/tmp/pinvisor-sandbox-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    unlink(path);
    cr_assert_eq(tnd_sandbox_allow_fd(fd, TND_FD_BLOCK), 0);
    enter_alone();
    if (syscall(SYS_fdatasync, (long)fd) != 0)
        raw_exit(3);
    raw_exit(0);
}

/* fdatasync only on block files and the trace (TND_FD_OUTPUT). */
Test(sandbox, fdatasync_of_another_fd_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[1], TND_FD_TAP), 0);
    enter_alone();
    syscall(SYS_fdatasync, (long)p[1]);
    raw_exit(3);
}

Test(sandbox, ppoll_on_more_than_one_fd_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    tnd_sandbox_need(TND_SB_IO_THREAD);
    enter_alone();
    struct pollfd fds[2] = {{.fd = p[0], .events = POLLIN},
                            {.fd = p[1], .events = POLLOUT}};
    struct timespec zero = {0, 0};
    if (syscall(SYS_ppoll, fds, (long)1, &zero, NULL, (long)8) != 0)
        raw_exit(3); /* one fd, nothing to read: allowed, times out */
    syscall(SYS_ppoll, fds, (long)2, &zero, NULL, (long)8);
    raw_exit(4);
}

/* Every tender waits on stdout and stderr with ppoll on one fd. */
Test(sandbox, ppoll_on_one_fd_passes_without_a_second_thread, .exit_code = 0)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    enter_alone();
    struct pollfd fd = {.fd = p[1], .events = POLLOUT};
    struct timespec zero = {0, 0};
    if (syscall(SYS_ppoll, &fd, (long)1, &zero, NULL, (long)8) != 1)
        raw_exit(3);
    raw_exit(0);
}

Test(sandbox, thread_exit_without_a_second_thread_kills, .signal = SIGSYS)
{
    enter_alone();
    syscall(SYS_exit, (long)0); /* only the GPIO thread ends with exit */
    raw_exit(3);
}

Test(sandbox, clock_nanosleep_without_gpio_kills, .signal = SIGSYS)
{
    enter_alone();
    struct timespec zero = {0, 0};
    syscall(SYS_clock_nanosleep, (long)CLOCK_MONOTONIC, (long)0, &zero, NULL);
    raw_exit(3);
}

Test(sandbox, clock_nanosleep_with_gpio_passes, .exit_code = 0)
{
    tnd_sandbox_need(TND_SB_GPIO_SLEEP);
    enter_alone();
    struct timespec zero = {0, 0};
    if (syscall(SYS_clock_nanosleep, (long)CLOCK_MONOTONIC, (long)0, &zero,
                NULL) != 0)
        raw_exit(3);
    raw_exit(0);
}

/*
 * I2C: an i2c-dev fd's role allows only its own requests. The calls go
 * to pipes (ENOTTY): the filter decides before the driver does.
 */
Test(sandbox, i2c_rdwr_on_its_role_passes, .exit_code = 0)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_I2C_RDWR), 0);
    enter_alone();
    if (syscall(SYS_ioctl, (long)p[0], (long)I2C_RDWR, (long)0) != -1 ||
        errno != ENOTTY)
        raw_exit(3);
    raw_exit(0);
}

Test(sandbox, i2c_slave_on_the_rdwr_role_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_I2C_RDWR), 0);
    enter_alone();
    syscall(SYS_ioctl, (long)p[0], (long)I2C_SLAVE, (long)0x48);
    raw_exit(3);
}

Test(sandbox, i2c_rdwr_on_the_smbus_role_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_I2C_SMBUS), 0);
    enter_alone();
    syscall(SYS_ioctl, (long)p[0], (long)I2C_RDWR, (long)0);
    raw_exit(3);
}

Test(sandbox, i2c_rdwr_without_an_i2c_device_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_GPIO_REQ), 0);
    enter_alone();
    syscall(SYS_ioctl, (long)p[0], (long)I2C_RDWR, (long)0);
    raw_exit(3);
}

/*
 * UART: a tty's role allows its termios ioctls, its break and modem
 * roles (a grant with break, modem) those ioctls, nothing else (TIOCSTI
 * would push bytes into the terminal's input). The calls go to pipes
 * (ENOTTY): the filter decides before the driver does.
 */
Test(sandbox, uart_termios_on_its_role_passes, .exit_code = 0)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_UART), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_UART_BREAK), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_UART_MODEM), 0);
    enter_alone();
    static const unsigned long ok[] = {TCGETS,  TCSETS,   TIOCOUTQ, TCFLSH,
                                       TCSBRKP, TIOCMBIS, TIOCMBIC, TIOCMGET};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (syscall(SYS_ioctl, (long)p[0], (long)ok[i], (long)0) != -1 ||
            errno != ENOTTY)
            raw_exit(3);
    if (syscall(SYS_read, (long)p[0], (long)0, (long)0) != 0)
        raw_exit(4);
    raw_exit(0);
}

Test(sandbox, uart_tiocsti_on_its_role_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_UART), 0);
    enter_alone();
    syscall(SYS_ioctl, (long)p[0], (long)TIOCSTI, (long)0);
    raw_exit(3);
}

Test(sandbox, uart_modem_ioctl_without_modem_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_UART), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_UART_BREAK), 0);
    enter_alone();
    syscall(SYS_ioctl, (long)p[0], (long)TIOCMBIS, (long)0);
    raw_exit(3);
}

Test(sandbox, uart_break_without_break_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_UART), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_UART_MODEM), 0);
    enter_alone();
    syscall(SYS_ioctl, (long)p[0], (long)TCSBRKP, (long)0);
    raw_exit(3);
}

Test(sandbox, uart_termios_without_a_uart_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(p[0], TND_FD_TAP), 0);
    enter_alone();
    syscall(SYS_ioctl, (long)p[0], (long)TCSETS, (long)0);
    raw_exit(3);
}

/*
 * A directory declared as --dumpcore's. It is removed at once (the test
 * cannot clean up once the filter is on): creating a file in it then
 * fails with ENOENT, after the filter has let the call through.
 */
static int core_dir(void)
{
    char tmpl[] = "/tmp/pv-sandbox-XXXXXX";
    cr_assert_not_null(mkdtemp(tmpl));
    int fd = open(tmpl, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    cr_assert_geq(fd, 0);
    cr_assert_eq(rmdir(tmpl), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(fd, TND_FD_COREDIR), 0);
    return fd;
}

Test(sandbox, core_file_calls_pass_with_dumpcore, .exit_code = 0)
{
    int dir = core_dir();
    int p[2];
    cr_assert_eq(pipe(p), 0);
    tnd_sandbox_need(TND_SB_DUMPCORE);
    static unsigned char page[4096] __attribute__((aligned(4096))), vec[1];
    enter_alone();
    if (syscall(SYS_openat, (long)dir, "core", (long)TND_DUMPCORE_FLAGS,
                (long)0600) != -1 ||
        errno != ENOENT)
        raw_exit(3);
    /* The core file's fd is new: any fd passes (a pipe's calls fail). */
    if (syscall(SYS_pwrite64, (long)p[1], "x", (long)1, (long)0) != -1)
        raw_exit(4);
    if (syscall(SYS_mincore, page, (long)sizeof page, vec) != 0)
        raw_exit(5);
    if (syscall(SYS_fsync, (long)p[1]) != -1)
        raw_exit(6);
    if (syscall(SYS_close, (long)p[1]) != 0)
        raw_exit(7);
    raw_exit(0);
}

Test(sandbox, core_file_open_without_dumpcore_kills, .signal = SIGSYS)
{
    int dir = core_dir();
    enter_alone();
    syscall(SYS_openat, (long)dir, "core", (long)TND_DUMPCORE_FLAGS,
            (long)0600);
    raw_exit(3);
}

Test(sandbox, mincore_without_dumpcore_kills, .signal = SIGSYS)
{
    static unsigned char page[4096] __attribute__((aligned(4096))), vec[1];
    enter_alone();
    syscall(SYS_mincore, page, (long)sizeof page, vec);
    raw_exit(3);
}

Test(sandbox, pwrite_without_dumpcore_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    enter_alone();
    syscall(SYS_pwrite64, (long)p[1], "x", (long)1, (long)0);
    raw_exit(3);
}

Test(sandbox, fsync_without_dumpcore_kills, .signal = SIGSYS)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    enter_alone();
    syscall(SYS_fsync, (long)p[1]);
    raw_exit(3);
}

Test(sandbox, core_open_with_other_flags_kills, .signal = SIGSYS)
{
    int dir = core_dir();
    tnd_sandbox_need(TND_SB_DUMPCORE);
    enter_alone();
    /* No O_EXCL: could open an existing file of that directory. */
    syscall(SYS_openat, (long)dir, "core", (long)(O_WRONLY | O_CREAT),
            (long)0600);
    raw_exit(3);
}

Test(sandbox, core_open_outside_its_directory_kills, .signal = SIGSYS)
{
    core_dir();
    tnd_sandbox_need(TND_SB_DUMPCORE);
    enter_alone();
    syscall(SYS_openat, (long)AT_FDCWD, "/tmp/pv-core",
            (long)TND_DUMPCORE_FLAGS, (long)0600);
    raw_exit(3);
}

/* A socket pair; the first end declared as --gdb's connection. */
static int gdb_fd(void)
{
    int sv[2];
    cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    cr_assert_eq(tnd_sandbox_allow_fd(sv[0], TND_FD_GDB), 0);
    return sv[0];
}

/*
 * The stub's calls (tender/debug/gdb_stub.c): recv and send that never
 * wait, ppoll with the stop signals blocked around it, and close at a
 * detach. With the ring threads' needs too, the two rt_sigprocmask rows
 * go together.
 */
static void gdb_calls(unsigned needs)
{
    int fd = gdb_fd();
    int vcpu = vcpu_fd();
    tnd_sandbox_need(needs);
    enter_alone();
    char c;
    if (syscall(SYS_sendto, (long)fd, "+", (long)1,
                (long)(MSG_DONTWAIT | MSG_NOSIGNAL), (long)0, (long)0) != 1)
        raw_exit(3);
    if (syscall(SYS_recvfrom, (long)fd, &c, (long)1, (long)MSG_DONTWAIT,
                (long)0, (long)0) != -1)
        raw_exit(4);
    sigset_t stop, old;
    tnd_core_stop_signals(&stop);
    struct pollfd p = {.fd = fd, .events = POLLOUT};
    struct timespec ts = {0, 0};
    if (syscall(SYS_rt_sigprocmask, (long)SIG_BLOCK, &stop, &old, (long)8) ||
        syscall(SYS_ppoll, &p, (long)1, &ts, &old, (long)8) != 1 ||
        syscall(SYS_rt_sigprocmask, (long)SIG_SETMASK, &old, (long)0, (long)8))
        raw_exit(5);
    /* On the pipe standing in for the vCPU the ioctls fail, unkilled. */
    if (syscall(SYS_ioctl, (long)vcpu, (long)KVM_SET_GUEST_DEBUG, (long)0) !=
            -1 ||
        syscall(SYS_ioctl, (long)vcpu, (long)TND_ARCH_VCPU_SET_REGS, (long)0) !=
            -1)
        raw_exit(6);
    if (syscall(SYS_close, (long)fd) != 0)
        raw_exit(7);
    raw_exit(0);
}

Test(sandbox, gdb_calls_pass_with_gdb, .exit_code = 0)
{
    gdb_calls(TND_SB_GDB);
}

Test(sandbox, gdb_calls_pass_with_gdb_and_a_ring_thread, .exit_code = 0)
{
    gdb_calls(TND_SB_GDB | TND_SB_IO_THREAD);
}

Test(sandbox, gdb_send_without_gdb_kills, .signal = SIGSYS)
{
    int fd = gdb_fd();
    enter_alone();
    syscall(SYS_sendto, (long)fd, "+", (long)1, (long)MSG_DONTWAIT, (long)0,
            (long)0);
    raw_exit(3);
}

Test(sandbox, gdb_close_without_gdb_kills, .signal = SIGSYS)
{
    int fd = gdb_fd();
    enter_alone();
    syscall(SYS_close, (long)fd);
    raw_exit(3);
}

Test(sandbox, gdb_signal_mask_without_gdb_kills, .signal = SIGSYS)
{
    sigset_t stop;
    tnd_core_stop_signals(&stop);
    enter_alone();
    syscall(SYS_rt_sigprocmask, (long)SIG_BLOCK, &stop, (long)0, (long)8);
    raw_exit(3);
}

/* The stub sends and receives; plain write and read stay refused. */
Test(sandbox, gdb_write_kills_even_with_gdb, .signal = SIGSYS)
{
    int fd = gdb_fd();
    tnd_sandbox_need(TND_SB_GDB);
    enter_alone();
    syscall(SYS_write, (long)fd, "+", (long)1);
    raw_exit(3);
}

Test(sandbox, gdb_read_kills_even_with_gdb, .signal = SIGSYS)
{
    int fd = gdb_fd();
    char c;
    tnd_sandbox_need(TND_SB_GDB);
    enter_alone();
    syscall(SYS_read, (long)fd, &c, (long)0);
    raw_exit(3);
}

/* The stub's send and recv never wait: flags pinned. */
Test(sandbox, gdb_send_that_may_wait_kills_even_with_gdb, .signal = SIGSYS)
{
    int fd = gdb_fd();
    tnd_sandbox_need(TND_SB_GDB);
    enter_alone();
    syscall(SYS_sendto, (long)fd, "+", (long)1, (long)MSG_NOSIGNAL, (long)0,
            (long)0);
    raw_exit(3);
}

Test(sandbox, gdb_recv_that_may_wait_kills_even_with_gdb, .signal = SIGSYS)
{
    int fd = gdb_fd();
    char c;
    tnd_sandbox_need(TND_SB_GDB);
    enter_alone();
    syscall(SYS_recvfrom, (long)fd, &c, (long)1, (long)0, (long)0, (long)0);
    raw_exit(3);
}

Test(sandbox, gdb_recv_without_gdb_kills, .signal = SIGSYS)
{
    int fd = gdb_fd();
    char c;
    enter_alone();
    syscall(SYS_recvfrom, (long)fd, &c, (long)1, (long)MSG_DONTWAIT, (long)0,
            (long)0);
    raw_exit(3);
}

Test(sandbox, guest_debug_ioctl_without_gdb_kills, .signal = SIGSYS)
{
    vcpu_ioctl_with(0, KVM_SET_GUEST_DEBUG);
}

Test(sandbox, register_write_without_gdb_kills, .signal = SIGSYS)
{
    vcpu_ioctl_with(0, TND_ARCH_VCPU_SET_REGS);
}

Test(sandbox, recv_on_another_fd_with_gdb_kills, .signal = SIGSYS)
{
    gdb_fd();
    int sv[2];
    cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    tnd_sandbox_need(TND_SB_GDB);
    char c;
    enter_alone();
    syscall(SYS_recvfrom, (long)sv[0], &c, (long)1, (long)MSG_DONTWAIT, (long)0,
            (long)0);
    raw_exit(3);
}

#ifdef TND_ARCH_VCPU_CORE_IOCTL
Test(sandbox, fpu_read_passes_with_gdb, .exit_code = 0)
{
    vcpu_ioctl_with(TND_SB_GDB, TND_ARCH_VCPU_CORE_IOCTL);
}

Test(sandbox, fpu_read_without_gdb_or_dumpcore_kills, .signal = SIGSYS)
{
    vcpu_ioctl_with(0, TND_ARCH_VCPU_CORE_IOCTL);
}
#endif

/* A configuration beyond the filter's size installs nothing. */
Test(sandbox, too_large_a_filter_installs_nothing)
{
    for (int fd = 0; fd < 256; fd++)
        cr_assert_eq(tnd_sandbox_allow_fd(1000 + fd, TND_FD_GPIO_REQ), 0);
    cr_assert_eq(tnd_sandbox_enter(), -E2BIG);
    FILE *f = fopen("/proc/self/status", "r");
    cr_assert_not_null(f);
    char line[256];
    int seccomp = -1, nnp = -1;
    while (fgets(line, sizeof line, f)) {
        sscanf(line, "Seccomp: %d", &seccomp);
        sscanf(line, "NoNewPrivs: %d", &nnp);
    }
    fclose(f);
    cr_assert_eq(seccomp, 0);
    cr_assert_eq(nnp, 0);
}
