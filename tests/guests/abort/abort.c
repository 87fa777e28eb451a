/* SPDX-License-Identifier: ISC */
/*
 * abort: solo5_abort() ends the unikernel with status 255 and a message.
 */
#include "pvlibc.h"
#include "solo5.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    printf("calling solo5_abort()\n");
    solo5_abort();
}
