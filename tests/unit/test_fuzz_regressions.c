/* Regressions found while fuzzing the readers (tests/fuzz/README.md): each
 * case builds its hostile input at test time and checks it is refused or
 * read, not a crash or a balloon.  File-level reproducers live in
 * tests/fixtures/fuzz/ (tests/e2e/fuzz_regressions.sh). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "recognise/form.h"
#include "hz_limits.h"
#include "recognise/settings.h"
#include "zipfix.h"

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

static const char wb_ct[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
static const char wb_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
	"</Relationships>";
static const char wb_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char wb_xml_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"</Relationships>";

/* A campaign folder holding units.xlsx: a 单位名称 header, then `rows` rows
 * of `cols` cells (a name padded with `pad` x's, then one-digit numbers).
 * Caller removes it with remove_campaign. */
static char *roster_campaign(unsigned rows, unsigned cols, size_t pad)
{
	char tmpl[] = "/tmp/hz_fuzzreg_XXXXXX", path[128];
	static const char head[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
		"<row r=\"1\"><c t=\"inlineStr\"><is><t>单位名称</t></is></c></row>";
	static const char cell[] = "<c><v>1</v></c>";
	size_t len = strlen(head) + (size_t)rows * (64 + pad + cols * strlen(cell)) + 64, o;
	char *sheet = malloc(len), *tmp;

	if (!sheet || !mkdtemp(tmpl))
		return NULL;
	o = (size_t)snprintf(sheet, len, "%s", head);
	for (unsigned r = 0; r < rows; r++) {
		/* a distinct unit name first, then one-digit cells */
		o += (size_t)snprintf(sheet + o, len - o, "<row><c t=\"inlineStr\"><is><t>单位%u", r);
		memset(sheet + o, 'x', pad);
		o += pad;
		o += (size_t)snprintf(sheet + o, len - o, "</t></is></c>");
		for (unsigned c = 1; c < cols; c++, o += strlen(cell))
			memcpy(sheet + o, cell, strlen(cell));
		memcpy(sheet + o, "</row>", 6);
		o += 6;
	}
	o += (size_t)snprintf(sheet + o, len - o, "</sheetData></worksheet>");
	zipfix_member m[] = {
		{"[Content_Types].xml", wb_ct, 0},           {"_rels/.rels", wb_rels, 0},
		{"xl/workbook.xml", wb_xml, 0},              {"xl/_rels/workbook.xml.rels", wb_xml_rels, 0},
		{"xl/worksheets/sheet1.xml", sheet, o},
	};
	tmp = zipfix_write(m, sizeof(m) / sizeof(m[0]), 0);
	free(sheet);
	if (!tmp)
		return NULL;
	snprintf(path, sizeof(path), "%s/units.xlsx", tmpl);
	/* rename across /tmp keeps it one file system */
	if (rename(tmp, path) != 0) {
		zipfix_remove(tmp);
		return NULL;
	}
	free(tmp);
	return strdup(tmpl);
}

static void remove_campaign(char *dir)
{
	char path[128];
	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/units.xlsx", dir);
	unlink(path);
	rmdir(dir);
	free(dir);
}

/* A small units.xlsx of full 16,384-column rows once took 1.2 GB to read
 * as a grid: the cells a grid keeps are now capped (HZ_MAX_GRID_CELLS). */
static void roster_of_full_rows_is_refused(void **state)
{
	unsigned rows = HZ_MAX_GRID_CELLS / HZ_MAX_COLS + 1;
	char *dir = roster_campaign(rows, HZ_MAX_COLS, 0);
	hz_results r;
	hz_error err;
	(void)state;

	assert_non_null(dir);
	hz_results_init(&r);
	hz_error_clear(&err);
	assert_int_equal(hz_roster_read(&r, dir, nz, &err), HZ_E_LIMIT);
	assert_non_null(strstr(err.detail, "cells"));
	assert_string_equal(err.file, "units.xlsx");
	hz_results_release(&r);
	remove_campaign(dir);
}

/* The same shape under the cap is read. */
static void roster_of_wide_rows_under_the_cap_is_read(void **state)
{
	char *dir = roster_campaign(3, 40, 0);
	hz_results r;
	hz_error err;
	(void)state;

	assert_non_null(dir);
	hz_results_init(&r);
	hz_error_clear(&err);
	assert_int_equal(hz_roster_read(&r, dir, nz, &err), HZ_OK);
	assert_int_equal(r.nunits, 3);
	hz_results_release(&r);
	remove_campaign(dir);
}

/* A submission whose rows (.xlsx) or paragraphs (.docx) hold `count`
 * texts of `len` bytes ('x'), written to a temporary file (caller removes
 * it with zipfix_remove). */
static char *big_submission(int docx, unsigned count, size_t len)
{
	static const char xlsx_head[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
		"<row><c t=\"inlineStr\"><is><t>序号</t></is></c><c t=\"inlineStr\"><is><t>任务名称</t></is></c>"
		"<c t=\"inlineStr\"><is><t>完成情况</t></is></c></row>";
	static const char docx_head[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>";
	static const char doc_rels[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
		"</Relationships>";
	size_t cap = count * (len + 128) + 512, o;
	char *xml = malloc(cap), *path;

	if (!xml)
		return NULL;
	o = (size_t)snprintf(xml, cap, "%s", docx ? docx_head : xlsx_head);
	for (unsigned i = 0; i < count; i++) {
		o += (size_t)snprintf(xml + o, cap - o, docx ? "<w:p><w:r><w:t>" :
			"<row><c><v>%u</v></c><c t=\"inlineStr\"><is><t>", i + 1);
		memset(xml + o, 'x', len);
		o += len;
		o += (size_t)snprintf(xml + o, cap - o, "%s", docx ? "</w:t></w:r></w:p>" :
			"</t></is></c><c t=\"inlineStr\"><is><t>已完成</t></is></c></row>");
	}
	o += (size_t)snprintf(xml + o, cap - o, "%s", docx ? "</w:body></w:document>" : "</sheetData></worksheet>");
	if (docx) {
		zipfix_member m[] = {
			{"[Content_Types].xml", wb_ct, 0}, {"_rels/.rels", doc_rels, 0}, {"word/document.xml", xml, o},
		};
		path = zipfix_write(m, sizeof(m) / sizeof(m[0]), 0);
	} else {
		zipfix_member m[] = {
			{"[Content_Types].xml", wb_ct, 0},           {"_rels/.rels", wb_rels, 0},
			{"xl/workbook.xml", wb_xml, 0},              {"xl/_rels/workbook.xml.rels", wb_xml_rels, 0},
			{"xl/worksheets/sheet1.xml", xml, o},
		};
		path = zipfix_write(m, sizeof(m) / sizeof(m[0]), 0);
	}
	free(xml);
	return path;
}

/* 200 rows with 900 KB titles (a 1.2 MB .xlsx) took 60 s and 900 MB from
 * reading to writing: a submission keeps at most HZ_MAX_FORM_TEXT_BYTES. */
static void submission_text_is_capped(void **state)
{
	size_t len = 1000000;
	unsigned over = HZ_MAX_FORM_TEXT_BYTES / len + 1, under = HZ_MAX_FORM_TEXT_BYTES / len - 1;
	(void)state;

	for (int docx = 0; docx < 2; docx++) {
		const char *rel = docx ? "submissions/a.docx" : "submissions/a.xlsx";
		char *big = big_submission(docx, over, len), *fits = big_submission(docx, under, len);
		hz_form f;
		hz_error err;

		assert_non_null(big);
		assert_non_null(fits);
		hz_error_clear(&err);
		assert_int_equal(hz_form_read(&f, big, rel, nz, &err), HZ_E_LIMIT);
		assert_int_equal(err.code, HZ_E_LIMIT);
		assert_non_null(strstr(err.detail, "bytes of text"));
		hz_error_clear(&err);
		assert_int_equal(hz_form_read(&f, fits, rel, nz, &err), HZ_OK);
		assert_int_equal(f.kind, docx ? HZ_FORM_NARRATIVE : HZ_FORM_TABLE);
		assert_int_equal(docx ? f.nparagraphs : f.nrows, under);
		hz_form_release(&f);
		zipfix_remove(big);
		zipfix_remove(fits);
	}
}

/* 200 unit names of 900 KB (a 1.2 MB units.xlsx) took 95 s and 540 MB: a
 * grid keeps at most HZ_MAX_GRID_BYTES of text. */
static void roster_of_long_names_is_refused(void **state)
{
	size_t pad = 1000000;
	char *dir = roster_campaign(HZ_MAX_GRID_BYTES / pad + 1, 1, pad);
	hz_results r;
	hz_error err;
	(void)state;

	assert_non_null(dir);
	hz_results_init(&r);
	hz_error_clear(&err);
	assert_int_equal(hz_roster_read(&r, dir, nz, &err), HZ_E_LIMIT);
	assert_non_null(strstr(err.detail, "bytes of text"));
	hz_results_release(&r);
	remove_campaign(dir);
}

/* campaign.ini with n grades (g0 = 0, g1 = 1, ...) loaded; returns the code. */
static hz_code load_grades(unsigned n, hz_settings *s, hz_error *err)
{
	char path[] = "/tmp/hz_fuzzreg_ini_XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	hz_file_note *w = NULL;
	size_t nw = 0;
	hz_code rc;

	assert_non_null(f);
	fputs("[grades]\n", f);
	for (unsigned i = 0; i < n; i++)
		fprintf(f, "g%u = %u\n", i, i % 100);
	fclose(f);
	hz_error_clear(err);
	rc = hz_settings_load_at(s, path, 1666915200LL, &w, &nw, err);
	unlink(path);
	assert_int_equal(nw, 0);
	free(w);
	return rc;
}

/* 100,000 grades in a 1 MiB campaign.ini took 22 s (each checked against
 * the others, then an insertion sort): grades are capped (HZ_MAX_GRADES). */
static void too_many_grades_are_refused(void **state)
{
	hz_settings s;
	hz_error err;
	(void)state;

	assert_int_equal(load_grades(HZ_MAX_GRADES, &s, &err), HZ_OK);
	assert_int_equal(s.ngrades, HZ_MAX_GRADES);
	hz_settings_release(&s);
	assert_int_equal(load_grades(HZ_MAX_GRADES + 1, &s, &err), HZ_E_CONFIG);
	assert_non_null(strstr(err.detail, "grades"));
	assert_non_null(strstr(err.where, "[grades]"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roster_of_full_rows_is_refused),
		cmocka_unit_test(roster_of_wide_rows_under_the_cap_is_read),
		cmocka_unit_test(roster_of_long_names_is_refused),
		cmocka_unit_test(too_many_grades_are_refused),
		cmocka_unit_test(submission_text_is_capped),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
