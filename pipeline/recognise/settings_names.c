/*
 * The names of campaign.ini (settings_names.h).  The text has been cleaned
 * by settings.c, so a line is empty, a section or a key; the line numbers
 * are the file's.
 */
#include "recognise/settings_names.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "banned.h"

/* NULL keys: any name (grade names, phase names). */
typedef struct ini_section {
	const char *name;
	const char *const *keys;
} ini_section;

static const char *const campaign_keys[] = {"title",	"issuer",     "as_of", "deadline",
					    "timezone", "rectify_by", "plan",  NULL};
static const char *const scoring_keys[] = {"done", "partial", "not_started", NULL};
static const char *const lagging_keys[] = {"below", NULL};
static const char *const report_keys[] = {"top", "inline_units", NULL};
static const char *const final_keys[] = {"self_weight", "review_weight", "overrate", NULL};
static const char *const candidates_keys[] = {"honour", "min_grade", "max", "publicity", "contact", NULL};
static const char *const input_keys[] = {"convert", "soffice", "convert_timeout", NULL};

/* SPEC §1, 6.3, 6.4, §4 [report], §9 [phases], §10 [input] */
static const ini_section sections[] = {
	{"campaign", campaign_keys}, {"scoring", scoring_keys},	      {"grades", NULL},
	{"lagging", lagging_keys},   {"report", report_keys},	      {"final", final_keys},
	{"candidates", candidates_keys}, {"phases", NULL},	      {"input", input_keys},
};
#define NSECTIONS (sizeof(sections) / sizeof(sections[0]))

/* A name in a message: at most this many bytes, cut at a character. */
#define SHOWN_NAME 60

static int is_ws_at(const char *p, const char *end, size_t *k)
{
	const unsigned char *u = (const unsigned char *)p;
	if (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\f' || *p == '\v')) {
		*k = 1;
		return 1;
	}
	if (end - p >= 2 && u[0] == 0xC2 && u[1] == 0xA0) {
		*k = 2;
		return 1;
	}
	if (end - p >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) {
		*k = 3;
		return 1;
	}
	return 0;
}

/* White space (ASCII, no-break, ideographic) off both ends of [*a, *b). */
static void trim_span(const char **a, const char **b)
{
	size_t k;
	while (*a < *b && is_ws_at(*a, *b, &k))
		*a += k;
	for (;;) {
		const char *e = *b;
		if (e > *a && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n' || e[-1] == '\f' ||
			       e[-1] == '\v'))
			*b = e - 1;
		else if (e - *a >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xA0)
			*b = e - 2;
		else if (e - *a >= 3 && (unsigned char)e[-3] == 0xE3 && (unsigned char)e[-2] == 0x80 &&
			 (unsigned char)e[-1] == 0x80)
			*b = e - 3;
		else
			break;
	}
}

static int span_is(const char *a, size_t n, const char *name)
{
	return strlen(name) == n && memcmp(a, name, n) == 0;
}

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Code points of a[0..n) (ASCII folded to lower case), at most max. */
static size_t code_points(const char *a, size_t n, uint32_t *out, size_t max)
{
	const unsigned char *s = (const unsigned char *)a;
	size_t i = 0, k = 0;
	while (i < n && k < max) {
		uint32_t c = s[i];
		size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
		if (len > 1) {
			c &= 0x3F >> (len - 1);
			for (size_t j = 1; j < len && i + j < n; j++)
				c = (c << 6) | (s[i + j] & 0x3F);
		}
		out[k++] = (uint32_t)ascii_lower((int)c);
		i += len;
	}
	return k;
}

#define MAX_CP 64

/* Edit distance with adjacent transpositions (campagin → campaign is 1),
 * letter case ignored: [Campaign] is at distance 0 of [campaign]. */
static size_t distance(const char *a, size_t an, const char *b)
{
	uint32_t x[MAX_CP], y[MAX_CP];
	size_t n = code_points(a, an, x, MAX_CP), m = code_points(b, strlen(b), y, MAX_CP);
	size_t d[MAX_CP + 1][MAX_CP + 1];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t cost = x[i - 1] != y[j - 1], best = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[n][m];
}

/* The nearest of names (NULL-terminated), the first one on a tie; *far
 * set when it differs in more than half of its characters (then the
 * message lists every name as well, in list: "a、b、c"). */
