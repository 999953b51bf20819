/*
 * 汇总报告.docx and 反馈/<单位>.docx from a hand-built hz_results
 * (synth_results.h), read back from the zip: page layout, fonts, tables,
 * chart, escaping, file names, folder replacement, determinism.
 *
 * With HZ_KEEP_DOCS=DIR set, the documents are also left in DIR for
 * tests/e2e/report_python_docx.sh to open with python-docx.
 */
#define _XOPEN_SOURCE 700 /* tmpdir.h's nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "slurp.h"
#include "write/docdata.h"
#include "write/unit_items.h"
#include "write/docs.h"
#include "write/report_views.h"
#include "hz_limits.h"
#include "synth_results.h"
#include "tmpdir.h"

#define TEMPLATES "templates"

static char tmpdir[256];

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(tmpdir, sizeof(tmpdir), "hz_test_report_");
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(tmpdir);
}

/* A member of a zip, NUL-terminated, or NULL when absent; caller frees. */
static char *member(const char *path, const char *name, size_t *len)
{
	int e;
	zip_t *z = zip_open(path, ZIP_RDONLY, &e);
	zip_stat_t st;
	zip_file_t *f;
	char *buf;
	if (!z)
		return NULL;
	if (zip_stat(z, name, 0, &st) != 0) {
		zip_discard(z);
		return NULL;
	}
	buf = malloc(st.size + 1);
	f = zip_fopen(z, name, 0);
	assert_non_null(buf);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
	buf[st.size] = '\0';
	zip_fclose(f);
	zip_discard(z);
	if (len)
		*len = st.size;
	return buf;
}


static void keep(const char *src, const char *name)
{
	const char *dir = getenv("HZ_KEEP_DOCS");
	char cmd[2048];
	if (!dir || !*dir)
		return;
	snprintf(cmd, sizeof(cmd), "cp -r '%s' '%s/%s'", src, dir, name);
	assert_int_equal(system(cmd), 0);
}

static bool templates_present(void)
{
	return access(TEMPLATES "/report.docx", R_OK) == 0 && access(TEMPLATES "/feedback.docx", R_OK) == 0;
}

static void write_report(const hz_results *r, const char *name, char *path, size_t n)
{
	hz_error err;
	hz_error_clear(&err);
	snprintf(path, n, "%s/%s", tmpdir, name);
	if (hz_report_write(r, TEMPLATES, path, &err) != HZ_OK) {
		char line[1200];
		fail_msg("%s", hz_error_line(&err, line, sizeof(line)));
	}
}

