/*
 * SPEC §3 normalisation.  The expensive steps (utf8proc NFKC ~1 µs, OpenCC
 * ~10 µs per short string) run only when a quick scan of the code points
 * shows they could change something: a campaign normalises some 300k
 * strings, nearly all plain ASCII or already-simplified CJK.
 */
#include "text/norm.h"

#include <opencc/opencc.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "dynbuf.h"
#include "hz_limits.h"

#include "banned.h"

/* Code points whose t2s conversion is looked up once, the first time a
 * string holds one: the BMP.  Above it (CJK extensions B-H: 354
 * TSCharacters keys, rare in forms) a string always goes through OpenCC. */
#define T2S_CP_LIMIT 0x10000u

struct normalizer {
	opencc_t cc;
	/* Bit set in t2s_bits: OpenCC t2s may change a string holding this
	 * code point; known_bits: t2s_bits holds the answer for it.  Filled
	 * lazily, one code point at a time, the first time any thread meets
	 * it: looking up all 28,000 candidates at start-up cost 270 million
	 * instructions, half of a 20-unit run, where a campaign meets a few
	 * hundred.  The answer is a function of the code point alone, so two
	 * threads racing on one write the same bits, and the outputs do not
	 * depend on who came first.  t2s before known (release/acquire). */
	_Atomic uint8_t t2s_bits[T2S_CP_LIMIT / 8];
	_Atomic uint8_t known_bits[T2S_CP_LIMIT / 8];
	int shortcuts;
};

/*
 * OpenCC t2s also converts phrases (TSPhrases) whose characters are all
 * left alone one by one: 回覆 -> 回复, 沈默 -> 沉默, 瞭解 -> 了解, 藉口 ->
 * 借口, 衹得 -> 只得, 牴牾 -> 抵牾.  Every such phrase of OpenCC 1.1.6
 * contains one of these characters (found by dumping TSPhrases.ocd2 with
 * opencc_dict and keeping the characters that differ between key and value
 * in phrases made only of individually unchanged characters).
 */
static const uint32_t t2s_phrase_triggers[] = { 0x6C88, 0x7274, 0x77AD, 0x85C9, 0x8879, 0x8986 };

static void bit_set(_Atomic uint8_t *bits, uint32_t cp)
{
	atomic_fetch_or_explicit(&bits[cp >> 3], (uint8_t)(1u << (cp & 7)), memory_order_release);
}

static int bit_get(_Atomic uint8_t *bits, uint32_t cp)
{
	return (atomic_load_explicit(&bits[cp >> 3], memory_order_acquire) >> (cp & 7)) & 1;
}

static int is_cjk_ideograph(uint32_t cp)
{
	return cp >= 0x3400 && cp <= 0x9FFF;
}

int norm_is_space(uint32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
	switch (cp) {
	case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
	case 0x205F: case 0x3000: case 0x200B: case 0xFEFF:
		return 1;
	default:
		return cp >= 0x2000 && cp <= 0x200A;
	}
}

static int is_pinyin_letter(uint32_t cp)
{
	static const uint32_t tone_vowels[] = {
		0x101, 0xE1, 0x1CE, 0xE0, 0x113, 0xE9, 0x11B, 0xE8, 0x12B, 0xED, 0x1D0, 0xEC,
		0x14D, 0xF3, 0x1D2, 0xF2, 0x16B, 0xFA, 0x1D4, 0xF9, 0x1D6, 0x1D8, 0x1DA, 0x1DC,
		0xFC,
	};
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return 1;
	for (size_t i = 0; i < sizeof(tone_vowels) / sizeof(tone_vowels[0]); i++)
		if (tone_vowels[i] == cp)
			return 1;
	return 0;
}

/*
 * A code point NFKC leaves alone whatever surrounds it: no decomposition,
 * combining class 0, and no part in a canonical composition (ASCII letters
 * start compositions, but only with a following mark, which is itself not
 * stable).  Hangul jamo compose algorithmically, outside utf8proc's table.
 */
static int nfkc_stable(uint32_t cp)
{
	if (cp < 0x80)
		return 1;
	if (cp >= 0x4E00 && cp <= 0x9FFF)
		return 1;
	if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7FF))
		return 0;
	const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
	return p->decomp_seqindex == UINT16_MAX && p->combining_class == 0 && p->comb_index == UINT16_MAX;
}

/* Decodes one code point; invalid or truncated sequences, surrogates and
 * overlong forms give U+FFFD and consume one byte. */
static size_t decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n = utf8proc_iterate(s, (utf8proc_ssize_t)len, &c);
	if (n <= 0) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = (uint32_t)c;
	return (size_t)n;
}

static int add_cp(dynbuf *b, uint32_t cp)
{
	utf8proc_uint8_t tmp[4];
	utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, tmp);
	return dynbuf_add(b, tmp, (size_t)n) == HZ_OK;
}

