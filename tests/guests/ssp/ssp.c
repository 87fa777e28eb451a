/* SPDX-License-Identifier: ISC */
/*
 * ssp: the stack protector (-fstack-protector-strong) catches a local
 * char array overflowed on purpose: "Stack corruption detected" and
 * status 255.
 */
#include <stddef.h>

#include "pvlibc.h"
#include "solo5.h"

/* Volatile: the compiler cannot see the overflow and refuse to build. */
static volatile size_t overflow_len = 64;

static int __attribute__((noinline)) smash(char fill)
{
    char buf[16];
    size_t n = overflow_len;
    for (size_t i = 0; i < n; i++)
        ((volatile char *)buf)[i] = fill;
    return buf[0];
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    printf("overflowing a 16-byte stack buffer by %zu bytes\n",
           (size_t)overflow_len - 16);
    int c = smash('A');
    printf("FAILURE: the stack protector did not fire (%d)\n", c);
    return SOLO5_EXIT_FAILURE;
}
