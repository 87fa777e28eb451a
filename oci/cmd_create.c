/* SPDX-License-Identifier: ISC */
/*
 * cmd_create.c: `create` and `run`. create translates the spec, has the
 * tender check it (--check-only, so a bad spec acquires nothing and
 * leaves nothing behind), then starts the tender held before the guest's
 * first instruction (--start-fifo) and returns once it waits there.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oci.h"

struct create_opts {
    const char *bundle, *pid_file, *console, *id;
};

static void parse(int argc, char **argv, struct create_opts *o)
{
    o->bundle = ".";
    o->pid_file = o->console = o->id = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        const char *with[] = {"--bundle",       "-b",
                              "--pid-file",     "--console-socket",
                              "--preserve-fds", NULL};
        for (int k = 0; with[k]; k++) {
            size_t n = strlen(with[k]);
            if (strncmp(a, with[k], n) == 0 && a[n] == '=')
                v = a + n + 1;
            else if (strcmp(a, with[k]) == 0) {
                if (i + 1 >= argc)
                    oci_die(OCI_EXIT_USAGE, "%s needs a value", a);
                v = argv[++i];
            }
            if (v) {
                if (k <= 1)
                    o->bundle = v;
                else if (k == 2)
                    o->pid_file = v;
                else if (k == 3)
                    o->console = v;
                break;
            }
        }
        if (v || strcmp(a, "--no-pivot") == 0 ||
            strcmp(a, "--no-new-keyring") == 0 || strcmp(a, "-d") == 0 ||
            strcmp(a, "--detach") == 0)
            continue;
        if (a[0] == '-')
            oci_die(OCI_EXIT_USAGE, "%s: unknown option %s", argv[0], a);
        if (o->id)
            oci_die(OCI_EXIT_USAGE, "%s: one container id only", argv[0]);
        o->id = a;
    }
    if (o->id == NULL)
        oci_die(OCI_EXIT_USAGE, "%s: missing container id", argv[0]);
}

/* The tender beside this program. */
static void tender_path(char *buf, size_t size)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n < 0)
        oci_die(OCI_EXIT_ERROR, "cannot find /proc/self/exe");
    self[n] = '\0';
    snprintf(buf, size, "%s/pinvisor", dirname(self));
}

/* Runs the tender with --check-only; relays its messages; its status. */
static int tender_check(char **argv)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0)
        oci_die(OCI_EXIT_ERROR, "pipe: %s", strerror(errno));
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        int null = open("/dev/null", O_RDWR);
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(p[1], STDERR_FILENO);
        execv(argv[0], argv);
        dprintf(p[1], "pinvisor-oci: cannot run %s: %s\n", argv[0],
                strerror(errno));
        _exit(OCI_EXIT_ERROR);
    }
    close(p[1]);
    FILE *f = fdopen(p[0], "r");
    char line[1024];
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        oci_log_line(line);
    }
    if (f)
        fclose(f);
    int ws;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : OCI_EXIT_ERROR;
}

/*
 * In the child: waits for the parent's byte on go (its cgroup is set);
 * the tap, if any, becomes descriptor OCI_TAP_FD.
 */
static noreturn void tender_exec(char **argv, int console, int tap, int go)
{
    char c;
    signal(SIGPIPE, SIG_DFL);
    if (read(go, &c, 1) != 1)
        _exit(OCI_EXIT_ERROR);
    setsid();
    if (console >= 0) {
        dup2(console, STDIN_FILENO);
        dup2(console, STDOUT_FILENO);
        dup2(console, STDERR_FILENO);
        ioctl(STDIN_FILENO, TIOCSCTTY, 0);
    }
    if (tap == OCI_TAP_FD)
        fcntl(tap, F_SETFD, 0);
    else if (tap >= 0)
        dup2(tap, OCI_TAP_FD);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execv(argv[0], argv);
    fprintf(stderr, "pinvisor-oci: cannot run %s: %s\n", argv[0],
            strerror(errno));
    _exit(OCI_EXIT_ERROR);
}

/* How long create waits for the tender to hold (its set-up, in s). */
#define HOLD_TIMEOUT 120

/* Kills the tender create started and reaps it. */
static void kill_tender(pid_t pid)
{
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

/*
 * Waits until the tender holds (its FIFO has a reader) or ends. Returns
 * 0, the tender's exit status, or -1 with a reason in err when the FIFO
 * cannot be opened or HOLD_TIMEOUT passes (the tender is killed then).
 */
static int wait_held(pid_t pid, const char *fifo, char *err, size_t errlen)
{
    const struct timespec tick = {0, 1000000};
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        int ws;
        if (waitpid(pid, &ws, WNOHANG) == pid)
            return WIFEXITED(ws)     ? WEXITSTATUS(ws)
                   : WIFSIGNALED(ws) ? 128 + WTERMSIG(ws)
                                     : OCI_EXIT_ERROR;
        int fd = open(fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd >= 0) {
            close(fd);
            return 0;
        }
        if (errno != ENXIO) {
            snprintf(err, errlen, "cannot open the start FIFO: %s",
                     strerror(errno));
            kill_tender(pid);
            return -1;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec >= HOLD_TIMEOUT) {
            snprintf(err, errlen,
                     "the tender did not reach its hold within %d s",
                     HOLD_TIMEOUT);
            kill_tender(pid);
            return -1;
        }
        nanosleep(&tick, NULL);
    }
}

