/* SPDX-License-Identifier: ISC */
/*
 * test_gpa.c: guest-address range checks (tender/gpa.c) at their edges.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../tender/core.h"
#include "../../tender/gpa.h"
#include "../../tender/log.h"
#include "../../tender/vm.h"

#define MEM (512ULL << 20)

Test(gpa, empty_range_at_zero_is_valid)
{
    cr_assert(tnd_gpa_valid(MEM, 0, 0));
}

Test(gpa, whole_memory_is_valid)
{
    cr_assert(tnd_gpa_valid(MEM, 0, MEM));
}

Test(gpa, range_ending_exactly_at_memory_end_is_valid)
{
    cr_assert(tnd_gpa_valid(MEM, MEM - 16, 16));
    cr_assert(tnd_gpa_valid(MEM, MEM - 1, 1));
    cr_assert(tnd_gpa_valid(MEM, MEM - 1, 0));
}

Test(gpa, range_one_byte_past_memory_end_is_invalid)
{
    cr_assert_not(tnd_gpa_valid(MEM, MEM - 16, 17));
    cr_assert_not(tnd_gpa_valid(MEM, 0, MEM + 1));
}

Test(gpa, address_at_memory_end_is_invalid_even_when_empty)
{
    cr_assert_not(tnd_gpa_valid(MEM, MEM, 0));
    cr_assert_not(tnd_gpa_valid(MEM, MEM, 1));
}

Test(gpa, no_memory_means_no_valid_range)
{
    cr_assert_not(tnd_gpa_valid(0, 0, 0));
    cr_assert_not(tnd_gpa_valid(0, 0, 1));
}

Test(gpa, max_address_is_invalid)
{
    cr_assert_not(tnd_gpa_valid(MEM, UINT64_MAX, 0));
    cr_assert_not(tnd_gpa_valid(MEM, UINT64_MAX, 1));
    cr_assert_not(tnd_gpa_valid(UINT64_MAX, UINT64_MAX, 0));
}

Test(gpa, max_length_is_invalid)
{
    cr_assert_not(tnd_gpa_valid(MEM, 0, UINT64_MAX));
    cr_assert_not(tnd_gpa_valid(MEM, 1, UINT64_MAX));
}

Test(gpa, range_wrapping_around_2_pow_64_is_invalid)
{
    /* gpa + len wraps to a small number that would look in range. */
    cr_assert_not(tnd_gpa_valid(MEM, 0x1000, UINT64_MAX - 0xfff + 0x10));
    cr_assert_not(tnd_gpa_valid(MEM, MEM - 1, UINT64_MAX));
    cr_assert_not(tnd_gpa_valid(MEM, 1ULL << 63, 1ULL << 63));
}

Test(gpa, full_address_space_edges)
{
    cr_assert(tnd_gpa_valid(UINT64_MAX, UINT64_MAX - 1, 1));
    cr_assert_not(tnd_gpa_valid(UINT64_MAX, UINT64_MAX - 1, 2));
    cr_assert(tnd_gpa_valid(UINT64_MAX, 0, UINT64_MAX));
}

Test(gpa, ptr_maps_valid_range_into_host_memory)
{
    static uint8_t mem[4096];
    struct tnd_vm vm = {.mem = mem, .mem_size = sizeof mem};
    cr_assert_eq(tnd_gpa_ptr(&vm, 0, sizeof mem, "all"), mem);
    cr_assert_eq(tnd_gpa_ptr(&vm, 4000, 96, "tail"), mem + 4000);
}

Test(gpa, ptr_dies_on_range_past_memory_end, .exit_code = TND_EXIT_ERROR,
     .init = cr_redirect_stderr)
{
    static uint8_t mem[4096];
    struct tnd_vm vm = {.mem = mem, .mem_size = sizeof mem};
    tnd_core_vm = NULL;
    tnd_gpa_ptr(&vm, 4000, 97, "test range");
    cr_assert_fail("tnd_gpa_ptr returned for a bad range");
}

