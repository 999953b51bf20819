/*
 * `huizong forms`: the 自查自评表 each unit fills in.  Its labels and
 * header cells are SPEC §1 aliases, so a returned form is read back exactly:
 *
 *   <campaign>自查自评表                         (title)
 *   填报单位： | <unit>                          (label, value to its right)
 *   填报日期： | <input>
 *   填表说明   (how to fill in; it avoids the label words so it is never
 *              taken for one)
 *   序号 类别 任务 要求 分值 [最低次数] | 完成情况 [完成次数] 自评分 佐证材料 存在问题
 *   one row per task
 *
 * The columns after the bar are inputs: unlocked, tinted, with data
 * validation (a drop-down of statuses, 0..max scores, whole counts ≥ 0).
 * The rest is protected without a password, so the checklist wording
 * cannot be changed by accident but an office can still unprotect it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write/docs.h"
#include "write/form_sheet.h"
#include "write/safe_name.h"
#include "write/xlsx_write.h"

#include "banned.h"

#define FORM_SUFFIX "自查自评表.xlsx"
#define FORM_BLANK "空白" FORM_SUFFIX
#define FORM_SHEET "自查自评表"
#define FORM_HEADER_ROW 4
/* One line of 11-point text, in points: rows are sized in lines because
 * Excel does not grow a row for wrapped text a program wrote. */
#define FORM_ROW_PT 15.0

enum col_role { COL_ID, COL_CAT, COL_TITLE, COL_REQ, COL_MAX, COL_MIN, COL_STATUS, COL_COUNT, COL_SCORE, COL_EVIDENCE,
		COL_PROBLEMS, COL__N };

static const struct {
	const char *header; /* a SPEC §1 alias (submission roles) or a column huizong ignores */
	double width;       /* Excel character units */
} cols[COL__N] = {
	[COL_ID] = {"序号", 6},          [COL_CAT] = {"类别", 12},     [COL_TITLE] = {"任务", 30},
	[COL_REQ] = {"要求", 36},        [COL_MAX] = {"分值", 6},      [COL_MIN] = {"最低次数", 9},
	[COL_STATUS] = {"完成情况", 11}, [COL_COUNT] = {"完成次数", 9}, [COL_SCORE] = {"自评分", 8},
	[COL_EVIDENCE] = {"佐证材料", 30}, [COL_PROBLEMS] = {"存在问题", 30},
};

static const char *const status_choices[] = {"已完成", "推进中", "未开展", NULL};

typedef struct form_layout {
	int col[COL__N];    /* column index of each role, -1 when absent */
	int ncols;
	int has_counts;     /* some task has a minimum count */
} form_layout;

static void plan_layout(form_layout *l, const hz_results *r)
{
	l->has_counts = 0;
	for (size_t i = 0; i < r->ntasks; i++)
		if (r->tasks[i].min_count > 0)
			l->has_counts = 1;
	l->ncols = 0;
	for (int c = 0; c < COL__N; c++) {
		if (!l->has_counts && (c == COL_MIN || c == COL_COUNT))
			l->col[c] = -1;
		else
			l->col[c] = l->ncols++;
	}
}

static hz_code validate(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, lxw_data_validation *v, hz_error *err)
{
	lxw_error e = worksheet_data_validation_cell(ws, row, col, v);
	return e == LXW_NO_ERROR ? HZ_OK : xw_fail(err, e, "cannot add data validation");
}

static int same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Lines a text needs in a column of the given width (for row heights:
 * Excel does not grow rows for wrapped text written by a program). */
static size_t lines_for(const char *text, double width)
{
	size_t w = xw_display_width(text), per = width > 3 ? (size_t)(width - 2) : 1;
	return w == 0 ? 1 : (w + per - 1) / per;
}

