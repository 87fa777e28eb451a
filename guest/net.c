/* SPDX-License-Identifier: ISC */
/* net.c: NET_BASIC devices through the NET_WRITE/NET_READ hypercalls. */
#include "rt.h"

solo5_result_t solo5_net_acquire(const char *name, solo5_handle_t *handle,
                                 struct solo5_net_info *info)
{
    const struct pv_mft_entry *e =
        rt_mft_get(name, PV_MFT_DEV_NET_BASIC, handle);
    if (e == NULL)
        return SOLO5_R_EINVAL;
    memcpy(info->mac_address, e->u.net_basic.mac, SOLO5_NET_ALEN);
    info->mtu = e->u.net_basic.mtu;
    return SOLO5_R_OK;
}

solo5_result_t solo5_net_write(solo5_handle_t handle, const uint8_t *buf,
                               size_t size)
{
    struct pv_hc_net a = {.handle = handle, .data = (void *)buf, .len = size};
    pv_hypercall(PV_HC_NET_WRITE, &a);
    return (solo5_result_t)a.ret;
}

solo5_result_t solo5_net_read(solo5_handle_t handle, uint8_t *buf, size_t size,
                              size_t *read_size)
{
    struct pv_hc_net a = {.handle = handle, .data = buf, .len = size};
    pv_hypercall(PV_HC_NET_READ, &a);
    if (a.ret == SOLO5_R_OK)
        *read_size = a.len;
    return (solo5_result_t)a.ret;
}
