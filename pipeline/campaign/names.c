#include "campaign/names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "read/utf8.h"
#include "text/encoding.h"

#include "banned.h"

/* Length of the UTF-8 sequence at s (n bytes left), 0 when not valid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t k;
	unsigned cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		k = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 4, cp = c & 0x07;
	else
		return 0;
	if (n < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return k;
}

/* seg (n bytes) as GB18030 into out; false when it is not valid GB18030
 * or decodes to a control character. */
static bool gb18030(const char *seg, size_t n, dynbuf *out)
{
	dynbuf conv;
	bool ok;
	dynbuf_init(&conv, 4 * n + 16);
	ok = hz_gb18030_to_utf8(seg, n, &conv, NULL) == HZ_OK;
	for (size_t i = 0; ok && i < conv.len; i++)
		ok = (unsigned char)dynbuf_str(&conv)[i] >= 0x20 && dynbuf_str(&conv)[i] != 0x7F;
	ok = ok && dynbuf_add(out, dynbuf_str(&conv), conv.len) == HZ_OK;
	dynbuf_release(&conv);
	return ok;
}

static hz_code escaped(const char *seg, size_t n, dynbuf *out)
{
	hz_code rc = HZ_OK;
	for (size_t i = 0; i < n && rc == HZ_OK;) {
		size_t k = utf8_len((const unsigned char *)seg + i, n - i);
		if (k) {
			rc = dynbuf_add(out, seg + i, k);
			i += k;
		} else {
			char hex[8];
			snprintf(hex, sizeof(hex), "\\x%02X", (unsigned char)seg[i]);
			rc = dynbuf_addstr(out, hex);
			i++;
		}
	}
	return rc;
}

char *hz_name_listed(const char *raw, size_t len, bool escape)
{
	dynbuf shown;
	char *s = NULL;
	bool same;
	dynbuf_init(&shown, 4 * len + 16);
	for (size_t i = 0; i < len;) {
		const char *slash = memchr(raw + i, '/', len - i);
		size_t n = slash ? (size_t)(slash - (raw + i)) : len - i;
		hz_code rc = HZ_OK;
		if (hz_utf8_valid(raw + i, n))
			rc = dynbuf_add(&shown, raw + i, n);
		else if (escape || !gb18030(raw + i, n, &shown))
			rc = escaped(raw + i, n, &shown);
		if (rc == HZ_OK && slash)
			rc = dynbuf_addc(&shown, '/');
		if (rc != HZ_OK) {
			dynbuf_release(&shown);
			return NULL;
		}
		i += n + (slash ? 1 : 0);
	}
	same = shown.len == len && (len == 0 || !memcmp(dynbuf_str(&shown), raw, len));
	s = malloc(shown.len + 1 + (same ? 0 : len) + 1);
	if (s) {
		memcpy(s, dynbuf_str(&shown), shown.len);
		s[shown.len] = '\0';
		if (!same)
			memcpy(s + shown.len + 1, raw, len);
		s[shown.len + 1 + (same ? 0 : len)] = '\0';
	}
	dynbuf_release(&shown);
	return s;
}

const char *hz_name_disk(const char *listed)
{
	const char *raw = listed + strlen(listed) + 1;
	return raw[0] ? raw : listed;
}

static int cmp_shown(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int hz_names_distinct(char **paths, size_t n)
{
	bool changed = false;
	for (size_t i = 1; i < n; i++) {
		if (strcmp(paths[i - 1], paths[i]) != 0)
			continue;
		/* the one that was decoded (it has bytes of its own) is escaped */
		for (size_t j = i - 1; j <= i; j++) {
			const char *raw = hz_name_disk(paths[j]);
			char *e;
			if (raw == paths[j])
				continue;
			if (!(e = hz_name_listed(raw, strlen(raw), true)))
				return -1;
			free(paths[j]);
			paths[j] = e;
			changed = true;
		}
	}
	if (changed)
		qsort(paths, n, sizeof(*paths), cmp_shown);
	return 0;
}