static hz_code task_rows(lxw_worksheet *ws, const hz_results *r, const form_layout *l, const form_sheet_fmt *f,
			 hz_error *err)
{
	lxw_data_validation status, count;
	hz_code rc = HZ_OK;
	size_t cat_start = 0;

	memset(&status, 0, sizeof(status));
	status.validate = LXW_VALIDATION_TYPE_LIST;
	status.value_list = (char **)status_choices;
	status.input_title = (char *)"完成情况";
	status.input_message = (char *)"请从下拉列表中选择：已完成、推进中或未开展";
	status.error_title = (char *)"完成情况";
	status.error_message = (char *)"请从下拉列表中选择：已完成、推进中或未开展";
	memset(&count, 0, sizeof(count));
	count.validate = LXW_VALIDATION_TYPE_INTEGER;
	count.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
	count.value_number = 0;
	count.input_title = (char *)"完成次数";
	count.input_message = (char *)"填写实际开展的次数（整数）";
	count.error_title = (char *)"完成次数";
	count.error_message = (char *)"请填写不小于0的整数";

	for (size_t i = 0; i < r->ntasks; i++) {
		const hz_task *t = &r->tasks[i];
		const lxw_row_t row = (lxw_row_t)(FORM_HEADER_ROW + 1 + i);
		size_t lines;

		HZ_TRY(xw_text(ws, row, (lxw_col_t)l->col[COL_ID], t->id, f->number, err));
		HZ_TRY(xw_text(ws, row, (lxw_col_t)l->col[COL_TITLE], t->title, f->wrap, err));
		HZ_TRY(xw_text(ws, row, (lxw_col_t)l->col[COL_REQ], t->requirement, f->wrap, err));
		HZ_TRY(xw_number(ws, row, (lxw_col_t)l->col[COL_MAX], t->max, f->number, err));
		if (l->has_counts) {
			if (t->min_count > 0)
				HZ_TRY(xw_number(ws, row, (lxw_col_t)l->col[COL_MIN], t->min_count, f->number, err));
			else
				HZ_TRY(xw_text(ws, row, (lxw_col_t)l->col[COL_MIN], NULL, f->number, err));
			HZ_TRY(xw_text(ws, row, (lxw_col_t)l->col[COL_COUNT], NULL, f->input, err));
			HZ_TRY(validate(ws, row, (lxw_col_t)l->col[COL_COUNT], &count, err));
		}
		HZ_TRY(xw_text(ws, row, (lxw_col_t)l->col[COL_STATUS], NULL, f->input, err));
		HZ_TRY(validate(ws, row, (lxw_col_t)l->col[COL_STATUS], &status, err));
		HZ_TRY(xw_text(ws, row, (lxw_col_t)l->col[COL_SCORE], NULL, f->input, err));
		HZ_TRY(form_sheet_score_check(ws, row, (lxw_col_t)l->col[COL_SCORE], t->max, "自评分", err));
		HZ_TRY(xw_text(ws, row, (lxw_col_t)l->col[COL_EVIDENCE], NULL, f->input_wrap, err));
		HZ_TRY(xw_text(ws, row, (lxw_col_t)l->col[COL_PROBLEMS], NULL, f->input_wrap, err));

		lines = lines_for(t->title, cols[COL_TITLE].width);
		if (lines_for(t->requirement, cols[COL_REQ].width) > lines)
			lines = lines_for(t->requirement, cols[COL_REQ].width);
		if (lines < 2)
			lines = 2; /* room to write */
		if (lines > 20)
			lines = 20;
		if (worksheet_set_row(ws, row, FORM_ROW_PT * (double)lines, NULL) != LXW_NO_ERROR) {
			rc = hz_error_set(err, HZ_E_NOMEM, "cannot set row height");
			goto out;
		}

		/* One merged 类别 cell per run of tasks of the same category
		 * (huizong ignores the column when reading a form back). */
		if (i + 1 == r->ntasks || !same_text(r->tasks[i + 1].category, t->category)) {
			HZ_TRY(form_sheet_merge(ws, (lxw_row_t)(FORM_HEADER_ROW + 1 + cat_start), (lxw_col_t)l->col[COL_CAT],
					     row, (lxw_col_t)l->col[COL_CAT], t->category, f->wrap, err));
			cat_start = i + 1;
		}
	}
out:
	return rc;
}

static int ends_with(const char *s, size_t n, const char *tail)
{
	size_t t = strlen(tail);
	return n >= t && memcmp(s + n - t, tail, t) == 0;
}

/* The form's title from the campaign's: "2024年度…创建自查情况汇总" becomes
 * "2024年度…创建自查自评表"; no campaign title, plain "自查自评表". */
static void form_title(const char *campaign, char *out, size_t size)
{
	static const char *const tails[] = {"情况汇总", "汇总"};
	size_t n = campaign ? strlen(campaign) : 0;
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++)
		if (ends_with(campaign, n, tails[i])) {
			n -= strlen(tails[i]);
			break;
		}
	if (ends_with(campaign, n, "自查"))
		n -= strlen("自查");
	/* a title too long for out is cut between characters */
	while (n > 0 && n + sizeof("自查自评表") > size)
		for (n--; n > 0 && ((unsigned char)campaign[n] & 0xC0) == 0x80; n--)
			;
	snprintf(out, size, "%.*s自查自评表", (int)n, n ? campaign : "");
}

