/* SPDX-License-Identifier: ISC */
/*
 * test_i2c_ring.c: the I2C request ring's bounds against a hostile guest
 * (tender/i2c/ring.c, tender/ring_thread.c): indices past the slots,
 * message counts and lengths out of range never make the tender read or
 * write outside the slot, and what reaches the transfer path is the slot's
 * content, copied once.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "../../tender/i2c/ring.h"
#include "../../tender/ring_thread.h"

#define RD PV_I2C_M_RD

/* A ring with guard bytes after it, which no serve may touch. */
static struct {
    struct pv_i2c_ring r;
    uint8_t guard[4096];
} mem;

static uint64_t got_handle;
static uint32_t got_n;
static struct pv_i2c_msg got[PV_I2C_MAX_MSGS];
static uint8_t got_bytes[PV_I2C_MAX_MSGS][PV_I2C_MAX_LEN];
static int calls;

/* A transfer path that takes every message's bytes and reads 0xc0+i. */
static int fake_run(uint64_t handle, const struct pv_i2c_msg *m, uint32_t n,
                    const struct i2c_io *io)
{
    static uint8_t rd[PV_I2C_MAX_LEN];
    calls++;
    got_handle = handle;
    got_n = n;
    memcpy(got, m, sizeof got);
    for (uint32_t i = 0; i < n && i < PV_I2C_MAX_MSGS; i++) {
        if (m[i].len == 0 || m[i].len > PV_I2C_MAX_LEN)
            return PV_R_EINVAL;
        io->in(io->ctx, i, &m[i], (m[i].flags & RD) ? NULL : got_bytes[i]);
    }
    for (uint32_t i = 0; i < n && i < PV_I2C_MAX_MSGS; i++)
        if (m[i].flags & RD) {
            memset(rd, 0xc0 + (int)i, sizeof rd);
            io->out(io->ctx, i, &m[i], rd);
        }
    return PV_R_OK;
}

/* A path that hands io hostile indices and lengths directly. */
static int hostile_run(uint64_t handle, const struct pv_i2c_msg *m, uint32_t n,
                       const struct i2c_io *io)
{
    (void)handle;
    (void)m;
    (void)n;
    static uint8_t big[1024];
    memset(big, 0xee, sizeof big);
    struct pv_i2c_msg huge = {.len = 600};
    struct pv_i2c_msg full = {.len = PV_I2C_MAX_LEN};
    io->out(io->ctx, PV_I2C_MAX_MSGS, &full, big);     /* index past the slot */
    io->out(io->ctx, PV_I2C_MAX_MSGS - 1, &huge, big); /* length too long */
    io->in(io->ctx, PV_I2C_MAX_MSGS, &full, big);
    io->in(io->ctx, 0, &huge, big);
    return PV_R_OK;
}

static void reset(void)
{
    memset(&mem, 0, sizeof mem);
    memset(mem.guard, 0x5a, sizeof mem.guard);
    memset(got, 0xff, sizeof got);
    memset(got_bytes, 0, sizeof got_bytes);
    calls = 0;
    got_n = 0;
}

static void guard_intact(void)
{
    for (size_t i = 0; i < sizeof mem.guard; i++)
        cr_assert_eq(mem.guard[i], 0x5a, "guard byte %zu written", i);
}

TestSuite(i2c_ring, .init = reset);

Test(i2c_ring, a_slot_reaches_the_path_as_posted)
{
    struct pv_i2c_ring_req *q = &mem.r.req[3];
    q->handle = 7;
    q->nmsgs = 2;
    q->msgs[0] = (struct pv_i2c_msg){.addr = 0x48, .len = 1, .buf = 0x1234};
    q->msgs[1] = (struct pv_i2c_msg){.addr = 0x48, .flags = RD, .len = 2};
    q->data[0][0] = 0x10;
    i2c_ring_serve(&mem.r, 3, fake_run);
    cr_assert_eq(calls, 1);
    cr_assert_eq(got_handle, 7);
    cr_assert_eq(got_n, 2);
    cr_assert_eq(got[0].addr, 0x48);
    cr_assert_eq(got[0].buf, 0, "a slot's buf is never passed on");
    cr_assert_eq(got[1].flags, RD);
    cr_assert_eq(got_bytes[0][0], 0x10);
    cr_assert_eq(q->data[1][0], 0xc1);
    cr_assert_eq(q->data[1][1], 0xc1);
    cr_assert_eq(q->data[1][2], 0, "only len bytes are read back");
    cr_assert_eq(q->ret, PV_R_OK);
}

