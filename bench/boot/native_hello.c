/* SPDX-License-Identifier: ISC */
/*
 * native_hello: the floor of the boot benchmark: a Linux process that
 * prints a greeting and its arguments and exits.
 */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("Hello from a native Linux process!\n");
    if (argc > 1)
        printf("My command line: %s\n", argv[1]);
    return 0;
}
