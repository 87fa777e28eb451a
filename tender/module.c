/* SPDX-License-Identifier: ISC */
/*
 * module.c: helpers device modules share when they check their options,
 * and the check that no output file the command line names is one of
 * its input files.
 */
#include <sys/stat.h>

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

/* Input files (by inode) and output paths the command line names. */
#define MAX_FILES (PV_MFT_MAX_ENTRIES + 2)

static struct {
    dev_t dev;
    ino_t ino;
    const char *what;
} inputs[MAX_FILES];
static unsigned ninputs;
static struct {
    const char *opt, *path;
} outputs[4];
static unsigned noutputs;

void tnd_module_add_input(int fd, const char *what)
{
    struct stat st;
    if (ninputs < MAX_FILES && fstat(fd, &st) == 0) {
        inputs[ninputs].dev = st.st_dev;
        inputs[ninputs].ino = st.st_ino;
        inputs[ninputs].what = what;
        ninputs++;
    }
}

void tnd_module_add_output(const char *opt, const char *path)
{
    if (noutputs < sizeof outputs / sizeof outputs[0]) {
        outputs[noutputs].opt = opt;
        outputs[noutputs].path = path;
        noutputs++;
    }
}

static const char *input_of(const struct stat *st)
{
    for (unsigned i = 0; i < ninputs; i++)
        if (inputs[i].dev == st->st_dev && inputs[i].ino == st->st_ino)
            return inputs[i].what;
    return NULL;
}

const char *tnd_module_input_of(int fd)
{
    struct stat st;
    return fstat(fd, &st) == 0 ? input_of(&st) : NULL;
}

void tnd_module_check_outputs(void)
{
    for (unsigned i = 0; i < noutputs; i++) {
        struct stat st;
        const char *what;
        if (stat(outputs[i].path, &st) == 0 && (what = input_of(&st)))
            tnd_die_usage("%s%s: that file is %s, an input", outputs[i].opt,
                          outputs[i].path, what);
    }
}
