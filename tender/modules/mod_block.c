/* SPDX-License-Identifier: ISC */
/*
 * mod_block.c: BLOCK_BASIC devices backed by host files.
 *
 *   --block:NAME=PATH            attach file PATH as device NAME
 *   --block-sector-size:NAME=N   block size, a power of two >= 512
 *                                (default 512)
 *
 * A host error is the guest's to handle (SOLO5_R_EUNSPEC, one warning per
 * device); the files are synced (fdatasync) at exit, since the hvt ABI
 * has no flush request (docs/abi.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../abi.h"
#include "../args.h"
#include "../core.h"
#include "../gpa.h"
#include "../log.h"
#include "../mft.h"
#include "../module.h"
#include "../sandbox.h"
#include "../vm.h"

#define DEFAULT_BLOCK_SIZE 512

/* One --block:NAME (and its --block-sector-size:NAME), in option order. */
static struct blk {
    char name[PV_MFT_NAME_SIZE];
    const char *arg;        /* the --block: option, for messages */
    const char *path;       /* NULL: only a sector size was given */
    uint64_t block_size;    /* 0: default */
    struct pv_mft_entry *e; /* bound by check() */
    int fd;
    bool warned; /* a host error was reported */
} blks[PV_MFT_MAX_ENTRIES - 1];
static unsigned nblks;
static struct blk *by_handle[PV_MFT_MAX_ENTRIES];

/* The entry for device `name`, created on first mention. */
static struct blk *blk_named(const char *arg, const char *name)
{
    for (unsigned i = 0; i < nblks; i++)
        if (strcmp(blks[i].name, name) == 0)
            return &blks[i];
    if (nblks == sizeof blks / sizeof blks[0])
        tnd_die_usage("%s: more block devices than a manifest can declare",
                      arg);
    struct blk *b = &blks[nblks++];
    memcpy(b->name, name, sizeof b->name);
    b->fd = -1;
    return b;
}

static int handle_arg(const char *arg)
{
    char name[PV_MFT_NAME_SIZE];
    const char *value;
    int rc = tnd_args_device_opt(arg, "--block:", name, &value);
    if (rc == 0) {
        if (*value == '\0' || strlen(value) >= PATH_MAX)
            tnd_die_usage("%s: bad file name", arg);
        struct blk *b = blk_named(arg, name);
        if (b->path)
            tnd_die_usage("%s: device '%s' given twice", arg, name);
        b->path = value;
        b->arg = arg;
        return 0;
    }
    if (rc < 0)
        tnd_die_usage("%s: expected --block:NAME=PATH", arg);
    rc = tnd_args_device_opt(arg, "--block-sector-size:", name, &value);
    if (rc == 0) {
        uint64_t n;
        if (tnd_args_parse_u64(value, UINT16_MAX, &n) != 0 || n < 512 ||
            (n & (n - 1)) != 0)
            tnd_die_usage("%s: the sector size must be a power of two "
                          "from 512 to 32768",
                          arg);
        blk_named(arg, name)->block_size = n;
        return 0;
    }
    if (rc < 0)
        tnd_die_usage("%s: expected --block-sector-size:NAME=N", arg);
    return 1;
}

static void args_done(void)
{
    for (unsigned i = 0; i < nblks; i++)
        if (blks[i].path == NULL)
            tnd_die_usage("--block-sector-size:%s given without "
                          "--block:%s=PATH",
                          blks[i].name, blks[i].name);
}

/*
 * Opens and sizes each block file: a missing file, or one whose size is
 * not a whole number of sectors, ends the tender (status 1) here, with
 * the other input files, before KVM is opened.
 */
static void open_files(void)
{
    for (unsigned i = 0; i < nblks; i++) {
        struct blk *b = &blks[i];
        struct pv_mft_entry *e = b->e;
        b->fd = open(b->path, O_RDWR | O_CLOEXEC);
        if (b->fd < 0)
            tnd_die_errno("block device '%s': cannot open %s", e->name,
                          b->path);
        tnd_module_add_input(b->fd, "a block image");
        off_t size = lseek(b->fd, 0, SEEK_END);
        if (size < 0)
            tnd_die_errno("block device '%s': cannot size %s", e->name,
                          b->path);
        uint64_t bs = b->block_size ? b->block_size : DEFAULT_BLOCK_SIZE;
        if ((uint64_t)size < bs)
            tnd_die("block device '%s': %s is smaller than one %llu-byte "
                    "sector",
                    e->name, b->path, (unsigned long long)bs);
        if ((uint64_t)size % bs != 0)
            tnd_die("block device '%s': the size of %s is not a multiple "
                    "of the %llu-byte sector size",
                    e->name, b->path, (unsigned long long)bs);
        e->u.block_basic.capacity = (uint64_t)size;
        e->u.block_basic.block_size = (uint16_t)bs;
        e->hostpriv = (uint64_t)b->fd;
    }
}

