#include "write/safe_name.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 when broken. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t k = c < 0x80 ? 1 : (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : (c >= 0xF0 && c <= 0xF4) ? 4 : 0;
	if (k == 0 || k > n)
		return 0;
	for (size_t i = 1; i < k; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	/* overlong 3- and 4-byte forms, surrogates, beyond U+10FFFF */
	if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) || (c == 0xF0 && s[1] < 0x90) ||
	    (c == 0xF4 && s[1] >= 0x90))
		return 0;
	return k;
}

/* Cuts s (UTF-8) to at most max bytes at a character boundary. */
static void cut_utf8(char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	s[max] = '\0';
}

bool safe_name_is_device(const char *file)
{
	static const char *const devices[] = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"};
	static const char *const superscripts[] = {"\xC2\xB9", "\xC2\xB2", "\xC2\xB3"}; /* ¹ ² ³ */
	const char *dot = strchr(file, '.');
	size_t n = dot ? (size_t)(dot - file) : strlen(file);
	while (n > 0 && file[n - 1] == ' ')
		n--;
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		if (n == strlen(devices[i]) && !strncasecmp(file, devices[i], n))
			return true;
	/* COM and LPT with one digit or one superscript digit */
	if (n < 4 || (strncasecmp(file, "COM", 3) != 0 && strncasecmp(file, "LPT", 3) != 0))
		return false;
	if (n == 4 && file[3] >= '0' && file[3] <= '9')
		return true;
	for (size_t i = 0; i < sizeof(superscripts) / sizeof(superscripts[0]); i++)
		if (n == 5 && !memcmp(file + 3, superscripts[i], 2))
			return true;
	return false;
}

void safe_name_make(const char *name, char *out, size_t outsz)
{
	const unsigned char *s = (const unsigned char *)(name ? name : "");
	size_t n = strlen((const char *)s), len = 0, cap = outsz - 2;
	if (cap > HZ_MAX_FILENAME_BYTES)
		cap = HZ_MAX_FILENAME_BYTES;
	for (size_t i = 0; i < n && len < cap;) {
		size_t k = utf8_seq(s + i, n - i);
		if (k == 0) {
			i++;
			continue;
		}
		if (k == 1) {
			char c = (char)s[i];
			if ((unsigned char)c < 0x20 || c == 0x7F || (c == '.' && (len == 0 || out[len - 1] == '.')) ||
			    (c == ' ' && len == 0)) {
				i++;
				continue;
			}
			out[len++] = strchr("/\\:*?\"<>|", c) ? '_' : c;
		} else if (k == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0) {
			/* C1 control characters (U+0080–U+009F) */
		} else {
			if (len + k > cap)
				break;
			memcpy(out + len, s + i, k);
			len += k;
		}
		i += k;
	}
	while (len && (out[len - 1] == '.' || out[len - 1] == ' '))
		len--;
	out[len] = '\0';
	if (len == 0)
		snprintf(out, outsz, "%s", SAFE_NAME_FALLBACK);
	if (safe_name_is_device(out)) {
		memmove(out + 1, out, strlen(out) + 1);
		out[0] = '_';
	}
}

/* ------------------------------------------------------------ the set */

static uint64_t fold_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 1099511628211ull;
	}
	return h;
}

static bool set_has(const safe_name_set *s, const char *file)
{
	for (size_t i = fold_hash(file) & (s->cap - 1); s->slot[i]; i = (i + 1) & (s->cap - 1))
		if (!strcasecmp(s->slot[i], file))
			return true;
	return false;
}

static void set_put(safe_name_set *s, char *file)
{
	size_t i = fold_hash(file) & (s->cap - 1);
	while (s->slot[i])
		i = (i + 1) & (s->cap - 1);
	s->slot[i] = file;
	s->n++;
}

hz_code safe_name_set_init(safe_name_set *s, size_t expected)
{
	memset(s, 0, sizeof(*s));
	for (s->cap = 16; s->cap < expected * 2 + 2; s->cap *= 2)
		;
	s->slot = calloc(s->cap, sizeof(*s->slot));
	return s->slot ? HZ_OK : HZ_E_NOMEM;
}

void safe_name_set_release(safe_name_set *s)
{
	for (size_t i = 0; s->slot && i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	memset(s, 0, sizeof(*s));
}

/* Keeps the table at most half full. */
static hz_code set_grow(safe_name_set *s)
{
	safe_name_set bigger = {NULL, s->cap * 2, 0};
	if ((s->n + 1) * 2 <= s->cap)
		return HZ_OK;
	bigger.slot = calloc(bigger.cap, sizeof(*bigger.slot));
	if (!bigger.slot)
		return HZ_E_NOMEM;
	for (size_t i = 0; i < s->cap; i++)
		if (s->slot[i])
			set_put(&bigger, s->slot[i]);
	free(s->slot);
	*s = bigger;
	return HZ_OK;
}

hz_code safe_name_set_reserve(safe_name_set *s, const char *file)
{
	char *dup;
	if (!s->slot && safe_name_set_init(s, 1) != HZ_OK)
		return HZ_E_NOMEM;
	if (set_has(s, file))
		return HZ_OK;
	if (set_grow(s) != HZ_OK || !(dup = strdup(file)))
		return HZ_E_NOMEM;
	set_put(s, dup);
	return HZ_OK;
}

hz_code safe_name_unique(safe_name_set *s, const char *name, const char *tail, char *out, size_t outsz)
{
	char base[SAFE_NAME_ROOM];
	if (!s->slot && safe_name_set_init(s, 1) != HZ_OK)
		return HZ_E_NOMEM;
	safe_name_make(name, base, sizeof(base));
	snprintf(out, outsz, "%s%s", base, tail);
	for (unsigned k = 2; set_has(s, out); k++) {
		char number[32], stem[SAFE_NAME_ROOM];
		int nl = snprintf(number, sizeof(number), "（%u）", k);
		snprintf(stem, sizeof(stem), "%s", base);
		cut_utf8(stem, HZ_MAX_FILENAME_BYTES - (size_t)nl);
		snprintf(out, outsz, "%s%s%s", stem, number, tail);
	}
	return safe_name_set_reserve(s, out);
}
