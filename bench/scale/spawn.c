/* SPDX-License-Identifier: ISC */
/*
 * spawn: starts N copies of a command at once and reports, for each, its
 * CPU time (from /proc) and peak memory. Used by
 * bench/scale/run.sh.
 *
 *   spawn N LEAD_MS OUTDIR CMD...
 *
 * In CMD's words "%i" becomes the instance's number (0 to N-1) and "%t"
 * the CLOCK_REALTIME nanosecond at which the instances are to start
 * their work together (LEAD_MS after the launch). Instance i's output
 * goes to OUTDIR/i.log. Prints "LAUNCH NS" (CLOCK_REALTIME before the
 * first fork) and per instance "INSTANCE i cpu_ms C rss_kib R status S":
 * C is utime + stime from /proc/PID/stat, read once the instance has
 * exited and before it is reaped; R the largest Rss of
 * /proc/PID/smaps_rollup (counted from the page tables) sampled every
 * 10 ms while it ran. Not VmRSS: Linux 6.1 updates it in batches, and
 * a process that touches few pages shows 4 KiB; nor wait4's maxrss,
 * which keeps this parent's RSS from before the exec.
 * Exit status: 0 when every instance exited 0, else 1; 2 on usage.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_N 64

struct inst {
    pid_t pid;
    long rss_kib;
    double cpu_ms;
    int status;
    int done;
};

static unsigned long long wall_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (unsigned long long)ts.tv_sec * 1000000000ULL +
           (unsigned long long)ts.tv_nsec;
}

/* The word with %i and %t replaced (a new string). */
static char *expand(const char *w, int i, unsigned long long t)
{
    char *out = malloc(strlen(w) + 64), *o = out;
    if (!out)
        exit(1);
    for (; *w; w++) {
        if (w[0] == '%' && w[1] == 'i') {
            o += sprintf(o, "%d", i);
            w++;
        } else if (w[0] == '%' && w[1] == 't') {
            o += sprintf(o, "%llu", t);
            w++;
        } else {
            *o++ = *w;
        }
    }
    *o = 0;
    return out;
}

/* Samples the instance's resident memory (Rss of smaps_rollup). */
static void sample_rss(struct inst *in)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/smaps_rollup", (int)in->pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    long kib;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "Rss: %ld kB", &kib) == 1 && kib > in->rss_kib)
            in->rss_kib = kib;
    fclose(f);
}

/* utime + stime of an exited, unreaped process. */
static double cpu_ms(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    unsigned long ut, st;
    /* Fields after the name: state (3) ... utime (14), stime (15). */
    if (!p ||
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
               &ut, &st) != 2)
        return -1;
    return (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

int main(int argc, char **argv)
{
    if (argc < 5 || atoi(argv[1]) < 1 || atoi(argv[1]) > MAX_N) {
        fprintf(stderr, "usage: spawn N(1-%d) LEAD_MS OUTDIR CMD...\n", MAX_N);
        return 2;
    }
    int n = atoi(argv[1]), left = n;
    unsigned long long launch = wall_ns();
    unsigned long long start =
        launch + strtoull(argv[2], NULL, 10) * 1000000ULL;
    static struct inst in[MAX_N];
    printf("LAUNCH %llu\n", launch);
    for (int i = 0; i < n; i++) {
        char log[4096];
        snprintf(log, sizeof log, "%s/%d.log", argv[3], i);
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) {
            perror(log);
            return 1;
        }
        in[i].pid = fork();
        if (in[i].pid == 0) {
            char **av = calloc((size_t)argc, sizeof *av);
            for (int k = 4; k < argc; k++)
                av[k - 4] = expand(argv[k], i, start);
            dup2(fd, 1);
            dup2(fd, 2);
            execv(av[0], av);
            _exit(127);
        }
        close(fd);
    }
    struct timespec tick = {0, 10000000};
    while (left > 0) {
        for (int i = 0; i < n; i++) {
            if (in[i].done)
                continue;
            siginfo_t si = {0};
            if (waitid(P_PID, (id_t)in[i].pid, &si,
                       WEXITED | WNOHANG | WNOWAIT) == 0 &&
                si.si_pid == in[i].pid) {
                in[i].cpu_ms = cpu_ms(in[i].pid);
                waitpid(in[i].pid, &in[i].status, 0);
                in[i].done = 1;
                left--;
            } else {
                sample_rss(&in[i]);
            }
        }
        nanosleep(&tick, NULL);
    }
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int st = WIFEXITED(in[i].status) ? WEXITSTATUS(in[i].status) : -1;
        bad |= st != 0;
        printf("INSTANCE %d cpu_ms %.1f rss_kib %ld status %d\n", i,
               in[i].cpu_ms, in[i].rss_kib, st);
    }
    return bad;
}
