/*
 * One review file turned into its reviews (SPEC 6.1).  A sheet or a Word
 * table is first copied into a small table (review sheets are a few dozen
 * rows): a 考评汇总表's two-row header needs the sheet's merged cells, which
 * an .xlsx stores after the rows.  Then one routine finds the header (the
 * one-row-per-unit shape first: a header that qualifies as a 考评汇总表 is
 * one), the labels above and below, and the rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "read/docx_reader.h"
#include "read/pkg.h"
#include "read/xlsx_reader.h"
#include "recognise/form_internal.h"
#include "recognise/review_form.h"
#include "hz_limits.h"
#include "text/vocab.h"

#include "banned.h"

/* ---------------------------------------------------------------- labels */

/* Labels found for one review table; the first of each kind wins. */
typedef struct rv_labels {
	char *unit, *group;
	int unit_done, group_done, date_done;
	int has_date, y, m, d;
	char *bad_date;
} rv_labels;

static void labels_release(rv_labels *l)
{
	free(l->unit);
	free(l->group);
	free(l->bad_date);
	memset(l, 0, sizeof(*l));
}

static char *squeeze(const char *s, size_t len)
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

static hz_code set_date_text(rv_labels *l, const char *v, size_t len)
{
	char *key = squeeze(v, len);

	if (!key)
		return HZ_E_NOMEM;
	l->date_done = 1;
	if (hz_parse_date(key, &l->y, &l->m, &l->d))
		l->has_date = 1;
	else if (!(l->bad_date = form_strndup(v, len))) {
		free(key);
		return HZ_E_NOMEM;
	}
	free(key);
	return HZ_OK;
}

static int *done_of(rv_labels *l, form_label_kind k)
{
	return k == LABEL_UNIT ? &l->unit_done : k == LABEL_GROUP ? &l->group_done : &l->date_done;
}

/* A text label's value (unit or group), taken over. */
static void set_text(rv_labels *l, form_label_kind k, char *v)
{
	if (k == LABEL_UNIT)
		l->unit = v;
	else
		l->group = v;
	*done_of(l, k) = 1;
}

/* An empty label's value from the next non-empty cell to the right. */
static hz_code take_next_cell(rv_labels *l, form_label_kind kind, const form_cell *cells, size_t ncells, size_t from,
			      normalizer *n, int date1904)
{
	for (size_t i = from; i < ncells; i++) {
		const form_cell *c = &cells[i];
		form_label next;
		char *t;
		hz_code rc;

		if (kind == LABEL_DATE && c->kind != FCELL_TEXT) {
			l->date_done = 1;
			if (hz_serial_to_date(c->num, date1904, &l->y, &l->m, &l->d))
				l->has_date = 1;
			else if (!(l->bad_date = form_strndup(c->text, c->len)))
				return HZ_E_NOMEM;
			return HZ_OK;
		}
		t = norm_text(n, c->text, c->len);
		if (!t)
			return HZ_E_NOMEM;
		if (!t[0]) {
			free(t);
			continue;
		}
		if (form_find_labels_in(LABELS_REVIEW, t, &next, 1) == 1 && next.label_off == 0) {
			free(t); /* the label was left blank */
			return HZ_OK;
		}
		if (kind != LABEL_DATE) {
			set_text(l, kind, t);
			return HZ_OK;
		}
		rc = set_date_text(l, t, strlen(t));
		free(t);
		return rc;
	}
	return HZ_OK;
}

#define MAX_LABELS_PER_CELL 8

/* SPEC 5.2 / 6.1 on one row of cells (a paragraph is a row of one cell).
 * with_unit 0: below a table, where only the group and the date count. */
static hz_code scan_labels(rv_labels *l, const form_cell *cells, size_t ncells, normalizer *n, int date1904,
			   int with_unit)
{
	for (size_t i = 0; i < ncells; i++) {
		const form_cell *c = &cells[i];
		form_label found[MAX_LABELS_PER_CELL];
		size_t nf;
		char *t;

		if (c->kind != FCELL_TEXT || !form_maybe_label(c->text, c->len))
			continue;
		/* a review's signature cells are one line each: the whole cell */
		t = norm_text(n, c->text, c->len);
		if (!t)
			return HZ_E_NOMEM;
		nf = form_find_labels_in(LABELS_REVIEW, t, found, MAX_LABELS_PER_CELL);
		for (size_t j = 0; j < nf; j++) {
			form_label *fl = &found[j];
			hz_code rc = HZ_OK;

			if (*done_of(l, fl->kind) || (fl->kind == LABEL_UNIT && !with_unit))
				continue;
			if (fl->value_len > 0) {
				if (fl->kind == LABEL_DATE) {
					rc = set_date_text(l, t + fl->value_off, fl->value_len);
				} else {
					char *v = form_strndup(t + fl->value_off, fl->value_len);
					if (!v)
						rc = HZ_E_NOMEM;
					else
						set_text(l, fl->kind, v);
				}
			} else if (j + 1 == nf) {
				rc = take_next_cell(l, fl->kind, cells, ncells, i + 1, n, date1904);
			}
			if (rc != HZ_OK) {
				free(t);
				return rc;
			}
		}
		free(t);
	}
	return HZ_OK;
}