static void check(struct pv_mft *mft)
{
    for (unsigned i = 0; i < nblks; i++) {
        struct blk *b = &blks[i];
        b->e = tnd_module_device(mft, b->arg, b->name, PV_MFT_DEV_BLOCK_BASIC);
        by_handle[b->e - mft->e] = b;
    }
    open_files();
}

/* The most bytes Linux moves in one read or write call. */
#define MAX_IO 0x7ffff000UL

/*
 * Moves len bytes between buf and the file at offset, in calls of at
 * most MAX_IO bytes, on after a short transfer. Returns 0 or -errno
 * (-EIO if the file ended early).
 */
static int transfer(int fd, uint8_t *buf, uint64_t len, uint64_t offset,
                    bool write)
{
    while (len) {
        size_t n = len < MAX_IO ? (size_t)len : MAX_IO;
        ssize_t r = write ? pwrite(fd, buf, n, (off_t)offset)
                          : pread(fd, buf, n, (off_t)offset);
        if (r < 0 && errno == EINTR) {
            tnd_core_check_signal();
            continue;
        }
        if (r <= 0)
            return r < 0 ? -errno : -EIO;
        buf += r;
        len -= (uint64_t)r;
        offset += (uint64_t)r;
    }
    return 0;
}

static void hc_block(struct tnd_vm *vm, uint64_t gpa, bool write)
{
    struct pv_hc_block *p = tnd_gpa_ptr_w(vm, gpa, sizeof *p, "BLOCK argument");
    struct pv_hc_block a = *p; /* copy in: guest memory may change */
    struct pv_mft_entry *e =
        tnd_mft_get(vm->mft, a.handle, PV_MFT_DEV_BLOCK_BASIC);
    if (e == NULL) {
        p->ret = PV_R_EINVAL;
        return;
    }
    uint64_t cap = e->u.block_basic.capacity;
    if (a.offset >= cap || a.len > cap - a.offset) {
        p->ret = PV_R_EINVAL;
        return;
    }
    /* BLOCK_READ writes the buffer: it must be guest-writable. */
    void *buf = write ? tnd_gpa_ptr(vm, a.data, a.len, "BLOCK buffer")
                      : tnd_gpa_ptr_w(vm, a.data, a.len, "BLOCK buffer");
    struct blk *b = by_handle[a.handle];
    int rc = transfer(b->fd, buf, a.len, a.offset, write);
    if (rc && !b->warned) {
        b->warned = true;
        tnd_warn("block device '%s': %s failed: %s (the guest gets "
                 "EUNSPEC; later failures are not reported)",
                 e->name, write ? "write" : "read", strerror(-rc));
    }
    p->ret = rc ? PV_R_EUNSPEC : PV_R_OK;
}

/* What the guest wrote reaches the disk before the tender ends. */
static void on_exit_sync(struct tnd_vm *vm, int status)
{
    (void)vm;
    (void)status;
    for (unsigned i = 0; i < nblks; i++)
        if (fdatasync(blks[i].fd) != 0)
            tnd_warn("block device '%s': fdatasync of %s failed: %s",
                     blks[i].name, blks[i].path, strerror(errno));
}

static void hc_block_write(struct tnd_vm *vm, uint64_t gpa)
{
    hc_block(vm, gpa, true);
}

static void hc_block_read(struct tnd_vm *vm, uint64_t gpa)
{
    hc_block(vm, gpa, false);
}

static void setup(struct tnd_vm *vm, struct pv_mft *mft)
{
    (void)vm;
    (void)mft;
    for (unsigned i = 0; i < nblks; i++)
        if (tnd_sandbox_allow_fd(blks[i].fd, TND_FD_BLOCK))
            tnd_die("sandbox: too many file descriptors");
    if (nblks &&
        (tnd_core_register_hypercall(PV_HC_BLOCK_WRITE, hc_block_write) ||
         tnd_core_register_hypercall(PV_HC_BLOCK_READ, hc_block_read) ||
         tnd_core_register_exit_hook(on_exit_sync)))
        tnd_die("block: cannot register hypercalls");
}

TND_MODULE(block, .handle_arg = handle_arg, .args_done = args_done,
           .check = check, .setup = setup,
           .usage = "  --block:NAME=PATH     attach file PATH as block device "
                    "NAME\n"
                    "  --block-sector-size:NAME=N\n"
                    "                        sector size of NAME, a power of "
                    "two >= 512 (default 512)\n");
