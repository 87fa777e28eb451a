/* SPDX-License-Identifier: ISC */
/*
 * core.c: the tender's registries (hypercall handlers, poll sources, exit
 * hooks), the HALT hypercall, and every way the tender ends after set-up.
 */
#include <errno.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "abi.h"
#include "arch.h"
#include "clock.h"
#include "core.h"
#include "gpa.h"
#include "log.h"
#include "vm.h"

#define MAX_EXIT_HOOKS 16

static tnd_hypercall_fn_t hypercalls[PV_HC_MAX];
static struct tnd_pollsrc pollsrcs[TND_MAX_POLLSRCS];
static unsigned npollsrcs;
static tnd_exit_hook_fn_t exit_hooks[MAX_EXIT_HOOKS];
static tnd_start_hook_fn_t start_hooks[MAX_EXIT_HOOKS];
static unsigned nstart_hooks;
static unsigned nexit_hooks;
static atomic_bool hooks_ran;

atomic_int tnd_core_signal;
struct tnd_vm *tnd_core_vm;

int tnd_core_register_hypercall(unsigned nr, tnd_hypercall_fn_t fn)
{
    if (nr == 0 || nr >= PV_HC_MAX || nr == PV_HC_HALT || hypercalls[nr])
        return -1;
    hypercalls[nr] = fn;
    return 0;
}

tnd_hypercall_fn_t tnd_core_hypercall(unsigned nr)
{
    return nr < PV_HC_MAX ? hypercalls[nr] : NULL;
}

int tnd_core_hypercall_dispatch(struct tnd_vm *vm, unsigned nr, uint64_t gpa,
                                bool *halted)
{
    if (nr == PV_HC_HALT) {
        *halted = true;
        return tnd_core_halt(vm, gpa);
    }
    tnd_hypercall_fn_t fn = tnd_core_hypercall(nr);
    if (fn == NULL)
        tnd_die("invalid guest hypercall %u (%s): no such hypercall or no "
                "device of its class attached",
                nr, tnd_core_hypercall_name(nr));
    fn(vm, gpa);
    return 0;
}

const char *tnd_core_hypercall_name(unsigned nr)
{
    static const char *const names[PV_HC_MAX] = {
        [PV_HC_WALLTIME] = "WALLTIME",
        [PV_HC_PUTS] = "PUTS",
        [PV_HC_POLL] = "POLL",
        [PV_HC_BLOCK_WRITE] = "BLOCK_WRITE",
        [PV_HC_BLOCK_READ] = "BLOCK_READ",
        [PV_HC_NET_WRITE] = "NET_WRITE",
        [PV_HC_NET_READ] = "NET_READ",
        [PV_HC_HALT] = "HALT",
        [PV_HC_GPIO_SET] = "GPIO_SET",
        [PV_HC_GPIO_INPUT] = "GPIO_INPUT",
        [PV_HC_GPIO_OUTPUT] = "GPIO_OUTPUT",
        [PV_HC_GPIO_CLEAR] = "GPIO_CLEAR",
        [PV_HC_GPIO_READ_EVENT] = "GPIO_READ_EVENT",
        [PV_HC_GPIO_SEQUENCE] = "GPIO_SEQUENCE",
        [PV_HC_I2C_TRANSFER] = "I2C_TRANSFER",
        [PV_HC_SET_TLS_BASE] = "SET_TLS_BASE",
        [PV_HC_UART_WRITE] = "UART_WRITE",
        [PV_HC_UART_READ] = "UART_READ",
        [PV_HC_UART_CONFIG] = "UART_CONFIG",
        [PV_HC_UART_LINES] = "UART_LINES",
    };
    return nr < PV_HC_MAX && names[nr] ? names[nr] : "unknown";
}

int tnd_core_register_pollsrc(const struct tnd_pollsrc *src)
{
    if (npollsrcs == TND_MAX_POLLSRCS)
        return -1;
    pollsrcs[npollsrcs++] = *src;
    return 0;
}

