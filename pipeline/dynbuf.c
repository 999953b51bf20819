#include "dynbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

void dynbuf_init(dynbuf *b, size_t toobig)
{
	b->buf = NULL;
	b->len = 0;
	b->alloc = 0;
	b->toobig = toobig;
}

void dynbuf_release(dynbuf *b)
{
	free(b->buf);
	b->buf = NULL;
	b->len = 0;
	b->alloc = 0;
}

void dynbuf_reset(dynbuf *b)
{
	b->len = 0;
	if (b->buf)
		b->buf[0] = '\0';
}

static hz_code grow(dynbuf *b, size_t extra)
{
	size_t need, a;
	char *p;
	if (extra >= b->toobig || b->len >= b->toobig - extra)
		return HZ_E_LIMIT;
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return HZ_OK;
	a = b->alloc ? b->alloc : 32;
	while (a < need)
		a = a > ((size_t)-1) / 2 ? need : a * 2;
	if (a > b->toobig)
		a = b->toobig;
	if (a < need)
		a = need;
	p = realloc(b->buf, a);
	if (!p)
		return HZ_E_NOMEM;
	b->buf = p;
	b->alloc = a;
	return HZ_OK;
}

hz_code dynbuf_add(dynbuf *b, const void *mem, size_t len)
{
	hz_code rc = grow(b, len);
	if (rc)
		return rc;
	if (len)
		memcpy(b->buf + b->len, mem, len);
	b->len += len;
	b->buf[b->len] = '\0';
	return HZ_OK;
}

hz_code dynbuf_addstr(dynbuf *b, const char *s)
{
	return dynbuf_add(b, s, strlen(s));
}

hz_code dynbuf_addc(dynbuf *b, char c)
{
	return dynbuf_add(b, &c, 1);
}

hz_code dynbuf_vprintf(dynbuf *b, const char *fmt, va_list ap)
{
	char small[256];
	va_list ap2;
	int n;
	hz_code rc;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return HZ_E_INTERNAL;
	if ((size_t)n < sizeof(small))
		return dynbuf_add(b, small, (size_t)n);
	rc = grow(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return HZ_OK;
}

hz_code dynbuf_printf(dynbuf *b, const char *fmt, ...)
{
	va_list ap;
	hz_code rc;
	va_start(ap, fmt);
	rc = dynbuf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *dynbuf_str(const dynbuf *b)
{
	return b->buf ? b->buf : "";
}

char *dynbuf_detach(dynbuf *b, size_t *len)
{
	char *p = b->buf;
	if (len)
		*len = b->len;
	if (!p)
		p = calloc(1, 1);
	b->buf = NULL;
	b->len = 0;
	b->alloc = 0;
	return p;
}

void *dynbuf_grow_array(void *arr, size_t n, size_t *cap, size_t first, size_t elsize)
{
	size_t ncap;
	void *grown;
	if (n < *cap)
		return arr;
	ncap = *cap ? *cap * 2 : first;
	if (ncap < *cap || elsize == 0 || ncap > SIZE_MAX / elsize)
		return NULL;
	grown = realloc(arr, ncap * elsize);
	if (grown)
		*cap = ncap;
	return grown;
}
