/* SPDX-License-Identifier: ISC */
/*
 * mft.c: device lookup in the manifest copy the tender wrote into boot
 * info. A handle is the index of the device's entry.
 */
#include "rt.h"

const struct pv_mft_entry *rt_mft_get(const char *name, uint32_t type,
                                      solo5_handle_t *handle)
{
    const struct pv_mft *m = rt_boot_info->mft;
    for (uint32_t i = 1; i < m->entries; i++) {
        if (m->e[i].type == type && strcmp(m->e[i].name, name) == 0 &&
            m->e[i].attached) {
            *handle = i;
            return &m->e[i];
        }
    }
    return NULL;
}

const struct pv_mft_entry *rt_mft_by_handle(solo5_handle_t handle,
                                            uint32_t type)
{
    const struct pv_mft *m = rt_boot_info->mft;
    if (handle == 0 || handle >= m->entries || m->e[handle].type != type)
        return NULL;
    return &m->e[handle];
}