const struct tnd_pollsrc *tnd_core_pollsrcs(unsigned *n)
{
    *n = npollsrcs;
    return pollsrcs;
}

int tnd_core_register_exit_hook(tnd_exit_hook_fn_t fn)
{
    if (nexit_hooks == MAX_EXIT_HOOKS)
        return -1;
    exit_hooks[nexit_hooks++] = fn;
    return 0;
}

int tnd_core_register_start_hook(tnd_start_hook_fn_t fn)
{
    if (nstart_hooks == MAX_EXIT_HOOKS)
        return -1;
    start_hooks[nstart_hooks++] = fn;
    return 0;
}

void tnd_core_run_start_hooks(struct tnd_vm *vm)
{
    uint64_t t0 = tnd_clock_now_ns();
    for (unsigned i = 0; i < nstart_hooks; i++)
        start_hooks[i](vm, t0);
}

void tnd_core_run_exit_hooks(int status)
{
    if (atomic_exchange(&hooks_ran, true))
        return;
    for (unsigned i = nexit_hooks; i-- > 0;)
        exit_hooks[i](tnd_core_vm, status);
}

bool tnd_core_exiting(void)
{
    return atomic_load(&hooks_ran);
}

void tnd_core_exit(int status)
{
    tnd_core_run_exit_hooks(status);
    _exit(status);
}

int tnd_core_halt(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_halt h;
    memcpy(&h, tnd_gpa_ptr(vm, gpa, sizeof h, "HALT argument"), sizeof h);
    /* Statuses above 255 cannot reach the operator; Solo5 reserves them. */
    int status = h.exit_status;
    if (status < 0 || status > TND_EXIT_ABORT)
        status = TND_EXIT_ABORT;
    if (h.cookie) {
        const void *c =
            tnd_gpa_ptr(vm, h.cookie, PV_HALT_COOKIE_MAX, "HALT cookie");
        vm->stop.kind = TND_STOP_COOKIE;
        vm->stop.gpa = h.cookie;
        /* The outputs are safe before the dump is written. */
        tnd_core_run_exit_hooks(status);
        tnd_arch_dump_cookie(c);
    }
    return status;
}

/* Set before tnd_core_signal is: whoever reads -1 there sees it. */
static _Atomic(const char *) fatal_msg;
static pthread_t vcpu_thread;
static atomic_bool have_vcpu_thread; /* vcpu_thread is set */

/*
 * The catchable signals whose default action ends the process, except
 * those that report a fault of the tender itself (SIGSEGV, SIGBUS,
 * SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS): each stops the tender
 * through the exit path. SIGUSR1 is tnd_core_fatal_async's. The
 * real-time signals SIGRTMIN..SIGRTMAX are added by tnd_core_stop_signals(),
 * and signal 32 (glibc's SIGCANCEL, which its API refuses) by
 * tnd_core_install_signals and tnd_core_thread_create through the raw
 * system calls.
 */
static const int stops[] = {SIGINT,  SIGTERM,   SIGHUP,  SIGQUIT, SIGALRM,
                            SIGUSR2, SIGVTALRM, SIGPROF, SIGIO,   SIGPWR,
                            SIGXCPU, SIGSTKFLT, SIGUSR1};

void tnd_core_stop_signals(sigset_t *set)
{
    sigemptyset(set);
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++)
        sigaddset(set, stops[i]);
    for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
        sigaddset(set, sig);
}

/*
 * The stop signals' mask as the kernel has it (64 bits on x86_64 and
 * aarch64), with signal 32, which sigaddset refuses.
 */
static uint64_t kernel_stop_mask(void);

void tnd_core_block_stop_signals(sigset_t *old)
{
    uint64_t set = kernel_stop_mask(), was = 0;
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &was, sizeof set);
    sigemptyset(old);
    memcpy(old, &was, sizeof was); /* glibc's sigset_t starts as the kernel's */
}