/* The trace file create made, removed again by undo(); "" if none. */
static char trace_made[PATH_MAX];
/* The topmost cgroup folder create made (oci_cgroup_join); "" if none. */
static char cgroup_made[PATH_MAX];

/*
 * Makes the spec's trace file, new, in the root-owned trace directory:
 * an annotation names a file only there, and never one that exists, so
 * it can neither truncate a host file nor follow a link. Dies on error.
 */
static void trace_create(const struct oci_spec *spec, const char *id)
{
    char path[PATH_MAX], err[1024];
    int rc = oci_trace_path(spec, path, sizeof path, err, sizeof err);
    if (rc <= 0)
        return;
    if (oci_mkdirs(oci_trace_dir) != 0) {
        oci_state_remove(id);
        oci_die(OCI_EXIT_ERROR, "cannot make %s: %s", oci_trace_dir,
                strerror(errno));
    }
    int fd =
        open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        oci_state_remove(id);
        oci_die(OCI_EXIT_ERROR,
                "annotation org.pinvisor.gpio-trace: cannot make %s: %s", path,
                e == EEXIST ? "it exists (a trace is never replaced)"
                            : strerror(e));
    }
    close(fd);
    snprintf(trace_made, sizeof trace_made, "%s", path);
}

/* Removes the trace file made and the state: before the tender runs. */
static void forget(const char *id)
{
    if (trace_made[0])
        unlink(trace_made);
    oci_state_remove(id);
}

/* Undoes what create made: the trace, cgroup, tc redirect, state. */
static void undo(const char *id, const char *cgroup,
                 const struct oci_spec *spec, const struct oci_net *net)
{
    if (trace_made[0])
        unlink(trace_made);
    oci_cgroup_remove(cgroup, cgroup_made);
    if (net->dev[0])
        oci_net_detach(spec->netns, net->iface);
    oci_state_remove(id);
}

/* The state and the spec's annotations, written once the tender holds. */
static void save(const struct create_opts *o, const struct oci_spec *spec,
                 const struct oci_net *net, pid_t pid, const char *cgroup)
{
    struct oci_state st;
    memset(&st, 0, sizeof st);
    snprintf(st.id, sizeof st.id, "%s", o->id);
    snprintf(st.bundle, sizeof st.bundle, "%s", o->bundle);
    st.pid = pid;
    st.start_time = oci_proc_start_time(pid);
    snprintf(st.cgroup, sizeof st.cgroup, "%s", cgroup);
    snprintf(st.cgroup_made, sizeof st.cgroup_made, "%s", cgroup_made);
    if (net->dev[0]) {
        snprintf(st.netns, sizeof st.netns, "%s", spec->netns);
        snprintf(st.iface, sizeof st.iface, "%s", net->iface);
    }
    st.ann = spec->ann;
    st.nann = spec->nann;
    char num[32];
    snprintf(num, sizeof num, "%d", (int)pid);
    if (oci_state_save(&st) ||
        (o->pid_file && oci_write_atomic(o->pid_file, num))) {
        kill_tender(pid);
        undo(o->id, cgroup, spec, net);
        oci_die(OCI_EXIT_ERROR, "cannot write the state of %s", o->id);
    }
}

/* The tender of `run`, to which its stop signals are forwarded. */
static volatile pid_t run_pid;

static void forward(int sig)
{
    if (run_pid > 0)
        kill(run_pid, sig);
}

/*
 * run's end: starts the tender, forwards SIGINT, SIGTERM and SIGHUP to
 * it (it has its own session, so a terminal's do not reach it), waits
 * and undoes. A failed start kills the tender and undoes, status 1.
 */
