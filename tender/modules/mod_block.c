/*
 * mod_block.c: BLOCK_BASIC devices backed by host files.
 *
 *   --block:NAME=PATH            attach file PATH as device NAME
 *   --block-sector-size:NAME=N   block size, a power of two >= 512
 *                                (default 512)
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tender.h"

#define DEFAULT_BLOCK_SIZE 512

static struct blk {
    const char *path;
    uint64_t block_size; /* 0: default */
    int fd;
} blks[PV_MFT_MAX_ENTRIES];

static unsigned entry_index(const struct pv_mft *mft,
                            const struct pv_mft_entry *e)
{
    return (unsigned)(e - mft->e);
}

static int handle_arg(const char *arg, struct pv_mft *mft)
{
    char name[PV_MFT_NAME_SIZE];
    const char *value;
    int rc = tnd_args_device_opt(arg, "--block:", name, &value);
    if (rc == 0) {
        struct blk *b = &blks[entry_index(
            mft, tnd_module_device(mft, arg, name, PV_MFT_DEV_BLOCK_BASIC))];
        if (*value == '\0' || strlen(value) >= PATH_MAX)
            tnd_die_usage("%s: bad file name", arg);
        if (b->path)
            tnd_die_usage("%s: device '%s' given twice", arg, name);
        b->path = value;
        return 0;
    }
    if (rc < 0)
        tnd_die_usage("%s: expected --block:NAME=PATH", arg);
    rc = tnd_args_device_opt(arg, "--block-sector-size:", name, &value);
    if (rc == 0) {
        struct blk *b = &blks[entry_index(
            mft, tnd_module_device(mft, arg, name, PV_MFT_DEV_BLOCK_BASIC))];
        uint64_t n;
        if (tnd_args_parse_u64(value, UINT16_MAX, &n) != 0 || n < 512 ||
            (n & (n - 1)) != 0)
            tnd_die_usage("%s: the sector size must be a power of two "
                          "from 512 to 32768",
                          arg);
        b->block_size = n;
        return 0;
    }
    if (rc < 0)
        tnd_die_usage("%s: expected --block-sector-size:NAME=N", arg);
    return 1;
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
    if (a.len > SSIZE_MAX || a.offset >= cap || a.len > cap - a.offset) {
        p->ret = PV_R_EINVAL;
        return;
    }
    /* BLOCK_READ writes the buffer: it must be guest-writable. */
    void *buf = write ? tnd_gpa_ptr(vm, a.data, a.len, "BLOCK buffer")
                      : tnd_gpa_ptr_w(vm, a.data, a.len, "BLOCK buffer");
    int fd = blks[a.handle].fd;
    ssize_t n;
    do {
        n = write ? pwrite(fd, buf, a.len, (off_t)a.offset)
                  : pread(fd, buf, a.len, (off_t)a.offset);
    } while (n < 0 && errno == EINTR && (tnd_core_check_signal(), true));
    if (n < 0)
        tnd_die_errno("block device '%s': %s failed", e->name,
                      write ? "write" : "read");
    if ((uint64_t)n != a.len)
        tnd_die("block device '%s': short %s", e->name,
                write ? "write" : "read");
    p->ret = PV_R_OK;
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
    bool any = false;
    for (uint32_t i = 1; i < mft->entries; i++) {
        struct blk *b = &blks[i];
        struct pv_mft_entry *e = &mft->e[i];
        if (b->path == NULL)
            continue;
        b->fd = open(b->path, O_RDWR | O_CLOEXEC);
        if (b->fd < 0)
            tnd_die_errno("block device '%s': cannot open %s", e->name,
                          b->path);
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
        e->attached = 1;
        if (tnd_sandbox_allow_fd(b->fd, TND_FD_BLOCK))
            tnd_die("sandbox: too many file descriptors");
        any = true;
    }
    for (uint32_t i = 1; i < mft->entries; i++)
        if (blks[i].block_size && !blks[i].path)
            tnd_die_usage("--block-sector-size:%s given without "
                          "--block:%s=PATH",
                          mft->e[i].name, mft->e[i].name);
    if (any &&
        (tnd_core_register_hypercall(PV_HC_BLOCK_WRITE, hc_block_write) ||
         tnd_core_register_hypercall(PV_HC_BLOCK_READ, hc_block_read)))
        tnd_die("block: cannot register hypercalls");
}

TND_MODULE(block, .handle_arg = handle_arg, .setup = setup,
           .usage = "  --block:NAME=PATH     attach file PATH as block device "
                    "NAME\n"
                    "  --block-sector-size:NAME=N\n"
                    "                        sector size of NAME, a power of "
                    "two >= 512 (default 512)\n");
