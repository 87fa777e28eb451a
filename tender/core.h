/* SPDX-License-Identifier: ISC */
/*
 * core.h: the core of the tender (core.c): hypercall table, poll sources,
 * start and exit hooks, signals, helper threads.
 */
#ifndef TND_CORE_H
#define TND_CORE_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>

struct tnd_vm;

typedef void (*tnd_hypercall_fn_t)(struct tnd_vm *vm, uint64_t gpa);

/*
 * Registers the handler of hypercall `nr`. Returns 0, or -1 if nr is out of
 * range, HALT, or already taken. Call from a module's setup().
 */
int tnd_core_register_hypercall(unsigned nr, tnd_hypercall_fn_t fn);

/* Handler of hypercall nr, or NULL if none is registered. */
tnd_hypercall_fn_t tnd_core_hypercall(unsigned nr);

/* Human name of a hypercall number ("PUTS"); "unknown" if not known. */
const char *tnd_core_hypercall_name(unsigned nr);

/*
 * Serves hypercall `nr` (already decoded from the architecture's exit, nr
 * < PV_HC_MAX) with argument `gpa`: HALT sets *halted and returns the
 * guest's exit status (tnd_core_halt); any other registered hypercall runs
 * its handler and returns 0. An unregistered number ends the tender with
 * a one-line error naming it. Called by each architecture's vcpu_loop.c.
 */
int tnd_core_hypercall_dispatch(struct tnd_vm *vm, unsigned nr, uint64_t gpa,
                                bool *halted);

/*
 * A poll source: an fd in the POLL wait set. pending() (may be NULL) gives
 * the ready set of devices that are ready without waiting; readable() is
 * called when fd is readable and gives the ready set it makes (NULL:
 * readable means manifest entry `index` is ready). Ready sets have bit i
 * for manifest entry i. hangup() (may be NULL) is called once when epoll
 * reports a hang-up or error on fd; the fd then leaves the wait set and
 * entry `index` is reported ready once, so the guest's next call sees
 * the failure. Without it, such an fd is treated as readable.
 */
struct tnd_pollsrc {
    int fd;
    unsigned index;
    uint64_t (*pending)(void *arg);
    uint64_t (*readable)(void *arg);
    void (*hangup)(void *arg);
    void *arg;
};

/* Adds a poll source (copied). Returns 0 or -1 if the table is full. */
int tnd_core_register_pollsrc(const struct tnd_pollsrc *src);

/*
 * Exit hooks run once, in reverse registration order, on every way the
 * tender ends after set-up: guest exit, abort, fault, signal, tender
 * error. `status` is the exit status about to be returned. Hooks must not
 * exit. Returns 0 or -1 if the table is full.
 */
typedef void (*tnd_exit_hook_fn_t)(struct tnd_vm *vm, int status);
int tnd_core_register_exit_hook(tnd_exit_hook_fn_t fn);

/*
 * Start hooks run once, in registration order, right before the guest's
 * first instruction (after the sandbox is on): time zero for devices that
 * keep time. Returns 0 or -1 if the table is full.
 */
typedef void (*tnd_start_hook_fn_t)(struct tnd_vm *vm, uint64_t t0_ns);
int tnd_core_register_start_hook(tnd_start_hook_fn_t fn);

/* Runs the start hooks with t0 = now (CLOCK_MONOTONIC). */
void tnd_core_run_start_hooks(struct tnd_vm *vm);

/* Ends the tender with `status` after running the exit hooks. */
noreturn void tnd_core_exit(int status);

/*
 * Runs the exit hooks (once: later calls return at once). For the fatal
 * paths of log.c, which run them before writing their message, so that
 * a stalled stderr never delays the safe state.
 */
void tnd_core_run_exit_hooks(int status);

/* True once the exit hooks have started. */
bool tnd_core_exiting(void);

/*
 * Serves a HALT hypercall: prints a register dump if the guest passed a
 * trap-frame cookie, returns the guest's exit status.
 */
int tnd_core_halt(struct tnd_vm *vm, uint64_t gpa);

/*
 * Signal state: set by the stop signals' handler (SIGINT, SIGTERM,
 * SIGHUP, SIGQUIT and every other catchable signal whose default action
 * ends the process (signal 32 included), but those that report a fault
 * of the tender;
 * docs/architecture.md, "Exit paths") to the signal's number, or to -1
 * by tnd_core_fatal_async, from another thread. Checked by the vCPU loop
 * and after every interrupted wait, which end the tender with
 * tnd_core_exit_on_signal() (status TND_EXIT_ERROR, the exit hooks first,
 * then one line naming the signal). A C11 atomic (lock-free, so
 * signal-safe). SIGPIPE and SIGXFSZ are ignored.
 */
extern atomic_int tnd_core_signal;
void tnd_core_install_signals(void);
/* Fills set with the stop signals (those tnd_core_install_signals takes). */
void tnd_core_stop_signals(sigset_t *set);
/*
 * Blocks every stop signal in the calling thread, signal 32 included
 * (pthread_sigmask leaves it out), and stores the mask before in *old:
 * give *old to a ppoll or pselect to wait with them unblocked, and to
 * tnd_core_restore_signals after.
 */
void tnd_core_block_stop_signals(sigset_t *old);
/* Sets the calling thread's mask to *old, signal 32 included. */
void tnd_core_restore_signals(const sigset_t *old);
noreturn void tnd_core_exit_on_signal(void);
/*
 * As tnd_core_exit_on_signal, for a wait of set-up that a stop signal
 * ended: the line says what the tender was doing ("stopped by SIGTERM
 * while WHAT").
 */
noreturn void tnd_core_exit_on_signal_while(const char *what);
/*
 * Ends the tender like tnd_core_exit_on_signal if a stop is pending;
 * returns otherwise. Call after any system call interrupted (EINTR).
 */
void tnd_core_check_signal(void);

/*
 * Creates a thread (pthread_create's contract and return value) that
 * never takes a stop signal or SIGUSR1: they are blocked in it from its
 * start (signal 32 as its first step, before fn), so a process-directed stop
 * signal lands on the vCPU thread and interrupts KVM_RUN. The thread runs on a
 * 256 KiB stack of its own, never freed, so its exit and pthread_join make no
 * system call the sandbox refuses. Every helper thread of the tender is made
 * with it; call before the sandbox is on.
 */
int tnd_core_thread_create(pthread_t *t, void *(*fn)(void *), void *arg);

/*
 * For threads other than the vCPU thread: asks the vCPU thread to end the
 * tender with `msg` (a static string) and TND_EXIT_ERROR, interrupting
 * KVM_RUN or any wait. Returns at once; the caller should stop working.
 * Before tnd_core_install_signals it only sets tnd_core_signal to -1.
 */
void tnd_core_fatal_async(const char *msg);

/* The virtual machine, for exit hooks and signal exits. */
extern struct tnd_vm *tnd_core_vm;

#define TND_MAX_POLLSRCS 64

/* The registered poll sources; *n receives their count. */
const struct tnd_pollsrc *tnd_core_pollsrcs(unsigned *n);

#endif
