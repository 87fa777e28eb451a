/* SPDX-License-Identifier: ISC */
/*
 * mod_net.c: NET_BASIC devices backed by host tap interfaces.
 *
 *   --net:NAME=IFACE    open tap interface IFACE (it must exist)
 *   --net:NAME=@FD      use the already open tap file descriptor FD
 *   --net-mac:NAME=MAC  guest MAC address (default: random, locally
 *                       administered)
 */
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <net/if.h>
#include <linux/if_tun.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../abi.h"
#include "../args.h"
#include "../core.h"
#include "../gpa.h"
#include "../log.h"
#include "../mft.h"
#include "../module.h"
#include "../sandbox.h"
#include "../vm.h"

#define ETH_HLEN 14

/* One --net:NAME (and its --net-mac:NAME), in option order. */
static struct tap {
    char name[PV_MFT_NAME_SIZE];
    const char *arg;   /* the --net: option, for messages */
    const char *iface; /* NULL: only a MAC was given */
    int adopt_fd;      /* @FD: the descriptor, else -1 */
    uint8_t mac[6];
    bool has_mac;
    struct pv_mft_entry *e; /* bound by check() */
    int fd;
    uint16_t mtu;
} taps[PV_MFT_MAX_ENTRIES - 1];
static unsigned ntaps;
static struct tap *by_handle[PV_MFT_MAX_ENTRIES];

/* The entry for device `name`, created on first mention. */
static struct tap *tap_named(const char *arg, const char *name)
{
    for (unsigned i = 0; i < ntaps; i++)
        if (strcmp(taps[i].name, name) == 0)
            return &taps[i];
    if (ntaps == sizeof taps / sizeof taps[0])
        tnd_die_usage("%s: more network devices than a manifest can declare",
                      arg);
    struct tap *t = &taps[ntaps++];
    memcpy(t->name, name, sizeof t->name);
    t->adopt_fd = -1;
    t->fd = -1;
    return t;
}

/* Parses "xx:xx:xx:xx:xx:xx" (hex digits, either case). */
static int parse_mac(const char *s, uint8_t mac[6])
{
    for (int i = 0; i < 6; i++) {
        unsigned v = 0;
        for (int k = 0; k < 2; k++, s++) {
            char c = *s;
            unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                         : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                         : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                                : 16;
            if (d == 16)
                return -EINVAL;
            v = v * 16 + d;
        }
        mac[i] = (uint8_t)v;
        if (*s != (i < 5 ? ':' : '\0'))
            return -EINVAL;
        s += i < 5;
    }
    return 0;
}

static int handle_arg(const char *arg)
{
    char name[PV_MFT_NAME_SIZE];
    const char *value;
    int rc = tnd_args_device_opt(arg, "--net:", name, &value);
    if (rc == 0) {
        if (*value == '\0' || (value[0] != '@' && strlen(value) >= IFNAMSIZ))
            tnd_die_usage("%s: bad interface name", arg);
        uint64_t n = 0;
        if (value[0] == '@' && tnd_args_parse_u64(value + 1, INT32_MAX, &n))
            tnd_die_usage("%s: '%s' is not a file descriptor number", arg,
                          value + 1);
        struct tap *t = tap_named(arg, name);
        if (t->iface)
            tnd_die_usage("%s: device '%s' given twice", arg, name);
        t->iface = value;
        t->adopt_fd = value[0] == '@' ? (int)n : -1;
        t->arg = arg;
        return 0;
    }
    if (rc < 0)
        tnd_die_usage("%s: expected --net:NAME=IFACE or --net:NAME=@FD", arg);
    rc = tnd_args_device_opt(arg, "--net-mac:", name, &value);
    if (rc == 0) {
        uint8_t mac[6];
        if (parse_mac(value, mac) != 0)
            tnd_die_usage("%s: expected a MAC address xx:xx:xx:xx:xx:xx", arg);
        if (mac[0] & 1)
            tnd_die_usage("%s: %s is a multicast address", arg, value);
        struct tap *t = tap_named(arg, name);
        memcpy(t->mac, mac, sizeof mac);
        t->has_mac = true;
        return 0;
    }
    if (rc < 0)
        tnd_die_usage("%s: expected --net-mac:NAME=MAC", arg);
    return 1;
}

static void args_done(void)
{
    for (unsigned i = 0; i < ntaps; i++)
        if (taps[i].iface == NULL)
            tnd_die_usage("--net-mac:%s given without --net:%s=...",
                          taps[i].name, taps[i].name);
}

static void check(struct pv_mft *mft)
{
    for (unsigned i = 0; i < ntaps; i++) {
        struct tap *t = &taps[i];
        t->e = tnd_module_device(mft, t->arg, t->name, PV_MFT_DEV_NET_BASIC);
        by_handle[t->e - mft->e] = t;
    }
}

/* Opens tap `iface`, which must exist: the tender never creates one. */
static int tap_open(const char *iface, char *name_out)
{
    if (if_nametoindex(iface) == 0)
        tnd_die("network interface '%s' does not exist", iface);
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        tnd_die_errno("cannot open /dev/net/tun");
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    snprintf(ifr.ifr_name, IFNAMSIZ, "%s", iface);
    if (ioctl(fd, TUNSETIFF, &ifr) < 0)
        tnd_die_errno("cannot attach to tap interface '%s'", iface);
    strcpy(name_out, ifr.ifr_name);
    return fd;
}

