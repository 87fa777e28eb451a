/* SPDX-License-Identifier: ISC */
/*
 * tender.h: the tender's core header.
 *
 * Every function the core tender files share is declared here, grouped by
 * the file that implements it, with its contract. Others: arch.h (the
 * architecture hooks), core.h and boot.h (for main.c and the core
 * module), log.h, the GPIO subsystem's gpio.h, service.h and ring.h in
 * tender/gpio/, the rules shared with the guest, common/gpio_validate.h,
 * and the I2C class's tender/i2c/i2c.h.
 */
#ifndef TENDER_H
#define TENDER_H

#define PV_HOST
#include "pinvisor_abi.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include "log.h"

#define PINVISOR_VERSION "0.3.0"

/*
 * Exit statuses of the tender process (docs/architecture.md):
 *   0..254  the guest's own exit status (solo5_exit)
 *   255     the guest aborted (solo5_abort) or faulted
 *   TND_EXIT_ERROR   tender error: bad ELF or manifest, a device that cannot
 *                    be attached, a host failure, a guest protocol violation
 *                    or guest memory violation, a stop signal; the same
 *                    status solo5-hvt uses for these
 *   TND_EXIT_USAGE   bad command line
 */
#define TND_EXIT_ERROR 1
#define TND_EXIT_USAGE 2
#define TND_EXIT_ABORT 255

/*
 * The status of a bad command line: TND_EXIT_USAGE, or TND_EXIT_ERROR
 * once tnd_dropin_init has seen a name starting "solo5-hvt" (dropin.c).
 */
extern int tnd_exit_usage;
/* Call first in main with argv[0]. */
void tnd_dropin_init(const char *argv0);

/* Default guest memory, MiB, and the largest accepted. */
#define TND_MEM_DEFAULT_MIB 512
#define TND_MEM_MAX_MIB 4096

/* The one virtual machine a tender runs. */
struct tnd_vm {
    int kvm_fd, vm_fd, vcpu_fd;
    struct kvm_run *run;
    size_t run_size;

    uint8_t *mem;        /* host mapping of guest-physical 0.. */
    uint64_t mem_size;   /* guest-visible bytes (bounds of every access) */
    uint64_t alloc_size; /* whole mapping, including tender-owned areas */

    /* From the ELF image. */
    uint64_t entry;
    uint64_t kernel_end; /* end of the last non-empty PT_LOAD, aligned */
    bool native;         /* native mode requested by the NAT1 note */
    uint64_t canary_gpa; /* native mode: where the tender puts the canary */
    struct pv_mft *mft;  /* validated manifest, host copy, writable */
    size_t mft_size;

    /*
     * The image's read-only segments, rounded out to 4 KiB: the tender
     * never writes there for the guest (the host protects whole host
     * pages inside them, tnd_kvm_protect).
     */
    struct {
        uint64_t start, end;
    } ro[16];
    unsigned nro;

    uint64_t cycle_freq; /* guest cycle-counter frequency, Hz */
    uint32_t ext_flags;  /* PV_EXT_F_* offered to a native guest */

    /*
     * How the guest stopped, for a core file (tender/dumpcore.c): where
     * its registers at the fault are, beyond the vCPU's own.
     */
    struct {
        enum {
            TND_STOP_LIVE,   /* the vCPU's registers (HALT, triple fault) */
            TND_STOP_TRAP,   /* a trap the tender's vectors reported */
            TND_STOP_COOKIE, /* HALT with a trap-frame cookie at gpa */
        } kind;
        uint64_t gpa; /* TND_STOP_TRAP on x86_64: the stub frame */
    } stop;
};

/* --- gpa.c: checked guest-address helpers -------------------------------- */

/*
 * True if [gpa, gpa + len) lies inside guest memory of `mem_size` bytes:
 * gpa < mem_size and len <= mem_size - gpa (no overflow possible).
 */
bool tnd_gpa_valid(uint64_t mem_size, uint64_t gpa, uint64_t len);