static int start_and_wait(const char *id, pid_t pid, const char *cgroup,
                          const struct oci_spec *spec,
                          const struct oci_net *net)
{
    char err[1024];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = forward; /* no SA_RESTART: waitpid is retried */
    run_pid = pid;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    if (oci_start(id, err, sizeof err)) {
        kill_tender(pid);
        undo(id, cgroup, spec, net);
        oci_die(OCI_EXIT_ERROR, "%s", err);
    }
    int ws;
    while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
        ;
    undo(id, cgroup, spec, net);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

int oci_cmd_create(int argc, char **argv, bool run)
{
    struct create_opts o;
    struct oci_spec spec;
    struct oci_chip *chips;
    struct oci_argv targs = {0};
    struct oci_net net;
    char bundle[PATH_MAX], err[1024], tender[PATH_MAX], fifo[PATH_MAX];
    char uk[PATH_MAX];
    parse(argc, argv, &o);
    /* A write to a tender that ended fails with EPIPE, then undo(). */
    signal(SIGPIPE, SIG_IGN);
    if (realpath(o.bundle, bundle) == NULL)
        oci_die(OCI_EXIT_USAGE, "bundle %s: %s", o.bundle, strerror(errno));
    o.bundle = bundle;
    if (oci_spec_load(bundle, &spec, err, sizeof err))
        oci_die(OCI_EXIT_USAGE, "%s", err);
    /* Every device may be a chip: none is dropped. */
    chips = calloc(spec.ndevs ? spec.ndevs : 1, sizeof *chips);
    if (chips == NULL)
        oci_die(OCI_EXIT_ERROR, "out of memory");
    size_t nchips = oci_chips_resolve(&spec, chips, spec.ndevs);
    /* The tender runs in the spec's network namespace. */
    if (spec.netns && oci_netns_join(spec.netns, err, sizeof err))
        oci_die(OCI_EXIT_ERROR, "%s", err);
    int has_uk = oci_unikernel_path(&spec, oci_rootfs_open, uk, sizeof uk, err,
                                    sizeof err);
    if (has_uk < 0)
        oci_die(OCI_EXIT_USAGE, "%s", err);
    if (oci_net_plan(&spec, has_uk ? uk : NULL, &net, err, sizeof err))
        oci_die(OCI_EXIT_USAGE, "%s", err);
    char cgroup[PATH_MAX] = "";
    if (oci_cgroup_path(spec.cgroups_path, cgroup, sizeof cgroup) < 0)
        oci_die(OCI_EXIT_USAGE,
                "linux.cgroupsPath: '%s' is neither a cgroupfs path "
                "(/a/b) nor systemd's slice:prefix:name",
                spec.cgroups_path);
    cgroup[0] = '\0';
    tender_path(tender, sizeof tender);
    oci_argv_add(&targs, "%s", tender);
    oci_argv_add(&targs, "--check-only");
    if (oci_translate(&spec, chips, nchips, &net, oci_rootfs_open, &targs, err,
                      sizeof err))
        oci_die(OCI_EXIT_USAGE, "%s", err);

    int lock = oci_state_create(o.id);
    if (lock < 0 && errno == EEXIST)
        oci_die(OCI_EXIT_ERROR, "container %s already exists", o.id);
    if (lock < 0)
        oci_die(OCI_EXIT_ERROR, "cannot create the state of %s under %s: %s",
                o.id, oci_root, strerror(errno));
    trace_create(&spec, o.id);
    int rc = tender_check(targs.v);
    if (rc != 0) {
        forget(o.id);
        exit(rc);
    }
    oci_state_path(fifo, sizeof fifo, o.id, "exec.fifo");
    free(targs.v[1]);
    if (mkfifo(fifo, 0600) != 0 ||
        asprintf(&targs.v[1], "--start-fifo=%s", fifo) < 0) {
        forget(o.id);
        oci_die(OCI_EXIT_ERROR, "cannot make %s: %s", fifo, strerror(errno));
    }
    int console = -1;
    if (o.console) {
        console = oci_console_open(o.console, err, sizeof err);
        if (console < 0) {
            forget(o.id);
            oci_die(OCI_EXIT_ERROR, "%s", err);
        }
    }
    int tap = net.dev[0] ? oci_net_attach(&net, err, sizeof err) : -1;
    if (net.dev[0] && tap < 0) {
        forget(o.id);
        oci_die(OCI_EXIT_ERROR, "%s", err);
    }
    int go[2];
    pid_t pid = pipe2(go, O_CLOEXEC) == 0 ? fork() : -1;
    if (pid < 0) {
        undo(o.id, cgroup, &spec, &net);
        oci_die(OCI_EXIT_ERROR, "fork: %s", strerror(errno));
    }
    if (pid == 0)
        tender_exec(targs.v, console, tap, go[0]);
    close(go[0]);
    if (console >= 0)
        close(console);
    if (tap >= 0)
        close(tap);
    rc = 0;
    if (oci_cgroup_dir(spec.cgroups_path, cgroup, sizeof cgroup)) {
        rc = oci_cgroup_join(cgroup, pid, cgroup_made, sizeof cgroup_made);
        if (rc)
            snprintf(err, sizeof err, "cgroup %s: %s", cgroup, strerror(errno));
        else
            rc = oci_cgroup_limits(cgroup, &spec, err, sizeof err);
    }
    if (rc) {
        kill_tender(pid);
        undo(o.id, cgroup, &spec, &net);
        oci_die(OCI_EXIT_ERROR, "%s", err);
    }
    if (write(go[1], "1", 1) != 1) {
        int e = errno;
        kill_tender(pid);
        undo(o.id, cgroup, &spec, &net);
        oci_die(OCI_EXIT_ERROR, "cannot start the tender: %s", strerror(e));
    }
    close(go[1]);
    rc = wait_held(pid, fifo, err, sizeof err);
    if (rc < 0) {
        undo(o.id, cgroup, &spec, &net);
        oci_die(OCI_EXIT_ERROR, "create %s: %s", o.id, err);
    }
    if (rc != 0) {
        undo(o.id, cgroup, &spec, &net);
        oci_err("create %s: the tender ended with status %d before start", o.id,
                rc);
        exit(rc);
    }
    save(&o, &spec, &net, pid, cgroup);
    close(lock);
    return run ? start_and_wait(o.id, pid, cgroup, &spec, &net) : 0;
}
