/* SPDX-License-Identifier: ISC */
/* module.h: device modules (module.c) and the TND_MODULE seam. */
#ifndef TND_MODULE_H
#define TND_MODULE_H

#include <stddef.h>
#include <stdint.h>

#include "abi.h"

struct tnd_vm;

/*
 * A device module. Defined with TND_MODULE at the end of its file; the
 * linker collects the descriptors in section tnd_modules, so adding a
 * module never edits a central list.
 *
 * The tender starts in three phases (docs/architecture.md): parse the
 * whole command line, check it against itself, the unikernel and any
 * input file, then acquire resources. Nothing is opened, created or
 * requested on the host before the last phase, so every usage error
 * (TND_EXIT_USAGE) and every bad input file (TND_EXIT_ERROR) is reported
 * before /dev/kvm, a block file, a tap or a GPIO chip is touched.
 *
 *  handle_arg: offered every tender option, before the unikernel file is
 *              read; returns 0 if it consumed the option, 1 if the option
 *              is not its own. Checks the option's syntax and may die
 *              with a usage error; opens nothing.
 *  args_done:  (may be NULL) once every option has been offered: checks
 *              the options against each other (an option that needs
 *              another); may die with a usage error.
 *  check:      (may be NULL) once the unikernel's manifest is validated:
 *              binds each device option to its manifest entry and marks
 *              the entry attached (a name the manifest lacks is a usage
 *              error), reads and checks input files (a bad one ends the
 *              tender with TND_EXIT_ERROR). Acquires nothing.
 *  reserve:    (may be NULL) called after the checks, before guest
 *              memory exists: returns the bytes the module needs above
 *              the guest-visible RAM (0: none) and sets *gpa to where the
 *              region's guest-physical address is to be stored.
 *  setup:      called once guest memory exists, in link order; acquires
 *              the host resources of the attached devices, registers
 *              hypercalls, poll sources and exit hooks. Its failures are
 *              host failures (TND_EXIT_ERROR).
 *  usage:      lines for --help (may be NULL).
 */
struct tnd_module {
    const char *name;
    int (*handle_arg)(const char *arg);
    void (*args_done)(void);
    void (*check)(struct pv_mft *mft);
    uint64_t (*reserve)(struct tnd_vm *vm, uint64_t **gpa);
    void (*setup)(struct tnd_vm *vm, struct pv_mft *mft);
    const char *usage;
};

#define TND_MODULE(id, ...)                                                    \
    static const struct tnd_module tnd_module_##id                             \
        __attribute__((section("tnd_modules"), used, aligned(8))) = {          \
            .name = #id, __VA_ARGS__}

/*
 * The manifest entry for device `name` of `type`, named in option `arg`,
 * marked attached. A name the manifest does not declare, or one of
 * another type, is a usage error (the tender exits with TND_EXIT_USAGE).
 * Call from a module's check().
 */
struct pv_mft_entry *tnd_module_device(struct pv_mft *mft, const char *arg,
                                       const char *name, uint32_t type);

/*
 * Takes a device-grant option ("--gpio:NAME=...", `prefix` "--gpio:") of
 * a class that grants up to `max` devices (`cls` names it in messages:
 * "GPIO") as its option *n; args[0..*n) are the earlier ones.
 * parse(arg, *n, err, errlen) reads the option into the class's grant *n
 * and returns 0, or -errno with a reason in err. A full class, an option
 * that does not parse and a device named twice are usage errors (the
 * tender exits with TND_EXIT_USAGE); else arg is stored in args[*n] and
 * *n incremented. Call from handle_arg.
 */
typedef int (*tnd_module_grant_fn_t)(const char *arg, unsigned i, char *err,
                                     size_t errlen);
void tnd_module_grant(const char *arg, const char *prefix, const char *cls,
                      unsigned max, const char **args, unsigned *n,
                      tnd_module_grant_fn_t parse);

/*
 * Reads the input file `path` into buf (size bytes, one more than the
 * largest file accepted, a whole number of MiB plus one) and returns its
 * length. Ends the tender with TND_EXIT_ERROR and one line naming the
 * class `cls` and the file's `kind` ("gpio: cannot open stimulus file
 * F: ...") if it cannot be read or is too large. Records the file as an
 * input (tnd_module_add_input), `what` naming it ("the stimulus file").
 * Call from check().
 */
size_t tnd_module_read_file(const char *cls, const char *kind, const char *what,
                            const char *path, char *buf, size_t size);

/*
 * Input files: records the file open on fd (its device and inode) as an
 * input, `what` naming it in messages ("the unikernel"). Call in the
 * check phase, for every file the tender reads.
 */
void tnd_module_add_input(int fd, const char *what);

/*
 * Output files: records `path`, given by option `opt` ("--gpio-trace="),
 * as a file the tender will write. Call from handle_arg.
 */
void tnd_module_add_output(const char *opt, const char *path);

/*
 * Ends the tender with a usage error if an output path names an input
 * file (by device and inode, symbolic links followed) or the same file
 * as another output (the same path; the same device and inode; or, for
 * a file not yet there, the same directory by device and inode and the
 * same last component). Called once, after every module's check.
 */
void tnd_module_check_outputs(void);

/* The `what` of the input file open on fd, or NULL if it is none. */
const char *tnd_module_input_of(int fd);

extern const struct tnd_module __start_tnd_modules[];
extern const struct tnd_module __stop_tnd_modules[];

#define TND_FOR_EACH_MODULE(m)                                                 \
    for (const struct tnd_module *m = __start_tnd_modules;                     \
         m < __stop_tnd_modules; m++)

#endif
