/* SPDX-License-Identifier: ISC */
/*
 * test_oci_translate.c: the OCI runtime's one translation of a spec into
 * a tender command line (oci/translate.c).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "../../oci/oci.h"

static struct oci_chip chips[] = {
    {"/dev/gpiochip1", "/dev/gpiochip3", "pinvisor-sim"},
};

/* The translation of s (with net) joined with spaces into buf; its
 * return value. */
/* The rootfs as a plain join: rootfs.c's resolution is the VM tests'. */
static int join(const char *root, const char *rel, char *path, size_t size,
                char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    snprintf(path, size, "%s/%s", root, rel);
    return 0;
}

static int run_net(const struct oci_spec *s, const struct oci_net *net,
                   char *buf, size_t size, char *err)
{
    struct oci_argv a = {0};
    int rc = oci_translate(s, chips, 1, net, join, &a, err, 256);
    buf[0] = '\0';
    for (size_t i = 0; i < a.n; i++) {
        if (i)
            strncat(buf, " ", size - strlen(buf) - 1);
        strncat(buf, a.v[i], size - strlen(buf) - 1);
    }
    oci_argv_free(&a);
    return rc;
}

static int run(const struct oci_spec *s, char *buf, size_t size, char *err)
{
    return run_net(s, NULL, buf, size, err);
}

static struct oci_spec spec(char **args, size_t nargs, struct oci_kv *ann,
                            size_t nann)
{
    struct oci_spec s = {0};
    s.root = "/b/rootfs";
    s.args = args;
    s.nargs = nargs;
    s.ann = ann;
    s.nann = nann;
    return s;
}

Test(oci_translate, args_give_the_unikernel_in_the_rootfs_and_its_args)
{
    char *args[] = {"/blink.hvt", "20", "100"};
    struct oci_spec s = spec(args, 3, NULL, 0);
    char buf[512], err[256];
    cr_assert_eq(run(&s, buf, sizeof buf, err), 0);
    cr_assert_str_eq(buf, "-- /b/rootfs/blink.hvt 20 100");
}

Test(oci_translate, no_args_leave_the_unikernel_missing_for_the_tender)
{
    struct oci_spec s = spec(NULL, 0, NULL, 0);
    char buf[512], err[256];
    cr_assert_eq(run(&s, buf, sizeof buf, err), 0);
    cr_assert_str_eq(buf, "--");
}

Test(oci_translate, memory_limit_rounds_down_to_mib_less_the_margin)
{
    char *args[] = {"/a.hvt"};
    struct oci_spec s = spec(args, 1, NULL, 0);
    s.has_mem_limit = true;
    s.mem_limit = (64 << 20) + 4095;
    char buf[512], err[256];
    cr_assert_eq(run(&s, buf, sizeof buf, err), 0);
    cr_assert_str_eq(buf, "--mem=48 -- /b/rootfs/a.hvt");
    s.mem_limit = 17 << 20;
    cr_assert_eq(run(&s, buf, sizeof buf, err), 0);
    cr_assert_str_eq(buf, "--mem=1 -- /b/rootfs/a.hvt");
    s.mem_limit = -1; /* no limit: the tender's default */
    cr_assert_eq(run(&s, buf, sizeof buf, err), 0);
    cr_assert_str_eq(buf, "-- /b/rootfs/a.hvt");
    s.mem_limit = (17 << 20) - 1;
    cr_assert_eq(run(&s, buf, sizeof buf, err), -1);
    cr_assert_str_eq(err, "linux.resources.memory.limit: 17825791 bytes is "
                          "less than 17 MiB (16 MiB of it are the tender's "
                          "own)");
    s.mem_limit = -2;
    cr_assert_eq(run(&s, buf, sizeof buf, err), -1);
}

