/* form: submissions, rosters and checklists read from the small fixtures
 * of tests/fixtures/recog (made by make_fixtures.py there). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recognise/form.h"
#include "zipfix.h"

#define FIX "tests/fixtures/recog/"

static normalizer *nz;

static int setup(void **state)
{
	hz_error err;
	(void)state;
	return normalizer_new(&nz, &err) == HZ_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	normalizer_free(nz);
	return 0;
}

static hz_code read_sub(hz_form *f, const char *name, hz_error *err)
{
	char path[256], rel[256];
	snprintf(path, sizeof(path), FIX "%s", name);
	snprintf(rel, sizeof(rel), "submissions/%s", name);
	hz_error_clear(err);
	return hz_form_read(f, path, rel, nz, err);
}

static void hidden_and_decoy_sheets_skipped_labels_and_rows(void **state)
{
	hz_form f;
	hz_error err;
	(void)state;

	assert_int_equal(read_sub(&f, "sub_sheets.xlsx", &err), HZ_OK);
	assert_string_equal(f.file, "submissions/sub_sheets.xlsx");
	assert_int_equal(f.kind, HZ_FORM_TABLE);
	/* the label's value is the next non-empty cell, white space kept */
	assert_string_equal(f.unit_text, "某某区 审计局");
	assert_true(f.has_date); /* a plain number after 填报日期： is a serial */
	assert_int_equal(f.year, 2022);
	assert_int_equal(f.month, 10);
	assert_int_equal(f.day, 28);
	assert_null(f.bad_date);
	assert_true(f.has_modified);
	assert_true(f.mtime > 0);
	assert_int_equal(f.nrows, 4);
	assert_int_equal(f.rows[0].row, 5);
	assert_string_equal(f.rows[0].ref, "1");
	assert_string_equal(f.rows[0].title_key, "严明政治纪律和政治规矩");
	/* 完成情况说明 is evidence; the first status column (D) wins over H */
	assert_string_equal(f.rows[0].status, "已完成");
	assert_string_equal(f.rows[0].self_score, "4.5分");
	assert_string_equal(f.rows[0].count, "");
	assert_string_equal(f.rows[1].ref, "1.2");
	assert_string_equal(f.rows[1].status, "推进中");
	assert_string_equal(f.rows[1].count, "两次");
	assert_string_equal(f.rows[1].problems, "学习形式单一");
	/* a row with evidence only is no row; a title alone is */
	assert_string_equal(f.rows[2].ref, "");
	assert_string_equal(f.rows[2].title, "切实加强思想政治工作");
	assert_string_equal(f.rows[2].status, "YES");
	assert_string_equal(f.rows[2].status_raw, "YES");
	assert_string_equal(f.rows[2].self_score, "5");
	assert_string_equal(f.rows[3].ref, "4");
	assert_string_equal(f.rows[3].title, "");
	assert_string_equal(f.rows[3].status, "否");
	hz_form_release(&f);
}

static void date1904_and_same_cell_unit(void **state)
{
	hz_form f;
	hz_error err;
	(void)state;

	assert_int_equal(read_sub(&f, "sub_1904.xlsx", &err), HZ_OK);
	assert_string_equal(f.unit_text, "长宁区财政局");
	assert_true(f.has_date);
	assert_int_equal(f.year, 2022);
	assert_int_equal(f.month, 9);
	assert_int_equal(f.day, 5);
	assert_int_equal(f.nrows, 1);
	assert_string_equal(f.rows[0].status, "是");
	hz_form_release(&f);
}

static void bad_date_kept_as_text(void **state)
{
	hz_form f;
	hz_error err;
	(void)state;

	assert_int_equal(read_sub(&f, "sub_baddate.xlsx", &err), HZ_OK);
	assert_string_equal(f.unit_text, "某某局");
	assert_false(f.has_date);
	assert_non_null(f.bad_date);
	assert_string_equal(f.bad_date, "见落款");
	assert_int_equal(f.nrows, 1);
	hz_form_release(&f);
}

static void blank_unit_label_is_no_unit(void **state)
{
	hz_form f;
	hz_error err;
	(void)state;

	assert_int_equal(read_sub(&f, "sub_blankunit.xlsx", &err), HZ_OK);
	assert_null(f.unit_text);
	assert_true(f.has_date);
	assert_int_equal(f.month, 10);
	assert_int_equal(f.day, 1);
	assert_int_equal(f.nrows, 1);
	assert_string_equal(f.rows[0].ref, "1");
	assert_string_equal(f.rows[0].title, "");
	hz_form_release(&f);
}