static void report_page_layout_and_fonts(void **state)
{
	hz_results r;
	char path[512];
	char *doc, *styles, *settings, *fonts, *ftr1, *ftr2, *core;
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 30, 7);
	write_report(&r, "汇总报告.docx", path, sizeof(path));
	doc = member(path, "word/document.xml", NULL);
	styles = member(path, "word/styles.xml", NULL);
	settings = member(path, "word/settings.xml", NULL);
	fonts = member(path, "word/fontTable.xml", NULL);
	ftr1 = member(path, "word/footer1.xml", NULL);
	ftr2 = member(path, "word/footer2.xml", NULL);
	core = member(path, "docProps/core.xml", NULL);
	assert_non_null(doc);
	assert_non_null(styles);
	/* A4, 37/35/28/26 mm, 22 lines of 28 characters */
	assert_non_null(strstr(doc, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
	assert_non_null(strstr(doc, "w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\""));
	/* 22 lines × 28 characters on a character grid; body characters at 98 %
	 * width so that each fills one 15.79 pt cell in LibreOffice too (at 100 %
	 * it gave a 16 pt character two: 14 a line) — see scripts/make-templates.py */
	assert_non_null(strstr(doc, "<w:docGrid w:type=\"linesAndChars\" w:linePitch=\"579\" w:charSpace=\"-842\"/>"));
	{
		const char *dflt = strstr(styles, "<w:rPrDefault>");
		const char *end = dflt ? strstr(dflt, "</w:rPrDefault>") : NULL;
		const char *scaled = dflt ? strstr(dflt, "<w:w w:val=\"98\"/>") : NULL;
		assert_true(dflt && end && scaled && scaled < end);
	}
	/* title 2号 方正小标宋简体; body 3号 仿宋_GB2312 with a 2-character indent; headings */
	assert_non_null(strstr(styles, "w:eastAsia=\"方正小标宋简体\""));
	assert_non_null(strstr(styles, "<w:sz w:val=\"44\"/>"));
	assert_non_null(strstr(styles, "w:eastAsia=\"仿宋_GB2312\""));
	assert_non_null(strstr(styles, "<w:ind w:firstLineChars=\"200\""));
	assert_non_null(strstr(styles, "w:eastAsia=\"黑体\""));
	assert_non_null(strstr(styles, "w:eastAsia=\"楷体_GB2312\""));
	assert_non_null(strstr(styles, "w:ascii=\"Times New Roman\""));
	assert_non_null(strstr(fonts, "<w:font w:name=\"方正小标宋简体\"><w:altName w:val=\"宋体\"/>"));
	/* page numbers — 1 —: odd right, even left, 4号 宋体 */
	assert_non_null(strstr(settings, "<w:evenAndOddHeaders/>"));
	assert_non_null(strstr(doc, "<w:footerReference w:type=\"even\""));
	assert_non_null(strstr(ftr1, " PAGE "));
	assert_non_null(strstr(ftr1, "<w:jc w:val=\"right\"/>"));
	assert_non_null(strstr(ftr2, "<w:jc w:val=\"left\"/>"));
	assert_non_null(strstr(ftr1, "— </w:t>"));
	assert_non_null(strstr(styles, "w:eastAsia=\"宋体\""));
	assert_non_null(strstr(styles, "<w:sz w:val=\"28\"/>"));
	/* content */
	assert_non_null(strstr(doc, "2022年度模范机关创建自查情况汇总"));
	assert_non_null(strstr(doc, "2022年10月31日"));
	assert_non_null(strstr(doc, "中共某某区级机关工作委员会"));
	assert_non_null(strstr(doc, "一、总体情况"));
	assert_non_null(strstr(doc, "五、滞后单位及问题清单"));
	assert_null(strstr(doc, "{{"));
	/* core.xml dates come from as_of, not the clock */
	assert_non_null(strstr(core, "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2022-10-31T00:00:00Z"));
	free(doc);
	free(styles);
	free(settings);
	free(fonts);
	free(ftr1);
	free(ftr2);
	free(core);
	keep(path, "汇总报告.docx");
	hz_results_release(&r);
}

static int cmp_rank(const void *a, const void *b)
{
	const hz_unit *const *x = a, *const *y = b;
	if ((*x)->rank != (*y)->rank)
		return (*x)->rank < (*y)->rank ? -1 : 1;
	return *x < *y ? -1 : *x > *y;
}

/* The body lists a lagging unit's problems a kind a row (write/unit_items.c):
 * kinds in the order of their first problem, task ids joined with 、, a
 * problem without a task in its own words; the letter keeps every problem. */
static void report_problems_by_kind(void **state)
{
	hz_results r;
	char path[512];
	char *doc, *at;
	hz_unit *u = NULL;
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 12, 5);
	r.settings.report_inline_units = 100;
	for (size_t i = 0; i < r.nunits && !u; i++)
		if (r.units[i].submitted && r.units[i].lagging && !r.units[i].narrative)
			u = &r.units[i];
	assert_non_null(u);
	for (size_t i = 0; i < u->nproblems; i++) {
		free(u->problems[i].kind);
		free(u->problems[i].task);
		free(u->problems[i].text);
	}
	u->nproblems = 0;
	u->problems = realloc(u->problems, 8 * sizeof(*u->problems));
	synth_problem(u, "not_started", "2", "未开展");
	synth_problem(u, "missing", "3", "未填报");
	synth_problem(u, "not_started", "5", "未开展");
	synth_problem(u, "self_reported", NULL, "台账不全");
	synth_problem(u, "not_started", "7", "未开展");
	write_report(&r, "kinds.docx", path, sizeof(path));
	doc = member(path, "word/document.xml", NULL);
	assert_non_null(doc);
	at = strstr(doc, u->name);
	assert_non_null(at);
	at = strstr(at, ">未开展</w:t>");
	assert_non_null(at);
	at = strstr(at, ">2、5、7</w:t>");
	assert_non_null(at);
	assert_non_null(strstr(at, ">3</w:t>")); /* its count */
	at = strstr(at, ">未填报</w:t>");
	assert_non_null(at);
	at = strstr(at, ">自查问题</w:t>");
	assert_non_null(at);
	assert_non_null(strstr(at, ">台账不全</w:t>"));
	free(doc);
	hz_results_release(&r);
}

static void report_tables_in_rank_order(void **state)
{
	hz_results r;
	char path[512], cell[300];
	char *doc, *p, *end;
	const hz_unit **order;
	size_t n = 0;
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 40, 11);
	/* the whole ranking inline (34 submitted ≤ 2·top), every lagging unit's table too */
	r.settings.report_top = 20;
	r.settings.report_inline_units = 100;
	write_report(&r, "rank.docx", path, sizeof(path));
	doc = member(path, "word/document.xml", NULL);
	assert_non_null(doc);
	order = calloc(r.nunits, sizeof(*order));
	for (size_t i = 0; i < r.nunits; i++)
		if (r.units[i].submitted)
			order[n++] = &r.units[i];
	qsort(order, n, sizeof(*order), cmp_rank);
	/* the ranking table: between 二、排名 and 三、 */
	p = strstr(doc, "二、排名");
	end = strstr(doc, "三、分类指标完成情况");
	assert_non_null(p);
	assert_non_null(end);
	for (size_t i = 0; i < n; i++) {
		char name[256], score[32];
		size_t k = 0;
		/* the document holds names XML-escaped */
		for (const char *s = order[i]->name; *s && k + 8 < sizeof(name); s++) {
			const char *rep = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '"' ? "&quot;" : NULL;
			if (rep) {
				memcpy(name + k, rep, strlen(rep));
				k += strlen(rep);
			} else {
				name[k++] = *s;
			}
		}
		name[k] = '\0';
		snprintf(cell, sizeof(cell), ">%d</w:t>", order[i]->rank);
		p = strstr(p, cell);
		assert_non_null(p);
		snprintf(cell, sizeof(cell), ">%s</w:t>", name);
		p = strstr(p, cell);
		assert_non_null(p);
		docdata_num(score, sizeof(score), order[i]->score);
		snprintf(cell, sizeof(cell), ">%s</w:t>", score);
		p = strstr(p, cell);
		assert_non_null(p);
		assert_true(p < end);
	}
	/* not submitted units are not ranked: i % 7 == 3 */
	{
		char *start = strstr(doc, "二、排名"), saved = *end;
		*end = '\0';
		assert_null(strstr(start, ">某某区第4局<"));
		*end = saved;
	}
	/* escaping of the unit named 某某区"市场&监管"<局> */
	assert_non_null(strstr(doc, "某某区&quot;市场&amp;监管&quot;&lt;局&gt;"));
	/* categories table, a lagging unit's problem with its task, an attachment row */
	assert_non_null(strstr(doc, ">讲政治</w:t>"));
	assert_non_null(strstr(doc, "截至2022年10月31日未报送自查材料"));
	assert_non_null(strstr(doc, "submissions/旧表.xls"));
	assert_non_null(strstr(doc, "submissions/损坏 &amp; &lt;坏&gt;.docx"));
	/* a self-reported problem with a line break */
	assert_non_null(strstr(doc, "理论学习深度不够；</w:t><w:br/>"));
	free(doc);
	free(order);
	hz_results_release(&r);
}

