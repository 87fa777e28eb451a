/* SPDX-License-Identifier: ISC */
/*
 * gpio_ring.c: the guest side of the GPIO request ring (docs/gpio.md).
 *
 * When the tender offers a ring, solo5_gpio_set/_input/_output/_sequence
 * post requests in shared memory instead of exiting: set and input wait
 * for their completion, output and sequence return at once and complete
 * in order. So that an asynchronous call can still return SOLO5_R_EINVAL
 * exactly when the hypercall would, the runtime checks it with
 * gpio_validate against a mirror of the device's lines, which changes
 * only through set and clear, which it sees.
 *
 * An asynchronous request can still fail in the tender (a host backend
 * error): the runtime collects the results of completed output and
 * sequence slots, and solo5_gpio_sync() reports the first failure of a
 * device.
 *
 * The guest writes req_tail and step_tail; it kicks the tender's I/O
 * thread (an OUT that KVM turns into an eventfd signal, never a return to
 * the tender's vCPU thread) only when the thread said it sleeps.
 */
#include "rt.h"
#include "../common/gpio_validate.h"

static struct pv_gpio_ring *ring;
static uint32_t tail, step_tail;
static uint32_t harvested; /* slots before this one have been looked at */
static struct gpio_lines mirror[PV_MFT_MAX_ENTRIES]; /* per handle */
static int32_t first_error[PV_MFT_MAX_ENTRIES];      /* per handle */
static bool ordered[PV_MFT_MAX_ENTRIES]; /* per handle: barrier pending */
static uint64_t slot_handle[PV_GPIO_RING_SLOTS]; /* async slots */
static bool slot_async[PV_GPIO_RING_SLOTS];
/* A sequence's steps, copied once as bytes (never read through the
   application's struct type), then checked and posted from here. */
static struct pv_gpio_step seq[PV_GPIO_SEQ_MAX_STEPS];

#define SLOT_MASK (PV_GPIO_RING_SLOTS - 1)
#define STEP_MASK (PV_GPIO_RING_STEPS - 1)

void rt_gpio_ring_init(void)
{
    if (rt_boot_ext == NULL || rt_boot_ext->gpio_ring == 0)
        return;
    struct pv_gpio_ring *r = (struct pv_gpio_ring *)rt_boot_ext->gpio_ring;
    if (rt_boot_ext->gpio_ring_size < sizeof *r ||
        r->magic != PV_GPIO_RING_MAGIC || r->version != PV_GPIO_RING_VERSION ||
        r->slots != PV_GPIO_RING_SLOTS || r->steps != PV_GPIO_RING_STEPS) {
        rt_log(RT_LOG_WARN, "GPIO ring not usable, using hypercalls\n");
        return;
    }
    tail = harvested = r->req_tail;
    step_tail = r->step_tail;
    ring = r;
    rt_log(RT_LOG_INFO, "GPIO request ring at 0x%lx\n", (unsigned long)r);
}

bool rt_gpio_ring_on(void)
{
    return ring != NULL;
}

static uint32_t head(void)
{
    return __atomic_load_n(&ring->req_head, __ATOMIC_ACQUIRE);
}

/* Wakes the I/O thread if it sleeps. Call after publishing work. */
static void kick_if_needed(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (__atomic_load_n(&ring->needs_kick, __ATOMIC_RELAXED))
        pv_gpio_kick();
}

/* Records the results of completed asynchronous slots, oldest first. */
static void harvest(void)
{
    uint32_t h = head();
    for (; harvested != h && harvested != tail; harvested++) {
        uint32_t k = harvested & SLOT_MASK;
        if (!slot_async[k])
            continue;
        slot_async[k] = false;
        int32_t ret = ring->req[k].ret;
        uint64_t handle = slot_handle[k];
        if (ret != SOLO5_R_OK && first_error[handle] == SOLO5_R_OK)
            first_error[handle] = ret;
    }
}

/* Waits until every request before `idx` is complete. */
static void wait_done(uint32_t idx)
{
    if ((int32_t)(head() - idx) < 0) {
        kick_if_needed();
        while ((int32_t)(head() - idx) < 0)
            cpu_relax();
    }
    harvest();
}

void rt_gpio_ring_drain(void)
{
    if (ring)
        wait_done(tail);
}

void rt_gpio_ring_nudge(void)
{
    if (ring && head() != tail)
        kick_if_needed();
}

/* Takes the next free slot, waiting while the ring is full. */
static struct pv_gpio_ring_req *next_slot(void)
{
    if (tail - head() >= PV_GPIO_RING_SLOTS)
        wait_done(tail - PV_GPIO_RING_SLOTS + 1);
    harvest(); /* the slot's last result, before it is overwritten */
    struct pv_gpio_ring_req *q = &ring->req[tail & SLOT_MASK];
    memset(q, 0, sizeof *q);
    return q;
}

/* Publishes the slot taken by next_slot(); returns its index. */
static uint32_t post(uint64_t async_handle, bool async)
{
    uint32_t idx = tail++;
    slot_async[idx & SLOT_MASK] = async;
    slot_handle[idx & SLOT_MASK] = async_handle;
    __atomic_store_n(&ring->req_tail, tail, __ATOMIC_RELEASE);
    kick_if_needed();
    return idx;
}

/* Posts the slot q from next_slot() and waits for its result. */
static int32_t post_wait(struct pv_gpio_ring_req *q)
{
    uint32_t idx = post(0, false);
    wait_done(idx + 1);
    return q->ret;
}