/* SPEC §1: a label's value is the rest of its cell, so an empty label
 * ending a line takes the cell's next non-blank line; a line that starts
 * with another label leaves it blank. */
static void label_value_on_the_next_line(void **state)
{
	hz_form f;
	hz_error err;
	(void)state;

	assert_int_equal(read_sub(&f, "sub_nextline.xlsx", &err), HZ_OK);
	assert_non_null(f.unit_text);
	assert_string_equal(f.unit_text, "某某区档案局");
	assert_true(f.has_date);
	assert_int_equal(f.month, 10);
	assert_int_equal(f.day, 9);
	hz_form_release(&f);

	assert_int_equal(read_sub(&f, "sub_nextline_blank.xlsx", &err), HZ_OK);
	assert_null(f.unit_text);
	assert_true(f.has_date);
	assert_int_equal(f.day, 1);
	hz_form_release(&f);
}

static void header_below_row_15_is_no_form(void **state)
{
	hz_form f;
	hz_error err;
	char reason[512];
	(void)state;

	assert_int_equal(read_sub(&f, "sub_notable.xlsx", &err), HZ_E_NO_TABLE);
	assert_null(f.file);
	hz_error_reason(&err, reason, sizeof(reason));
	assert_non_null(strstr(reason, "表格"));
	hz_form_release(&f); /* harmless after a refusal */
}

static void docx_form_after_decoy_table(void **state)
{
	hz_form f;
	hz_error err;
	(void)state;

	assert_int_equal(read_sub(&f, "sub_form.docx", &err), HZ_OK);
	assert_int_equal(f.kind, HZ_FORM_TABLE);
	assert_string_equal(f.unit_text, "长宁区审计局");
	assert_true(f.has_date);
	assert_int_equal(f.month, 9);
	assert_int_equal(f.day, 8);
	assert_int_equal(f.nrows, 2);
	assert_string_equal(f.rows[0].status, "☑");
	assert_string_equal(f.rows[1].status, "No");
	assert_string_equal(f.rows[1].self_score, "");
	assert_true(f.has_modified);
	hz_form_release(&f);
}

static void docx_unit_row_above_header(void **state)
{
	hz_form f;
	hz_error err;
	(void)state;

	assert_int_equal(read_sub(&f, "sub_unitrow.docx", &err), HZ_OK);
	assert_string_equal(f.unit_text, "某某区统计局");
	assert_true(f.has_date);
	assert_int_equal(f.month, 10);
	assert_int_equal(f.day, 1);
	assert_int_equal(f.nrows, 1);
	assert_string_equal(f.rows[0].title_key, "任务一");
	assert_string_equal(f.rows[0].count, "3次");
	hz_form_release(&f);
}

static void docx_form_nested_in_a_frame(void **state)
{
	hz_form f;
	hz_error err;
	(void)state;

	assert_int_equal(read_sub(&f, "sub_nested.docx", &err), HZ_OK);
	assert_int_equal(f.kind, HZ_FORM_TABLE);
	assert_string_equal(f.unit_text, "框内单位");
	assert_int_equal(f.nrows, 1);
	assert_string_equal(f.rows[0].status, "☐");
	hz_form_release(&f);
}

/* SPEC 5.2: a table row above the header may hold the labels, also when
 * the form is a table nested below it in a frame table. */
static void docx_labels_in_the_frame_above_a_nested_form(void **state)
{
	hz_form f;
	hz_error err;
	(void)state;

	assert_int_equal(read_sub(&f, "sub_nested_labels.docx", &err), HZ_OK);
	assert_int_equal(f.kind, HZ_FORM_TABLE);
	assert_non_null(f.unit_text);
	assert_string_equal(f.unit_text, "框上单位");
	assert_true(f.has_date);
	assert_int_equal(f.month, 10);
	assert_int_equal(f.day, 9);
	assert_int_equal(f.nrows, 1);
	hz_form_release(&f);

	assert_int_equal(read_sub(&f, "sub_nested_left.docx", &err), HZ_OK);
	assert_int_equal(f.kind, HZ_FORM_TABLE);
	assert_non_null(f.unit_text);
	assert_string_equal(f.unit_text, "左侧单位");
	assert_int_equal(f.nrows, 1);
	hz_form_release(&f);
}

