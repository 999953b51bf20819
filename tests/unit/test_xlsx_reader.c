/* xlsx_reader: the fine points of SpreadsheetML, on packages built here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "read/pkg.h"
#include "read/xlsx_reader.h"
#include "zipfix.h"

#define NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define RNS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKGRELS "http://schemas.openxmlformats.org/package/2006/relationships"

static const char root_rels[] = "<Relationships xmlns=\"" PKGRELS "\"><Relationship Id=\"rId1\" Type=\"" RNS
				"/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";

static const char wb_rels_1[] =
	"<Relationships xmlns=\"" PKGRELS "\">"
	"<Relationship Id=\"rId1\" Type=\"" RNS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId8\" Type=\"" RNS "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId9\" Type=\"" RNS "/styles\" Target=\"styles.xml\"/></Relationships>";

static const char wb_1[] = "<workbook xmlns=\"" NS "\" xmlns:r=\"" RNS "\"><sheets>"
			   "<sheet name=\"S1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

static const char no_styles[] = "<styleSheet xmlns=\"" NS "\"/>";
static const char no_sst[] = "<sst xmlns=\"" NS "\"/>";

/* A one-sheet workbook with the given sheet, shared strings and styles. */
static char *one_sheet(const char *sheet, const char *sst, const char *styles, const char *workbook)
{
	zipfix_member m[] = {
		{"_rels/.rels", root_rels, 0},
		{"xl/workbook.xml", workbook ? workbook : wb_1, 0},
		{"xl/_rels/workbook.xml.rels", wb_rels_1, 0},
		{"xl/worksheets/sheet1.xml", sheet, 0},
		{"xl/sharedStrings.xml", sst ? sst : no_sst, 0},
		{"xl/styles.xml", styles ? styles : no_styles, 0},
	};
	return zipfix_write(m, 6, 0);
}

/* Every cell of sheet i as "A1|type|text\n" lines. */
static char *cells_of(const char *path, size_t i, hz_code *rc_out)
{
	xlsx_workbook *wb = NULL;
	xlsx_sheet_reader *sr = NULL;
	const xlsx_row *row;
	hz_error e;
	static char out[1 << 16];
	size_t o = 0;
	int got;
	hz_error_clear(&e);
	out[0] = '\0';
	*rc_out = xlsx_workbook_open(&wb, path, &e);
	if (*rc_out != HZ_OK)
		return out;
	*rc_out = xlsx_sheet_open(wb, i, &sr, &e);
	if (*rc_out == HZ_OK) {
		while ((got = xlsx_sheet_next_row(sr, &row, &e)) > 0) {
			for (size_t k = 0; k < row->ncells; k++) {
				char ref[16];
				const xlsx_cell *c = &row->cells[k];
				xlsx_cell_ref(row->row, c->col, ref, sizeof(ref));
				o += (size_t)snprintf(out + o, sizeof(out) - o, "%s|%c|%s\n", ref, "nsbed"[c->type],
						      c->text);
			}
		}
		if (got < 0)
			*rc_out = (hz_code)-got;
	}
	xlsx_sheet_free(sr);
	xlsx_workbook_free(wb);
	return out;
}

static char *dump_sheet(const char *sheet, const char *sst, const char *styles)
{
	char *path = one_sheet(sheet, sst, styles, NULL);
	hz_code rc;
	char *s = strdup(cells_of(path, 0, &rc));
	assert_int_equal(rc, HZ_OK);
	zipfix_remove(path);
	return s;
}

