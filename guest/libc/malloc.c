/* SPDX-License-Identifier: ISC */
/*
 * malloc.c: the guest C library's allocator over the unikernel's heap.
 *
 * Boundary tags with segregated free lists. A chunk is a 16-byte header
 * (the previous chunk's size, valid only while that chunk is free, and
 * this chunk's size with two flag bits) followed by the payload; sizes
 * are multiples of 16, so every payload is 16-byte aligned. Free chunks
 * keep their list links in the payload and are merged with free
 * neighbours at once, so that freed heap (the OCaml runtime's compaction
 * frees whole major-heap chunks) can be reused for larger requests. The
 * free memory at the end of the heap (the top) is never in a list.
 *
 * Lists: one per 16 bytes up to 256 bytes, then four per power of two; a
 * bitmap of non-empty lists finds the next larger one in O(1).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pvlibc.h"

#ifndef PV_MALLOC_NAME /* the host unit test renames the public entries */
#define PV_MALLOC_NAME(x) x
#endif

#define ALIGN 16u
#define HDR 16u
#define MIN_CHUNK 32u
#define F_INUSE 1u
#define F_PREV_INUSE 2u
#define F_MASK 15u
#define NBINS 128

struct chunk {
    size_t prev_size;
    size_t head;
    struct chunk *next; /* free chunks only */
    struct chunk *prev;
};

static struct {
    char *top; /* first byte of the top chunk */
    char *end; /* end of the heap */
    struct chunk *bin[NBINS];
    uint64_t map[NBINS / 64];
} heap;

/* The top chunk has no header: its previous-in-use flag lives here. */
static size_t top_prev_inuse = F_PREV_INUSE;

static size_t csize(const struct chunk *c)
{
    return c->head & ~(size_t)F_MASK;
}

static struct chunk *at(void *p)
{
    return (struct chunk *)p;
}

static struct chunk *next_of(struct chunk *c)
{
    return at((char *)c + csize(c));
}

static unsigned bin_of(size_t size)
{
    if (size < 256)
        return (unsigned)(size / 16);
    unsigned fl = 63u - (unsigned)__builtin_clzl(size); /* >= 8 */
    unsigned sl = (unsigned)(size >> (fl - 2)) & 3u;
    unsigned b = 16u + (fl - 8u) * 4u + sl;
    return b < NBINS ? b : NBINS - 1;
}

static void bin_insert(struct chunk *c)
{
    unsigned b = bin_of(csize(c));
    c->prev = NULL;
    c->next = heap.bin[b];
    if (c->next)
        c->next->prev = c;
    heap.bin[b] = c;
    heap.map[b / 64] |= 1ULL << (b % 64);
}

static void bin_remove(struct chunk *c)
{
    unsigned b = bin_of(csize(c));
    if (c->prev)
        c->prev->next = c->next;
    else
        heap.bin[b] = c->next;
    if (c->next)
        c->next->prev = c->prev;
    if (!heap.bin[b])
        heap.map[b / 64] &= ~(1ULL << (b % 64));
}

/* Marks c (of its current size) free: footer, next's flags, list. */
static void make_free(struct chunk *c)
{
    size_t s = csize(c);
    c->head &= ~(size_t)F_INUSE;
    if ((char *)c + s == heap.top)
        return;
    struct chunk *n = next_of(c);
    n->prev_size = s;
    n->head &= ~(size_t)F_PREV_INUSE;
    bin_insert(c);
}

/* Splits `need` bytes off the front of in-use chunk c; frees the rest. */
static void trim(struct chunk *c, size_t need)
{
    size_t s = csize(c);
    if (s - need < MIN_CHUNK)
        return;
    struct chunk *r = at((char *)c + need);
    c->head = need | (c->head & F_MASK);
    r->head = (s - need) | F_PREV_INUSE | F_INUSE;
    /* merge the remainder with a free successor or the top */
    char *rend = (char *)r + (s - need);
    if (rend == heap.top) {
        heap.top = (char *)r;
        top_prev_inuse = F_PREV_INUSE;
        return;
    }
    struct chunk *n = at(rend);
    if (!(n->head & F_INUSE)) {
        bin_remove(n);
        r->head += csize(n);
    }
    make_free(r);
}

