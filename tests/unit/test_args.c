/* SPDX-License-Identifier: ISC */
/*
 * test_args.c: the tender's command-line parsers (tender/args.c).
 */
#include <criterion/criterion.h>
#include <errno.h>

#include "../../tender/abi.h"
#include "../../tender/args.h"

Test(args, mem_accepts_mib_and_converts_to_bytes)
{
    uint64_t b;
    cr_assert_eq(tnd_args_parse_mem("512", &b), 0);
    cr_assert_eq(b, 512ULL << 20);
    cr_assert_eq(tnd_args_parse_mem("4096", &b), 0);
    cr_assert_eq(b, 4096ULL << 20);
}

Test(args, mem_rejects_zero_too_large_and_garbage)
{
    uint64_t b = 7;
    cr_assert_eq(tnd_args_parse_mem("0", &b), -ERANGE);
    cr_assert_eq(tnd_args_parse_mem("4097", &b), -ERANGE);
    cr_assert_eq(tnd_args_parse_mem("99999999999999999999999", &b), -ERANGE);
    cr_assert_eq(tnd_args_parse_mem("", &b), -EINVAL);
    cr_assert_eq(tnd_args_parse_mem("12M", &b), -EINVAL);
    cr_assert_eq(tnd_args_parse_mem("-1", &b), -EINVAL);
    cr_assert_eq(tnd_args_parse_mem(" 1", &b), -EINVAL);
    cr_assert_eq(b, 7, "output untouched on error");
}

Test(args, u64_stops_exactly_at_max)
{
    uint64_t v;
    cr_assert_eq(tnd_args_parse_u64("18446744073709551615", UINT64_MAX, &v), 0);
    cr_assert_eq(v, UINT64_MAX);
    cr_assert_eq(tnd_args_parse_u64("18446744073709551616", UINT64_MAX, &v),
                 -ERANGE);
    cr_assert_eq(tnd_args_parse_u64("65535", 65535, &v), 0);
    cr_assert_eq(tnd_args_parse_u64("65536", 65535, &v), -ERANGE);
}

Test(args, u64_respects_a_max_below_nine)
{
    uint64_t v = 42;
    cr_assert_eq(tnd_args_parse_u64("9", 5, &v), -ERANGE);
    cr_assert_eq(tnd_args_parse_u64("6", 5, &v), -ERANGE);
    cr_assert_eq(tnd_args_parse_u64("1", 0, &v), -ERANGE);
    cr_assert_eq(tnd_args_parse_u64("19", 8, &v), -ERANGE);
    cr_assert_eq(v, 42, "output untouched on error");
    cr_assert_eq(tnd_args_parse_u64("5", 5, &v), 0);
    cr_assert_eq(v, 5);
    cr_assert_eq(tnd_args_parse_u64("0", 0, &v), 0);
    cr_assert_eq(v, 0);
    cr_assert_eq(tnd_args_parse_u64("00", 1, &v), 0);
    cr_assert_eq(v, 0);
}

Test(args, device_option_splits_name_and_value)
{
    char name[PV_MFT_NAME_SIZE];
    const char *v;
    cr_assert_eq(
        tnd_args_device_opt("--block:disk0=/tmp/x", "--block:", name, &v), 0);
    cr_assert_str_eq(name, "disk0");
    cr_assert_str_eq(v, "/tmp/x");
    cr_assert_eq(tnd_args_device_opt("--net:n=", "--net:", name, &v), 0);
    cr_assert_str_eq(v, "");
}

Test(args, device_option_rejects_bad_names)
{
    char name[PV_MFT_NAME_SIZE];
    const char *v;
    cr_assert_eq(tnd_args_device_opt("--mem=5", "--block:", name, &v), 1);
    cr_assert_eq(tnd_args_device_opt("--block:=x", "--block:", name, &v),
                 -EINVAL);
    cr_assert_eq(tnd_args_device_opt("--block:disk", "--block:", name, &v),
                 -EINVAL);
    cr_assert_eq(tnd_args_device_opt("--block:a-b=x", "--block:", name, &v),
                 -EINVAL);
    char longname[100] = "--block:";
    memset(longname + 8, 'a', 68);
    strcpy(longname + 8 + 68, "=x");
    cr_assert_eq(tnd_args_device_opt(longname, "--block:", name, &v), -EINVAL,
                 "68 characters is one too many");
    longname[8 + 67] = '=';
    cr_assert_eq(tnd_args_device_opt(longname, "--block:", name, &v), 0);
    cr_assert_eq(strlen(name), 67);
}

Test(args, kernel_is_first_non_option_or_after_double_dash)
{
    char *a1[] = {"pv", "--mem=4", "k.hvt", "arg", NULL};
    cr_assert_eq(tnd_args_find_kernel(4, a1), 2);
    char *a2[] = {"pv", "--mem=4", "--", "-weird.hvt", NULL};
    cr_assert_eq(tnd_args_find_kernel(4, a2), 3);
    char *a3[] = {"pv", "--mem=4", NULL};
    cr_assert_eq(tnd_args_find_kernel(2, a3), -1);
    char *a4[] = {"pv", "--", NULL};
    cr_assert_eq(tnd_args_find_kernel(2, a4), -1);
}

Test(args, join_fits_exactly_or_fails)
{
    char *a[] = {"pv", "k", "ab", "cd", NULL};
    char buf[6];
    cr_assert_eq(tnd_args_join(4, a, 2, buf, sizeof buf), 5);
    cr_assert_str_eq(buf, "ab cd");
    char small[5];
    cr_assert_eq(tnd_args_join(4, a, 2, small, sizeof small), -E2BIG);
    cr_assert_eq(tnd_args_join(2, a, 2, small, sizeof small), 0);
    cr_assert_str_eq(small, "");
}
