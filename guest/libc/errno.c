/* SPDX-License-Identifier: ISC */
/*
 * errno.c: errno, strerror and perror. A unikernel has one thread, so
 * errno is one variable; musl's objects reach it through
 * ___errno_location, applications through __errno_location.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int errno_value;

int *__errno_location(void)
{
    return &errno_value;
}

int *___errno_location(void);
int *___errno_location(void)
{
    return &errno_value;
}

static const struct {
    int num;
    const char *msg;
} messages[] = {
    {0, "No error information"},
    {EPERM, "Operation not permitted"},
    {ENOENT, "No such file or directory"},
    {ESRCH, "No such process"},
    {EINTR, "Interrupted system call"},
    {EIO, "I/O error"},
    {ENXIO, "No such device or address"},
    {E2BIG, "Argument list too long"},
    {ENOEXEC, "Exec format error"},
    {EBADF, "Bad file descriptor"},
    {ECHILD, "No child process"},
    {EAGAIN, "Resource temporarily unavailable"},
    {ENOMEM, "Out of memory"},
    {EACCES, "Permission denied"},
    {EFAULT, "Bad address"},
    {EBUSY, "Resource busy"},
    {EEXIST, "File exists"},
    {EXDEV, "Cross-device link"},
    {ENODEV, "No such device"},
    {ENOTDIR, "Not a directory"},
    {EISDIR, "Is a directory"},
    {EINVAL, "Invalid argument"},
    {ENFILE, "Too many open files in system"},
    {EMFILE, "No file descriptors available"},
    {ENOTTY, "Not a tty"},
    {EFBIG, "File too large"},
    {ENOSPC, "No space left on device"},
    {ESPIPE, "Invalid seek"},
    {EROFS, "Read-only file system"},
    {EPIPE, "Broken pipe"},
    {EDOM, "Domain error"},
    {ERANGE, "Result not representable"},
    {ENAMETOOLONG, "Filename too long"},
    {ENOSYS, "Function not implemented"},
    {ENOTEMPTY, "Directory not empty"},
    {EOVERFLOW, "Value too large for data type"},
    {EILSEQ, "Illegal byte sequence"},
    {ENOTSUP, "Not supported"},
};

char *strerror(int num)
{
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
        if (messages[i].num == num)
            return (char *)messages[i].msg;
    return (char *)"Unknown error";
}

int strerror_r(int num, char *buf, size_t len)
{
    const char *m = strerror(num);
    size_t n = strlen(m);
    if (len == 0)
        return ERANGE;
    if (n >= len) {
        memcpy(buf, m, len - 1);
        buf[len - 1] = 0;
        return ERANGE;
    }
    memcpy(buf, m, n + 1);
    return 0;
}

void perror(const char *s)
{
    const char *m = strerror(errno);
    if (s && *s)
        fprintf(stderr, "%s: %s\n", s, m);
    else
        fprintf(stderr, "%s\n", m);
}
