#include "write/wordbreak.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utf16.h>
#include <utf8proc.h>

#include "banned.h"

/* The terms of every checklist campaign that ICU's dictionary splits. */
static const char *const common_terms[] = {
	"模范机关", "清廉机关", "自查自评", "自查情况", "汇总", "整改", "考评验收", "反馈意见", "问题清单",
	"任务清单", "拟定名单", "公示", "实地考评", "综合审定", "评审组", "工作委员会", "党工委", "机关工委",
	"党支部", "党委", "党组", "自评表", "创建",
	/* the headings' reasons (未报送、逾期报送、未按表格填报、等次为不合格) */
	"报送", "填报", "等次", "不合格", "阶段材料"};
/* A compound longer than this is the title being broken itself (a campaign
 * title of 22 characters): its words are kept, not the whole. */
#define WB_COMPOUND_MAX 16
/* After these a person breaks a title (关于 | …的 | …和 | …及 | …与). */
static const char *const after_words[] = {"关于", "的", "和", "及", "与"};
/* A number stays with its unit: 2024年, 11月, 8日, 13项, 96分 … */
static const char number_units[] = "年月日号度期届次个项分名位条份家人";

/* Words of at least this many bytes are found through their first
 * WB_KEY bytes (two CJK characters): a campaign's vocabulary holds every
 * roster name, so looking for each word in each title would cost units ×
 * titles (100,000 units: 36,000 letters × 100,000 names). */
#define WB_KEY 6

struct wordbreak {
	char **words;     /* UTF-8 */
	size_t *lens;     /* bytes */
	size_t n;
	size_t *keyed;    /* the words of WB_KEY bytes or more, by their first WB_KEY bytes */
	size_t nkeyed;
	size_t *short_words; /* the others, looked for one by one */
	size_t nshort;
	char **issuers;   /* the issuer: its edges are preferred breaks */
	size_t nissuers;
};

static hz_code add_word(char ***v, size_t **lens, size_t *n, const char *s)
{
	size_t len, chars = 0;
	char **g;
	size_t *gl;
	if (!s || !*s)
		return HZ_OK;
	len = strlen(s);
	for (size_t i = 0; i < len; i++)
		chars += ((unsigned char)s[i] & 0xC0) != 0x80;
	if (chars < 2 || chars > WB_COMPOUND_MAX)
		return HZ_OK;
	g = realloc(*v, (*n + 1) * sizeof(*g));
	if (!g)
		return HZ_E_NOMEM;
	*v = g;
	if (lens) {
		gl = realloc(*lens, (*n + 1) * sizeof(*gl));
		if (!gl)
			return HZ_E_NOMEM;
		*lens = gl;
		gl[*n] = len;
	}
	if (!(g[*n] = strdup(s)))
		return HZ_E_NOMEM;
	(*n)++;
	return HZ_OK;
}

/* Words x and y by their first WB_KEY bytes, then in vocabulary order. */
static int by_key(char *const *words, size_t x, size_t y)
{
	int c = memcmp(words[x], words[y], WB_KEY);
	return c ? c : (x < y ? -1 : x > y);
}

/* A merge sort of idx[0..n) by by_key, tmp as scratch (qsort has no
 * context argument, and the report and the letters build vocabularies on
 * two threads at once). */
static void sort_keyed(size_t *idx, size_t *tmp, size_t n, char *const *words)
{
	size_t mid;
	if (n < 2)
		return;
	mid = n / 2;
	sort_keyed(idx, tmp, mid, words);
	sort_keyed(idx + mid, tmp, n - mid, words);
	for (size_t i = 0, j = mid, k = 0; k < n; k++)
		tmp[k] = j >= n || (i < mid && by_key(words, idx[i], idx[j]) <= 0) ? idx[i++] : idx[j++];
	memcpy(idx, tmp, n * sizeof(*idx));
}

static hz_code index_words(wordbreak *w)
{
	size_t *tmp;
	w->keyed = malloc((w->n ? w->n : 1) * sizeof(*w->keyed));
	w->short_words = malloc((w->n ? w->n : 1) * sizeof(*w->short_words));
	tmp = malloc((w->n ? w->n : 1) * sizeof(*tmp));
	if (!w->keyed || !w->short_words || !tmp) {
		free(tmp);
		return HZ_E_NOMEM;
	}
	for (size_t i = 0; i < w->n; i++) {
		if (w->lens[i] >= WB_KEY)
			w->keyed[w->nkeyed++] = i;
		else
			w->short_words[w->nshort++] = i;
	}
	sort_keyed(w->keyed, tmp, w->nkeyed, w->words);
	free(tmp);
	return HZ_OK;
}

