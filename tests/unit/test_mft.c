/* SPDX-License-Identifier: ISC */
/*
 * test_mft.c: manifest validation and look-ups (tender/mft.c).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../tender/abi.h"
#include "../../tender/mft.h"

static size_t mft_size(uint32_t entries)
{
    return sizeof(struct pv_mft) + entries * sizeof(struct pv_mft_entry);
}

/*
 * A valid manifest of `entries` entries: the reserved entry 0, then
 * "dev1", "dev2", ... alternating BLOCK_BASIC and NET_BASIC. Room is
 * allocated for `entries` even if the count is later changed.
 */
static struct pv_mft *mft_new(uint32_t entries)
{
    struct pv_mft *m = calloc(1, mft_size(entries));
    cr_assert_not_null(m);
    m->version = PV_MFT_VERSION;
    m->entries = entries;
    m->e[0].type = PV_MFT_RESERVED_FIRST;
    for (uint32_t i = 1; i < entries; i++) {
        snprintf(m->e[i].name, sizeof m->e[i].name, "dev%u", i);
        m->e[i].type = (i % 2) ? PV_MFT_DEV_BLOCK_BASIC : PV_MFT_DEV_NET_BASIC;
    }
    return m;
}

static void expect_valid(struct pv_mft *m, size_t size)
{
    char err[256] = "";
    int rc = tnd_mft_validate(m, size, err, sizeof err);
    cr_assert_eq(rc, 0, "rc %d: %s", rc, err);
}

/* Expects the manifest refused with a message containing `why`; frees m. */
static void expect_invalid(struct pv_mft *m, size_t size, const char *why)
{
    char err[256] = "";
    int rc = tnd_mft_validate(m, size, err, sizeof err);
    cr_assert_eq(rc, -EINVAL, "rc %d (err \"%s\"), expected -EINVAL", rc, err);
    cr_assert_not_null(strstr(err, why), "err \"%s\" does not say \"%s\"", err,
                       why);
    free(m);
}

/* --- valid manifests ----------------------------------------------------- */

Test(mft, only_the_reserved_entry_is_valid)
{
    struct pv_mft *m = mft_new(1);
    expect_valid(m, mft_size(1));
    free(m);
}

Test(mft, two_entries_are_valid)
{
    struct pv_mft *m = mft_new(2);
    expect_valid(m, mft_size(2));
    free(m);
}

Test(mft, sixty_four_entries_are_valid)
{
    struct pv_mft *m = mft_new(PV_MFT_MAX_ENTRIES);
    expect_valid(m, mft_size(PV_MFT_MAX_ENTRIES));
    free(m);
}

Test(mft, name_of_67_alphanumeric_chars_is_valid)
{
    struct pv_mft *m = mft_new(2);
    memset(m->e[1].name, 'Z', PV_MFT_NAME_MAX);
    m->e[1].name[0] = '0';
    m->e[1].name[PV_MFT_NAME_MAX - 1] = 'z';
    expect_valid(m, mft_size(2));
    free(m);
}

Test(mft, unknown_type_passes_validation)
{
    struct pv_mft *m = mft_new(2);
    m->e[1].type = 0x77;
    expect_valid(m, mft_size(2));
    free(m);
}

/* --- header -------------------------------------------------------------- */

Test(mft, rejects_manifest_shorter_than_its_header)
{
    struct pv_mft *m = mft_new(1);
    expect_invalid(m, sizeof(struct pv_mft) - 1, "manifest too short (7");
}

Test(mft, rejects_empty_manifest)
{
    struct pv_mft *m = mft_new(1);
    expect_invalid(m, 0, "manifest too short (0 bytes)");
}

Test(mft, rejects_wrong_version)
{
    struct pv_mft *m = mft_new(2);
    m->version = 2;
    expect_invalid(m, mft_size(2), "unsupported manifest version 2");
}

Test(mft, rejects_zero_entries)
{
    struct pv_mft *m = mft_new(1);
    m->entries = 0;
    expect_invalid(m, mft_size(0), "manifest has 0 entries, allowed 1..64");
}

Test(mft, rejects_65_entries)
{
    struct pv_mft *m = mft_new(PV_MFT_MAX_ENTRIES + 1);
    expect_invalid(m, mft_size(PV_MFT_MAX_ENTRIES + 1),
                   "manifest has 65 entries, allowed 1..64");
}

Test(mft, rejects_huge_entry_count)
{
    struct pv_mft *m = mft_new(1);
    m->entries = UINT32_MAX;
    expect_invalid(m, mft_size(1), "manifest has 4294967295 entries");
}

