/*
 * `huizong forms --reviews`: the forms review groups fill in on their
 * visits (SPEC 6.1), made from the judged campaign so that each unit's
 * self score is printed beside the box for the review score.  Their labels
 * and header cells are SPEC 6.1 aliases, so `run` reads them back exactly.
 *
 * <group>考评表.xlsx (one per roster group; 考评表.xlsx when the roster has
 * no groups, 未分组考评表.xlsx for units without one when others have
 * one): one sheet per unit that submitted, named after the unit:
 *
 *   <campaign>实地考评表                     (title)
 *   被考评单位： | <unit>                   (label, value to its right)
 *   评审组：     | <input>
 *   考评日期：   | <input>
 *   说明         (avoids the label words, so it is never taken for one)
 *   序号 任务 分值 自评分 | 考评得分 扣分原因
 *   one row per task
 *
 * 考评汇总表.xlsx: the one-row-per-unit shape, blank: 评审组 and 考评日期
 * above, then 序号 单位名称 <task id>… 合计 考评意见, the task columns
 * headed by the id with the max as a bracketed note ("1.1（5分）"), and a
 * second sheet 任务说明 naming each id's task.
 *
 * Inputs are unlocked and tinted, review scores validated from 0 to the
 * task's max; the rest is protected without a password, as in forms.c.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write/docs.h"
#include "write/form_sheet.h"
#include "write/safe_name.h"
#include "write/xlsx_write.h"

#include "banned.h"

#define RF_SUFFIX "考评表.xlsx"
#define RF_SUMMARY "考评汇总表.xlsx"
#define RF_ROW_PT 15.0
/* Excel's sheet names: at most 31 characters (UTF-16 units). */
#define RF_SHEET_UNITS 31
/* Empty rows of the blank 考评汇总表. */
#define RF_SUMMARY_ROWS 60

static hz_code set_width(lxw_worksheet *ws, lxw_col_t col, double width, hz_error *err)
{
	lxw_error e = worksheet_set_column(ws, col, col, width, NULL);
	return e == LXW_NO_ERROR ? HZ_OK : xw_fail(err, e, "cannot set column width");
}

static int ends_with(const char *s, size_t n, const char *tail)
{
	size_t t = strlen(tail);
	return n >= t && memcmp(s + n - t, tail, t) == 0;
}

/* "2024年度…创建自查情况汇总" → "2024年度…创建" + what; plain what without a
 * campaign title. */
static void form_title(const char *campaign, const char *what, char *out, size_t size)
{
	static const char *const tails[] = {"自查情况汇总", "情况汇总", "汇总", "自查"};
	size_t n = campaign ? strlen(campaign) : 0;
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++)
		if (ends_with(campaign, n, tails[i])) {
			n -= strlen(tails[i]);
			break;
		}
	while (n > 0 && n + strlen(what) + 1 > size)
		for (n--; n > 0 && ((unsigned char)campaign[n] & 0xC0) == 0x80; n--)
			;
	snprintf(out, size, "%.*s%s", (int)n, n ? campaign : "", what);
}

/* Labels of a review: the value stands in the cell to the right (SPEC 6.1).
 * unit NULL: no 被考评单位 line (the 考评汇总表). */
static hz_code label_rows(lxw_worksheet *ws, const form_sheet_fmt *f, const char *unit, lxw_row_t *row,
			  hz_error *err)
{
	hz_code rc = HZ_OK;
	if (unit) {
		HZ_TRY(xw_text(ws, *row, 0, "被考评单位：", f->label, err));
		HZ_TRY(form_sheet_merge(ws, *row, 1, *row, 2, unit, f->value, err));
		++*row;
	}
	HZ_TRY(xw_text(ws, *row, 0, "评审组：", f->label, err));
	HZ_TRY(form_sheet_merge(ws, *row, 1, *row, 2, NULL, f->input, err));
	++*row;
	HZ_TRY(xw_text(ws, *row, 0, "考评日期：", f->label, err));
	HZ_TRY(form_sheet_merge(ws, *row, 1, *row, 2, NULL, f->date_input, err));
	++*row;
out:
	return rc;
}

