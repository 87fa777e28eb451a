/* SPDX-License-Identifier: ISC */
/*
 * exit.c: solo5_exit, solo5_abort and the runtime's panic path. None of
 * them allocates or depends on the application's state.
 */
#include "rt.h"

void rt_halt(int status, void *cookie)
{
    struct pv_hc_halt h = {.cookie = cookie, .exit_status = status};
    pv_hypercall(PV_HC_HALT, &h);
    for (;;)
        ; /* the tender never resumes a halted guest */
}

void solo5_exit(int status)
{
    rt_gpio_ring_drain();
    rt_log(RT_LOG_INFO, "solo5_exit(%d) called\n", status);
    rt_halt(status, NULL);
}

void solo5_abort(void)
{
    rt_gpio_ring_drain();
    rt_log(RT_LOG_ERROR, "solo5_abort() called\n");
    rt_halt(SOLO5_EXIT_ABORT, NULL);
}

void rt_panic(const char *file, int line, const char *msg)
{
    rt_log(RT_LOG_ERROR, "ABORT: %s:%d: %s\n", file, line, msg);
    rt_halt(SOLO5_EXIT_ABORT, NULL);
}
