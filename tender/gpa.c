/*
 * gpa.c: guest-physical address checks. Every guest pointer the tender
 * follows goes through here.
 */
#include "tender.h"

bool tnd_gpa_valid(uint64_t mem_size, uint64_t gpa, uint64_t len)
{
    return gpa < mem_size && len <= mem_size - gpa;
}

void *tnd_gpa_ptr(struct tnd_vm *vm, uint64_t gpa, uint64_t len,
                  const char *what)
{
    if (!tnd_gpa_valid(vm->mem_size, gpa, len))
        tnd_die("guest memory violation: %s at 0x%llx (+%llu bytes) is "
                "outside guest memory (0x%llx bytes)",
                what, (unsigned long long)gpa, (unsigned long long)len,
                (unsigned long long)vm->mem_size);
    return vm->mem + gpa;
}