/* One unit's 考评表 sheet. */
static hz_code unit_sheet(lxw_worksheet *ws, const hz_results *r, const hz_unit *u, const form_sheet_fmt *f,
			  const char *title, hz_error *err)
{
	static const char *const headers[] = {"序号", "任务", "分值", "自评分", "考评得分", "扣分原因"};
	static const double widths[] = {10, 44, 7, 8, 10, 36};
	lxw_row_t row = 1, header;
	hz_code rc = HZ_OK;

	for (size_t c = 0; c < 6; c++)
		HZ_TRY(set_width(ws, (lxw_col_t)c, widths[c], err));
	HZ_TRY(form_sheet_merge(ws, 0, 0, 0, 5, title, f->title, err));
	worksheet_set_row(ws, 0, 30, NULL);
	HZ_TRY(label_rows(ws, f, u->name, &row, err));
	/* No 单位 or 日期 at the start: a reader could take it for a label. */
	HZ_TRY(form_sheet_merge(ws, row, 0, row, 5,
		  "说明：黄色格由评审组填写。考评得分不超过该项分值，未评分的任务留空（按自评分计）；"
		  "扣分的任务请在扣分原因中写明。请勿增删行列或修改序号、任务内容。",
		  f->note, err));
	worksheet_set_row(ws, row, RF_ROW_PT * 2, NULL);
	header = ++row;
	for (size_t c = 0; c < 6; c++)
		HZ_TRY(xw_text(ws, header, (lxw_col_t)c, headers[c], f->header, err));
	for (size_t i = 0; i < r->ntasks; i++) {
		const hz_task *t = &r->tasks[i];
		const lxw_row_t at = header + 1 + (lxw_row_t)i;
		const double self = u->submitted && u->tasks && i < u->ntasks ? u->tasks[i].score : 0;
		size_t w = xw_display_width(t->title), lines = w / 42 + 1;
		HZ_TRY(xw_text(ws, at, 0, t->id, f->number, err));
		HZ_TRY(xw_text(ws, at, 1, t->title, f->wrap, err));
		HZ_TRY(xw_number(ws, at, 2, t->max, f->number, err));
		HZ_TRY(xw_number(ws, at, 3, self, f->number, err));
		HZ_TRY(xw_text(ws, at, 4, NULL, f->input, err));
		HZ_TRY(form_sheet_score_check(ws, at, 4, t->max, "考评得分", err));
		HZ_TRY(xw_text(ws, at, 5, NULL, f->input_wrap, err));
		worksheet_set_row(ws, at, RF_ROW_PT * (double)(lines < 2 ? 2 : lines > 10 ? 10 : lines), NULL);
	}
	if (r->ntasks > 0) {
		char range[64];
		snprintf(range, sizeof(range), "A%u:A%zu", header + 2, (size_t)header + 1 + r->ntasks);
		worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, range);
	}
	form_sheet_finish(ws, header);
out:
	return rc;
}

/* ------------------------------------------------------------- names */

typedef struct rf_names {
	char **v;
	size_t n, cap;
} rf_names;

static bool names_has(const rf_names *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (xw_name_equal_folded(s->v[i], name))
			return true;
	return false;
}

