/* SPDX-License-Identifier: ISC */
/*
 * gpio_ring_abuse: a guest that misuses the GPIO request ring directly,
 * to show the tender survives it. Command line:
 *   flood     200000 outputs as fast as the ring takes them, then SUCCESS
 *   badop     a request with an unknown operation and one on a bad handle,
 *             posted by hand: both come back SOLO5_R_EINVAL, then SUCCESS
 *   badsteps  a sequence request pointing at garbage steps: rejected,
 *             counted in async_errors, then SUCCESS
 *   tail      moves req_tail 1000 slots ahead: the tender stops the guest
 *   noring    reports whether a ring is offered
 */
#include "pinvisor_abi.h"
#include "pvlibc.h"
#include "solo5.h"

static struct pv_gpio_ring *find_ring(void)
{
    const struct pv_boot_ext *x = (const void *)PV_BOOT_EXT_BASE;
    if (x->magic != PV_BOOT_EXT_MAGIC || x->gpio_ring == 0)
        return NULL;
    return (struct pv_gpio_ring *)x->gpio_ring;
}

static void kick(void)
{
    pv_gpio_kick();
}

/* Posts a hand-made request and waits for it. */
static int32_t post_raw(struct pv_gpio_ring *r,
                        const struct pv_gpio_ring_req *q)
{
    uint32_t tail = r->req_tail;
    r->req[tail & (PV_GPIO_RING_SLOTS - 1)] = *q;
    __atomic_store_n(&r->req_tail, tail + 1, __ATOMIC_SEQ_CST);
    kick();
    while ((int32_t)(__atomic_load_n(&r->req_head, __ATOMIC_ACQUIRE) -
                     (tail + 1)) < 0)
        ;
    return r->req[tail & (PV_GPIO_RING_SLOTS - 1)].ret;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    solo5_handle_t h;
    struct solo5_gpio_info info;
    struct solo5_gpio_config out = {.flags = SOLO5_GPIO_OUTPUT};
    if (solo5_gpio_acquire("io", &h, &info) != SOLO5_R_OK ||
        solo5_gpio_set(h, 1, &out) != SOLO5_R_OK)
        return 1;
    struct pv_gpio_ring *r = find_ring();
    const char *mode = si->cmdline;
    if (strcmp(mode, "noring") == 0) {
        printf("ring %s\n", r ? "offered" : "not offered");
        return 0;
    }
    if (r == NULL) {
        printf("FAILURE: no ring\n");
        return 1;
    }
    if (strcmp(mode, "flood") == 0) {
        for (unsigned i = 0; i < 200000; i++)
            if (solo5_gpio_output(h, 1, i & 1) != SOLO5_R_OK)
                return 1;
        uint64_t v;
        if (solo5_gpio_input(h, 1, &v) != SOLO5_R_OK || v != 1)
            return 1;
        printf("SUCCESS\n");
        return 0;
    }
    if (strcmp(mode, "badop") == 0) {
        solo5_gpio_input(h, 1, &(uint64_t){0}); /* ring idle */
        struct pv_gpio_ring_req q = {
            .op = 99, .handle = (uint32_t)h, .mask = 1};
        int32_t a = post_raw(r, &q);
        q.op = PV_GPIO_RING_INPUT;
        q.handle = 60;
        int32_t b = post_raw(r, &q);
        printf("unknown op: %d, bad handle: %d\n", a, b);
        if (a != SOLO5_R_EINVAL || b != SOLO5_R_EINVAL)
            return 1;
        printf("SUCCESS\n");
        return 0;
    }
    if (strcmp(mode, "badsteps") == 0) {
        solo5_gpio_input(h, 1, &(uint64_t){0});
        uint32_t before = r->async_errors;
        for (unsigned i = 0; i < 8; i++) {
            r->step[i].mask = ~0ULL; /* lines that are no outputs */
            r->step[i].values = 0;
            r->step[i].delay_ns = ~0ULL;
        }
        struct pv_gpio_ring_req q = {.op = PV_GPIO_RING_SEQUENCE,
                                     .handle = (uint32_t)h,
                                     .step_start = 0xfffffffc,
                                     .nsteps = 8};
        int32_t a = post_raw(r, &q);
        printf("garbage sequence: %d, async errors %u -> %u\n", a, before,
               r->async_errors);
        if (a != SOLO5_R_EINVAL || r->async_errors != before + 1)
            return 1;
        printf("SUCCESS\n");
        return 0;
    }
    if (strcmp(mode, "tail") == 0) {
        solo5_gpio_input(h, 1, &(uint64_t){0});
        __atomic_store_n(&r->req_tail, r->req_tail + 1000, __ATOMIC_SEQ_CST);
        kick();
        /* The tender stops us; should it not, say so after a second. */
        solo5_yield(solo5_clock_monotonic() + 1000000000ULL, NULL);
        printf("FAILURE: still running\n");
        return 1;
    }
    printf("FAILURE: unknown mode '%s'\n", mode);
    return 1;
}
