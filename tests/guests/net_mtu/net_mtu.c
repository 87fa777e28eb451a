/* SPDX-License-Identifier: ISC */
/*
 * net_mtu: prints the MTU and MAC address the tender gives NET_BASIC
 * device "service0".
 */
#include "pvlibc.h"
#include "solo5.h"

int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    solo5_handle_t h;
    struct solo5_net_info ni;
    if (solo5_net_acquire("service0", &h, &ni) != SOLO5_R_OK) {
        printf("FAILURE: no net device\n");
        return 1;
    }
    const uint8_t *m = ni.mac_address;
    printf("MTU is %u\n", (unsigned)ni.mtu);
    printf("MAC is %02x:%02x:%02x:%02x:%02x:%02x\n", m[0], m[1], m[2], m[3],
           m[4], m[5]);
    if (solo5_net_acquire("nosuchdev", &h, &ni) != SOLO5_R_EINVAL) {
        printf("FAILURE: unknown device acquired\n");
        return 1;
    }
    printf("SUCCESS\n");
    return 0;
}
