/* SPDX-License-Identifier: ISC */
/*
 * main.c: pinvisor-oci's command line, as runc and crun take it: global
 * options, then a command and its operands (docs/fleet.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oci.h"

#ifndef PINVISOR_VERSION
#define PINVISOR_VERSION "unknown"
#endif

static void usage(void)
{
    printf("usage: pinvisor-oci [GLOBAL OPTIONS] COMMAND [OPTIONS] ID\n"
           "\n"
           "An OCI runtime (runtime-spec %s) that runs a container's "
           "Solo5 hvt unikernel\nunder the pinvisor tender, with GPIO "
           "grants from its annotations (docs/fleet.md).\n"
           "\n"
           "Global options:\n"
           "  --root DIR            state directory (default "
           "/run/pinvisor-oci)\n"
           "  --trace-dir DIR       where gpio-trace files go (default "
           "/var/lib/pinvisor-oci/traces)\n"
           "  --log FILE            also write errors to FILE\n"
           "  --log-format json|text  format of --log (default text)\n"
           "  --systemd-cgroup      accepted: a slice:prefix:name "
           "cgroupsPath is one anyway\n"
           "  --version, --help\n"
           "\n"
           "Commands:\n"
           "  create --bundle DIR [--pid-file F] [--console-socket S] ID\n"
           "  start ID          release the held tender\n"
           "  state ID          the spec's state JSON\n"
           "  kill [--all] ID [SIGNAL]   default SIGTERM\n"
           "  delete [--force] ID\n"
           "  run --bundle DIR ID   create, start, wait; exits with the "
           "unikernel's status\n"
           "  features          what this runtime supports (JSON)\n"
           "\n"
           "Exit status: 0; the tender's status when it refuses a spec; "
           "%d on a host error\nor an unknown container; %d on a bad "
           "command line or spec.\n",
           OCI_VERSION, OCI_EXIT_ERROR, OCI_EXIT_USAGE);
}

static int features(void)
{
    printf("{\n"
           "  \"ociVersionMin\": \"1.0.0\",\n"
           "  \"ociVersionMax\": \"%s\",\n"
           "  \"hooks\": [],\n"
           "  \"mountOptions\": [],\n"
           "  \"linux\": {\n"
           "    \"namespaces\": [\"network\"],\n"
           "    \"capabilities\": [],\n"
           "    \"cgroup\": {\"v1\": false, \"v2\": true, \"systemd\": "
           "false},\n"
           "    \"seccomp\": {\"enabled\": false},\n"
           "    \"apparmor\": {\"enabled\": false},\n"
           "    \"selinux\": {\"enabled\": false}\n"
           "  },\n"
           "  \"annotations\": {\n"
           "    \"org.pinvisor.gpio.NAME\": \"CHIP:LINES[:OPTIONS]\",\n"
           "    \"org.pinvisor.gpio-trace\": \"NAME under --trace-dir\",\n"
           "    \"org.pinvisor.block.NAME\": \"PATH in the rootfs\",\n"
           "    \"org.pinvisor.net.NAME\": \"IFACE\"\n"
           "  }\n"
           "}\n",
           OCI_VERSION);
    return 0;
}

/* Takes "--opt VALUE" or "--opt=VALUE" at argv[*i]; NULL if not opt. */
static const char *value_of(int argc, char **argv, int *i, const char *opt)
{
    size_t n = strlen(opt);
    if (strncmp(argv[*i], opt, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc)
        oci_die(OCI_EXIT_USAGE, "%s needs a value", opt);
    return argv[++*i];
}

int main(int argc, char **argv)
{
    const char *log = NULL, *format = NULL, *v;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if ((v = value_of(argc, argv, &i, "--root")))
            oci_root = v;
        else if ((v = value_of(argc, argv, &i, "--trace-dir")))
            oci_trace_dir = v;
        else if ((v = value_of(argc, argv, &i, "--log")))
            log = v;
        else if ((v = value_of(argc, argv, &i, "--log-format")))
            format = v;
        else if ((v = value_of(argc, argv, &i, "--rootless")))
            continue;
        else if (strcmp(argv[i], "--systemd-cgroup") == 0 ||
                 strcmp(argv[i], "--debug") == 0)
            continue;
        else if (strcmp(argv[i], "--version") == 0 ||
                 strcmp(argv[i], "-v") == 0) {
            printf("pinvisor-oci version %s\nspec: %s\n", PINVISOR_VERSION,
                   OCI_VERSION);
            return 0;
        } else if (strcmp(argv[i], "--help") == 0 ||
                   strcmp(argv[i], "-h") == 0) {
            usage();
            return 0;
        } else
            oci_die(OCI_EXIT_USAGE, "unknown global option %s", argv[i]);
    }
    if (oci_log_open(log, format))
        oci_die(OCI_EXIT_USAGE, "--log %s, --log-format %s: cannot use them",
                log ? log : "(none)", format ? format : "text");
    if (i >= argc)
        oci_die(OCI_EXIT_USAGE, "missing command (see pinvisor-oci --help)");
    const char *cmd = argv[i];
    argc -= i;
    argv += i;
    if (strcmp(cmd, "create") == 0)
        return oci_cmd_create(argc, argv, false);
    if (strcmp(cmd, "run") == 0)
        return oci_cmd_create(argc, argv, true);
    if (strcmp(cmd, "start") == 0)
        return oci_cmd_start(argc, argv);
    if (strcmp(cmd, "state") == 0)
        return oci_cmd_state(argc, argv);
    if (strcmp(cmd, "kill") == 0)
        return oci_cmd_kill(argc, argv);
    if (strcmp(cmd, "delete") == 0)
        return oci_cmd_delete(argc, argv);
    if (strcmp(cmd, "features") == 0)
        return features();
    oci_die(OCI_EXIT_USAGE, "unknown command '%s' (see pinvisor-oci --help)",
            cmd);
}
