/* SPDX-License-Identifier: ISC */
/*
 * i2c_ring.c: the guest side of the I2C request ring (docs/abi.md). When
 * the tender offers one, solo5_i2c_transfer posts the transfer, its write
 * bytes copied into the slot, and waits for it without an exit; the read
 * bytes come back in the slot. Every check is the tender's: the runtime
 * only copies what fits a slot.
 */
#include "rt.h"

static struct pv_i2c_ring *ring;
static uint32_t tail;

#define SLOT_MASK (PV_I2C_RING_SLOTS - 1)

void rt_i2c_ring_init(void)
{
    /* Before version 3 the ring's two fields were the manifest copy's. */
    if (rt_boot_ext == NULL || rt_boot_ext->version < 3 ||
        rt_boot_ext->i2c_ring == 0)
        return;
    struct pv_i2c_ring *r = (struct pv_i2c_ring *)rt_boot_ext->i2c_ring;
    if (rt_boot_ext->i2c_ring_size < sizeof *r ||
        r->magic != PV_I2C_RING_MAGIC || r->version != PV_I2C_RING_VERSION ||
        r->slots != PV_I2C_RING_SLOTS) {
        rt_log(RT_LOG_WARN, "I2C ring not usable, using hypercalls\n");
        return;
    }
    tail = r->req_tail;
    ring = r;
    rt_log(RT_LOG_INFO, "I2C request ring at 0x%lx\n", (unsigned long)r);
}

bool rt_i2c_ring_on(void)
{
    return ring != NULL;
}

static bool len_fits(uint16_t len)
{
    return len >= 1 && len <= PV_I2C_MAX_LEN;
}

solo5_result_t rt_i2c_ring_transfer(uint64_t handle,
                                    const struct solo5_i2c_msg *msgs, size_t n)
{
    /* Transfers are synchronous: the one before this has completed. */
    struct pv_i2c_ring_req *q = &ring->req[tail & SLOT_MASK];
    q->handle = handle;
    q->nmsgs = n > PV_I2C_MAX_MSGS ? UINT32_MAX : (uint32_t)n;
    for (size_t i = 0; i < n && i < PV_I2C_MAX_MSGS; i++) {
        q->msgs[i] = (struct pv_i2c_msg){.addr = msgs[i].addr,
                                         .flags = msgs[i].flags,
                                         .len = msgs[i].len,
                                         .pad0 = msgs[i].pad};
        if (!(msgs[i].flags & PV_I2C_M_RD) && len_fits(msgs[i].len) &&
            msgs[i].buf)
            memcpy(q->data[i], msgs[i].buf, msgs[i].len);
    }
    tail++;
    __atomic_store_n(&ring->req_tail, tail, __ATOMIC_RELEASE);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (__atomic_load_n(&ring->needs_kick, __ATOMIC_RELAXED))
        pv_i2c_kick();
    while (__atomic_load_n(&ring->req_head, __ATOMIC_ACQUIRE) != tail)
        cpu_relax();
    int32_t ret = q->ret;
    for (size_t i = 0; ret == SOLO5_R_OK && i < n; i++)
        if (msgs[i].flags & PV_I2C_M_RD)
            memcpy(msgs[i].buf, q->data[i], msgs[i].len);
    return (solo5_result_t)ret;
}