/* unit NULL: the blank form, whose 填报单位 is an input too. */
static hz_code write_form(const hz_results *r, const char *path, const char *unit, hz_error *err)
{
	xw_book book;
	form_sheet_fmt f;
	form_layout l;
	lxw_worksheet *ws;
	lxw_data_validation date;
	char note[1024], title[512];
	hz_code rc;

	plan_layout(&l, r);
	form_title(r->settings.title, title, sizeof(title));
	/* Not streaming: 类别 cells are merged upwards after their rows. */
	rc = form_sheet_open(&book, path, r->settings.as_of, "自查自评表", &f, err);
	if (rc != HZ_OK)
		return rc;
	/* the 填表说明 left-aligned, a paragraph across the sheet */
	format_set_align(f.note, LXW_ALIGN_LEFT);
	ws = workbook_add_worksheet(book.wb, FORM_SHEET);
	if (!ws) {
		rc = hz_error_set(err, HZ_E_NOMEM, "cannot add sheet");
		goto out;
	}

	for (int c = 0; c < COL__N; c++) {
		lxw_error e;
		if (l.col[c] < 0)
			continue;
		e = worksheet_set_column(ws, (lxw_col_t)l.col[c], (lxw_col_t)l.col[c], cols[c].width, NULL);
		if (e != LXW_NO_ERROR) {
			rc = xw_fail(err, e, "cannot set column width");
			goto out;
		}
	}

	/* Title. */
	HZ_TRY(form_sheet_merge(ws, 0, 0, 0, (lxw_col_t)(l.ncols - 1), title, f.title, err));
	worksheet_set_row(ws, 0, 30, NULL);

	/* Labels: the value stands in the next cell to the right (SPEC §1). */
	HZ_TRY(xw_text(ws, 1, 1, "填报单位：", f.label, err));
	HZ_TRY(form_sheet_merge(ws, 1, 2, 1, 3, unit, unit ? f.value : f.input, err));
	HZ_TRY(xw_text(ws, 2, 1, "填报日期：", f.label, err));
	HZ_TRY(form_sheet_merge(ws, 2, 2, 2, 3, NULL, f.date_input, err));
	memset(&date, 0, sizeof(date));
	date.validate = LXW_VALIDATION_TYPE_ANY;
	date.input_title = (char *)"填报日期";
	date.input_message = (char *)"例如 2024年10月28日 或 2024-10-28";
	HZ_TRY(validate(ws, 2, 2, &date, err));

	/* How to fill in.  Careful: no 单位 or 日期 here, which a reader
	 * could take for a label. */
	snprintf(note, sizeof(note),
		 "填表说明：黄色格为填写区。完成情况请从下拉列表中选择（已完成、推进中、未开展）；"
		 "自评分不超过该项分值，不填时按完成情况计分；%s"
		 "存在问题请如实填写；请勿增删行列或修改序号、任务内容。%s%s%s",
		 l.has_counts ? "有最低次数要求的任务请填写完成次数；" : "",
		 r->settings.deadline[0] ? "请于 " : "", r->settings.deadline, r->settings.deadline[0] ? " 前报送。" : "");
	HZ_TRY(form_sheet_merge(ws, 3, 0, 3, (lxw_col_t)(l.ncols - 1), note, f.note, err));
	worksheet_set_row(ws, 3, FORM_ROW_PT * 3, NULL);

	for (int c = 0; c < COL__N; c++)
		if (l.col[c] >= 0)
			HZ_TRY(xw_text(ws, FORM_HEADER_ROW, (lxw_col_t)l.col[c], cols[c].header, f.header, err));
	worksheet_set_row(ws, FORM_HEADER_ROW, FORM_ROW_PT * 2, NULL);
	HZ_TRY(task_rows(ws, r, &l, &f, err));

	if (r->ntasks > 0) {
		/* Ids are text on purpose ("1.10" is not 1.1): no green corners. */
		char range[64];
		snprintf(range, sizeof(range), "A%d:A%zu", FORM_HEADER_ROW + 2, FORM_HEADER_ROW + 1 + r->ntasks);
		worksheet_ignore_errors(ws, LXW_IGNORE_NUMBER_STORED_AS_TEXT, range);
	}
	form_sheet_finish(ws, FORM_HEADER_ROW);
out:
	return xw_book_end(&book, rc, err);
}

static hz_code write_into(const hz_results *r, const char *out_dir, const char *name, const char *unit, hz_error *err)
{
	char *path = form_sheet_path(out_dir, name);
	hz_code rc;
	if (!path)
		return hz_error_set(err, HZ_E_NOMEM, "out of memory");
	rc = write_form(r, path, unit, err);
	free(path);
	return rc;
}

hz_code hz_forms_write(const hz_results *r, const char *out_dir, hz_error *err)
{
	/* "<unit>自查自评表.xlsx", or "<unit>（2）自查自评表.xlsx" … when two units
	 * come out the same once made safe (write/safe_name.h) */
	safe_name_set names = {0};
	char name[SAFE_NAME_ROOM + 64];
	hz_code rc;

	HZ_TRY(xw_mkdirs(out_dir, err));
	/* The blank form's name is taken first, whatever the roster says. */
	if (safe_name_set_init(&names, r->nunits + 1) != HZ_OK || safe_name_set_reserve(&names, FORM_BLANK) != HZ_OK) {
		rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
		goto out;
	}
	HZ_TRY(write_into(r, out_dir, FORM_BLANK, NULL, err));
	for (size_t i = 0; i < r->nunits; i++) {
		if (safe_name_unique(&names, r->units[i].name, FORM_SUFFIX, name, sizeof(name)) != HZ_OK) {
			rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
			goto out;
		}
		HZ_TRY(write_into(r, out_dir, name, r->units[i].name, err));
	}
out:
	safe_name_set_release(&names);
	return rc;
}