static hz_code names_add(rf_names *s, const char *name, hz_error *err)
{
	char *dup = strdup(name);
	if (!dup)
		return hz_error_set(err, HZ_E_NOMEM, "out of memory");
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		char **v = realloc(s->v, cap * sizeof(*v));
		if (!v) {
			free(dup);
			return hz_error_set(err, HZ_E_NOMEM, "out of memory");
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = dup;
	return HZ_OK;
}

static void names_clear(rf_names *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	s->n = 0;
}

/* Length of the UTF-8 sequence at s (1 for a stray byte). */
static size_t seq_len(const unsigned char *s)
{
	return *s < 0x80 ? 1 : *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 : *s >= 0xC0 ? 2 : 1;
}

/* The unit's name as Excel takes a sheet name: no [ ] : * ? / \ (they
 * become nothing), no control characters, no apostrophe at either end, at
 * most room UTF-16 units cut between characters; "单位" when nothing is
 * left.  out holds at least 4·31+1 bytes. */
static void sheet_base(const char *name, size_t room, char *out, size_t outsz)
{
	const unsigned char *s = (const unsigned char *)(name ? name : "");
	size_t len = 0, units = 0;
	while (*s) {
		size_t k = seq_len(s), u = k == 4 ? 2 : 1;
		if (strnlen((const char *)s, k) < k)
			break;
		if (k == 1 && (*s < 0x20 || *s == 0x7F || strchr("[]:*?/\\", *s))) {
			s++;
			continue;
		}
		if (units + u > room || len + k + 1 > outsz)
			break;
		memcpy(out + len, s, k);
		len += k;
		units += u;
		s += k;
	}
	out[len] = '\0';
	while (len > 0 && (out[len - 1] == '\'' || out[len - 1] == ' '))
		out[--len] = '\0';
	{
		size_t lead = 0;
		while (out[lead] == '\'' || out[lead] == ' ')
			lead++;
		memmove(out, out + lead, len - lead + 1);
		len -= lead;
	}
	if (len == 0 || xw_name_equal_folded(out, "History"))
		snprintf(out, outsz, "%s", len == 0 ? "单位" : "History单位");
}

/* A sheet name for the unit, unique in its workbook: the name, else
 * "name（2）", "name（3）" … cut so the whole stays within 31 units. */
static hz_code sheet_name(rf_names *used, const char *unit, char *out, size_t outsz, hz_error *err)
{
	char base[4 * RF_SHEET_UNITS + 1];
	sheet_base(unit, RF_SHEET_UNITS, base, sizeof(base));
	snprintf(out, outsz, "%s", base);
	for (unsigned k = 2; names_has(used, out); k++) {
		char suffix[32], stem[4 * RF_SHEET_UNITS + 1];
		int sl = snprintf(suffix, sizeof(suffix), "（%u）", k);
		/* the suffix's units: two brackets and the digits */
		size_t su = 2 + (size_t)sl - 2 * strlen("（");
		sheet_base(unit, RF_SHEET_UNITS - su, stem, sizeof(stem));
		snprintf(out, outsz, "%s%s", stem, suffix);
	}
	return names_add(used, out, err);
}

/* -------------------------------------------------------------- books */

/* The 考评表 workbook of one group (group NULL: every unit). */
static hz_code group_book(const hz_results *r, const char *group, const char *path, size_t *sheets, hz_error *err)
{
	xw_book book;
	form_sheet_fmt f;
	rf_names used = {0};
	char title[512], name[4 * RF_SHEET_UNITS + 64];
	hz_code rc;

	form_title(r->settings.title, "实地考评表", title, sizeof(title));
	rc = form_sheet_open(&book, path, r->settings.as_of, "考评表", &f, err);
	if (rc != HZ_OK)
		return rc;
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[i];
		lxw_worksheet *ws;
		if (!u->submitted || (group && strcmp(u->group ? u->group : "", group) != 0))
			continue;
		HZ_TRY(sheet_name(&used, u->name, name, sizeof(name), err));
		ws = workbook_add_worksheet(book.wb, name);
		if (!ws) {
			rc = hz_error_set(err, HZ_E_WRITE, "cannot add the sheet %s", name);
			goto out;
		}
		HZ_TRY(unit_sheet(ws, r, u, &f, title, err));
		++*sheets;
	}
out:
	rc = xw_book_end(&book, rc, err);
	names_clear(&used);
	free(used.v);
	return rc;
}