Test(i2c_ring, an_index_past_the_slots_is_masked)
{
    mem.r.req[PV_I2C_RING_SLOTS - 1].nmsgs = 1;
    mem.r.req[PV_I2C_RING_SLOTS - 1].msgs[0] =
        (struct pv_i2c_msg){.addr = 0x50, .flags = RD, .len = PV_I2C_MAX_LEN};
    i2c_ring_serve(&mem.r, UINT32_MAX, fake_run);
    cr_assert_eq(got[0].addr, 0x50);
    cr_assert_eq(mem.r.req[PV_I2C_RING_SLOTS - 1].data[0][255], 0xc0);
    guard_intact();
}

Test(i2c_ring, a_count_out_of_range_passes_no_message)
{
    uint32_t counts[] = {0, PV_I2C_MAX_MSGS + 1, UINT32_MAX};
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        struct pv_i2c_ring_req *q = &mem.r.req[PV_I2C_RING_SLOTS - 1];
        q->nmsgs = counts[c];
        for (int i = 0; i < PV_I2C_MAX_MSGS; i++)
            q->msgs[i] = (struct pv_i2c_msg){.addr = 0x48, .len = 3};
        i2c_ring_serve(&mem.r, PV_I2C_RING_SLOTS - 1, fake_run);
        cr_assert_eq(got_n, counts[c], "the rules see the count as posted");
        for (int i = 0; i < PV_I2C_MAX_MSGS; i++)
            cr_assert_eq(got[i].len, 0, "count %u: message %d copied",
                         counts[c], i);
    }
    guard_intact();
}

Test(i2c_ring, hostile_lengths_and_indices_stay_in_the_slot)
{
    struct pv_i2c_ring_req *q = &mem.r.req[PV_I2C_RING_SLOTS - 1];
    q->nmsgs = 1;
    q->msgs[0] = (struct pv_i2c_msg){.addr = 0x48, .len = 0xffff};
    i2c_ring_serve(&mem.r, PV_I2C_RING_SLOTS - 1, hostile_run);
    guard_intact();
    for (int i = 0; i < PV_I2C_MAX_MSGS; i++)
        for (int k = 0; k < PV_I2C_MAX_LEN; k++)
            cr_assert_eq(q->data[i][k], 0, "data[%d][%d] written", i, k);
}

Test(i2c_ring, a_tail_past_the_slots_is_corruption)
{
    uint32_t s = PV_I2C_RING_SLOTS;
    cr_assert_eq(tnd_ring_thread_pending(5, 5, s), 0);
    cr_assert_eq(tnd_ring_thread_pending(5 + s, 5, s), s);
    cr_assert_eq(tnd_ring_thread_pending(6 + s, 5, s), -1);
    cr_assert_eq(tnd_ring_thread_pending(4, 5, s), -1, "a tail moved back");
    cr_assert_eq(tnd_ring_thread_pending(3, UINT32_MAX - 2, s), 6,
                 "the counters wrap");
}

static void *stuck_serve(void *arg)
{
    (void)arg;
    for (;;)
        pause(); /* a transfer on a bus that never answers */
    return NULL;
}

/* Stopping never waits for a thread stuck in a request: the GPIO safe
 * state runs after the I2C ring's exit hook. */
Test(i2c_ring, stop_does_not_wait_for_a_stuck_request, .timeout = 10)
{
    struct tnd_ring_thread t = {.what = "test ring"};
    t.kick_fd = eventfd(0, EFD_CLOEXEC);
    cr_assert_geq(t.kick_fd, 0);
    cr_assert_eq(pthread_create(&t.thread, NULL, stuck_serve, NULL), 0);
    t.started = true;
    tnd_ring_thread_stop(&t);
    cr_assert(atomic_load(&t.stopping));
    uint64_t v;
    cr_assert_eq(read(t.kick_fd, &v, sizeof v), (ssize_t)sizeof v);
    close(t.kick_fd);
}
