/* SPDX-License-Identifier: ISC */
/*
 * abi.h: the ABI header as the tender sees it: PV_HOST makes guest
 * pointers plain 64-bit guest-physical addresses (include/pinvisor_abi.h).
 */
#ifndef TND_ABI_H
#define TND_ABI_H

#ifndef PV_HOST
#define PV_HOST
#endif
#include "pinvisor_abi.h"

#endif