/* Boot info, extension, manifest and command line live in this window. */
#define TND_BOOT_AREA_SIZE 0x4000UL

/*
 * Host pointer for guest range [gpa, gpa + len), for the tender to read.
 * The range must lie in guest memory and, in native mode, in memory the
 * guest itself can read (the boot-info window, or at or above
 * PV_GUEST_MIN_BASE): never the tender's own tables. Anything else is a
 * guest memory violation: the guest is stopped with a message naming
 * `what`, status TND_EXIT_ERROR. Never returns NULL.
 */
void *tnd_gpa_ptr(struct tnd_vm *vm, uint64_t gpa, uint64_t len,
                  const char *what);

/*
 * As tnd_gpa_ptr, for a range the tender will write (OUT fields, read
 * buffers): it must also avoid the image's read-only segments and, in
 * native mode, everything below PV_GUEST_MIN_BASE.
 */
void *tnd_gpa_ptr_w(struct tnd_vm *vm, uint64_t gpa, uint64_t len,
                    const char *what);

/* --- args.c: command-line parsing (pure, never exits) -------------------- */

/*
 * Parses a memory size in MiB ("512") into bytes. Returns 0, or -EINVAL
 * (not a number) or -ERANGE (0 or above TND_MEM_MAX_MIB).
 */
int tnd_args_parse_mem(const char *s, uint64_t *bytes);

/*
 * Splits "--PREFIX:NAME=VALUE" for a device option. `prefix` includes the
 * leading dashes and the colon ("--block:"). Returns 1 if arg does not
 * start with prefix, 0 on success (NAME copied into name[], *value points
 * into arg), -EINVAL if NAME is not 1..67 alphanumeric characters or '='
 * is missing.
 */
int tnd_args_device_opt(const char *arg, const char *prefix,
                        char name[PV_MFT_NAME_SIZE], const char **value);

/*
 * Parses an unsigned decimal number with no sign, no spaces and no
 * trailing characters, at most `max`. Returns 0, -EINVAL or -ERANGE.
 */
int tnd_args_parse_u64(const char *s, uint64_t max, uint64_t *out);

/*
 * Finds the unikernel operand in argv[1..argc-1]: the first argument not
 * starting with '-', or the one after "--". Returns its index, or -1.
 */
int tnd_args_find_kernel(int argc, char **argv);

/*
 * Joins argv[first..argc-1] with single spaces into buf (size bytes).
 * Returns the length, or -E2BIG if it does not fit with its NUL.
 */
int tnd_args_join(int argc, char **argv, int first, char *buf, size_t size);

/* --- options.c: the parse and check phases -------------------------------- */

/*
 * Parse phase: offers argv[first..end) to --mem, -v and every module's
 * handle_arg, then runs every module's args_done. Returns the guest
 * memory asked for (bytes). Opens nothing; a bad command line ends the
 * tender with TND_EXIT_USAGE.
 */
uint64_t tnd_options_parse(char **argv, int first, int end);

/*
 * Check phase, once the unikernel at `path` and its manifest `mft` are
 * validated: device types this tender knows (else TND_EXIT_ERROR), every
 * module's check (options against the manifest: TND_EXIT_USAGE; input
 * files: TND_EXIT_ERROR), and every declared device attached (else
 * TND_EXIT_ERROR, as solo5-hvt). Opens no host resource but input files.
 */
void tnd_options_check(const char *path, struct pv_mft *mft);

/* --- elf.c: the ELF loader (untrusted input) ----------------------------- */

struct tnd_elf_seg {
    uint64_t offset, vaddr, filesz, memsz, align;
    uint32_t flags; /* PF_R/PF_W/PF_X */
};

#define TND_ELF_MAX_LOAD 16