/* The blank 考评汇总表: one row per unit, one column per task. */
static hz_code summary_book(const hz_results *r, const char *path, hz_error *err)
{
	xw_book book;
	form_sheet_fmt f;
	lxw_worksheet *ws, *tasks;
	const size_t ncols = 2 + r->ntasks + 2;
	char title[512];
	lxw_row_t row = 1, header;
	hz_code rc;

	form_title(r->settings.title, "实地考评汇总表", title, sizeof(title));
	rc = form_sheet_open(&book, path, r->settings.as_of, "考评汇总表", &f, err);
	if (rc != HZ_OK)
		return rc;
	ws = workbook_add_worksheet(book.wb, "考评汇总表");
	tasks = ws ? workbook_add_worksheet(book.wb, "任务说明") : NULL;
	if (!ws || !tasks) {
		rc = hz_error_set(err, HZ_E_WRITE, "cannot add a sheet");
		goto out;
	}
	HZ_TRY(set_width(ws, 0, 10, err));
	HZ_TRY(set_width(ws, 1, 30, err));
	for (size_t t = 0; t < r->ntasks; t++)
		HZ_TRY(set_width(ws, (lxw_col_t)(2 + t), 9, err));
	HZ_TRY(set_width(ws, (lxw_col_t)(2 + r->ntasks), 8, err));
	HZ_TRY(set_width(ws, (lxw_col_t)(3 + r->ntasks), 36, err));
	HZ_TRY(form_sheet_merge(ws, 0, 0, 0, (lxw_col_t)(ncols - 1), title, f.title, err));
	worksheet_set_row(ws, 0, 30, NULL);
	HZ_TRY(label_rows(ws, &f, NULL, &row, err));
	HZ_TRY(form_sheet_merge(ws, row, 0, row, (lxw_col_t)(ncols - 1),
		  "说明：每行填写一个被考评单位。任务栏填该任务的考评得分（不超过括号内的分值），"
		  "未评分的留空（按自评分计）；考评意见写扣分原因。各任务内容见“任务说明”表。",
		  f.note, err));
	worksheet_set_row(ws, row, RF_ROW_PT * 2, NULL);
	header = ++row;
	HZ_TRY(xw_text(ws, header, 0, "序号", f.header, err));
	HZ_TRY(xw_text(ws, header, 1, "单位名称", f.header, err));
	for (size_t t = 0; t < r->ntasks; t++) {
		char head[256], max[32];
		snprintf(max, sizeof(max), "%g", r->tasks[t].max);
		snprintf(head, sizeof(head), "%s（%s分）", r->tasks[t].id, max);
		HZ_TRY(xw_text(ws, header, (lxw_col_t)(2 + t), head, f.header, err));
	}
	HZ_TRY(xw_text(ws, header, (lxw_col_t)(2 + r->ntasks), "合计", f.header, err));
	HZ_TRY(xw_text(ws, header, (lxw_col_t)(3 + r->ntasks), "考评意见", f.header, err));
	worksheet_set_row(ws, header, RF_ROW_PT * 2, NULL);
	for (lxw_row_t k = 1; k <= RF_SUMMARY_ROWS; k++) {
		const lxw_row_t at = header + k;
		HZ_TRY(xw_number(ws, at, 0, k, f.number, err));
		HZ_TRY(xw_text(ws, at, 1, NULL, f.input_wrap, err));
		for (size_t t = 0; t < r->ntasks; t++) {
			HZ_TRY(xw_text(ws, at, (lxw_col_t)(2 + t), NULL, f.input, err));
			HZ_TRY(form_sheet_score_check(ws, at, (lxw_col_t)(2 + t), r->tasks[t].max, "考评得分", err));
		}
		HZ_TRY(xw_text(ws, at, (lxw_col_t)(2 + r->ntasks), NULL, f.input, err));
		HZ_TRY(xw_text(ws, at, (lxw_col_t)(3 + r->ntasks), NULL, f.input_wrap, err));
	}
	form_sheet_finish(ws, header);
	worksheet_freeze_panes(ws, header + 1, 2);

	/* 任务说明: what each id stands for.  No 考评得分 column, so it is
	 * never taken for a review. */
	HZ_TRY(set_width(tasks, 0, 10, err));
	HZ_TRY(set_width(tasks, 1, 14, err));
	HZ_TRY(set_width(tasks, 2, 50, err));
	HZ_TRY(set_width(tasks, 3, 8, err));
	HZ_TRY(xw_text(tasks, 0, 0, "编号", f.header, err));
	HZ_TRY(xw_text(tasks, 0, 1, "类别", f.header, err));
	HZ_TRY(xw_text(tasks, 0, 2, "任务", f.header, err));
	HZ_TRY(xw_text(tasks, 0, 3, "分值", f.header, err));
	for (size_t t = 0; t < r->ntasks; t++) {
		HZ_TRY(xw_text(tasks, (lxw_row_t)(t + 1), 0, r->tasks[t].id, f.number, err));
		HZ_TRY(xw_text(tasks, (lxw_row_t)(t + 1), 1, r->tasks[t].category, f.wrap, err));
		HZ_TRY(xw_text(tasks, (lxw_row_t)(t + 1), 2, r->tasks[t].title, f.wrap, err));
		HZ_TRY(xw_number(tasks, (lxw_row_t)(t + 1), 3, r->tasks[t].max, f.number, err));
	}
	worksheet_freeze_panes(tasks, 1, 0);
out:
	return xw_book_end(&book, rc, err);
}