static void report_chart_part_with_cached_values(void **state)
{
	hz_results r;
	char path[512];
	char *chart, *ct, *rels, *doc;
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 20, 3);
	write_report(&r, "chart.docx", path, sizeof(path));
	chart = member(path, "word/charts/chart1.xml", NULL);
	ct = member(path, "[Content_Types].xml", NULL);
	rels = member(path, "word/_rels/document.xml.rels", NULL);
	doc = member(path, "word/document.xml", NULL);
	assert_non_null(chart);
	assert_non_null(strstr(chart, "<c:barChart>"));
	assert_non_null(strstr(chart, "<c:strCache><c:ptCount val=\"4\"/><c:pt idx=\"0\"><c:v>讲政治</c:v>"));
	assert_non_null(strstr(chart, "<c:numCache>"));
	assert_non_null(strstr(chart, "<c:pt idx=\"3\"><c:v>"));
	assert_non_null(strstr(ct, "PartName=\"/word/charts/chart1.xml\""));
	assert_non_null(strstr(rels, "Target=\"charts/chart1.xml\""));
	assert_non_null(strstr(doc, "<c:chart r:id=\"rIdChart1\"/>"));
	/* its data, embedded, so Word can edit it */
	assert_non_null(strstr(chart, "<c:externalData r:id=\"rIdData\">"));
	{
		char *crels = member(path, "word/charts/_rels/chart1.xml.rels", NULL);
		size_t n;
		char *xlsx = member(path, "word/embeddings/Microsoft_Excel_Worksheet_huizong_chart1.xlsx", &n);
		assert_non_null(crels);
		assert_non_null(strstr(crels, "Target=\"../embeddings/Microsoft_Excel_Worksheet_huizong_chart1.xlsx\""));
		assert_non_null(xlsx);
		assert_true(n > 100 && xlsx[0] == 'P' && xlsx[1] == 'K');
		assert_non_null(strstr(ct, "Extension=\"xlsx\""));
		free(crels);
		free(xlsx);
	}
	free(chart);
	free(ct);
	free(rels);
	free(doc);
	hz_results_release(&r);
}

static void report_is_byte_identical(void **state)
{
	hz_results r;
	char a[512], b[512];
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 25, 5);
	write_report(&r, "a.docx", a, sizeof(a));
	sleep(1); /* a timestamp taken from the clock would now differ */
	write_report(&r, "b.docx", b, sizeof(b));
	test_assert_same_file(a, b);
	hz_results_release(&r);
}

static void report_with_no_units(void **state)
{
	hz_results r;
	char path[512];
	char *doc;
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 0, 1);
	write_report(&r, "empty.docx", path, sizeof(path));
	doc = member(path, "word/document.xml", NULL);
	assert_non_null(doc);
	assert_non_null(strstr(doc, "截至目前尚无单位报送。"));
	assert_non_null(strstr(doc, "本次汇总无滞后单位。"));
	assert_null(strstr(doc, "{{"));
	/* only 总体情况 applies; its number is 一 and no other section follows */
	assert_non_null(strstr(doc, ">一、总体情况<"));
	assert_null(strstr(doc, "二、"));
	assert_null(strstr(doc, "分类指标完成情况"));
	/* the chart's section is absent: no drawing, part, relationship or content type */
	assert_null(strstr(doc, "<c:chart "));
	{
		char *ct = member(path, "[Content_Types].xml", NULL);
		char *rels = member(path, "word/_rels/document.xml.rels", NULL);
		assert_null(member(path, "word/charts/chart1.xml", NULL));
		assert_null(member(path, "word/charts/_rels/chart1.xml.rels", NULL));
		assert_non_null(ct);
		assert_non_null(rels);
		assert_null(strstr(ct, "chart"));
		assert_null(strstr(rels, "chart"));
		assert_non_null(strstr(rels, "footer1.xml"));
		free(ct);
		free(rels);
	}
	/* the rejected files are still listed: 附件1, the only one */
	assert_non_null(strstr(doc, ">附件：1．退回及校验问题<"));
	assert_non_null(strstr(doc, "详见附件1。"));
	assert_null(strstr(doc, "附件2"));
	free(doc);
	hz_results_release(&r);
}

/* The plain text of document.xml, one paragraph a line. */
static char *doc_lines(const char *xml)
{
	dynbuf out;
	dynbuf_init(&out, 1u << 28);
	for (const char *p = xml; (p = strchr(p, '<')) != NULL; p++) {
		if (!strncmp(p, "</w:p>", 6))
			assert_int_equal(dynbuf_addstr(&out, "\n"), HZ_OK);
		else if (!strncmp(p, "<w:t>", 5) || !strncmp(p, "<w:t ", 5)) {
			const char *b = strchr(p, '>') + 1, *e = strstr(b, "</w:t>");
			assert_int_equal(dynbuf_add(&out, b, (size_t)(e - b)), HZ_OK);
		}
	}
	{
		char *text = strdup(dynbuf_str(&out));
		dynbuf_release(&out);
		assert_non_null(text);
		return text;
	}
}

static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; (p = strstr(p, line)) != NULL; p++)
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return true;
	return false;
}

