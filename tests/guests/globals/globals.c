/* SPDX-License-Identifier: ISC */
/*
 * globals: initialised .data holds its initial values and is writable;
 * .bss starts zeroed and is writable.
 */
#include <stdint.h>

#include "pvlibc.h"
#include "solo5.h"

static volatile uint32_t data_word = 0x600dcafe;
static volatile uint64_t data_array[4] = {1, 2, 3, 0xfedcba9876543210ULL};
static char data_string[] = "initialised data";
static volatile uint64_t bss_array[1024]; /* 8 KiB, spans pages */
static volatile uint32_t bss_word;

static int check_data(void)
{
    if (data_word != 0x600dcafe) {
        printf("FAILURE: data_word is 0x%x\n", data_word);
        return 1;
    }
    if (data_array[0] != 1 || data_array[1] != 2 || data_array[2] != 3 ||
        data_array[3] != 0xfedcba9876543210ULL) {
        printf("FAILURE: data_array is wrong\n");
        return 1;
    }
    if (strcmp(data_string, "initialised data") != 0) {
        printf("FAILURE: data_string is '%s'\n", data_string);
        return 1;
    }
    return 0;
}

static int check_bss(void)
{
    if (bss_word != 0) {
        printf("FAILURE: bss_word is 0x%x\n", bss_word);
        return 1;
    }
    for (size_t i = 0; i < sizeof bss_array / sizeof bss_array[0]; i++)
        if (bss_array[i] != 0) {
            printf("FAILURE: bss_array[%zu] not zero\n", i);
            return 1;
        }
    return 0;
}

static int check_writes(void)
{
    data_word = 0xdeadbeef;
    data_array[3] = 42;
    data_string[0] = 'I';
    bss_word = 7;
    for (size_t i = 0; i < sizeof bss_array / sizeof bss_array[0]; i++)
        bss_array[i] = i * 3;
    if (data_word != 0xdeadbeef || data_array[3] != 42 ||
        strcmp(data_string, "Initialised data") != 0 || bss_word != 7) {
        printf("FAILURE: writes to .data/.bss did not stick\n");
        return 1;
    }
    for (size_t i = 0; i < sizeof bss_array / sizeof bss_array[0]; i++)
        if (bss_array[i] != i * 3) {
            printf("FAILURE: bss_array[%zu] write lost\n", i);
            return 1;
        }
    return 0;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    if (check_data() || check_bss() || check_writes())
        return SOLO5_EXIT_FAILURE;
    printf("SUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
