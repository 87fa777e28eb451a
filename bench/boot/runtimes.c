/* SPDX-License-Identifier: ISC */
/*
 * runtimes.c: runs commands repeatedly, interleaved, and reports for each
 * the median wall time (fork to reap), CPU time (user + system of the
 * child) and max RSS. Used by bench/boot/run.sh.
 *
 *   runtimes [-r RAW] N LABEL -- CMD... [--- LABEL -- CMD...]...
 *
 * Prints one JSON line per command:
 *   {"name":..,"runs":N,"wall_ms":..,"cpu_ms":..,"maxrss_kib":..,
 *    "wall_p10_ms":..,"wall_p90_ms":..}
 * With -r, every run is also written to RAW as a line "ROUND LABEL
 * CPU_MS WALL_MS" (round r runs each command once, in order), so that
 * runs of one round can be compared pairwise (bench/table1/run.sh).
 * A run that does not exit with status 0 is an error (exit 1).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 8

struct cmd {
    const char *label;
    char **argv;
    double *wall, *cpu;
    long maxrss;
};

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double pct(double *v, int n, double p)
{
    qsort(v, (size_t)n, sizeof *v, cmp);
    int i = (int)(p * (n - 1) + 0.5);
    return v[i];
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int run_once(struct cmd *c, int i)
{
    int devnull = open("/dev/null", O_WRONLY);
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(devnull, 1);
        dup2(devnull, 2);
        execv(c->argv[0], c->argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
        return -1;
    c->wall[i] = now_ms() - t0;
    close(devnull);
    c->cpu[i] = ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 +
                ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;
    if (ru.ru_maxrss > c->maxrss)
        c->maxrss = ru.ru_maxrss;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "runtimes: %s: exit status %d\n", c->label,
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    FILE *raw = NULL;
    if (argc > 2 && strcmp(argv[1], "-r") == 0) {
        raw = fopen(argv[2], "w");
        if (!raw) {
            perror(argv[2]);
            return 1;
        }
        argv += 2;
        argc -= 2;
    }
    if (argc < 5) {
        fprintf(stderr, "usage: runtimes [-r RAW] N LABEL -- CMD... [--- "
                        "LABEL -- CMD...]...\n");
        return 2;
    }
    int n = atoi(argv[1]);
    struct cmd cmds[MAX_CMDS];
    int nc = 0;
    for (int i = 2; i < argc && nc < MAX_CMDS;) {
        struct cmd *c = &cmds[nc++];
        memset(c, 0, sizeof *c);
        c->label = argv[i++];
        if (i >= argc || strcmp(argv[i], "--") != 0)
            return 2;
        c->argv = &argv[++i];
        while (i < argc && strcmp(argv[i], "---") != 0)
            i++;
        if (i < argc)
            argv[i++] = NULL;
        c->wall = calloc((size_t)n, sizeof(double));
        c->cpu = calloc((size_t)n, sizeof(double));
    }
    /* Interleave the commands so drift affects each the same. */
    for (int r = 0; r < n; r++)
        for (int k = 0; k < nc; k++) {
            if (run_once(&cmds[k], r))
                return 1;
            if (raw)
                fprintf(raw, "%d %s %.3f %.3f\n", r, cmds[k].label,
                        cmds[k].cpu[r], cmds[k].wall[r]);
        }
    if (raw && fclose(raw) != 0) {
        perror("runtimes: raw");
        return 1;
    }
    for (int k = 0; k < nc; k++) {
        struct cmd *c = &cmds[k];
        double p10 = pct(c->wall, n, 0.1), p90 = pct(c->wall, n, 0.9);
        printf("{\"name\":\"%s\",\"runs\":%d,\"wall_ms\":%.3f,"
               "\"cpu_ms\":%.3f,\"maxrss_kib\":%ld,\"wall_p10_ms\":%.3f,"
               "\"wall_p90_ms\":%.3f}\n",
               c->label, n, pct(c->wall, n, 0.5), pct(c->cpu, n, 0.5),
               c->maxrss, p10, p90);
    }
    return 0;
}
