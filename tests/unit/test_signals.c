/* SPDX-License-Identifier: ISC */
/*
 * test_signals.c: stop signals and the tender's threads (tender/core.c).
 * A stop signal sent to the process must land on the vCPU thread (the one
 * that installed the handlers), never on a helper thread made with
 * tnd_core_thread_create, or a guest spinning in KVM_RUN is never
 * interrupted.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "../../tender/core.h"

static const int stops[] = {SIGINT,  SIGTERM, SIGHUP,    SIGQUIT,
                            SIGUSR1, SIGALRM, SIGUSR2,   SIGPROF,
                            SIGIO,   SIGPWR,  SIGVTALRM, SIGXCPU};

static atomic_int helper_state; /* 1 running, 2 told to stop */
static sigset_t helper_mask;

static void *helper(void *arg)
{
    (void)arg;
    pthread_sigmask(SIG_BLOCK, NULL, &helper_mask);
    atomic_store(&helper_state, 1);
    while (atomic_load(&helper_state) == 1) {
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL); /* a signal it took would show here too */
    }
    return NULL;
}

static pthread_t start_helper(void)
{
    pthread_t t;
    cr_assert_eq(tnd_core_thread_create(&t, helper, NULL), 0);
    while (atomic_load(&helper_state) == 0)
        sched_yield();
    return t;
}

Test(signals, helper_threads_block_every_stop_signal)
{
    pthread_t t = start_helper();
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++)
        cr_expect(sigismember(&helper_mask, stops[i]),
                  "signal %d is not blocked in the helper", stops[i]);
    for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
        cr_expect(sigismember(&helper_mask, sig),
                  "signal %d is not blocked in the helper", sig);
    atomic_store(&helper_state, 2);
    pthread_join(t, NULL);
}

Test(signals, creating_a_helper_leaves_the_callers_mask_alone)
{
    sigset_t before, after;
    pthread_sigmask(SIG_BLOCK, NULL, &before);
    pthread_t t = start_helper();
    pthread_sigmask(SIG_BLOCK, NULL, &after);
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++)
        cr_expect_eq(sigismember(&before, stops[i]),
                     sigismember(&after, stops[i]), "signal %d", stops[i]);
    atomic_store(&helper_state, 2);
    pthread_join(t, NULL);
}

/*
 * With the vCPU thread (this one) blocking SIGTERM for a moment, a
 * process-directed SIGTERM has nowhere to go but a helper that does not
 * block it: it must stay pending instead, and reach the handler here once
 * this thread unblocks it.
 */
Test(signals, process_sigterm_lands_on_the_vcpu_thread)
{
    tnd_core_install_signals();
    pthread_t t = start_helper();
    sigset_t term, pending;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &term, NULL);
    cr_assert_eq(kill(getpid(), SIGTERM), 0);
    struct timespec ts = {0, 50000000};
    nanosleep(&ts, NULL);
    cr_assert_eq(atomic_load(&tnd_core_signal), 0,
                 "a helper thread took the SIGTERM");
    sigpending(&pending);
    cr_assert(sigismember(&pending, SIGTERM), "the SIGTERM is not pending");
    pthread_sigmask(SIG_UNBLOCK, &term, NULL);
    cr_assert_eq(atomic_load(&tnd_core_signal), SIGTERM);
    atomic_store(&helper_state, 2);
    pthread_join(t, NULL);
}

/* tnd_core_fatal_async from a helper reaches the vCPU thread's flag. */
static void *fatal_from_helper(void *arg)
{
    (void)arg;
    tnd_core_fatal_async("helper says stop");
    return NULL;
}

Test(signals, fatal_async_from_a_helper_sets_the_stop_flag)
{
    tnd_core_install_signals();
    pthread_t t;
    cr_assert_eq(tnd_core_thread_create(&t, fatal_from_helper, NULL), 0);
    pthread_join(t, NULL);
    cr_assert_eq(atomic_load(&tnd_core_signal), -1);
}

/* Every catchable fatal signal stops the tender (here: sets the flag). */
Test(signals, usr2_and_realtime_signals_are_stop_signals)
{
    tnd_core_install_signals();
    int sigs[] = {SIGUSR2, SIGALRM, SIGPWR, SIGRTMIN, SIGRTMAX};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        atomic_store(&tnd_core_signal, 0);
        cr_assert_eq(raise(sigs[i]), 0);
        cr_expect_eq(atomic_load(&tnd_core_signal), sigs[i],
                     "signal %d did not ask for a stop", sigs[i]);
    }
    atomic_store(&tnd_core_signal, 0);
}

/* A file at RLIMIT_FSIZE fails the write (EFBIG); it does not kill. */
Test(signals, sigxfsz_is_ignored)
{
    tnd_core_install_signals();
    struct sigaction sa;
    cr_assert_eq(sigaction(SIGXFSZ, NULL, &sa), 0);
    cr_assert_eq(sa.sa_handler, SIG_IGN);
}

/* The calling thread's blocked signals as the kernel has them. */
static uint64_t kernel_blocked(void)
{
    FILE *f = fopen("/proc/thread-self/status", "r");
    cr_assert_not_null(f);
    char line[256];
    unsigned long long blk = 0;
    bool found = false;
    while (!found && fgets(line, sizeof line, f))
        found = sscanf(line, "SigBlk: %llx", &blk) == 1;
    fclose(f);
    cr_assert(found, "no SigBlk line");
    return blk;
}

/* The OCI start hold waits with these blocked: signal 32 too. */
Test(signals, blocking_stop_signals_blocks_signal_32_and_restores)
{
    uint64_t before = kernel_blocked();
    cr_assert_eq(before & (1ULL << 31), 0);
    sigset_t old;
    tnd_core_block_stop_signals(&old);
    uint64_t during = kernel_blocked();
    tnd_core_restore_signals(&old);
    cr_assert(during & (1ULL << 31), "signal 32 not blocked: %llx",
              (unsigned long long)during);
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++)
        cr_assert(during & (1ULL << (stops[i] - 1)), "signal %d", stops[i]);
    cr_assert(during & (1ULL << (SIGRTMAX - 1)));
    cr_assert_eq(during & (1ULL << (SIGSEGV - 1)), 0);
    cr_assert_eq(kernel_blocked(), before);
    cr_assert(sigismember(&old, SIGTERM) == 0);
}