static void strings_runs_phonetics_escapes(void **state)
{
	const char *sst = "<sst xmlns=\"" NS "\">"
			  "<si><t>plain</t></si>"
			  "<si><r><rPr><b/></rPr><t>ri</t></r><r><t xml:space=\"preserve\">ch </t></r>"
			  "<rPh sb=\"0\" eb=\"1\"><t>フリガナ</t></rPh></si>"
			  "<si><t>a_x000D_b_x005F_x0041_c_x4E2D_</t></si>"
			  "<si><t></t></si>"
			  "<si><t>&lt;&amp;&gt;</t></si>"
			  "</sst>";
	const char *sheet = "<worksheet xmlns=\"" NS "\"><dimension ref=\"A1:XFD1048576\"/><sheetData>"
			    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
			    "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c>"
			    "<c r=\"E1\" t=\"s\"><v>4</v></c></row>"
			    "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>in</t><rPh><t>x</t></rPh></is></c>"
			    "<c r=\"B2\" t=\"str\"><f>A1&amp;\"\"</f><v>f_x0009_x</v></c>"
			    "<c r=\"C2\" t=\"b\"><v>1</v></c><c r=\"D2\" t=\"e\"><v>#N/A</v></c>"
			    "<c r=\"E2\"><v>4.50</v></c><c r=\"F2\"><v>-12</v></c><c r=\"G2\"><v></v></c>"
			    "<c r=\"H2\" s=\"0\"/></row></sheetData></worksheet>";
	char *got = dump_sheet(sheet, sst, NULL);
	(void)state;
	assert_string_equal(got, "A1|s|plain\n"
				 "B1|s|rich \n"
				 "C1|s|a\rb_x0041_c中\n"
				 "E1|s|<&>\n"
				 "A2|s|in\n"
				 "B2|s|f\tx\n"
				 "C2|b|TRUE\n"
				 "D2|e|#N/A\n"
				 "E2|n|4.50\n"
				 "F2|n|-12\n");
	free(got);
}

static void cells_and_rows_without_r(void **state)
{
	const char *sheet = "<worksheet xmlns=\"" NS "\"><sheetData>"
			    "<row><c><v>1</v></c><c><v>2</v></c></row>"
			    "<row r=\"5\"><c r=\"C5\"><v>3</v></c><c><v>4</v></c></row>"
			    "<row><c><v>5</v></c><c r=\"B6\"><v>6</v></c><c r=\"A6\"><v>7</v></c></row>"
			    "<row r=\"8\"/><row/><row><c><v>8</v></c></row>"
			    "</sheetData></worksheet>";
	char *got = dump_sheet(sheet, NULL, NULL);
	(void)state;
	/* a later cell at the same place wins; cells come out in column order */
	assert_string_equal(got, "A1|n|1\nB1|n|2\nC5|n|3\nD5|n|4\nA6|n|7\nB6|n|6\nA10|n|8\n");
	free(got);
}

static void dates_by_number_format(void **state)
{
	const char *styles =
		"<styleSheet xmlns=\"" NS "\"><numFmts count=\"6\">"
		"<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
		"<numFmt numFmtId=\"165\" formatCode=\"[Red]0.00\"/>"
		"<numFmt numFmtId=\"166\" formatCode=\"&quot;day&quot;\\ 0\"/>"
		"<numFmt numFmtId=\"167\" formatCode=\"[h]:mm:ss\"/>"
		"<numFmt numFmtId=\"168\" formatCode=\"[$-804]General\"/>"
		"<numFmt numFmtId=\"169\" formatCode=\"h:mm;@\"/>"
		"</numFmts>"
		"<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
		"<cellXfs count=\"9\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
		"<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"168\"/>"
		"<xf numFmtId=\"169\"/><xf numFmtId=\"22\"/></cellXfs>"
		"<dxfs count=\"1\"><dxf><numFmt numFmtId=\"0\" formatCode=\"yyyy\"/></dxf></dxfs></styleSheet>";
	const char *sheet = "<worksheet xmlns=\"" NS "\"><sheetData><row r=\"1\">"
			    "<c r=\"A1\" s=\"1\"><v>44862</v></c>"
			    "<c r=\"B1\" s=\"2\"><v>44862.75</v></c>"
			    "<c r=\"C1\" s=\"3\"><v>44862</v></c>"
			    "<c r=\"D1\" s=\"4\"><v>7</v></c>"
			    "<c r=\"E1\" s=\"5\"><v>1.5</v></c>"
			    "<c r=\"F1\" s=\"6\"><v>3</v></c>"
			    "<c r=\"G1\" s=\"7\"><v>0.5</v></c>"
			    "<c r=\"H1\" s=\"1\"><v>60</v></c>"
			    "<c r=\"I1\" s=\"1\"><v>61</v></c>"
			    "<c r=\"J1\" s=\"8\"><v>0</v></c>"
			    "<c r=\"K1\" t=\"d\"><v>2022-10-28T09:30:00</v></c>"
			    "<c r=\"L1\" s=\"0\"><v>44862</v></c>"
			    "<c r=\"M1\" s=\"1\"><v>1e300</v></c>"
			    "</row></sheetData></worksheet>";
	char *got = dump_sheet(sheet, NULL, styles);
	(void)state;
	assert_string_equal(got, "A1|d|2022-10-28T00:00:00\n"
				 "B1|d|2022-10-28T18:00:00\n"
				 "C1|n|44862\n"
				 "D1|n|7\n"
				 "E1|d|1 day, 12:00:00\n"
				 "F1|n|3\n"
				 "G1|d|12:00:00\n"
				 "H1|d|1900-02-28T00:00:00\n"
				 "I1|d|1900-03-01T00:00:00\n"
				 "J1|d|00:00:00\n"
				 "K1|d|2022-10-28T09:30:00\n"
				 "L1|n|44862\n"
				 "M1|e|#VALUE!\n");
	free(got);
}

