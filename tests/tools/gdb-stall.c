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

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gdb-stall PORT\n");
        return 2;
    }
    signal(SIGUSR1, on_usr1);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int small = 1; /* the kernel's least receive buffer */
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)atoi(argv[1])),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small) ||
        connect(fd, (struct sockaddr *)&sa, sizeof sa)) {
        perror("gdb-stall: connect");
        return 1;
    }
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
