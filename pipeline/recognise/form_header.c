/*
 * Header rows, labels and cell conversions shared by the submission,
 * roster and checklist readers (SPEC §1, 5.2, 5.9).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "recognise/form_internal.h"
#include "text/vocab.h"

#include "banned.h"

typedef struct role_alias {
	form_role role;
	const char *alias;
} role_alias;

/* SPEC §1 alias table, one list per table kind. */
static const role_alias checklist_aliases[] = {
	{ROLE_ID, "编号"}, {ROLE_ID, "序号"}, {ROLE_ID, "任务编号"},
	{ROLE_CATEGORY, "类别"}, {ROLE_CATEGORY, "一级指标"}, {ROLE_CATEGORY, "创建内容"}, {ROLE_CATEGORY, "项目"},
	{ROLE_TITLE, "任务"}, {ROLE_TITLE, "任务名称"}, {ROLE_TITLE, "二级指标"}, {ROLE_TITLE, "创建任务"},
	{ROLE_TITLE, "具体任务"},
	{ROLE_REQUIREMENT, "要求"}, {ROLE_REQUIREMENT, "具体要求"}, {ROLE_REQUIREMENT, "考核要点"},
	{ROLE_REQUIREMENT, "评分标准"},
	{ROLE_MAX, "分值"}, {ROLE_MAX, "满分"}, {ROLE_MAX, "标准分"},
	{ROLE_MIN_COUNT, "最低次数"}, {ROLE_MIN_COUNT, "次数要求"},
	{ROLE_KEYWORDS, "关键词"},
};

static const role_alias submission_aliases[] = {
	{ROLE_ID, "序号"}, {ROLE_ID, "编号"}, {ROLE_ID, "任务编号"},
	{ROLE_CATEGORY, "类别"}, {ROLE_CATEGORY, "一级指标"},
	{ROLE_TITLE, "任务"}, {ROLE_TITLE, "任务名称"}, {ROLE_TITLE, "创建任务"}, {ROLE_TITLE, "具体任务"},
	{ROLE_TITLE, "任务内容"},
	{ROLE_STATUS, "完成情况"}, {ROLE_STATUS, "完成状态"}, {ROLE_STATUS, "进展情况"}, {ROLE_STATUS, "是否完成"},
	{ROLE_SELF_SCORE, "自评分"}, {ROLE_SELF_SCORE, "自评得分"}, {ROLE_SELF_SCORE, "得分"},
	{ROLE_COUNT, "完成次数"}, {ROLE_COUNT, "开展次数"}, {ROLE_COUNT, "次数"},
	{ROLE_EVIDENCE, "佐证材料"}, {ROLE_EVIDENCE, "主要做法"}, {ROLE_EVIDENCE, "工作举措"},
	{ROLE_EVIDENCE, "完成情况说明"},
	{ROLE_PROBLEMS, "存在问题"}, {ROLE_PROBLEMS, "问题与不足"},
	{ROLE_NOTE, "备注"},
};

/* SPEC 6.1. */
static const role_alias review_aliases[] = {
	{ROLE_ID, "序号"}, {ROLE_ID, "编号"}, {ROLE_ID, "任务编号"},
	{ROLE_TITLE, "任务"}, {ROLE_TITLE, "任务名称"}, {ROLE_TITLE, "创建任务"}, {ROLE_TITLE, "具体任务"},
	{ROLE_TITLE, "任务内容"}, {ROLE_TITLE, "考评内容"},
	{ROLE_REVIEW_SCORE, "考评得分"}, {ROLE_REVIEW_SCORE, "考评分"}, {ROLE_REVIEW_SCORE, "评审得分"},
	{ROLE_REVIEW_SCORE, "核定得分"}, {ROLE_REVIEW_SCORE, "实地考评得分"}, {ROLE_REVIEW_SCORE, "审定得分"},
	{ROLE_COMMENT, "扣分原因"}, {ROLE_COMMENT, "扣分说明"}, {ROLE_COMMENT, "考评意见"}, {ROLE_COMMENT, "评审意见"},
	{ROLE_UNIT, "单位名称"}, {ROLE_UNIT, "单位"}, {ROLE_UNIT, "被考评单位"},
};

