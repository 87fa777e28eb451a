/* SPDX-License-Identifier: ISC */
/*
 * test_modules.c: device modules register themselves through the
 * tnd_modules linker section (TND_MODULE in tender/tender.h).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "../../tender/tender.h"

static const struct tnd_module *module_named(const char *name)
{
    TND_FOR_EACH_MODULE (m) {
        if (m->name && strcmp(m->name, name) == 0)
            return m;
    }
    return NULL;
}

Test(modules, section_holds_core_block_and_net)
{
    static const char *want[] = {"core", "block", "net"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_assert_not_null(module_named(want[i]),
                           "module \"%s\" is not in section tnd_modules",
                           want[i]);
}

Test(modules, every_module_has_a_name_and_a_setup_function)
{
    unsigned n = 0;
    TND_FOR_EACH_MODULE (m) {
        n++;
        cr_assert_not_null(m->name, "module %u has no name", n);
        cr_assert_gt(strlen(m->name), 0, "module %u has an empty name", n);
        cr_assert_not_null(m->setup, "module \"%s\" has no setup()", m->name);
    }
    cr_assert_geq(n, 3);
}

Test(modules, names_are_unique)
{
    TND_FOR_EACH_MODULE (a) {
        TND_FOR_EACH_MODULE (b) {
            if (a != b)
                cr_assert_str_neq(a->name, b->name,
                                  "module \"%s\" registered twice", a->name);
        }
    }
}

Test(modules, section_is_an_array_of_descriptors)
{
    size_t bytes = (size_t)((const char *)__stop_tnd_modules -
                            (const char *)__start_tnd_modules);
    cr_assert_eq(bytes % sizeof(struct tnd_module), 0,
                 "padding between descriptors would break iteration");
}

Test(modules, device_modules_handle_their_own_options)
{
    const char *names[] = {"block", "net"};
    for (size_t i = 0; i < 2; i++) {
        const struct tnd_module *m = module_named(names[i]);
        cr_assert_not_null(m);
        cr_assert_not_null(m->handle_arg, "%s has no handle_arg", names[i]);
        cr_assert_eq(m->handle_arg("--mem=512"), 1,
                     "%s claimed an option that is not its own", names[i]);
    }
}