/* The mirror of a GPIO device's lines, or NULL for another handle. */
static struct gpio_lines *lines_of(uint64_t handle)
{
    const struct pv_mft_entry *e =
        rt_mft_by_handle(handle, PV_MFT_DEV_GPIO_BASIC);
    if (e == NULL)
        return NULL;
    struct gpio_lines *l = &mirror[handle];
    l->nlines = e->u.gpio_basic.nlines;
    l->perms = e->u.gpio_basic.perms;
    return l;
}

solo5_result_t rt_gpio_ring_set(const struct pv_hc_gpio_set *a)
{
    struct gpio_lines *l = lines_of(a->handle);
    if (l == NULL)
        return SOLO5_R_EINVAL;
    struct pv_gpio_ring_req *q = next_slot();
    q->op = PV_GPIO_RING_SET;
    q->handle = a->handle;
    q->mask = a->mask;
    q->values = a->values;
    q->flags = a->flags;
    q->debounce_us = a->debounce_us;
    int32_t ret = post_wait(q);
    if (ret == SOLO5_R_OK) {
        l->enabled |= a->mask;
        if (a->flags & PV_GPIO_F_OUTPUT)
            l->outputs |= a->mask;
        else
            l->outputs &= ~a->mask;
    }
    return (solo5_result_t)ret;
}

solo5_result_t rt_gpio_ring_input(uint64_t handle, uint64_t mask,
                                  uint64_t *values)
{
    if (lines_of(handle) == NULL)
        return SOLO5_R_EINVAL;
    struct pv_gpio_ring_req *q = next_slot();
    q->op = PV_GPIO_RING_INPUT;
    q->handle = handle;
    q->mask = mask;
    int32_t ret = post_wait(q);
    *values = q->values;
    return (solo5_result_t)ret;
}

solo5_result_t rt_gpio_ring_output(uint64_t handle, uint64_t mask,
                                   uint64_t values)
{
    struct gpio_lines *l = lines_of(handle);
    struct gpio_request r = {
        .op = GPIO_OP_OUTPUT, .handle = handle, .mask = mask, .values = values};
    const char *why;
    if (l == NULL || gpio_validate(l, &r, &why) != PV_R_OK)
        return SOLO5_R_EINVAL;
    /*
     * Timestamped only when posted to an idle ring, so the tender's
     * post-to-applied statistics measure the ring, not a queue.
     */
    bool idle = head() == tail;
    struct pv_gpio_ring_req *q = next_slot();
    q->op = PV_GPIO_RING_OUTPUT;
    q->handle = handle;
    q->mask = mask;
    q->values = values;
    q->flags = ordered[handle] ? PV_GPIO_RING_F_ORDERED : 0;
    ordered[handle] = false;
    q->posted_ns = idle ? solo5_clock_monotonic() : 0;
    post(handle, true);
    return SOLO5_R_OK;
}

solo5_result_t rt_gpio_ring_sequence(uint64_t handle, const void *steps,
                                     size_t n)
{
    struct gpio_lines *l = lines_of(handle);
    if (l == NULL || n == 0 || n > PV_GPIO_SEQ_MAX_STEPS)
        return SOLO5_R_EINVAL;
    memcpy(seq, steps, n * sizeof seq[0]);
    struct gpio_request r = {.op = GPIO_OP_SEQUENCE,
                             .handle = handle,
                             .nsteps = (uint32_t)n,
                             .steps = seq};
    const char *why;
    if (gpio_validate(l, &r, &why) != PV_R_OK)
        return SOLO5_R_EINVAL;
    /* Wait for room in the step pool, then copy the steps in. */
    uint32_t m = (uint32_t)n;
    if (step_tail - __atomic_load_n(&ring->step_head, __ATOMIC_ACQUIRE) >
        PV_GPIO_RING_STEPS - m) {
        kick_if_needed();
        while (step_tail - __atomic_load_n(&ring->step_head, __ATOMIC_ACQUIRE) >
               PV_GPIO_RING_STEPS - m)
            cpu_relax();
    }
    struct pv_gpio_ring_req *q = next_slot();
    q->op = PV_GPIO_RING_SEQUENCE;
    q->handle = handle;
    q->step_start = step_tail;
    q->nsteps = m;
    for (uint32_t i = 0; i < m; i++)
        ring->step[(step_tail + i) & STEP_MASK] = seq[i];
    step_tail += m;
    __atomic_store_n(&ring->step_tail, step_tail, __ATOMIC_RELEASE);
    post(handle, true);
    return SOLO5_R_OK;
}

void rt_gpio_ring_cleared(uint64_t handle, uint64_t mask)
{
    if (handle < PV_MFT_MAX_ENTRIES)
        mirror[handle].enabled &= ~mask;
}

solo5_result_t rt_gpio_ring_sync(uint64_t handle)
{
    if (lines_of(handle) == NULL)
        return SOLO5_R_EINVAL;
    if (ring == NULL)
        return SOLO5_R_OK; /* every call already returned its result */
    wait_done(tail);
    int32_t ret = first_error[handle];
    first_error[handle] = SOLO5_R_OK;
    return (solo5_result_t)ret;
}

solo5_result_t rt_gpio_ring_barrier(uint64_t handle)
{
    if (lines_of(handle) == NULL)
        return SOLO5_R_EINVAL;
    ordered[handle] = true;
    return SOLO5_R_OK;
}
