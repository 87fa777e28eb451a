/* SPDX-License-Identifier: ISC */
/*
 * console.c: --console-socket: a pty whose master goes to the caller
 * (conmon, containerd's shim) over a unix socket, as runc sends it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "oci.h"

static int send_fd(int sock, int fd, const char *name)
{
    char buf[CMSG_SPACE(sizeof fd)];
    memset(buf, 0, sizeof buf);
    struct iovec iov = {.iov_base = (void *)name, .iov_len = strlen(name)};
    struct msghdr msg = {.msg_iov = &iov,
                         .msg_iovlen = 1,
                         .msg_control = buf,
                         .msg_controllen = sizeof buf};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof fd);
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    return sendmsg(sock, &msg, 0) < 0 ? -1 : 0;
}

int oci_console_open(const char *sock_path, char *err, size_t errlen)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (strlen(sock_path) >= sizeof sa.sun_path) {
        snprintf(err, errlen,
                 "--console-socket %s: longer than a socket path may be "
                 "(%zu bytes)",
                 sock_path, sizeof sa.sun_path - 1);
        return -1;
    }
    int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || grantpt(master) || unlockpt(master)) {
        snprintf(err, errlen, "cannot open a pty");
        return -1;
    }
    const char *name = ptsname(master);
    int slave = name ? open(name, O_RDWR | O_NOCTTY | O_CLOEXEC) : -1;
    int sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", sock_path);
    if (slave < 0 || sock < 0 ||
        connect(sock, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        send_fd(sock, master, name)) {
        snprintf(err, errlen, "--console-socket %s: cannot send the pty",
                 sock_path);
        if (slave >= 0)
            close(slave);
        slave = -1;
    }
    if (sock >= 0)
        close(sock);
    close(master);
    return slave;
}
