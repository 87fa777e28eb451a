/* SPDX-License-Identifier: ISC */
/*
 * boot.c: writes what the guest finds at PV_BOOT_INFO_BASE: boot info,
 * the manifest copy with the tender-filled fields, the command line, and
 * for native-mode guests the boot-info extension.
 */
#include <stdbool.h>
#include <string.h>

#include "abi.h"
#include "boot.h"
#include "clock.h"
#include "elf.h"
#include "log.h"
#include "vm.h"

/* The GPIO ring offered to a native guest (0: none). */
static uint64_t ring_gpa, ring_size;
/* The I2C ring, the same way. */
static uint64_t i2c_ring_gpa, i2c_ring_size;

void tnd_boot_write(struct tnd_vm *vm, const char *cmdline, size_t len)
{
    /*
     * Solo5 mode: boot info, manifest, command line, as solo5-hvt.
     * Native mode: the extension goes between boot info and manifest, so
     * a small guest touches one page of boot data.
     */
    uint64_t mft_gpa = PV_BOOT_INFO_BASE + sizeof(struct pv_boot_info);
    if (vm->native)
        mft_gpa = PV_BOOT_EXT_BASE + sizeof(struct pv_boot_ext);
    uint64_t cmd_gpa = mft_gpa + vm->mft_size;

    struct pv_mft *m = (struct pv_mft *)(vm->mem + mft_gpa);
    memcpy(m, vm->mft, vm->mft_size);
    for (uint32_t i = 0; i < m->entries; i++)
        m->e[i].hostpriv = 0; /* host fds are none of the guest's business */

    char *cmd = (char *)(vm->mem + cmd_gpa);
    memset(cmd, 0, PV_CMDLINE_SIZE);
    memcpy(cmd, cmdline, len);

    struct pv_boot_info *bi =
        (struct pv_boot_info *)(vm->mem + PV_BOOT_INFO_BASE);
    memset(bi, 0, sizeof *bi);
    bi->mem_size = vm->mem_size;
    bi->kernel_end = vm->kernel_end;
    bi->cpu_cycle_freq = vm->cycle_freq;
    bi->cmdline = cmd_gpa;
    bi->mft = mft_gpa;
    if (!vm->native)
        return; /* Solo5 guests see exactly solo5-hvt's boot info */

    bi->host_features = PV_FEATURE_EXT;
    struct pv_boot_ext *x = (struct pv_boot_ext *)(vm->mem + PV_BOOT_EXT_BASE);
    memset(x, 0, sizeof *x);
    x->magic = PV_BOOT_EXT_MAGIC;
    x->version = PV_EXT_ABI_VERSION;
    x->flags = vm->ext_flags;
    tnd_clock_sync(vm, &x->cycles_at_sync, &x->monotonic_at_sync);
    x->gpio_ring = ring_gpa;
    x->gpio_ring_size = ring_size;
    x->i2c_ring = i2c_ring_gpa;
    x->i2c_ring_size = i2c_ring_size;
}

void tnd_boot_offer_i2c_ring(uint64_t gpa, uint64_t size)
{
    i2c_ring_gpa = gpa;
    i2c_ring_size = size;
}

void tnd_boot_offer_gpio_ring(uint64_t gpa, uint64_t size)
{
    ring_gpa = gpa;
    ring_size = size;
}

uint64_t tnd_boot_4k_blocks(const struct tnd_elf *elf, bool native,
                            uint64_t spare_tables)
{
    const uint64_t block = 2ULL << 20;
    uint64_t n = native ? (elf->load_end + block - 1) / block : 1;
    if (n - 1 > spare_tables)
        tnd_die("unikernel image too large for native mode (%llu MiB)",
                (unsigned long long)(elf->load_end >> 20));
    return n;
}

_Static_assert(PV_BOOT_EXT_BASE + sizeof(struct pv_boot_ext) +
                       sizeof(struct pv_mft) +
                       sizeof(struct pv_mft_entry) * PV_MFT_MAX_ENTRIES +
                       PV_CMDLINE_SIZE <=
                   PV_BOOT_INFO_BASE + TND_BOOT_AREA_SIZE,
               "boot data does not fit in the boot area");