static void date1904_system(void **state)
{
	const char *wb = "<workbook xmlns=\"" NS "\" xmlns:r=\"" RNS "\"><workbookPr date1904=\"true\"/><sheets>"
			 "<sheet name=\"S1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	const char *styles = "<styleSheet xmlns=\"" NS "\"><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
			     "</cellXfs></styleSheet>";
	const char *sheet = "<worksheet xmlns=\"" NS "\"><sheetData><row r=\"1\">"
			    "<c r=\"A1\" s=\"1\"><v>43400</v></c><c r=\"B1\" s=\"1\"><v>1</v></c>"
			    "<c r=\"C1\" s=\"1\"><v>0</v></c></row></sheetData></worksheet>";
	char *path = one_sheet(sheet, NULL, styles, wb);
	hz_code rc;
	xlsx_workbook *w = NULL;
	hz_error e;
	(void)state;
	assert_string_equal(cells_of(path, 0, &rc),
			    "A1|d|2022-10-28T00:00:00\nB1|d|1904-01-02T00:00:00\nC1|d|00:00:00\n");
	assert_int_equal(rc, HZ_OK);
	assert_int_equal(xlsx_workbook_open(&w, path, &e), HZ_OK);
	assert_int_equal(xlsx_workbook_date1904(w), 1);
	xlsx_workbook_free(w);
	zipfix_remove(path);
}

/* Strict OOXML, prefixed tags, a workbook elsewhere than xl/workbook.xml,
 * GBK and backslash member names, sheet states, a chartsheet, merges. */
