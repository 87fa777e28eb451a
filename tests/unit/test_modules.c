/* SPDX-License-Identifier: ISC */
/*
 * test_modules.c: device modules register themselves through the
 * tnd_modules linker section (TND_MODULE in tender/module.h); the
 * input files they read are known by inode, whatever the name an output
 * gives them (tnd_module_add_input, tnd_module_input_of).
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../tender/module.h"

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

/* An output opened through a hard link or a symbolic link to an input is
 * that input: the fd check after the open sees through both names. */
Test(modules, an_input_is_known_through_any_name)
{
    char dir[] = "/tmp/pv-inputs-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char in[64], hard[64], soft[64], other[64];
    snprintf(in, sizeof in, "%s/app.hvt", dir);
    snprintf(hard, sizeof hard, "%s/hard", dir);
    snprintf(soft, sizeof soft, "%s/soft", dir);
    snprintf(other, sizeof other, "%s/trace.vcd", dir);
    int fd = open(in, O_RDWR | O_CREAT, 0644);
    cr_assert_geq(fd, 0);
    tnd_module_add_input(fd, "the unikernel");
    close(fd);
    cr_assert_eq(link(in, hard), 0);
    cr_assert_eq(symlink(in, soft), 0);
    const char *names[] = {hard, soft};
    for (int i = 0; i < 2; i++) {
        int o = open(names[i], O_RDONLY);
        cr_assert_geq(o, 0);
        const char *what = tnd_module_input_of(o);
        cr_assert_not_null(what, "%s not seen as an input", names[i]);
        cr_assert_str_eq(what, "the unikernel");
        close(o);
    }
    int t = open(other, O_WRONLY | O_CREAT, 0644);
    cr_assert_geq(t, 0);
    cr_assert_null(tnd_module_input_of(t), "a new file is no input");
    close(t);
    unlink(hard);
    unlink(soft);
    unlink(other);
    unlink(in);
    rmdir(dir);
}