struct tnd_elf {
    uint16_t machine;
    uint64_t entry;
    unsigned nload;
    struct tnd_elf_seg load[TND_ELF_MAX_LOAD]; /* non-empty PT_LOADs */
    uint64_t load_end;   /* highest vaddr + memsz over all PT_LOADs */
    uint64_t kernel_end; /* end of the last non-empty PT_LOAD, aligned */
    struct pv_abi1 abi;
    uint8_t *mft; /* malloc'ed MFT1 content, owned by caller */
    size_t mft_size;
    bool native; /* NAT1 note present and valid */
    struct pv_native_note nat;
};

/*
 * Reads and validates the ELF file `fd` for machine `machine` (EM_*):
 * header, program headers, the ABI1 note (required: hvt, version 2),
 * MFT1 (required) and NAT1 (optional) notes. Does not look at memory size.
 * Returns 0, or -errno with a one-line reason in err (errlen bytes). On
 * success the caller owns elf->mft (free it).
 */
int tnd_elf_parse(int fd, uint16_t machine, struct tnd_elf *elf, char *err,
                  size_t errlen);

/*
 * Checks the parsed image against guest memory of mem_size bytes (entry
 * and every segment inside it, the canary inside a writable segment).
 * Returns 0 or -EINVAL with a reason in err.
 */
int tnd_elf_check_fit(const struct tnd_elf *elf, uint64_t mem_size, char *err,
                      size_t errlen);

/*
 * Copies the file bytes of each segment of the validated image from fd
 * into guest memory `mem`, which must be zero (a fresh anonymous mapping):
 * the bss is not written, so loading takes time proportional to the
 * file, whatever the segments' memory sizes. Returns 0 or -errno (short
 * read).
 */
int tnd_elf_load(const struct tnd_elf *elf, int fd, uint8_t *mem);

/*
 * The segment whose memory, rounded out to 4 KiB pages, holds guest
 * address a, or NULL (heap, stack, boot data).
 */
const struct tnd_elf_seg *tnd_elf_seg_at(const struct tnd_elf *elf, uint64_t a);

/* --- clock.c ------------------------------------------------------------- */

/* Host CLOCK_MONOTONIC in nanoseconds. */
uint64_t tnd_clock_now_ns(void);

/*
 * Reads the guest cycle counter and the host CLOCK_MONOTONIC at the same
 * moment (within a few microseconds): the narrowest of eight samples.
 */
void tnd_clock_sync(struct tnd_vm *vm, uint64_t *cycles,
                    uint64_t *monotonic_ns);

/* --- mft.c: the manifest (untrusted input) ------------------------------- */

/*
 * Validates manifest bytes from the MFT1 note: version, entry count, exact
 * size, the reserved first entry, NUL-terminated alphanumeric names,
 * tender-private fields zero, no duplicate names. Unknown types pass (the
 * "every device attached" rule rejects them later). Returns 0 or -EINVAL
 * with a reason in err.
 */
int tnd_mft_validate(const void *buf, size_t size, char *err, size_t errlen);

/*
 * The entry called `name` in a validated manifest, or NULL. If `type` is
 * not 0, an entry of another type also gives NULL.
 */
struct pv_mft_entry *tnd_mft_find(struct pv_mft *mft, const char *name,
                                  uint32_t type);

/* The entry with handle (index) h if it exists and has `type`, or NULL. */
struct pv_mft_entry *tnd_mft_get(struct pv_mft *mft, uint64_t h, uint32_t type);

/* Human name of an entry type ("BLOCK_BASIC"), "UNKNOWN" if not known. */
const char *tnd_mft_type_name(uint32_t type);

/* --- kvm.c: the KVM virtual machine -------------------------------------- */

/*
 * Opens /dev/kvm, checks the API, creates the VM, maps and registers
 * alloc_size bytes of zeroed guest memory at GPA 0 and creates vCPU 0.
 * Dies with a message naming the failed operation.
 */
void tnd_kvm_init(struct tnd_vm *vm, uint64_t alloc_size);