/* Ranks by hand: S submitted units; the first 15 share rank 1, then
 * single ranks, then a tie of 5 and a tie of 7 at the bottom. */
static void hand_ranks(hz_results *r, size_t *S)
{
	size_t k = 0, n = 0;
	for (size_t i = 0; i < r->nunits; i++)
		n += r->units[i].submitted;
	for (size_t i = 0; i < r->nunits; i++) {
		hz_unit *u = &r->units[i];
		if (!u->submitted)
			continue;
		u->rank = k < 15 ? 1 : k < n - 12 ? (int)k + 1 : k < n - 7 ? (int)(n - 11) : (int)(n - 6);
		k++;
	}
	*S = n;
}

static void ranking_cut_with_ties(void **state)
{
	hz_results r;
	docdata d;
	report_views v;
	hz_error err;
	size_t S;
	(void)state;
	synth_results(&r, 100, 4);
	hand_ranks(&r, &S);
	assert_int_equal(docdata_init(&d, &r, &err), HZ_OK);
	assert_int_equal(report_views_init(&v, &d, &err), HZ_OK);
	assert_true(v.ranking_cut);
	/* top: the first 10 reach into the 15 tied at rank 1, a group larger
	 * than top: one row for the 15 */
	assert_int_equal(v.nrank_top, 1);
	assert_int_equal(v.rank_top[0].tied, 15);
	assert_int_equal(v.rank_top[0].unit->u->rank, 1);
	/* bottom: the last 10 reach back into the tie of 5: 5 + 7 rows */
	assert_int_equal(v.nrank_bottom, 12);
	for (size_t i = 0; i < 12; i++)
		assert_int_equal(v.rank_bottom[i].tied, 0);
	assert_int_equal(v.rank_bottom[0].unit->u->rank, (int)(S - 11));
	assert_int_equal(v.rank_bottom[11].unit->u->rank, (int)(S - 6));
	assert_int_equal(v.rank_omitted, S - 12 - 15);
	report_views_release(&v);

	/* top 50: 2·top ≥ S (86), the whole ranking unit by unit */
	r.settings.report_top = 50;
	assert_int_equal(report_views_init(&v, &d, &err), HZ_OK);
	assert_false(v.ranking_cut);
	assert_int_equal(v.nrank_top, S);
	assert_int_equal(v.nrank_bottom, 0);
	report_views_release(&v);

	/* top 1: one tie row each side, each group larger than top */
	r.settings.report_top = 1;
	assert_int_equal(report_views_init(&v, &d, &err), HZ_OK);
	assert_true(v.ranking_cut);
	assert_int_equal(v.nrank_top, 1);
	assert_int_equal(v.rank_top[0].tied, 15);
	assert_int_equal(v.nrank_bottom, 1);
	assert_int_equal(v.rank_bottom[0].tied, 7);
	report_views_release(&v);
	docdata_release(&d);
	hz_results_release(&r);
}

static void groups_in_roster_order(void **state)
{
	hz_results r;
	docdata d;
	report_views v;
	hz_error err;
	size_t sum = 0, lag = 0;
	(void)state;
	synth_results(&r, 30, 2);
	/* synth: 街道 for even units, 区直机关 for odd; unit 5 gets a third group,
	 * unit 7 none */
	free(r.units[5].group);
	r.units[5].group = strdup("乡镇");
	free(r.units[7].group);
	r.units[7].group = strdup("");
	assert_int_equal(docdata_init(&d, &r, &err), HZ_OK);
	assert_int_equal(report_views_init(&v, &d, &err), HZ_OK);
	assert_true(v.has_groups);
	assert_int_equal(v.ngroups, 4);
	assert_string_equal(v.groups[0].name, "街道");
	assert_string_equal(v.groups[1].name, "区直机关");
	assert_string_equal(v.groups[2].name, "乡镇");
	assert_string_equal(v.groups[3].name, "");
	assert_int_equal(v.groups[2].units, 1);
	for (size_t g = 0; g < v.ngroups; g++) {
		assert_int_equal(v.groups[g].no, g + 1);
		assert_int_equal(v.groups[g].submitted + v.groups[g].not_submitted, v.groups[g].units);
		sum += v.groups[g].units;
		lag += v.groups[g].lagging;
	}
	assert_int_equal(sum, 30);
	assert_int_equal(lag, d.nlagging);
	assert_int_equal(v.total.lagging, d.nlagging);
	assert_int_equal(v.total.lag_not_submitted, d.nnot_submitted);
	report_views_release(&v);
	docdata_release(&d);
	hz_results_release(&r);
}

static void weakest_tasks_lowest_ratio_then_checklist_order(void **state)
{
	hz_results r;
	docdata d;
	hz_error err;
	size_t t[UNIT_ITEMS_WEAKEST_TASKS];
	hz_unit *u;
	(void)state;
	synth_results(&r, 3, 1);
	u = &r.units[0];
	/* every task full, then: task 5 (max 10) at 0.5, task 2 (max 5) at 0.5,
	 * task 9 (max 10) at 0, task 11 (max 10) at 0.5 */
	for (size_t k = 0; k < r.ntasks; k++)
		u->tasks[k].score = r.tasks[k].max;
	u->tasks[5].score = 5;
	u->tasks[2].score = 2.5;
	u->tasks[9].score = 0;
	u->tasks[11].score = 5;
	assert_int_equal(docdata_init(&d, &r, &err), HZ_OK);
	assert_int_equal(unit_items_weakest_tasks(&d, u, t), 3);
	assert_int_equal(t[0], 9);
	assert_int_equal(t[1], 2); /* ties at 0.5: checklist order */
	assert_int_equal(t[2], 5);
	/* a unit that did not submit has none */
	for (size_t i = 0; i < r.nunits; i++)
		if (!r.units[i].submitted)
			assert_int_equal(unit_items_weakest_tasks(&d, &r.units[i], t), 0);
	docdata_release(&d);
	hz_results_release(&r);
}