Test(gpa, ptr_dies_on_wrapping_range, .exit_code = TND_EXIT_ERROR,
     .init = cr_redirect_stderr)
{
    static uint8_t mem[4096];
    struct tnd_vm vm = {.mem = mem, .mem_size = sizeof mem};
    tnd_core_vm = NULL;
    tnd_gpa_ptr(&vm, 16, UINT64_MAX - 8, "test range");
    cr_assert_fail("tnd_gpa_ptr returned for a bad range");
}

/*
 * The message of a guest memory violation: run tnd_gpa_ptr() in a child
 * with stderr on a pipe, check its exit status and its one line.
 */
Test(gpa, ptr_violation_names_range_and_exits_with_error_status)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        static uint8_t mem[4096];
        struct tnd_vm vm = {.mem = mem, .mem_size = sizeof mem};
        dup2(p[1], STDERR_FILENO);
        tnd_core_vm = NULL;
        tnd_gpa_ptr(&vm, 0x2000, 8, "PUTS buffer");
        _exit(99);
    }
    close(p[1]);
    char buf[512] = "";
    size_t len = 0;
    ssize_t n;
    while ((n = read(p[0], buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)n;
    close(p[0]);
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_assert(WIFEXITED(status), "child did not exit normally");
    cr_assert_eq(WEXITSTATUS(status), TND_EXIT_ERROR);
    cr_assert_str_eq(buf, "pinvisor: guest memory violation: PUTS buffer at "
                          "0x2000 (+8 bytes) is outside guest memory "
                          "(0x1000 bytes)\n");
}

/* Memory of 2 MiB, native mode, a read-only segment at 1 MiB + 4 KiB. */
static uint8_t *native_vm(struct tnd_vm *vm)
{
    static uint8_t *mem;
    if (mem == NULL)
        mem = calloc(1, 2 << 20);
    cr_assert_not_null(mem);
    memset(vm, 0, sizeof *vm);
    vm->mem = mem;
    vm->mem_size = 2 << 20;
    vm->native = true;
    vm->ro[0].start = 0x101000;
    vm->ro[0].end = 0x102000;
    vm->nro = 1;
    return mem;
}

Test(gpa, empty_range_just_below_a_region_touches_nothing)
{
    struct tnd_vm vm;
    uint8_t *mem = native_vm(&vm);
    /* Zero bytes at the start of the tender's tables, or of rodata. */
    cr_assert_eq(tnd_gpa_ptr(&vm, 0x101000, 0, "empty"), mem + 0x101000);
    cr_assert_eq(tnd_gpa_ptr_w(&vm, 0x101000, 0, "empty"), mem + 0x101000);
    cr_assert_eq(tnd_gpa_ptr_w(&vm, 0x102000, 0, "empty"), mem + 0x102000);
    cr_assert_eq(tnd_gpa_ptr(&vm, 0x100000, 0, "empty"), mem + 0x100000);
    cr_assert_eq(tnd_gpa_ptr_w(&vm, 0x100000, 0, "empty"), mem + 0x100000);
    /* Zero bytes inside them: still nothing is read or written. */
    cr_assert_eq(tnd_gpa_ptr(&vm, 0x5000, 0, "empty"), mem + 0x5000);
    cr_assert_eq(tnd_gpa_ptr_w(&vm, 0x5000, 0, "empty"), mem + 0x5000);
    cr_assert_eq(tnd_gpa_ptr_w(&vm, 0x101800, 0, "empty"), mem + 0x101800);
}

Test(gpa, one_byte_into_a_region_is_still_refused, .exit_code = TND_EXIT_ERROR,
     .init = cr_redirect_stderr)
{
    struct tnd_vm vm;
    native_vm(&vm);
    tnd_core_vm = NULL;
    tnd_gpa_ptr_w(&vm, 0x100fff, 2, "straddles rodata");
    cr_assert_fail("a write range reaching into rodata was allowed");
}