enum { NEED_CLEAN = 1, NEED_NFKC = 2, NEED_PINYIN = 4, NEED_T2S = 8 };

static int t2s_changes(normalizer *n, uint32_t cp);

static unsigned scan(normalizer *n, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned need = 0;
	uint32_t prev = 0;
	size_t i = 0;

	while (i < len) {
		if (p[i] < 0x80) {
			if (p[i] == 0)
				need |= NEED_CLEAN;
			else if (p[i] == '(' && is_cjk_ideograph(prev))
				need |= NEED_PINYIN;
			prev = p[i++];
			continue;
		}
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0) {
			need |= NEED_CLEAN;
			i++;
			prev = 0xFFFD;
			continue;
		}
		uint32_t cp = (uint32_t)c;
		if (!nfkc_stable(cp))
			need |= NEED_NFKC;
		if (cp >= T2S_CP_LIMIT || (cp >= 0x2E80 && t2s_changes(n, cp)))
			need |= NEED_T2S;
		prev = cp;
		i += (size_t)k;
	}
	return need;
}

/* Invalid UTF-8 to U+FFFD, NUL bytes dropped (the result is a C string). */
static char *clean_utf8(const char *s, size_t len, size_t *outlen)
{
	dynbuf b;
	size_t i = 0;
	dynbuf_init(&b, (size_t)4 * len + 16);
	while (i < len) {
		uint32_t cp;
		i += decode((const unsigned char *)s + i, len - i, &cp);
		if (cp != 0 && !add_cp(&b, cp)) {
			dynbuf_release(&b);
			return NULL;
		}
	}
	return dynbuf_detach(&b, outlen);
}

/* SPEC §3: "(" right after a CJK ideograph, Latin letters, ")" are dropped.
 * The ideograph is looked for in the input, not the output, as a regex
 * substitution does (長(zhǎng)(x) keeps "(x)"). */
static char *drop_pinyin(const char *s, size_t len, size_t *outlen)
{
	const unsigned char *p = (const unsigned char *)s;
	dynbuf b;
	uint32_t prev = 0;
	size_t i = 0;

	dynbuf_init(&b, len + 1);
	while (i < len) {
		uint32_t cp;
		size_t k = decode(p + i, len - i, &cp);
		if (cp == '(' && is_cjk_ideograph(prev)) {
			size_t j = i + k, letters = 0;
			uint32_t c2 = 0;
			while (j < len) {
				size_t k2 = decode(p + j, len - j, &c2);
				if (!is_pinyin_letter(c2))
					break;
				letters++;
				j += k2;
			}
			if (letters > 0 && j < len && c2 == ')') {
				prev = ')';
				i = j + 1;
				continue;
			}
		}
		if (dynbuf_add(&b, p + i, k) != HZ_OK) {
			dynbuf_release(&b);
			return NULL;
		}
		prev = cp;
		i += k;
	}
	return dynbuf_detach(&b, outlen);
}

/* Trims white space at both ends; with squeeze, removes it everywhere. */
static char *strip_space(const char *s, size_t len, int squeeze)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t start = 0, end = len, i;
	char *out;

	while (start < end) {
		uint32_t cp;
		size_t k = decode(p + start, end - start, &cp);
		if (!norm_is_space(cp))
			break;
		start += k;
	}
	/* Walk forward to find the end of the last non-space code point. */
	size_t last = start;
	for (i = start; i < end;) {
		uint32_t cp;
		size_t k = decode(p + i, end - i, &cp);
		i += k;
		if (!norm_is_space(cp))
			last = i;
	}
	end = last;
	out = malloc(end - start + 1);
	if (!out)
		return NULL;
	if (!squeeze) {
		memcpy(out, s + start, end - start);
		out[end - start] = '\0';
		return out;
	}
	size_t o = 0;
	for (i = start; i < end;) {
		uint32_t cp;
		size_t k = decode(p + i, end - i, &cp);
		if (!norm_is_space(cp)) {
			memcpy(out + o, s + i, k);
			o += k;
		}
		i += k;
	}
	out[o] = '\0';
	return out;
}