static void docx_heading_table_labels(void **state)
{
	hz_form f;
	hz_error err;
	(void)state;

	assert_int_equal(read_sub(&f, "sub_headtable.docx", &err), HZ_OK);
	assert_int_equal(f.kind, HZ_FORM_TABLE);
	assert_string_equal(f.unit_text, "某某区档案局");
	assert_true(f.has_date);
	assert_int_equal(f.day, 9);
	hz_form_release(&f);

	assert_int_equal(read_sub(&f, "narrative_table.docx", &err), HZ_OK);
	assert_int_equal(f.kind, HZ_FORM_NARRATIVE);
	assert_string_equal(f.unit_text, "某某局");
	assert_false(f.has_date);
	hz_form_release(&f);
}

static void narrative_report(void **state)
{
	hz_form f;
	hz_error err;
	int saw_cell = 0, saw_body = 0;
	(void)state;

	assert_int_equal(read_sub(&f, "narrative.docx", &err), HZ_OK);
	assert_int_equal(f.kind, HZ_FORM_NARRATIVE);
	assert_string_equal(f.unit_text, "某某局");
	assert_false(f.has_date);
	assert_int_equal(f.nrows, 0);
	for (size_t i = 0; i < f.nparagraphs; i++) {
		saw_body |= !strcmp(f.paragraphs[i], "我们组织了警示教育。");
		saw_cell |= !strcmp(f.paragraphs[i], "志愿服务");
	}
	assert_true(saw_body);
	assert_true(saw_cell);
	hz_form_release(&f);
}

/* SPEC 5.8: a line break (w:br) inside a cell's paragraph does not split
 * it, while two paragraphs of a cell stay two. */
static void narrative_cell_paragraph_with_break(void **state)
{
	hz_form f;
	hz_error err;
	int whole = 0, split_halves = 0;
	(void)state;

	assert_int_equal(read_sub(&f, "narrative_break.docx", &err), HZ_OK);
	assert_int_equal(f.kind, HZ_FORM_NARRATIVE);
	for (size_t i = 0; i < f.nparagraphs; i++) {
		whole |= !strcmp(f.paragraphs[i], "开展主题党日活动");
		split_halves += !strcmp(f.paragraphs[i], "警示") + !strcmp(f.paragraphs[i], "教育");
	}
	assert_true(whole);
	assert_int_equal(split_halves, 2);
	hz_form_release(&f);
}

/* A paragraph of 300,000 line breaks above the form, its label on the last
 * line: read in well under a second (looking ahead from every line for
 * the cell's last line once made this minutes of work). */
