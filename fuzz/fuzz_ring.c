/*
 * fuzz_ring.c: libFuzzer target for the GPIO request ring's server
 * (tender/gpio/ring.c, with the service layer and the sim backend) on a
 * ring in host memory. The input gives the grants (1 to 3 sim devices of
 * 1 to 8 lines, with random permissions), then raw request slots and
 * sequence steps, as a hostile guest would write them. The server's own
 * sources are built into this file so the input can be served without
 * the I/O thread, and its state reset between inputs.
 *
 * Whatever the requests, a chip line no device was granted never changes.
 * Sequences stop at their first timed step (the ring is "stopping"), so
 * no input sleeps.
 */
#include <stdlib.h>

#include "../tender/gpio/service.c"
#include "../tender/gpio/ring.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pv_gpio_ring host_ring;
static struct gpio_sim_chip *sim;

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
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool once;
    if (!once) {
        gpio_svc_init();
        tnd_log_level = 0;
        atomic_store(&stopping, true);
        once = true;
    }
    if (size < 4)
        return 0;
    reset();
    uint64_t granted = 0;
    unsigned next = 0, ndev = 1 + data[0] % 3;
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
    data += 4;
    size -= 4;

    /* The rest: request slots, then steps, as the guest wrote them. */
    size_t nreq = size / sizeof host_ring.req[0];
    if (nreq > PV_GPIO_RING_SLOTS)
        nreq = PV_GPIO_RING_SLOTS;
    memcpy(host_ring.req, data, nreq * sizeof host_ring.req[0]);
    size_t rest = size - nreq * sizeof host_ring.req[0];
    if (rest > sizeof host_ring.step)
        rest = sizeof host_ring.step;
    memcpy(host_ring.step, data + nreq * sizeof host_ring.req[0], rest);

    uint32_t step_head = 0;
    for (uint32_t head = 0; head < nreq; head++)
        serve_one(head, &step_head);

    for (unsigned off = 0; off < GPIO_SIM_LINES; off++)
        if (!(granted & (1ULL << off)) && gpio_sim_level(sim, off) != 0)
            __builtin_trap(); /* an ungranted line changed */
    for (unsigned i = 0; i < ndevs; i++) {
        const struct gpio_dev *d = &devs[i];
        if ((d->enabled | d->outputs) & ~gpio_dev_all(d))
            __builtin_trap();
    }
    return 0;
}
