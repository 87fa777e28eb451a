/* SPDX-License-Identifier: ISC */
/* version.h: the version of pinvisor (also read by mk/oci.mk). */
#ifndef TND_VERSION_H
#define TND_VERSION_H

#define PINVISOR_VERSION "0.3.0"

#endif
