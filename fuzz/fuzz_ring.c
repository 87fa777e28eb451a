/* SPDX-License-Identifier: ISC */
/*
 * fuzz_ring.c: libFuzzer target for the GPIO request ring's server
 * (tender/gpio/ring.c, with the service layer and the sim backend) on a
 * ring in host memory. The input gives the grants (1 to 3 sim devices of
 * 1 to 8 lines, with random permissions), where the server's head starts
 * (so the 32-bit indexes wrap), where the guest's tail is, then raw
 * request slots and sequence steps, as a hostile guest would write them:
 *
 *   byte 0      1 + (bits 0-6) % 3 devices; bit 7: the tail is bytes 8-11
 *   bytes 1-3   each device: 1 + b % 8 lines, permissions 1 + (b >> 3) % 3
 *   bytes 4-7   the head, little-endian
 *   bytes 8-11  with bit 7, the tail's distance from the head (any value:
 *               a full ring, one past it, behind the head); without it,
 *               the tail is just past the slots the input gives
 *   then        request slots from the head on, then steps
 *
 * The server's own sources are built into this file so the input can be
 * served by the I/O thread's step (tnd_ring_thread_serve_posted) without
 * the thread, and its state reset between inputs. Whatever the requests, a chip
 * line no device was granted never changes; the server's head ends at the
 * guest's tail, or, for a tail more than the slots away, nothing is served and
 * the tender is asked to stop. Sequences stop at their first timed step, so no
 * input sleeps.
 */
#define RING_FUZZ /* ring.c: sequences' sleep can be replaced */
#include <stdlib.h>

#include "../tender/gpio/sim.h"
#include "../tender/gpio/service.c"
#include "../tender/gpio/ring.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pv_gpio_ring host_ring;
static struct gpio_sim_chip *sim;

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/* A sequence's wait: as when the tender is stopping, the sequence ends. */
static bool no_sleep(uint64_t t)
{
    (void)t;
    return false;
}

static void reset(void)
{
    if (sim)
        gpio_sim_free(sim);
    sim = gpio_sim_new();
    if (sim == NULL)
        abort();
    next_sync = UINT64_MAX;
    memset(devs, 0, sizeof devs);
    memset(devp, 0, sizeof devp);
    memset(by_handle, 0, sizeof by_handle);
    ndevs = 0;
    memset(&host_ring, 0, sizeof host_ring);
    ring = &host_ring;
    atomic_store(&tnd_core_signal, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool once;
    if (!once) {
        gpio_svc_init();
        tnd_log_level = 0;
        sleep_until = no_sleep;
        once = true;
    }
    if (size < 12)
        return 0;
    reset();
    uint64_t granted = 0;
    unsigned next = 0, ndev = 1 + (data[0] & 0x7f) % 3;
    bool tail_given = data[0] & 0x80;
    for (unsigned i = 0; i < ndev; i++) {
        struct gpio_dev *d = gpio_svc_new_device(1 + i * 2);
        d->nlines = 1 + data[1 + i] % 8;
        d->perms = 1 + (data[1 + i] >> 3) % 3;
        for (unsigned l = 0; l < d->nlines; l++) {
            d->offsets[l] = next * 3 % GPIO_SIM_LINES; /* spread out */
            granted |= 1ULL << d->offsets[l];
            next++;
        }
        if (gpio_sim_open(sim, d) != 0)
            abort();
    }
    uint32_t head0 = le32(data + 4), distance = le32(data + 8);
    data += 12;
    size -= 12;

    /* The rest: request slots from the head on, then steps. */
    size_t nreq = size / sizeof host_ring.req[0];
    if (nreq > PV_GPIO_RING_SLOTS)
        nreq = PV_GPIO_RING_SLOTS;
    for (size_t i = 0; i < nreq; i++)
        memcpy(&host_ring.req[(head0 + i) & SLOT_MASK],
               data + i * sizeof host_ring.req[0], sizeof host_ring.req[0]);
    size_t rest = size - nreq * sizeof host_ring.req[0];
    if (rest > sizeof host_ring.step)
        rest = sizeof host_ring.step;
    memcpy(host_ring.step, data + nreq * sizeof host_ring.req[0], rest);

    if (!tail_given)
        distance = (uint32_t)nreq;
    bool corrupt = distance > PV_GPIO_RING_SLOTS;
    uint32_t tail = head0 + distance;
    host_ring.req_head = head0;
    host_ring.req_tail = tail;
    uint32_t head = head0;
    step_head = 0;
    kept = false;
    describe(0);
    bool served = tnd_ring_thread_serve_posted(&io, tail, &head);

    if (served != !corrupt || head != (corrupt ? head0 : tail) ||
        host_ring.req_head != head)
        __builtin_trap(); /* served a corrupt ring, or stopped short */
    if (atomic_load(&tnd_core_signal) != (corrupt ? -1 : 0))
        __builtin_trap(); /* a corrupt ring must stop the tender */
    for (unsigned off = 0; off < GPIO_SIM_LINES; off++)
        if (!(granted & (1ULL << off)) && gpio_sim_level(sim, off) != 0)
            __builtin_trap(); /* an ungranted line changed */
    for (unsigned i = 0; i < ndevs; i++) {
        const struct gpio_dev *d = &devs[i];
        if ((d->enabled | d->outputs) & ~gpio_dev_all(d))
            __builtin_trap();
        if (corrupt && (d->enabled | d->outputs))
            __builtin_trap(); /* a corrupt ring was served */
    }
    return 0;
}
