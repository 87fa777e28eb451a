/* SPDX-License-Identifier: ISC */
/*
 * module.c: helpers device modules share when they check their options.
 */
#include "tender.h"

struct pv_mft_entry *tnd_module_device(struct pv_mft *mft, const char *arg,
                                       const char *name, uint32_t type)
{
    struct pv_mft_entry *e = tnd_mft_find(mft, name, 0);
    if (e == NULL)
        tnd_die_usage("%s: the unikernel declares no device '%s'", arg, name);
    if (e->type != type)
        tnd_die_usage("%s: device '%s' is %s, not %s", arg, name,
                      tnd_mft_type_name(e->type), tnd_mft_type_name(type));
    e->attached = 1;
    return e;
}
