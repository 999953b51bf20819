/*
 * The task checklist (SPEC §1, 5.9): checklist.xlsx, or checklist.docx
 * with the same columns in a Word table.  Categories carry down; a row
 * with text but no title starts a category; ids, keywords and scores are
 * settled here so judging only compares.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hz_open.h"
#include "recognise/form.h"
#include "recognise/form_internal.h"
#include "hz_limits.h"
#include "text/vocab.h"

#include "banned.h"

/* Category-only rows, blank rows and footers come with the tasks. */
#define CHECKLIST_MAX_ROWS (4 * HZ_MAX_TASKS)

/* A score-like cell: a number, or text hz_parse_number reads.  Returns 1
 * and sets *v, 0 when the text is not a number, <0 on out of memory. */
static int cell_number(normalizer *n, const form_cell *c, double *v)
{
	char *k;
	int ok;

	if (c->kind != FCELL_TEXT) {
		*v = c->num;
		return 1;
	}
	k = norm_key(n, c->text, c->len);
	if (!k)
		return -1;
	ok = hz_parse_number(k, v);
	free(k);
	return ok;
}

/* A minimum written as a phrase ("每年至少开展2次", "不少于两次", "一年两次"):
 * the run of digits or Chinese numerals just before 次 (of a range before
 * 次, "2-3次", "两至三次", its lower end), else the first run that parses.
 * Returns 1 and sets *v when one parses. */
static int count_in_phrase(const char *k, double *v)
{
	static const char *const numerals[] = {"一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十",
					       "〇", "零", NULL};
	static const char *const range_seps[] = {"-", "~", "至", "到", "—", NULL};
	const char *p = k, *prev_end = NULL;
	int have_first = 0;
	double first = 0, prev = 0;

	while (*p) {
		const char *q = p;
		for (;;) {
			int hit = 0;
			if (*q >= '0' && *q <= '9') {
				q++;
				continue;
			}
			for (const char *const *nu = numerals; *nu; nu++)
				if (!strncmp(q, *nu, strlen(*nu))) {
					q += strlen(*nu);
					hit = 1;
					break;
				}
			if (!hit)
				break;
		}
		if (q > p) {
			char buf[64];
			size_t len = (size_t)(q - p);
			double x;
			if (len < sizeof(buf)) {
				memcpy(buf, p, len);
				buf[len] = '\0';
				if (hz_parse_number(buf, &x)) {
					if (!strncmp(q, "次", strlen("次"))) {
						*v = x;
						for (const char *const *sep = range_seps; prev_end && *sep; sep++)
							if (p - prev_end == (ptrdiff_t)strlen(*sep) &&
							    !strncmp(prev_end, *sep, strlen(*sep)))
								*v = prev;
						return 1;
					}
					if (!have_first) {
						first = x;
						have_first = 1;
					}
					prev = x;
					prev_end = q;
				}
			}
			p = q;
		} else {
			p++;
			while ((*p & 0xC0) == 0x80)
				p++;
		}
	}
	if (have_first)
		*v = first;
	return have_first;
}

/* The first text of a row that has no title: a category heading. */
static char *row_heading(normalizer *n, const form_grid_row *row)
{
	for (size_t i = 0; i < row->ncells; i++) {
		const form_cell *c = &row->cells[i];
		char *k = norm_key(n, c->text, c->len);
		if (!k)
			return NULL;
		if (k[0]) {
			char *t = form_trim_dup(c->text, c->len);
			free(k);
			if (!t)
				return NULL;
			{
				const char *s = form_strip_enumeration(t);
				char *d = form_strndup(s, strlen(s));
				free(t);
				return d;
			}
		}
		free(k);
	}
	return form_strndup("", 0);
}

static hz_code fail_at(const form_grid *g, hz_error *err, uint32_t row, int64_t col, const char *what)
{
	form_grid_where(g, err, row, col);
	return hz_error_set(err, HZ_E_CONFIG, "%s", what);
}

/* Distinct categories in checklist order, compared after normalisation;
 * each task's category becomes the first spelling met. */
