/* SPDX-License-Identifier: ISC */
/*
 * ring_thread.c: the I/O thread of a request ring (ring_thread.h). The
 * tender keeps its own head and never reads back what the guest may have
 * written over the tender's fields.
 */
#include <errno.h>
#include <linux/kvm.h>
#include <sched.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "arch.h"
#include "clock.h"
#include "core.h"
#include "log.h"
#include "ring_thread.h"
#include "sandbox.h"
#include "vm.h"

int64_t tnd_ring_thread_pending(uint32_t tail, uint32_t head, uint32_t slots)
{
    uint32_t n = tail - head;
    return n > slots ? -1 : (int64_t)n;
}

bool tnd_ring_thread_serve_posted(struct tnd_ring_thread *t, uint32_t tail,
                                  uint32_t *head)
{
    if (tnd_ring_thread_pending(tail, *head, t->slots) < 0) {
        tnd_core_fatal_async(t->corrupt_msg);
        return false;
    }
    while (*head != tail && !atomic_load(&t->stopping))
        *head += t->serve(*head, tail);
    return true;
}

/* Turns of the idle spin between two looks at the clock. */
#define SPIN_TURNS 1024

/*
 * Whether the idle spin goes on: for t->spin_ns from the first look at
 * the clock after the last request (*since, 0 until then), looking at it
 * every SPIN_TURNS turns only, since reading the clock is a system call
 * on some hosts (an HPET clock source).
 */
static bool spin_on(const struct tnd_ring_thread *t, uint64_t *since,
                    unsigned *turns)
{
    if (t->spin_ns == 0)
        return false;
    if (++*turns < SPIN_TURNS)
        return true;
    *turns = 0;
    uint64_t now = tnd_clock_now_ns();
    if (*since == 0)
        *since = now;
    return now - *since < t->spin_ns;
}

static void *loop(void *arg)
{
    struct tnd_ring_thread *t = arg;
    uint32_t head = 0;
    uint64_t idle_since = 0;
    unsigned turns = 0;
    bool awake = false; /* set-up leaves needs_kick = 1: sleep first */
    atomic_store(&t->running, true);
    while (!atomic_load(&t->stopping)) {
        uint32_t tail = __atomic_load_n(t->req_tail, __ATOMIC_ACQUIRE);
        if (tail != head) {
            if (!tnd_ring_thread_serve_posted(t, tail, &head))
                break;
            idle_since = 0;
            turns = 0;
            continue;
        }
        if (awake && spin_on(t, &idle_since, &turns)) {
            tnd_arch_cpu_relax();
            continue;
        }
        /* Dekker with the guest: publish needs_kick, then look again. */
        __atomic_store_n(t->needs_kick, 1, __ATOMIC_SEQ_CST);
        if (__atomic_load_n(t->req_tail, __ATOMIC_SEQ_CST) == head) {
            uint64_t v;
            ssize_t n;
            do {
                n = read(t->kick_fd, &v, sizeof v);
            } while (n < 0 && errno == EINTR && !atomic_load(&t->stopping));
        }
        __atomic_store_n(t->needs_kick, 0, __ATOMIC_SEQ_CST);
        awake = true;
        idle_since = 0; /* a wake-up without requests spins again */
        turns = 0;
    }
    return NULL;
}

void tnd_ring_thread_start(struct tnd_ring_thread *t, struct tnd_vm *vm)
{
    *t->needs_kick = 1;
    if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_IOEVENTFD) <= 0)
        tnd_die("%s: KVM lacks ioeventfd; use %s", t->what, t->off_option);
    t->kick_fd = eventfd(0, EFD_CLOEXEC);
    if (t->kick_fd < 0)
        tnd_die_errno("%s: eventfd failed", t->what);
    struct kvm_ioeventfd io = {.addr = t->kick_addr,
                               .len = 4,
                               .fd = t->kick_fd,
                               .flags = TND_ARCH_KICK_FLAGS};
    if (ioctl(vm->vm_fd, KVM_IOEVENTFD, &io) < 0)
        tnd_die_errno("%s: KVM: ioctl (IOEVENTFD) failed", t->what);
    tnd_sandbox_need(TND_SB_IO_THREAD);
    if (tnd_sandbox_allow_fd(t->kick_fd, TND_FD_EVENT))
        tnd_die("%s: too many file descriptors", t->what);
    int rc = tnd_core_thread_create(&t->thread, loop, t);
    if (rc)
        tnd_die("%s: cannot start the I/O thread: %s", t->what, strerror(rc));
    t->started = true;
    /* Its start-up system calls (rseq) must come before the sandbox. */
    while (!atomic_load(&t->running))
        sched_yield();
}

bool tnd_ring_thread_stop(struct tnd_ring_thread *t)
{
    if (!t->started || atomic_exchange(&t->stopping, true))
        return false;
    uint64_t one = 1;
    ssize_t n = write(t->kick_fd, &one, sizeof one);
    (void)n;
    return true;
}
