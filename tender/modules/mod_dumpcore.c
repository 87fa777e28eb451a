/* SPDX-License-Identifier: ISC */
/*
 * mod_dumpcore.c: --dumpcore[=DIR], as solo5-hvt's: when the guest ends
 * with status 255 (a fault, or an abort) the tender writes its core to
 * DIR/core.solo5-hvt.PID (DIR defaults to the working directory) and
 * names the file on stderr. The exit hook is registered before any
 * module's set-up, so it runs after every other exit hook: the GPIO
 * lines are safe before the dump starts.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../abi.h"
#include "../core.h"
#include "../dumpcore.h"
#include "../log.h"
#include "../module.h"
#include "../sandbox.h"
#include "../vm.h"

static const char *dir;
static int dir_fd = -1;
static char file[32];

static void on_exit_dump(struct tnd_vm *vm, int status)
{
    if (status != TND_EXIT_ABORT || dir_fd < 0 || vm == NULL || !vm->run)
        return;
    int fd = openat(dir_fd, file, TND_DUMPCORE_FLAGS, 0600);
    int rc = fd < 0 ? -errno : 0;
    uint64_t pages = 0;
    if (rc == 0)
        rc = tnd_dumpcore_write(vm, fd, &pages);
    if (rc)
        tnd_warn("dumpcore: cannot write %s/%s: %s", dir, file, strerror(-rc));
    else
        /* The name ends the line, as Solo5's tests expect. */
        tnd_warn("dumpcore: guest core (%llu of %llu pages) written to %s/%s",
                 (unsigned long long)pages,
                 (unsigned long long)(vm->mem_size / 4096), dir, file);
    if (fd >= 0)
        close(fd);
}

static int handle_arg(const char *arg)
{
    if (strcmp(arg, "--dumpcore") == 0)
        dir = ".";
    else if (strncmp(arg, "--dumpcore=", 11) == 0)
        dir = arg + 11;
    else
        return 1;
    if (*dir == '\0' || strlen(dir) >= PATH_MAX)
        tnd_die_usage("%s: bad directory name", arg);
    return 0;
}

/* Before any set-up registers its hooks: this one then runs last. */
static void args_done(void)
{
    if (dir && tnd_core_register_exit_hook(on_exit_dump))
        tnd_die("dumpcore: cannot register the exit hook");
}

static void setup(struct tnd_vm *vm, struct pv_mft *mft)
{
    (void)vm, (void)mft;
    if (dir == NULL)
        return;
    dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0)
        tnd_die_errno("dumpcore: cannot open directory %s", dir);
    if (faccessat(dir_fd, ".", W_OK, 0) != 0)
        tnd_die_errno("dumpcore: directory %s is not writable", dir);
    snprintf(file, sizeof file, "core.solo5-hvt.%d", (int)getpid());
    if (tnd_sandbox_allow_fd(dir_fd, TND_FD_COREDIR))
        tnd_die("sandbox: too many file descriptors");
    tnd_sandbox_need(TND_SB_DUMPCORE);
}

TND_MODULE(dumpcore, .handle_arg = handle_arg, .args_done = args_done,
           .setup = setup,
           .usage = "  --dumpcore[=DIR]      write the guest's core to "
                    "DIR/core.solo5-hvt.PID\n"
                    "                        if it faults or aborts "
                    "(status 255; DIR: .)\n");