/*
 * Makes the loaded read-only segments (text and rodata) read-only for the
 * tender's own writes on the guest's behalf (tnd_gpa_ptr_w, exact to 4
 * KiB) and, where whole host pages lie inside them, on the host, so guest
 * writes there fault (tnd_hostpage_ro_runs).
 */
void tnd_kvm_protect(struct tnd_vm *vm, const struct tnd_elf *elf);

/* --- hostpage.c: the host's page size ----------------------------------- */

/* A range of guest-physical addresses, [start, end). */
struct tnd_range {
    uint64_t start, end;
};

/*
 * The host's page size, sysconf(_SC_PAGESIZE): 4, 16 or 64 KiB. Dies if
 * it is not a power of two of at least 4 KiB.
 */
uint64_t tnd_hostpage_size(void);

/*
 * The ranges of the image's read-only segments (rounded out to 4 KiB,
 * touching ones joined) that whole host pages of `page` bytes cover, in
 * ascending order: what the host can make read-only. Writes `out`
 * (TND_ELF_MAX_LOAD entries at most) and returns how many. Pure.
 */
unsigned tnd_hostpage_ro_runs(const struct tnd_elf *elf, uint64_t page,
                              struct tnd_range *out);

/*
 * True if the 4 KiB page at `a` belongs to a read-only segment but no
 * host page of `page` bytes that could be protected covers it: the
 * guest's own page tables must map it read-only. Pure.
 */
bool tnd_hostpage_guest_ro(const struct tnd_elf *elf, uint64_t page,
                           uint64_t a);

/* --- core.c: hypercall table, exit hooks, poll sources, core module ------ */

typedef void (*tnd_hypercall_fn_t)(struct tnd_vm *vm, uint64_t gpa);

/*
 * Registers the handler of hypercall `nr`. Returns 0, or -1 if nr is out of
 * range, HALT, or already taken. Call from a module's setup().
 */
int tnd_core_register_hypercall(unsigned nr, tnd_hypercall_fn_t fn);

/* Handler of hypercall nr, or NULL if none is registered. */
tnd_hypercall_fn_t tnd_core_hypercall(unsigned nr);

/* Human name of a hypercall number ("PUTS"); "unknown" if not known. */
const char *tnd_core_hypercall_name(unsigned nr);

/*
 * Serves hypercall `nr` (already decoded from the architecture's exit, nr
 * < PV_HC_MAX) with argument `gpa`: HALT sets *halted and returns the
 * guest's exit status (tnd_core_halt); any other registered hypercall runs
 * its handler and returns 0. An unregistered number ends the tender with
 * a one-line error naming it. Called by each architecture's vcpu_loop.c.
 */
int tnd_core_hypercall_dispatch(struct tnd_vm *vm, unsigned nr, uint64_t gpa,
                                bool *halted);

/*
 * A poll source: an fd in the POLL wait set. pending() (may be NULL) gives
 * the ready set of devices that are ready without waiting; readable() is
 * called when fd is readable and gives the ready set it makes (NULL:
 * readable means manifest entry `index` is ready). Ready sets have bit i
 * for manifest entry i.
 */
struct tnd_pollsrc {
    int fd;
    unsigned index;
    uint64_t (*pending)(void *arg);
    uint64_t (*readable)(void *arg);
    void *arg;
};

/* Adds a poll source (copied). Returns 0 or -1 if the table is full. */
int tnd_core_register_pollsrc(const struct tnd_pollsrc *src);

/*
 * Exit hooks run once, in reverse registration order, on every way the
 * tender ends after set-up: guest exit, abort, fault, signal, tender
 * error. `status` is the exit status about to be returned. Hooks must not
 * exit. Returns 0 or -1 if the table is full.
 */
typedef void (*tnd_exit_hook_fn_t)(struct tnd_vm *vm, int status);
int tnd_core_register_exit_hook(tnd_exit_hook_fn_t fn);

/*
 * Start hooks run once, in registration order, right before the guest's
 * first instruction (after the sandbox is on): time zero for devices that
 * keep time. Returns 0 or -1 if the table is full.
 */
