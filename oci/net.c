/* SPDX-License-Identifier: ISC */
/*
 * net.c: the container's network for the guest (docs/fleet.md,
 * "Network"): in the spec's network namespace, a tap joined to the
 * container's interface by a tc redirect both ways; the guest takes the
 * interface's MAC and, as MirageOS unikernels expect, its address in
 * --ipv4= and --ipv4-gateway= arguments.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "oci.h"

int oci_netns_join(const char *path, char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || setns(fd, CLONE_NEWNET) != 0) {
        snprintf(err, errlen, "network namespace %s: %s", path,
                 strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

/* The one org.pinvisor.net.DEV annotation; -1 if there are several. */
static int annotated(const struct oci_spec *s, const struct oci_kv **kv)
{
    *kv = NULL;
    for (size_t i = 0; i < s->nann; i++)
        if (strncmp(s->ann[i].key, OCI_NET_PREFIX, strlen(OCI_NET_PREFIX)) ==
            0) {
            if (*kv)
                return -1;
            *kv = &s->ann[i];
        }
    return 0;
}

/* The default route's gateway through iface, from /proc/net/route. */
static void gateway(const char *iface, char *gw, size_t size)
{
    FILE *f = fopen("/proc/net/route", "re");
    char line[256], name[IFNAMSIZ + 1];
    unsigned dest, via, flags;
    gw[0] = '\0';
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "%16s %x %x %x", name, &dest, &via, &flags) == 4 &&
            strcmp(name, iface) == 0 && dest == 0 && (flags & 2)) {
            struct in_addr a = {.s_addr = via};
            inet_ntop(AF_INET, &a, gw, (socklen_t)size);
            break;
        }
    if (f)
        fclose(f);
}

/* MAC, first IPv4 address and MTU of net->iface; false if it is absent. */
static bool describe(struct oci_net *net)
{
    struct ifaddrs *all, *a;
    bool found = false;
    if (getifaddrs(&all) != 0)
        return false;
    for (a = all; a; a = a->ifa_next) {
        if (strcmp(a->ifa_name, net->iface) != 0 || a->ifa_addr == NULL)
            continue;
        found = true;
        if (a->ifa_addr->sa_family == AF_PACKET) {
            const struct sockaddr_ll *ll = (void *)a->ifa_addr;
            if (ll->sll_halen == 6)
                memcpy(net->mac, ll->sll_addr, 6);
        } else if (a->ifa_addr->sa_family == AF_INET && !net->addr[0]) {
            const struct sockaddr_in *in = (void *)a->ifa_addr;
            const struct sockaddr_in *mask = (void *)a->ifa_netmask;
            inet_ntop(AF_INET, &in->sin_addr, net->addr, sizeof net->addr);
            net->prefix =
                mask ? (unsigned)__builtin_popcount(mask->sin_addr.s_addr) : 32;
        }
    }
    freeifaddrs(all);
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, IFNAMSIZ, "%s", net->iface);
    net->mtu = s >= 0 && ioctl(s, SIOCGIFMTU, &ifr) == 0 ? ifr.ifr_mtu : 1500;
    if (s >= 0)
        close(s);
    gateway(net->iface, net->gateway, sizeof net->gateway);
    return found;
}

int oci_net_plan(const struct oci_spec *spec, const char *unikernel,
                 struct oci_net *net, char *err, size_t errlen)
{
    const struct oci_kv *kv;
    memset(net, 0, sizeof *net);
    if (annotated(spec, &kv)) {
        snprintf(err, errlen,
                 "annotations " OCI_NET_PREFIX "*: one network device only");
        return -1;
    }
    if (kv && spec->netns == NULL) {
        snprintf(err, errlen,
                 "annotation %s: the spec gives no network namespace "
                 "(linux.namespaces)",
                 kv->key);
        return -1;
    }
    if (spec->netns == NULL)
        return 0;
    if (kv) {
        snprintf(net->dev, sizeof net->dev, "%s",
                 kv->key + strlen(OCI_NET_PREFIX));
        snprintf(net->iface, sizeof net->iface, "%s", kv->value);
        if (strlen(kv->value) >= IFNAMSIZ || !describe(net)) {
            snprintf(err, errlen,
                     "annotation %s: no interface '%s' in the container's "
                     "network namespace",
                     kv->key, kv->value);
            return -1;
        }
        return 0;
    }
    char names[2][68];
    if (unikernel == NULL || oci_manifest_nets(unikernel, names, 2) != 1)
        return 0;
    snprintf(net->dev, sizeof net->dev, "%s", names[0]);
    snprintf(net->iface, sizeof net->iface, "eth0");
    if (!describe(net))
        memset(net, 0, sizeof *net); /* no eth0: nothing to attach */
    return 0;
}

/* Sets the tap's MTU and brings it up. */
static int tap_up(const char *name, int mtu)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
    ifr.ifr_mtu = mtu;
    int rc = s < 0 || ioctl(s, SIOCSIFMTU, &ifr) != 0 ||
                     ioctl(s, SIOCGIFFLAGS, &ifr) != 0
                 ? -1
                 : 0;
    ifr.ifr_flags |= IFF_UP;
    if (rc == 0 && ioctl(s, SIOCSIFFLAGS, &ifr) != 0)
        rc = -1;
    if (s >= 0)
        close(s);
    return rc;
}

int oci_net_attach(const struct oci_net *net, char *err, size_t errlen)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    snprintf(ifr.ifr_name, IFNAMSIZ, "pvtap%%d");
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) != 0) {
        snprintf(err, errlen, "cannot make a tap: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    int eth = (int)if_nametoindex(net->iface);
    int tap = (int)if_nametoindex(ifr.ifr_name);
    int rc = tap_up(ifr.ifr_name, net->mtu) ? -errno : 0;
    const char *what = "bring the tap up";
    if (rc == 0) {
        what = "redirect its traffic (tc)";
        rc = oci_tc_redirect(eth, tap);
        if (rc == 0 && (rc = oci_tc_redirect(tap, eth)) != 0)
            oci_tc_clear(eth);
    }
    if (rc) {
        snprintf(err, errlen, "%s: cannot %s: %s", net->iface, what,
                 strerror(-rc));
        close(fd);
        return -1;
    }
    return fd;
}

void oci_net_detach(const char *netns, const char *iface)
{
    char err[256];
    if (netns[0] == '\0' || iface[0] == '\0' ||
        oci_netns_join(netns, err, sizeof err) != 0)
        return;
    int eth = (int)if_nametoindex(iface);
    if (eth > 0)
        oci_tc_clear(eth);
}