/* Checks that fd is an open tap device and finds its interface name. */
static int tap_adopt(int fd, char *name_out)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    if (ioctl(fd, TUNGETIFF, &ifr) < 0)
        tnd_die_errno("--net: file descriptor %d is not a tap device", fd);
    if ((ifr.ifr_flags & (IFF_TAP | IFF_NO_PI)) != (IFF_TAP | IFF_NO_PI))
        tnd_die("--net: file descriptor %d is not a tap device opened "
                "with IFF_TAP|IFF_NO_PI",
                fd);
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
        fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
        tnd_die_errno("--net: cannot configure file descriptor %d", fd);
    memcpy(name_out, ifr.ifr_name, IFNAMSIZ);
    name_out[IFNAMSIZ - 1] = '\0';
    return fd;
}

static uint16_t tap_mtu(const char *name)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        tnd_die_errno("cannot create a socket to query the MTU");
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
    if (ioctl(s, SIOCGIFMTU, &ifr) < 0)
        tnd_die_errno("cannot read the MTU of '%s'", name);
    close(s);
    if (ifr.ifr_mtu <= 0 || ifr.ifr_mtu > UINT16_MAX)
        tnd_die("interface '%s' has an unusable MTU %d", name, ifr.ifr_mtu);
    return (uint16_t)ifr.ifr_mtu;
}

static struct tap *tap_of(struct tnd_vm *vm, uint64_t handle,
                          struct pv_mft_entry **e)
{
    *e = tnd_mft_get(vm->mft, handle, PV_MFT_DEV_NET_BASIC);
    return *e ? by_handle[handle] : NULL;
}

static void hc_net_write(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_net *p = tnd_gpa_ptr_w(vm, gpa, sizeof *p, "NET argument");
    struct pv_hc_net a = *p;
    struct pv_mft_entry *e;
    struct tap *t = tap_of(vm, a.handle, &e);
    if (t == NULL || a.len == 0 || a.len > (uint64_t)t->mtu + ETH_HLEN) {
        p->ret = PV_R_EINVAL;
        return;
    }
    const void *buf = tnd_gpa_ptr(vm, a.data, a.len, "NET buffer");
    ssize_t n;
    do {
        n = write(t->fd, buf, a.len);
    } while (n < 0 && errno == EINTR && (tnd_core_check_signal(), true));
    if (n < 0 && (errno == EAGAIN || errno == ENOBUFS)) {
        p->ret = PV_R_AGAIN; /* host queue full: the frame is dropped */
        return;
    }
    if (n < 0)
        tnd_die_errno("net device '%s': write failed", e->name);
    if ((uint64_t)n != a.len)
        tnd_die("net device '%s': short write", e->name);
    p->ret = PV_R_OK;
}

static void hc_net_read(struct tnd_vm *vm, uint64_t gpa)
{
    struct pv_hc_net *p = tnd_gpa_ptr_w(vm, gpa, sizeof *p, "NET argument");
    struct pv_hc_net a = *p;
    struct pv_mft_entry *e;
    struct tap *t = tap_of(vm, a.handle, &e);
    if (t == NULL) {
        p->ret = PV_R_EINVAL;
        return;
    }
    void *buf = tnd_gpa_ptr_w(vm, a.data, a.len, "NET buffer");
    ssize_t n;
    do {
        n = read(t->fd, buf, a.len);
    } while (n < 0 && errno == EINTR && (tnd_core_check_signal(), true));
    if (n == 0 || (n < 0 && errno == EAGAIN)) {
        p->ret = PV_R_AGAIN;
        return;
    }
    if (n < 0)
        tnd_die_errno("net device '%s': read failed", e->name);
    p->len = (uint64_t)n;
    p->ret = PV_R_OK;
}

static void setup(struct tnd_vm *vm, struct pv_mft *mft)
{
    (void)vm;
    for (unsigned i = 0; i < ntaps; i++) {
        struct tap *t = &taps[i];
        struct pv_mft_entry *e = t->e;
        char ifname[IFNAMSIZ];
        t->fd = t->adopt_fd >= 0 ? tap_adopt(t->adopt_fd, ifname)
                                 : tap_open(t->iface, ifname);
        /* No offloads: the guest sends and expects plain frames. */
        if (ioctl(t->fd, TUNSETOFFLOAD, 0) < 0)
            tnd_die_errno("cannot disable offloads on '%s'", ifname);
        t->mtu = tap_mtu(ifname);
        if (!t->has_mac) {
            if (getrandom(t->mac, 6, 0) != 6)
                tnd_die_errno("getrandom failed");
            t->mac[0] = (uint8_t)((t->mac[0] & ~1u) | 2u);
        }
        memcpy(e->u.net_basic.mac, t->mac, 6);
        e->u.net_basic.mtu = t->mtu;
        e->hostpriv = (uint64_t)t->fd;
        struct tnd_pollsrc src = {.fd = t->fd, .index = (unsigned)(e - mft->e)};
        if (tnd_core_register_pollsrc(&src) ||
            tnd_sandbox_allow_fd(t->fd, TND_FD_TAP))
            tnd_die("net: too many devices");
    }
    if (ntaps && (tnd_core_register_hypercall(PV_HC_NET_WRITE, hc_net_write) ||
                  tnd_core_register_hypercall(PV_HC_NET_READ, hc_net_read)))
        tnd_die("net: cannot register hypercalls");
}

TND_MODULE(net, .handle_arg = handle_arg, .args_done = args_done,
           .check = check, .setup = setup,
           .usage = "  --net:NAME=IFACE      attach tap interface IFACE as "
                    "network device NAME\n"
                    "  --net:NAME=@FD        ... or the open tap file "
                    "descriptor FD\n"
                    "  --net-mac:NAME=MAC    MAC address of NAME (default: "
                    "random, locally administered)\n");
