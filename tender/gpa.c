/* SPDX-License-Identifier: ISC */
/*
 * gpa.c: guest-physical address checks. Every guest pointer the tender
 * follows goes through here: it must lie in guest memory, in memory the
 * guest could reach itself, and, when the tender writes, in memory the
 * guest could write.
 */
#include <stdbool.h>

#include "abi.h"
#include "boot.h"
#include "gpa.h"
#include "log.h"
#include "vm.h"

bool tnd_gpa_valid(uint64_t mem_size, uint64_t gpa, uint64_t len)
{
    return gpa < mem_size && len <= mem_size - gpa;
}

/*
 * [a, a + alen) and [b, bend) share a byte; a + alen cannot overflow. An
 * empty range shares none, wherever it lies.
 */
static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t bend)
{
    return alen != 0 && a < bend && b < a + alen;
}

void *tnd_gpa_ptr(struct tnd_vm *vm, uint64_t gpa, uint64_t len,
                  const char *what)
{
    if (!tnd_gpa_valid(vm->mem_size, gpa, len))
        tnd_die("guest memory violation: %s at 0x%llx (+%llu bytes) is "
                "outside guest memory (0x%llx bytes)",
                what, (unsigned long long)gpa, (unsigned long long)len,
                (unsigned long long)vm->mem_size);
    /* A native guest cannot reach the tender's tables; nor through us. */
    if (vm->native && overlaps(gpa, len, 0, PV_GUEST_MIN_BASE) &&
        !(gpa >= PV_BOOT_INFO_BASE &&
          gpa + len <= PV_BOOT_INFO_BASE + TND_BOOT_AREA_SIZE))
        tnd_die("guest memory violation: %s at 0x%llx (+%llu bytes) is "
                "not memory the guest may use",
                what, (unsigned long long)gpa, (unsigned long long)len);
    return vm->mem + gpa;
}

void *tnd_gpa_ptr_w(struct tnd_vm *vm, uint64_t gpa, uint64_t len,
                    const char *what)
{
    void *p = tnd_gpa_ptr(vm, gpa, len, what);
    bool ro = vm->native && len != 0 && gpa < PV_GUEST_MIN_BASE;
    for (unsigned i = 0; i < vm->nro && !ro; i++)
        ro = overlaps(gpa, len, vm->ro[i].start, vm->ro[i].end);
    if (ro)
        tnd_die("guest memory violation: %s at 0x%llx (+%llu bytes) is "
                "read-only",
                what, (unsigned long long)gpa, (unsigned long long)len);
    return p;
}
