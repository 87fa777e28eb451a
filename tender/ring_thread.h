/* SPDX-License-Identifier: ISC */
/*
 * ring_thread.h: the mechanics a request ring shares with every other
 * (docs/abi.md): an I/O thread that serves the slots a guest posts in
 * shared memory, in order, spins a while after the last, then sets
 * needs_kick and sleeps on an eventfd the guest's kick port signals
 * through KVM_IOEVENTFD. The ring's own code only serves one slot.
 */
#ifndef TND_RING_THREAD_H
#define TND_RING_THREAD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

struct tnd_vm;

struct tnd_ring_thread {
    /* Set by the caller before tnd_ring_thread_start. */
    const char *what;        /* "i2c ring": messages name it */
    const char *corrupt_msg; /* static: the end for a corrupted req_tail */
    uint32_t *req_tail;      /* guest-written: requests posted */
    uint32_t *req_head;      /* tender-written: requests completed */
    uint32_t *needs_kick;    /* tender-written: 1 while the thread sleeps */
    uint32_t slots;          /* a power of two */
    uint64_t kick_addr;      /* the kick port (TND_ARCH_*KICK_ADDR) */
    uint64_t spin_ns;        /* spin after the last request before sleeping */
    /* Serves the request at free-running index idx (mask it). */
    void (*serve)(uint32_t idx);
    /* Private. */
    int kick_fd;
    pthread_t thread;
    atomic_bool stopping, running;
    bool started;
};

/*
 * Returns how many requests a guest's req_tail claims past head, or -1 when
 * that is more than `slots` (a guest that corrupted its ring). Pure.
 */
int64_t tnd_ring_thread_pending(uint32_t tail, uint32_t head, uint32_t slots);

/*
 * Registers t's kick port as an ioeventfd, lets the sandbox allow the
 * thread's calls and starts the thread, which serves requests until
 * stopped; a corrupted req_tail ends the tender (tnd_core_fatal_async).
 * Call from a module's setup(), before the sandbox. Dies on failure.
 */
void tnd_ring_thread_start(struct tnd_ring_thread *t, struct tnd_vm *vm);

/*
 * Tells t's thread to stop after the request it serves and wakes it;
 * does not wait for it (a request on a stuck bus would delay the exit
 * hooks after this one, GPIO's safe state): the exit that follows ends
 * it. For an exit hook. Idempotent; a no-op if it never started.
 */
void tnd_ring_thread_stop(struct tnd_ring_thread *t);

#endif
