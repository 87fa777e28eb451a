/*
 * fuzz_validate.c: libFuzzer target for the GPIO request validator
 * (tender/gpio/validate.c) with random grants: the input gives a device
 * (lines, permissions, which lines the guest enabled and made outputs)
 * and one request of each kind. Whatever it accepts must respect the
 * grant and the device's state.
 */
#include <string.h>

#include "../tender/gpio/gpio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t take(const uint8_t **d, size_t *n, void *out, size_t len)
{
    memset(out, 0, len);
    size_t k = *n < len ? *n : len;
    memcpy(out, *d, k);
    *d += k;
    *n -= k;
    return k;
}

#define VALID_DIR(f) ((((f) & PV_GPIO_F_INPUT) != 0) != (((f) & PV_GPIO_F_OUTPUT) != 0))

static void check_flags_accepted(uint32_t flags, uint32_t db, uint32_t perms)
{
    if ((flags & ~PV_GPIO_F_VALID) || !VALID_DIR(flags))
        __builtin_trap();
    if ((flags & PV_GPIO_F_INPUT) && !(perms & PV_GPIO_PERM_IN))
        __builtin_trap();
    if ((flags & PV_GPIO_F_OUTPUT) && !(perms & PV_GPIO_PERM_OUT))
        __builtin_trap();
    if (db > PV_GPIO_DEBOUNCE_MAX_US || (db && !(flags & PV_GPIO_F_INPUT)))
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct gpio_dev d;
    uint8_t g[4];
    take(&data, &size, g, sizeof g);
    memset(&d, 0, sizeof d);
    d.nlines = 1 + g[0] % PV_GPIO_MAX_LINES;
    d.perms = g[1] & 3;
    take(&data, &size, &d.enabled, sizeof d.enabled);
    take(&data, &size, &d.outputs, sizeof d.outputs);
    d.enabled &= gpio_dev_all(&d);
    d.outputs &= d.enabled;
    const uint64_t all = gpio_dev_all(&d), outs = d.outputs & d.enabled;
    const char *why;

    struct pv_hc_gpio_set set;
    take(&data, &size, &set, sizeof set);
    if (gpio_validate_set(&d, &set, &why) == PV_R_OK) {
        if (!set.mask || (set.mask & ~all) || set.pad0)
            __builtin_trap();
        check_flags_accepted(set.flags, set.debounce_us, d.perms);
    } else if (why == NULL) {
        __builtin_trap();
    }

    struct pv_hc_gpio_values v;
    take(&data, &size, &v, sizeof v);
    if (gpio_validate_input(&d, &v, &why) == PV_R_OK &&
        (!v.mask || (v.mask & ~d.enabled) || v.pad0))
        __builtin_trap();
    if (gpio_validate_output(&d, &v, &why) == PV_R_OK &&
        (!v.mask || (v.mask & ~outs) || v.pad0))
        __builtin_trap();

    struct pv_hc_gpio_clear c;
    take(&data, &size, &c, sizeof c);
    if (gpio_validate_clear(&d, &c, &why) == PV_R_OK &&
        (!c.mask || (c.mask & ~all) || c.pad0))
        __builtin_trap();

    static struct pv_gpio_step steps[PV_GPIO_SEQ_MAX_STEPS + 1];
    uint32_t n = g[2] | (uint32_t)g[3] << 8;
    n %= PV_GPIO_SEQ_MAX_STEPS + 2;
    take(&data, &size, steps, n * sizeof steps[0]);
    if (gpio_validate_sequence(&d, steps, n, &why) == PV_R_OK) {
        if (n == 0 || n > PV_GPIO_SEQ_MAX_STEPS)
            __builtin_trap();
        for (uint32_t i = 0; i < n; i++)
            if ((steps[i].mask & ~outs) ||
                steps[i].delay_ns > PV_GPIO_SEQ_MAX_DELAY_NS)
                __builtin_trap();
    }
    return 0;
}