Test(mft, rejects_size_one_byte_too_long)
{
    struct pv_mft *m = mft_new(3);
    m->entries = 2;
    expect_invalid(m, mft_size(2) + 1,
                   "manifest size 217 does not match its 2 entries");
}

Test(mft, rejects_size_one_entry_too_short)
{
    struct pv_mft *m = mft_new(3);
    expect_invalid(m, mft_size(2),
                   "manifest size 216 does not match its 3 entries");
}

/* --- entry 0 ------------------------------------------------------------- */

Test(mft, rejects_entry_0_not_reserved)
{
    struct pv_mft *m = mft_new(2);
    m->e[0].type = PV_MFT_DEV_BLOCK_BASIC;
    expect_invalid(m, mft_size(2), "entry 0 is not the reserved entry");
}

Test(mft, rejects_entry_0_with_a_name)
{
    struct pv_mft *m = mft_new(2);
    strcpy(m->e[0].name, "zero");
    expect_invalid(m, mft_size(2), "entry 0 is not the reserved entry");
}

/*
 * "Nothing hidden in the name" holds for the reserved entry 0 too, whose
 * name is empty: bytes after its NUL make it not the reserved entry.
 */
Test(mft, rejects_entry_0_with_bytes_hidden_after_nul)
{
    struct pv_mft *m = mft_new(2);
    m->e[0].name[5] = 'x';
    expect_invalid(m, mft_size(2), "entry 0 is not the reserved entry");
}

Test(mft, rejects_entry_0_with_tender_fields_set)
{
    struct pv_mft *m = mft_new(2);
    m->e[0].attached = 1;
    expect_invalid(m, mft_size(2), "entry 0 has non-zero tender fields");
}

/* --- names --------------------------------------------------------------- */

Test(mft, rejects_name_without_nul)
{
    struct pv_mft *m = mft_new(2);
    memset(m->e[1].name, 'a', PV_MFT_NAME_SIZE);
    expect_invalid(m, mft_size(2), "entry 1 has an invalid name");
}

Test(mft, rejects_name_with_a_dash)
{
    struct pv_mft *m = mft_new(2);
    strcpy(m->e[1].name, "net-0");
    expect_invalid(m, mft_size(2), "entry 1 has an invalid name");
}

Test(mft, rejects_name_with_underscore_space_or_dot)
{
    static const char *bad[] = {"a_b", "a b", "a.b", "a/b", "ab\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct pv_mft *m = mft_new(2);
        strcpy(m->e[1].name, bad[i]);
        expect_invalid(m, mft_size(2), "entry 1 has an invalid name");
    }
}

Test(mft, rejects_name_with_non_ascii_byte)
{
    struct pv_mft *m = mft_new(2);
    strcpy(m->e[1].name, "caf\xc3\xa9");
    expect_invalid(m, mft_size(2), "entry 1 has an invalid name");
}

Test(mft, rejects_empty_name)
{
    struct pv_mft *m = mft_new(3);
    memset(m->e[2].name, 0, sizeof m->e[2].name);
    expect_invalid(m, mft_size(3), "entry 2 has an invalid name");
}

Test(mft, rejects_non_zero_bytes_after_the_nul)
{
    struct pv_mft *m = mft_new(2);
    m->e[1].name[PV_MFT_NAME_SIZE - 1] = 'x';
    expect_invalid(m, mft_size(2), "entry 1 has an invalid name");
}

Test(mft, rejects_duplicate_names)
{
    struct pv_mft *m = mft_new(4);
    strcpy(m->e[3].name, "dev1");
    expect_invalid(m, mft_size(4), "manifest declares device 'dev1' twice");
}

Test(mft, names_are_case_sensitive)
{
    struct pv_mft *m = mft_new(3);
    strcpy(m->e[1].name, "disk");
    strcpy(m->e[2].name, "DISK");
    expect_valid(m, mft_size(3));
    free(m);
}

/* --- types and tender-private fields ------------------------------------- */

Test(mft, rejects_reserved_type_after_entry_0)
{
    struct pv_mft *m = mft_new(3);
    m->e[2].type = PV_MFT_RESERVED_FIRST;
    expect_invalid(m, mft_size(3), "entry 2 has the reserved type");
}

Test(mft, rejects_non_zero_attached)
{
    struct pv_mft *m = mft_new(2);
    m->e[1].attached = 1;
    expect_invalid(m, mft_size(2), "entry 1 has non-zero tender fields");
}

Test(mft, rejects_non_zero_hostpriv)
{
    struct pv_mft *m = mft_new(2);
    m->e[1].hostpriv = 1ULL << 63;
    expect_invalid(m, mft_size(2), "entry 1 has non-zero tender fields");
}