static char *normalise(normalizer *n, const char *s, size_t len, int squeeze)
{
	char *owned = NULL, *next = NULL, *result = NULL;
	size_t cur_len = len;
	const char *cur = s;
	unsigned need;

	if (!s)
		return strip_space("", 0, squeeze);
	need = n->shortcuts ? scan(n, s, len) : (NEED_CLEAN | NEED_NFKC | NEED_PINYIN | NEED_T2S);

	if (need & NEED_CLEAN) {
		owned = clean_utf8(cur, cur_len, &cur_len);
		if (!owned)
			goto done;
		cur = owned;
	}
	if (need & NEED_NFKC) {
		utf8proc_uint8_t *mapped = NULL;
		utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)cur, (utf8proc_ssize_t)cur_len, &mapped,
						  UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
		if (m < 0)      /* only out of memory: the input is clean UTF-8 */
			goto done;
		free(owned);
		owned = (char *)mapped;
		cur = owned;
		cur_len = (size_t)m;
		/* NFKC makes ideographs (Kangxi radicals) and "(" (full width). */
		if (n->shortcuts)
			need |= scan(n, cur, cur_len);
	}
	if (need & NEED_PINYIN) {
		next = drop_pinyin(cur, cur_len, &cur_len);
		if (!next)
			goto done;
		free(owned);
		owned = next;
		cur = owned;
	}
	if ((need & NEED_T2S) && n->cc != (opencc_t)-1) {
		char *conv = opencc_convert_utf8(n->cc, cur, cur_len);
		if (!conv)
			goto done;
		size_t clen = strlen(conv);
		next = malloc(clen + 1);
		if (next)
			memcpy(next, conv, clen + 1);
		opencc_convert_utf8_free(conv);
		if (!next)
			goto done;
		free(owned);
		owned = next;
		cur = owned;
		cur_len = clen;
	}
	result = strip_space(cur, cur_len, squeeze);
done:
	free(owned);
	return result;
}

char *norm_text(normalizer *n, const char *s, size_t len)
{
	return normalise(n, s, len, 0);
}

char *norm_key(normalizer *n, const char *s, size_t len)
{
	return normalise(n, s, len, 1);
}

hz_code norm_key_nonempty(normalizer *n, const char *s, size_t len, char **key)
{
	*key = normalise(n, s, len, 1);
	if (!*key)
		return HZ_E_NOMEM;
	if (!(*key)[0]) {
		free(*key);
		*key = NULL;
	}
	return HZ_OK;
}

void normalizer_set_shortcuts(normalizer *n, int on)
{
	n->shortcuts = on;
}

/* The code points t2s may change alone: OpenCC 1.1.6's changed keys all
 * lie in U+3400..9FFF; the CJK radicals, symbols and compatibility
 * ideographs (U+2E80..9FFF, F900..FAFF) are looked at too. */
static int t2s_candidate(uint32_t cp)
{
	return cp >= 0x2E80 && cp < 0xFB00 && !(cp >= 0xA000 && cp < 0xF900);
}

/* Whether t2s changes cp (below T2S_CP_LIMIT) on its own, or it starts a
 * phrase t2s converts; asked of OpenCC the first time.  A conversion that
 * fails (out of memory) counts as a change: the string then goes through
 * OpenCC, as it would with no table at all. */
static int t2s_changes(normalizer *n, uint32_t cp)
{
	utf8proc_uint8_t in[5];
	utf8proc_ssize_t k;
	char *out;
	int changed;

	if (bit_get(n->known_bits, cp))
		return bit_get(n->t2s_bits, cp);
	if (!t2s_candidate(cp) || n->cc == (opencc_t)-1)
		changed = 0;
	else {
		k = utf8proc_encode_char((utf8proc_int32_t)cp, in);
		in[k] = '\0';
		out = opencc_convert_utf8(n->cc, (const char *)in, (size_t)k);
		changed = !out || strcmp(out, (const char *)in) != 0;
		if (out)
			opencc_convert_utf8_free(out);
	}
	if (changed)
		bit_set(n->t2s_bits, cp);
	bit_set(n->known_bits, cp);
	return changed;
}

/*
 * opencc_convert_utf8 is documented thread-safe (opencc.h: opencc_error is
 * "the only one which is NOT thread-safe"): SimpleConverter::Convert and
 * the converter chain are const, segments are per call, and the one shared
 * string (the last error) is written only when a conversion throws, which
 * needs invalid UTF-8 (never passed: the text is cleaned first).  So one
 * handle serves every thread without a lock.
 */
hz_code normalizer_new(normalizer **out, hz_error *err)
{
	normalizer *n;
	hz_code rc;

	*out = NULL;
	n = calloc(1, sizeof(*n));
	if (!n)
		return hz_error_set(err, HZ_E_NOMEM, "out of memory");
	n->shortcuts = 1;
	n->cc = opencc_open("t2s.json");
	if (n->cc == (opencc_t)-1) {
		hz_error_file(err, "t2s.json");
		rc = hz_error_set(err, HZ_E_INTERNAL, "cannot open OpenCC t2s.json (package libopencc-data): %s",
				  opencc_error());
		free(n);
		return rc;
	}
	for (size_t k = 0; k < sizeof(t2s_phrase_triggers) / sizeof(t2s_phrase_triggers[0]); k++) {
		bit_set(n->t2s_bits, t2s_phrase_triggers[k]);
		bit_set(n->known_bits, t2s_phrase_triggers[k]);
	}
	*out = n;
	return HZ_OK;
}

void normalizer_free(normalizer *n)
{
	if (!n)
		return;
	if (n->cc != (opencc_t)-1)
		opencc_close(n->cc);
	free(n);
}
