/*
 * Review tables (SPEC 6.1): a sheet or Word table copied, its header found
 * (the one-row-per-unit 考评汇总表 first, then the 考评表), its rows turned
 * into reviews, and the labels above and below given to them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "recognise/form_internal.h"
#include "recognise/review_form.h"
#include "recognise/review_internal.h"
#include "hz_limits.h"

#include "banned.h"

/* ---------------------------------------------------------------- tables */


void rv_rtable_release(rtable *t)
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

hz_code rv_rtable_add(rtable *t, const form_cell *cells, size_t n, uint32_t rownum)
{
	rt_row *r;

	if (t->nrows >= HZ_MAX_FORM_ROWS)
		return HZ_E_LIMIT;
	for (size_t i = 0; i < n; i++) {
		if (cells[i].len > HZ_MAX_FORM_TEXT_BYTES - t->nbytes)
			return HZ_E_LIMIT;
		t->nbytes += cells[i].len;
	}
	rt_row *nr = dynbuf_grow_array(t->rows, t->nrows, &t->cap, 32, sizeof(*nr));
	if (!nr)
		return HZ_E_NOMEM;
	t->rows = nr;
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

hz_code rv_add_vcell(rt_row *r, const form_cell *src, uint32_t col)
{
	form_cell *nv = dynbuf_grow_array(r->vcells, r->nvcells, &r->vcap, 8, sizeof(*nv));
	if (!nv)
		return HZ_E_NOMEM;
	r->vcells = nv;
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


static void row_release(hz_review_row *r)
{
	free(r->ref);
	free(r->title);
	free(r->title_key);
	free(r->score);
	free(r->comment);
}

void rv_entry_release(hz_review_entry *e)
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
	hz_review_entry *nv = dynbuf_grow_array(l->v, l->n, &l->cap, 8, sizeof(*nv));
	if (!nv)
		return NULL;
	l->v = nv;
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

/* A date label's value into an entry (a copy). */
static hz_code entry_date(hz_review_entry *e, const form_date_label *d)
{
	e->has_date = d->has_date;
	e->year = d->y;
	e->month = d->m;
	e->day = d->d;
	if (d->bad_date && !(e->bad_date = strdup(d->bad_date)))
		return HZ_E_NOMEM;
	return HZ_OK;
}

/* The labels into an entry (copies: a 考评汇总表's rows share them). */
static hz_code entry_labels(hz_review_entry *e, const rv_labels *l, int with_unit)
{
	if (with_unit && l->unit && !(e->unit_text = strdup(l->unit)))
		return HZ_E_NOMEM;
	if (l->group && !(e->group = strdup(l->group)))
		return HZ_E_NOMEM;
	return entry_date(e, &l->date);
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

/* The reviewers' words as they typed them, trimmed: they are quoted in the
 * letters (扣分原因), where NFKC would turn "，" into ",". */
static char *cell_as_typed(const form_cell *cells, size_t nc, int64_t col)
{
	const form_cell *c = form_cell_at(cells, nc, col);
	return c ? form_trim_dup(c->text, c->len) : dup_empty();
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
int rv_names_review_role(const form_cell *cells, size_t nc, normalizer *n)
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
	w.title_key = w.title ? form_squeeze(w.title, strlen(w.title)) : NULL;
	if (!w.ref || !w.title || !w.title_key)
		goto nomem;
	if (!w.ref[0] && !w.title_key[0]) {
		row_release(&w);
		return HZ_OK;
	}
	w.score = cell_key(n, r->cells, r->ncells, h->h.cols[ROLE_REVIEW_SCORE]);
	w.comment = cell_as_typed(r->cells, r->ncells, h->h.cols[ROLE_COMMENT]);
	if (!w.score || !w.comment)
		goto nomem;
	hz_review_row *nr = dynbuf_grow_array(e->rows, e->nrows, cap, 32, sizeof(*nr));
	if (!nr)
		goto nomem;
	e->rows = nr;
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
			e->comment = form_trim_dup(cc->text, cc->len);
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
hz_code rv_read_table(entry_list *out, const table_ctx *tc, const rtable *t, rv_labels *above, rv_labels *below,
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
		if ((rc = rv_scan_labels(above, t->rows[i].cells, t->rows[i].ncells, tc->n, t->date1904, 1)) != HZ_OK)
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
		if ((rc = rv_scan_labels(below, r->cells, r->ncells, tc->n, t->date1904, 0)) != HZ_OK)
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
hz_code rv_finish_entries(entry_list *out, size_t first, size_t end, rv_labels *above, const rv_labels *below,
			      const rv_labels *carried)
{
	hz_code rc;

	if ((rc = rv_labels_fill(above, below)) != HZ_OK)
		return rc;
	if (carried && (rc = rv_labels_fill(above, carried)) != HZ_OK)
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
			if (!e->has_date && !e->bad_date && above->date.done && entry_date(e, &above->date) != HZ_OK)
				return HZ_E_NOMEM;
		}
	}
	return HZ_OK;
}