static const role_alias roster_aliases[] = {
	{ROLE_NOTE, "备注"},
	{ROLE_UNIT, "单位名称"}, {ROLE_UNIT, "单位"},
	{ROLE_ALIASES, "简称"}, {ROLE_ALIASES, "别名"},
	{ROLE_GROUP, "分组"}, {ROLE_GROUP, "类别"}, {ROLE_GROUP, "单位类别"},
};

/* Longer than any alias can be once normalised, even spread by spaces and
 * pinyin: such a cell is never normalised for the header test. */
#define HEADER_CELL_MAX_BYTES 256

int form_role_of(form_table t, const char *key)
{
	const role_alias *a;
	size_t n;

	switch (t) {
	case FORM_CHECKLIST:
		a = checklist_aliases;
		n = sizeof(checklist_aliases) / sizeof(checklist_aliases[0]);
		break;
	case FORM_SUBMISSION:
		a = submission_aliases;
		n = sizeof(submission_aliases) / sizeof(submission_aliases[0]);
		break;
	case FORM_REVIEW:
		a = review_aliases;
		n = sizeof(review_aliases) / sizeof(review_aliases[0]);
		break;
	default:
		a = roster_aliases;
		n = sizeof(roster_aliases) / sizeof(roster_aliases[0]);
		break;
	}
	for (size_t i = 0; i < n; i++)
		if (!strcmp(a[i].alias, key))
			return (int)a[i].role;
	return -1;
}

int form_header_match(form_table t, normalizer *n, const form_cell *cells, size_t ncells, form_header *h)
{
	for (int i = 0; i < ROLE__COUNT; i++)
		h->cols[i] = -1;
	for (size_t i = 0; i < ncells; i++) {
		const form_cell *c = &cells[i];
		char *key;
		int role;

		if (c->kind != FCELL_TEXT || c->len == 0 || c->len > HEADER_CELL_MAX_BYTES)
			continue;
		key = norm_key(n, c->text, c->len);
		if (!key)
			return -1;
		role = form_role_of(t, key);
		free(key);
		/* cells come left to right: the first keeps the role */
		if (role >= 0 && h->cols[role] < 0)
			h->cols[role] = c->col;
	}
	switch (t) {
	case FORM_CHECKLIST:
		return h->cols[ROLE_TITLE] >= 0;
	case FORM_SUBMISSION:
		return h->cols[ROLE_STATUS] >= 0 && (h->cols[ROLE_ID] >= 0 || h->cols[ROLE_TITLE] >= 0);
	case FORM_REVIEW:
		return h->cols[ROLE_REVIEW_SCORE] >= 0 && (h->cols[ROLE_ID] >= 0 || h->cols[ROLE_TITLE] >= 0);
	default:
		return h->cols[ROLE_UNIT] >= 0;
	}
}

const form_cell *form_cell_at(const form_cell *cells, size_t ncells, int64_t col)
{
	size_t lo = 0, hi = ncells;

	if (col < 0)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cells[mid].col == (uint64_t)col)
			return &cells[mid];
		if (cells[mid].col < (uint64_t)col)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int reserve(form_cell **buf, size_t *cap, size_t need)
{
	form_cell *nb;
	size_t ncap;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 16;
	while (ncap < need)
		ncap *= 2;
	nb = realloc(*buf, ncap * sizeof(**buf));
	if (!nb)
		return -1;
	*buf = nb;
	*cap = ncap;
	return 0;
}

