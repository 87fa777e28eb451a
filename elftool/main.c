/* SPDX-License-Identifier: ISC */
/*
 * main.c: pinvisor-elftool, the manifest tool.
 *
 *   gen-manifest MANIFEST.json OUTPUT.c   manifest source -> C note
 *   query-manifest UNIKERNEL              print the binary's manifest
 *   query-abi UNIKERNEL                   print the binary's ABI notes
 *
 * The JSON format is Solo5's manifest.json, with the extra device types
 * GPIO_BASIC, I2C_BASIC and UART_BASIC (docs/abi.md). The queries read binaries
 * with the tender's own ELF and manifest validation.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../tender/abi.h"
#include "../tender/elf.h"
#include "../tender/mft.h"
#include "manifest.h"

static const char *prog = "pinvisor-elftool";

static void die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), __noreturn__));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        die("%s: %s", path, strerror(errno));
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap)
            buf = realloc(buf, cap *= 2);
        if (len > (1u << 20))
            die("%s: file too large for a manifest", path);
    }
    fclose(f);
    buf[len] = '\0';
    if (strlen(buf) != len)
        die("%s: NUL byte in the file", path);
    return buf;
}

/*
 * gen-manifest: reads and checks the whole source first; only a valid
 * manifest is written, to a temporary file renamed over OUTPUT, so a
 * failed run never leaves a partial OUTPUT behind.
 */
static int gen_manifest(const char *in, const char *out)
{
    static struct elftool_dev devs[ELFTOOL_MAX_DEVICES];
    size_t n;
    char err[256];
    char *text = read_text(in);
    if (elftool_manifest_parse(text, devs, &n, err, sizeof err) != 0)
        die("%s: %s", in, err);
    free(text);

    size_t olen = strlen(out);
    char *tmp = malloc(olen + 16);
    if (tmp == NULL)
        die("out of memory");
    snprintf(tmp, olen + 16, "%s.tmpXXXXXX", out);
    int fd = mkstemp(tmp);
    if (fd < 0)
        die("%s: %s", out, strerror(errno));
    FILE *f = fdopen(fd, "w");
    if (f == NULL) {
        unlink(tmp);
        die("%s: %s", out, strerror(errno));
    }
    if (elftool_manifest_write(f, in, devs, n) != 0 || fflush(f) != 0 ||
        fchmod(fd, 0644) != 0) {
        int e = errno;
        fclose(f);
        unlink(tmp);
        die("%s: %s", out, strerror(e));
    }
    if (fclose(f) != 0 || rename(tmp, out) != 0) {
        int e = errno;
        unlink(tmp);
        die("%s: %s", out, strerror(e));
    }
    free(tmp);
    return 0;
}

/* Opens and validates a unikernel with the tender's own checks. */
static void load(const char *path, struct tnd_elf *elf)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        die("%s: %s", path, strerror(errno));
    Elf64_Ehdr h;
    uint16_t machine = EM_X86_64;
    if (pread(fd, &h, sizeof h, 0) == sizeof h && h.e_machine == EM_AARCH64)
        machine = EM_AARCH64;
    char err[256];
    if (tnd_elf_parse(fd, machine, elf, err, sizeof err))
        die("%s: %s", path, err);
    if (tnd_mft_validate(elf->mft, elf->mft_size, err, sizeof err))
        die("%s: invalid manifest: %s", path, err);
    close(fd);
}

static int query_manifest(const char *path)
{
    struct tnd_elf elf;
    load(path, &elf);
    const struct pv_mft *m = (const struct pv_mft *)elf.mft;
    printf("{\n    \"type\": \"solo5.manifest\",\n    \"version\": %u,\n"
           "    \"devices\": [",
           m->version);
    for (uint32_t i = 1; i < m->entries; i++)
        printf("%s\n        { \"name\": \"%s\", \"type\": \"%s\" }",
               i > 1 ? "," : "", m->e[i].name, tnd_mft_type_name(m->e[i].type));
    printf("%s]\n}\n", m->entries > 1 ? "\n    " : "");
    free(elf.mft);
    return 0;
}

static int query_abi(const char *path)
{
    struct tnd_elf elf;
    load(path, &elf);
    printf("{\n    \"type\": \"solo5.abi\",\n    \"target\": \"hvt\",\n"
           "    \"version\": %u,\n    \"mode\": \"%s\"\n}\n",
           elf.abi.abi_version, elf.native ? "native" : "solo5");
    free(elf.mft);
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: %s COMMAND ARGS\n"
            "  gen-manifest MANIFEST.json OUTPUT.c\n"
            "  query-manifest UNIKERNEL\n"
            "  query-abi UNIKERNEL\n",
            prog);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "gen-manifest") == 0)
        return gen_manifest(argv[2], argv[3]);
    if (argc == 3 && strcmp(argv[1], "query-manifest") == 0)
        return query_manifest(argv[2]);
    if (argc == 3 && strcmp(argv[1], "query-abi") == 0)
        return query_abi(argv[2]);
    usage(stderr);
    return 2;
}