static const char *nearest(const char *a, size_t n, const char *const *names, int *far, char *list, size_t size)
{
	const char *best = NULL;
	size_t bd = SIZE_MAX, used = 0;
	list[0] = '\0';
	for (size_t i = 0; names[i]; i++) {
		size_t dd = distance(a, n, names[i]);
		if (dd < bd) {
			bd = dd;
			best = names[i];
		}
		if (used < size) {
			int w = snprintf(list + used, size - used, "%s%s", i ? "、" : "", names[i]);
			used += w > 0 ? (size_t)w : 0;
		}
	}
	*far = best && 2 * bd > strlen(best);
	return best;
}

static const ini_section *find_section(const char *a, size_t n)
{
	for (size_t i = 0; i < NSECTIONS; i++)
		if (span_is(a, n, sections[i].name))
			return &sections[i];
	return NULL;
}

static int section_has_key(const ini_section *s, const char *a, size_t n)
{
	if (!s->keys)
		return n > 0;
	for (size_t i = 0; s->keys[i]; i++)
		if (span_is(a, n, s->keys[i]))
			return 1;
	return 0;
}

/* The section (other than not) with a fixed key equal to a[0..n), letter
 * case ignored, or NULL. */
static const ini_section *section_of_key(const char *a, size_t n, const ini_section *not)
{
	for (size_t i = 0; i < NSECTIONS; i++) {
		if (&sections[i] == not || !sections[i].keys)
			continue;
		for (size_t k = 0; sections[i].keys[k]; k++)
			if (distance(a, n, sections[i].keys[k]) == 0 && strlen(sections[i].keys[k]) == n)
				return &sections[i];
	}
	return NULL;
}

/* a[0..n) for a message: at most SHOWN_NAME bytes, cut before a
 * continuation byte, "…" when cut.  Returns buf. */
static const char *shown(const char *a, size_t n, char *buf, size_t size)
{
	size_t k = n;
	int cut = 0;
	if (k > SHOWN_NAME) {
		k = SHOWN_NAME;
		while (k > 0 && ((unsigned char)a[k] & 0xC0) == 0x80)
			k--;
		cut = 1;
	}
	snprintf(buf, size, "%.*s%s", (int)k, a, cut ? "…" : "");
	return buf;
}

typedef struct seen_key {
	size_t section;  /* index in sections[] */
	const char *key; /* into the text */
	size_t len;
	int line;
} seen_key;