typedef void (*tnd_start_hook_fn_t)(struct tnd_vm *vm, uint64_t t0_ns);
int tnd_core_register_start_hook(tnd_start_hook_fn_t fn);

/* Runs the start hooks with t0 = now (CLOCK_MONOTONIC). */
void tnd_core_run_start_hooks(struct tnd_vm *vm);

/*
 * With --start-fifo=PATH: blocks until one byte is written to the FIFO
 * PATH (a stop signal ends the tender through its exit hooks). Without
 * it, returns at once. Call after every acquisition, before the sandbox.
 */
void tnd_start_hold_wait(void);

/* With --check-only: exits 0. Call once every check has passed. */
void tnd_start_hold_check_only(void);

/* Ends the tender with `status` after running the exit hooks. */
noreturn void tnd_core_exit(int status);

/*
 * Runs the exit hooks (once: later calls return at once). For the fatal
 * paths of log.c, which run them before writing their message, so that
 * a stalled stderr never delays the safe state.
 */
void tnd_core_run_exit_hooks(int status);

/* True once the exit hooks have started. */
bool tnd_core_exiting(void);

/*
 * Serves a HALT hypercall: prints a register dump if the guest passed a
 * trap-frame cookie, returns the guest's exit status.
 */
int tnd_core_halt(struct tnd_vm *vm, uint64_t gpa);

/*
 * Signal state: set by the stop signals' handler (SIGINT, SIGTERM,
 * SIGHUP, SIGQUIT and every other catchable signal whose default action
 * ends the process, but those that report a fault of the tender;
 * docs/architecture.md, "Exit paths") to the signal's number, or to -1
 * by tnd_core_fatal_async, from another thread. Checked by the vCPU loop
 * and after every interrupted wait, which end the tender with
 * tnd_core_exit_on_signal() (status TND_EXIT_ERROR, the exit hooks first,
 * then one line naming the signal). A C11 atomic (lock-free, so
 * signal-safe). SIGPIPE and SIGXFSZ are ignored.
 */
extern atomic_int tnd_core_signal;
void tnd_core_install_signals(void);
noreturn void tnd_core_exit_on_signal(void);
/*
 * Ends the tender like tnd_core_exit_on_signal if a stop is pending;
 * returns otherwise. Call after any system call interrupted (EINTR).
 */
void tnd_core_check_signal(void);

/*
 * Creates a thread (pthread_create's contract and return value) that
 * never takes a stop signal or SIGUSR1: they are blocked in it from its
 * start, so a process-directed stop signal lands on the vCPU thread and
 * interrupts KVM_RUN. The thread runs on a 256 KiB stack of its own,
 * never freed, so its exit and pthread_join make no system call the
 * sandbox refuses. Every helper thread of the tender is made with it;
 * call before the sandbox is on.
 */
int tnd_core_thread_create(pthread_t *t, void *(*fn)(void *), void *arg);

/*
 * For threads other than the vCPU thread: asks the vCPU thread to end the
 * tender with `msg` (a static string) and TND_EXIT_ERROR, interrupting
 * KVM_RUN or any wait. Returns at once; the caller should stop working.
 * Before tnd_core_install_signals it only sets tnd_core_signal to -1.
 */
void tnd_core_fatal_async(const char *msg);

/* The virtual machine, for exit hooks and signal exits. */
extern struct tnd_vm *tnd_core_vm;

/* --- module.c: device modules --------------------------------------------- */

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
 * as another output (the same path, or device and inode). Called once,
 * after every module's check.
 */
void tnd_module_check_outputs(void);

/* The `what` of the input file open on fd, or NULL if it is none. */
const char *tnd_module_input_of(int fd);

extern const struct tnd_module __start_tnd_modules[];
extern const struct tnd_module __stop_tnd_modules[];

