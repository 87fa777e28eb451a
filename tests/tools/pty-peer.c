/* SPDX-License-Identifier: ISC */
/*
 * pty-peer: the far end of a serial line for the UART tests. It makes a
 * pty pair, writes the terminal's path to PATHFILE, then runs its steps
 * on the master side:
 *
 *   e:TEXT   wait (up to 120 s) for exactly TEXT, print "peer: got TEXT"
 *   s:TEXT   send TEXT
 *   t        print the terminal's settings: "peer: tty 9600 8N1 raw"
 *   h        hang up: close the master, print "peer: hung up", exit 0
 *
 * TEXT takes \n, \r, \\ and \xNN (two hex digits). After the last step it
 * prints "peer: done" and waits for a signal, keeping the terminal alive so its
 * settings can be read after the program that used it has gone. Exit status 1
 * if a step fails, 2 on a usage or set-up error.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static void unescape(const char *s, char *out, size_t *n)
{
    *n = 0;
    for (; *s; s++) {
        unsigned v;
        if (s[0] == '\\' && s[1] == 'x' && sscanf(s + 2, "%2x", &v) == 1) {
            out[(*n)++] = (char)v;
            s += 3;
        } else if (*s == '\\' && s[1]) {
            s++;
            out[(*n)++] = *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
        } else {
            out[(*n)++] = *s;
        }
    }
}

/* Prints bytes as TEXT is written: \n, \r, \xNN. */
static void show(const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)b[i];
        if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\r')
            fputs("\\r", stdout);
        else if (c < 0x20 || c > 0x7e)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
}

static int expect(int m, const char *want, size_t n)
{
    char got[512];
    size_t have = 0;
    time_t end = time(NULL) + 120;
    while (have < n && time(NULL) < end) {
        struct pollfd p = {.fd = m, .events = POLLIN};
        if (poll(&p, 1, 1000) <= 0)
            continue;
        ssize_t r = read(m, got + have, n - have);
        if (r <= 0)
            break;
        have += (size_t)r;
    }
    if (have == n && memcmp(got, want, n) == 0) {
        fputs("peer: got ", stdout);
        show(got, n);
        putchar('\n');
        return 0;
    }
    fputs("peer: expected '", stdout);
    show(want, n);
    fputs("', got '", stdout);
    show(got, have);
    puts("'");
    return 1;
}

static void settings(int s)
{
    static const struct {
        speed_t code;
        unsigned rate;
    } rates[] = {{B1200, 1200},     {B9600, 9600},    {B19200, 19200},
                 {B38400, 38400},   {B57600, 57600},  {B115200, 115200},
                 {B230400, 230400}, {B921600, 921600}};
    struct termios t;
    if (tcgetattr(s, &t) != 0) {
        puts("peer: tty ?");
        return;
    }
    unsigned rate = 0;
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
        if (cfgetospeed(&t) == rates[i].code)
            rate = rates[i].rate;
    tcflag_t cs = t.c_cflag & CSIZE;
    printf("peer: tty %u %c%c%c %s\n", rate,
           cs == CS5   ? '5'
           : cs == CS6 ? '6'
           : cs == CS7 ? '7'
                       : '8',
           !(t.c_cflag & PARENB) ? 'N'
           : t.c_cflag & PARODD  ? 'O'
                                 : 'E',
           t.c_cflag & CSTOPB ? '2' : '1',
           t.c_lflag & (ICANON | ECHO) ? "cooked" : "raw");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: pty-peer PATHFILE [e:TEXT|s:TEXT|t|h]...\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) != 0 || unlockpt(m) != 0) {
        perror("pty-peer: posix_openpt");
        return 2;
    }
    const char *name = ptsname(m);
    /* Held open, so the terminal outlives the program under test. */
    int s = name ? open(name, O_RDWR | O_NOCTTY) : -1;
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
    FILE *f = fopen(tmp, "w");
    if (s < 0 || f == NULL || fprintf(f, "%s\n", name) < 0 || fclose(f) != 0 ||
        rename(tmp, argv[1]) != 0) {
        perror("pty-peer: set-up");
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        char text[512];
        size_t n;
        if (strlen(argv[i]) >= sizeof text) {
            fprintf(stderr, "pty-peer: step too long\n");
            return 2;
        }
        if (strcmp(argv[i], "h") == 0) {
            close(m);
            puts("peer: hung up");
            return 0;
        }
        unescape(argv[i] + (argv[i][0] == 't' ? 1 : 2), text, &n);
        if (strncmp(argv[i], "e:", 2) == 0) {
            if (expect(m, text, n))
                return 1;
        } else if (strncmp(argv[i], "s:", 2) == 0) {
            if (write(m, text, n) != (ssize_t)n) {
                perror("pty-peer: write");
                return 1;
            }
        } else if (strcmp(argv[i], "t") == 0) {
            settings(s);
        } else {
            fprintf(stderr, "pty-peer: unknown step '%s'\n", argv[i]);
            return 2;
        }
    }
    puts("peer: done");
    for (;;)
        pause();
}