static int seen_cmp(const void *pa, const void *pb)
{
	const seen_key *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c;
	if (a->section != b->section)
		return a->section < b->section ? -1 : 1;
	if ((c = memcmp(a->key, b->key, n)) != 0)
		return c;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

int hz_ini_name_known(const char *section, const char *key)
{
	const ini_section *s = find_section(section, strlen(section));
	return s && section_has_key(s, key, strlen(key));
}

hz_code hz_ini_names_check(const char *text, size_t len, hz_error *err)
{
	const ini_section *cur = NULL;
	seen_key *seen = NULL;
	size_t nseen = 0, cap = 0;
	int line = 0, bad_line = 0, dup_line = 0, dup_first = 0;
	size_t dup = 0;
	char msg[1024], n1[SHOWN_NAME + 8];
	hz_code rc = HZ_OK;

	msg[0] = '\0';
	for (size_t i = 0; i < len && !bad_line;) {
		const char *a = text + i, *eol = memchr(a, '\n', len - i), *b;
		if (!eol)
			eol = text + len;
		i = (size_t)(eol - text) + 1;
		line++;
		b = eol;
		trim_span(&a, &b);
		if (a == b)
			continue;
		if (*a == '[') {
			const char *close = memchr(a, ']', (size_t)(b - a)), *na = a + 1, *nb;
			if (!close) {
				bad_line = line;
				snprintf(msg, sizeof(msg), "节名缺少右方括号“]” / a section name without its closing ']'");
				break;
			}
			nb = close;
			trim_span(&na, &nb);
			cur = find_section(na, (size_t)(nb - na));
			if (!cur) {
				const char *const names[] = {"campaign", "scoring", "grades", "lagging", "report",
							     "final",	 "candidates", "phases", "input", NULL};
				int far;
				char list[160];
				const char *near = nearest(na, (size_t)(nb - na), names, &far, list, sizeof(list));
				bad_line = line;
				shown(na, (size_t)(nb - na), n1, sizeof(n1));
				if (far)
					snprintf(msg, sizeof(msg),
						 "未知的节 [%s]，是否应为 [%s]？（可用的节：%s） / unknown section [%s]: did "
						 "you mean [%s]? (sections: %s)",
						 n1, near, list, n1, near, list);
				else
					snprintf(msg, sizeof(msg),
						 "未知的节 [%s]，是否应为 [%s]？（节名须与说明完全一致） / unknown section "
						 "[%s]: did you mean [%s]? (names must match exactly)",
						 n1, near, n1, near);
			}
			continue;
		}
		{
			const char *delim = a, *ka = a, *kb;
			while (delim < b && *delim != '=' && *delim != ':')
				delim++;
			if (delim == b) {
				bad_line = line;
				snprintf(msg, sizeof(msg), "既不是 [节] 也不是 键 = 值 / neither [section] nor key = value");
				break;
			}
			kb = delim;
			trim_span(&ka, &kb);
			shown(ka, (size_t)(kb - ka), n1, sizeof(n1));
			if (ka == kb) {
				bad_line = line;
				snprintf(msg, sizeof(msg), "“=”前没有设置项名称 / no key name before '='");
				break;
			}
			if (!cur) {
				const ini_section *home = section_of_key(ka, (size_t)(kb - ka), NULL);
				bad_line = line;
				if (home)
					snprintf(msg, sizeof(msg),
						 "设置项 %s 不在任何节之下，应写在 [%s] 之下 / key %s comes before any "
						 "[section]: it belongs under [%s]",
						 n1, home->name, n1, home->name);
				else
					snprintf(msg, sizeof(msg),
						 "设置项 %s 不在任何节之下 / key %s comes before any [section]", n1, n1);
				break;
			}
			if (!section_has_key(cur, ka, (size_t)(kb - ka))) {
				const ini_section *home = section_of_key(ka, (size_t)(kb - ka), cur);
				bad_line = line;
				if (home)
					snprintf(msg, sizeof(msg),
						 "[%s] 中没有设置项 %s，它属于 [%s] / [%s] has no key %s: it belongs "
						 "under [%s]",
						 cur->name, n1, home->name, cur->name, n1, home->name);
				else {
					int far;
					char list[160];
					const char *near = nearest(ka, (size_t)(kb - ka), cur->keys, &far, list, sizeof(list));
					if (far)
						snprintf(msg, sizeof(msg),
							 "[%s] 中没有设置项 %s，是否应为 %s？（可用的有：%s） / [%s] has no key "
							 "%s: did you mean %s? (its keys: %s)",
							 cur->name, n1, near, list, cur->name, n1, near, list);
					else
						snprintf(msg, sizeof(msg),
							 "[%s] 中没有设置项 %s，是否应为 %s？（名称须与说明完全一致） / [%s] has "
							 "no key %s: did you mean %s? (names must match exactly)",
							 cur->name, n1, near, cur->name, n1, near);
				}
				break;
			}
			seen_key *g = dynbuf_grow_array(seen, nseen, &cap, 32, sizeof(*g));
			if (!g) {
				rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
				goto done;
			}
			seen = g;
			seen[nseen++] = (seen_key){(size_t)(cur - sections), ka, (size_t)(kb - ka), line};
		}
	}
	/* a key given twice in one section: the earliest second mention */
	if (nseen > 1) {
		qsort(seen, nseen, sizeof(*seen), seen_cmp);
		for (size_t k = 1; k < nseen; k++)
			if (seen_cmp(&seen[k - 1], &seen[k]) < 0 && seen[k - 1].section == seen[k].section &&
			    seen[k - 1].len == seen[k].len && !memcmp(seen[k - 1].key, seen[k].key, seen[k].len) &&
			    (!dup_line || seen[k].line < dup_line)) {
				dup_line = seen[k].line;
				dup_first = seen[k - 1].line;
				dup = k;
			}
	}
	if (dup_line && (!bad_line || dup_line < bad_line)) {
		const seen_key *s = &seen[dup];
		bad_line = dup_line;
		shown(s->key, s->len, n1, sizeof(n1));
		snprintf(msg, sizeof(msg),
			 "[%s] 中的 %s 重复给出（第%d行已有） / [%s] %s is given twice (first on line %d)",
			 sections[s->section].name, n1, dup_first, sections[s->section].name, n1, dup_first);
	}
	if (bad_line) {
		hz_error_where(err, "line %d", bad_line);
		rc = hz_error_set(err, HZ_E_CONFIG, "%s", msg);
	}
done:
	free(seen);
	return rc;
}