Test(oci_translate, gpio_grant_by_path_name_or_label_names_the_host_node)
{
    char *args[] = {"/a.hvt"};
    struct oci_kv ann[] = {
        {"org.pinvisor.gpio.led", "/dev/gpiochip1:0:out,safe=0"},
        {"org.pinvisor.gpio.b", "gpiochip1:GPIO27:in"},
        {"org.pinvisor.gpio.c", "pinvisor-sim:2"},
        {"org.pinvisor.gpio.s", "sim:0-3"},
        {"org.pinvisor.gpio-trace", "t.vcd"},
        {"io.podman.other", "x"},
    };
    struct oci_spec s = spec(args, 1, ann, 6);
    char buf[512], err[256];
    cr_assert_eq(run(&s, buf, sizeof buf, err), 0);
    cr_assert_str_eq(buf, "--gpio:led=/dev/gpiochip3:0:out,safe=0 "
                          "--gpio:b=/dev/gpiochip3:GPIO27:in "
                          "--gpio:c=/dev/gpiochip3:2 --gpio:s=sim:0-3 "
                          "--gpio-trace=/var/lib/pinvisor-oci/traces/t.vcd "
                          "-- /b/rootfs/a.hvt");
}

Test(oci_translate, gpio_trace_that_is_no_file_name_is_refused)
{
    const char *bad[] = {"/etc/shadow", "../x.vcd", "a/b.vcd", "..", ".", ""};
    char *args[] = {"/a.hvt"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct oci_kv ann[] = {{"org.pinvisor.gpio-trace", (char *)bad[i]}};
        struct oci_spec s = spec(args, 1, ann, 1);
        char buf[512], err[256], want[256];
        cr_assert_eq(run(&s, buf, sizeof buf, err), -1, "%s", bad[i]);
        snprintf(want, sizeof want,
                 "annotation org.pinvisor.gpio-trace: '%s' is not a file "
                 "name (the trace goes under /var/lib/pinvisor-oci/traces)",
                 bad[i]);
        cr_assert_str_eq(err, want);
    }
}

Test(oci_translate, gpio_grant_on_a_chip_not_in_the_spec_is_refused)
{
    char *args[] = {"/a.hvt"};
    struct oci_kv ann[] = {{"org.pinvisor.gpio.led", "gpiochip0:0"}};
    struct oci_spec s = spec(args, 1, ann, 1);
    char buf[512], err[256];
    cr_assert_eq(run(&s, buf, sizeof buf, err), -1);
    cr_assert_str_eq(err, "annotation org.pinvisor.gpio.led: chip "
                          "'gpiochip0' is not among the spec's linux.devices "
                          "(give it to the container, e.g. with --device)");
}

Test(oci_translate, block_stays_in_the_rootfs)
{
    char *args[] = {"/a.hvt"};
    struct oci_kv ok[] = {{"org.pinvisor.block.storage", "/disk.img"}};
    struct oci_kv bad[] = {{"org.pinvisor.block.storage", "x/../../etc"}};
    struct oci_spec s = spec(args, 1, ok, 1);
    char buf[512], err[256];
    cr_assert_eq(run(&s, buf, sizeof buf, err), 0);
    cr_assert_str_eq(buf,
                     "--block:storage=/b/rootfs/disk.img -- /b/rootfs/a.hvt");
    s = spec(args, 1, bad, 1);
    cr_assert_eq(run(&s, buf, sizeof buf, err), -1);
    cr_assert_str_eq(err, "annotation org.pinvisor.block.storage: "
                          "'x/../../etc' leaves the container's root");
}

Test(oci_translate, unikernel_with_a_dotdot_component_is_refused)
{
    char *args[] = {"../../x/esc.hvt"};
    struct oci_kv urunc[] = {{"com.urunc.unikernel.binary", "a/../../b.hvt"}};
    struct oci_spec s = spec(args, 1, NULL, 0);
    char buf[512], err[256];
    cr_assert_eq(run(&s, buf, sizeof buf, err), -1);
    cr_assert_str_eq(err, "process.args[0]: '../../x/esc.hvt' leaves the "
                          "container's root");
    s = spec(args, 1, urunc, 1);
    cr_assert_eq(run(&s, buf, sizeof buf, err), -1);
    cr_assert_str_eq(err, "com.urunc.unikernel.binary: 'a/../../b.hvt' "
                          "leaves the container's root");
}