int form_cells_from_xlsx(const xlsx_row *row, form_cell **buf, size_t *cap, size_t *n)
{
	*n = 0;
	if (reserve(buf, cap, row->ncells) < 0)
		return -1;
	for (size_t i = 0; i < row->ncells; i++) {
		const xlsx_cell *x = &row->cells[i];
		form_cell *c = &(*buf)[(*n)++];

		c->col = x->col;
		c->text = x->text ? x->text : "";
		c->len = x->text ? x->len : 0;
		c->num = x->num;
		c->kind = x->type == XLSX_DATE ? FCELL_DATE : x->type == XLSX_NUMBER ? FCELL_NUMBER : FCELL_TEXT;
		c->span = 1;
	}
	return 0;
}

int form_cells_from_docx(const docx_row *row, form_cell **buf, size_t *cap, size_t *n)
{
	uint64_t col = 0;

	*n = 0;
	if (reserve(buf, cap, row->ncells) < 0)
		return -1;
	for (size_t i = 0; i < row->ncells; i++) {
		const docx_cell *d = &row->cells[i];
		uint64_t span = d->grid_span > 0 ? (uint64_t)d->grid_span : 1;

		if (col > UINT32_MAX)
			break;
		if (d->text && d->text[0]) {
			form_cell *c = &(*buf)[(*n)++];
			c->col = (uint32_t)col;
			c->kind = FCELL_TEXT;
			c->text = d->text;
			c->len = strlen(d->text);
			c->num = 0;
			c->span = (uint32_t)span;
		}
		col += span;
	}
	return 0;
}

static uint32_t decode(const char *s, size_t len, size_t *adv)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len == 0) {
		*adv = 0;
		return 0;
	}
	if (u[0] < 0x80) {
		*adv = 1;
		return u[0];
	}
	if ((u[0] & 0xE0) == 0xC0 && len >= 2) {
		*adv = 2;
		return ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
	}
	if ((u[0] & 0xF0) == 0xE0 && len >= 3) {
		*adv = 3;
		return ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
	}
	if ((u[0] & 0xF8) == 0xF0 && len >= 4) {
		*adv = 4;
		return ((uint32_t)(u[0] & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
		       ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
	}
	*adv = 1;
	return 0xFFFD;
}

size_t form_space_len(const char *s, size_t len)
{
	size_t adv;
	uint32_t cp = decode(s, len, &adv);

	return adv && norm_is_space(cp) ? adv : 0;
}

int form_maybe_label(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ':')
			return 1;
		/* U+FF1A FULLWIDTH COLON, U+FE55 SMALL COLON, U+FE13 PRESENTATION FORM */
		if (c == 0xEF && i + 2 < len) {
			unsigned char c1 = (unsigned char)s[i + 1], c2 = (unsigned char)s[i + 2];
			if ((c1 == 0xBC && c2 == 0x9A) || (c1 == 0xB9 && c2 == 0x95) || (c1 == 0xB8 && c2 == 0x93))
				return 1;
		}
	}
	return 0;
}

static size_t skip_spaces(const char *t, size_t len, size_t i)
{
	size_t k;

	while (i < len && (k = form_space_len(t + i, len - i)) > 0)
		i += k;
	return i;
}

/* Matches word at t[i], white space allowed between its characters;
 * returns the end offset or 0. */
static size_t match_spread(const char *t, size_t len, size_t i, const char *word)
{
	size_t w = 0, wlen = strlen(word);

	while (w < wlen) {
		size_t adv;
		decode(word + w, wlen - w, &adv);
		if (w > 0)
			i = skip_spaces(t, len, i);
		if (i + adv > len || memcmp(t + i, word + w, adv))
			return 0;
		i += adv;
		w += adv;
	}
	return i;
}

typedef struct label_word {
	const char *word;
	form_label_kind kind;
} label_word;

static const label_word label_words[] = {
	/* longest first: 单位 must not shadow 单位名称 */
	{"填报单位", LABEL_UNIT}, {"单位名称", LABEL_UNIT}, {"填报日期", LABEL_DATE}, {"填表日期", LABEL_DATE},
	{"单位", LABEL_UNIT}, {"日期", LABEL_DATE}, {NULL, LABEL_UNIT},
};

