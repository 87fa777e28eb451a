/* SPDX-License-Identifier: ISC */
/*
 * ring.c: the GPIO request ring's slots, served by a request ring's I/O
 * thread (../ring_thread.c: the spin, needs_kick and the eventfd the
 * guest's kick port signals through KVM_IOEVENTFD, without returning to
 * the vCPU thread). It takes requests in order from the shared ring,
 * copies them out of guest memory and runs them in bursts
 * (gpio_svc_run_burst; docs/gpio.md).
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
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../abi.h"
#include "../arch.h"
#include "../boot.h"
#include "../clock.h"
#include "../core.h"
#include "../hostpage.h"
#include "../log.h"
#include "../ring_thread.h"
#include "../sandbox.h"
#include "../vm.h"
#include "hist.h"
#include "ring.h"
#include "service.h"

static struct pv_gpio_ring *ring;
static struct tnd_ring_thread io; /* the I/O thread */
static int vm_fd = -1;
static bool latency_stats;

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
    ssize_t n = read(io.kick_fd, &v, sizeof v);
    (void)n;
}

/* Sequence sleeps of the I/O thread: a kick or a stop wakes them early. */
static bool ring_sleep_until(uint64_t t)
{
    for (;;) {
        if (atomic_load(&io.stopping))
            return false;
        uint64_t now = tnd_clock_now_ns();
        if (now >= t)
            return true;
        uint64_t d = t - now;
        struct timespec ts = {.tv_sec = (time_t)(d / 1000000000ULL),
                              .tv_nsec = (long)(d % 1000000000ULL)};
        struct pollfd p = {.fd = io.kick_fd, .events = POLLIN};
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
 * Copies slot idx out of shared memory once into *q and describes it as
 * the request *r. Only what memory safety needs is done here: a
 * sequence's steps are copied into `steps` only if there are at most
 * PV_GPIO_RING_STEPS of them (the rules then decide the count), and
 * step_head is published past them.
 */
static void take(uint32_t idx, struct pv_gpio_ring_req *q,
                 struct gpio_request *r, struct pv_gpio_step *steps,
                 uint32_t *step_head)
{
    copy_slot(q, &ring->req[idx & SLOT_MASK]); /* the guest may write on */
    *r = (struct gpio_request){.op = q->op,
                               .flags = q->flags,
                               .debounce_us = q->debounce_us,
                               .nsteps = q->nsteps,
                               .handle = q->handle,
                               .mask = q->mask,
                               .values = q->values,
                               .pad = q->pad0,
                               .steps = steps};
    /* The ring carries only set, input, output and sequence. */
    if (q->op > GPIO_OP_SEQUENCE)
        r->op = 0;
    if (q->op == GPIO_OP_SEQUENCE && q->nsteps <= PV_GPIO_RING_STEPS) {
        for (uint32_t k = 0; k < q->nsteps; k++)
            copy_step(&steps[k], &ring->step[(q->step_start + k) & STEP_MASK]);
        *step_head = q->step_start + q->nsteps;
        store_release(&ring->step_head, *step_head);
    }
}

/* Writes the result of the request copied in q back to slot idx. */
static void give(uint32_t idx, const struct pv_gpio_ring_req *q, int ret,
                 const struct gpio_reply *out)
{
    struct pv_gpio_ring_req *slot = &ring->req[idx & SLOT_MASK];
    if (q->op == GPIO_OP_INPUT)
        slot->values = out->values;
    slot->ret = ret;
    if ((q->op == GPIO_OP_OUTPUT || q->op == GPIO_OP_SEQUENCE) &&
        ret != PV_R_OK)
        __atomic_fetch_add(&ring->async_errors, 1, __ATOMIC_RELAXED);
}

/* Timestamped outputs per one timed (GPIO_RING_LATENCY_SAMPLE). */
static uint32_t stamped;
static struct gpio_hist ring_latency; /* the I/O thread's alone */

/*
 * Records the post-to-applied time of one in GPIO_RING_LATENCY_SAMPLE
 * outputs the guest timestamped (with latency statistics on): each
 * costs a clock read, a system call on some hosts.
 */
static void record_latency(const struct pv_gpio_ring_req *q, const int *ret,
                           unsigned n)
{
    if (!latency_stats)
        return;
    uint64_t now = 0;
    for (unsigned k = 0; k < n; k++) {
        if (q[k].op != GPIO_OP_OUTPUT || ret[k] != PV_R_OK || !q[k].posted_ns ||
            stamped++ % GPIO_RING_LATENCY_SAMPLE)
            continue;
        if (now == 0)
            now = tnd_clock_now_ns();
        if (q[k].posted_ns <= now)
            gpio_hist_add(&ring_latency, now - q[k].posted_ns);
    }
}

/* The I/O thread's copies of the requests it serves. */
static struct pv_gpio_step steps[PV_GPIO_RING_STEPS];
static struct pv_gpio_ring_req q[GPIO_BURST_MAX];
static struct gpio_request r[GPIO_BURST_MAX];
static struct gpio_reply out[GPIO_BURST_MAX];
static int ret[GPIO_BURST_MAX];
static uint32_t step_head; /* the tender's, published */
/* A sequence taken after a burst's first request: served next. */
static bool kept;
static struct pv_gpio_ring_req kept_q;
static struct gpio_request kept_r;

/*
 * The I/O thread's serve hook (ring_thread.h): serves from head, not
 * reaching tail, a sequence alone (gpio_svc_run) or else a burst of up
 * to GPIO_BURST_MAX requests (gpio_svc_run_burst: one lock, outputs
 * merged), writes their results and publishes req_head past them. Each
 * slot is read once (take): a sequence taken after a burst's first
 * request ends the burst and is served next from its copy. Returns how
 * many it served.
 */
static uint32_t serve_burst(uint32_t head, uint32_t tail)
{
    unsigned n;
    if (kept) {
        q[0] = kept_q;
        r[0] = kept_r;
        kept = false;
    } else {
        take(head, &q[0], &r[0], steps, &step_head);
    }
    if (r[0].op == GPIO_OP_SEQUENCE) {
        ret[0] = gpio_svc_run(&r[0], tnd_clock_now_ns(), sleep_until, &out[0]);
        n = 1;
    } else {
        /* A sequence ends the burst: its copy is served next. */
        for (n = 1; n < GPIO_BURST_MAX && head + n != tail; n++) {
            take(head + n, &q[n], &r[n], steps, &step_head);
            if (r[n].op == GPIO_OP_SEQUENCE) {
                kept_q = q[n];
                kept_r = r[n];
                kept = true;
                break;
            }
        }
        gpio_svc_run_burst(r, n, out, ret);
    }
    for (unsigned k = 0; k < n; k++)
        give(head + k, &q[k], ret[k], &out[k]);
    store_release(&ring->req_head, head + n);
    record_latency(q, ret, n); /* after the guest has its results */
    return n;
}

/* The I/O thread's description, on `ring`. */
static void describe(uint64_t spin)
{
    io = (struct tnd_ring_thread){.what = "gpio ring",
                                  .off_option = "--gpio-ring=off",
                                  .corrupt_msg =
                                      "guest corrupted the GPIO request ring "
                                      "(more requests posted than slots)",
                                  .req_tail = &ring->req_tail,
                                  .needs_kick = &ring->needs_kick,
                                  .slots = PV_GPIO_RING_SLOTS,
                                  .kick_addr = TND_ARCH_KICK_ADDR,
                                  .spin_ns = spin,
                                  .serve = serve_burst,
                                  .kick_fd = -1};
}

void gpio_ring_setup(struct tnd_vm *vm, uint64_t gpa, uint64_t spin, bool stats)
{
    ring = (struct pv_gpio_ring *)(vm->mem + gpa);
    memset(ring, 0, sizeof *ring);
    ring->magic = PV_GPIO_RING_MAGIC;
    ring->version = PV_GPIO_RING_VERSION;
    ring->slots = PV_GPIO_RING_SLOTS;
    ring->steps = PV_GPIO_RING_STEPS;
    ring->needs_kick = 1;
    latency_stats = stats;
    tnd_boot_offer_gpio_ring(gpa, gpio_ring_size());
    describe(spin);
    tnd_ring_thread_start(&io, vm);
    vm_fd = vm->vm_fd;
    struct kvm_ioeventfd d = {.addr = TND_ARCH_KICK_ADDR,
                              .len = 4,
                              .fd = io.kick_fd,
                              .flags = TND_ARCH_KICK_FLAGS |
                                       KVM_IOEVENTFD_FLAG_DEASSIGN};
    deassign =
        tnd_hostpage_ro_copy(&d, sizeof d, "the GPIO ring's deassign request");
    tnd_sandbox_allow_ioeventfd(deassign);
    if (tnd_sandbox_allow_fd(vm_fd, TND_FD_VM))
        tnd_die("gpio ring: too many file descriptors");
}

void gpio_ring_stop(void)
{
    if (!tnd_ring_thread_stop(&io))
        return;
    if (!pthread_equal(pthread_self(), io.thread))
        pthread_join(io.thread, NULL);
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

void gpio_ring_print_stats(void)
{
    if (ring_latency.n)
        tnd_warn("gpio stats: %llu ring requests, post to applied p50 "
                 "%.1f us, p99 %.1f us, max %.1f us",
                 (unsigned long long)ring_latency.n,
                 gpio_hist_pct(&ring_latency, 0.5),
                 gpio_hist_pct(&ring_latency, 0.99), ring_latency.max / 1e3);
}
