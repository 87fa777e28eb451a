/* SPDX-License-Identifier: ISC */
/*
 * fpu: FP/SIMD arithmetic works in the guest: compiler-generated scalar
 * float and double code, and packed single-precision instructions (SSE on
 * x86_64, NEON on aarch64).
 *
 * Native mode only (MODES). Solo5-mode guests run at CPL 0, which PVM
 * hosts execute in KVM's instruction emulator; it does not emulate SSE
 * and the run ends with a KVM internal error (solo5-hvt's own test_fpu
 * fails the same way there). Solo5-mode code is therefore built with
 * -mgeneral-regs-only.
 */
#include <stdint.h>

#include "pvlibc.h"
#include "solo5.h"

static volatile float fa = 1.5f, fb = 2.25f;
static volatile double da = 1.0, db = 3.0;

static int check_scalar(void)
{
    float f = fa * fb + fa; /* 3.375 + 1.5 = 4.875, exact */
    if (f != 4.875f) {
        printf("FAILURE: float gives %d/1000\n", (int)(f * 1000));
        return 1;
    }
    double d = da / db * db;     /* rounds back to 1.0 */
    double q = (da + 0.5) / 4.0; /* 0.375, exact */
    if (d != 1.0 || q != 0.375) {
        printf("FAILURE: double gives %d/1000, %d/1000\n", (int)(d * 1000),
               (int)(q * 1000));
        return 1;
    }
    volatile int n = -7;
    double c = (double)n / 2; /* int -> double conversion */
    if ((long)(c * 4) != -14) {
        printf("FAILURE: conversion gives %ld\n", (long)(c * 4));
        return 1;
    }
    return 0;
}

static int check_packed(void)
{
    float x[4] __attribute__((aligned(16))) = {1.5f, 2.0f, -3.0f, 0.25f};
    float y[4] __attribute__((aligned(16))) = {2.0f, 0.5f, 3.0f, 8.0f};
    float r[4] __attribute__((aligned(16)));
#if defined(__x86_64__)
    __asm__ __volatile__("movaps %1, %%xmm1\n\t"
                         "movaps %2, %%xmm2\n\t"
                         "mulps %%xmm2, %%xmm1\n\t"
                         "addps %%xmm2, %%xmm1\n\t"
                         "movaps %%xmm1, %0"
                         : "=m"(r)
                         : "m"(x), "m"(y)
                         : "xmm1", "xmm2");
#elif defined(__aarch64__)
    __asm__ __volatile__("ld1 {v1.4s}, [%1]\n\t"
                         "ld1 {v2.4s}, [%2]\n\t"
                         "fmul v1.4s, v1.4s, v2.4s\n\t"
                         "fadd v1.4s, v1.4s, v2.4s\n\t"
                         "st1 {v1.4s}, [%0]"
                         :
                         : "r"(r), "r"(x), "r"(y)
                         : "v1", "v2", "memory");
#endif
    static const float want[4] = {5.0f, 1.5f, -6.0f, 10.0f};
    for (int i = 0; i < 4; i++)
        if (r[i] != want[i]) {
            printf("FAILURE: packed lane %d gives %d/1000\n", i,
                   (int)(r[i] * 1000));
            return 1;
        }
    return 0;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    if (check_scalar() || check_packed())
        return SOLO5_EXIT_FAILURE;
    /* The SSE state survives an exit to the tender. */
    volatile double before = da / db;
    solo5_yield(0, NULL);
    if (check_scalar() || before * db != 1.0)
        return SOLO5_EXIT_FAILURE;
    printf("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
