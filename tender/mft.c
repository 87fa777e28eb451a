/* SPDX-License-Identifier: ISC */
/*
 * mft.c: the application manifest. tnd_mft_validate() is the one place the
 * untrusted MFT1 note content is checked; everything else may then trust
 * the structure (but not the guest's later copy in guest memory).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "errmsg.h"
#include "abi.h"
#include "mft.h"

#define FAIL(...) return tnd_errmsg(err, errlen, __VA_ARGS__)

static bool name_ok(const char *name, bool allow_empty)
{
    size_t len = strnlen(name, PV_MFT_NAME_SIZE);
    if (len == PV_MFT_NAME_SIZE)
        return false; /* no NUL */
    /* Bytes after the NUL must be zero too: nothing hidden in the name. */
    for (size_t i = len; i < PV_MFT_NAME_SIZE; i++)
        if (name[i] != '\0')
            return false;
    if (len == 0)
        return allow_empty;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

static bool all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return false;
    return true;
}

int tnd_mft_validate(const void *buf, size_t size, char *err, size_t errlen)
{
    const struct pv_mft *m = buf;
    if (size < sizeof *m)
        FAIL("manifest too short (%zu bytes)", size);
    if (m->version != PV_MFT_VERSION)
        FAIL("unsupported manifest version %u", m->version);
    if (m->entries < 1 || m->entries > PV_MFT_MAX_ENTRIES)
        FAIL("manifest has %u entries, allowed 1..%d", m->entries,
             PV_MFT_MAX_ENTRIES);
    if (size != sizeof *m + (size_t)m->entries * sizeof(struct pv_mft_entry))
        FAIL("manifest size %zu does not match its %u entries", size,
             m->entries);
    const struct pv_mft_entry *e0 = &m->e[0];
    if (e0->type != PV_MFT_RESERVED_FIRST || !name_ok(e0->name, true) ||
        e0->name[0] != '\0')
        FAIL("manifest entry 0 is not the reserved entry");
    for (uint32_t i = 0; i < m->entries; i++) {
        const struct pv_mft_entry *e = &m->e[i];
        if (i > 0 && !name_ok(e->name, false))
            FAIL("manifest entry %u has an invalid name", i);
        if (i > 0 && e->type == PV_MFT_RESERVED_FIRST)
            FAIL("manifest entry %u has the reserved type", i);
        if (!all_zero(&e->u, sizeof e->u) || e->hostpriv != 0 ||
            e->attached != 0 || !all_zero(e->pad0, sizeof e->pad0))
            FAIL("manifest entry %u has non-zero tender fields", i);
        for (uint32_t j = 1; j < i; j++)
            if (strcmp(m->e[j].name, e->name) == 0)
                FAIL("manifest declares device '%s' twice", e->name);
    }
    return 0;
}

struct pv_mft_entry *tnd_mft_find(struct pv_mft *mft, const char *name,
                                  uint32_t type)
{
    for (uint32_t i = 1; i < mft->entries; i++) {
        struct pv_mft_entry *e = &mft->e[i];
        if (strcmp(e->name, name) == 0)
            return (type == 0 || e->type == type) ? e : NULL;
    }
    return NULL;
}

struct pv_mft_entry *tnd_mft_get(struct pv_mft *mft, uint64_t h, uint32_t type)
{
    if (h == 0 || h >= mft->entries || mft->e[h].type != type)
        return NULL;
    return &mft->e[h];
}

const char *tnd_mft_type_name(uint32_t type)
{
    switch (type) {
    case PV_MFT_DEV_BLOCK_BASIC:
        return "BLOCK_BASIC";
    case PV_MFT_DEV_NET_BASIC:
        return "NET_BASIC";
    case PV_MFT_DEV_GPIO_BASIC:
        return "GPIO_BASIC";
    case PV_MFT_DEV_I2C_BASIC:
        return "I2C_BASIC";
    case PV_MFT_DEV_UART_BASIC:
        return "UART_BASIC";
    case PV_MFT_RESERVED_FIRST:
        return "RESERVED_FIRST";
    default:
        return "UNKNOWN";
    }
}
