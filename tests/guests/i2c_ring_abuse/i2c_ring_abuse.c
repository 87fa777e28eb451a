/* SPDX-License-Identifier: ISC */
/*
 * i2c_ring_abuse: a guest that writes the I2C request ring by hand, as a
 * hostile guest would, to show the tender's checks hold there. The
 * device "bus" is granted 0x48 only. Command line:
 *   raw   posts, without the runtime: a read of 0x48 register 0 with a
 *         garbage buf field (OK, the byte in the slot); the same with 0x49
 *         (EINVAL); nine messages (EINVAL); a length of 300 (EINVAL);
 *         then SUCCESS
 *   tail  moves req_tail 1000 slots ahead: the tender stops the guest
 */
#include "pinvisor_abi.h"
#include "pvlibc.h"
#include "solo5.h"

static struct pv_i2c_ring *r;

/* Posts slot q by hand and waits for it; returns its ret. */
static int32_t post_raw(const struct pv_i2c_ring_req *q, uint8_t *byte0)
{
    uint32_t tail = r->req_tail;
    struct pv_i2c_ring_req *s = &r->req[tail & (PV_I2C_RING_SLOTS - 1)];
    *s = *q;
    __atomic_store_n(&r->req_tail, tail + 1, __ATOMIC_SEQ_CST);
    pv_i2c_kick();
    while (__atomic_load_n(&r->req_head, __ATOMIC_ACQUIRE) != tail + 1)
        ;
    *byte0 = s->data[1][0];
    return s->ret;
}

static struct pv_i2c_ring_req q;

/* A register read of addr: register 0 written, len bytes read. */
static void reg_read(uint64_t h, uint16_t addr, uint32_t n, uint16_t len)
{
    memset(&q, 0, sizeof q);
    q.handle = h;
    q.nmsgs = n;
    for (unsigned i = 0; i < PV_I2C_MAX_MSGS; i++)
        q.msgs[i] = (struct pv_i2c_msg){.addr = addr,
                                        .flags = i ? PV_I2C_M_RD : 0,
                                        .len = i ? len : 1,
                                        .buf = (uint8_t *)0xdead0000};
}

int solo5_app_main(const struct solo5_start_info *si)
{
    solo5_handle_t h;
    struct solo5_i2c_info info;
    const struct pv_boot_ext *x = (const void *)PV_BOOT_EXT_BASE;
    if (solo5_i2c_acquire("bus", &h, &info) != SOLO5_R_OK)
        return 1;
    if (x->magic != PV_BOOT_EXT_MAGIC || x->i2c_ring == 0) {
        printf("FAILURE: no ring\n");
        return 1;
    }
    r = (struct pv_i2c_ring *)x->i2c_ring;
    if (strcmp(si->cmdline, "tail") == 0) {
        __atomic_store_n(&r->req_tail, r->req_tail + 1000, __ATOMIC_SEQ_CST);
        pv_i2c_kick();
        for (;;)
            ;
    }
    uint8_t b = 0;
    reg_read(h, 0x48, 2, 1);
    int32_t ok = post_raw(&q, &b);
    printf("granted: %d byte 0x%02x\n", (int)ok, b);
    reg_read(h, 0x49, 2, 1);
    int32_t ungranted = post_raw(&q, &b);
    reg_read(h, 0x48, PV_I2C_MAX_MSGS + 1, 1);
    int32_t nine = post_raw(&q, &b);
    reg_read(h, 0x48, 2, 300);
    int32_t big = post_raw(&q, &b);
    printf("ungranted %d, nine messages %d, 300 bytes %d\n", (int)ungranted,
           (int)nine, (int)big);
    if (ok == SOLO5_R_OK && ungranted == SOLO5_R_EINVAL &&
        nine == SOLO5_R_EINVAL && big == SOLO5_R_EINVAL)
        printf("SUCCESS\n");
    return 0;
}
