/* SPDX-License-Identifier: ISC */
/*
 * ring.c: the GPIO request ring's I/O thread. It takes requests in order
 * from the shared ring, copies each out of guest memory and runs it
 * (gpio_svc_run). After its last request it spins for a bounded time,
 * then sets needs_kick and sleeps on an eventfd that the guest's kick
 * port signals through KVM_IOEVENTFD, without returning to the vCPU
 * thread.
 *
 * The guest owns req_tail and step_tail, the tender req_head, step_head,
 * needs_kick and async_errors. The tender keeps its own req_head and
 * never reads back what the guest may have written over its fields; it
 * reads a sequence's steps at step_start as the request says (masked into
 * the pool) and publishes step_head from it, which only the guest's own
 * accounting depends on.
 */
#include <errno.h>
#include <linux/kvm.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../arch.h"
#include "../boot.h"
#include "ring.h"
#include "service.h"

static struct pv_gpio_ring *ring;
static int kick_fd = -1, vm_fd = -1;
static uint64_t spin_ns;
static pthread_t thread;
static bool started;
static atomic_bool stopping, running;

/*
 * The one KVM_IOEVENTFD request the sandbox allows: unregistering the
 * kick port at exit. Alone in a host page made read-only before the
 * sandbox goes on, so the filter, which sees only the pointer, allows
 * exactly it.
 */
static struct kvm_ioeventfd *deassign;

#define SLOT_MASK (PV_GPIO_RING_SLOTS - 1)
#define STEP_MASK (PV_GPIO_RING_STEPS - 1)

uint64_t gpio_ring_size(void)
{
    return (sizeof(struct pv_gpio_ring) + 4095) & ~4095ULL;
}