/* Sections and 附件 numbered from what is present, every reference right. */
static void frame_numbers_and_references(void **state)
{
	hz_results r;
	char path[512];
	char *doc, *text;
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 40, 11);
	r.settings.report_inline_units = 3; /* more lagging units than that */
	write_report(&r, "frame.docx", path, sizeof(path));
	doc = member(path, "word/document.xml", NULL);
	text = doc_lines(doc);
	assert_true(has_line(text, "一、总体情况"));
	assert_true(has_line(text, "二、排名"));
	assert_true(has_line(text, "三、分类指标完成情况"));
	assert_true(has_line(text, "四、主要问题"));
	assert_true(has_line(text, "五、滞后单位及问题清单"));
	assert_non_null(strstr(text, "情况见第五部分。"));
	/* 34 submitted > 30: cut, so 排名表 is 附件1; lagging apart: 附件2 */
	assert_non_null(strstr(text, "完整排名见附件1。"));
	assert_non_null(strstr(text, "得分较低的任务见附件2。"));
	assert_non_null(strstr(text, "名单见附件3。"));
	assert_non_null(strstr(text, "详见附件4。"));
	assert_true(has_line(text, "附件：1．排名表"));
	assert_true(has_line(text, "2．滞后单位问题汇总"));
	assert_true(has_line(text, "3．未报送单位名单"));
	assert_true(has_line(text, "4．退回及校验问题"));
	assert_non_null(strstr(text, "\n附件1\n排名表\n"));
	assert_non_null(strstr(text, "\n附件2\n滞后单位问题汇总\n"));
	assert_non_null(strstr(text, "\n附件3\n未报送单位名单\n"));
	assert_non_null(strstr(text, "\n附件4\n退回及校验问题\n"));
	/* no unit's problem table inline: no （一） heading */
	assert_null(strstr(text, "\n（一）"));
	/* superseded files are not in the report */
	assert_null(strstr(text, "submissions/1-旧.xlsx"));
	free(doc);
	free(text);

	/* the same with every lagging unit inline: 滞后单位问题汇总 goes, the
	 * others move up */
	r.settings.report_inline_units = 100;
	write_report(&r, "frame2.docx", path, sizeof(path));
	doc = member(path, "word/document.xml", NULL);
	text = doc_lines(doc);
	assert_non_null(strstr(text, "\n（一）"));
	assert_true(has_line(text, "附件：1．排名表"));
	assert_true(has_line(text, "2．未报送单位名单"));
	assert_true(has_line(text, "3．退回及校验问题"));
	assert_null(strstr(text, "滞后单位问题汇总"));
	assert_non_null(strstr(text, "名单见附件2。"));
	assert_non_null(strstr(text, "详见附件3。"));
	assert_non_null(strstr(text, "\n附件2\n未报送单位名单\n"));
	free(doc);
	free(text);
	hz_results_release(&r);
}

typedef void (*xml_edit)(const char *xml, size_t len, char **out, size_t *outlen);

/* A copy of the report template with word/document.xml passed through edit. */
/* dir/report.docx: the default template with its member `part` edited. */
static void edited_member(const char *dir, const char *part, xml_edit edit)
{
	char src[512], dst[1024], *xml, *nx;
	size_t len, nlen;
	zip_t *z;
	int e;
	zip_source_t *s;
	FILE *in, *out;
	char buf[8192];
	size_t n;
	snprintf(src, sizeof(src), "%s/report.docx", TEMPLATES);
	mkdir(dir, 0755);
	snprintf(dst, sizeof(dst), "%s/report.docx", dir);
	in = fopen(src, "rb");
	out = fopen(dst, "wb");
	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	fclose(out);
	xml = member(dst, part, &len);
	assert_non_null(xml);
	edit(xml, len, &nx, &nlen);
	z = zip_open(dst, 0, &e);
	assert_non_null(z);
	s = zip_source_buffer(z, nx, nlen, 0);
	assert_true(zip_file_add(z, part, s, ZIP_FL_OVERWRITE) >= 0);
	assert_int_equal(zip_close(z), 0);
	free(xml);
	free(nx);
}

static void edited_template(const char *dir, xml_edit edit)
{
	edited_member(dir, "word/document.xml", edit);
}

/* What Word does to typed text, at its worst: every character its own run,
 * spelling marks and bookmarks between them. */
static void split_every_character(const char *xml, size_t len, char **out, size_t *outlen)
{
	static const char open[] = "<w:t xml:space=\"preserve\">";
	dynbuf b;
	const char *p = xml, *end = xml + len;
	unsigned k = 0;
	dynbuf_init(&b, 1u << 28);
	while (p < end) {
		const char *t = strstr(p, open), *close;
		if (!t) {
			assert_int_equal(dynbuf_add(&b, p, (size_t)(end - p)), HZ_OK);
			break;
		}
		t += strlen(open);
		assert_int_equal(dynbuf_add(&b, p, (size_t)(t - p)), HZ_OK);
		close = strstr(t, "</w:t>");
		assert_non_null(close);
		for (const char *c = t; c < close;) {
			size_t n = 1;
			while (c + n < close && ((unsigned char)c[n] & 0xC0) == 0x80)
				n++;
			assert_int_equal(dynbuf_add(&b, c, n), HZ_OK);
			c += n;
			if (c < close) {
				k++;
				assert_int_equal(dynbuf_printf(&b,
					      "</w:t></w:r><w:proofErr w:type=\"spellStart\"/><w:bookmarkStart w:id=\"%u\" "
					      "w:name=\"b%u\"/><w:r w:rsidR=\"00%06X\"><w:rPr><w:rFonts w:hint=\"eastAsia\"/>"
					      "</w:rPr><w:t>",
					      1000 + k, k, k), HZ_OK);
			}
		}
		p = close;
	}
	*out = dynbuf_detach(&b, outlen);
}