/* What `below` found that `above` lacks (group and date only). */
static hz_code labels_fill(rv_labels *above, const rv_labels *below)
{
	if (!above->group_done && below->group_done && below->group) {
		above->group = strdup(below->group);
		if (!above->group)
			return HZ_E_NOMEM;
		above->group_done = 1;
	}
	if (!above->date_done && below->date_done) {
		above->date_done = 1;
		above->has_date = below->has_date;
		above->y = below->y;
		above->m = below->m;
		above->d = below->d;
		if (below->bad_date && !(above->bad_date = strdup(below->bad_date)))
			return HZ_E_NOMEM;
	}
	return HZ_OK;
}

/* ---------------------------------------------------------------- tables */

/* A sheet or Word table copied: each row's own cells, and the cells that a
 * vertical merge from above stands in (they count for the header only). */
typedef struct rt_row {
	uint32_t row;           /* as Excel shows it / 1-based in the Word table */
	form_cell *cells;       /* texts owned */
	size_t ncells;
	form_cell *vcells;      /* texts borrowed from the merge's first cell */
	size_t nvcells, vcap;
} rt_row;

typedef struct rtable {
	rt_row *rows;
	size_t nrows, cap;
	size_t nbytes;
	int date1904;
} rtable;

static void rtable_release(rtable *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t c = 0; c < t->rows[i].ncells; c++)
			free((char *)t->rows[i].cells[c].text);
		free(t->rows[i].cells);
		free(t->rows[i].vcells);
	}
	free(t->rows);
	memset(t, 0, sizeof(*t));
}

static hz_code rtable_add(rtable *t, const form_cell *cells, size_t n, uint32_t rownum)
{
	rt_row *r;

	if (t->nrows >= HZ_MAX_FORM_ROWS)
		return HZ_E_LIMIT;
	for (size_t i = 0; i < n; i++) {
		if (cells[i].len > HZ_MAX_FORM_TEXT_BYTES - t->nbytes)
			return HZ_E_LIMIT;
		t->nbytes += cells[i].len;
	}
	if (t->nrows == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 32;
		rt_row *nr = realloc(t->rows, ncap * sizeof(*nr));
		if (!nr)
			return HZ_E_NOMEM;
		t->rows = nr;
		t->cap = ncap;
	}
	r = &t->rows[t->nrows];
	memset(r, 0, sizeof(*r));
	r->row = rownum;
	r->cells = malloc((n ? n : 1) * sizeof(*r->cells));
	if (!r->cells)
		return HZ_E_NOMEM;
	t->nrows++;
	for (size_t i = 0; i < n; i++) {
		form_cell c = cells[i];
		char *s = form_strndup(c.text, c.len);
		if (!s)
			return HZ_E_NOMEM;
		c.text = s;
		r->cells[r->ncells++] = c;
	}
	return HZ_OK;
}

static hz_code add_vcell(rt_row *r, const form_cell *src, uint32_t col)
{
	if (r->nvcells == r->vcap) {
		size_t ncap = r->vcap ? r->vcap * 2 : 8;
		form_cell *nv = realloc(r->vcells, ncap * sizeof(*nv));
		if (!nv)
			return HZ_E_NOMEM;
		r->vcells = nv;
		r->vcap = ncap;
	}
	r->vcells[r->nvcells] = *src;
	r->vcells[r->nvcells].col = col;
	r->nvcells++;
	return HZ_OK;
}

static int cmp_cell_col(const void *a, const void *b)
{
	const form_cell *x = a, *y = b;
	return x->col < y->col ? -1 : x->col > y->col;
}

/* A row as its header candidate: own cells, plus merged-down cells in
 * columns it has none of, ascending by column.  *buf grows (caller frees). */
static int header_view(const rt_row *r, form_cell **buf, size_t *cap, size_t *n)
{
	size_t need = r->ncells + r->nvcells;

	*n = 0;
	if (need > *cap) {
		form_cell *nb = realloc(*buf, need * sizeof(*nb));
		if (!nb)
			return -1;
		*buf = nb;
		*cap = need;
	}
	for (size_t i = 0; i < r->ncells; i++)
		(*buf)[(*n)++] = r->cells[i];
	for (size_t i = 0; i < r->nvcells; i++)
		if (!form_cell_at(r->cells, r->ncells, r->vcells[i].col))
			(*buf)[(*n)++] = r->vcells[i];
	if (*n)
		qsort(*buf, *n, sizeof(**buf), cmp_cell_col);
	return 0;
}

/* ---------------------------------------------------------------- entries */

typedef struct entry_list {
	hz_review_entry *v;
	size_t n, cap;
} entry_list;

static void row_release(hz_review_row *r)
{
	free(r->ref);
	free(r->title);
	free(r->title_key);
	free(r->score);
	free(r->comment);
}