static uint32_t load_acquire(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_release(uint32_t *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/*
 * Copies a slot out of shared memory, each field read exactly once
 * through a volatile access (READ_ONCE), so no check made on the copy can
 * be undone by the compiler reading the guest's memory again.
 */
static void copy_slot(struct pv_gpio_ring_req *q,
                      const volatile struct pv_gpio_ring_req *s)
{
    q->op = s->op;
    q->flags = s->flags;
    q->handle = s->handle;
    q->mask = s->mask;
    q->values = s->values;
    q->debounce_us = s->debounce_us;
    q->step_start = s->step_start;
    q->nsteps = s->nsteps;
    q->ret = 0;
    q->posted_ns = s->posted_ns;
    q->pad0 = s->pad0;
}

static void copy_step(struct pv_gpio_step *d,
                      const volatile struct pv_gpio_step *s)
{
    d->mask = s->mask;
    d->values = s->values;
    d->delay_ns = s->delay_ns;
}

static void drain_kicks(void)
{
    uint64_t v;
    ssize_t n = read(kick_fd, &v, sizeof v);
    (void)n;
}

/* Sequence sleeps of the I/O thread: a kick or a stop wakes them early. */
static bool ring_sleep_until(uint64_t t)
{
    for (;;) {
        if (atomic_load(&stopping))
            return false;
        uint64_t now = tnd_clock_now_ns();
        if (now >= t)
            return true;
        uint64_t d = t - now;
        struct timespec ts = {.tv_sec = (time_t)(d / 1000000000ULL),
                              .tv_nsec = (long)(d % 1000000000ULL)};
        struct pollfd p = {.fd = kick_fd, .events = POLLIN};
        if (ppoll(&p, 1, &ts, NULL) > 0)
            drain_kicks();
    }
}

/* How sequences wait between timed steps (fuzz/fuzz_ring.c never sleeps). */
#ifdef RING_FUZZ
static bool (*sleep_until)(uint64_t t) = ring_sleep_until;
#else
static bool (*const sleep_until)(uint64_t t) = ring_sleep_until;
#endif

/*
 * Serves slot idx: copies it out of shared memory once, runs it
 * (gpio_svc_run) and writes the result back. Only what memory safety needs is
 * done here: a sequence's steps are copied out of the pool only if there are at
 * most PV_GPIO_RING_STEPS of them (the rules then decide the count).
 */
static void serve_one(uint32_t idx, uint32_t *step_head)
{
    static struct pv_gpio_step steps[PV_GPIO_RING_STEPS];
    struct pv_gpio_ring_req *slot = &ring->req[idx & SLOT_MASK];
    struct pv_gpio_ring_req q;
    copy_slot(&q, slot); /* copy in once: the guest may write on */
    struct gpio_request r = {.op = q.op,
                             .flags = q.flags,
                             .debounce_us = q.debounce_us,
                             .nsteps = q.nsteps,
                             .handle = q.handle,
                             .mask = q.mask,
                             .values = q.values,
                             .pad = q.pad0,
                             .steps = steps};
    /* The ring carries only set, input, output and sequence. */
    if (q.op > GPIO_OP_SEQUENCE)
        r.op = 0;
    if (q.op == GPIO_OP_SEQUENCE && q.nsteps <= PV_GPIO_RING_STEPS) {
        for (uint32_t k = 0; k < q.nsteps; k++)
            copy_step(&steps[k], &ring->step[(q.step_start + k) & STEP_MASK]);
        *step_head = q.step_start + q.nsteps;
        store_release(&ring->step_head, *step_head);
    }
    struct gpio_reply out;
    int ret = gpio_svc_run(&r, tnd_clock_now_ns(), sleep_until, &out);
    if (q.op == GPIO_OP_OUTPUT && ret == PV_R_OK && q.posted_ns) {
        uint64_t now = tnd_clock_now_ns();
        if (q.posted_ns <= now)
            gpio_svc_record_ring_latency(now - q.posted_ns);
    }
    if (q.op == GPIO_OP_INPUT)
        slot->values = out.values;
    slot->ret = ret;
    if ((q.op == GPIO_OP_OUTPUT || q.op == GPIO_OP_SEQUENCE) && ret != PV_R_OK)
        __atomic_fetch_add(&ring->async_errors, 1, __ATOMIC_RELAXED);
}

/*
 * Serves every request posted from *head up to `tail` (the guest's
 * req_tail, read with acquire), publishing req_head after each. Returns
 * false, having asked the vCPU thread to end the tender, when that tail
 * claims more requests than the ring has slots (nothing is served then);
 * true otherwise.
 */
static bool serve_posted(uint32_t tail, uint32_t *head, uint32_t *step_head)
{
    if ((uint32_t)(tail - *head) > PV_GPIO_RING_SLOTS) {
        tnd_core_fatal_async("guest corrupted the GPIO request ring "
                             "(more requests posted than slots)");
        return false;
    }
    while (*head != tail && !atomic_load(&stopping)) {
        serve_one(*head, step_head);
        store_release(&ring->req_head, ++*head);
    }
    return true;
}

static void *serve(void *arg)
{
    (void)arg;
    uint32_t head = 0, step_head = 0;
    uint64_t idle_since = 0;
    atomic_store(&running, true);
    bool awake = false; /* set-up leaves needs_kick = 1: sleep first */
    while (!atomic_load(&stopping)) {
        uint32_t tail = load_acquire(&ring->req_tail);
        if (tail != head) {
            if (!serve_posted(tail, &head, &step_head))
                break;
            idle_since = tnd_clock_now_ns();
            continue;
        }
        if (awake && tnd_clock_now_ns() - idle_since < spin_ns) {
            tnd_arch_cpu_relax();
            continue;
        }
        /* Dekker with the guest: publish needs_kick, then look again. */
        __atomic_store_n(&ring->needs_kick, 1, __ATOMIC_SEQ_CST);
        if (__atomic_load_n(&ring->req_tail, __ATOMIC_SEQ_CST) == head) {
            uint64_t v;
            ssize_t n;
            do {
                n = read(kick_fd, &v, sizeof v);
            } while (n < 0 && errno == EINTR && !atomic_load(&stopping));
        }
        __atomic_store_n(&ring->needs_kick, 0, __ATOMIC_SEQ_CST);
        awake = true;
        idle_since = tnd_clock_now_ns();
    }
    return NULL;
}

void gpio_ring_setup(struct tnd_vm *vm, uint64_t gpa, uint64_t spin)
{
    ring = (struct pv_gpio_ring *)(vm->mem + gpa);
    memset(ring, 0, sizeof *ring);
    ring->magic = PV_GPIO_RING_MAGIC;
    ring->version = PV_GPIO_RING_VERSION;
    ring->slots = PV_GPIO_RING_SLOTS;
    ring->steps = PV_GPIO_RING_STEPS;
    ring->needs_kick = 1;
    spin_ns = spin;
    tnd_boot_offer_gpio_ring(gpa, gpio_ring_size());

    if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_IOEVENTFD) <= 0)
        tnd_die("gpio ring: KVM lacks ioeventfd; use --gpio-ring=off");
    kick_fd = eventfd(0, EFD_CLOEXEC);
    if (kick_fd < 0)
        tnd_die_errno("gpio ring: eventfd failed");
    struct kvm_ioeventfd io = {.addr = TND_ARCH_KICK_ADDR,
                               .len = 4,
                               .fd = kick_fd,
                               .flags = TND_ARCH_KICK_FLAGS};
    if (ioctl(vm->vm_fd, KVM_IOEVENTFD, &io) < 0)
        tnd_die_errno("gpio ring: KVM: ioctl (IOEVENTFD) failed");
    vm_fd = vm->vm_fd;
    io.flags |= KVM_IOEVENTFD_FLAG_DEASSIGN;
    size_t page = (size_t)tnd_hostpage_size();
    void *p = mmap(NULL, page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        tnd_die_errno("gpio ring: cannot map the deassign request");
    deassign = p;
    *deassign = io;
    if (mprotect(p, page, PROT_READ) != 0)
        tnd_die_errno("gpio ring: cannot protect the deassign request");
    tnd_sandbox_allow_ioeventfd(deassign);
    tnd_sandbox_need(TND_SB_IO_THREAD);
    if (tnd_sandbox_allow_fd(kick_fd, TND_FD_EVENT) ||
        tnd_sandbox_allow_fd(vm_fd, TND_FD_VM))
        tnd_die("gpio ring: too many file descriptors");
    int rc = tnd_core_thread_create(&thread, serve, NULL);
    if (rc)
        tnd_die("gpio ring: cannot start the I/O thread: %s", strerror(rc));
    started = true;
    /*
     * Wait until the thread runs its own code: its start-up system calls
     * (rseq registration) must happen before the sandbox goes on.
     */
    while (!atomic_load(&running))
        sched_yield();
}

void gpio_ring_stop(void)
{
    if (!started || atomic_exchange(&stopping, true))
        return;
    uint64_t one = 1;
    ssize_t n = write(kick_fd, &one, sizeof one);
    (void)n;
    if (!pthread_equal(pthread_self(), thread))
        pthread_join(thread, NULL);
    /*
     * Unregistering the kick port ourselves makes the tender's exit
     * shorter than leaving it to the VM's teardown, which waits longer
     * for KVM's SRCU grace periods on our hosts.
     */
    if (ioctl(vm_fd, KVM_IOEVENTFD, deassign) < 0)
        tnd_warn("gpio ring: KVM: ioctl (IOEVENTFD, deassign) failed");
}

const volatile struct pv_gpio_ring *gpio_ring_shared(void)
{
    return ring;
}