static void strict_prefixed_elsewhere(void **state)
{
#define SNS "http://purl.oclc.org/ooxml/spreadsheetml/main"
#define SRNS "http://purl.oclc.org/ooxml/officeDocument/relationships"
	static const zipfix_member m[] = {
		{"_rels/.rels",
		 "<Relationships xmlns=\"" PKGRELS "\"><Relationship Id=\"rId1\" Type=\"" SRNS
		 "/officeDocument\" Target=\"/book/main.xml\"/></Relationships>",
		 0},
		{"book/main.xml",
		 "<x:workbook xmlns:x=\"" SNS "\" xmlns:rr=\"" SRNS "\"><x:sheets>"
		 "<x:sheet name=\"表一\" sheetId=\"1\" rr:id=\"a\"/>"
		 "<x:sheet name=\"Hid\" sheetId=\"2\" state=\"hidden\" rr:id=\"b\"/>"
		 "<x:sheet name=\"VH\" sheetId=\"3\" state=\"veryHidden\" rr:id=\"c\"/>"
		 "<x:sheet name=\"Gone\" sheetId=\"4\" rr:id=\"missing\"/>"
		 "<x:sheet name=\"A &amp; B\" sheetId=\"5\" rr:id=\"a\"/>"
		 "</x:sheets></x:workbook>",
		 0},
		{"book\\_rels\\main.xml.rels",
		 "<Relationships xmlns=\"" PKGRELS "\">"
		 "<Relationship Id=\"a\" Type=\"" SRNS "/worksheet\" Target=\"sheets/表1.xml\"/>"
		 "<Relationship Id=\"b\" Type=\"" SRNS "/worksheet\" Target=\"../book/sheets/./s2.xml\"/>"
		 "<Relationship Id=\"c\" Type=\"" SRNS "/chartsheet\" Target=\"/book/sheets/c.xml\"/>"
		 "<Relationship Id=\"d\" Type=\"" SRNS "/sharedStrings\" Target=\"strings.xml\"/>"
		 "</Relationships>",
		 0},
		/* "book/sheets/表1.xml" with the name in GBK */
		{"book/sheets/\xb1\xed" "1.xml",
		 "<x:worksheet xmlns:x=\"" SNS "\"><x:sheetData><x:row x:r=\"1\" r=\"1\">"
		 "<x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"B1\"><x:v>2</x:v></x:c></x:row>"
		 "</x:sheetData><x:mergeCells><x:mergeCell ref=\"A1:C2\"/><x:mergeCell ref=\"$E$5\"/>"
		 "</x:mergeCells></x:worksheet>",
		 0},
		{"BOOK/Sheets/S2.XML", "<worksheet xmlns=\"" SNS "\"><sheetData/></worksheet>", 0},
		{"book/sheets/c.xml", "<chartsheet xmlns=\"" SNS "\"/>", 0},
		{"book/strings.xml", "<x:sst xmlns:x=\"" SNS "\"><x:si><x:t>严格</x:t></x:si></x:sst>", 0},
	};
	char *path = zipfix_write(m, sizeof(m) / sizeof(m[0]), 0);
	xlsx_workbook *wb = NULL;
	xlsx_sheet_reader *sr = NULL;
	const xlsx_row *row;
	const xlsx_merge *mg;
	size_t nm;
	hz_error e;
	hz_code rc;
	(void)state;
	hz_error_clear(&e);
	assert_int_equal(xlsx_workbook_open(&wb, path, &e), HZ_OK);
	assert_int_equal(xlsx_workbook_sheet_count(wb), 4); /* "Gone" has no relationship */
	assert_string_equal(xlsx_workbook_sheet(wb, 0)->name, "表一");
	assert_string_equal(xlsx_workbook_sheet(wb, 0)->part, "book/sheets/表1.xml");
	assert_int_equal(xlsx_workbook_sheet(wb, 1)->state, XLSX_HIDDEN);
	assert_string_equal(xlsx_workbook_sheet(wb, 1)->part, "book/sheets/s2.xml");
	assert_int_equal(xlsx_workbook_sheet(wb, 2)->state, XLSX_VERY_HIDDEN);
	assert_true(xlsx_workbook_sheet(wb, 2)->is_chartsheet);
	assert_string_equal(xlsx_workbook_sheet(wb, 3)->name, "A & B");
	assert_int_equal(xlsx_sheet_open(wb, 0, &sr, &e), HZ_OK);
	assert_int_equal(xlsx_sheet_next_row(sr, &row, &e), 1);
	assert_int_equal(row->row, 0);
	assert_int_equal(row->ncells, 2);
	assert_string_equal(row->cells[0].text, "严格");
	assert_int_equal(row->cells[1].type, XLSX_NUMBER);
	assert_true(row->cells[1].num == 2.0);
	assert_int_equal(xlsx_sheet_next_row(sr, &row, &e), 0);
	mg = xlsx_sheet_merges(sr, &nm);
	assert_int_equal(nm, 2);
	assert_int_equal(mg[0].r1, 0);
	assert_int_equal(mg[0].c1, 0);
	assert_int_equal(mg[0].r2, 1);
	assert_int_equal(mg[0].c2, 2);
	assert_int_equal(mg[1].r1, 4);
	assert_int_equal(mg[1].c2, 4);
	xlsx_sheet_free(sr);
	assert_int_equal(xlsx_sheet_open(wb, 2, &sr, &e), HZ_OK); /* chartsheet: no rows */
	assert_int_equal(xlsx_sheet_next_row(sr, &row, &e), 0);
	xlsx_sheet_free(sr);
	xlsx_workbook_free(wb);
	(void)cells_of(path, 1, &rc);
	assert_int_equal(rc, HZ_OK);
	zipfix_remove(path);
}

