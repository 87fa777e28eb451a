/*
 * gpio_ring.c: the guest side of the GPIO request ring (docs/gpio.md).
 *
 * When the tender offers a ring, solo5_gpio_set/_input/_output/_sequence
 * post requests in shared memory instead of exiting: set and input wait
 * for their completion, output and sequence return at once and complete
 * in order. So that an asynchronous call can still return SOLO5_R_EINVAL
 * exactly when the hypercall would, the runtime keeps a copy of which
 * lines of each device are outputs (it changes only through set and
 * clear, which it sees) and checks outputs and sequences against it
 * before posting; the tender checks every request again.
 *
 * The guest writes req_tail and step_tail; it kicks the tender's I/O
 * thread (an OUT that KVM turns into an eventfd signal, never a return to
 * the tender's vCPU thread) only when the thread said it sleeps.
 */
#include "rt.h"

static struct pv_gpio_ring *ring;
static uint32_t tail, step_tail;
static uint64_t outputs[PV_MFT_MAX_ENTRIES]; /* per handle */

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
    tail = r->req_tail;
    step_tail = r->step_tail;
    ring = r;
    rt_log(RT_LOG_INFO, "GPIO request ring at 0x%lx\n", (unsigned long)r);
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
        cpu_gpio_kick();
}

/* Waits until every request before `idx` is complete. */
static void wait_done(uint32_t idx)
{
    if ((int32_t)(head() - idx) >= 0)
        return;
    kick_if_needed();
    while ((int32_t)(head() - idx) < 0)
        cpu_relax();
}

void rt_gpio_ring_drain(void)
{
    if (ring)
        wait_done(tail);
}

/* Takes the next free slot, waiting while the ring is full. */
static struct pv_gpio_ring_req *next_slot(void)
{
    if (tail - head() >= PV_GPIO_RING_SLOTS)
        wait_done(tail - PV_GPIO_RING_SLOTS + 1);
    struct pv_gpio_ring_req *q = &ring->req[tail & SLOT_MASK];
    q->pad0 = 0;
    return q;
}

/* Publishes the slot taken by next_slot(); returns its index. */
static uint32_t post(void)
{
    uint32_t idx = tail++;
    __atomic_store_n(&ring->req_tail, tail, __ATOMIC_RELEASE);
    kick_if_needed();
    return idx;
}

/* Posts the slot q from next_slot() and waits for its result. */
static int32_t post_wait(struct pv_gpio_ring_req *q)
{
    uint32_t idx = post();
    wait_done(idx + 1);
    return q->ret;
}

static bool gpio_handle_ok(uint64_t handle)
{
    return rt_mft_by_handle(handle, PV_MFT_DEV_GPIO_BASIC) != NULL;
}

bool rt_gpio_ring_set(struct pv_hc_gpio_set *a)
{
    if (ring == NULL)
        return false;
    if (!gpio_handle_ok(a->handle)) {
        a->ret = SOLO5_R_EINVAL;
        return true;
    }
    struct pv_gpio_ring_req *q = next_slot();
    q->op = PV_GPIO_RING_SET;
    q->handle = a->handle;
    q->mask = a->mask;
    q->values = a->values;
    q->flags = a->flags;
    q->debounce_us = a->debounce_us;
    q->posted_ns = 0;
    a->ret = post_wait(q);
    if (a->ret == SOLO5_R_OK) {
        if (a->flags & PV_GPIO_F_OUTPUT)
            outputs[a->handle] |= a->mask;
        else
            outputs[a->handle] &= ~a->mask;
    }
    return true;
}

bool rt_gpio_ring_input(struct pv_hc_gpio_values *a)
{
    if (ring == NULL)
        return false;
    if (!gpio_handle_ok(a->handle)) {
        a->ret = SOLO5_R_EINVAL;
        return true;
    }
    struct pv_gpio_ring_req *q = next_slot();
    q->op = PV_GPIO_RING_INPUT;
    q->handle = a->handle;
    q->mask = a->mask;
    q->posted_ns = 0;
    a->ret = post_wait(q);
    a->values = q->values;
    return true;
}

bool rt_gpio_ring_output(struct pv_hc_gpio_values *a)
{
    if (ring == NULL)
        return false;
    /* The checks the tender makes, against the copy of its state. */
    if (!gpio_handle_ok(a->handle) || a->mask == 0 ||
        (a->mask & ~outputs[a->handle])) {
        a->ret = SOLO5_R_EINVAL;
        return true;
    }
    /*
     * Timestamped only when posted to an idle ring, so the tender's
     * post-to-applied statistics measure the ring, not a queue.
     */
    bool idle = head() == tail;
    struct pv_gpio_ring_req *q = next_slot();
    q->op = PV_GPIO_RING_OUTPUT;
    q->handle = a->handle;
    q->mask = a->mask;
    q->values = a->values;
    q->posted_ns = idle ? solo5_clock_monotonic() : 0;
    post();
    a->ret = SOLO5_R_OK;
    return true;
}

/*
 * Step i of the caller's array. The steps are the application's struct
 * solo5_gpio_step objects (same layout, another type): they are copied
 * as bytes, never read through a struct pv_gpio_step lvalue.
 */
static struct pv_gpio_step step_at(const void *steps, uint32_t i)
{
    struct pv_gpio_step st;
    memcpy(&st, (const char *)steps + (size_t)i * sizeof st, sizeof st);
    return st;
}

bool rt_gpio_ring_sequence(struct pv_hc_gpio_sequence *a)
{
    if (ring == NULL)
        return false;
    const void *s = a->steps;
    uint32_t n = a->nsteps;
    bool ok = gpio_handle_ok(a->handle) && n >= 1 && n <= PV_GPIO_RING_STEPS;
    for (uint32_t i = 0; ok && i < n; i++) {
        struct pv_gpio_step st = step_at(s, i);
        ok = !(st.mask & ~outputs[a->handle]) &&
             st.delay_ns <= PV_GPIO_SEQ_MAX_DELAY_NS;
    }
    if (!ok) {
        a->ret = SOLO5_R_EINVAL;
        return true;
    }
    /* Wait for room in the step pool, then copy the steps in. */
    if (step_tail - __atomic_load_n(&ring->step_head, __ATOMIC_ACQUIRE) >
        PV_GPIO_RING_STEPS - n) {
        kick_if_needed();
        while (step_tail - __atomic_load_n(&ring->step_head, __ATOMIC_ACQUIRE) >
               PV_GPIO_RING_STEPS - n)
            cpu_relax();
    }
    struct pv_gpio_ring_req *q = next_slot();
    q->op = PV_GPIO_RING_SEQUENCE;
    q->handle = a->handle;
    q->step_start = step_tail;
    q->nsteps = n;
    q->posted_ns = 0;
    for (uint32_t i = 0; i < n; i++)
        ring->step[(step_tail + i) & STEP_MASK] = step_at(s, i);
    step_tail += n;
    __atomic_store_n(&ring->step_tail, step_tail, __ATOMIC_RELEASE);
    post();
    a->ret = SOLO5_R_OK;
    return true;
}

/* solo5_gpio_clear (a hypercall) changed the tender's state. */
void rt_gpio_ring_cleared(uint64_t handle, uint64_t mask)
{
    if (handle < PV_MFT_MAX_ENTRIES)
        outputs[handle] &= ~mask;
}