static hz_code settle_categories(hz_results *r, hz_task *tasks, size_t ntasks, normalizer *n)
{
	char **names = calloc(ntasks ? ntasks : 1, sizeof(*names));
	char **keys = calloc(ntasks ? ntasks : 1, sizeof(*keys));
	size_t nc = 0;
	hz_code rc = HZ_OK;

	if (!names || !keys) {
		rc = HZ_E_NOMEM;
		goto out;
	}
	for (size_t i = 0; i < ntasks; i++) {
		char *k = norm_key(n, tasks[i].category, strlen(tasks[i].category));
		size_t j;
		if (!k) {
			rc = HZ_E_NOMEM;
			goto out;
		}
		for (j = 0; j < nc && strcmp(keys[j], k); j++)
			;
		if (j == nc) {
			names[nc] = form_strndup(tasks[i].category, strlen(tasks[i].category));
			keys[nc] = k;
			if (!names[nc]) {
				rc = HZ_E_NOMEM;
				goto out;
			}
			nc++;
		} else {
			char *d = form_strndup(names[j], strlen(names[j]));
			free(k);
			if (!d) {
				rc = HZ_E_NOMEM;
				goto out;
			}
			free(tasks[i].category);
			tasks[i].category = d;
		}
	}
	r->categories = names;
	r->ncategories = nc;
	names = NULL;
out:
	for (size_t j = 0; j < nc; j++) {
		if (names)
			free(names[j]);
		free(keys[j]);
	}
	free(names);
	free(keys);
	return rc;
}

