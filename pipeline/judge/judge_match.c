/*
 * The roster index and the row → task matching of SPEC §2, shared by the
 * judge of the submissions (judge.c) and the judges of later rounds.
 */
#include "judge/judge_match.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "text/vocab.h"

#include "banned.h"

#define NONE SIZE_MAX

/* ------------------------------------------------------------------ roster index */

/* One normalised roster name or alias.  Keys with equal text are chained
 * through `next`, so an alias two units share is seen as shared. */
typedef struct roster_key {
	char *key;
	size_t len;      /* bytes */
	size_t nchars;   /* characters: "the longest wins" counts characters */
	size_t unit;
	size_t next;
} roster_key;

/* One pair of neighbouring characters of a key: the keys that contain a
 * text are among those holding any one pair of its characters, so the
 * search for them reads the fewest such keys instead of every key (at
 * 100,000 units, every key for every unmatched text was most of judging). */
typedef struct key_pair {
	uint64_t pair;   /* the two characters' bytes, four each at most */
	size_t key;
} key_pair;

typedef struct roster_index {
	roster_key *keys;
	size_t nkeys;
	size_t *slots;   /* open addressing: first key of each distinct text, or NONE */
	size_t nslots;   /* a power of two */
	size_t *lens;    /* the distinct byte lengths of the keys */
	size_t nlens;
	key_pair *pairs; /* by pair, then key; each (pair, key) once */
	size_t npairs;
} roster_index;

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static size_t utf8_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static int is_boundary(const char *s, size_t len, size_t i)
{
	return i >= len || ((unsigned char)s[i] & 0xC0) != 0x80;
}

static size_t index_lookup(const roster_index *ix, const char *s, size_t len)
{
	size_t mask = ix->nslots - 1;
	for (size_t i = hash_bytes(s, len) & mask;; i = (i + 1) & mask) {
		size_t k = ix->slots[i];
		if (k == NONE)
			return NONE;
		if (ix->keys[k].len == len && memcmp(ix->keys[k].key, s, len) == 0)
			return k;
	}
}

static void index_release(roster_index *ix)
{
	for (size_t i = 0; i < ix->nkeys; i++)
		free(ix->keys[i].key);
	free(ix->keys);
	free(ix->slots);
	free(ix->lens);
	free(ix->pairs);
	memset(ix, 0, sizeof(*ix));
}

