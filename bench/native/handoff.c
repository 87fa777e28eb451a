/* SPDX-License-Identifier: ISC */
/*
 * handoff.c: the cost of handing a request to another thread and
 * waiting for its answer, with no work in between: two threads, each
 * spinning on a shared word (as the request ring's guest and I/O thread
 * do), N round trips. A part of bench/native/run.sh's breakdown of the
 * ring's round trip.
 *
 *   handoff [N]     prints "RESULT handoff_rtt_p50 US us"
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define BATCH 100

static _Atomic uint32_t request, answer;

static void relax(void)
{
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

static void *peer(void *arg)
{
    (void)arg;
    uint32_t seen = 0;
    for (;;) {
        uint32_t r;
        while ((r = atomic_load(&request)) == seen)
            relax();
        seen = r;
        atomic_store(&answer, r);
        if (r == UINT32_MAX)
            return NULL;
    }
}

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ULL + (uint64_t)t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 20000;
    unsigned batches = n / BATCH ? n / BATCH : 1;
    double *us = calloc(batches, sizeof *us);
    pthread_t t;
    if (us == NULL || pthread_create(&t, NULL, peer, NULL) != 0) {
        fprintf(stderr, "handoff: cannot start\n");
        return 1;
    }
    uint32_t k = 0;
    /* Batches of round trips, so a clock read costs no round trip. */
    for (unsigned b = 0; b < batches; b++) {
        uint64_t t0 = now_ns();
        for (unsigned i = 0; i < BATCH; i++) {
            atomic_store(&request, ++k);
            while (atomic_load(&answer) != k)
                relax();
        }
        us[b] = (double)(now_ns() - t0) / 1e3 / BATCH;
    }
    atomic_store(&request, UINT32_MAX);
    pthread_join(t, NULL);
    qsort(us, batches, sizeof *us, cmp);
    printf("RESULT handoff_rtt_p50 %.3f us\n", us[batches / 2]);
    free(us);
    return 0;
}
