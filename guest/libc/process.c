/* SPDX-License-Identifier: ISC */
/*
 * process.c: exit and abort, the environment, and the process functions a
 * unikernel cannot honour. There is one process and no other: fork,
 * system, exec and wait fail with ENOSYS; signals can be set up (nothing
 * ever delivers one) except that an alternate signal stack is refused.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pvlibc.h"
#include "solo5.h"

#define ATEXIT_MAX 32

static void (*atexit_fns[ATEXIT_MAX])(void);
static int atexit_count;

int atexit(void (*fn)(void))
{
    if (atexit_count == ATEXIT_MAX)
        return -1;
    atexit_fns[atexit_count++] = fn;
    return 0;
}

/* Status n & 0xff, as a Linux process's; 255 reads as an abort. */
void exit(int status)
{
    while (atexit_count > 0)
        atexit_fns[--atexit_count]();
    solo5_exit(status & 0xff);
}

void _Exit(int status)
{
    solo5_exit(status & 0xff);
}

void _exit(int status)
{
    solo5_exit(status & 0xff);
}

void abort(void)
{
    solo5_abort();
}

static char *empty_env[1];
char **environ = empty_env;
char **__environ;

void pvlibc_set_environ(char **envp)
{
    environ = envp ? envp : empty_env;
}

char *getenv(const char *name)
{
    size_t n = strlen(name);
    for (char **e = environ; *e; e++)
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
            return *e + n + 1;
    return NULL;
}

char *secure_getenv(const char *name)
{
    return getenv(name);
}

pid_t getpid(void)
{
    return 1;
}

pid_t getppid(void)
{
    return 0;
}

uid_t getuid(void)
{
    return 0;
}

uid_t geteuid(void)
{
    return 0;
}

gid_t getgid(void)
{
    return 0;
}

gid_t getegid(void)
{
    return 0;
}

long sysconf(int name)
{
    switch (name) {
    case _SC_PAGESIZE:
        return 4096;
    case _SC_CLK_TCK:
        return 100;
    case _SC_NPROCESSORS_CONF:
    case _SC_NPROCESSORS_ONLN:
        return 1;
    case _SC_OPEN_MAX:
        return 3;
    default:
        errno = EINVAL;
        return -1;
    }
}

int system(const char *cmd)
{
    if (!cmd)
        return 0; /* no command processor */
    errno = ENOSYS;
    return -1;
}

pid_t fork(void)
{
    errno = ENOSYS;
    return -1;
}

int execv(const char *path, char *const argv[])
{
    (void)path, (void)argv;
    errno = ENOSYS;
    return -1;
}

int execve(const char *path, char *const argv[], char *const envp[])
{
    (void)path, (void)argv, (void)envp;
    errno = ENOSYS;
    return -1;
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    (void)pid, (void)status, (void)options;
    errno = ECHILD;
    return -1;
}

int kill(pid_t pid, int sig)
{
    (void)pid, (void)sig;
    errno = EPERM;
    return -1;
}

int raise(int sig)
{
    (void)sig;
    solo5_abort();
}

/* Signals: handlers are recorded (and never called). */
static struct sigaction actions[_NSIG];

int sigaction(int sig, const struct sigaction *restrict act,
              struct sigaction *restrict old)
{
    if (sig <= 0 || sig >= _NSIG || sig == SIGKILL || sig == SIGSTOP) {
        errno = EINVAL;
        return -1;
    }
    if (old)
        *old = actions[sig];
    if (act)
        actions[sig] = *act;
    return 0;
}

void (*signal(int sig, void (*fn)(int)))(int)
{
    struct sigaction sa = {0}, old;
    sa.sa_handler = fn;
    if (sigaction(sig, &sa, &old) < 0)
        return SIG_ERR;
    return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old)
{
    (void)how, (void)set;
    if (old)
        memset(old, 0, sizeof *old);
    return 0;
}

int sigaltstack(const stack_t *restrict ss, stack_t *restrict old)
{
    (void)ss, (void)old;
    errno = ENOSYS;
    return -1;
}
