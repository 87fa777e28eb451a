/* SPDX-License-Identifier: ISC */
/*
 * ring_thread.h: the mechanics a request ring shares with every other
 * (docs/abi.md): an I/O thread that serves the slots a guest posts in
 * shared memory, in order, spins a while after the last, then sets
 * needs_kick and sleeps on an eventfd the guest's kick port signals
 * through KVM_IOEVENTFD. The ring's own code only serves the slots.
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
    const char *off_option;  /* "--i2c-ring=off": said when KVM cannot */
    const char *corrupt_msg; /* static: the end for a corrupted req_tail */
    uint32_t *req_tail;      /* guest-written: requests posted */
    uint32_t *needs_kick;    /* tender-written: 1 while the thread sleeps */
    uint32_t slots;          /* a power of two */
    uint64_t kick_addr;      /* the kick port (TND_ARCH_*KICK_ADDR) */
    uint64_t spin_ns;        /* spin after the last request before sleeping */
    /*
     * Serves requests from free-running index head (mask it): at least
     * one, none at or past tail; writes their results, publishes the
     * ring's req_head past them (store-release) and returns how many it
     * served.
     */
    uint32_t (*serve)(uint32_t head, uint32_t tail);
    /* Private; a serve hook that waits may read kick_fd and stopping. */
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
 * The thread's step, for a request ring's fuzz target too: serves the
 * requests from *head up to tail (req_tail read with acquire), calling
 * serve until tail or a stop. Returns false, serving nothing, having asked the
 * vCPU thread to end the tender (t->corrupt_msg, tnd_core_fatal_async), when
 * tail claims more than t->slots requests; true otherwise.
 */
bool tnd_ring_thread_serve_posted(struct tnd_ring_thread *t, uint32_t tail,
                                  uint32_t *head);

/*
 * Registers t's kick port as an ioeventfd, lets the sandbox allow the
 * thread's calls and starts the thread, which serves requests until
 * stopped; a corrupted req_tail ends the tender (tnd_core_fatal_async).
 * Call from a module's setup(), before the sandbox. Dies on failure.
 */
void tnd_ring_thread_start(struct tnd_ring_thread *t, struct tnd_vm *vm);

/*
 * Tells t's thread to stop after the requests it serves and wakes it;
 * does not wait for it (a request on a stuck bus would delay the exit
 * hooks after this one, GPIO's safe state): the exit that follows ends
 * it, or the caller joins t->thread. For an exit hook. Returns true if
 * this call stopped it; false if it was stopped before or never started.
 */
bool tnd_ring_thread_stop(struct tnd_ring_thread *t);

#endif