hz_code wordbreak_new(wordbreak **out, const hz_results *r)
{
	wordbreak *w = calloc(1, sizeof(*w));
	hz_code rc = HZ_OK;
	*out = NULL;
	if (!w)
		return HZ_E_NOMEM;
	for (size_t i = 0; i < sizeof(common_terms) / sizeof(common_terms[0]) && rc == HZ_OK; i++)
		rc = add_word(&w->words, &w->lens, &w->n, common_terms[i]);
	if (r) {
		const hz_settings *s = &r->settings;
		if (rc == HZ_OK)
			rc = add_word(&w->words, &w->lens, &w->n, s->title);
		if (rc == HZ_OK)
			rc = add_word(&w->words, &w->lens, &w->n, s->issuer);
		if (rc == HZ_OK)
			rc = add_word(&w->words, &w->lens, &w->n, s->honour);
		if (rc == HZ_OK)
			rc = add_word(&w->issuers, NULL, &w->nissuers, s->issuer);
		for (size_t i = 0; i < r->ncategories && rc == HZ_OK; i++)
			rc = add_word(&w->words, &w->lens, &w->n, r->categories[i]);
		for (size_t i = 0; i < r->ntasks && rc == HZ_OK; i++)
			rc = add_word(&w->words, &w->lens, &w->n, r->tasks[i].title);
		for (size_t i = 0; i < r->nunits && rc == HZ_OK; i++)
			rc = add_word(&w->words, &w->lens, &w->n, r->units[i].name);
		for (size_t i = 0; i < s->nphases && rc == HZ_OK; i++)
			rc = add_word(&w->words, &w->lens, &w->n, s->phases[i].name);
	}
	if (rc == HZ_OK)
		rc = index_words(w);
	if (rc != HZ_OK) {
		wordbreak_free(w);
		return rc;
	}
	*out = w;
	return HZ_OK;
}

void wordbreak_free(wordbreak *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++)
		free(w->words[i]);
	for (size_t i = 0; i < w->nissuers; i++)
		free(w->issuers[i]);
	free(w->words);
	free(w->lens);
	free(w->keyed);
	free(w->short_words);
	free(w->issuers);
	free(w);
}

