/* SPDX-License-Identifier: ISC */
/*
 * ring.c: the I2C request ring's slots (ring.h); the thread is
 * ring_thread.c's. The guest owns req_tail and every slot's inputs; the
 * tender writes req_head, needs_kick, a slot's ret and read bytes.
 */
#include <stdatomic.h>
#include <string.h>

#include "../arch.h"
#include "../boot.h"
#include "../ring_thread.h"
#include "../vm.h"
#include "ring.h"

#define SLOT_MASK (PV_I2C_RING_SLOTS - 1)

static struct pv_i2c_ring *ring;
static i2c_run_fn run_fn;
static struct tnd_ring_thread thread;
static atomic_ullong served; /* requests served (the I/O thread's) */

uint64_t i2c_ring_size(void)
{
    return (sizeof(struct pv_i2c_ring) + 4095) & ~4095ULL;
}

static void slot_in(void *ctx, uint32_t i, const struct pv_i2c_msg *m,
                    uint8_t *dst)
{
    const volatile struct pv_i2c_ring_req *s = ctx;
    if (i >= PV_I2C_MAX_MSGS || m->len > PV_I2C_MAX_LEN)
        return; /* memory safety only: run() passes accepted messages */
    for (uint16_t k = 0; dst && k < m->len; k++)
        dst[k] = s->data[i][k];
}

static void slot_out(void *ctx, uint32_t i, const struct pv_i2c_msg *m,
                     const uint8_t *src)
{
    volatile struct pv_i2c_ring_req *s = ctx;
    if (i >= PV_I2C_MAX_MSGS || m->len > PV_I2C_MAX_LEN)
        return;
    for (uint16_t k = 0; k < m->len; k++)
        s->data[i][k] = src[k];
}

void i2c_ring_serve(struct pv_i2c_ring *r, uint32_t idx, i2c_run_fn run)
{
    volatile struct pv_i2c_ring_req *s = &r->req[idx & SLOT_MASK];
    struct pv_i2c_msg m[PV_I2C_MAX_MSGS];
    memset(m, 0, sizeof m);
    /* Each field read once (READ_ONCE): the guest may write on. */
    uint64_t handle = s->handle;
    uint32_t n = s->nmsgs;
    for (uint32_t i = 0; n <= PV_I2C_MAX_MSGS && i < n; i++) {
        m[i].addr = s->msgs[i].addr;
        m[i].flags = s->msgs[i].flags;
        m[i].len = s->msgs[i].len;
        m[i].pad0 = s->msgs[i].pad0;
    }
    struct i2c_io io = {.in = slot_in, .out = slot_out, .ctx = (void *)s};
    s->ret = run(handle, m, n, &io);
}

static uint32_t serve_one(uint32_t head, uint32_t tail)
{
    (void)tail;
    i2c_ring_serve(ring, head, run_fn);
    atomic_fetch_add(&served, 1); /* counted before the guest can go on */
    __atomic_store_n(&ring->req_head, head + 1, __ATOMIC_RELEASE);
    return 1;
}

void i2c_ring_setup(struct tnd_vm *vm, uint64_t gpa, i2c_run_fn run)
{
    ring = (struct pv_i2c_ring *)(vm->mem + gpa);
    memset(ring, 0, sizeof *ring);
    ring->magic = PV_I2C_RING_MAGIC;
    ring->version = PV_I2C_RING_VERSION;
    ring->slots = PV_I2C_RING_SLOTS;
    run_fn = run;
    tnd_boot_offer_i2c_ring(gpa, i2c_ring_size());
    thread = (struct tnd_ring_thread){
        .what = "i2c ring",
        .off_option = "--i2c-ring=off",
        .corrupt_msg = "guest corrupted the I2C request ring (more "
                       "requests posted than slots)",
        .req_tail = &ring->req_tail,
        .needs_kick = &ring->needs_kick,
        .slots = PV_I2C_RING_SLOTS,
        .kick_addr = TND_ARCH_I2C_KICK_ADDR,
        .spin_ns = 100000,
        .serve = serve_one};
    tnd_ring_thread_start(&thread, vm);
}

void i2c_ring_stop(void)
{
    tnd_ring_thread_stop(&thread);
}

unsigned long long i2c_ring_served(void)
{
    return atomic_load(&served);
}
