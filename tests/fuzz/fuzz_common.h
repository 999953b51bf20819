/*
 * Shared by the libFuzzer harnesses (make fuzz): the readers take a path,
 * so each input is written to a per-process temporary file; the
 * structure-aware harnesses build an otherwise valid package around the
 * fuzzed XML with libzip (members stored, so no time goes into deflate and
 * every mutation reaches the XML parser instead of libzip's CRC check).
 * Header-only: each harness is one translation unit.
 */
#ifndef HZ_FUZZ_COMMON_H
#define HZ_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

/* A per-process file name ending in ext (".xlsx"); /dev/shm when there is
 * one, so the fuzzer's writes stay in memory.  Returns a static buffer. */
static __attribute__((unused)) const char *fuzz_tmp_path(const char *ext)
{
	static char path[256];
	const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(path, sizeof(path), "%s/hzfuzz-%ld%s", dir, (long)getpid(), ext);
	return path;
}

/* With HZ_FUZZ_SAVE=FILE in the environment, a copy of each file the
 * harness writes goes there (to turn a finding into a fixture: run the
 * harness on that one input). */
static __attribute__((unused)) void fuzz_save(const char *path)
{
	const char *keep = getenv("HZ_FUZZ_SAVE");
	FILE *in, *out;
	char buf[65536];
	size_t n;
	if (!keep || !(in = fopen(path, "rb")))
		return;
	if ((out = fopen(keep, "wb"))) {
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
			fwrite(buf, 1, n, out);
		fclose(out);
	}
	fclose(in);
}

static __attribute__((unused)) void fuzz_done(const char *path)
{
	unlink(path);
}

static __attribute__((unused)) int fuzz_write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok;
	if (!f)
		return 0;
	ok = len == 0 || fwrite(data, 1, len, f) == len;
	ok = fclose(f) == 0 && ok;
	fuzz_save(path);
	return ok;
}

typedef struct fuzz_member {
	const char *name;
	const void *data;
	size_t len;
} fuzz_member;

/* Writes a zip of the members (stored, fixed mtime) to path; 1 on success. */
static __attribute__((unused)) int fuzz_write_zip(const char *path, const fuzz_member *m, size_t n)
{
	int zerr = 0;
	zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!za)
		return 0;
	for (size_t i = 0; i < n; i++) {
		zip_source_t *src = zip_source_buffer(za, m[i].data, m[i].len, 0);
		zip_int64_t idx;
		if (!src) {
			zip_discard(za);
			return 0;
		}
		idx = zip_file_add(za, m[i].name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
		if (idx < 0) {
			zip_source_free(src);
			zip_discard(za);
			return 0;
		}
		zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
		zip_file_set_mtime(za, (zip_uint64_t)idx, 0, 0);
	}
	if (zip_close(za) != 0) {
		zip_discard(za);
		return 0;
	}
	fuzz_save(path);
	return 1;
}

/* Splits data at FUZZ_SEP into at most max pieces (the last takes the
 * rest).  Returns how many pieces were found. */
#define FUZZ_SEP "\n@@@@\n"
static __attribute__((unused)) const uint8_t *fuzz_find(const uint8_t *h, size_t hl, const char *needle, size_t nl)
{
	for (size_t i = 0; nl && i + nl <= hl; i++)
		if (h[i] == (uint8_t)needle[0] && !memcmp(h + i, needle, nl))
			return h + i;
	return NULL;
}
static __attribute__((unused)) size_t fuzz_split(const uint8_t *data, size_t len, const uint8_t **piece,
						 size_t *plen, size_t max)
{
	size_t n = 0, seplen = strlen(FUZZ_SEP);
	while (n < max) {
		const uint8_t *hit = n + 1 < max ? fuzz_find(data, len, FUZZ_SEP, seplen) : NULL;
		piece[n] = data;
		if (!hit) {
			plen[n++] = len;
			break;
		}
		plen[n++] = (size_t)(hit - data);
		len -= (size_t)(hit - data) + seplen;
		data = hit + seplen;
	}
	return n;
}

/* Growable bytes that stop growing at max (the rest is dropped). */
typedef struct fuzz_bytes {
	uint8_t *p;
	size_t len, cap, max;
} fuzz_bytes;

static __attribute__((unused)) int fuzz_put(fuzz_bytes *b, const void *s, size_t n)
{
	if (n > b->max - b->len)
		n = b->max - b->len;
	if (b->len + n + 1 > b->cap) {
		size_t ncap = (b->len + n + 1) * 2;
		uint8_t *np = realloc(b->p, ncap);
		if (!np)
			abort();
		b->p = np;
		b->cap = ncap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
	return b->len < b->max;
}

/* Upper bound of one expanded piece: big enough for caps and quadratic
 * paths to show (rows, shared strings, nesting, merges), small enough for
 * a few hundred executions a second. */
#define FUZZ_EXPAND_MAX (4u * 1024 * 1024)

/*
 * Copies s into out, expanding the repetition macro "{{N*body}}" (N decimal,
 * up to 999999; bodies nest; an unmatched "{{" is literal): a fuzzer cannot
 * type a 100,000-row sheet, but it can write {{100000*<row>...</row>}}.
 */
static __attribute__((unused)) void fuzz_expand(fuzz_bytes *out, const uint8_t *s, size_t n, int depth)
{
	size_t i = 0;
	while (i < n && out->len < out->max) {
		size_t j = i + 2, count = 0, nd = 0, k, level = 1;
		if (!(i + 1 < n && s[i] == '{' && s[i + 1] == '{') || depth > 4)
			goto literal;
		while (j < n && nd < 6 && s[j] >= '0' && s[j] <= '9')
			count = count * 10 + (size_t)(s[j++] - '0'), nd++;
		if (!nd || j >= n || s[j] != '*')
			goto literal;
		for (k = j + 1; k + 1 < n; k++) {
			if (s[k] == '{' && s[k + 1] == '{')
				level++, k++;
			else if (s[k] == '}' && s[k + 1] == '}' && --level == 0)
				break;
		}
		if (level)
			goto literal;
		{
			fuzz_bytes body = {NULL, 0, 0, out->max};
			fuzz_expand(&body, s + j + 1, k - (j + 1), depth + 1);
			for (size_t r = 0; r < count && body.len && fuzz_put(out, body.p, body.len); r++)
				;
			free(body.p);
		}
		i = k + 2;
		continue;
	literal:
		fuzz_put(out, s + i, 1);
		i++;
	}
}

/* Fills in m[i].data from the pieces, expanded (fuzz_expand) into
 * owned[i] (caller frees each .p): a missing or empty piece keeps the
 * default already in m[i]. */
static __attribute__((unused)) void fuzz_apply_pieces(fuzz_member *m, const size_t *member_of_piece, size_t npieces_max,
						      const uint8_t *data, size_t len, fuzz_bytes *owned)
{
	const uint8_t *piece[16];
	size_t plen[16], n;
	if (npieces_max > 16)
		npieces_max = 16;
	n = fuzz_split(data, len, piece, plen, npieces_max);
	for (size_t i = 0; i < n; i++) {
		if (!plen[i])
			continue;
		owned[i].max = FUZZ_EXPAND_MAX;
		fuzz_expand(&owned[i], piece[i], plen[i], 0);
		m[member_of_piece[i]].data = owned[i].p;
		m[member_of_piece[i]].len = owned[i].len;
	}
}

#endif