/* SPEC 6.1's labels of review forms. */
static const label_word review_label_words[] = {
	{"被考评单位", LABEL_UNIT}, {"填报单位", LABEL_UNIT}, {"受检单位", LABEL_UNIT}, {"单位名称", LABEL_UNIT},
	{"考评日期", LABEL_DATE}, {"评审日期", LABEL_DATE}, {"评审组", LABEL_GROUP}, {"考评组", LABEL_GROUP},
	{"单位", LABEL_UNIT}, {"日期", LABEL_DATE}, {NULL, LABEL_UNIT},
};

/* A label starting at t[i]: sets *kind and returns the offset after its
 * colon, or 0. */
static size_t label_at(const label_word *words, const char *t, size_t len, size_t i, form_label_kind *kind,
		       int long_only)
{
	for (size_t w = 0; words[w].word; w++) {
		size_t j;
		if (long_only && strlen(words[w].word) < strlen("填报单位"))
			continue;
		j = match_spread(t, len, i, words[w].word);
		if (!j)
			continue;
		j = skip_spaces(t, len, j);
		{
			/* a note: （盖章） is ( ) after NFKC; 【】 and 〔〕 stay */
			static const char *const notes[][2] = {{"(", ")"}, {"[", "]"}, {"【", "】"}, {"〔", "〕"}};
			size_t k;
			for (k = 0; k < sizeof(notes) / sizeof(notes[0]); k++)
				if (!strncmp(t + j, notes[k][0], strlen(notes[k][0])))
					break;
			if (k < sizeof(notes) / sizeof(notes[0])) {
				const char *e = strstr(t + j, notes[k][1]);
				if (!e)
					continue;
				j = skip_spaces(t, len, (size_t)(e - t) + strlen(notes[k][1]));
			}
		}
		if (j < len && t[j] == ':') {
			*kind = words[w].kind;
			return j + 1;
		}
	}
	return 0;
}

/* End of t[start, end) once trailing white space is dropped. */
static size_t trim_end(const char *t, size_t start, size_t end)
{
	while (end > start) {
		size_t b = end - 1;
		while (b > start && ((unsigned char)t[b] & 0xC0) == 0x80)
			b--;
		if (form_space_len(t + b, end - b) != end - b)
			break;
		end = b;
	}
	return end;
}

size_t form_find_labels(const char *t, form_label *out, size_t max)
{
	return form_find_labels_in(LABELS_SUBMISSION, t, out, max);
}

size_t form_find_labels_in(form_label_set set, const char *t, form_label *out, size_t max)
{
	const label_word *words = set == LABELS_REVIEW ? review_label_words : label_words;
	size_t len = strlen(t), n = 0, i = 0;
	int after_space = 1;

	while (i < len && n < max) {
		size_t k = form_space_len(t + i, len - i), adv;
		form_label_kind kind;

		if (k) {
			after_space = 1;
			i += k;
			continue;
		}
		/* Inside a value, a four-character label ends it even without
		 * white space before it ("某某局填报日期：…"); the two-character
		 * ones would cut names such as "某某单位：". */
		if (after_space || n > 0) {
			size_t v = label_at(words, t, len, i, &kind, !after_space);
			if (v) {
				if (n > 0) {
					/* the previous value stops where this label starts */
					form_label *p = &out[n - 1];
					size_t end = trim_end(t, p->value_off, i);
					p->value_len = end - p->value_off;
				}
				v = skip_spaces(t, len, v);
				out[n].kind = kind;
				out[n].label_off = i;
				out[n].value_off = v;
				out[n].value_len = len - v;
				n++;
				i = v;
				after_space = 1;
				continue;
			}
		}
		after_space = 0;
		decode(t + i, len - i, &adv);
		i += adv ? adv : 1;
	}
	/* norm_text trimmed the end, so the last value needs no trimming */
	return n;
}

