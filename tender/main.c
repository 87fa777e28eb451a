/* SPDX-License-Identifier: ISC */
/*
 * main.c: the pinvisor tender's command line and boot sequence, in three
 * phases: parse (every option), check (options against each other, the
 * unikernel and its manifest, input files, memory size), and only then
 * acquire (KVM, memory, vCPU, each module's devices), boot info, sandbox,
 * run. See docs/architecture.md for the order and the exit statuses.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/random.h>
#include <unistd.h>

#include "abi.h"
#include "arch.h"
#include "args.h"
#include "boot.h"
#include "core.h"
#include "dropin.h"
#include "elf.h"
#include "kvm.h"
#include "log.h"
#include "mft.h"
#include "module.h"
#include "options.h"
#include "poll.h"
#include "sandbox.h"
#include "start_hold.h"
#include "vcpu_loop.h"
#include "version.h"
#include "vm.h"
#include "debug/gdb_stub.h"

static void usage(void)
{
    printf("usage: pinvisor [OPTIONS] [--] UNIKERNEL [ARGS...]\n"
           "\n"
           "Runs a Solo5 hvt (ABI version %d) or pinvisor native-mode "
           "unikernel under KVM.\n"
           "ARGS are passed to the unikernel as its command line.\n"
           "\n"
           "Options:\n"
           "  --mem=MiB             guest memory in MiB (default %d, at "
           "most %d)\n"
           "  -v, --verbose         also log why GPIO requests are rejected\n"
           "  --help                print this help and exit\n"
           "  --version             print the versions and exit\n",
           PV_HVT_ABI_VERSION, TND_MEM_DEFAULT_MIB, TND_MEM_MAX_MIB);
    printf("\nCompiled-in modules:");
    TND_FOR_EACH_MODULE (m)
        printf(" %s", m->name);
    printf("\n");
    TND_FOR_EACH_MODULE (m)
        if (m->usage)
            printf("%s", m->usage);
    printf("\nExit status: the unikernel's own (0-254); 255 if it aborted "
           "or faulted;\n%d on a tender error; %d on a bad command line.\n",
           TND_EXIT_ERROR, tnd_exit_usage);
}

/* First pass: options that end the tender before anything is loaded. */
static void early_options(int argc, char **argv, int kernel)
{
    int last = kernel < 0 ? argc : kernel;
    for (int i = 1; i < last; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage();
            exit(0);
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("pinvisor %s (Solo5 hvt ABI version %d, pinvisor "
                   "extensions version %d)\n",
                   PINVISOR_VERSION, PV_HVT_ABI_VERSION, PV_EXT_ABI_VERSION);
            exit(0);
        }
    }
}

/*
 * Places the regions modules reserve above the guest-visible RAM and
 * returns the size to allocate. If they would not fit below the 4 GiB
 * limit, the guest-visible RAM gives way (as solo5-hvt does for its net
 * ring).
 */
static uint64_t reserve_high(struct tnd_vm *vm)
{
    const uint64_t step = 0x200000, limit = (uint64_t)TND_MEM_MAX_MIB << 20;
    uint64_t want = 0;
    TND_FOR_EACH_MODULE (m) {
        uint64_t *gpa;
        if (m->reserve)
            want += (m->reserve(vm, &gpa) + 0xfff) & ~0xfffULL;
    }
    uint64_t total = (vm->mem_size + want + step - 1) & ~(step - 1);
    if (total > limit) {
        vm->mem_size -= total - limit;
        total = limit;
        tnd_warn("guest memory reduced to %llu MiB to make room for device "
                 "rings",
                 (unsigned long long)(vm->mem_size >> 20));
    }
    uint64_t at = vm->mem_size;
    TND_FOR_EACH_MODULE (m) {
        uint64_t *gpa = NULL;
        uint64_t size = m->reserve ? m->reserve(vm, &gpa) : 0;
        if (size && gpa) {
            *gpa = at;
            at += (size + 0xfff) & ~0xfffULL;
        }
    }
    return total;
}

static void set_canary(struct tnd_vm *vm)
{
    uint64_t canary;
    if (getrandom(&canary, sizeof canary, 0) != sizeof canary)
        tnd_die_errno("getrandom failed");
    /* A zero low byte stops string functions from leaking the canary. */
    canary &= ~0xffULL;
    memcpy(vm->mem + vm->canary_gpa, &canary, sizeof canary);
}

/*
 * Opens /dev/null on each of fds 0, 1 and 2 that is closed, before any
 * other file: else the next file opened (a block image, the trace) would
 * take the number, and guest output or messages would be written into it.
 */
