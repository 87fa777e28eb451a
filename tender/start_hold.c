/* SPDX-License-Identifier: ISC */
/*
 * start_hold.c: --start-fifo=PATH, the hold an OCI runtime's `create`
 * leaves the tender in and its `start` releases (docs/fleet.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi.h"
#include "core.h"
#include "log.h"
#include "module.h"
#include "start_hold.h"

static const char *fifo_path;
static bool check_only;

static int handle_arg(const char *arg)
{
    if (strcmp(arg, "--check-only") == 0) {
        check_only = true;
        return 0;
    }
    if (strncmp(arg, "--start-fifo=", 13) != 0)
        return 1;
    if (fifo_path)
        tnd_die_usage("--start-fifo given twice");
    fifo_path = arg + 13;
    if (*fifo_path == '\0')
        tnd_die_usage("--start-fifo: empty path");
    return 0;
}

static void check(struct pv_mft *mft)
{
    (void)mft;
    struct stat st;
    if (fifo_path == NULL)
        return;
    if (stat(fifo_path, &st) != 0)
        tnd_die_errno("--start-fifo: %s", fifo_path);
    if (!S_ISFIFO(st.st_mode))
        tnd_die("--start-fifo: %s is not a FIFO", fifo_path);
}

void tnd_start_hold_check_only(void)
{
    if (check_only)
        exit(0);
}

void tnd_start_hold_wait(void)
{
    if (fifo_path == NULL)
        return;
    /*
     * Read and write: the open does not block, and the tender's own
     * writer end means no EOF when a runtime probes the FIFO and closes
     * it again; only a written byte releases the hold.
     */
    int fd = open(fifo_path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        tnd_die_errno("--start-fifo: cannot open %s", fifo_path);
    /*
     * Stop signals are blocked but inside ppoll, so one sent at any
     * moment either is seen by the check or interrupts the wait.
     */
    sigset_t old;
    tnd_core_block_stop_signals(&old);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    char c;
    ssize_t n = 0;
    while (n != 1) {
        if (atomic_load(&tnd_core_signal)) {
            tnd_core_restore_signals(&old);
            tnd_core_exit_on_signal();
        }
        if (ppoll(&p, 1, NULL, &old) < 0) {
            if (errno == EINTR)
                continue;
            tnd_die_errno("--start-fifo: cannot wait on %s", fifo_path);
        }
        n = read(fd, &c, 1);
        if (n < 0 && errno != EINTR && errno != EAGAIN)
            tnd_die_errno("--start-fifo: cannot read %s", fifo_path);
    }
    tnd_core_restore_signals(&old);
    close(fd);
}

/* Nothing to acquire: the hold comes after every module's setup. */
static void setup(struct tnd_vm *vm, struct pv_mft *mft)
{
    (void)vm;
    (void)mft;
}

TND_MODULE(start, .handle_arg = handle_arg, .check = check, .setup = setup,
           .usage =
               "  --check-only          parse and check everything, acquire "
               "nothing, exit 0\n"
               "  --start-fifo=PATH     hold before the guest's first "
               "instruction until a byte\n"
               "                        is written to FIFO PATH (OCI "
               "runtimes, docs/fleet.md)\n");