Test(mft, rejects_non_zero_byte_anywhere_in_device_info)
{
    for (size_t i = 0; i < sizeof(((struct pv_mft_entry *)0)->u); i++) {
        struct pv_mft *m = mft_new(2);
        m->e[1].u.raw[i] = 0x01;
        expect_invalid(m, mft_size(2), "entry 1 has non-zero tender fields");
    }
}

Test(mft, rejects_non_zero_padding)
{
    for (size_t i = 0; i < sizeof(((struct pv_mft_entry *)0)->pad0); i++) {
        struct pv_mft *m = mft_new(2);
        m->e[1].pad0[i] = 0x80;
        expect_invalid(m, mft_size(2), "entry 1 has non-zero tender fields");
    }
}

/* --- look-ups ------------------------------------------------------------ */

Test(mft, find_returns_entry_by_name_and_type)
{
    struct pv_mft *m = mft_new(3); /* dev1 BLOCK, dev2 NET */
    cr_assert_eq(tnd_mft_find(m, "dev1", 0), &m->e[1]);
    cr_assert_eq(tnd_mft_find(m, "dev1", PV_MFT_DEV_BLOCK_BASIC), &m->e[1]);
    cr_assert_eq(tnd_mft_find(m, "dev2", PV_MFT_DEV_NET_BASIC), &m->e[2]);
    free(m);
}

Test(mft, find_gives_null_for_other_type_or_unknown_name)
{
    struct pv_mft *m = mft_new(3);
    cr_assert_null(tnd_mft_find(m, "dev1", PV_MFT_DEV_NET_BASIC));
    cr_assert_null(tnd_mft_find(m, "dev3", 0));
    cr_assert_null(tnd_mft_find(m, "DEV1", 0));
    cr_assert_null(tnd_mft_find(m, "dev", 0));
    free(m);
}

Test(mft, find_never_returns_the_reserved_entry)
{
    struct pv_mft *m = mft_new(2);
    cr_assert_null(tnd_mft_find(m, "", 0));
    cr_assert_null(tnd_mft_find(m, "", PV_MFT_RESERVED_FIRST));
    free(m);
}

Test(mft, get_returns_entry_with_handle_and_type)
{
    struct pv_mft *m = mft_new(3);
    cr_assert_eq(tnd_mft_get(m, 1, PV_MFT_DEV_BLOCK_BASIC), &m->e[1]);
    cr_assert_eq(tnd_mft_get(m, 2, PV_MFT_DEV_NET_BASIC), &m->e[2]);
    free(m);
}

Test(mft, get_refuses_handle_0)
{
    struct pv_mft *m = mft_new(3);
    cr_assert_null(tnd_mft_get(m, 0, PV_MFT_RESERVED_FIRST));
    cr_assert_null(tnd_mft_get(m, 0, 0));
    free(m);
}

Test(mft, get_refuses_handle_out_of_range)
{
    struct pv_mft *m = mft_new(3);
    cr_assert_null(tnd_mft_get(m, 3, PV_MFT_DEV_BLOCK_BASIC));
    cr_assert_null(tnd_mft_get(m, (1ULL << 32) | 1, PV_MFT_DEV_BLOCK_BASIC));
    cr_assert_null(tnd_mft_get(m, UINT64_MAX, PV_MFT_DEV_BLOCK_BASIC));
    free(m);
}

Test(mft, get_refuses_wrong_type)
{
    struct pv_mft *m = mft_new(3);
    cr_assert_null(tnd_mft_get(m, 1, PV_MFT_DEV_NET_BASIC));
    cr_assert_null(tnd_mft_get(m, 2, PV_MFT_DEV_GPIO_BASIC));
    free(m);
}

Test(mft, type_names_cover_known_types_and_unknown)
{
    cr_assert_str_eq(tnd_mft_type_name(PV_MFT_DEV_BLOCK_BASIC), "BLOCK_BASIC");
    cr_assert_str_eq(tnd_mft_type_name(PV_MFT_DEV_NET_BASIC), "NET_BASIC");
    cr_assert_str_eq(tnd_mft_type_name(PV_MFT_DEV_GPIO_BASIC), "GPIO_BASIC");
    cr_assert_str_eq(tnd_mft_type_name(PV_MFT_RESERVED_FIRST),
                     "RESERVED_FIRST");
    cr_assert_str_eq(tnd_mft_type_name(0), "UNKNOWN");
    cr_assert_str_eq(tnd_mft_type_name(0x77), "UNKNOWN");
    cr_assert_str_eq(tnd_mft_type_name(UINT32_MAX), "UNKNOWN");
}
