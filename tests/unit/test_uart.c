/* SPDX-License-Identifier: ISC */
/*
 * test_uart.c: the UART class's pure parts: the grant parser
 * (tender/uart/grant.c) and the one rulebook (validate.c), with tables
 * of good and bad requests.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "../../tender/uart/uart.h"

static char err[200];

/* --- grant ---------------------------------------------------------------- */

Test(uart_grant, defaults_are_9600_8n1)
{
    struct uart_grant g;
    cr_assert_eq(uart_grant_parse("--uart:gps=/dev/ttyS0", &g, err, sizeof err),
                 0, "%s", err);
    cr_assert_str_eq(g.name, "gps");
    cr_assert_str_eq(g.path, "/dev/ttyS0");
    cr_assert_eq(g.nbauds, 1);
    cr_assert_eq(g.baud[0], 9600);
    cr_assert_eq(g.nframes, 1);
    cr_assert_eq(g.frame[0].data_bits, 8);
    cr_assert_eq(g.frame[0].parity, PV_UART_PARITY_NONE);
    cr_assert_eq(g.frame[0].stop_bits, 1);
    cr_assert_eq(g.flags, 0);
}

Test(uart_grant, lists_and_flags_in_any_order)
{
    struct uart_grant g;
    cr_assert_eq(uart_grant_parse("--uart:m=/dev/pts/3,modem,7E1|8O2|5N1,"
                                  "baud=115200|50|4000000,break",
                                  &g, err, sizeof err),
                 0, "%s", err);
    cr_assert_eq(g.nbauds, 3);
    cr_assert_eq(g.baud[0], 115200);
    cr_assert_eq(g.baud[1], 50);
    cr_assert_eq(g.baud[2], 4000000);
    cr_assert_eq(g.nframes, 3);
    cr_assert_eq(g.frame[0].data_bits, 7);
    cr_assert_eq(g.frame[0].parity, PV_UART_PARITY_EVEN);
    cr_assert_eq(g.frame[1].parity, PV_UART_PARITY_ODD);
    cr_assert_eq(g.frame[1].stop_bits, 2);
    cr_assert_eq(g.frame[2].data_bits, 5);
    cr_assert_eq(g.flags, PV_UART_GRANT_BREAK | PV_UART_GRANT_MODEM);
}

