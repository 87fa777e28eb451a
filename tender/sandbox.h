/* SPDX-License-Identifier: ISC */
/* sandbox.h: the seccomp allow-list (sandbox.c). */
#ifndef TND_SANDBOX_H
#define TND_SANDBOX_H

#include <fcntl.h>

/* File descriptors the running tender may use, by purpose. */
enum tnd_fd_role {
    TND_FD_VCPU,       /* ioctl KVM_RUN and register reads */
    TND_FD_EPOLL,      /* epoll_pwait */
    TND_FD_TIMER,      /* timerfd_settime, read */
    TND_FD_BLOCK,      /* pread64, pwrite64, fdatasync */
    TND_FD_TAP,        /* read, write */
    TND_FD_GPIO_REQ,   /* GPIO line request: value/config ioctls, read, close */
    TND_FD_OUTPUT,     /* write, close (trace file) */
    TND_FD_EVENT,      /* read, write (eventfd) */
    TND_FD_VM,         /* ioctl KVM_IOEVENTFD (the one unregister at exit) */
    TND_FD_I2C_RDWR,   /* i2c-dev adapter: ioctl I2C_RDWR */
    TND_FD_I2C_SMBUS,  /* SMBus-only i2c-dev adapter: I2C_SLAVE, I2C_SMBUS */
    TND_FD_COREDIR,    /* openat with TND_DUMPCORE_FLAGS (--dumpcore) */
    TND_FD_GDB,        /* recvfrom, sendto, close (--gdb's connection) */
    TND_FD_UART,       /* tty: read, write, termios ioctls */
    TND_FD_UART_BREAK, /* a tty granted break: TCSBRKP */
    TND_FD_UART_MODEM, /* a tty granted modem: TIOCMBIS, TIOCMBIC, TIOCMGET */
    TND_FD_ROLES
};

/*
 * Declares that fd will be used for role once the sandbox is on. Call from
 * setup(). Returns 0 or -1 if the table is full.
 */
int tnd_sandbox_allow_fd(int fd, enum tnd_fd_role role);

/*
 * Parts of the allow-list only some configurations need; each is left
 * out of the filter unless set-up asks for it with tnd_sandbox_need().
 */
enum tnd_sandbox_need {
    TND_SB_SET_TLS = 1u << 0,    /* KVM_SET_SREGS: SET_TLS_BASE is served */
    TND_SB_GPIO_SLEEP = 1u << 1, /* clock_nanosleep: GPIO sequences */
    TND_SB_IO_THREAD = 1u << 2,  /* a second thread: GPIO ring, trace writer */
    TND_SB_DUMPCORE = 1u << 3,   /* write a core file at exit */
    TND_SB_GDB = 1u << 4,        /* serve a debugger (--gdb) */
};

/* The flags of the one open --dumpcore makes once the sandbox is on. */
#define TND_DUMPCORE_FLAGS (O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC)

/* Adds TND_SB_* parts to the allow-list. Call from setup(). */
void tnd_sandbox_need(unsigned what);

/*
 * Allows KVM_IOEVENTFD on TND_FD_VM fds only with exactly this argument
 * pointer (the filter sees the pointer, not what it points to): the
 * caller prepares its one request there and makes the page read-only
 * before the sandbox goes on. Without a call, KVM_IOEVENTFD is denied.
 */
void tnd_sandbox_allow_ioeventfd(const void *arg);

/*
 * Where TND_ARCH_TLS_PINNED (aarch64), allows the vCPU's TLS ioctl only
 * with exactly this argument pointer, a request the caller made
 * read-only; without a call it is denied even when SET_TLS_BASE is
 * served.
 */
void tnd_sandbox_allow_tls_arg(const void *arg);

/*
 * Installs the seccomp allow-list (kill the process on anything else) on
 * every thread of the tender. Call once, after set-up and before the first
 * KVM_RUN. Returns 0 or -errno.
 */
int tnd_sandbox_enter(void);

/*
 * The reason the allow-list gives for system call nr, or NULL if nr is not
 * on it. For tests and documentation.
 */
const char *tnd_sandbox_reason(int nr);

#endif
