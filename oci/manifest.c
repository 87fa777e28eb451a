/* SPDX-License-Identifier: ISC */
/*
 * manifest.c: the network devices a unikernel declares, read with the
 * tender's own ELF and manifest validation (as pinvisor-elftool does).
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../tender/elf.h"
#include "../tender/mft.h"
#include "oci.h"

int oci_manifest_nets(const char *path, char names[][68], int max)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    Elf64_Ehdr h;
    uint16_t machine = EM_X86_64;
    if (pread(fd, &h, sizeof h, 0) == sizeof h && h.e_machine == EM_AARCH64)
        machine = EM_AARCH64;
    struct tnd_elf elf;
    char err[256];
    int rc = tnd_elf_parse(fd, machine, &elf, err, sizeof err);
    close(fd);
    if (rc)
        return -1;
    int n = -1;
    if (tnd_mft_validate(elf.mft, elf.mft_size, err, sizeof err) == 0) {
        const struct pv_mft *m = (const struct pv_mft *)elf.mft;
        n = 0;
        for (uint32_t i = 1; i < m->entries; i++)
            if (m->e[i].type == PV_MFT_DEV_NET_BASIC && n < max)
                snprintf(names[n++], 68, "%s", m->e[i].name);
    }
    free(elf.mft);
    return n;
}