void tnd_core_restore_signals(const sigset_t *old)
{
    uint64_t was;
    memcpy(&was, old, sizeof was);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &was, NULL, sizeof was);
}

/* Asks KVM_RUN to return at its next entry (or now, with a signal). */
static void kick_vcpu(void)
{
    struct tnd_vm *vm = tnd_core_vm;
    if (vm && vm->run)
        __atomic_store_n(&vm->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
}

/*
 * Every stop signal but SIGUSR1 stops the guest (the vCPU loop and
 * every wait check tnd_core_signal). SIGUSR1 only interrupts the vCPU
 * thread for tnd_core_fatal_async, which has set tnd_core_signal; sent
 * by anyone else it changes nothing. Only the vCPU thread takes these
 * signals (other threads are made with tnd_core_thread_create), so the
 * one that interrupts KVM_RUN is the one that runs this handler.
 */
static void on_signal(int sig)
{
    if (sig != SIGUSR1)
        atomic_store(&tnd_core_signal, sig);
    if (atomic_load(&tnd_core_signal))
        kick_vcpu();
}

void tnd_core_fatal_async(const char *msg)
{
    atomic_store(&fatal_msg, msg);
    atomic_store(&tnd_core_signal, -1);
    kick_vcpu();
    if (atomic_load(&have_vcpu_thread))
        pthread_kill(vcpu_thread, SIGUSR1);
}

/*
 * Signal 32, glibc's SIGCANCEL: glibc installs its handler only in
 * pthread_cancel (which the tender never calls), so its default action
 * ends the process; sigaction, sigaddset and pthread_sigmask refuse it,
 * and pthread_create unblocks it in a new thread. Signal 33 (SIGSETXID)
 * needs nothing: glibc's handler ignores it unless the process sent it
 * to itself (setuid and friends, which the tender never calls).
 */
#define SIG_GLIBC_CANCEL 32

/* The kernel's struct sigaction (rt_sigaction) on x86_64 and aarch64. */
struct kernel_sigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
};

static uint64_t kernel_sigbit(int sig)
{
    return 1ULL << (sig - 1);
}

static uint64_t kernel_stop_mask(void)
{
    sigset_t set;
    tnd_core_stop_signals(&set);
    uint64_t k = kernel_sigbit(SIG_GLIBC_CANCEL);
    for (int sig = 1; sig <= 64; sig++)
        if (sigismember(&set, sig) == 1)
            k |= kernel_sigbit(sig);
    return k;
}

/* A helper thread's start: blocks signal 32 too, then runs fn(arg). */
struct thread_start {
    void *(*fn)(void *);
    void *arg;
};

static void *thread_start(void *p)
{
    struct thread_start *s = p;
    uint64_t set = kernel_sigbit(SIG_GLIBC_CANCEL);
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, sizeof set);
    return s->fn(s->arg);
}

/*
 * A helper thread's stack: its own mapping, made here before the
 * sandbox and never freed. glibc neither madvises nor unmaps a stack
 * the caller supplied, so a thread's exit and pthread_join need no
 * system call beyond futex and exit, whatever RLIMIT_STACK says.
 */
#define THREAD_STACK (256 * 1024)

