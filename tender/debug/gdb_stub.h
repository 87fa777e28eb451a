/* SPDX-License-Identifier: ISC */
/* gdb_stub.h: the gdb stub (gdb_stub.c) as the rest of the tender sees it. */
#ifndef TND_GDB_STUB_H
#define TND_GDB_STUB_H

#include <stdbool.h>

/* True if --gdb was given (the image then stays writable on the host). */
bool tnd_gdb_enabled(void);

#endif