static hz_code index_add(roster_index *ix, size_t *cap, normalizer *n, const char *text, size_t unit)
{
	char *k;
	hz_code rc;
	if (!text)
		return HZ_OK;
	if ((rc = norm_key_nonempty(n, text, strlen(text), &k)) != HZ_OK || !k)
		return rc;
	roster_key *v = dynbuf_grow_array(ix->keys, ix->nkeys, cap, 64, sizeof(*v));
	if (!v) {
		free(k);
		return HZ_E_NOMEM;
	}
	ix->keys = v;
	ix->keys[ix->nkeys].key = k;
	ix->keys[ix->nkeys].len = strlen(k);
	ix->keys[ix->nkeys].nchars = utf8_chars(k, strlen(k));
	ix->keys[ix->nkeys].unit = unit;
	ix->keys[ix->nkeys].next = NONE;
	ix->nkeys++;
	return HZ_OK;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* The character starting at s[i] (bytes up to the next boundary, four at
 * most) as a number; *next: where the following one starts. */
static uint32_t char_code(const char *s, size_t len, size_t i, size_t *next)
{
	uint32_t c = (unsigned char)s[i];
	size_t j = i + 1;
	for (; j < len && !is_boundary(s, len, j); j++)
		if (j - i < 4)
			c = c << 8 | (unsigned char)s[j];
	*next = j;
	return c;
}

static int cmp_pair(const void *a, const void *b)
{
	const key_pair *x = a, *y = b;
	if (x->pair != y->pair)
		return x->pair < y->pair ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

static hz_code pairs_build(roster_index *ix)
{
	size_t n = 0, w = 0;
	for (size_t k = 0; k < ix->nkeys; k++)
		n += ix->keys[k].nchars ? ix->keys[k].nchars - 1 : 0;
	ix->pairs = malloc((n ? n : 1) * sizeof(*ix->pairs));
	if (!ix->pairs)
		return HZ_E_NOMEM;
	for (size_t k = 0; k < ix->nkeys; k++) {
		const char *s = ix->keys[k].key;
		size_t len = ix->keys[k].len, i = 0, j;
		uint32_t prev;
		if (!len)
			continue;
		prev = char_code(s, len, 0, &i);
		while (i < len) {
			uint32_t cur = char_code(s, len, i, &j);
			ix->pairs[ix->npairs].pair = (uint64_t)prev << 32 | cur;
			ix->pairs[ix->npairs++].key = k;
			prev = cur;
			i = j;
		}
	}
	qsort(ix->pairs, ix->npairs, sizeof(*ix->pairs), cmp_pair);
	for (size_t i = 0; i < ix->npairs; i++)
		if (w == 0 || ix->pairs[w - 1].pair != ix->pairs[i].pair || ix->pairs[w - 1].key != ix->pairs[i].key)
			ix->pairs[w++] = ix->pairs[i];
	ix->npairs = w;
	return HZ_OK;
}

/* The first index in ix->pairs whose pair is not below pair. */
static size_t pairs_lower_bound(const roster_index *ix, uint64_t pair)
{
	size_t lo = 0, hi = ix->npairs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->pairs[mid].pair < pair)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first index of pair in ix->pairs, and (*end) one past its last: both
 * by bisection, as a pair every name holds (某某) spans the whole roster. */
static size_t pairs_range(const roster_index *ix, uint64_t pair, size_t *end)
{
	*end = pair == UINT64_MAX ? ix->npairs : pairs_lower_bound(ix, pair + 1);
	return pairs_lower_bound(ix, pair);
}

static hz_code index_build(roster_index *ix, const hz_results *r, normalizer *n)
{
	size_t cap = 0;
	hz_code rc;
	memset(ix, 0, sizeof(*ix));
	for (size_t u = 0; u < r->nunits; u++) {
		if ((rc = index_add(ix, &cap, n, r->units[u].name, u)) != HZ_OK)
			return rc;
		for (size_t a = 0; a < r->units[u].naliases; a++)
			if ((rc = index_add(ix, &cap, n, r->units[u].aliases[a], u)) != HZ_OK)
				return rc;
	}
	ix->nslots = 16;
	while (ix->nslots < ix->nkeys * 2 + 1)
		ix->nslots *= 2;
	ix->slots = malloc(ix->nslots * sizeof(*ix->slots));
	ix->lens = malloc((ix->nkeys + 1) * sizeof(*ix->lens));
	if (!ix->slots || !ix->lens)
		return HZ_E_NOMEM;
	for (size_t i = 0; i < ix->nslots; i++)
		ix->slots[i] = NONE;
	for (size_t k = 0; k < ix->nkeys; k++) {
		size_t mask = ix->nslots - 1, i;
		roster_key *key = &ix->keys[k];
		for (i = hash_bytes(key->key, key->len) & mask; ix->slots[i] != NONE; i = (i + 1) & mask) {
			roster_key *o = &ix->keys[ix->slots[i]];
			if (o->len == key->len && memcmp(o->key, key->key, key->len) == 0)
				break;
		}
		if (ix->slots[i] == NONE) {
			ix->slots[i] = k;
		} else {
			size_t last = ix->slots[i];
			while (ix->keys[last].next != NONE)
				last = ix->keys[last].next;
			ix->keys[last].next = k;
		}
		ix->lens[ix->nlens++] = key->len;
	}
	qsort(ix->lens, ix->nlens, sizeof(*ix->lens), cmp_size);
	{
		size_t w = 0;
		for (size_t i = 0; i < ix->nlens; i++)
			if (w == 0 || ix->lens[w - 1] != ix->lens[i])
				ix->lens[w++] = ix->lens[i];
		ix->nlens = w;
	}
	return pairs_build(ix);
}

static int contains(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	const char *p = hay, *end = hay + hlen;
	if (nlen == 0)
		return 1;
	while ((size_t)(end - p) >= nlen) {
		p = memchr(p, (unsigned char)needle[0], (size_t)(end - p) - nlen + 1);
		if (!p)
			return 0;
		if (memcmp(p, needle, nlen) == 0)
			return 1;
		p++;
	}
	return 0;
}

/* The distinct units found so far; two are enough to know it is ambiguous. */
typedef struct candidates {
	size_t first;
	int n;     /* 0, 1, or 2 meaning "more than one" */
} candidates;

static void cand_add(candidates *c, size_t unit)
{
	if (c->n == 0) {
		c->first = unit;
		c->n = 1;
	} else if (unit != c->first) {
		c->n = 2;
	}
}

static void cand_add_chain(candidates *c, const roster_index *ix, size_t k)
{
	for (; k != NONE && c->n < 2; k = ix->keys[k].next)
		cand_add(c, ix->keys[k].unit);
}

/* SPEC §2: exact name/alias; else the single entry whose name or alias
 * contains the text or is contained in it (aliases count, 5.10). */
static size_t match_unit_text(const roster_index *ix, const char *text)
{
	size_t len = strlen(text);
	candidates c = {0, 0};
	size_t k;
	if (!len)
		return NONE;
	k = index_lookup(ix, text, len);
	if (k != NONE) {
		cand_add_chain(&c, ix, k);
		if (c.n == 1)
			return c.first;
		return NONE; /* two units claim this very text: neither wins */
	}
	/* entries contained in the text */
	for (size_t i = 0; i < len && c.n < 2; i++) {
		if (!is_boundary(text, len, i))
			continue;
		for (size_t l = 0; l < ix->nlens && ix->lens[l] <= len - i; l++) {
			size_t kl = ix->lens[l];
			if (!is_boundary(text, len, i + kl))
				continue;
			k = index_lookup(ix, text + i, kl);
			if (k != NONE)
				cand_add_chain(&c, ix, k);
		}
	}
	/* entries containing the text: those holding its rarest pair of
	 * characters, or every entry for a text of one character */
	{
		size_t from = 0, to = ix->nkeys, i = 0, j;
		bool by_pair = false;
		uint32_t prev = char_code(text, len, 0, &i);
		while (i < len) {
			uint32_t cur = char_code(text, len, i, &j);
			size_t end, start = pairs_range(ix, (uint64_t)prev << 32 | cur, &end);
			if (!by_pair || end - start < to - from) {
				from = start;
				to = end;
				by_pair = true;
			}
			prev = cur;
			i = j;
		}
		for (size_t p = from; p < to && c.n < 2; p++) {
			size_t e = by_pair ? ix->pairs[p].key : p;
			if (ix->keys[e].len > len && contains(ix->keys[e].key, ix->keys[e].len, text, len))
				cand_add(&c, ix->keys[e].unit);
		}
	}
	return c.n == 1 ? c.first : NONE;
}

/* The roster name or alias that the normalised text s contains; the longest
 * wins, a tie is unknown (SPEC §1 file names, 6.1 sheet names). */
static size_t match_longest_contained(const roster_index *ix, const char *s)
{
	size_t len = strlen(s), best_chars = 0;
	candidates c = {0, 0};
	for (size_t i = 0; i < len; i++) {
		if (!is_boundary(s, len, i))
			continue;
		for (size_t l = 0; l < ix->nlens && ix->lens[l] <= len - i; l++) {
			size_t kl = ix->lens[l], k;
			if (!is_boundary(s, len, i + kl))
				continue;
			k = index_lookup(ix, s + i, kl);
			if (k == NONE)
				continue;
			if (ix->keys[k].nchars > best_chars) {
				best_chars = ix->keys[k].nchars;
				c.n = 0;
			}
			if (ix->keys[k].nchars == best_chars)
				for (; k != NONE; k = ix->keys[k].next)
					cand_add(&c, ix->keys[k].unit);
		}
	}
	return c.n == 1 ? c.first : NONE;
}

/* SPEC §1: the roster name or alias that the file name (base name without
 * extension, normalised) contains; the longest wins, a tie is unknown. */
static size_t match_file_name(const roster_index *ix, normalizer *n, const char *relpath, hz_code *rc)
{
	const char *base = strrchr(relpath, '/');
	const char *dot;
	size_t stem_len, u;
	char *s;
	base = base ? base + 1 : relpath;
	dot = strrchr(base, '.');
	/* as Python's splitext: leading dots do not start an extension */
	if (dot) {
		const char *p = base;
		while (*p == '.')
			p++;
		if (dot < p)
			dot = NULL;
	}
	stem_len = dot ? (size_t)(dot - base) : strlen(base);
	s = norm_key(n, base, stem_len);
	if (!s) {
		*rc = HZ_E_NOMEM;
		return NONE;
	}
	u = match_longest_contained(ix, s);
	free(s);
	return u;
}


/* ------------------------------------------------------------------ the matcher */

struct hz_matcher {
	const hz_results *r;
	normalizer *n;
	roster_index ix;
	char **task_ids;      /* norm_key of each task id */
	char **task_titles;   /* norm_key of each task title */
	hz_bigrams *task_bigrams; /* of each task title, once for every row's Dice */
	double total_max;
};

/* SPEC §2 row → task: ref equal to an id; else equal title; else the unique
 * best bigram Dice ≥ 0.6 (SPEC 5.3, compared exactly).  *rc is set only on
 * out of memory. */
static size_t match_row(const hz_matcher *c, const char *ref, const char *title_key, hz_code *rc)
{
	const hz_results *r = c->r;
	unsigned long long best_n = 0, best_d = 0;
	size_t best = NONE, nbest = 0;
	hz_bigrams row_bigrams;
	if (ref && ref[0])
		for (size_t t = 0; t < r->ntasks; t++)
			if (strcmp(ref, c->task_ids[t]) == 0)
				return t;
	if (!title_key || !title_key[0])
		return NONE;
	for (size_t t = 0; t < r->ntasks; t++)
		if (strcmp(title_key, c->task_titles[t]) == 0)
			return t;
	if (!hz_bigrams_init(&row_bigrams, title_key)) {
		*rc = HZ_E_NOMEM;
		return NONE;
	}
	for (size_t t = 0; t < r->ntasks; t++) {
		unsigned common2 = 0, total = 0;
		hz_dice_bigrams(&row_bigrams, &c->task_bigrams[t], &common2, &total);
		if (total == 0)
			continue;
		/* common2/total against best_n/best_d, in integers */
		if (best == NONE || (unsigned long long)common2 * best_d > best_n * total) {
			best = t;
			best_n = common2;
			best_d = total;
			nbest = 1;
		} else if ((unsigned long long)common2 * best_d == best_n * total) {
			nbest++;
		}
	}
	hz_bigrams_release(&row_bigrams);
	if (best != NONE && nbest == 1 && best_n * 5 >= best_d * 3)
		return best;
	return NONE;
}

hz_code hz_matcher_new(hz_matcher **out, hz_results *r, normalizer *n)
{
	hz_matcher *c = calloc(1, sizeof(*c));
	hz_code rc;

	*out = NULL;
	if (!c)
		return HZ_E_NOMEM;
	c->r = r;
	c->n = n;
	if ((rc = index_build(&c->ix, r, n)) != HZ_OK)
		goto fail;
	rc = HZ_E_NOMEM;
	c->task_ids = calloc(r->ntasks + 1, sizeof(*c->task_ids));
	c->task_titles = calloc(r->ntasks + 1, sizeof(*c->task_titles));
	c->task_bigrams = calloc(r->ntasks + 1, sizeof(*c->task_bigrams));
	if (!c->task_ids || !c->task_titles || !c->task_bigrams)
		goto fail;
	for (size_t t = 0; t < r->ntasks; t++) {
		const hz_task *task = &r->tasks[t];
		const char *id = task->id ? task->id : "", *title = task->title ? task->title : "";
		c->task_ids[t] = norm_key(n, id, strlen(id));
		c->task_titles[t] = norm_key(n, title, strlen(title));
		if (!c->task_ids[t] || !c->task_titles[t] || !hz_bigrams_init(&c->task_bigrams[t], c->task_titles[t]))
			goto fail;
		c->total_max += task->max;
	}
	*out = c;
	return HZ_OK;
fail:
	hz_matcher_free(c);
	return rc;
}

void hz_matcher_free(hz_matcher *c)
{
	if (!c)
		return;
	index_release(&c->ix);
	for (size_t t = 0; c->task_ids && t < c->r->ntasks; t++)
		free(c->task_ids[t]);
	for (size_t t = 0; c->task_titles && t < c->r->ntasks; t++)
		free(c->task_titles[t]);
	for (size_t t = 0; c->task_bigrams && t < c->r->ntasks; t++)
		hz_bigrams_release(&c->task_bigrams[t]);
	free(c->task_ids);
	free(c->task_titles);
	free(c->task_bigrams);
	free(c);
}

size_t hz_match_unit_key(const hz_matcher *m, const char *key)
{
	return match_unit_text(&m->ix, key);
}

/* fn on the norm_key of text; *rc is set only on out of memory. */
static size_t match_keyed(const hz_matcher *m, const char *text, hz_code *rc,
			  size_t (*fn)(const roster_index *, const char *))
{
	char *key;
	size_t u;

	if (!text || !text[0])
		return HZ_NO_MATCH;
	key = norm_key(m->n, text, strlen(text));
	if (!key) {
		*rc = HZ_E_NOMEM;
		return HZ_NO_MATCH;
	}
	u = fn(&m->ix, key);
	free(key);
	return u;
}

size_t hz_match_unit(const hz_matcher *m, const char *text, hz_code *rc)
{
	return match_keyed(m, text, rc, match_unit_text);
}

size_t hz_match_contained(const hz_matcher *m, const char *text, hz_code *rc)
{
	return match_keyed(m, text, rc, match_longest_contained);
}

size_t hz_match_file(const hz_matcher *m, const char *relpath, hz_code *rc)
{
	return match_file_name(&m->ix, m->n, relpath ? relpath : "", rc);
}

size_t hz_match_task(const hz_matcher *m, const char *ref, const char *title_key, hz_code *rc)
{
	return match_row(m, ref ? ref : "", title_key ? title_key : "", rc);
}

const char *hz_match_task_title_key(const hz_matcher *m, size_t t)
{
	return m->task_titles[t];
}

double hz_match_total_max(const hz_matcher *m)
{
	return m->total_max;
}