/* Skips one of the given strings at *q; returns 1 when one was there. */
static int skip_any(const char **q, const char *const *list)
{
	for (; *list; list++) {
		size_t k = strlen(*list);
		if (!strncmp(*q, *list, k)) {
			*q += k;
			return 1;
		}
	}
	return 0;
}

/* Skips a run of Chinese or Arabic numerals; returns how many. */
static size_t skip_numerals(const char **q)
{
	static const char *const numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇",
					       "零", "百", "两", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
					       NULL};
	size_t k = 0;

	while (skip_any(q, numerals))
		k++;
	return k;
}

static const char *skip_lead_spaces(const char *q)
{
	size_t k;

	while (*q && (k = form_space_len(q, strlen(q))) > 0)
		q += k;
	return q;
}

/* Leading enumerations of category rows (SPEC 5.9): 一、 （一） (一) 1. 1、
 * 第一部分 …, as written or after NFKC. */
const char *form_strip_enumeration(const char *s)
{
	static const char *const open[] = {"(", "\xEF\xBC\x88", NULL};
	static const char *const close[] = {")", "\xEF\xBC\x89", NULL};
	static const char *const after[] = {"、", ".", "\xEF\xBC\x8E", ")", "\xEF\xBC\x89", NULL};
	static const char *const parts[] = {"部分", "章", "节", "篇", NULL};
	static const char *const seps[] = {"、", ":", "\xEF\xBC\x9A", NULL};
	const char *p = skip_lead_spaces(s), *q = p;

	if (!strncmp(q, "第", strlen("第"))) {
		q += strlen("第");
		if (skip_numerals(&q) && skip_any(&q, parts)) {
			skip_any(&q, seps);
			q = skip_lead_spaces(q);
			return *q ? q : p;
		}
		q = p;
	}
	if (skip_any(&q, open)) {
		if (!skip_numerals(&q) || !skip_any(&q, close))
			return p;
	} else {
		if (!skip_numerals(&q))
			return p;
		if (!skip_any(&q, after))
			return p;
		/* "1.2 …" is a dotted id, not an enumeration */
		if (q[-1] == '.' && *q >= '0' && *q <= '9')
			return p;
	}
	q = skip_lead_spaces(q);
	return *q ? q : p;
}

