/* SPDX-License-Identifier: ISC */
/*
 * fs.c: file descriptors. 0, 1 and 2 are the console (reads give end of
 * file, writes go to solo5_console_write); there is no file system, so
 * everything that names a file fails with ENOENT (EROFS for creating),
 * and other descriptors with EBADF.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "solo5.h"

static int std_fd(int fd)
{
    return fd >= 0 && fd <= 2;
}

static int fail(int e)
{
    errno = e;
    return -1;
}

ssize_t write(int fd, const void *buf, size_t n)
{
    if (fd != 1 && fd != 2)
        return fail(EBADF);
    solo5_console_write(buf, n);
    return (ssize_t)n;
}

ssize_t read(int fd, void *buf, size_t n)
{
    (void)buf, (void)n;
    if (fd == 0)
        return 0;
    return fail(EBADF);
}

int open(const char *path, int flags, ...)
{
    (void)path;
    return fail(flags & O_CREAT ? EROFS : ENOENT);
}

int close(int fd)
{
    return std_fd(fd) ? 0 : fail(EBADF);
}

off_t lseek(int fd, off_t off, int whence)
{
    (void)off, (void)whence;
    return fail(std_fd(fd) ? ESPIPE : EBADF);
}

int fstat(int fd, struct stat *st)
{
    if (!std_fd(fd))
        return fail(EBADF);
    *st = (struct stat){.st_mode = S_IFCHR | 0600, .st_blksize = 4096};
    return 0;
}

int stat(const char *restrict path, struct stat *restrict st)
{
    (void)path, (void)st;
    return fail(ENOENT);
}

int lstat(const char *restrict path, struct stat *restrict st)
{
    (void)path, (void)st;
    return fail(ENOENT);
}

int access(const char *path, int mode)
{
    (void)path, (void)mode;
    return fail(ENOENT);
}

int isatty(int fd)
{
    if (!std_fd(fd))
        fail(EBADF);
    else
        fail(ENOTTY);
    return 0;
}

int ioctl(int fd, int req, ...)
{
    (void)req;
    return fail(std_fd(fd) ? ENOTTY : EBADF);
}

int fcntl(int fd, int cmd, ...)
{
    if (!std_fd(fd))
        return fail(EBADF);
    return cmd == F_GETFL ? (fd == 0 ? O_RDONLY : O_WRONLY) : 0;
}

int dup(int fd)
{
    return fail(std_fd(fd) ? EMFILE : EBADF);
}

int dup2(int fd, int fd2)
{
    if (!std_fd(fd))
        return fail(EBADF);
    return fd == fd2 ? fd2 : fail(EMFILE);
}

int pipe(int fds[2])
{
    (void)fds;
    return fail(EMFILE);
}

int unlink(const char *path)
{
    (void)path;
    return fail(ENOENT);
}

int rename(const char *old, const char *new)
{
    (void)old, (void)new;
    return fail(ENOENT);
}

int mkdir(const char *path, mode_t mode)
{
    (void)path, (void)mode;
    return fail(EROFS);
}

int rmdir(const char *path)
{
    (void)path;
    return fail(ENOENT);
}

int chdir(const char *path)
{
    (void)path;
    return fail(ENOENT);
}

char *getcwd(char *buf, size_t size)
{
    if (!buf || size < 2) {
        errno = buf ? ERANGE : EINVAL;
        return NULL;
    }
    buf[0] = '/';
    buf[1] = 0;
    return buf;
}

ssize_t readlink(const char *restrict path, char *restrict buf, size_t n)
{
    (void)path, (void)buf, (void)n;
    return fail(ENOENT);
}

DIR *opendir(const char *path)
{
    (void)path;
    errno = ENOENT;
    return NULL;
}

struct dirent *readdir(DIR *d)
{
    (void)d;
    errno = EBADF;
    return NULL;
}

int closedir(DIR *d)
{
    (void)d;
    return fail(EBADF);
}

/* No virtual memory to hand out: the heap is malloc's. */
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    (void)addr, (void)len, (void)prot, (void)flags, (void)fd, (void)off;
    errno = ENOMEM;
    return MAP_FAILED;
}

int munmap(void *addr, size_t len)
{
    (void)addr, (void)len;
    return fail(EINVAL);
}
