/* SPDX-License-Identifier: ISC */
/*
 * test_gpio_debug.c: what the debugger's `monitor gpio` shows and may
 * change (tender/gpio/debug.c), on a sim device and on a device of
 * another backend: `gpio set` drives only a sim line the guest does not
 * drive, and reaches no other backend.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "../../tender/gpio/debug.h"
#include "../../tender/gpio/service.h"
#include "../../tender/gpio/sim.h"

static unsigned fake_calls;

static int fk_configure(struct gpio_dev *d, struct gpio_time *w,
                        const struct gpio_line_cfg *cfg, uint64_t values,
                        struct gpio_changes *ch)
{
    (void)d, (void)w, (void)cfg, (void)values, (void)ch;
    fake_calls++;
    return 0;
}

static int fk_set(struct gpio_dev *d, struct gpio_time *w, uint64_t mask,
                  uint64_t values, struct gpio_changes *ch)
{
    (void)d, (void)w, (void)mask, (void)values, (void)ch;
    fake_calls++;
    return 0;
}

static const struct gpio_backend_ops fake = {
    .name = "cdev", .configure = fk_configure, .set = fk_set};

static struct gpio_sim_chip *chip;
static struct gpio_dev *led, *hw;
static char text[4096], err[160];

static void setup(void)
{
    gpio_svc_init();
    chip = gpio_sim_new();
    cr_assert_not_null(chip);
    led = gpio_svc_new_device(1);
    strcpy(led->name, "led");
    strcpy(led->chip, "sim");
    led->nlines = 2;
    led->perms = PV_GPIO_PERM_IN | PV_GPIO_PERM_OUT;
    led->offsets[0] = 4, led->offsets[1] = 5;
    cr_assert_eq(gpio_sim_open(chip, led), 0);
    hw = gpio_svc_new_device(2);
    strcpy(hw->name, "button");
    strcpy(hw->chip, "/dev/gpiochip0 (label pinctrl)");
    hw->nlines = 1;
    hw->perms = PV_GPIO_PERM_IN;
    strcpy(hw->line_names[0], "GPIO17");
    hw->ops = &fake;
    /* led's line 0 an output driven high, line 1 an input. */
    cr_assert_eq(gpio_dev_set(led, 1, PV_GPIO_F_OUTPUT, 0, 1), PV_R_OK);
    cr_assert_eq(gpio_dev_set(led, 2, PV_GPIO_F_INPUT, 0, 0), PV_R_OK);
    cr_assert_eq(gpio_dev_set(hw, 1, PV_GPIO_F_INPUT, 0, 0), PV_R_OK);
    fake_calls = 0;
}

TestSuite(gpio_debug, .init = setup);

Test(gpio_debug, shows_each_line_with_its_direction_and_level)
{
    size_t n = gpio_debug_show(text, sizeof text, 8);
    cr_assert_eq(n, strlen(text));
    cr_assert(strstr(text, "gpio device 'led' (sim), 2 lines:\n"
                           "  0 GPIO4 offset 4: output, flags -, level 1\n"
                           "  1 GPIO5 offset 5: input, flags -, level 0\n"),
              "%s", text);
    cr_assert(strstr(text, "  0 GPIO17 offset 0: input, flags -, level x\n"),
              "%s", text);
    cr_assert(strstr(text, "ring: not in use\n"), "%s", text);
    cr_assert(strstr(text, "trace: none (--gpio-trace)\n"), "%s", text);
}

Test(gpio_debug, a_short_buffer_is_cut_short_and_says_so)
{
    char small[64];
    size_t n = gpio_debug_show(small, sizeof small, 8);
    cr_assert_lt(n, sizeof small);
    cr_assert_eq(n, strlen(small));
    cr_assert(strstr(small, "(cut short)\n"), "%s", small);
}

Test(gpio_debug, set_drives_a_sim_input_by_index_or_name)
{
    cr_assert_eq(gpio_debug_set("led", "1", 1, err, sizeof err), 0, "%s", err);
    cr_assert_eq(gpio_sim_level(chip, 5), 1);
    cr_assert_eq(gpio_debug_set("led", "GPIO5", 0, err, sizeof err), 0);
    cr_assert_eq(gpio_sim_level(chip, 5), 0);
}

Test(gpio_debug, set_refuses_the_guests_output)
{
    cr_assert_eq(gpio_debug_set("led", "0", 0, err, sizeof err), -EPERM);
    cr_assert_str_eq(err,
                     "refused: 'led' line 0 is an output the guest drives");
    cr_assert_eq(gpio_sim_level(chip, 4), 1, "the output still drives");
}

Test(gpio_debug, set_refuses_a_device_of_another_backend)
{
    cr_assert_eq(gpio_debug_set("button", "0", 1, err, sizeof err), -EPERM);
    cr_assert_str_eq(err, "refused: 'button' is a cdev device; only sim "
                          "inputs can be set");
    cr_assert_eq(fake_calls, 0, "no backend hook was called");
}

Test(gpio_debug, set_names_what_it_cannot_find)
{
    cr_assert_eq(gpio_debug_set("nope", "0", 1, err, sizeof err), -ENOENT);
    cr_assert_str_eq(err, "no GPIO device 'nope'");
    cr_assert_eq(gpio_debug_set("led", "2", 1, err, sizeof err), -ENOENT);
    cr_assert_str_eq(err, "GPIO device 'led' has no line '2'");
    cr_assert_eq(gpio_debug_set("led", "GPIO9", 1, err, sizeof err), -ENOENT);
}