int tnd_core_thread_create(pthread_t *t, void *(*fn)(void *), void *arg)
{
    long page = sysconf(_SC_PAGESIZE);
    size_t guard = page > 0 ? (size_t)page : 4096;
    uint8_t *m = mmap(NULL, THREAD_STACK + guard, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (m == MAP_FAILED)
        return EAGAIN;
    if (mprotect(m, guard, PROT_NONE) != 0) { /* the stack grows down */
        munmap(m, THREAD_STACK + guard);
        return EAGAIN;
    }
    /* The start's arguments at the stack's low end, below its use. */
    struct thread_start *start = (struct thread_start *)(m + guard);
    start->fn = fn;
    start->arg = arg;
    size_t low = 64;
    pthread_attr_t attr;
    int rc = pthread_attr_init(&attr);
    if (rc == 0)
        rc = pthread_attr_setstack(&attr, m + guard + low, THREAD_STACK - low);
    if (rc) {
        munmap(m, THREAD_STACK + guard);
        return rc;
    }
    sigset_t block, old;
    tnd_core_stop_signals(&block);
    /* The new thread inherits the mask: blocked from its first instant. */
    pthread_sigmask(SIG_BLOCK, &block, &old);
    rc = pthread_create(t, &attr, thread_start, start);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (rc)
        munmap(m, THREAD_STACK + guard);
    return rc;
}

void tnd_core_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal; /* no SA_RESTART: waits return EINTR */
    tnd_core_stop_signals(&sa.sa_mask);
    for (int sig = 1; sig <= SIGRTMAX; sig++)
        if (sigismember(&sa.sa_mask, sig) == 1 &&
            sigaction(sig, &sa, NULL) != 0)
            tnd_die_errno("sigaction failed");
    /*
     * Signal 32 gets the same action through the raw system call: the
     * kernel's copy of SIGTERM's (with the restorer glibc set there).
     */
    struct kernel_sigaction k;
    if (syscall(SYS_rt_sigaction, SIGTERM, NULL, &k, sizeof k.mask) != 0)
        tnd_die_errno("rt_sigaction failed");
    k.mask |= kernel_sigbit(SIG_GLIBC_CANCEL);
    if (syscall(SYS_rt_sigaction, SIG_GLIBC_CANCEL, &k, NULL, sizeof k.mask) !=
        0)
        tnd_die_errno("rt_sigaction failed");
    /*
     * A closed stdout must not kill us before the lines go safe, nor a
     * file that reached RLIMIT_FSIZE: the write fails instead (EPIPE,
     * EFBIG).
     */
    sa.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &sa, NULL) != 0 ||
        sigaction(SIGXFSZ, &sa, NULL) != 0)
        tnd_die_errno("sigaction failed");
    vcpu_thread = pthread_self();
    atomic_store(&have_vcpu_thread, true);
}

void tnd_core_check_signal(void)
{
    if (atomic_load(&tnd_core_signal))
        tnd_core_exit_on_signal();
}

/* "SIGUSR2", "SIGRTMIN+3": the name of stop signal sig. */
static void signal_name(int sig, char *buf, size_t size)
{
    static const struct {
        int sig;
        const char *name;
    } names[] = {
        {SIGINT, "SIGINT"},       {SIGTERM, "SIGTERM"},
        {SIGHUP, "SIGHUP"},       {SIGQUIT, "SIGQUIT"},
        {SIGALRM, "SIGALRM"},     {SIGUSR2, "SIGUSR2"},
        {SIGVTALRM, "SIGVTALRM"}, {SIGPROF, "SIGPROF"},
        {SIGIO, "SIGIO"},         {SIGPWR, "SIGPWR"},
        {SIGXCPU, "SIGXCPU"},     {SIGSTKFLT, "SIGSTKFLT"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].sig == sig) {
            snprintf(buf, size, "%s", names[i].name);
            return;
        }
    if (sig < SIGRTMIN) {
        snprintf(buf, size, "signal %d", sig);
        return;
    }
    snprintf(buf, size, "SIGRTMIN+%d", sig - SIGRTMIN);
}

void tnd_core_exit_on_signal_while(const char *what)
{
    int sig = atomic_load(&tnd_core_signal);
    if (sig == -1)
        tnd_die("%s", atomic_load(&fatal_msg));
    char name[32];
    signal_name(sig, name, sizeof name);
    if (what)
        tnd_die("stopped by %s while %s", name, what);
    tnd_die("stopped by %s", name);
}

void tnd_core_exit_on_signal(void)
{
    tnd_core_exit_on_signal_while(NULL);
}
