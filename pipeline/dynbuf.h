/*
 * A growable byte buffer with a maximum size (after curl's dynbuf): every
 * buffer that input can grow is created with the cap that stops a hostile
 * file from growing it without end.  The content is always NUL-terminated.
 */
#ifndef HZ_DYNBUF_H
#define HZ_DYNBUF_H

#include <stdarg.h>
#include <stddef.h>

#include "hzerr.h"

typedef struct dynbuf {
	char *buf;     /* owned; NULL until the first add */
	size_t len;    /* bytes used, NUL not counted */
	size_t alloc;  /* bytes allocated */
	size_t toobig; /* len must stay below this; an add that would reach it fails */
} dynbuf;

void dynbuf_init(dynbuf *b, size_t toobig);
/* Frees the memory; the buffer can be used again (as after init). */
void dynbuf_release(dynbuf *b);
/* Empties without freeing. */
void dynbuf_reset(dynbuf *b);

/* HZ_E_LIMIT when the result would reach toobig (the buffer is then left
 * unchanged), HZ_E_NOMEM when malloc fails. */
HZ_MUST_USE hz_code dynbuf_add(dynbuf *b, const void *mem, size_t len);
HZ_MUST_USE hz_code dynbuf_addstr(dynbuf *b, const char *s);
HZ_MUST_USE hz_code dynbuf_addc(dynbuf *b, char c);
HZ_MUST_USE hz_code dynbuf_printf(dynbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
HZ_MUST_USE hz_code dynbuf_vprintf(dynbuf *b, const char *fmt, va_list ap);

/* The content ("" when empty; never NULL). Owned by the buffer. */
const char *dynbuf_str(const dynbuf *b);
/* Hands the content over: caller frees.  Never NULL on success (an empty
 * buffer gives a malloc'd ""); NULL only on out-of-memory.  The buffer is
 * left empty. */
char *dynbuf_detach(dynbuf *b, size_t *len);

/*
 * Room for one more element in an array of n elements of elsize bytes whose
 * capacity is *cap: the array itself while n < *cap, else the array moved
 * to twice the capacity (first when empty) with *cap updated.  NULL when
 * out of memory; the array and *cap are then unchanged (the caller still
 * owns and frees the old array).  Doubling keeps n appends at O(n) copies
 * (one realloc per append made 65,536 number formats quadratic under ASan
 * and valgrind, whose realloc always moves).  Every "append one" of the
 * stages uses it:
 *     row *v = dynbuf_grow_array(t->rows, t->n, &t->cap, 32, sizeof(*v));
 *     if (!v) return HZ_E_NOMEM;
 *     t->rows = v;
 */
void *dynbuf_grow_array(void *arr, size_t n, size_t *cap, size_t first, size_t elsize);

#endif
