/* SPDX-License-Identifier: ISC */
/* hex.h: one hexadecimal digit, for the parsers of untrusted text. */
#ifndef TND_HEX_H
#define TND_HEX_H

/* The value of hexadecimal digit c (either case), or -1 if it is none. */
static inline int tnd_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

#endif