static void bad_references_are_refused(void **state)
{
	const char *sheet = "<worksheet xmlns=\"" NS "\"><sheetData><row r=\"1\">"
			    "<c r=\"XFE1\"><v>1</v></c></row></sheetData></worksheet>";
	const char *sheet2 = "<worksheet xmlns=\"" NS "\"><sheetData><row r=\"1\">"
			     "<c r=\"A1\" t=\"s\"><v>7</v></c></row></sheetData></worksheet>";
	char *path = one_sheet(sheet, NULL, NULL, NULL);
	hz_code rc;
	(void)state;
	(void)cells_of(path, 0, &rc);
	assert_int_equal(rc, HZ_E_LIMIT);
	zipfix_remove(path);
	path = one_sheet(sheet2, NULL, NULL, NULL);
	(void)cells_of(path, 0, &rc);
	assert_int_equal(rc, HZ_E_FORMAT);
	zipfix_remove(path);
}

static void cell_refs(void **state)
{
	char ref[16];
	(void)state;
	assert_string_equal(xlsx_cell_ref(0, 0, ref, sizeof(ref)), "A1");
	assert_string_equal(xlsx_cell_ref(9, 25, ref, sizeof(ref)), "Z10");
	assert_string_equal(xlsx_cell_ref(0, 26, ref, sizeof(ref)), "AA1");
	assert_string_equal(xlsx_cell_ref(1048575, 16383, ref, sizeof(ref)), "XFD1048576");
}

/* A row spanning many 64 KiB chunks comes out whole and in order. */
static void long_rows_across_chunks(void **state)
{
	char *sheet = malloc(4u << 20), *path;
	size_t o = 0;
	xlsx_workbook *wb = NULL;
	xlsx_sheet_reader *sr = NULL;
	const xlsx_row *row;
	hz_error e;
	int rows = 0;
	(void)state;
	o += (size_t)snprintf(sheet + o, 200, "<worksheet xmlns=\"" NS "\"><sheetData>");
	for (int r = 1; r <= 3; r++) {
		o += (size_t)snprintf(sheet + o, 100, "<row r=\"%d\">", r);
		for (int c = 0; c < 16384; c++)
			o += (size_t)snprintf(sheet + o, 100, "<c t=\"inlineStr\"><is><t>r%dc%d</t></is></c>", r, c);
		o += (size_t)snprintf(sheet + o, 100, "</row>");
	}
	snprintf(sheet + o, 100, "</sheetData></worksheet>");
	path = one_sheet(sheet, NULL, NULL, NULL);
	hz_error_clear(&e);
	assert_int_equal(xlsx_workbook_open(&wb, path, &e), HZ_OK);
	assert_int_equal(xlsx_sheet_open(wb, 0, &sr, &e), HZ_OK);
	while (xlsx_sheet_next_row(sr, &row, &e) > 0) {
		char want[32];
		rows++;
		assert_int_equal(row->row, rows - 1);
		assert_int_equal(row->ncells, 16384);
		snprintf(want, sizeof(want), "r%dc%d", rows, 16383);
		assert_string_equal(row->cells[16383].text, want);
		snprintf(want, sizeof(want), "r%dc%d", rows, 0);
		assert_string_equal(row->cells[0].text, want);
	}
	assert_int_equal(rows, 3);
	xlsx_sheet_free(sr);
	xlsx_workbook_free(wb);
	zipfix_remove(path);
	free(sheet);
}

typedef struct thread_job {
	const char *path;
	char result[256];
} thread_job;

