/* SPDX-License-Identifier: ISC */
/*
 * s.h: the operating-system features the OCaml 4.13 runtime may use in a
 * pinvisor guest, where the C library is guest/libc/ (musl's pure code and
 * pinvisor's glue: docs/libc.md). Only what that library really does is
 * announced; everything else falls back to the runtime's portable code.
 *
 * Deliberately absent: HAS_STACK_OVERFLOW_DETECTION (no signals are ever
 * delivered; ocaml/main.c guards the stack instead), HAS_LOCALE_H (only
 * the C locale exists), HAS_HUGE_PAGES and HAS_MMAP (the heap is malloc's),
 * HAS_SYS_SHM_H (AFL), HAS_POSIX_MONOTONIC_CLOCK (the instrumented
 * runtime only), SUPPORT_DYNAMIC_LINKING.
 */
#define OCAML_OS_TYPE "Unix"
#define POSIX_SIGNALS 1
#define HAS_C99_FLOAT_OPS 1
#define HAS_WORKING_FMA 1
#define HAS_WORKING_ROUND 1
#define HAS_GETRUSAGE 1
#define HAS_TIMES 1
#define HAS_SECURE_GETENV 1
#define HAS_STDINT_H 1
#define HAS_UNISTD 1
#define HAS_DIRENT 1
#define HAS_GETCWD 1
#define HAS_SYSTEM 1
#define HAS_GETTIMEOFDAY 1
#define HAS_FFS 1