void pvlibc_heap_init(void *start, size_t size)
{
    uintptr_t s = ((uintptr_t)start + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
    uintptr_t e = ((uintptr_t)start + size) & ~(uintptr_t)(ALIGN - 1);
    memset(&heap, 0, sizeof heap);
    top_prev_inuse = F_PREV_INUSE;
    if (e <= s + MIN_CHUNK)
        return;
    heap.top = (char *)s;
    heap.end = (char *)e;
}

static size_t request_size(size_t n)
{
    if (n > (size_t)1 << 46)
        return 0;
    size_t s = (n + HDR + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    return s < MIN_CHUNK ? MIN_CHUNK : s;
}

static struct chunk *take_from_bins(size_t need)
{
    unsigned b = bin_of(need);
    /* the request's own list may hold smaller chunks: first fit */
    for (struct chunk *c = heap.bin[b]; c; c = c->next) {
        if (csize(c) >= need) {
            bin_remove(c);
            return c;
        }
    }
    for (unsigned w = (b + 1) / 64; w < NBINS / 64; w++) {
        uint64_t m = heap.map[w];
        if (w == (b + 1) / 64)
            m &= ~0ULL << ((b + 1) % 64);
        if (m) {
            struct chunk *c = heap.bin[w * 64 + (unsigned)__builtin_ctzll(m)];
            bin_remove(c);
            return c;
        }
    }
    return NULL;
}

void *PV_MALLOC_NAME(malloc)(size_t n)
{
    size_t need = request_size(n);
    if (need == 0 || !heap.top) {
        errno = ENOMEM;
        return NULL;
    }
    struct chunk *c = take_from_bins(need);
    if (c) {
        c->head |= F_INUSE;
        next_of(c)->head |= F_PREV_INUSE; /* c was free: next is not top */
        trim(c, need);
        return (char *)c + HDR;
    }
    if ((size_t)(heap.end - heap.top) < need + MIN_CHUNK) {
        errno = ENOMEM;
        return NULL;
    }
    c = at(heap.top);
    c->head = need | F_INUSE | top_prev_inuse;
    heap.top += need;
    top_prev_inuse = F_PREV_INUSE;
    return (char *)c + HDR;
}

void PV_MALLOC_NAME(free)(void *p)
{
    if (!p)
        return;
    struct chunk *c = at((char *)p - HDR);
    size_t s = csize(c);
    if (!(c->head & F_PREV_INUSE)) {
        struct chunk *pc = at((char *)c - c->prev_size);
        bin_remove(pc);
        s += csize(pc);
        c = pc;
    }
    char *cend = (char *)c + s;
    if (cend == heap.top) {
        heap.top = (char *)c;
        top_prev_inuse = c->head & F_PREV_INUSE;
        return;
    }
    struct chunk *n = at(cend);
    if (!(n->head & F_INUSE)) {
        bin_remove(n);
        s += csize(n);
    }
    c->head = s | (c->head & F_PREV_INUSE) | F_INUSE;
    make_free(c);
}

void *PV_MALLOC_NAME(calloc)(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    void *p = PV_MALLOC_NAME(malloc)(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *PV_MALLOC_NAME(realloc)(void *p, size_t n)
{
    if (!p)
        return PV_MALLOC_NAME(malloc)(n);
    size_t need = request_size(n);
    if (need == 0) {
        errno = ENOMEM;
        return NULL;
    }
    struct chunk *c = at((char *)p - HDR);
    size_t s = csize(c);
    if (s >= need) {
        trim(c, need);
        return p;
    }
    char *cend = (char *)c + s;
    if (cend == heap.top &&
        (size_t)(heap.end - heap.top) >= need - s + MIN_CHUNK) {
        c->head = need | (c->head & F_MASK);
        heap.top = (char *)c + need;
        top_prev_inuse = F_PREV_INUSE;
        return p;
    }
    if (cend != heap.top) {
        struct chunk *nx = at(cend);
        if (!(nx->head & F_INUSE) && s + csize(nx) >= need) {
            bin_remove(nx);
            c->head = (s + csize(nx)) | (c->head & F_MASK);
            next_of(c)->head |= F_PREV_INUSE;
            trim(c, need);
            return p;
        }
    }
    void *q = PV_MALLOC_NAME(malloc)(n);
    if (!q)
        return NULL;
    memcpy(q, p, s - HDR);
    PV_MALLOC_NAME(free)(p);
    return q;
}

void *PV_MALLOC_NAME(aligned_alloc)(size_t align, size_t n)
{
    if (align <= ALIGN)
        return PV_MALLOC_NAME(malloc)(n);
    if (align & (align - 1) || n > (size_t)1 << 46) {
        errno = EINVAL;
        return NULL;
    }
    char *p = PV_MALLOC_NAME(malloc)(n + align + MIN_CHUNK);
    if (!p || (uintptr_t)p % align == 0)
        return p;
    uintptr_t a =
        ((uintptr_t)p + MIN_CHUNK + align - 1) & ~(uintptr_t)(align - 1);
    /* give the front back as a free chunk of at least MIN_CHUNK bytes */
    struct chunk *c = at(p - HDR);
    struct chunk *d = at((char *)a - HDR);
    size_t front = (size_t)((char *)d - (char *)c);
    d->head = (csize(c) - front) | F_INUSE;
    c->head = front | (c->head & F_PREV_INUSE) | F_INUSE;
    PV_MALLOC_NAME(free)((char *)c + HDR);
    return (void *)a;
}

int PV_MALLOC_NAME(posix_memalign)(void **out, size_t align, size_t n)
{
    if (align < sizeof(void *) || (align & (align - 1)))
        return EINVAL;
    void *p = PV_MALLOC_NAME(aligned_alloc)(align, n);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

void *PV_MALLOC_NAME(memalign)(size_t align, size_t n)
{
    return PV_MALLOC_NAME(aligned_alloc)(align, n);
}

size_t pvlibc_heap_free_bytes(void)
{
    size_t n = heap.top ? (size_t)(heap.end - heap.top) : 0;
    for (unsigned b = 0; b < NBINS; b++)
        for (struct chunk *c = heap.bin[b]; c; c = c->next)
            n += csize(c);
    return n;
}