Test(oci_translate, unknown_pinvisor_annotation_is_refused)
{
    struct oci_kv ann[] = {{"org.pinvisor.gpoi.led", "sim:0"}};
    struct oci_spec s = spec(NULL, 0, ann, 1);
    char buf[512], err[256];
    cr_assert_eq(run(&s, buf, sizeof buf, err), -1);
    cr_assert_str_eq(err, "unknown annotation org.pinvisor.gpoi.led");
}

Test(oci_translate, urunc_image_runs_its_binary_and_cmdline)
{
    char *args[] = {"/ignored"};
    struct oci_kv ann[] = {
        {"com.urunc.unikernel.binary", "/unikernel/hello.hvt"},
        {"com.urunc.unikernel.cmdline", "Hello_Solo5 --x"},
        {"com.urunc.unikernel.hypervisor", "hvt"},
        {"com.urunc.unikernel.unikernelType", "solo5"},
    };
    struct oci_spec s = spec(args, 1, ann, 4);
    char buf[512], err[256];
    cr_assert_eq(run(&s, buf, sizeof buf, err), 0);
    cr_assert_str_eq(buf, "-- /b/rootfs/unikernel/hello.hvt Hello_Solo5 --x");
    ann[2].value = "qemu";
    cr_assert_eq(run(&s, buf, sizeof buf, err), -1);
    cr_assert_str_eq(err, "annotation com.urunc.unikernel.hypervisor: 'qemu' "
                          "(pinvisor runs hvt unikernels)");
}

Test(oci_translate, net_gives_the_tap_the_mac_and_mirage_address_arguments)
{
    char *args[] = {"/net_ping.hvt", "3"};
    struct oci_spec s = spec(args, 2, NULL, 0);
    struct oci_net n = {.dev = "service",
                        .iface = "eth0",
                        .mac = {0x0a, 0x58, 0x0a, 0x58, 0x00, 0x07},
                        .addr = "10.88.0.7",
                        .prefix = 16,
                        .gateway = "10.88.0.1"};
    char buf[512], err[256];
    cr_assert_eq(run_net(&s, &n, buf, sizeof buf, err), 0);
    cr_assert_str_eq(buf, "--net:service=@3 "
                          "--net-mac:service=0a:58:0a:58:00:07 -- "
                          "/b/rootfs/net_ping.hvt --ipv4=10.88.0.7/16 "
                          "--ipv4-gateway=10.88.0.1 3");
    n.gateway[0] = '\0';
    n.addr[0] = '\0';
    cr_assert_eq(run_net(&s, &n, buf, sizeof buf, err), 0);
    cr_assert_str_eq(buf, "--net:service=@3 "
                          "--net-mac:service=0a:58:0a:58:00:07 -- "
                          "/b/rootfs/net_ping.hvt 3");
    n.dev[0] = '\0';
    cr_assert_eq(run_net(&s, &n, buf, sizeof buf, err), 0);
    cr_assert_str_eq(buf, "-- /b/rootfs/net_ping.hvt 3");
}

Test(oci_translate, signal_names_and_numbers)
{
    cr_assert_eq(oci_signal_parse("TERM"), 15);
    cr_assert_eq(oci_signal_parse("SIGKILL"), 9);
    cr_assert_eq(oci_signal_parse("2"), 2);
    cr_assert_eq(oci_signal_parse("SIGFOO"), -1);
    cr_assert_eq(oci_signal_parse("0"), -1);
    cr_assert_eq(oci_signal_parse("9x"), -1);
}
