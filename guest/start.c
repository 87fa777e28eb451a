/* SPDX-License-Identifier: ISC */
/*
 * start.c: the unikernel's entry point. The tender has set up the stack,
 * page tables and (native mode) FS base and stack-protector canary;
 * _start finishes the runtime set-up and calls solo5_app_main().
 */
#include "rt.h"

extern char _stext[], _etext[], _erodata[], _end[]; /* pinvisor.lds */
extern uintptr_t __stack_chk_guard;

const struct pv_boot_info *rt_boot_info;
const struct pv_boot_ext *rt_boot_ext;

/* Stack reserved below the top of guest memory, out of the heap. */
#define STACK_SIZE 0x100000UL
#define HEAP_MIN 0x80000UL
#define PAGE 0x1000UL

/*
 * The banner goes out in one PUTS: every console write is a VM exit, the
 * most expensive thing a guest does.
 */
static void banner(uintptr_t heap_start, size_t heap_size)
{
    if (rt_log_level < RT_LOG_INFO)
        return;
    char buf[512];
    snprintf(buf, sizeof buf,
             "Solo5: pinvisor bindings %s, %s mode\n"
             "Solo5: Memory map: %llu MB addressable:\n"
             "Solo5:   reserved @ (0x0 - 0x%lx)\n"
             "Solo5:       text @ (0x%lx - 0x%lx)\n"
             "Solo5:     rodata @ (0x%lx - 0x%lx)\n"
             "Solo5:       data @ (0x%lx - 0x%lx)\n"
             "Solo5:       heap >= 0x%lx < stack < 0x%llx\n",
             RT_VERSION, rt_boot_ext ? "native" : "Solo5",
             (unsigned long long)(rt_boot_info->mem_size >> 20),
             (unsigned long)_stext - 1, (unsigned long)_stext,
             (unsigned long)_etext - 1, (unsigned long)_etext,
             (unsigned long)_erodata - 1, (unsigned long)_erodata,
             (unsigned long)_end - 1, (unsigned long)heap_start,
             (unsigned long long)(heap_start + heap_size + STACK_SIZE));
    solo5_console_write(buf, strlen(buf));
}

void _start(const struct pv_boot_info *bi)
    __attribute__((no_stack_protector, __noreturn__));
void _start(const struct pv_boot_info *bi)
{
    /* Solo5 mode: no canary from the tender; derive one as Solo5 does. */
    if (__stack_chk_guard == 0) {
        uint64_t c = cpu_cycles();
        __stack_chk_guard =
            (uintptr_t)((c * 0x9e3779b97f4a7c15ULL) ^ (c >> 17)) &
            ~(uintptr_t)0xff;
    }
    rt_boot_info = bi;
    if (bi->host_features & PV_FEATURE_EXT) {
        const struct pv_boot_ext *x = (const void *)PV_BOOT_EXT_BASE;
        if (x->magic == PV_BOOT_EXT_MAGIC)
            rt_boot_ext = x;
    }
    rt_clock_init();
    const char *cmdline = rt_log_parse_cmdline(bi->cmdline);

    uintptr_t heap_start = ((uintptr_t)_end + PAGE - 1) & ~(PAGE - 1);
    if (bi->mem_size < heap_start + STACK_SIZE + HEAP_MIN)
        RT_PANIC("not enough memory for heap and stack");
    size_t heap_size = bi->mem_size - STACK_SIZE - heap_start;
    banner(heap_start, heap_size);
    rt_gpio_ring_init();
    rt_i2c_ring_init();

    struct solo5_start_info si = {
        .cmdline = cmdline,
        .heap_start = heap_start,
        .heap_size = heap_size,
    };
    solo5_exit(solo5_app_main(&si));
}
