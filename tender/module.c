/* SPDX-License-Identifier: ISC */
/*
 * module.c: helpers device modules share when they check their options,
 * and the check that no output file the command line names is one of
 * its input files.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi.h"
#include "args.h"
#include "log.h"
#include "mft.h"
#include "module.h"

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

void tnd_module_grant(const char *arg, const char *prefix, const char *cls,
                      unsigned max, const char **args, unsigned *n,
                      tnd_module_grant_fn_t parse)
{
    char err[160], name[PV_MFT_NAME_SIZE], other[PV_MFT_NAME_SIZE];
    const char *v;
    if (*n == max)
        tnd_die_usage("%s: at most %u %s devices", arg, max, cls);
    if (parse(arg, *n, err, sizeof err) != 0)
        tnd_die_usage("%s: %s", arg, err);
    int named = tnd_args_device_opt(arg, prefix, name, &v) == 0;
    for (unsigned i = 0; named && i < *n; i++)
        if (tnd_args_device_opt(args[i], prefix, other, &v) == 0 &&
            strcmp(other, name) == 0)
            tnd_die_usage("%s: device '%s' given twice", arg, name);
    args[(*n)++] = arg;
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

/*
 * Where an output path leads: the file itself (name NULL) if it exists,
 * else its directory and its last component, which the open would
 * create. False if neither can be found (the open then fails).
 */
struct where {
    dev_t dev;
    ino_t ino;
    const char *name;
};

static bool where_of(const char *path, struct where *w)
{
    struct stat st;
    w->name = NULL;
    if (stat(path, &st) != 0) {
        char dir[PATH_MAX] = ".";
        const char *slash = strrchr(path, '/');
        w->name = slash ? slash + 1 : path;
        if (slash) {
            size_t n = slash == path ? 1 : (size_t)(slash - path);
            if (n >= sizeof dir)
                return false;
            memcpy(dir, path, n);
            dir[n] = '\0';
        }
        if (stat(dir, &st) != 0)
            return false;
    }
    w->dev = st.st_dev;
    w->ino = st.st_ino;
    return true;
}

static bool same_where(const struct where *a, const struct where *b)
{
    return a->dev == b->dev && a->ino == b->ino &&
           (a->name && b->name ? strcmp(a->name, b->name) == 0
                               : a->name == b->name);
}

void tnd_module_check_outputs(void)
{
    for (unsigned i = 0; i < noutputs; i++) {
        struct stat st;
        const char *what;
        if (stat(outputs[i].path, &st) == 0 && (what = input_of(&st)))
            tnd_die_usage("%s%s: that file is %s, an input", outputs[i].opt,
                          outputs[i].path, what);
        struct where wi, wj;
        bool found = where_of(outputs[i].path, &wi);
        for (unsigned j = 0; j < i; j++) {
            if (strcmp(outputs[j].path, outputs[i].path) == 0 ||
                (found && where_of(outputs[j].path, &wj) &&
                 same_where(&wi, &wj)))
                tnd_die_usage("%s%s: that file is also %s%s", outputs[i].opt,
                              outputs[i].path, outputs[j].opt, outputs[j].path);
        }
    }
}

size_t tnd_module_read_file(const char *cls, const char *kind, const char *what,
                            const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        tnd_die_errno("%s: cannot open %s file %s", cls, kind, path);
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, size - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            tnd_die_errno("%s: cannot read %s file %s", cls, kind, path);
        if (r == 0 || (n += (size_t)r) == size)
            break;
    }
    tnd_module_add_input(fd, what);
    close(fd);
    if (n == size)
        tnd_die("%s: %s file %s is larger than %zu MiB", cls, kind, path,
                (size - 1) >> 20);
    return n;
}