Test(uart_grant, bad_grants_say_why)
{
    static const struct {
        const char *arg, *msg;
    } bad[] = {
        {"--uart:=/dev/ttyS0",
         "expected --uart:NAME=DEVICE[,baud=N[|N...]][,8N1[|...]][,break]"
         "[,modem], NAME 1..67 letters and digits"},
        {"--uart:a=ttyS0", "expected an absolute device path or sim after '='"},
        {"--uart:a=,baud=9600",
         "expected an absolute device path or sim after '='"},
        {"--uart:a=/t,baud=1234",
         "bad rate '1234' (a standard rate, 50..4000000)"},
        {"--uart:a=/t,baud=9600|",
         "bad rate '' (a standard rate, 50..4000000)"},
        {"--uart:a=/t,baud=09600",
         "bad rate '09600' (a standard rate, 50..4000000)"},
        {"--uart:a=/t,baud=99999999999999999999", "bad rate "
                                                  "'99999999999999999999'"},
        {"--uart:a=/t,baud=9600|9600", "rate 9600 given twice"},
        {"--uart:a=/t,baud=50|75|110|134|150|200|300|600|1200",
         "more than 8 rates"},
        {"--uart:a=/t,baud=9600,baud=19200", "baud= given twice"},
        {"--uart:a=/t,baud=", "unknown option 'baud=' (baud=N, a framing such "
                              "as 8N1, break or modem)"},
        {"--uart:a=/t,9N1", "unknown option '9N1' (baud=N, a framing such as "
                            "8N1, break or modem)"},
        {"--uart:a=/t,8X1", "unknown option '8X1' (baud=N, a framing such as "
                            "8N1, break or modem)"},
        {"--uart:a=/t,8N3", "unknown option '8N3' (baud=N, a framing such as "
                            "8N1, break or modem)"},
        {"--uart:a=/t,8N1|8N1", "framing 8N1 given twice"},
        {"--uart:a=/t,8N1|7E1|7O1|8N2|5N1", "more than 4 framings"},
        {"--uart:a=/t,8N1,7E1", "unknown option '7E1' (the framings go in "
                                "one list: 8N1|7E1)"},
        {"--uart:a=/t,break,break", "break given twice"},
        {"--uart:a=/t,modem,modem", "modem given twice"},
        {"--uart:a=/t,", "unknown option '' (baud=N, a framing such as 8N1, "
                         "break or modem)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct uart_grant g;
        err[0] = '\0';
        cr_assert_eq(uart_grant_parse(bad[i].arg, &g, err, sizeof err), -EINVAL,
                     "%s accepted", bad[i].arg);
        cr_assert_eq(strncmp(err, bad[i].msg, strlen(bad[i].msg)), 0,
                     "%s: '%s'", bad[i].arg, err);
    }
}

Test(uart_grant, a_long_path_is_refused)
{
    char arg[UART_PATH_MAX + 16] = "--uart:a=/";
    memset(arg + 10, 'x', UART_PATH_MAX);
    struct uart_grant g;
    cr_assert_eq(uart_grant_parse(arg, &g, err, sizeof err), -EINVAL);
    cr_assert_str_eq(err, "device path longer than 255 characters");
}

/* --- validate --------------------------------------------------------------
 */

static const struct uart_grant plain = {
    .name = "p",
    .path = "/t",
    .baud = {9600, 115200},
    .nbauds = 2,
    .frame = {{8, PV_UART_PARITY_NONE, 1}, {7, PV_UART_PARITY_EVEN, 1}},
    .nframes = 2};
static const struct uart_grant lines = {.name = "l",
                                        .path = "/t",
                                        .baud = {9600},
                                        .nbauds = 1,
                                        .frame = {{8, PV_UART_PARITY_NONE, 1}},
                                        .nframes = 1,
                                        .flags = PV_UART_GRANT_BREAK |
                                                 PV_UART_GRANT_MODEM};

Test(uart_validate, io_lengths_and_padding)
{
    const char *why = NULL;
    struct pv_hc_uart_io a = {.handle = 1, .len = 1};
    cr_assert_eq(uart_validate_io(&a, &why), PV_R_OK);
    a.len = PV_UART_MAX_IO;
    cr_assert_eq(uart_validate_io(&a, &why), PV_R_OK);
    a.len = PV_UART_MAX_IO + 1;
    cr_assert_eq(uart_validate_io(&a, &why), PV_R_EINVAL);
    cr_assert_str_eq(why, "length outside 1..4096");
    a.len = 0;
    cr_assert_eq(uart_validate_io(&a, &why), PV_R_EINVAL);
    a.len = 1;
    a.pad0 = 1;
    cr_assert_eq(uart_validate_io(&a, &why), PV_R_EINVAL);
    cr_assert_str_eq(why, "padding not zero");
}

Test(uart_validate, config_only_within_the_grant)
{
    static const struct {
        struct pv_hc_uart_config a;
        int ret;
        const char *why;
    } t[] = {
        {{.baud = 9600, .data_bits = 8, .stop_bits = 1}, PV_R_OK, NULL},
        {{.baud = 115200, .data_bits = 7, .parity = 1, .stop_bits = 1},
         PV_R_OK,
         NULL},
        {{.baud = 57600, .data_bits = 8, .stop_bits = 1},
         PV_R_EINVAL,
         "rate not granted"},
        {{.baud = 9600, .data_bits = 8, .stop_bits = 2},
         PV_R_EINVAL,
         "framing not granted"},
        {{.baud = 9600, .data_bits = 7, .parity = 2, .stop_bits = 1},
         PV_R_EINVAL,
         "framing not granted"},
        {{.baud = 9600, .data_bits = 8, .stop_bits = 1, .pad0 = 1},
         PV_R_EINVAL,
         "padding not zero"},
        {{.baud = 9600, .data_bits = 8, .stop_bits = 1, .pad1 = 1},
         PV_R_EINVAL,
         "padding not zero"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const char *why = NULL;
        cr_expect_eq(uart_validate_config(&plain, &t[i].a, &why), t[i].ret,
                     "row %zu", i);
        if (t[i].why)
            cr_expect_str_eq(why, t[i].why, "row %zu", i);
    }
}

Test(uart_validate, lines_only_when_granted)
{
    static const struct {
        const struct uart_grant *g;
        struct pv_hc_uart_lines a;
        int ret;
        const char *why;
    } t[] = {
        {&lines, {.op = PV_UART_LINES_BREAK, .arg = 1}, PV_R_OK, NULL},
        {&lines, {.op = PV_UART_LINES_BREAK, .arg = 1000}, PV_R_OK, NULL},
        {&lines,
         {.op = PV_UART_LINES_MODEM, .set = PV_UART_DTR, .clear = PV_UART_RTS},
         PV_R_OK,
         NULL},
        {&plain,
         {.op = PV_UART_LINES_BREAK, .arg = 100},
         PV_R_EINVAL,
         "break not granted"},
        {&plain,
         {.op = PV_UART_LINES_MODEM},
         PV_R_EINVAL,
         "modem lines not granted"},
        {&lines,
         {.op = PV_UART_LINES_BREAK, .arg = 0},
         PV_R_EINVAL,
         "break length outside 1..1000 ms"},
        {&lines,
         {.op = PV_UART_LINES_BREAK, .arg = 1001},
         PV_R_EINVAL,
         "break length outside 1..1000 ms"},
        {&lines,
         {.op = PV_UART_LINES_BREAK, .arg = 10, .set = PV_UART_DTR},
         PV_R_EINVAL,
         "set or clear given with a break"},
        {&lines,
         {.op = PV_UART_LINES_MODEM, .set = PV_UART_CTS},
         PV_R_EINVAL,
         "only DTR and RTS can be set or cleared"},
        {&lines,
         {.op = PV_UART_LINES_MODEM, .set = PV_UART_DTR, .clear = PV_UART_DTR},
         PV_R_EINVAL,
         "a line both set and cleared"},
        {&lines,
         {.op = PV_UART_LINES_MODEM, .arg = 1},
         PV_R_EINVAL,
         "arg not zero"},
        {&lines, {.op = 0}, PV_R_EINVAL, "unknown operation"},
        {&lines, {.op = 3}, PV_R_EINVAL, "unknown operation"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        const char *why = NULL;
        cr_expect_eq(uart_validate_lines(t[i].g, &t[i].a, &why), t[i].ret,
                     "row %zu", i);
        if (t[i].why)
            cr_expect_str_eq(why, t[i].why, "row %zu", i);
    }
}

Test(uart_baud, standard_rates_only)
{
    cr_assert(uart_baud_known(50));
    cr_assert(uart_baud_known(9600));
    cr_assert(uart_baud_known(4000000));
    cr_assert(!uart_baud_known(0));
    cr_assert(!uart_baud_known(9601));
    cr_assert(!uart_baud_known(4000001));
}

/* --- sim ------------------------------------------------------------------ */

static struct uart_sim sim;

static int sim_parse(const char *text)
{
    err[0] = '\0';
    return uart_sim_parse(text, strlen(text), &sim, err, sizeof err);
}

Test(uart_sim, steps_come_at_their_time_replies_first)
{
    cr_assert_eq(sim_parse("# a peer\n"
                           "at 0 \"ab\"\n"
                           "  at 10 \"\\x01\\r\\n\"   \n"
                           "on \"Q\\n\" \"R\"\n"),
                 0, "%s", err);
    cr_assert_eq(sim.nsteps, 2);
    cr_assert_eq(sim.nrules, 1);
    uint8_t b[8];
    uart_sim_start(&sim, 1000);
    cr_assert_eq(uart_sim_next(&sim, 1000), 0);
    cr_assert_eq(uart_sim_read(&sim, b, 1, 1000), 1);
    cr_assert_eq(b[0], 'a');
    cr_assert_eq(uart_sim_read(&sim, b, 8, 1000), 1);
    cr_assert_eq(b[0], 'b');
    /* The second step is due 10 ms after the start. */
    cr_assert_eq(uart_sim_read(&sim, b, 8, 1000 + 9999999), 0);
    cr_assert_eq(uart_sim_next(&sim, 1000), 1000 + 10000000);
    /* A reply comes first, once its text is complete across writes. */
    cr_assert_eq(uart_sim_write(&sim, (const uint8_t *)"xQ", 2), 0);
    cr_assert_eq(uart_sim_next(&sim, 1000), 1000 + 10000000);
    cr_assert_eq(uart_sim_write(&sim, (const uint8_t *)"\n", 1), 0);
    cr_assert_eq(uart_sim_next(&sim, 1000), 0);
    cr_assert_eq(uart_sim_read(&sim, b, 8, 1000 + 10000000), 4);
    cr_assert_eq(memcmp(b, "R\x01\r\n", 4), 0);
    cr_assert_eq(uart_sim_next(&sim, 1000 + 10000000), UINT64_MAX);
}

Test(uart_sim, bad_scripts_say_which_line)
{
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"at 5 \"x\"\nat 3 \"y\"\n", "line 2: 'at' lines out of time order"},
        {"at x \"y\"", "line 1: expected a time in ms (up to 10 digits)"},
        {"at 12345678901 \"y\"",
         "line 1: expected a time in ms (up to 10 digits)"},
        {"at 1 y", "line 1: expected a quoted string"},
        {"at 1 \"y", "line 1: unterminated string"},
        {"at 1 \"\"", "line 1: empty string"},
        {"at 1 \"\\q\"", "line 1: unknown escape"},
        {"at 1 \"\\x4\"", "line 1: \\x needs two hex digits"},
        {"at 1 \"a\" b", "line 1: text after the line's end"},
        {"on \"a\"", "line 1: expected a quoted string"},
        {"send \"a\"", "line 1: expected 'at MS \"TEXT\"' or 'on \"TEXT\" "
                       "\"REPLY\"'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(sim_parse(bad[i].text), -EINVAL, "%s accepted",
                     bad[i].text);
        cr_assert_str_eq(err, bad[i].msg, "%s", bad[i].text);
    }
}

Test(uart_sim, replies_beyond_the_queue_are_counted_as_dropped)
{
    cr_assert_eq(sim_parse("on \"q\" \"r\"\n"), 0, "%s", err);
    uint8_t q[UART_SIM_MAX_PENDING + 3];
    memset(q, 'q', sizeof q);
    cr_assert_eq(uart_sim_write(&sim, q, sizeof q), 3);
    uint8_t b[UART_SIM_MAX_PENDING + 3];
    cr_assert_eq(uart_sim_read(&sim, b, sizeof b, 0), UART_SIM_MAX_PENDING);
}