hz_code hz_checklist_read(hz_results *r, const char *campaign_dir, normalizer *n, hz_error *err)
{
	char *xlsx = hz_path_join(campaign_dir, "checklist.xlsx");
	char *docx = hz_path_join(campaign_dir, "checklist.docx");
	char *category = NULL;
	form_grid g;
	hz_task *tasks = NULL;
	uint32_t *task_rows = NULL;
	unsigned char *has_max = NULL;
	size_t ntasks = 0, nmax = 0;
	const char *rel = "checklist.xlsx";
	hz_code rc;

	memset(&g, 0, sizeof(g));
	if (!xlsx || !docx) {
		rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
		goto out;
	}
	if (access(xlsx, F_OK) == 0) {
		rc = form_grid_read_xlsx(&g, xlsx, FORM_CHECKLIST, n, CHECKLIST_MAX_ROWS, err);
	} else if (access(docx, F_OK) == 0) {
		rel = "checklist.docx";
		rc = form_grid_read_docx(&g, docx, FORM_CHECKLIST, n, CHECKLIST_MAX_ROWS, err);
	} else {
		rc = hz_error_set(err, HZ_E_CONFIG,
				  "no checklist: neither checklist.xlsx nor checklist.docx in the campaign folder");
		goto out;
	}
	if (rc != HZ_OK)
		goto out;
	tasks = calloc(g.nrows ? g.nrows : 1, sizeof(*tasks));
	task_rows = calloc(g.nrows ? g.nrows : 1, sizeof(*task_rows));
	has_max = calloc(g.nrows ? g.nrows : 1, 1);
	category = form_strndup("", 0);
	if (!tasks || !task_rows || !has_max || !category) {
		rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < g.nrows; i++) {
		const form_grid_row *row = &g.rows[i];
		const form_cell *title = form_cell_at(row->cells, row->ncells, g.h.cols[ROLE_TITLE]);
		const form_cell *c;
		hz_task *t = &tasks[ntasks];
		char *key = title ? norm_key(n, title->text, title->len) : form_strndup("", 0);
		double v;
		int ok;

		if (!key) {
			rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
			goto out;
		}
		/* A lone text merged across the row from the title column is a
		 * heading too, the same row as when it starts left of the title. */
		if (key[0] && title->span > 1 && row->ncells == 1)
			key[0] = '\0';
		if (!key[0]) {
			/* SPEC §1: text but no title starts a category */
			char *h = row_heading(n, row);
			free(key);
			if (!h) {
				rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
				goto out;
			}
			if (h[0]) {
				free(category);
				category = h;
			} else {
				free(h);
			}
			continue;
		}
		free(key);
		if (ntasks >= HZ_MAX_TASKS) {
			form_grid_where(&g, err, row->row, g.h.cols[ROLE_TITLE]);
			rc = hz_error_set(err, HZ_E_LIMIT, "more than %d tasks", HZ_MAX_TASKS);
			goto out;
		}
		c = form_cell_at(row->cells, row->ncells, g.h.cols[ROLE_CATEGORY]);
		if (c) {
			char *cat = form_trim_dup(c->text, c->len);
			if (!cat) {
				rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
				goto out;
			}
			if (cat[0]) {
				free(category);
				category = cat;
			} else {
				free(cat);
			}
		}
		t->category = form_strndup(category, strlen(category));
		t->title = form_trim_dup(title->text, title->len);
		c = form_cell_at(row->cells, row->ncells, g.h.cols[ROLE_REQUIREMENT]);
		t->requirement = c ? form_trim_dup(c->text, c->len) : form_strndup("", 0);
		c = form_cell_at(row->cells, row->ncells, g.h.cols[ROLE_ID]);
		t->id = c ? form_id_key(n, c) : form_strndup("", 0);
		if (!t->category || !t->title || !t->requirement || !t->id) {
			ntasks++;
			rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
			goto out;
		}
		ntasks++;
		task_rows[ntasks - 1] = row->row;
		if (!t->id[0]) {
			/* SPEC §1: a missing id is the task's 1-based position */
			char b[24];
			snprintf(b, sizeof(b), "%zu", ntasks);
			free(t->id);
			if (!(t->id = form_strndup(b, strlen(b)))) {
				rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
				goto out;
			}
		}
		c = form_cell_at(row->cells, row->ncells, g.h.cols[ROLE_MAX]);
		if (c) {
			ok = cell_number(n, c, &v);
			if (ok < 0) {
				rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
				goto out;
			}
			if (!ok || v < 0) {
				form_grid_where(&g, err, row->row, c->col);
				rc = hz_error_set(err, HZ_E_CONFIG, "the max score '%.*s' is not a number",
						  (int)(c->len > 100 ? 100 : c->len), c->text);
				goto out;
			}
			t->max = v;
			has_max[ntasks - 1] = 1;
			nmax++;
		}
		c = form_cell_at(row->cells, row->ncells, g.h.cols[ROLE_MIN_COUNT]);
		if (c) {
			ok = cell_number(n, c, &v);
			if (ok == 0) {
				char *k = norm_key(n, c->text, c->len);
				ok = k ? count_in_phrase(k, &v) : -1;
				free(k);
			}
			if (ok < 0) {
				rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
				goto out;
			}
			if (!ok || v < 0 || v > 1e6) {
				form_grid_where(&g, err, row->row, c->col);
				rc = hz_error_set(err, HZ_E_CONFIG, "the minimum count '%.*s' is not a number",
						  (int)(c->len > 100 ? 100 : c->len), c->text);
				goto out;
			}
			t->min_count = (int)(v + 0.5);
		}
		c = form_cell_at(row->cells, row->ncells, g.h.cols[ROLE_KEYWORDS]);
		if (c && form_split_list(c->text, c->len, 1, n, &t->keywords, &t->nkeywords) != HZ_OK) {
			rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
			goto out;
		}
	}
	if (ntasks == 0) {
		form_grid_where(&g, err, g.header_row, g.h.cols[ROLE_TITLE]);
		rc = hz_error_set(err, HZ_E_CONFIG, "the checklist has no task below its header");
		goto out;
	}
	for (size_t i = 0; i < ntasks; i++) {
		hz_task *t = &tasks[i];
		if (nmax > 0 && !has_max[i]) {
			rc = fail_at(&g, err, task_rows[i], g.h.cols[ROLE_MAX] >= 0 ? g.h.cols[ROLE_MAX] : g.h.cols[ROLE_TITLE],
				     "some tasks have a max score and this one has none");
			goto out;
		}
		if (nmax == 0)
			t->max = 100.0 / (double)ntasks;
	}
	for (size_t i = 0; i < ntasks; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(tasks[i].id, tasks[j].id)) {
				char msg[300];
				snprintf(msg, sizeof(msg), "task id '%s' is used twice (rows %u and %u)", tasks[i].id,
					 task_rows[j], task_rows[i]);
				rc = fail_at(&g, err, task_rows[i], g.h.cols[ROLE_ID] >= 0 ? g.h.cols[ROLE_ID] : 0, msg);
				goto out;
			}
	rc = settle_categories(r, tasks, ntasks, n);
	if (rc != HZ_OK) {
		rc = hz_error_set(err, rc, "out of memory");
		goto out;
	}
	r->tasks = tasks;
	r->ntasks = ntasks;
	tasks = NULL;
	ntasks = 0;
out:
	/* the readers name the path on disk; messages name the campaign file
	 * (and err is left as it was when nothing failed) */
	if (rc != HZ_OK)
		hz_error_file(err, rel);
	for (size_t i = 0; i < ntasks; i++)
		hz_task_release(&tasks[i]);
	free(tasks);
	free(task_rows);
	free(has_max);
	free(category);
	form_grid_release(&g);
	free(xlsx);
	free(docx);
	return rc;
}
