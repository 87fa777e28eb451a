/* SPDX-License-Identifier: ISC */
/*
 * cdev.h: the Linux GPIO character device backend (cdev.c).
 */
#ifndef TND_GPIO_CDEV_H
#define TND_GPIO_CDEV_H

#include <sys/types.h>

#include "device.h"
#include "grant.h"

/* The system calls the cdev backend makes: the seam unit tests replace. */
struct gpio_cdev_sys {
    int (*open)(const char *path, int flags);
    int (*ioctl)(int fd, unsigned long req, void *arg);
    ssize_t (*read)(int fd, void *buf, size_t len);
    int (*close)(int fd);
    int (*fcntl)(int fd, int cmd, int arg);
    /* Lists /dev/gpiochip* paths into paths[max]; returns the count. */
    int (*list_chips)(char paths[][GPIO_CHIP_NAME_MAX], int max);
};

/* The real system calls. */
extern const struct gpio_cdev_sys gpio_cdev_real;

/* What the gpio module uses (tests point it at a fake kernel). */
extern const struct gpio_cdev_sys *tnd_gpio_cdev_sys;

/*
 * Resolves grant g's chip and lines (offsets or names) on the host and
 * requests every line "as is" (no change to its state) in one line
 * request for device d; sets d->offsets, d->line_names, d->ops,
 * d->poll_fd. Returns 0 or -errno with a reason in err.
 */
int gpio_cdev_open(struct gpio_dev *d, const struct gpio_grant *g,
                   const struct gpio_cdev_sys *sys, char *err, size_t errlen);

/* The line request fd of a cdev device (also its poll_fd); -1 once
 * closed. */
int gpio_cdev_request_fd(const struct gpio_dev *d);

#endif
