/* SPDX-License-Identifier: ISC */
/*
 * net_ping: an ICMP echo server on NET_BASIC device "service" (MirageOS's
 * name, which urunc passes), at 10.0.0.2 or the address of a
 * MirageOS-style "--ipv4=A.B.C.D/N" argument (as urunc and pinvisor-oci
 * pass it; "--ipv4-gateway=" and Albatross's "--name=" are accepted
 * and unused). Answers ARP
 * requests for its address and ICMP echo requests, and exits with
 * SUCCESS after answering COUNT echo requests (a number among its
 * arguments; default 10; 0: until stopped), each checked for an intact
 * payload.
 */
#include "pvlibc.h"
#include "solo5.h"

#define ETH_ARP 0x0806
#define ETH_IP 0x0800

static uint8_t my_ip[4] = {10, 0, 0, 2};
static uint8_t my_mac[6];
static uint8_t frame[9216 + 14];

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static uint16_t checksum(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += be16(p + i);
    if (n & 1)
        sum += (uint32_t)p[n - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* Turns an ARP request for my_ip into the reply; false if not one. */
static bool arp_reply(uint8_t *f, size_t len)
{
    uint8_t *a = f + 14;
    if (len < 14 + 28 || be16(a + 6) != 1 || memcmp(a + 24, my_ip, 4) != 0)
        return false;
    put16(a + 6, 2);
    memcpy(a + 18, a + 8, 10); /* target = sender (MAC and IP) */
    memcpy(a + 8, my_mac, 6);  /* sender = me */
    memcpy(a + 14, my_ip, 4);
    memcpy(f, a + 18, 6);
    memcpy(f + 6, my_mac, 6);
    return true;
}

/* Turns an ICMP echo request into the reply; false if not one. */
static bool echo_reply(uint8_t *f, size_t len, bool *bad_payload)
{
    uint8_t *ip = f + 14;
    if (len < 14 + 20 + 8 || (ip[0] >> 4) != 4 || ip[9] != 1 ||
        memcmp(ip + 16, my_ip, 4) != 0)
        return false;
    size_t ihl = (size_t)(ip[0] & 15) * 4;
    size_t tot = be16(ip + 2);
    if (ihl < 20 || tot > len - 14 || tot < ihl + 8)
        return false;
    uint8_t *icmp = ip + ihl;
    if (icmp[0] != 8)
        return false;
    /* ping fills its payload after the 8-byte timestamp with 0x08, 0x09.. */
    size_t plen = tot - ihl - 8;
    for (size_t i = 16; i < plen; i++)
        if (icmp[8 + i] != (uint8_t)(i & 0xff))
            *bad_payload = true;
    if (checksum(icmp, tot - ihl) != 0)
        *bad_payload = true;
    icmp[0] = 0;
    put16(icmp + 2, 0);
    put16(icmp + 2, checksum(icmp, tot - ihl));
    uint8_t tmp[4];
    memcpy(tmp, ip + 12, 4);
    memcpy(ip + 12, ip + 16, 4);
    memcpy(ip + 16, tmp, 4);
    put16(ip + 10, 0);
    put16(ip + 10, checksum(ip, ihl));
    memcpy(f, f + 6, 6);
    memcpy(f + 6, my_mac, 6);
    return true;
}

/* Parses the decimal number at *s (up to max); false if there is none. */
static bool number(const char **s, unsigned max, unsigned *v)
{
    const char *c = *s;
    *v = 0;
    for (; *c >= '0' && *c <= '9' && *v <= max; c++)
        *v = *v * 10 + (unsigned)(*c - '0');
    if (c == *s || *v > max)
        return false;
    *s = c;
    return true;
}

/* "A.B.C.D", optionally "/N", ending the word; false if it is not one. */
static bool parse_ipv4(const char *s, uint8_t ip[4])
{
    unsigned v, prefix;
    for (int i = 0; i < 4; i++) {
        if ((i > 0 && *s++ != '.') || !number(&s, 255, &v))
            return false;
        ip[i] = (uint8_t)v;
    }
    if (*s == '/' && (s++, !number(&s, 32, &prefix)))
        return false;
    return *s == ' ' || *s == '\0';
}

/* COUNT and --ipv4=: the words of the command line; false on others. */
static bool parse_cmdline(const char *c, unsigned *want)
{
    *want = 10;
    while (*c) {
        const char *w = c;
        while (*c && *c != ' ')
            c++;
        if (c == w) {
            c++;
            continue;
        }
        if (strncmp(w, "--ipv4=", 7) == 0) {
            if (!parse_ipv4(w + 7, my_ip))
                return false;
        } else if (strncmp(w, "--ipv4-gateway=", 15) != 0 &&
                   strncmp(w, "--name=", 7) != 0 &&
                   (!number(&w, 1000000, want) || (*w != ' ' && *w))) {
            return false;
        }
    }
    return true;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    unsigned want;
    if (!parse_cmdline(si->cmdline, &want)) {
        printf("FAILURE: bad command line '%s'\n", si->cmdline);
        return 1;
    }
    solo5_handle_t h;
    struct solo5_net_info ni;
    if (solo5_net_acquire("service", &h, &ni) != SOLO5_R_OK) {
        printf("FAILURE: no net device\n");
        return 1;
    }
    memcpy(my_mac, ni.mac_address, 6);
    printf("Serving ping on %u.%u.%u.%u, MTU %u, %u requests\n", my_ip[0],
           my_ip[1], my_ip[2], my_ip[3], (unsigned)ni.mtu, want);
    unsigned served = 0;
    bool bad = false;
    while (want == 0 || served < want) {
        solo5_handle_set_t ready = 0;
        solo5_yield(solo5_clock_monotonic() + 60000000000ULL, &ready);
        if (want != 0 && !(ready & (1ULL << h))) {
            printf("FAILURE: no traffic for 60 s\n");
            return 1;
        }
        size_t len;
        while (solo5_net_read(h, frame, sizeof frame, &len) == SOLO5_R_OK) {
            bool reply = false;
            if (len >= 14 && be16(frame + 12) == ETH_ARP)
                reply = arp_reply(frame, len);
            else if (len >= 14 && be16(frame + 12) == ETH_IP &&
                     echo_reply(frame, len, &bad)) {
                reply = true;
                served++;
            }
            if (reply && solo5_net_write(h, frame, len) != SOLO5_R_OK) {
                printf("FAILURE: write\n");
                return 1;
            }
        }
    }
    if (bad) {
        printf("FAILURE: corrupted echo payload\n");
        return 1;
    }
    printf("SUCCESS: answered %u echo requests\n", served);
    return 0;
}