static void entry_release(hz_review_entry *e)
{
	free(e->sheet);
	free(e->unit_text);
	free(e->group);
	free(e->bad_date);
	for (size_t i = 0; i < e->nrows; i++)
		row_release(&e->rows[i]);
	free(e->rows);
	for (size_t i = 0; i < e->ntask_scores; i++)
		free(e->task_scores[i]);
	free(e->task_scores);
	free(e->comment);
	memset(e, 0, sizeof(*e));
}

static hz_review_entry *entry_new(entry_list *l)
{
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 8;
		hz_review_entry *nv = realloc(l->v, ncap * sizeof(*nv));
		if (!nv)
			return NULL;
		l->v = nv;
		l->cap = ncap;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

/* The labels into an entry (copies: a 考评汇总表's rows share them). */
static hz_code entry_labels(hz_review_entry *e, const rv_labels *l, int with_unit)
{
	if (with_unit && l->unit && !(e->unit_text = strdup(l->unit)))
		return HZ_E_NOMEM;
	if (l->group && !(e->group = strdup(l->group)))
		return HZ_E_NOMEM;
	e->has_date = l->has_date;
	e->year = l->y;
	e->month = l->m;
	e->day = l->d;
	if (l->bad_date && !(e->bad_date = strdup(l->bad_date)))
		return HZ_E_NOMEM;
	return HZ_OK;
}

static char *dup_empty(void)
{
	return form_strndup("", 0);
}

static char *cell_key(normalizer *n, const form_cell *cells, size_t nc, int64_t col)
{
	const form_cell *c = form_cell_at(cells, nc, col);
	return c ? norm_key(n, c->text, c->len) : dup_empty();
}

static char *cell_text(normalizer *n, const form_cell *cells, size_t nc, int64_t col)
{
	const form_cell *c = form_cell_at(cells, nc, col);
	return c ? norm_text(n, c->text, c->len) : dup_empty();
}

/* ---------------------------------------------------------------- header */

/* A 考评汇总表 header cell's task (SPEC 6.1): its key without a trailing
 * bracketed note equals an id, 任务+id, or a title.  -1 when none. */
static long task_of_header(const hz_review_keys *k, const char *key)
{
	size_t len = strlen(key);
	char *s = form_strndup(key, len);
	long found = -1;

	if (!s)
		return -2;
	/* `1.1（7分）`: NFKC made the brackets ( ) */
	if (len > 1 && s[len - 1] == ')') {
		char *open = strrchr(s, '(');
		if (open && open > s)
			*open = '\0';
	}
	for (size_t t = 0; t < k->ntasks && found < 0; t++) {
		const char *id = k->ids[t];
		if (id && id[0] && (!strcmp(s, id) || (!strncmp(s, "任务", strlen("任务")) && !strcmp(s + strlen("任务"), id))))
			found = (long)t;
	}
	for (size_t t = 0; t < k->ntasks && found < 0; t++)
		if (k->titles[t] && k->titles[t][0] && !strcmp(s, k->titles[t]))
			found = (long)t;
	free(s);
	return found;
}

typedef struct rv_header {
	int matrix;             /* one row per unit */
	form_header h;          /* review roles */
	int64_t *task_col;      /* matrix: per task its column, or -1 */
} rv_header;

/* 1 when the row is a review header (h filled), 0 when not, <0 on out of memory. */
static int match_header(const form_cell *cells, size_t nc, const hz_review_keys *k, normalizer *n, rv_header *h)
{
	int plain = form_header_match(FORM_REVIEW, n, cells, nc, &h->h);
	size_t ntask_cols = 0;

	if (plain < 0)
		return -1;
	h->matrix = 0;
	for (size_t t = 0; t < k->ntasks; t++)
		h->task_col[t] = -1;
	if (h->h.cols[ROLE_UNIT] >= 0) {
		for (size_t i = 0; i < nc; i++) {
			const form_cell *c = &cells[i];
			char *key;
			long t;
			if ((int64_t)c->col == h->h.cols[ROLE_UNIT] || c->len == 0 || c->len > 256)
				continue;
			key = form_id_key(n, c);
			if (!key)
				return -1;
			t = task_of_header(k, key);
			free(key);
			if (t == -2)
				return -1;
			/* two columns for one task: the leftmost */
			if (t >= 0 && h->task_col[t] < 0) {
				h->task_col[t] = c->col;
				ntask_cols++;
			}
		}
		if (ntask_cols) {
			h->matrix = 1;
			return 1;
		}
	}
	return plain;
}

/* Whether the cells could belong to a review header at all (a unit or a
 * review-score heading): a sheet without one in its first rows is skipped
 * without reading on. */
static int names_review_role(const form_cell *cells, size_t nc, normalizer *n)
{
	for (size_t i = 0; i < nc; i++) {
		char *key;
		int role;
		if (cells[i].kind != FCELL_TEXT || cells[i].len == 0 || cells[i].len > 256)
			continue;
		key = norm_key(n, cells[i].text, cells[i].len);
		if (!key)
			return -1;
		role = form_role_of(FORM_REVIEW, key);
		free(key);
		if (role == ROLE_UNIT || role == ROLE_REVIEW_SCORE)
			return 1;
	}
	return 0;
}

static int is_total_unit(const char *key)
{
	static const char *const totals[] = {"合计", "总计", "小计", "平均", "平均分"};
	for (size_t i = 0; i < sizeof(totals) / sizeof(totals[0]); i++)
		if (!strcmp(key, totals[i]))
			return 1;
	return 0;
}

/* Where one table's labels come from and go. */
typedef struct table_ctx {
	const hz_review_keys *keys;
	normalizer *n;
	const char *sheet;      /* NULL for a .docx */
	uint32_t order;
	size_t header_rows;     /* rows searched for the header (xlsx: 15; docx: all) */
	size_t *budget;         /* text left for the file */
} table_ctx;

static hz_code add_table_row(hz_review_entry *e, size_t *cap, const table_ctx *tc, const rv_header *h,
			     const rt_row *r)
{
	hz_review_row w;
	const form_cell *c;
	normalizer *n = tc->n;

	memset(&w, 0, sizeof(w));
	w.row = r->row;
	c = form_cell_at(r->cells, r->ncells, h->h.cols[ROLE_ID]);
	w.ref = c ? form_id_key(n, c) : dup_empty();
	w.title = cell_text(n, r->cells, r->ncells, h->h.cols[ROLE_TITLE]);
	w.title_key = w.title ? squeeze(w.title, strlen(w.title)) : NULL;
	if (!w.ref || !w.title || !w.title_key)
		goto nomem;
	if (!w.ref[0] && !w.title_key[0]) {
		row_release(&w);
		return HZ_OK;
	}
	w.score = cell_key(n, r->cells, r->ncells, h->h.cols[ROLE_REVIEW_SCORE]);
	w.comment = cell_text(n, r->cells, r->ncells, h->h.cols[ROLE_COMMENT]);
	if (!w.score || !w.comment)
		goto nomem;
	if (e->nrows == *cap) {
		size_t ncap = *cap ? *cap * 2 : 32;
		hz_review_row *nr = realloc(e->rows, ncap * sizeof(*nr));
		if (!nr)
			goto nomem;
		e->rows = nr;
		*cap = ncap;
	}
	e->rows[e->nrows++] = w;
	return HZ_OK;
nomem:
	row_release(&w);
	return HZ_E_NOMEM;
}

static hz_code add_matrix_row(entry_list *out, const table_ctx *tc, const rv_header *h, const rt_row *r,
			      const rv_labels *l, int *added)
{
	const form_cell *uc = form_cell_at(r->cells, r->ncells, h->h.cols[ROLE_UNIT]);
	hz_review_entry *e;
	char *ukey;
	hz_code rc;

	*added = 0;
	if (!uc)
		return HZ_OK;
	ukey = norm_key(tc->n, uc->text, uc->len);
	if (!ukey)
		return HZ_E_NOMEM;
	/* a signature line (评审组长（签字）：) in the unit column is no unit */
	if (!ukey[0] || is_total_unit(ukey) || form_maybe_label(ukey, strlen(ukey))) {
		free(ukey);
		return HZ_OK;
	}
	free(ukey);
	if (!(e = entry_new(out)))
		return HZ_E_NOMEM;
	*added = 1;
	e->shape = HZ_REVIEW_MATRIX_ROW;
	e->order = tc->order;
	e->row = r->row;
	if (tc->sheet && !(e->sheet = strdup(tc->sheet)))
		return HZ_E_NOMEM;
	if (!(e->unit_text = norm_text(tc->n, uc->text, uc->len)))
		return HZ_E_NOMEM;
	if ((rc = entry_labels(e, l, 0)) != HZ_OK)
		return rc;
	e->task_scores = calloc(tc->keys->ntasks + 1, sizeof(*e->task_scores));
	if (!e->task_scores)
		return HZ_E_NOMEM;
	e->ntask_scores = tc->keys->ntasks;
	for (size_t t = 0; t < tc->keys->ntasks; t++)
		if (h->task_col[t] >= 0 && !(e->task_scores[t] = cell_key(tc->n, r->cells, r->ncells, h->task_col[t])))
			return HZ_E_NOMEM;
	if (h->h.cols[ROLE_COMMENT] >= 0) {
		const form_cell *cc = form_cell_at(r->cells, r->ncells, h->h.cols[ROLE_COMMENT]);
		if (cc) {
			e->comment = norm_text(tc->n, cc->text, cc->len);
			if (!e->comment)
				return HZ_E_NOMEM;
			if (!e->comment[0]) {
				free(e->comment);
				e->comment = NULL;
			}
		}
	}
	return HZ_OK;
}

/*
 * One table: its header (within tc->header_rows rows), the labels of the
 * rows above it into `above` (with the unit) and of the rows below into
 * `below` (group and date), and its reviews appended to out.  *found is 0
 * when no row is a review header (nothing appended).
 */
static hz_code read_table(entry_list *out, const table_ctx *tc, const rtable *t, rv_labels *above, rv_labels *below,
			  int *found)
{
	rv_header h;
	form_cell *view = NULL;
	size_t vcap = 0, nv, hr = 0, first = out->n, rows_cap = 0;
	hz_code rc = HZ_OK;

	*found = 0;
	memset(&h, 0, sizeof(h));
	h.task_col = malloc((tc->keys->ntasks + 1) * sizeof(*h.task_col));
	if (!h.task_col)
		return HZ_E_NOMEM;
	for (size_t i = 0; i < t->nrows && i < tc->header_rows && !*found; i++) {
		int m;
		if (tc->sheet && t->rows[i].row > HZ_HEADER_SEARCH_ROWS)
			break;
		if (header_view(&t->rows[i], &view, &vcap, &nv) < 0) {
			rc = HZ_E_NOMEM;
			goto out;
		}
		m = match_header(view, nv, tc->keys, tc->n, &h);
		if (m < 0) {
			rc = HZ_E_NOMEM;
			goto out;
		}
		if (m) {
			*found = 1;
			hr = i;
		}
	}
	if (!*found)
		goto out;
	for (size_t i = 0; i < hr; i++)
		if ((rc = scan_labels(above, t->rows[i].cells, t->rows[i].ncells, tc->n, t->date1904, 1)) != HZ_OK)
			goto out;
	if (!h.matrix) {
		hz_review_entry *e = entry_new(out);
		if (!e) {
			rc = HZ_E_NOMEM;
			goto out;
		}
		e->shape = HZ_REVIEW_TABLE;
		e->order = tc->order;
		if (tc->sheet && !(e->sheet = strdup(tc->sheet))) {
			rc = HZ_E_NOMEM;
			goto out;
		}
	}
	for (size_t i = hr + 1; i < t->nrows; i++) {
		const rt_row *r = &t->rows[i];
		size_t kept = 0;
		for (size_t c = 0; c < r->ncells; c++)
			kept += r->cells[c].len;
		if (kept > *tc->budget) {
			rc = HZ_E_LIMIT;
			goto out;
		}
		*tc->budget -= kept;
		if (h.matrix) {
			int added;
			if ((rc = add_matrix_row(out, tc, &h, r, above, &added)) != HZ_OK)
				goto out;
		} else if ((rc = add_table_row(&out->v[first], &rows_cap, tc, &h, r)) != HZ_OK) {
			goto out;
		}
		if ((rc = scan_labels(below, r->cells, r->ncells, tc->n, t->date1904, 0)) != HZ_OK)
			goto out;
	}
out:
	free(view);
	free(h.task_col);
	return rc;
}

/* The labels of a finished table into its entries [first, end): above
 * wins, then below, then what an earlier table of the same .docx carried
 * (group and date only; the unit never carries). */
static hz_code finish_entries(entry_list *out, size_t first, size_t end, rv_labels *above, const rv_labels *below,
			      const rv_labels *carried)
{
	hz_code rc;

	if ((rc = labels_fill(above, below)) != HZ_OK)
		return rc;
	if (carried && (rc = labels_fill(above, carried)) != HZ_OK)
		return rc;
	for (size_t i = first; i < end && i < out->n; i++) {
		hz_review_entry *e = &out->v[i];
		if (e->shape == HZ_REVIEW_TABLE) {
			if ((rc = entry_labels(e, above, 1)) != HZ_OK)
				return rc;
		} else {
			/* a 考评汇总表 row's own labels were the above ones at the
			 * time; the group and date found below apply too */
			if (!e->group && above->group && !(e->group = strdup(above->group)))
				return HZ_E_NOMEM;
			if (!e->has_date && !e->bad_date && above->date_done) {
				e->has_date = above->has_date;
				e->year = above->y;
				e->month = above->m;
				e->day = above->d;
				if (above->bad_date && !(e->bad_date = strdup(above->bad_date)))
					return HZ_E_NOMEM;
			}
		}
	}
	return HZ_OK;
}

/* ---------------------------------------------------------------- xlsx */

static hz_code read_sheet(entry_list *out, xlsx_workbook *wb, size_t si, const char *name, table_ctx *tc,
			  hz_error *err)
{
	xlsx_sheet_reader *sr = NULL;
	const xlsx_row *row;
	form_cell *cells = NULL;
	size_t cap = 0, nc, first = out->n;
	rtable t;
	rv_labels above, below;
	int got, plausible = 0, found = 0;
	hz_code rc = HZ_OK;

	memset(&t, 0, sizeof(t));
	memset(&above, 0, sizeof(above));
	memset(&below, 0, sizeof(below));
	t.date1904 = xlsx_workbook_date1904(wb);
	if ((rc = xlsx_sheet_open(wb, si, &sr, err)) != HZ_OK)
		return rc;
	while ((got = xlsx_sheet_next_row(sr, &row, err)) == 1) {
		if (row->row >= HZ_HEADER_SEARCH_ROWS && !plausible)
			break; /* no header can be in this sheet */
		if (form_cells_from_xlsx(row, &cells, &cap, &nc) < 0) {
			rc = HZ_E_NOMEM;
			goto out;
		}
		if (row->row < HZ_HEADER_SEARCH_ROWS && !plausible) {
			int p = names_review_role(cells, nc, tc->n);
			if (p < 0) {
				rc = HZ_E_NOMEM;
				goto out;
			}
			plausible = p;
		}
		if ((rc = rtable_add(&t, cells, nc, row->row + 1)) != HZ_OK)
			goto out;
	}
	if (got < 0) {
		rc = (hz_code)-got;
		goto out;
	}
	if (!plausible)
		goto out;
	{
		/* SPEC 6.1: a cell merged vertically counts in every row it
		 * spans (the 单位名称 of a two-row header) */
		size_t nm = 0, head = 0;
		const xlsx_merge *m = xlsx_sheet_merges(sr, &nm);
		/* only the rows a header may stand in (rows come in order) */
		while (head < t.nrows && t.rows[head].row <= HZ_HEADER_SEARCH_ROWS)
			head++;
		for (size_t k = 0; k < nm; k++) {
			const form_cell *src = NULL;
			if (m[k].r2 <= m[k].r1 || m[k].r1 >= HZ_HEADER_SEARCH_ROWS)
				continue;
			for (size_t i = 0; i < head && !src; i++)
				if (t.rows[i].row == m[k].r1 + 1)
					src = form_cell_at(t.rows[i].cells, t.rows[i].ncells, m[k].c1);
			if (!src)
				continue;
			for (size_t i = 0; i < head; i++)
				if (t.rows[i].row > m[k].r1 + 1 && t.rows[i].row <= m[k].r2 + 1 &&
				    (rc = add_vcell(&t.rows[i], src, m[k].c1)) != HZ_OK)
					goto out;
		}
	}
	tc->sheet = name;
	tc->order = (uint32_t)si;
	tc->header_rows = HZ_HEADER_SEARCH_ROWS;
	if ((rc = read_table(out, tc, &t, &above, &below, &found)) != HZ_OK)
		goto out;
	if (found)
		rc = finish_entries(out, first, out->n, &above, &below, NULL);
out:
	labels_release(&above);
	labels_release(&below);
	rtable_release(&t);
	free(cells);
	xlsx_sheet_free(sr);
	return rc;
}

static void set_modified(hz_review_file *f, const char *iso)
{
	long long t;

	if (iso && iso[0] && hz_parse_timestamp(iso, &t)) {
		f->has_modified = true;
		f->modified = t;
	}
}

static hz_code read_xlsx(hz_review_file *f, entry_list *out, pkg *p, table_ctx *tc, hz_error *err)
{
	xlsx_workbook *wb = NULL;
	char iso[64];
	hz_code rc = xlsx_workbook_open_pkg(&wb, p, err);

	if (rc != HZ_OK)
		return rc;
	for (size_t i = 0; i < xlsx_workbook_sheet_count(wb); i++) {
		const xlsx_sheet_info *si = xlsx_workbook_sheet(wb, i);
		if (!si || si->state != XLSX_VISIBLE || si->is_chartsheet)
			continue;
		if ((rc = read_sheet(out, wb, i, si->name ? si->name : "", tc, err)) != HZ_OK)
			goto out;
	}
	if (xlsx_workbook_modified(wb, iso, sizeof(iso)))
		set_modified(f, iso);
out:
	xlsx_workbook_free(wb);
	return rc;
}

/* ---------------------------------------------------------------- docx */

/* A Word table copied; a cell continuing a vertical merge stands in with
 * the text of the cell above it at the same grid column. */
static hz_code docx_to_rtable(rtable *t, const docx_table *dt)
{
	form_cell *cells = NULL;
	size_t cap = 0, nc;
	hz_code rc = HZ_OK;

	for (size_t r = 0; r < dt->nrows && rc == HZ_OK; r++) {
		const docx_row *dr = &dt->rows[r];
		uint64_t col = 0;
		if (form_cells_from_docx(dr, &cells, &cap, &nc) < 0) {
			rc = HZ_E_NOMEM;
			break;
		}
		if ((rc = rtable_add(t, cells, nc, (uint32_t)(r + 1))) != HZ_OK)
			break;
		for (size_t c = 0; c < dr->ncells && r > 0 && rc == HZ_OK; c++) {
			const docx_cell *d = &dr->cells[c];
			uint64_t span = d->grid_span > 0 ? (uint64_t)d->grid_span : 1;
			if (d->vmerge == DOCX_VMERGE_CONTINUE && (!d->text || !d->text[0]) && col <= UINT32_MAX) {
				const rt_row *up = &t->rows[t->nrows - 2];
				const form_cell *src = form_cell_at(up->cells, up->ncells, (int64_t)col);
				for (size_t v = 0; !src && v < up->nvcells; v++)
					if (up->vcells[v].col == col)
						src = &up->vcells[v];
				if (src)
					rc = add_vcell(&t->rows[t->nrows - 1], src, (uint32_t)col);
			}
			col += span;
		}
	}
	free(cells);
	return rc;
}

/* Finishes the open table of a .docx: its labels are cur (above), then
 * below, then those the previous table ended with (group, date); cur
 * becomes the previous one. */
static hz_code close_table(entry_list *out, size_t first, size_t end, rv_labels *cur, rv_labels *below,
			   rv_labels *prev, int has_prev)
{
	hz_code rc = finish_entries(out, first, end, cur, below, has_prev ? prev : NULL);

	labels_release(below);
	labels_release(prev);
	*prev = *cur;
	memset(cur, 0, sizeof(*cur));
	return rc;
}

static hz_code read_docx(hz_review_file *f, entry_list *out, pkg *p, table_ctx *tc, hz_error *err)
{
	docx_document *doc = NULL;
	/* above: labels since the previous review table; cur/below: the open
	 * table's; prev: the finished previous table's */
	rv_labels above, cur, below, prev;
	size_t first = 0;
	int open_table = 0, has_prev = 0;
	uint32_t tables = 0;
	hz_code rc = docx_document_read_pkg(&doc, p, DOCX_TEXT_FOR_FORMS, err);

	if (rc != HZ_OK)
		return rc;
	memset(&above, 0, sizeof(above));
	memset(&cur, 0, sizeof(cur));
	memset(&below, 0, sizeof(below));
	memset(&prev, 0, sizeof(prev));
	for (size_t b = 0; b < doc->nblocks && rc == HZ_OK; b++) {
		const docx_block *blk = &doc->blocks[b];
		if (blk->kind == DOCX_PARAGRAPH) {
			form_cell c = {0, FCELL_TEXT, blk->text ? blk->text : "", blk->text ? strlen(blk->text) : 0, 0, 1};
			rc = scan_labels(&above, &c, 1, tc->n, 0, 1);
			if (rc == HZ_OK && open_table)
				rc = scan_labels(&below, &c, 1, tc->n, 0, 0);
		} else if (blk->table) {
			rtable t;
			rv_labels a2, b2;
			int found = 0;
			size_t at = out->n;

			memset(&t, 0, sizeof(t));
			memset(&a2, 0, sizeof(a2));
			memset(&b2, 0, sizeof(b2));
			rc = docx_to_rtable(&t, blk->table);
			tc->sheet = NULL;
			tc->order = tables++;
			tc->header_rows = (size_t)-1;
			if (rc == HZ_OK)
				rc = read_table(out, tc, &t, &a2, &b2, &found);
			if (rc == HZ_OK && found) {
				if (open_table) {
					rc = close_table(out, first, at, &cur, &below, &prev, has_prev);
					has_prev = 1;
				}
				/* above the table: the paragraphs before it, then
				 * its rows above the header */
				cur = above;
				memset(&above, 0, sizeof(above));
				if (!cur.unit_done && a2.unit_done) {
					cur.unit = a2.unit;
					a2.unit = NULL;
					cur.unit_done = 1;
				}
				if (rc == HZ_OK)
					rc = labels_fill(&cur, &a2);
				below = b2;
				memset(&b2, 0, sizeof(b2));
				first = at;
				open_table = 1;
			} else if (rc == HZ_OK) {
				for (size_t i = 0; i < t.nrows && rc == HZ_OK; i++) {
					rc = scan_labels(&above, t.rows[i].cells, t.rows[i].ncells, tc->n, 0, 1);
					if (rc == HZ_OK && open_table)
						rc = scan_labels(&below, t.rows[i].cells, t.rows[i].ncells, tc->n, 0, 0);
				}
			}
			labels_release(&a2);
			labels_release(&b2);
			rtable_release(&t);
		}
	}
	if (rc == HZ_OK && open_table)
		rc = close_table(out, first, out->n, &cur, &below, &prev, has_prev);
	if (rc == HZ_OK)
		set_modified(f, doc->modified);
	labels_release(&above);
	labels_release(&cur);
	labels_release(&below);
	labels_release(&prev);
	docx_document_free(doc);
	return rc;
}

/* ---------------------------------------------------------------- file */

typedef enum pkg_kind { PKG_XLSX, PKG_DOCX } pkg_kind;

static int ext_is(const char *ext, const char *const *list)
{
	for (; *list; list++)
		if (!strcasecmp(ext, *list))
			return 1;
	return 0;
}

hz_code hz_review_file_read(hz_review_file *f, const char *path, const char *relpath, const hz_review_keys *keys,
			    normalizer *n, hz_error *err)
{
	static const char *const xlsx_ext[] = {"xlsx", "xlsm", "xltx", "xltm", NULL};
	static const char *const docx_ext[] = {"docx", "docm", "dotx", "dotm", NULL};
	const char *base, *ext;
	struct stat st;
	pkg_kind kind;
	pkg *p = NULL;
	char *main_part;
	entry_list out = {0};
	size_t budget = HZ_MAX_FORM_TEXT_BYTES;
	table_ctx tc;
	hz_code rc;

	memset(f, 0, sizeof(*f));
	hz_error_file(err, relpath);
	if (!(f->file = strdup(relpath)))
		return hz_error_set(err, HZ_E_NOMEM, "out of memory");
	base = strrchr(relpath, '/');
	base = base ? base + 1 : relpath;
	ext = strrchr(base, '.');
	ext = ext ? ext + 1 : "";
	/* SPEC 6.1: every rule of 5.11 holds for reviews/ too */
	if (!strncmp(base, "~$", 2)) {
		rc = hz_error_set(err, HZ_E_LOCKFILE, "an Office owner file, written while the document was open");
		goto fail;
	}
	if (ext_is(ext, xlsx_ext)) {
		kind = PKG_XLSX;
	} else if (ext_is(ext, docx_ext)) {
		kind = PKG_DOCX;
	} else {
		rc = hz_error_set(err, HZ_E_LEGACY, "a .%s file is not read; save it as .docx or .xlsx", ext[0] ? ext : "(none)");
		goto fail;
	}
	if (stat(path, &st) != 0) {
		rc = hz_error_set(err, HZ_E_IO, "cannot stat the file");
		goto fail;
	}
	f->mtime = (long long)st.st_mtime;
	if ((rc = pkg_open(&p, path, err)) != HZ_OK)
		goto fail;
	/* the package's main part decides, the extension only when it says nothing */
	main_part = pkg_rel_target(p, "", "/officeDocument", NULL);
	if (main_part) {
		if (!strncasecmp(main_part, "xl/", 3) || strstr(main_part, "workbook"))
			kind = PKG_XLSX;
		else if (!strncasecmp(main_part, "word/", 5) || strstr(main_part, "document"))
			kind = PKG_DOCX;
	}
	free(main_part);
	memset(&tc, 0, sizeof(tc));
	tc.keys = keys;
	tc.n = n;
	tc.budget = &budget;
	rc = kind == PKG_XLSX ? read_xlsx(f, &out, p, &tc, err) : read_docx(f, &out, p, &tc, err);
	if (rc == HZ_E_LIMIT && !err->code)
		hz_error_set(err, HZ_E_LIMIT, "more than %u bytes of text or %u rows in a review table",
			     HZ_MAX_FORM_TEXT_BYTES, HZ_MAX_FORM_ROWS);
	if (rc != HZ_OK)
		goto fail;
	if (out.n == 0) {
		/* the whole file was looked at: no part or position to name */
		hz_error_part(err, "");
		hz_error_where(err, "%s", "");
		rc = hz_error_set(err, HZ_E_NO_TABLE,
				  kind == PKG_XLSX ? "no visible sheet has a review header (考评得分 and 序号 or 任务; or 单位名称 and task columns)"
						   : "no table has a review header (考评得分 and 序号 or 任务; or 单位名称 and task columns)");
		goto fail;
	}
	f->entries = out.v;
	f->nentries = out.n;
	return HZ_OK;
fail:
	if (rc == HZ_E_NOMEM && !err->code)
		hz_error_set(err, HZ_E_NOMEM, "out of memory");
	for (size_t i = 0; i < out.n; i++)
		entry_release(&out.v[i]);
	free(out.v);
	hz_error_file(err, relpath);
	hz_review_file_release(f);
	return rc;
}

void hz_review_file_release(hz_review_file *f)
{
	if (!f)
		return;
	free(f->file);
	for (size_t i = 0; i < f->nentries; i++)
		entry_release(&f->entries[i]);
	free(f->entries);
	memset(f, 0, sizeof(*f));
}

hz_code hz_review_keys_build(hz_review_keys *k, const hz_results *r, normalizer *n)
{
	memset(k, 0, sizeof(*k));
	k->ids = calloc(r->ntasks + 1, sizeof(*k->ids));
	k->titles = calloc(r->ntasks + 1, sizeof(*k->titles));
	if (!k->ids || !k->titles)
		return HZ_E_NOMEM;
	k->ntasks = r->ntasks;
	for (size_t t = 0; t < r->ntasks; t++) {
		const char *id = r->tasks[t].id ? r->tasks[t].id : "", *title = r->tasks[t].title ? r->tasks[t].title : "";
		k->ids[t] = norm_key(n, id, strlen(id));
		k->titles[t] = norm_key(n, title, strlen(title));
		if (!k->ids[t] || !k->titles[t])
			return HZ_E_NOMEM;
	}
	return HZ_OK;
}

void hz_review_keys_release(hz_review_keys *k)
{
	for (size_t t = 0; t < k->ntasks; t++) {
		free(k->ids ? k->ids[t] : NULL);
		free(k->titles ? k->titles[t] : NULL);
	}
	free(k->ids);
	free(k->titles);
	memset(k, 0, sizeof(*k));
}
