/*
 * SPEC §3 normalisation: NFKC (utf8proc), removal of copy-pasted pinyin
 * after CJK ideographs (長(zhǎng)寧區(qū) -> 長寧區), Traditional -> Simplified
 * (OpenCC t2s.json), trimming of all Unicode white space.
 *
 * Only what is compared is normalised (headers, ids, titles, statuses,
 * numbers, unit names, dates); a quick scan skips the converters for
 * strings that neither would change (plain ASCII, already-simplified CJK).
 */
#ifndef HZ_NORM_H
#define HZ_NORM_H

#include <stddef.h>

#include "hzerr.h"

typedef struct normalizer normalizer;

/* Opens the OpenCC converter once per process.  The normalizer may be used
 * from several threads at once.  Caller frees with normalizer_free. */
hz_code normalizer_new(normalizer **out, hz_error *err);
void normalizer_free(normalizer *n);

/* SPEC §3 in order; invalid UTF-8 bytes become U+FFFD.  Returns a malloc'd
 * NUL-terminated string (caller frees); NULL only on out-of-memory. */
char *norm_text(normalizer *n, const char *s, size_t len);

/* norm_text, then every white-space character removed (for titles, names,
 * headers, ids: "完 成 情 况" equals "完成情况").  Caller frees. */
char *norm_key(normalizer *n, const char *s, size_t len);

#endif
