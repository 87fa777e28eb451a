/* SPDX-License-Identifier: ISC */
/*
 * tc.c: the traffic-control redirect that joins two interfaces, over
 * rtnetlink in the caller's network namespace: an ingress qdisc on the
 * first and a u32 filter matching every frame, whose mirred action sends
 * the frame out of the second (what `tc filter add dev A parent ffff:
 * protocol all u32 match u32 0 0 action mirred egress redirect dev B`
 * does).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/tc_act/tc_mirred.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "oci.h"

struct tc_req {
    struct nlmsghdr h;
    struct tcmsg t;
    char attrs[512];
};

static struct rtattr *put(struct tc_req *r, unsigned short type,
                          const void *data, size_t len)
{
    struct rtattr *a =
        (struct rtattr *)((char *)&r->h + NLMSG_ALIGN(r->h.nlmsg_len));
    a->rta_type = type;
    a->rta_len = (unsigned short)RTA_LENGTH(len);
    if (len)
        memcpy(RTA_DATA(a), data, len);
    r->h.nlmsg_len = NLMSG_ALIGN(r->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
    return a;
}

/* Closes a nested attribute opened by put(r, type, NULL, 0). */
static void end(struct tc_req *r, struct rtattr *a)
{
    a->rta_len = (unsigned short)((char *)&r->h + r->h.nlmsg_len - (char *)a);
}

static void init(struct tc_req *r, unsigned short type, unsigned short flags,
                 int ifindex, uint32_t parent, uint32_t handle)
{
    memset(r, 0, sizeof *r);
    r->h.nlmsg_len = NLMSG_LENGTH(sizeof r->t);
    r->h.nlmsg_type = type;
    r->h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
    r->h.nlmsg_seq = 1;
    r->t.tcm_family = AF_UNSPEC;
    r->t.tcm_ifindex = ifindex;
    r->t.tcm_parent = parent;
    r->t.tcm_handle = handle;
}

/* Sends the request and reads its acknowledgement: 0 or -errno. */
static int talk(struct tc_req *r)
{
    int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (s < 0)
        return -errno;
    struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
    union {
        struct nlmsghdr h;
        char buf[1024];
    } ack;
    int rc = -EIO;
    ssize_t n = -1;
    if (sendto(s, r, r->h.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof sa) >= 0)
        n = recv(s, &ack, sizeof ack, 0);
    if (n < 0)
        rc = -errno;
    else if ((size_t)n >= NLMSG_LENGTH(sizeof(struct nlmsgerr)) &&
             ack.h.nlmsg_type == NLMSG_ERROR)
        rc = ((struct nlmsgerr *)NLMSG_DATA(&ack.h))->error;
    close(s);
    return rc;
}

int oci_tc_redirect(int from, int to)
{
    struct tc_req r;
    init(&r, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL, from, TC_H_INGRESS,
         TC_H_MAKE(TC_H_INGRESS, 0));
    put(&r, TCA_KIND, "ingress", sizeof "ingress");
    int rc = talk(&r);
    if (rc)
        return rc;
    init(&r, RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_EXCL, from,
         TC_H_MAKE(TC_H_INGRESS, 0), 0);
    r.t.tcm_info = TC_H_MAKE(1u << 16, htons(ETH_P_ALL)); /* prio 1, all */
    put(&r, TCA_KIND, "u32", sizeof "u32");
    struct rtattr *opts = put(&r, TCA_OPTIONS, NULL, 0);
    /* The selector and one key of mask 0, which every frame matches. */
    struct tc_u32_sel hdr;
    memset(&hdr, 0, sizeof hdr);
    hdr.flags = TC_U32_TERMINAL;
    hdr.nkeys = 1;
    unsigned char sel[sizeof hdr + sizeof(struct tc_u32_key)];
    memset(sel, 0, sizeof sel);
    memcpy(sel, &hdr, sizeof hdr);
    put(&r, TCA_U32_SEL, sel, sizeof sel);
    struct rtattr *acts = put(&r, TCA_U32_ACT, NULL, 0);
    struct rtattr *act = put(&r, 1, NULL, 0);
    put(&r, TCA_ACT_KIND, "mirred", sizeof "mirred");
    struct rtattr *aopts = put(&r, TCA_ACT_OPTIONS, NULL, 0);
    struct tc_mirred m = {.action = TC_ACT_STOLEN,
                          .eaction = TCA_EGRESS_REDIR,
                          .ifindex = (uint32_t)to};
    put(&r, TCA_MIRRED_PARMS, &m, sizeof m);
    end(&r, aopts);
    end(&r, act);
    end(&r, acts);
    end(&r, opts);
    rc = talk(&r);
    if (rc)
        oci_tc_clear(from);
    return rc;
}

void oci_tc_clear(int ifindex)
{
    struct tc_req r;
    init(&r, RTM_DELQDISC, 0, ifindex, TC_H_INGRESS,
         TC_H_MAKE(TC_H_INGRESS, 0));
    talk(&r);
}