static void misspell_title(const char *xml, size_t len, char **out, size_t *outlen)
{
	char *at;
	*out = malloc(len + 1);
	assert_non_null(*out);
	memcpy(*out, xml, len + 1);
	*outlen = len;
	at = strstr(*out, "{{campaign.title}}");
	assert_non_null(at);
	memcpy(at + 11, "titel", 5);
}

/* Text of the w:t elements in order, joined, and the number of paragraphs. */
static size_t plain_text(const char *xml, dynbuf *out)
{
	size_t paragraphs = 0;
	for (const char *p = xml; (p = strstr(p, "<w:")) != NULL; p++) {
		if (!strncmp(p, "<w:p>", 5) || !strncmp(p, "<w:p ", 5))
			paragraphs++;
		if (!strncmp(p, "<w:t>", 5) || !strncmp(p, "<w:t ", 5)) {
			const char *b = strchr(p, '>') + 1, *e = strstr(b, "</w:t>");
			assert_int_equal(dynbuf_add(out, b, (size_t)(e - b)), HZ_OK);
		}
	}
	return paragraphs;
}

static void template_split_by_word_renders_the_same(void **state)
{
	hz_results r;
	hz_error err;
	char dir[512], a[512], b[512];
	char *x, *y;
	dynbuf tx, ty;
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 20, 9);
	snprintf(dir, sizeof(dir), "%s/splittmpl", tmpdir);
	edited_template(dir, split_every_character);
	write_report(&r, "plain.docx", a, sizeof(a));
	snprintf(b, sizeof(b), "%s/split.docx", tmpdir);
	hz_error_clear(&err);
	if (hz_report_write(&r, dir, b, &err) != HZ_OK) {
		char line[1200];
		fail_msg("%s", hz_error_line(&err, line, sizeof(line)));
	}
	x = member(a, "word/document.xml", NULL);
	y = member(b, "word/document.xml", NULL);
	dynbuf_init(&tx, 1u << 28);
	dynbuf_init(&ty, 1u << 28);
	assert_int_equal(plain_text(x, &tx), plain_text(y, &ty));
	assert_string_equal(dynbuf_str(&tx), dynbuf_str(&ty));
	assert_null(strstr(y, "{{"));
	dynbuf_release(&tx);
	dynbuf_release(&ty);
	free(x);
	free(y);
	hz_results_release(&r);
}

/* A copy of the report template with one tag misspelt. */
static void bad_template(const char *dir)
{
	edited_template(dir, misspell_title);
}

static void bad_template_fails_without_output(void **state)
{
	hz_results r;
	hz_error err;
	char dir[512], path[512];
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 5, 1);
	snprintf(dir, sizeof(dir), "%s/badtmpl", tmpdir);
	bad_template(dir);
	snprintf(path, sizeof(path), "%s/bad.docx", tmpdir);
	hz_error_clear(&err);
	assert_int_equal(hz_report_write(&r, dir, path, &err), HZ_E_TEMPLATE);
	assert_non_null(strstr(err.detail, "{{campaign.titel}}"));
	assert_string_equal(err.part, "word/document.xml");
	assert_string_equal(err.where, "paragraph 1");
	assert_non_null(strstr(err.file, "badtmpl/report.docx")); /* the template, not the output */
	assert_int_equal(access(path, F_OK), -1);
	/* missing template folder */
	hz_error_clear(&err);
	assert_int_not_equal(hz_report_write(&r, "/nonexistent-dir", path, &err), HZ_OK);
	assert_int_equal(access(path, F_OK), -1);
	hz_results_release(&r);
}

/* The part cut in the middle: an element left open. */
static void cut_short(const char *xml, size_t len, char **out, size_t *outlen)
{
	*outlen = len / 2;
	*out = malloc(*outlen);
	assert_non_null(*out);
	memcpy(*out, xml, *outlen);
}

/* A DTD declaring an entity put before the root element. */
static void with_dtd(const char *xml, size_t len, char **out, size_t *outlen)
{
	static const char dtd[] = "<!DOCTYPE Relationships [<!ENTITY e \"x\">]>";
	const char *root = strstr(xml, "<Relationships");
	size_t at;
	assert_non_null(root);
	at = (size_t)(root - xml);
	*outlen = len + sizeof(dtd) - 1;
	*out = malloc(*outlen);
	assert_non_null(*out);
	memcpy(*out, xml, at);
	memcpy(*out + at, dtd, sizeof(dtd) - 1);
	memcpy(*out + at + sizeof(dtd) - 1, xml + at, len - at);
}

/* A malformed template part is the report's error (HZ_E_TEMPLATE naming
 * the part and the line), and libxml2 says nothing on stderr: a stage
 * never prints. */
