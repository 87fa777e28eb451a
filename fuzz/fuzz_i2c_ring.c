/* SPDX-License-Identifier: ISC */
/*
 * fuzz_i2c_ring.c: libFuzzer target for the I2C request ring's slots
 * (tender/i2c/ring.c) served through the module's one transfer path
 * (run() in tender/modules/mod_i2c.c, built into this file) on the sim
 * bus. The input is a slot as a hostile guest would write it (its first
 * 2192 bytes; the rest zero), served at an index from the input's end so
 * that any slot may be the one; the ring is allocated at its exact size,
 * so AddressSanitizer sees any access outside it. Whatever the slot, a
 * transfer the rules refuse changes no register of the sim bus.
 */
#include <stdlib.h>

#include "../tender/modules/mod_i2c.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct pv_i2c_ring *r;

static void setup_once(void)
{
    char err[200];
    r = malloc(sizeof *r);
    if (r == NULL ||
        i2c_grant_parse("--i2c:bus=sim:0x48", &grants[0], err, sizeof err) ||
        i2c_grant_parse("--i2c:ro=sim:0x50:ro", &grants[1], err, sizeof err))
        abort();
    ngrants = 2;
    by_handle[1] = 1;
    by_handle[2] = 2;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[200];
    static const char desc[] = "sensor 0x48\neeprom 0x50 16\n";
    if (r == NULL)
        setup_once();
    if (i2c_sim_parse(desc, sizeof desc - 1, &sim, err, sizeof err))
        abort();
    i2c_sim_bind(&buses[0], &sim);
    i2c_sim_bind(&buses[1], &sim);
    memset(r, 0, sizeof *r);
    uint32_t idx = 0;
    if (size >= 4) {
        memcpy(&idx, data + size - 4, 4);
        size -= 4;
    }
    struct pv_i2c_ring_req *s = &r->req[idx & (PV_I2C_RING_SLOTS - 1)];
    memcpy(s, data, size < sizeof *s ? size : sizeof *s);
    static __typeof__(sim.dev) before;
    memcpy(before, sim.dev, sizeof before);
    i2c_ring_serve(r, idx, run);
    if (s->ret == PV_R_EINVAL && memcmp(before, sim.dev, sizeof before) != 0)
        abort(); /* a refused transfer reached the bus */
    return 0;
}
