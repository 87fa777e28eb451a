/* SPDX-License-Identifier: ISC */
/*
 * block.c: BLOCK_BASIC devices, one block per call as Solo5's API says;
 * alignment is checked here, range by the tender.
 */
#include "rt.h"

solo5_result_t solo5_block_acquire(const char *name, solo5_handle_t *handle,
                                   struct solo5_block_info *info)
{
    const struct pv_mft_entry *e =
        rt_mft_get(name, PV_MFT_DEV_BLOCK_BASIC, handle);
    if (e == NULL)
        return SOLO5_R_EINVAL;
    info->capacity = e->u.block_basic.capacity;
    info->block_size = e->u.block_basic.block_size;
    return SOLO5_R_OK;
}

static solo5_result_t block_io(unsigned nr, solo5_handle_t handle,
                               solo5_off_t offset, void *buf, size_t size)
{
    const struct pv_mft_entry *e =
        rt_mft_by_handle(handle, PV_MFT_DEV_BLOCK_BASIC);
    if (e == NULL)
        return SOLO5_R_EINVAL;
    uint64_t bs = e->u.block_basic.block_size;
    if (size != bs || offset % bs != 0)
        return SOLO5_R_EINVAL;
    struct pv_hc_block a = {
        .handle = handle, .offset = offset, .data = buf, .len = size};
    pv_hypercall(nr, &a);
    return (solo5_result_t)a.ret;
}

solo5_result_t solo5_block_write(solo5_handle_t handle, solo5_off_t offset,
                                 const uint8_t *buf, size_t size)
{
    return block_io(PV_HC_BLOCK_WRITE, handle, offset, (void *)buf, size);
}

solo5_result_t solo5_block_read(solo5_handle_t handle, solo5_off_t offset,
                                uint8_t *buf, size_t size)
{
    return block_io(PV_HC_BLOCK_READ, handle, offset, buf, size);
}
