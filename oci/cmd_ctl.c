/* SPDX-License-Identifier: ISC */
/*
 * cmd_ctl.c: `start`, `state`, `kill` and `delete` of a created
 * container. Each holds the container's lock for its whole run.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "oci.h"

/* argv[first..]: the options in opts (flags), then ID and maybe one more. */
static const char *operands(int argc, char **argv, const char *const *flags,
                            bool *set, const char **extra)
{
    const char *id = NULL;
    if (extra)
        *extra = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool known = false;
        for (int k = 0; flags && flags[k]; k++)
            if (strcmp(a, flags[k]) == 0) {
                set[k] = known = true;
            }
        if (known)
            continue;
        if (a[0] == '-' && a[1] != '\0')
            oci_die(OCI_EXIT_USAGE, "%s: unknown option %s", argv[0], a);
        if (id == NULL)
            id = a;
        else if (extra && *extra == NULL)
            *extra = a;
        else
            oci_die(OCI_EXIT_USAGE, "%s: too many operands", argv[0]);
    }
    if (id == NULL)
        oci_die(OCI_EXIT_USAGE, "%s: missing container id", argv[0]);
    return id;
}

int oci_start(const char *id, char *err, size_t errlen)
{
    struct oci_state st;
    char fifo[PATH_MAX];
    int lock = oci_state_open(id, &st), rc = -1;
    const char *status = oci_state_status(&st);
    if (strcmp(status, "created") != 0) {
        snprintf(err, errlen, "container %s is %s, not created", id, status);
        goto out;
    }
    oci_state_path(fifo, sizeof fifo, id, "exec.fifo");
    int fd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 || write(fd, "1", 1) != 1) {
        snprintf(err, errlen, "start %s: the tender does not wait: %s", id,
                 strerror(errno));
        if (fd >= 0)
            close(fd);
        goto out;
    }
    close(fd);
    st.started = true;
    if (oci_state_save(&st)) {
        snprintf(err, errlen, "cannot write the state of %s", id);
        goto out;
    }
    rc = 0;
out:
    close(lock);
    return rc;
}

int oci_cmd_start(int argc, char **argv)
{
    char err[1024];
    const char *id = operands(argc, argv, NULL, NULL, NULL);
    if (oci_start(id, err, sizeof err))
        oci_die(OCI_EXIT_ERROR, "%s", err);
    return 0;
}

int oci_cmd_state(int argc, char **argv)
{
    struct oci_state st;
    const char *id = operands(argc, argv, NULL, NULL, NULL);
    int lock = oci_state_open(id, &st);
    oci_state_print(&st);
    close(lock);
    return 0;
}

int oci_cmd_kill(int argc, char **argv)
{
    struct oci_state st;
    const char *flags[] = {"--all", "-a", NULL};
    bool set[2] = {false, false};
    const char *sigs;
    const char *id = operands(argc, argv, flags, set, &sigs);
    int sig = sigs ? oci_signal_parse(sigs) : SIGTERM;
    if (sig < 0)
        oci_die(OCI_EXIT_USAGE, "kill: '%s' is not a signal", sigs);
    int lock = oci_state_open(id, &st);
    if (strcmp(oci_state_status(&st), "stopped") == 0)
        oci_die(OCI_EXIT_ERROR, "container %s is not running", id);
    if (kill(st.pid, sig) != 0)
        oci_die(OCI_EXIT_ERROR, "kill %s: %s", id, strerror(errno));
    close(lock);
    return 0;
}

/* Waits (up to 10 s) until the container's process is gone. */
static bool gone(const struct oci_state *st)
{
    const struct timespec tick = {0, 5000000};
    for (int i = 0; i < 2000; i++) {
        if (strcmp(oci_state_status(st), "stopped") == 0)
            return true;
        nanosleep(&tick, NULL);
    }
    return false;
}

int oci_cmd_delete(int argc, char **argv)
{
    struct oci_state st;
    const char *flags[] = {"--force", "-f", NULL};
    bool set[2] = {false, false};
    const char *id = operands(argc, argv, flags, set, NULL);
    /*
     * As runc: a forced delete of a container that is gone succeeds; so
     * does one of what a killed create left (no state.json).
     */
    if ((set[0] || set[1]) && oci_state_remove_partial(id))
        return 0;
    int lock = oci_state_open(id, &st);
    const char *status = oci_state_status(&st);
    if (strcmp(status, "running") == 0 && !set[0] && !set[1])
        oci_die(OCI_EXIT_ERROR,
                "container %s is running: stop it or use delete --force", id);
    if (strcmp(status, "stopped") != 0) {
        kill(st.pid, SIGKILL);
        if (!gone(&st))
            oci_die(OCI_EXIT_ERROR, "container %s: pid %d did not end", id,
                    (int)st.pid);
    }
    oci_cgroup_remove(st.cgroup, st.cgroup_made);
    oci_net_detach(st.netns, st.iface);
    oci_state_remove(id);
    close(lock);
    return 0;
}