char *form_strndup(const char *s, size_t len)
{
	char *d = malloc(len + 1);

	if (!d)
		return NULL;
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *form_squeeze(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	size_t o = 0, i = 0;

	if (!out)
		return NULL;
	while (i < len) {
		size_t k = form_space_len(s + i, len - i);
		if (k) {
			i += k;
			continue;
		}
		out[o++] = s[i++];
	}
	out[o] = '\0';
	return out;
}

hz_code form_label_date(const char *v, size_t len, form_date_label *date)
{
	char *key = form_squeeze(v, len);

	date->done = 1;
	if (!key)
		return HZ_E_NOMEM;
	if (hz_parse_date(key, &date->y, &date->m, &date->d))
		date->has_date = 1;
	else if (!(date->bad_date = form_strndup(v, len))) {
		free(key);
		return HZ_E_NOMEM;
	}
	free(key);
	return HZ_OK;
}

hz_code form_date_label_copy(form_date_label *dst, const form_date_label *src)
{
	*dst = *src;
	dst->bad_date = NULL;
	if (src->bad_date && !(dst->bad_date = strdup(src->bad_date)))
		return HZ_E_NOMEM;
	return HZ_OK;
}

hz_code form_label_take_next(form_label_set set, form_label_kind kind, const form_cell *cells, size_t ncells,
			     size_t from, normalizer *n, int date1904, char **text, form_date_label *date)
{
	const form_cell *dc;
	char *t;
	hz_code rc = form_label_next_value(set, kind, cells, ncells, from, n, &t, &dc);

	*text = NULL;
	if (rc != HZ_OK)
		return rc;
	if (dc) {
		date->done = 1;
		if (hz_serial_to_date(dc->num, date1904, &date->y, &date->m, &date->d))
			date->has_date = 1;
		else if (!(date->bad_date = form_strndup(dc->text, dc->len)))
			return HZ_E_NOMEM;
		return HZ_OK;
	}
	if (!t || kind != LABEL_DATE) {
		*text = t;
		return HZ_OK;
	}
	rc = form_label_date(t, strlen(t), date);
	free(t);
	return rc;
}

hz_code form_label_next_value(form_label_set set, form_label_kind kind, const form_cell *cells, size_t ncells,
			      size_t from, normalizer *n, char **text, const form_cell **date_cell)
{
	*text = NULL;
	*date_cell = NULL;
	for (size_t i = from; i < ncells; i++) {
		const form_cell *c = &cells[i];
		form_label next;
		char *t;

		if (kind == LABEL_DATE && c->kind != FCELL_TEXT) {
			*date_cell = c;
			return HZ_OK;
		}
		t = norm_text(n, c->text, c->len);
		if (!t)
			return HZ_E_NOMEM;
		if (!t[0]) {
			free(t);
			continue;
		}
		if (form_find_labels_in(set, t, &next, 1) == 1 && next.label_off == 0)
			free(t);
		else
			*text = t;
		return HZ_OK;
	}
	return HZ_OK;
}

char *form_id_key(normalizer *n, const form_cell *c)
{
	if (c->kind != FCELL_TEXT && c->num == (double)(long long)c->num && c->num > -1e15 && c->num < 1e15) {
		char b[32];
		snprintf(b, sizeof(b), "%lld", (long long)c->num);
		return form_strndup(b, strlen(b));
	}
	return norm_key(n, c->text, c->len);
}

void form_col_name(int64_t col, char *out, size_t n)
{
	char tmp[16];
	size_t k = 0;
	uint64_t c = col < 0 ? 0 : (uint64_t)col + 1;

	while (c > 0 && k < sizeof(tmp)) {
		tmp[k++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	if (n == 0)
		return;
	size_t i = 0;
	while (k > 0 && i + 1 < n)
		out[i++] = tmp[--k];
	out[i] = '\0';
}

char *form_trim_dup(const char *s, size_t len)
{
	size_t b = 0, e = len, k;

	while (b < e && (k = form_space_len(s + b, e - b)) > 0)
		b += k;
	e = trim_end(s, b, e);
	return form_strndup(s + b, e - b);
}

static size_t list_sep_len(const char *s, size_t len, int with_spaces)
{
	static const char *const seps[] = {"、", "，", "；", "／", ",", ";", "/", NULL};

	for (const char *const *p = seps; *p; p++) {
		size_t k = strlen(*p);
		if (k <= len && !memcmp(s, *p, k))
			return k;
	}
	return with_spaces ? form_space_len(s, len) : 0;
}

hz_code form_split_list(const char *s, size_t len, int with_spaces, normalizer *n, char ***out, size_t *nout)
{
	char **items = NULL;
	size_t cnt = 0, cap = 0, i = 0, start = 0;

	*out = NULL;
	*nout = 0;
	while (start <= len) {
		size_t k = i < len ? list_sep_len(s + i, len - i, with_spaces) : 0;
		if (i < len && !k) {
			i++;
			continue;
		}
		/* a part ends at a separator or the end */
		{
			char *part = n ? norm_key(n, s + start, i - start) : form_trim_dup(s + start, i - start);
			if (!part)
				goto nomem;
			if (!part[0]) {
				free(part);
			} else {
				char **ni = dynbuf_grow_array(items, cnt, &cap, 4, sizeof(*ni));
				if (!ni) {
					free(part);
					goto nomem;
				}
				items = ni;
				items[cnt++] = part;
			}
		}
		if (i >= len)
			break;
		i += k;
		start = i;
	}
	*out = items;
	*nout = cnt;
	return HZ_OK;
nomem:
	for (size_t j = 0; j < cnt; j++)
		free(items[j]);
	free(items);
	return HZ_E_NOMEM;
}
