/* SPDX-License-Identifier: ISC */
/*
 * with-tap: opens tap interface IFACE (which must exist) and runs CMD with
 * every argument "@TAPFD" inside replaced by "@<fd>", to test the
 * tender's --net:NAME=@FD.
 *
 *   with-tap IFACE CMD [ARGS...]
 */
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: with-tap IFACE CMD [ARGS...]\n");
        return 2;
    }
    int fd = open("/dev/net/tun", O_RDWR);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    snprintf(ifr.ifr_name, IFNAMSIZ, "%s", argv[1]);
    if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0) {
        perror("with-tap: TUNSETIFF");
        return 1;
    }
    char fdarg[32];
    snprintf(fdarg, sizeof fdarg, "@%d", fd);
    for (int i = 2; i < argc; i++) {
        char *at = strstr(argv[i], "@TAPFD");
        if (at == NULL)
            continue;
        size_t n = strlen(argv[i]) + sizeof fdarg;
        char *s = malloc(n);
        if (s == NULL)
            return 1;
        snprintf(s, n, "%.*s%s%s", (int)(at - argv[i]), argv[i], fdarg, at + 6);
        argv[i] = s;
    }
    execvp(argv[2], argv + 2);
    perror("with-tap: exec");
    return 127;
}
