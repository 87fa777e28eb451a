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

static void *loop(void *arg)
{
    struct tnd_ring_thread *t = arg;
    uint32_t head = 0;
    uint64_t idle_since = 0;
    bool awake = false; /* set-up leaves needs_kick = 1: sleep first */
    atomic_store(&t->running, true);
    while (!atomic_load(&t->stopping)) {
        uint32_t tail = __atomic_load_n(t->req_tail, __ATOMIC_ACQUIRE);
        if (tail != head) {
            if (tnd_ring_thread_pending(tail, head, t->slots) < 0) {
                tnd_core_fatal_async(t->corrupt_msg);
                break;
            }
            while (head != tail && !atomic_load(&t->stopping)) {
                t->serve(head);
                __atomic_store_n(t->req_head, ++head, __ATOMIC_RELEASE);
            }
            idle_since = tnd_clock_now_ns();
            continue;
        }
        if (awake && tnd_clock_now_ns() - idle_since < t->spin_ns) {
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
        idle_since = tnd_clock_now_ns();
    }
    return NULL;
}

void tnd_ring_thread_start(struct tnd_ring_thread *t, struct tnd_vm *vm)
{
    *t->needs_kick = 1;
    if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_IOEVENTFD) <= 0)
        tnd_die("%s: KVM lacks ioeventfd", t->what);
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

void tnd_ring_thread_stop(struct tnd_ring_thread *t)
{
    if (!t->started || atomic_exchange(&t->stopping, true))
        return;
    uint64_t one = 1;
    ssize_t n = write(t->kick_fd, &one, sizeof one);
    (void)n;
}