#define TND_FOR_EACH_MODULE(m)                                                 \
    for (const struct tnd_module *m = __start_tnd_modules;                     \
         m < __stop_tnd_modules; m++)

/* --- debug/gdb_stub.c ----------------------------------------------------- */

/* True if --gdb was given (the image then stays writable on the host). */
bool tnd_gdb_enabled(void);

/* --- sandbox.c: seccomp -------------------------------------------------- */

/* File descriptors the running tender may use, by purpose. */
enum tnd_fd_role {
    TND_FD_VCPU,      /* ioctl KVM_RUN and register reads */
    TND_FD_EPOLL,     /* epoll_pwait */
    TND_FD_TIMER,     /* timerfd_settime, read */
    TND_FD_BLOCK,     /* pread64, pwrite64, fdatasync */
    TND_FD_TAP,       /* read, write */
    TND_FD_GPIO_REQ,  /* GPIO line request: value/config ioctls, read, close */
    TND_FD_OUTPUT,    /* write, close (trace file) */
    TND_FD_EVENT,     /* read, write (eventfd) */
    TND_FD_VM,        /* ioctl KVM_IOEVENTFD (the one unregister at exit) */
    TND_FD_I2C_RDWR,  /* i2c-dev adapter: ioctl I2C_RDWR */
    TND_FD_I2C_SMBUS, /* SMBus-only i2c-dev adapter: I2C_SLAVE, I2C_SMBUS */
    TND_FD_COREDIR,   /* openat with TND_DUMPCORE_FLAGS (--dumpcore) */
    TND_FD_GDB,       /* read, write, recvfrom (--gdb's connection) */
    TND_FD_ROLES
};

/*
 * Declares that fd will be used for role once the sandbox is on. Call from
 * setup(). Returns 0 or -1 if the table is full.
 */
int tnd_sandbox_allow_fd(int fd, enum tnd_fd_role role);

/*
 * Parts of the allow-list only some configurations need; each is left
 * out of the filter unless set-up asks for it with tnd_sandbox_need().
 */
enum tnd_sandbox_need {
    TND_SB_SET_TLS = 1u << 0,    /* KVM_SET_SREGS: SET_TLS_BASE is served */
    TND_SB_GPIO_SLEEP = 1u << 1, /* clock_nanosleep: GPIO sequences */
    TND_SB_IO_THREAD = 1u << 2,  /* a second thread: GPIO ring, trace writer */
    TND_SB_DUMPCORE = 1u << 3,   /* write a core file at exit */
    TND_SB_GDB = 1u << 4,        /* serve a debugger (--gdb) */
};

/* The flags of the one open --dumpcore makes once the sandbox is on. */
#define TND_DUMPCORE_FLAGS (O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC)

/* Adds TND_SB_* parts to the allow-list. Call from setup(). */
void tnd_sandbox_need(unsigned what);

/*
 * Allows KVM_IOEVENTFD on TND_FD_VM fds only with exactly this argument
 * pointer (the filter sees the pointer, not what it points to): the
 * caller prepares its one request there and makes the page read-only
 * before the sandbox goes on. Without a call, KVM_IOEVENTFD is denied.
 */
void tnd_sandbox_allow_ioeventfd(const void *arg);

/*
 * Where TND_ARCH_TLS_PINNED (aarch64), allows the vCPU's TLS ioctl only
 * with exactly this argument pointer, a request the caller made
 * read-only; without a call it is denied even when SET_TLS_BASE is
 * served.
 */
void tnd_sandbox_allow_tls_arg(const void *arg);

/*
 * Installs the seccomp allow-list (kill the process on anything else) on
 * every thread of the tender. Call once, after set-up and before the first
 * KVM_RUN. Returns 0 or -errno.
 */
int tnd_sandbox_enter(void);

/*
 * The reason the allow-list gives for system call nr, or NULL if nr is not
 * on it. For tests and documentation.
 */
const char *tnd_sandbox_reason(int nr);

#endif /* TENDER_H */
