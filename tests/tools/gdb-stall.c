/* SPDX-License-Identifier: ISC */
/*
 * gdb-stall: a debugger that stops reading, for gdb.test.sh. It connects
 * to the tender's gdb stub, lets the guest run (`c`), and on SIGUSR1
 * stops it (Ctrl-C) and asks for guest memory again and again without
 * reading a byte of the replies, until its requests have not moved for
 * 2 s: the stub is then stuck sending to it. It prints "stalled" and
 * sleeps until killed.
 *
 *   gdb-stall PORT     exit 1 with a message if it cannot connect
 *
 * With --detach-at ADDR (hex) it is instead a debugger that detaches
 * with a breakpoint inserted, which gdb never does (it takes its own
 * out before `D`): it inserts a software breakpoint at ADDR (Z0, 4
 * bytes: aarch64's brk), lets the guest run to it (c, then a stop
 * reply) and detaches (D), printing each reply; exit 0 if every reply
 * came and was the expected one, 1 otherwise.
 *
 *   gdb-stall --detach-at ADDR PORT
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t go;

static void on_usr1(int sig)
{
    (void)sig;
    go = 1;
}

/* Sends all of s, waiting; false on an error. */
static int put(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return 0;
        s += w, n -= (size_t)w;
    }
    return 1;
}

/*
 * The next packet's payload from fd into out (NUL-terminated, cut to
 * size), acknowledged; false if the connection ended first.
 */
static int get_pkt(int fd, char *out, size_t size)
{
    char c;
    size_t n = 0;
    do
        if (recv(fd, &c, 1, 0) != 1)
            return 0;
    while (c != '$');
    for (;;) {
        if (recv(fd, &c, 1, 0) != 1)
            return 0;
        if (c == '#')
            break;
        if (n + 1 < size)
            out[n++] = c;
    }
    out[n] = '\0';
    char sum[2];
    if (recv(fd, sum, 1, 0) != 1 || recv(fd, sum + 1, 1, 0) != 1)
        return 0;
    return put(fd, "+", 1);
}

/* Sends payload framed; false on an error. */
static int put_pkt(int fd, const char *payload)
{
    char out[128];
    unsigned sum = 0;
    for (const char *p = payload; *p; p++)
        sum += (unsigned char)*p;
    int n = snprintf(out, sizeof out, "$%s#%02x", payload, sum & 0xff);
    return n > 0 && (size_t)n < sizeof out && put(fd, out, (size_t)n);
}

/* Sends payload, then prints the reply; true if it begins with want. */
static int ask(int fd, const char *payload, const char *want)
{
    char reply[512];
    if (!put_pkt(fd, payload) || !get_pkt(fd, reply, sizeof reply)) {
        printf("%s: no reply\n", payload);
        return 0;
    }
    printf("%s: %s\n", payload, reply);
    fflush(stdout);
    return strncmp(reply, want, strlen(want)) == 0;
}

static int connect_to(const char *port, int small_rcvbuf)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int small = 1; /* the kernel's least receive buffer */
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)atoi(port)),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (fd < 0 ||
        (small_rcvbuf &&
         setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small)) ||
        connect(fd, (struct sockaddr *)&sa, sizeof sa)) {
        perror("gdb-stall: connect");
        return -1;
    }
    return fd;
}

/* --detach-at: Z0 at addr, c to it, D. */
static int detach_at(const char *addr, const char *port)
{
    int fd = connect_to(port, 0);
    if (fd < 0)
        return 1;
    char z[64];
    snprintf(z, sizeof z, "Z0,%s,4", addr);
    if (!ask(fd, z, "OK") || !ask(fd, "c", "T05") || !ask(fd, "D", "OK"))
        return 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--detach-at") == 0)
        return detach_at(argv[2], argv[3]);
    if (argc != 2) {
        fprintf(stderr, "usage: gdb-stall PORT\n"
                        "       gdb-stall --detach-at ADDR PORT\n");
        return 2;
    }
    signal(SIGUSR1, on_usr1);
    int fd = connect_to(argv[1], 1);
    if (fd < 0)
        return 1;
    if (!put(fd, "$c#63", 5))
        return 1;
    printf("running\n");
    fflush(stdout);
    while (!go)
        pause();
    if (!put(fd, "\003", 1))
        return 1;
    struct timespec ts = {1, 0};
    nanosleep(&ts, NULL); /* the stub has stopped the guest */
    /* m0,800: 2 KiB of guest memory, 4 KiB of reply; 6553 in a send. */
    static char m[65530];
    for (size_t i = 0; i + 10 <= sizeof m; i += 10)
        memcpy(m + i, "$m0,800#61", 10);
    /* Stalled: nothing more went for 2 s (4 tries, 0.5 s apart). */
    struct timespec half = {0, 500000000};
    for (int idle = 0; idle < 4;) {
        ssize_t w = send(fd, m, sizeof m, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            perror("gdb-stall: send");
            return 1;
        }
        if (w == (ssize_t)sizeof m)
            continue;
        idle = w > 0 ? 0 : idle + 1; /* a part went: it still reads */
        nanosleep(&half, NULL);
    }
    printf("stalled\n");
    fflush(stdout);
    for (;;)
        pause();
}
