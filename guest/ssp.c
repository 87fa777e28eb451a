/* SPDX-License-Identifier: ISC */
/*
 * ssp.c: the stack protector's guard and failure handler
 * (-mstack-protector-guard=global). In native mode the tender fills the
 * guard with random bytes before the guest starts (the NAT1 note gives
 * its address); in Solo5 mode start.c derives it from the cycle counter.
 */
#include "rt.h"

uintptr_t __stack_chk_guard;

void __stack_chk_fail(void) __attribute__((__noreturn__));
void __stack_chk_fail(void)
{
    rt_log(RT_LOG_ERROR, "Stack corruption detected\n");
    rt_halt(SOLO5_EXIT_ABORT, NULL);
}