static bool is_digit(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

static bool is_number_unit(uint32_t c)
{
	const unsigned char *s = (const unsigned char *)number_units;
	utf8proc_int32_t u;
	for (utf8proc_ssize_t got; *s; s += got) {
		got = utf8proc_iterate(s, -1, &u);
		if (got <= 0)
			return false;
		if ((uint32_t)u == c)
			return true;
	}
	return false;
}

/* An occurrence of a word at character ka, its bytes [a, b) of text:
 * cost[k] at least inside for the breaks inside it (before characters
 * ka+1 … kb-1); at_edge for its two edges where nothing else is set. */
static void mark_at(size_t tlen, const size_t *char_at, size_t n, size_t ka, size_t b, int64_t *cost, int64_t inside,
		    int64_t at_edge)
{
	size_t kb = n;
	/* byte offsets to characters: char_at[k] is character k's offset */
	for (size_t k = ka; k < n; k++)
		if (char_at[k] == b) {
			kb = k;
			break;
		}
	if (b == tlen)
		kb = n;
	for (size_t k = ka + 1; k < kb && k < n; k++)
		if (cost[k] < inside)
			cost[k] = inside;
	if (at_edge) {
		if (ka > 0 && cost[ka] == 0)
			cost[ka] = at_edge;
		if (kb < n && cost[kb] == 0)
			cost[kb] = at_edge;
	}
}

/* Each occurrence of word (len bytes) in text that starts on a character. */
static void mark_word(const char *text, size_t tlen, const size_t *char_at, size_t n, const char *word, size_t len,
		      int64_t *cost, int64_t inside, int64_t at_edge)
{
	const char *p = text;
	while ((p = strstr(p, word)) != NULL) {
		size_t a = (size_t)(p - text), ka = n;
		for (size_t k = 0; k < n && char_at[k] <= a; k++)
			if (char_at[k] == a)
				ka = k;
		if (ka < n)
			mark_at(tlen, char_at, n, ka, a + len, cost, inside, at_edge);
		p += 1;
	}
}

/* The vocabulary's compounds (wordbreak.keyed and short_words) wherever
 * they occur in text. */
static void mark_vocabulary(const wordbreak *w, const char *text, size_t tlen, const size_t *char_at, size_t n,
			    int64_t *cost)
{
	for (size_t i = 0; i < w->nshort; i++) {
		const size_t k = w->short_words[i];
		mark_word(text, tlen, char_at, n, w->words[k], w->lens[k], cost, WB_INSIDE_COMPOUND, 0);
	}
	for (size_t ka = 0; ka < n && char_at[ka] + WB_KEY <= tlen; ka++) {
		const char *at = text + char_at[ka];
		size_t lo = 0, hi = w->nkeyed;
		while (lo < hi) { /* the first word whose key is not below at's */
			const size_t mid = lo + (hi - lo) / 2;
			if (memcmp(w->words[w->keyed[mid]], at, WB_KEY) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < w->nkeyed && !memcmp(w->words[w->keyed[lo]], at, WB_KEY); lo++) {
			const size_t k = w->keyed[lo];
			if (char_at[ka] + w->lens[k] <= tlen && !memcmp(at, w->words[k], w->lens[k]))
				mark_at(tlen, char_at, n, ka, char_at[ka] + w->lens[k], cost, WB_INSIDE_COMPOUND, 0);
		}
	}
}

hz_code wordbreak_costs(const wordbreak *w, const uint32_t *cp, size_t n, int64_t *cost)
{
	char *text = NULL;
	size_t *char_at = NULL, tlen = 0;
	UChar *u16 = NULL;
	int32_t *u16_at = NULL, len16 = 0;
	bool *boundary = NULL;
	UBreakIterator *bi = NULL;
	UErrorCode st = U_ZERO_ERROR;
	hz_code rc = HZ_E_NOMEM;

	if (n == 0)
		return HZ_OK;
	text = malloc(n * 4 + 1);
	char_at = calloc(n + 1, sizeof(*char_at));
	u16 = malloc((n * 2 + 1) * sizeof(*u16));
	u16_at = calloc(n * 2 + 2, sizeof(*u16_at));
	boundary = calloc(n + 1, sizeof(*boundary));
	if (!text || !char_at || !u16 || !u16_at || !boundary)
		goto done;
	for (size_t k = 0; k < n; k++) {
		uint32_t c = cp[k] <= 0x10FFFF ? cp[k] : 0xFFFD;
		UBool err = 0;
		char_at[k] = tlen;
		tlen += (size_t)utf8proc_encode_char((utf8proc_int32_t)c, (utf8proc_uint8_t *)text + tlen);
		u16_at[len16] = (int32_t)k;
		U16_APPEND((UChar *)u16, len16, (int32_t)(n * 2 + 1), (UChar32)c, err);
		if (err)
			goto done;
		if (U16_LENGTH(c) == 2)
			u16_at[len16 - 1] = (int32_t)k;
	}
	char_at[n] = tlen;
	text[tlen] = '\0';
	u16_at[len16] = (int32_t)n;

	/* ICU's word boundaries ("zh": its dictionary for Chinese) */
	bi = ubrk_open(UBRK_WORD, "zh", u16, len16, &st);
	if (U_FAILURE(st)) {
		/* no ICU data: every place is a boundary, the compounds still hold */
		for (size_t k = 0; k <= n; k++)
			boundary[k] = true;
	} else {
		for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
			if (b >= 0 && b <= len16)
				boundary[u16_at[b]] = true;
	}
	for (size_t k = 0; k < n; k++)
		cost[k] = k == 0 || boundary[k] ? 0 : WB_INSIDE_WORD;
	/* 2024年, 11月, 13项: the number and its unit */
	for (size_t k = 1; k < n; k++)
		if (is_digit(cp[k - 1]) && (is_digit(cp[k]) || is_number_unit(cp[k])))
			cost[k] = WB_INSIDE_COMPOUND;
	if (w)
		mark_vocabulary(w, text, tlen, char_at, n, cost);
	if (!w)
		for (size_t i = 0; i < sizeof(common_terms) / sizeof(common_terms[0]); i++)
			mark_word(text, tlen, char_at, n, common_terms[i], strlen(common_terms[i]), cost,
				  WB_INSIDE_COMPOUND, 0);
	/* the issuer and the subject; after 关于/的/和/及/与 */
	for (size_t i = 0; w && i < w->nissuers; i++)
		mark_word(text, tlen, char_at, n, w->issuers[i], strlen(w->issuers[i]), cost, 0, WB_PREFERRED);
	for (size_t i = 0; i < sizeof(after_words) / sizeof(after_words[0]); i++) {
		const char *aw = after_words[i];
		size_t al = strlen(aw);
		for (const char *p = text; (p = strstr(p, aw)) != NULL; p++) {
			size_t b = (size_t)(p - text) + al;
			for (size_t k = 1; k < n; k++)
				if (char_at[k] == b && cost[k] == 0)
					cost[k] = WB_PREFERRED;
		}
	}
	cost[0] = 0;
	rc = HZ_OK;
done:
	if (bi)
		ubrk_close(bi);
	free(text);
	free(char_at);
	free(u16);
	free(u16_at);
	free(boundary);
	return rc;
}