static void std_fds(void)
{
    for (int fd = 0; fd < 3; fd++)
        if (fcntl(fd, F_GETFD) < 0 &&
            open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
            tnd_die_errno("cannot open /dev/null on fd %d", fd);
}

/*
 * A CPU-time limit whose soft and hard values are equal (`ulimit -t N`)
 * ends the process with SIGKILL at once, without the SIGXCPU a stop
 * signal would turn into the safe state: lower the soft limit by one
 * second so that SIGXCPU comes first.
 */
static void cpu_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_CPU, &rl) == 0 && rl.rlim_max != RLIM_INFINITY &&
        rl.rlim_max > 1 && rl.rlim_cur >= rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max - 1;
        setrlimit(RLIMIT_CPU, &rl);
    }
}

int main(int argc, char **argv)
{
    static struct tnd_vm vm;
    std_fds();
    cpu_limit();
    tnd_core_vm = &vm;
    tnd_dropin_init(argv[0]);

    /* Timed GPIO steps and sleeps wake on time, not up to 50 us late. */
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    int kernel = tnd_args_find_kernel(argc, argv);
    early_options(argc, argv, kernel);
    if (kernel < 0)
        tnd_die_usage("missing UNIKERNEL operand");
    const char *path = argv[kernel];

    static char cmdline[PV_CMDLINE_SIZE];
    int cmdlen = tnd_args_join(argc, argv, kernel + 1, cmdline, sizeof cmdline);
    if (cmdlen < 0)
        tnd_die_usage("unikernel command line longer than %d bytes",
                      PV_CMDLINE_SIZE - 1);

    /* Parse: the command line on its own. */
    uint64_t want = tnd_options_parse(argv, 1, kernel);
    vm.mem_size = tnd_arch_mem_round(want);
    if (vm.mem_size <= TND_ARCH_LOW_RESERVED)
        tnd_die_usage("--mem: %llu MiB is too small",
                      (unsigned long long)(want >> 20));

    /* Check: the unikernel, its manifest against the options, inputs. */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        tnd_die_errno("cannot open %s", path);
    tnd_module_add_input(fd, "the unikernel");
    struct tnd_elf elf;
    char err[256];
    if (tnd_elf_parse(fd, tnd_arch_elf_machine, &elf, err, sizeof err))
        tnd_die("%s: %s", path, err);
    if (tnd_mft_validate(elf.mft, elf.mft_size, err, sizeof err))
        tnd_die("%s: invalid manifest: %s", path, err);
    vm.mft = (struct pv_mft *)elf.mft;
    vm.mft_size = elf.mft_size;
    vm.native = elf.native;
    vm.canary_gpa = elf.nat.canary_gpa;
    vm.entry = elf.entry;
    vm.kernel_end = elf.kernel_end;
    tnd_options_check(path, vm.mft);
    if (vm.mem_size != want)
        tnd_warn("guest memory rounded down to %llu MiB",
                 (unsigned long long)(vm.mem_size >> 20));
    uint64_t alloc = reserve_high(&vm);
    if (tnd_elf_check_fit(&elf, vm.mem_size, err, sizeof err))
        tnd_die("%s: %s", path, err);
    tnd_start_hold_check_only();

    /* Acquire: from here on, host resources. */
    tnd_core_install_signals();
    tnd_kvm_init(&vm, alloc);
    if (tnd_elf_load(&elf, fd, vm.mem) != 0)
        tnd_die("%s: cannot read the segments", path);
    close(fd);
    if (vm.native && vm.canary_gpa)
        set_canary(&vm);
    tnd_arch_vcpu_init(&vm, &elf);

    TND_FOR_EACH_MODULE (m)
        m->setup(&vm, vm.mft);
    tnd_poll_init();
    tnd_boot_write(&vm, cmdline, (size_t)cmdlen);
    if (!tnd_gdb_enabled()) /* gdb writes breakpoints into the text */
        tnd_kvm_protect(&vm, &elf);
    tnd_start_hold_wait();
    if (tnd_sandbox_allow_fd(vm.vcpu_fd, TND_FD_VCPU))
        tnd_die("sandbox: too many file descriptors");
    int rc = tnd_sandbox_enter();
    if (rc == -E2BIG)
        tnd_die("sandbox: this configuration needs a larger seccomp filter "
                "than the kernel takes (4096 instructions, 50 ioctl "
                "requests per file descriptor); grant fewer devices");
    if (rc)
        tnd_die("sandbox: cannot install the seccomp filter: %s",
                strerror(-rc));

    tnd_core_run_start_hooks(&vm);
    tnd_core_exit(tnd_vcpu_run(&vm));
}