static void label_after_many_line_breaks(void **state)
{
	static const char ct[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
		"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		"<Override PartName=\"/word/document.xml\" ContentType=\"application/"
		"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
	static const char rels[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
		"officeDocument\" Target=\"word/document.xml\"/></Relationships>";
	static const char head[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
		"<w:p><w:r><w:t>说明：</w:t>";
	static const char tail[] =
		"<w:t>填报单位：某某局</w:t></w:r></w:p>"
		"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>任务</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:p><w:r><w:t>完成情况</w:t></w:r></w:p></w:tc></w:tr>"
		"<w:tr><w:tc><w:p><w:r><w:t>任务一</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:p><w:r><w:t>完成</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>";
	enum { BREAKS = 300000 };
	size_t len = sizeof(head) + sizeof(tail) + BREAKS * strlen("<w:br/>"), o;
	char *doc = malloc(len), *path;
	hz_form f;
	hz_error err;
	(void)state;

	assert_non_null(doc);
	o = (size_t)snprintf(doc, len, "%s", head);
	for (int i = 0; i < BREAKS; i++, o += strlen("<w:br/>"))
		memcpy(doc + o, "<w:br/>", strlen("<w:br/>"));
	snprintf(doc + o, len - o, "%s", tail);
	{
		zipfix_member m[] = {{"[Content_Types].xml", ct, 0}, {"_rels/.rels", rels, 0},
				     {"word/document.xml", doc, 0}};
		path = zipfix_write(m, 3, 0);
	}
	assert_non_null(path);
	hz_error_clear(&err);
	assert_int_equal(hz_form_read(&f, path, "submissions/breaks.docx", nz, &err), HZ_OK);
	assert_int_equal(f.kind, HZ_FORM_TABLE);
	assert_non_null(f.unit_text);
	assert_string_equal(f.unit_text, "某某局");
	assert_int_equal(f.nrows, 1);
	hz_form_release(&f);
	zipfix_remove(path);
	free(doc);
}

static void refusals(void **state)
{
	hz_form f;
	hz_error err;
	char reason[512];
	(void)state;

	assert_int_equal(read_sub(&f, "empty.docx", &err), HZ_E_NO_TABLE);
	assert_int_equal(read_sub(&f, "~$sub_form.docx", &err), HZ_E_LOCKFILE);
	assert_int_equal(read_sub(&f, "old.doc", &err), HZ_E_LEGACY);
	hz_error_reason(&err, reason, sizeof(reason));
	assert_non_null(strstr(reason, ".docx/.xlsx"));
	assert_int_equal(read_sub(&f, "填报说明.txt", &err), HZ_E_LEGACY);
	assert_string_equal(err.file, "submissions/填报说明.txt");
	assert_int_equal(read_sub(&f, "does-not-exist.xlsx", &err), HZ_E_IO);
}

static void content_decides_over_extension(void **state)
{
	hz_form f;
	hz_error err;
	(void)state;

	assert_int_equal(read_sub(&f, "misnamed.docx", &err), HZ_OK);
	assert_int_equal(f.kind, HZ_FORM_TABLE);
	assert_string_equal(f.unit_text, "长宁区财政局");
	hz_form_release(&f);
}

static void check_roster(const char *dir)
{
	hz_results r;
	hz_error err;

	hz_results_init(&r);
	hz_error_clear(&err);
	assert_int_equal(hz_roster_read(&r, dir, nz, &err), HZ_OK);
	assert_int_equal(r.nunits, 3);
	assert_string_equal(r.units[0].name, "长宁区审计局");
	assert_int_equal(r.units[0].naliases, 2);
	assert_string_equal(r.units[0].aliases[1], "区审计");
	assert_string_equal(r.units[0].group, "区级机关");
	assert_string_equal(r.units[1].name, "长宁区财政局");
	assert_int_equal(r.units[1].naliases, 3);
	assert_string_equal(r.units[1].aliases[2], "财政");
	assert_string_equal(r.units[2].name, "长宁区教育局");
	assert_int_equal(r.units[2].naliases, 0);
	assert_string_equal(r.units[2].group, "");
	hz_results_release(&r);
}

static void roster_csv_gb18030_and_bom(void **state)
{
	(void)state;
	check_roster(FIX "roster_gb");
	check_roster(FIX "roster_bom");
}

static void roster_xlsx_and_missing(void **state)
{
	hz_results r;
	hz_error err;
	(void)state;

	hz_results_init(&r);
	hz_error_clear(&err);
	assert_int_equal(hz_roster_read(&r, FIX "roster_xlsx", nz, &err), HZ_OK);
	assert_string_equal(err.file, ""); /* the error is filled only on failure */
	assert_int_equal(r.nunits, 2);
	assert_string_equal(r.units[0].aliases[0], "审计局");
	assert_string_equal(r.units[1].group, "区级机关");
	hz_results_release(&r);
	hz_results_init(&r);
	assert_int_equal(hz_roster_read(&r, FIX "cl_dup", nz, &err), HZ_E_CONFIG);
	assert_true(err.file[0] != '\0' && strstr(err.file, "units") == err.file);
	hz_results_release(&r);
}

static void checklist_category_rows_no_max(void **state)
{
	hz_results r;
	hz_error err;
	(void)state;

	hz_results_init(&r);
	hz_error_clear(&err);
	assert_int_equal(hz_checklist_read(&r, FIX "cl_cats", nz, &err), HZ_OK);
	assert_string_equal(err.file, ""); /* the error is filled only on failure */
	assert_int_equal(r.ntasks, 3);
	assert_string_equal(r.tasks[0].id, "1");
	assert_string_equal(r.tasks[2].id, "3");
	assert_string_equal(r.tasks[0].category, "讲政治");
	assert_string_equal(r.tasks[1].category, "讲政治");
	assert_string_equal(r.tasks[2].category, "守纪律");
	assert_true(fabs(r.tasks[1].max - 100.0 / 3) < 1e-9);
	assert_string_equal(r.tasks[0].requirement, "每月一次");
	assert_int_equal(r.tasks[0].nkeywords, 3);
	assert_string_equal(r.tasks[0].keywords[2], "党课");
	assert_int_equal(r.tasks[2].nkeywords, 2); /* white space splits too */
	assert_int_equal(r.ncategories, 2);
	assert_string_equal(r.categories[1], "守纪律");
	hz_results_release(&r);
}

static void checklist_merged_categories_scores_counts(void **state)
{
	hz_results r;
	hz_error err;
	(void)state;

	hz_results_init(&r);
	assert_int_equal(hz_checklist_read(&r, FIX "cl_merge", nz, &err), HZ_OK);
	assert_int_equal(r.ntasks, 5);
	assert_string_equal(r.tasks[1].id, "1.2");
	assert_string_equal(r.tasks[1].category, "讲政治");
	assert_string_equal(r.tasks[3].category, "守纪律");
	assert_true(r.tasks[1].max == 15);
	assert_int_equal(r.tasks[0].min_count, 2);
	assert_int_equal(r.tasks[1].min_count, 0);
	assert_int_equal(r.tasks[2].min_count, 3); /* from a phrase */
	assert_int_equal(r.tasks[3].min_count, 2); /* "一年两次": the count is the number before 次 */
	assert_int_equal(r.tasks[4].min_count, 1); /* "每季度1-2次": a range's lower end */
	assert_int_equal(r.ncategories, 2);
	hz_results_release(&r);
}

static void checklist_docx_spanning_and_vmerged(void **state)
{
	hz_results r;
	hz_error err;
	(void)state;

	hz_results_init(&r);
	assert_int_equal(hz_checklist_read(&r, FIX "cl_docx", nz, &err), HZ_OK);
	assert_int_equal(r.ntasks, 3);
	assert_string_equal(r.tasks[0].category, "政治建设");
	assert_string_equal(r.tasks[1].category, "组织建设");
	assert_string_equal(r.tasks[2].category, "组织建设");
	assert_true(r.tasks[2].max == 30);
	assert_string_equal(r.tasks[2].id, "3");
	hz_results_release(&r);
}

static void checklist_errors_say_where(void **state)
{
	hz_results r;
	hz_error err;
	(void)state;

	hz_results_init(&r);
	hz_error_clear(&err);
	assert_int_equal(hz_checklist_read(&r, FIX "cl_dup", nz, &err), HZ_E_CONFIG);
	assert_string_equal(err.file, "checklist.xlsx");
	assert_non_null(strstr(err.detail, "1.2"));
	hz_results_release(&r);

	hz_results_init(&r);
	hz_error_clear(&err);
	assert_int_equal(hz_checklist_read(&r, FIX "cl_somemax", nz, &err), HZ_E_CONFIG);
	assert_string_equal(err.where, "sheet '清单' row 3 column C");
	hz_results_release(&r);

	hz_results_init(&r);
	hz_error_clear(&err);
	assert_int_equal(hz_checklist_read(&r, FIX "cl_badmax", nz, &err), HZ_E_CONFIG);
	assert_string_equal(err.where, "sheet '清单' row 3 column C");
	assert_non_null(strstr(err.detail, "五十分左右"));
	hz_results_release(&r);

	hz_results_init(&r);
	assert_int_equal(hz_checklist_read(&r, FIX "roster_gb", nz, &err), HZ_E_CONFIG);
	hz_results_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hidden_and_decoy_sheets_skipped_labels_and_rows),
		cmocka_unit_test(date1904_and_same_cell_unit),
		cmocka_unit_test(bad_date_kept_as_text),
		cmocka_unit_test(blank_unit_label_is_no_unit),
		cmocka_unit_test(header_below_row_15_is_no_form),
		cmocka_unit_test(docx_form_after_decoy_table),
		cmocka_unit_test(docx_unit_row_above_header),
		cmocka_unit_test(docx_form_nested_in_a_frame),
		cmocka_unit_test(docx_heading_table_labels),
		cmocka_unit_test(docx_labels_in_the_frame_above_a_nested_form),
		cmocka_unit_test(label_value_on_the_next_line),
		cmocka_unit_test(narrative_report),
		cmocka_unit_test(narrative_cell_paragraph_with_break),
		cmocka_unit_test(label_after_many_line_breaks),
		cmocka_unit_test(refusals),
		cmocka_unit_test(content_decides_over_extension),
		cmocka_unit_test(roster_csv_gb18030_and_bom),
		cmocka_unit_test(roster_xlsx_and_missing),
		cmocka_unit_test(checklist_category_rows_no_max),
		cmocka_unit_test(checklist_merged_categories_scores_counts),
		cmocka_unit_test(checklist_docx_spanning_and_vmerged),
		cmocka_unit_test(checklist_errors_say_where),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
