/* SPDX-License-Identifier: ISC */
/*
 * mod_core.c: the core module: WALLTIME, PUTS and POLL, which every
 * unikernel may use.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../abi.h"
#include "../arch.h"
#include "../core.h"
#include "../gpa.h"
#include "../log.h"
#include "../module.h"
#include "../poll.h"
#include "../sandbox.h"
#include "../vm.h"

static void hc_walltime(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_walltime *a =
        tnd_gpa_ptr_w(vm, gpa, sizeof *a, "WALLTIME argument");
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    a->nsecs = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void hc_puts(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_puts a;
    memcpy(&a, tnd_gpa_ptr(vm, gpa, sizeof a, "PUTS argument"), sizeof a);
    const char *data = tnd_gpa_ptr(vm, a.data, a.len, "PUTS buffer");
    /*
     * A stalled stdout must not keep a stop request waiting: write only
     * what poll says stdout takes (at most PIPE_BUF, which a pipe with
     * room takes whole), and look for a stop at every wake-up (a stop
     * signal interrupts ppoll and write on this thread).
     */
    size_t done = 0;
    while (done < a.len) {
        struct pollfd pfd = {.fd = STDOUT_FILENO, .events = POLLOUT};
        struct timespec ts = {0, 50000000L};
        int r = ppoll(&pfd, 1, &ts, NULL);
        tnd_core_check_signal();
        if (r < 0 && errno != EINTR)
            break;
        if (r <= 0)
            continue;
        size_t chunk = a.len - done < PIPE_BUF ? a.len - done : PIPE_BUF;
        ssize_t n = write(STDOUT_FILENO, data + done, chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break; /* best effort, as the API says */
        done += (size_t)n;
    }
}

static void hc_poll(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_poll *p = tnd_gpa_ptr_w(vm, gpa, sizeof *p, "POLL argument");
    uint64_t timeout = p->timeout_nsecs;
    uint64_t ready = tnd_poll_wait(timeout);
    p->ready_set = ready;
    p->ret = __builtin_popcountll(ready);
}

/*
 * Native-mode guests whose host offers no usable WRFSBASE set their
 * thread pointer through the tender.
 */
static void hc_set_tls_base(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_set_tls_base *a =
        tnd_gpa_ptr_w(vm, gpa, sizeof *a, "SET_TLS_BASE argument");
    uint64_t base = a->base;
    a->ret = tnd_arch_set_tls_base(vm, base);
}

static void setup(struct tnd_vm *vm, struct pv_mft *mft)
{
    (void)mft;
    if (tnd_core_register_hypercall(PV_HC_WALLTIME, hc_walltime) ||
        tnd_core_register_hypercall(PV_HC_PUTS, hc_puts) ||
        tnd_core_register_hypercall(PV_HC_POLL, hc_poll))
        tnd_die("core: cannot register hypercalls");
    /*
     * Only a native guest without usable WRFSBASE needs SET_TLS_BASE (a
     * Solo5 guest sets FS base itself at CPL 0); only then may the
     * sandboxed tender set registers.
     */
    if (vm->native && !(vm->ext_flags & PV_EXT_F_FSGSBASE)) {
        if (tnd_core_register_hypercall(PV_HC_SET_TLS_BASE, hc_set_tls_base))
            tnd_die("core: cannot register hypercalls");
        tnd_sandbox_need(TND_SB_SET_TLS);
    }
}

TND_MODULE(core, .setup = setup);
