/* SPDX-License-Identifier: ISC */
/*
 * oci.h: the contracts shared by the files of pinvisor-oci, the OCI
 * runtime that runs a container's spec as a pinvisor tender
 * (docs/fleet.md).
 */
#ifndef PINVISOR_OCI_H
#define PINVISOR_OCI_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <sys/types.h>

#define OCI_VERSION "1.1.0"
#define OCI_EXIT_ERROR 1 /* host error, as the tender's */
#define OCI_EXIT_USAGE 2 /* bad command line or bad spec */

/* --- log.c: one-line messages on stderr and in --log ------------------- */

/* Sets the --log file (NULL: none) and its format ("json" or "text"). */
int oci_log_open(const char *path, const char *format);
/* Prints "pinvisor-oci: MSG" on stderr and records it in the log. */
void oci_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints line (another program's message) as it is, and logs it. */
void oci_log_line(const char *line);
/* oci_err, then exit(status). */
noreturn void oci_die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* --- spec.c: config.json ------------------------------------------------ */

struct oci_kv {
    char *key, *value;
};

struct oci_device {
    char *path;           /* in the container */
    char type;            /* 'c', 'b', 'p', 'u' */
    int64_t major, minor; /* -1 when the spec gives none */
};

/* What the runtime uses of a bundle's config.json. */
struct oci_spec {
    char *root; /* root.path made absolute against the bundle */
    char **args;
    size_t nargs;
    bool terminal;
    bool has_mem_limit;
    int64_t mem_limit;
    struct oci_kv *ann;
    size_t nann;
    struct oci_device *devs;
    size_t ndevs;
    char *cgroups_path; /* linux.cgroupsPath, NULL if none */
    char *netns;        /* linux.namespaces' network path, NULL if none */
    int64_t cpu_quota;  /* linux.resources.cpu.quota, 0 if none */
    int64_t cpu_period; /* linux.resources.cpu.period, 0 if none */
    int64_t cpu_shares; /* linux.resources.cpu.shares, 0 if none */
    int64_t pids_limit; /* linux.resources.pids.limit, 0 if none */
};

/*
 * Reads BUNDLE/config.json into *spec. Returns 0, or -1 with a one-line
 * reason in err.
 */
int oci_spec_load(const char *bundle, struct oci_spec *spec, char *err,
                  size_t errlen);
/* Frees what oci_spec_load allocated in *spec (after success or failure). */
void oci_spec_free(struct oci_spec *spec);

/* --- chips.c: the GPIO chips a spec grants ----------------------------- */

struct oci_chip {
    char spec_path[256]; /* as in linux.devices */
    char host_path[256]; /* the node this host has for it */
    char label[64];      /* the chip's label, "" if unknown */
};

/*
 * Fills chips[0..max) with the spec's character devices named gpiochip*:
 * the host node with the same major:minor (else the spec's path) and its
 * label. Returns the number found.
 */
size_t oci_chips_resolve(const struct oci_spec *spec, struct oci_chip *chips,
                         size_t max);

/* --- net.c, tc.c: the container's network for the guest -------------- */

#define OCI_NET_PREFIX "org.pinvisor.net."
/*
 * Of a spec's memory limit (memory.max), what the guest does not get
 * (--mem is the limit in MiB, rounded down, less this): the tender's
 * own binary, stacks and buffers, so that they do not push it over.
 */
#define OCI_MEM_MARGIN_MIB 16
#define OCI_TAP_FD 3 /* the tap's descriptor in the tender */

/* The guest's side of the container's interface, as net.c finds it. */
struct oci_net {
    char dev[68];   /* the unikernel's NET_BASIC device; "" for none */
    char iface[16]; /* the container's interface, e.g. eth0 */
    uint8_t mac[6];
    char addr[16]; /* its IPv4 address, "" if it has none */
    unsigned prefix;
    char gateway[16]; /* its default route's gateway, "" if none */
    int mtu;
};

/*
 * Joins the network namespace at path (the spec's). Returns 0, or -1
 * with a one-line reason in err.
 */
int oci_netns_join(const char *path, char *err, size_t errlen);
/*
 * Decides which interface of the current network namespace the
 * unikernel's NET_BASIC device gets: the one an org.pinvisor.net.DEV
 * annotation names, else eth0 for a unikernel with exactly one such
 * device (none if there is no eth0). Reads its MAC, IPv4 address, MTU
 * and gateway. Acquires nothing. Returns 0 (net->dev "" when there is
 * nothing to attach), or -1 with a one-line reason in err.
 */
int oci_net_plan(const struct oci_spec *spec, const char *unikernel,
                 struct oci_net *net, char *err, size_t errlen);
/*
 * Makes a tap in the current namespace, with the interface's MTU, up,
 * and joins it to net->iface by a tc redirect both ways. Returns the
 * tap's descriptor (close-on-exec; the tap ends with its last
 * descriptor), or -1 with a reason in err and nothing left behind.
 */
int oci_net_attach(const struct oci_net *net, char *err, size_t errlen);
/*
 * Removes what oci_net_attach left on iface in the namespace at netns
 * (its ingress qdisc and filter). Either "" does nothing; a namespace
 * or interface that is gone is no error.
 */
void oci_net_detach(const char *netns, const char *iface);

/* tc.c: frames arriving on ifindex from leave through ifindex to. 0/-errno. */
int oci_tc_redirect(int from, int to);
/* tc.c: removes the ingress qdisc (and its filters) of ifindex. */
void oci_tc_clear(int ifindex);

/*
 * manifest.c: copies the names of the NET_BASIC devices of the unikernel
 * at path into names[0..max). Returns their number, or -1 if the file is
 * no unikernel (the tender's own check reports why).
 */
int oci_manifest_nets(const char *path, char names[][68], int max);

/* --- translate.c: the spec as a tender command line (pure) -------------- */

struct oci_argv {
    char **v;
    size_t n, cap;
};

int oci_argv_add(struct oci_argv *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void oci_argv_free(struct oci_argv *a);

/*
 * Puts into path, for the tender to open, the file REL of the rootfs
 * ROOT. Returns 0, or -1 with a one-line reason in err.
 */
typedef int oci_in_root_fn(const char *root, const char *rel, char *path,
                           size_t size, char *err, size_t errlen);
/*
 * rootfs.c's oci_in_root_fn: opens REL resolved inside ROOT (openat2,
 * RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS: no "..", absolute link or
 * /proc link leaves it), refuses anything but a regular file, and gives
 * /proc/self/fd/N for an O_PATH descriptor (N >= 10) that the tender
 * inherits. The descriptor stays open for the runtime's life.
 */
oci_in_root_fn oci_rootfs_open;

/*
 * Appends to out the tender options, "--", the unikernel and its
 * arguments that run spec with the chips it grants. Returns 0, or -1
 * with a one-line reason in err: a GPIO grant on a chip not in chips, an
 * unknown org.pinvisor.* annotation, a memory limit below 1 MiB, a
 * block or unikernel path with a ".." component, a trace that is no file name,
 * a urunc image for another monitor. net (NULL or net->dev "": none) adds
 * --net:DEV=@OCI_TAP_FD and its MAC, and --ipv4= and --ipv4-gateway= before the
 * unikernel's arguments. The unikernel and block files are in_root's (its
 * reasons too). Everything else is left to the tender's own checks.
 */
int oci_translate(const struct oci_spec *spec, const struct oci_chip *chips,
                  size_t nchips, const struct oci_net *net,
                  oci_in_root_fn *in_root, struct oci_argv *out, char *err,
                  size_t errlen);
/* Where org.pinvisor.gpio-trace files go (root's choice: --trace-dir). */
extern const char *oci_trace_dir;
/*
 * The spec's org.pinvisor.gpio-trace file, TRACEDIR/NAME, into buf.
 * Returns 1, 0 when the spec asks for no trace, or -1 with a one-line
 * reason in err when NAME is not a plain file name.
 */
int oci_trace_path(const struct oci_spec *spec, char *buf, size_t size,
                   char *err, size_t errlen);
/*
 * The unikernel's path for the tender (in_root's) into buf. Returns 1,
 * 0 if the spec names none, or -1 with a one-line reason in err.
 */
int oci_unikernel_path(const struct oci_spec *spec, oci_in_root_fn *in_root,
                       char *buf, size_t size, char *err, size_t errlen);

/* --- state.c: one directory per container under --root ----------------- */

struct oci_state {
    char id[256];
    char bundle[4096];
    pid_t pid;
    unsigned long long start_time; /* /proc/PID/stat field 22 */
    bool started;
    char cgroup[PATH_MAX];      /* the cgroup made for it, "" if none */
    char cgroup_made[PATH_MAX]; /* the topmost folder create made, or "" */
    char netns[PATH_MAX];       /* the namespace of its tap, "" if none */
    char iface[16];             /* the interface joined to the tap */
    struct oci_kv *ann;
    size_t nann;
};

extern const char *oci_root;

/* mkdir -p path, each made 0700. Returns 0, or -1 with errno. */
int oci_mkdirs(const char *path);
/* ROOT/ID, or ROOT/ID/NAME, into buf. Dies on an id that is no name. */
void oci_state_path(char *buf, size_t size, const char *id, const char *name);
/*
 * Creates ROOT/ID and locks it. Returns the lock fd, or -1 with errno
 * (EEXIST: the id is taken).
 */
int oci_state_create(const char *id);
/*
 * Locks ROOT/ID and loads its state. Returns the lock fd, or dies with
 * "container ID does not exist" (status 1).
 */
int oci_state_open(const char *id, struct oci_state *st);
/* Writes st into ROOT/ID/state.json (temporary file and rename). */
int oci_state_save(const struct oci_state *st);
/* Removes ROOT/ID and what it holds. */
void oci_state_remove(const char *id);
/*
 * Under ROOT/ID's lock: removes it if it holds no state.json (a create
 * ended between its mkdir and its save). Returns true if ROOT/ID is
 * gone, false if it holds a state (then oci_state_open it).
 */
bool oci_state_remove_partial(const char *id);
/* "created", "running" or "stopped". */
const char *oci_state_status(const struct oci_state *st);
/* Start time of process pid (0 if it is gone or a zombie). */
unsigned long long oci_proc_start_time(pid_t pid);
/* Writes the spec's state JSON of st on stdout. */
void oci_state_print(const struct oci_state *st);
/* Writes "PID" to path atomically. */
int oci_write_atomic(const char *path, const char *data);

/* --- cgroup.c: linux.cgroupsPath and its limits (cgroup v2) ---------- */

/*
 * The cgroup folder (under /sys/fs/cgroup) for spec_path into dir: a
 * cgroupfs path as it is, a systemd "slice:prefix:name" as the folder of
 * the scope prefix-name.scope in slice. Pure. Returns 1, 0 for no path,
 * -1 for a path that is neither.
 */
int oci_cgroup_path(const char *spec_path, char *dir, size_t size);
/* oci_cgroup_path, and false unless it is 1 on a cgroup v2 host. */
bool oci_cgroup_dir(const char *spec_path, char *dir, size_t size);
/*
 * Makes dir (and its parents) and moves pid into it. Puts into made the
 * topmost folder it made ("" if dir existed). 0 or -1 (errno).
 */
int oci_cgroup_join(const char *dir, pid_t pid, char *made, size_t size);
/*
 * The cgroup v2 cpu.weight (1..10000) for cpu.shares, as runc and crun
 * convert it, the shares clamped to 2..262144 first.
 */
long long oci_cgroup_weight(int64_t shares);
/*
 * Writes the spec's limits into dir: memory.max, cpu.max, cpu.weight,
 * pids.max (docs/fleet.md), enabling their controllers above it. 0, or
 * -1 with a one-line reason in err.
 */
int oci_cgroup_limits(const char *dir, const struct oci_spec *spec, char *err,
                      size_t errlen);
/*
 * Removes dir (once its processes are gone) and, when made (what
 * oci_cgroup_join made) is one of its parents, each folder up to made;
 * dir "" does nothing.
 */
void oci_cgroup_remove(const char *dir, const char *made);

/* --- console.c ---------------------------------------------------------- */

/*
 * Opens a pty, sends its master over the unix socket at sock_path with
 * SCM_RIGHTS (as runc does) and returns the slave fd, or -1 with a
 * reason in err.
 */
int oci_console_open(const char *sock_path, char *err, size_t errlen);

/* --- commands ----------------------------------------------------------- */

int oci_cmd_create(int argc, char **argv, bool run);
int oci_cmd_start(int argc, char **argv);
/*
 * start's work: releases the held tender of container id and saves it
 * as started. Returns 0, or -1 with a one-line reason in err (dies only
 * when id does not exist).
 */
int oci_start(const char *id, char *err, size_t errlen);
int oci_cmd_state(int argc, char **argv);
int oci_cmd_kill(int argc, char **argv);
int oci_cmd_delete(int argc, char **argv);
/* The signal named by s ("TERM", "SIGTERM", "15"), or -1. */
int oci_signal_parse(const char *s);

#endif