static void *read_in_thread(void *arg)
{
	thread_job *job = arg;
	hz_code rc;
	for (int k = 0; k < 20; k++) {
		xlsx_workbook *wb = NULL;
		xlsx_sheet_reader *sr = NULL;
		const xlsx_row *row;
		hz_error e;
		size_t o = 0;
		hz_error_clear(&e);
		rc = xlsx_workbook_open(&wb, job->path, &e);
		if (rc == HZ_OK)
			rc = xlsx_sheet_open(wb, 0, &sr, &e);
		while (rc == HZ_OK && xlsx_sheet_next_row(sr, &row, &e) > 0)
			for (size_t c = 0; c < row->ncells; c++)
				o += (size_t)snprintf(job->result + o, sizeof(job->result) - o, "%s,", row->cells[c].text);
		xlsx_sheet_free(sr);
		xlsx_workbook_free(wb);
	}
	return NULL;
}

/* The run command reads files on several threads at once: libxml2 is set
 * up once and every parser keeps its state (and its errors) to itself. */
static void reads_on_many_threads(void **state)
{
	const char *sst = "<sst xmlns=\"" NS "\"><si><t>甲</t></si><si><t>乙</t></si></sst>";
	const char *good = "<worksheet xmlns=\"" NS "\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
			   "<c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\"><v>3.5</v></c></row></sheetData></worksheet>";
	const char *bad = "<worksheet xmlns=\"" NS "\"><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>";
	char *paths[2] = {one_sheet(good, sst, NULL, NULL), one_sheet(bad, sst, NULL, NULL)};
	pthread_t th[4];
	thread_job jobs[4];
	(void)state;
	for (int i = 0; i < 4; i++) {
		memset(&jobs[i], 0, sizeof(jobs[i]));
		jobs[i].path = paths[i % 2];
		assert_int_equal(pthread_create(&th[i], NULL, read_in_thread, &jobs[i]), 0);
	}
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	assert_string_equal(jobs[0].result, "甲,乙,3.5,");
	assert_string_equal(jobs[2].result, "甲,乙,3.5,");
	zipfix_remove(paths[0]);
	zipfix_remove(paths[1]);
}

/* Opening from a package already open (form.c's sniff looked at its main
 * part first): the same workbook; p is the workbook's on failure too. */
static void opens_from_an_open_package(void **state)
{
	const char *sheet = "<worksheet xmlns=\"" NS "\"><sheetData><row r=\"1\"><c r=\"A1\"><v>7</v></c></row>"
			    "</sheetData></worksheet>";
	static const zipfix_member docx_like[] = {{"word/document.xml", "<x/>", 0}};
	char *path = one_sheet(sheet, NULL, NULL, NULL);
	char *other = zipfix_write(docx_like, 1, 0);
	char *main_part;
	xlsx_workbook *wb = NULL;
	pkg *p = NULL;
	hz_error e;
	(void)state;
	hz_error_clear(&e);
	assert_int_equal(pkg_open(&p, path, &e), HZ_OK);
	main_part = pkg_rel_target(p, "", "/officeDocument", NULL);
	assert_string_equal(main_part, "xl/workbook.xml");
	free(main_part);
	assert_int_equal(xlsx_workbook_open_pkg(&wb, p, &e), HZ_OK);
	assert_int_equal(xlsx_workbook_sheet_count(wb), 1);
	assert_string_equal(xlsx_workbook_sheet(wb, 0)->name, "S1");
	xlsx_workbook_free(wb);
	wb = NULL;
	hz_error_clear(&e);
	assert_int_equal(pkg_open(&p, other, &e), HZ_OK);
	assert_int_equal(xlsx_workbook_open_pkg(&wb, p, &e), HZ_E_NO_PART);
	assert_null(wb);
	assert_string_equal(e.file, other);
	zipfix_remove(path);
	zipfix_remove(other);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strings_runs_phonetics_escapes),
		cmocka_unit_test(opens_from_an_open_package),
		cmocka_unit_test(cells_and_rows_without_r),
		cmocka_unit_test(dates_by_number_format),
		cmocka_unit_test(date1904_system),
		cmocka_unit_test(strict_prefixed_elsewhere),
		cmocka_unit_test(bad_references_are_refused),
		cmocka_unit_test(cell_refs),
		cmocka_unit_test(long_rows_across_chunks),
		cmocka_unit_test(reads_on_many_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