hz_code hz_review_forms_write(const hz_results *r, const char *out_dir, size_t *books, hz_error *err)
{
	rf_names groups = {0};
	safe_name_set files = {0};
	bool grouped = false;
	char *path = NULL;
	hz_code rc;

	*books = 0;
	HZ_TRY(xw_mkdirs(out_dir, err));
	if (safe_name_set_init(&files, r->nunits + 1) != HZ_OK || safe_name_set_reserve(&files, RF_SUMMARY) != HZ_OK) {
		rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < r->nunits; i++)
		if (r->units[i].group && *r->units[i].group)
			grouped = true;
	/* the groups in roster order, each once */
	for (size_t i = 0; grouped && i < r->nunits; i++) {
		const char *g = r->units[i].group ? r->units[i].group : "";
		bool seen = false;
		if (!r->units[i].submitted)
			continue;
		for (size_t k = 0; k < groups.n && !seen; k++)
			seen = strcmp(groups.v[k], g) == 0;
		if (!seen)
			HZ_TRY(names_add(&groups, g, err));
	}
	for (size_t i = 0; !grouped && i < r->nunits && groups.n == 0; i++)
		if (r->units[i].submitted)
			HZ_TRY(names_add(&groups, "", err));
	for (size_t k = 0; k < groups.n; k++) {
		/* "<group>考评表.xlsx" (write/safe_name.h); without groups the one
		 * workbook is 考评表.xlsx */
		char name[SAFE_NAME_ROOM + 64];
		size_t sheets = 0;
		if (grouped ? safe_name_unique(&files, *groups.v[k] ? groups.v[k] : "未分组", RF_SUFFIX, name,
					       sizeof(name)) != HZ_OK
			    : safe_name_set_reserve(&files, RF_SUFFIX) != HZ_OK) {
			rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
			goto out;
		}
		if (!grouped)
			snprintf(name, sizeof(name), "%s", RF_SUFFIX);
		if (!(path = form_sheet_path(out_dir, name))) {
			rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
			goto out;
		}
		HZ_TRY(group_book(r, grouped ? groups.v[k] : NULL, path, &sheets, err));
		free(path);
		path = NULL;
		++*books;
	}
	if (!(path = form_sheet_path(out_dir, RF_SUMMARY))) {
		rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
		goto out;
	}
	HZ_TRY(summary_book(r, path, err));
out:
	free(path);
	names_clear(&groups);
	free(groups.v);
	safe_name_set_release(&files);
	return rc;
}