static void malformed_template_part_is_an_error_not_a_message(void **state)
{
	static const struct {
		const char *part;
		xml_edit edit;
		const char *detail;
	} cases[] = {
		{"word/_rels/document.xml.rels", cut_short, "malformed XML"},
		{"[Content_Types].xml", cut_short, "malformed XML"},
		{"word/document.xml", cut_short, "malformed XML"},
		{"word/_rels/document.xml.rels", with_dtd, "a DTD is not allowed"},
	};
	hz_results r;
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 5, 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char dir[512], path[512], errfile[512];
		hz_error err;
		struct stat st;
		int saved, fd;
		hz_code rc;
		snprintf(dir, sizeof(dir), "%s/malformed%zu", tmpdir, i);
		snprintf(path, sizeof(path), "%s/malformed%zu.docx", tmpdir, i);
		snprintf(errfile, sizeof(errfile), "%s/stderr%zu.txt", tmpdir, i);
		edited_member(dir, cases[i].part, cases[i].edit);
		hz_error_clear(&err);
		fflush(stderr);
		saved = dup(2);
		fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		assert_true(saved >= 0 && fd >= 0);
		dup2(fd, 2);
		rc = hz_report_write(&r, dir, path, &err);
		fflush(stderr);
		dup2(saved, 2);
		close(saved);
		close(fd);
		assert_int_equal(rc, HZ_E_TEMPLATE);
		assert_string_equal(err.part, cases[i].part);
		if (!strstr(err.detail, cases[i].detail))
			fail_msg("%s: detail \"%s\"", cases[i].part, err.detail);
		assert_int_equal(stat(errfile, &st), 0);
		if (st.st_size != 0)
			fail_msg("%s: %lld bytes on stderr", cases[i].part, (long long)st.st_size);
		assert_int_equal(access(path, F_OK), -1);
	}
	hz_results_release(&r);
}

/* A document's root: campaign.* first, its tables after, in order; a root
 * its tables overflow has no schema (write/docdata.h). */
static void root_schema_campaign_first(void **state)
{
	static const tmpl_field own[] = {{"own.a", TMPL_TEXT, NULL}, {"own.b", TMPL_TEXT, NULL}};
	static docdata_root root;
	const tmpl_schema *s;
	(void)state;
	docdata_root_begin(&root, NULL, NULL, NULL);
	docdata_root_add(&root, own, 2);
	docdata_root_add_text(&root, "own.c");
	s = docdata_root_schema(&root);
	assert_non_null(s);
	assert_int_equal(s->nfields, docdata_ncampaign_fields + 3);
	assert_string_equal(s->fields[0].name, "campaign.title");
	assert_string_equal(s->fields[docdata_ncampaign_fields].name, "own.a");
	assert_string_equal(s->fields[docdata_ncampaign_fields + 2].name, "own.c");
	for (size_t i = s->nfields; i < DOCDATA_ROOT_MAX_FIELDS; i++)
		docdata_root_add_text(&root, "filler");
	assert_non_null(docdata_root_schema(&root));
	docdata_root_add(&root, own, 1);
	assert_null(docdata_root_schema(&root));
}

static size_t list_dir(const char *dir, char names[][256], size_t max)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")))
			if (n < max)
				snprintf(names[n++], 256, "%s", e->d_name);
	closedir(d);
	return n;
}

static bool has_name(char names[][256], size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return true;
	return false;
}

static void feedback_letters_replace_folder(void **state)
{
	hz_results r;
	hz_error err;
	char dir[512], stale[600], names[64][256];
	size_t n, lagging = 0;
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 30, 7);
	/* make units 2 and 4 (测试局A/B and 测试局A_B) lagging: same safe name */
	r.units[1].lagging = r.units[2].lagging = r.units[4].lagging = true;
	for (size_t i = 0; i < r.nunits; i++)
		lagging += r.units[i].lagging;
	snprintf(dir, sizeof(dir), "%s/反馈", tmpdir);
	mkdir(dir, 0755);
	snprintf(stale, sizeof(stale), "%s/旧单位.docx", dir);
	fclose(fopen(stale, "w"));
	hz_error_clear(&err);
	assert_int_equal(hz_feedback_write_all(&r, TEMPLATES, dir, &err), HZ_OK);
	n = list_dir(dir, names, 64);
	assert_int_equal(n, lagging);
	assert_int_equal(access(stale, F_OK), -1); /* no letter of an earlier run stays */
	assert_true(has_name(names, n, "测试局A_B.docx"));
	assert_true(has_name(names, n, "测试局A_B（2）.docx"));
	assert_true(has_name(names, n, "_某某区_委员会_办公室.docx"));
	assert_true(has_name(names, n, "某某区第4局.docx"));
	for (size_t i = 0; i < n; i++) {
		assert_null(strchr(names[i], '\\'));
		assert_true(names[i][0] != '.');
	}
	/* nothing left beside it */
	n = list_dir(tmpdir, names, 64);
	for (size_t i = 0; i < n; i++)
		assert_null(strstr(names[i], ".tmp-"));
	{
		char letter[700];
		char *doc;
		snprintf(letter, sizeof(letter), "%s/某某区第4局.docx", dir);
		doc = member(letter, "word/document.xml", NULL);
		assert_non_null(doc);
		assert_non_null(strstr(doc, "某某区第4局"));
		assert_non_null(strstr(doc, "截至2022年10月31日未报送自查材料"));
		assert_non_null(strstr(doc, "于2022年11月30日前")); /* rectify_by */
		assert_null(strstr(doc, "{{"));
		free(doc);
	}
	keep(dir, "反馈");
	/* a second run with no lagging unit empties the folder */
	for (size_t i = 0; i < r.nunits; i++)
		r.units[i].lagging = false;
	assert_int_equal(hz_feedback_write_all(&r, TEMPLATES, dir, &err), HZ_OK);
	assert_int_equal(list_dir(dir, names, 64), 0);
	hz_results_release(&r);
}

