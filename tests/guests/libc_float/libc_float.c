/* SPDX-License-Identifier: ISC */
/*
 * libc_float: a C guest's floating point through the guest C library:
 * printf and snprintf of doubles (%.17g round trips, huge %f, subnormals),
 * strtod and <math.h>. The integration test compares its output with the
 * same file built as a Linux program against glibc
 * (build/tests/libc_float.host, PV_HOST defined): the digits must match.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PV_HOST
#include "solo5.h"
#endif

static int run(void)
{
    static const double v[] = {0.1,
                               1.0 / 3,
                               1e23,
                               5e-324,
                               2.2250738585072014e-308,
                               1.7976931348623157e308,
                               123456789.125,
                               -0.0,
                               6.02214076e23};
    char buf[512];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        snprintf(buf, sizeof buf, "%.17g", v[i]);
        double back = strtod(buf, NULL);
        printf("%s %e %g %.3f round-trip %s\n", buf, v[i], v[i],
               fabs(v[i]) < 1e30 ? v[i] : 0.0,
               memcmp(&back, &v[i], sizeof back) == 0 ? "ok" : "WRONG");
    }
    printf("huge %f\n", 1.7976931348623157e308);
    static const double x[] = {0.5,  1.0,   2.0,  3.0,
                               10.0, 100.0, 1e-8, 0.7853981633974483};
    for (size_t i = 0; i < sizeof x / sizeof x[0]; i++)
        printf("x=%g sin %.17g cos %.17g exp %.17g log %.17g sqrt %.17g "
               "pow %.17g atan2 %.17g\n",
               x[i], sin(x[i]), cos(x[i]), exp(x[i]), log(x[i]), sqrt(x[i]),
               pow(x[i], 1.5), atan2(x[i], 2.0));
    printf("SUCCESS\n");
    return 0;
}

#ifdef PV_HOST
int main(void)
{
    return run();
}
#else
int solo5_app_main(const struct solo5_start_info *si)
{
    (void)si;
    return run();
}
#endif
