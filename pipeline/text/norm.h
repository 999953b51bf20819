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
#include <stdint.h>

#include "hzerr.h"

typedef struct normalizer normalizer;

/* Opens the OpenCC converter (call once per process: start-up costs some
 * tens of ms, it looks up which code points t2s changes).  The normalizer
 * may be used from several threads at once.  HZ_E_INTERNAL when OpenCC's
 * t2s.json is not found.  Caller frees with normalizer_free. */
HZ_MUST_USE hz_code normalizer_new(normalizer **out, hz_error *err);
void normalizer_free(normalizer *n);

/* SPEC §3 in order; invalid UTF-8 bytes become U+FFFD.  Returns a malloc'd
 * NUL-terminated string (caller frees); NULL only on out-of-memory. */
char *norm_text(normalizer *n, const char *s, size_t len);

/* norm_text, then every white-space character removed (for titles, names,
 * headers, ids: "完 成 情 况" equals "完成情况").  Caller frees. */
char *norm_key(normalizer *n, const char *s, size_t len);

/* norm_key for a list that keeps no empty key: *key is the key (caller
 * frees), or NULL when it normalises to nothing.  HZ_E_NOMEM, else HZ_OK. */
HZ_MUST_USE hz_code norm_key_nonempty(normalizer *n, const char *s, size_t len, char **key);

/* Whether a code point is white space as SPEC §3 trims it: Python's
 * str.isspace() (which the conformance truth uses) plus the zero-width
 * space and BOM of pasted text.  The one definition the readers share. */
int norm_is_space(uint32_t cp);

/* on = 1 (the default): skip NFKC / OpenCC for strings they cannot change.
 * on = 0 runs every step on every string; for tests and benchmarks that
 * check the shortcuts change nothing.  Not to be called while other threads
 * use n. */
void normalizer_set_shortcuts(normalizer *n, int on);

#endif