static void feedback_letters_are_byte_identical(void **state)
{
	hz_results r;
	hz_error err;
	char d1[512], d2[512], f1[700], f2[700];
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 12, 4);
	snprintf(d1, sizeof(d1), "%s/fbA", tmpdir);
	snprintf(d2, sizeof(d2), "%s/fbB", tmpdir);
	hz_error_clear(&err);
	assert_int_equal(hz_feedback_write_all(&r, TEMPLATES, d1, &err), HZ_OK);
	sleep(1);
	assert_int_equal(hz_feedback_write_all(&r, TEMPLATES, d2, &err), HZ_OK);
	snprintf(f1, sizeof(f1), "%s/某某区第4局.docx", d1);
	snprintf(f2, sizeof(f2), "%s/某某区第4局.docx", d2);
	test_assert_same_file(f1, f2);
	hz_results_release(&r);
}

static void *letters_thread(void *l)
{
	hz_error err;
	hz_error_clear(&err);
	if (hz_letters_write(l, &err) != HZ_OK) {
		/* hz_letters_end tells it */
	}
	return NULL;
}

/* The letters written by two threads at once (the run's two lanes) are the
 * letters one thread writes, byte for byte, under the same names. */
static void feedback_letters_on_two_threads(void **state)
{
	hz_results r;
	hz_error err;
	hz_letters *l = NULL;
	pthread_t th[2];
	char d1[512], d2[512], n1[64][256], n2[64][256];
	size_t c1, c2;
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 40, 3);
	snprintf(d1, sizeof(d1), "%s/fb1thread", tmpdir);
	snprintf(d2, sizeof(d2), "%s/fb2threads", tmpdir);
	hz_error_clear(&err);
	assert_int_equal(hz_feedback_write_all(&r, TEMPLATES, d1, &err), HZ_OK);
	assert_int_equal(hz_letters_begin(&l, &r, TEMPLATES, d2, &err), HZ_OK);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, letters_thread, l), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	assert_int_equal(hz_letters_end(l, &err), HZ_OK);
	c1 = list_dir(d1, n1, 64);
	c2 = list_dir(d2, n2, 64);
	assert_true(c1 > 2);
	assert_int_equal(c1, c2);
	for (size_t i = 0; i < c1; i++) {
		char f1[800], f2[800];
		assert_true(has_name(n2, c2, n1[i]));
		snprintf(f1, sizeof(f1), "%s/%s", d1, n1[i]);
		snprintf(f2, sizeof(f2), "%s/%s", d2, n1[i]);
		test_assert_same_file(f1, f2);
	}
	hz_results_release(&r);
}

static void feedback_without_rectify_date(void **state)
{
	hz_results r;
	hz_error err;
	char dir[512], letter[700];
	char *doc;
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 8, 7);
	r.settings.rectify_by[0] = '\0';
	snprintf(dir, sizeof(dir), "%s/fb2", tmpdir);
	hz_error_clear(&err);
	assert_int_equal(hz_feedback_write_all(&r, TEMPLATES, dir, &err), HZ_OK);
	snprintf(letter, sizeof(letter), "%s/某某区第4局.docx", dir);
	doc = member(letter, "word/document.xml", NULL);
	assert_non_null(doc);
	assert_null(strstr(doc, "前将整改情况"));
	assert_non_null(strstr(doc, "并及时将整改情况"));
	free(doc);
	hz_results_release(&r);
}

static void number_formats(void **state)
{
	char b[64];
	(void)state;
	docdata_num(b, sizeof(b), 87.5);
	assert_string_equal(b, "87.5");
	docdata_num(b, sizeof(b), 90);
	assert_string_equal(b, "90");
	docdata_num(b, sizeof(b), 66.67);
	assert_string_equal(b, "66.67");
	docdata_num(b, sizeof(b), 0.005);
	assert_string_equal(b, "0.01");
	docdata_num(b, sizeof(b), -0.0001);
	assert_string_equal(b, "0");
	docdata_date_cn(b, sizeof(b), "2022-10-31");
	assert_string_equal(b, "2022年10月31日");
	docdata_date_cn(b, sizeof(b), "2022-01-05");
	assert_string_equal(b, "2022年1月5日");
	docdata_cn_number(b, sizeof(b), 1);
	assert_string_equal(b, "一");
	docdata_cn_number(b, sizeof(b), 12);
	assert_string_equal(b, "十二");
	docdata_cn_number(b, sizeof(b), 20);
	assert_string_equal(b, "二十");
	docdata_cn_number(b, sizeof(b), 105);
	assert_string_equal(b, "一百零五");
	docdata_cn_number(b, sizeof(b), 1010);
	assert_string_equal(b, "一千零一十");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(number_formats),
		cmocka_unit_test(root_schema_campaign_first),
		cmocka_unit_test(report_page_layout_and_fonts),
		cmocka_unit_test(report_tables_in_rank_order),
		cmocka_unit_test(report_problems_by_kind),
		cmocka_unit_test(report_chart_part_with_cached_values),
		cmocka_unit_test(report_is_byte_identical),
		cmocka_unit_test(report_with_no_units),
		cmocka_unit_test(ranking_cut_with_ties),
		cmocka_unit_test(groups_in_roster_order),
		cmocka_unit_test(weakest_tasks_lowest_ratio_then_checklist_order),
		cmocka_unit_test(frame_numbers_and_references),
		cmocka_unit_test(bad_template_fails_without_output),
		cmocka_unit_test(malformed_template_part_is_an_error_not_a_message),
		cmocka_unit_test(template_split_by_word_renders_the_same),
		cmocka_unit_test(feedback_letters_replace_folder),
		cmocka_unit_test(feedback_letters_are_byte_identical),
		cmocka_unit_test(feedback_letters_on_two_threads),
		cmocka_unit_test(feedback_without_rectify_date),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
