/*
 * 拟定名单公示.docx (SPEC 6.4) from hand-built results (synth_results.h,
 * synth_reviews.h): the list in order with its percents, the sentence on
 * how it was reached (with and without reviews), 公示期 and contact, an
 * empty list, the GB/T 9704 page, determinism.
 *
 * With HZ_KEEP_DOCS=DIR set, the notices are left in DIR (notice_*.docx)
 * for tests/e2e/notice_python_docx.sh.
 */
#define _XOPEN_SOURCE 700 /* tmpdir.h's nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "write/docdata.h"
#include "write/docs.h"
#include "synth_reviews.h"
#include "tmpdir.h"

#define TEMPLATES "templates"

static char tmpdir[256];

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(tmpdir, sizeof(tmpdir), "hz_test_notice_");
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(tmpdir);
}

static char *member(const char *path, const char *name)
{
	int e;
	zip_t *z = zip_open(path, ZIP_RDONLY, &e);
	zip_stat_t st;
	zip_file_t *f;
	char *buf;
	assert_non_null(z);
	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	buf = malloc(st.size + 1);
	f = zip_fopen(z, name, 0);
	assert_non_null(buf);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
	buf[st.size] = '\0';
	zip_fclose(f);
	zip_discard(z);
	return buf;
}

/* The text of document.xml: every w:t's content joined, with escapes left. */
static char *text_of(const char *xml)
{
	size_t n = strlen(xml), len = 0;
	char *out = malloc(n + 1);
	assert_non_null(out);
	for (const char *p = xml; (p = strstr(p, "<w:t")) != NULL;) {
		const char *gt = strchr(p, '>'), *end;
		if (!gt)
			break;
		if (p[4] != '>' && p[4] != ' ') {
			p = gt;
			continue;
		}
		end = strstr(gt, "</w:t>");
		if (!end)
			break;
		memcpy(out + len, gt + 1, (size_t)(end - gt - 1));
		len += (size_t)(end - gt - 1);
		p = end;
	}
	out[len] = '\0';
	return out;
}

static void keep(const char *src, const char *name)
{
	const char *dir = getenv("HZ_KEEP_DOCS");
	char cmd[2048];
	if (!dir || !*dir)
		return;
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s/%s'", src, dir, name);
	assert_int_equal(system(cmd), 0);
}

static char *write_notice(const hz_results *r, const char *name)
{
	static char path[512];
	char line[1200];
	hz_error err;
	hz_error_clear(&err);
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	if (hz_notice_write(r, TEMPLATES, path, &err) != HZ_OK)
		fail_msg("%s", hz_error_line(&err, line, sizeof(line)));
	keep(path, name);
	return path;
}

static bool templates_present(void)
{
	return access(TEMPLATES "/notice.docx", R_OK) == 0;
}

/* Each candidate's name and percent appear, in list order, after the header. */
static void assert_list(const hz_results *r, const char *text)
{
	const char *at = strstr(text, "等次");
	assert_non_null(at);
	for (size_t k = 0; k < r->ncandidates; k++) {
		char pc[32], row[512];
		const char *hit;
		docdata_num(pc, sizeof(pc), r->candidates[k].percent);
		snprintf(row, sizeof(row), "%zu%s%s%s", k + 1, r->units[r->candidates[k].unit].name, pc,
			 r->candidates[k].grade);
		hit = strstr(at, row);
		if (!hit)
			fail_msg("row %zu (%s) not found in order", k + 1, row);
		at = hit + strlen(row);
	}
}

static void notice_with_reviews(void **state)
{
	hz_results r;
	char *xml, *text, *path;
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 40, 7);
	synth_reviews(&r, 11);
	synth_candidates(&r, "良好", 5);
	assert_true(r.ncandidates >= 2);
	path = write_notice(&r, "notice_reviews.docx");
	xml = member(path, "word/document.xml");
	text = text_of(xml);
	assert_non_null(strstr(text, "关于模范机关拟定名单的公示"));
	assert_non_null(strstr(text, "评审组实地考评"));
	assert_non_null(strstr(text, "综合审定"));
	assert_null(strstr(text, "自查自评结果"));
	assert_non_null(strstr(text, "综合得分率（%）"));
	/* SPEC 4: the 公示期 in Chinese dates; the phone's hyphen does not break */
	assert_non_null(strstr(text, "公示期为2022年12月2日至12月8日"));
	assert_non_null(strstr(text, "联系人：王某某，电话：0000\u201112345678"));
	assert_non_null(strstr(text, "2022年10月31日"));
	assert_non_null(strstr(text, "中共某某区级机关工作委员会"));
	assert_list(&r, text);
	assert_null(strstr(xml, "{{"));
	/* the page of the report: A4, 37/35/28/26 mm, 22 × 28 grid */
	assert_non_null(strstr(xml, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
	assert_non_null(strstr(xml, "w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\""));
	assert_non_null(strstr(xml, "w:linePitch=\"579\" w:charSpace=\"-842\""));
	free(text);
	free(xml);
	hz_results_release(&r);
}

static void notice_without_reviews(void **state)
{
	hz_results r;
	char *xml, *text, *path;
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 40, 7);
	synth_candidates(&r, "合格", 3);
	free(r.settings.publicity);
	r.settings.publicity = synth_dup("");
	free(r.settings.contact);
	r.settings.contact = synth_dup("");
	assert_true(r.ncandidates >= 3);
	path = write_notice(&r, "notice_self.docx");
	xml = member(path, "word/document.xml");
	text = text_of(xml);
	assert_non_null(strstr(text, "自查自评结果"));
	assert_null(strstr(text, "综合审定"));
	assert_non_null(strstr(text, "自评得分率（%）"));
	assert_null(strstr(text, "公示期"));
	assert_null(strstr(text, "联系人"));
	assert_list(&r, text);
	free(text);
	free(xml);
	hz_results_release(&r);
}

static void notice_empty_list(void **state)
{
	hz_results r;
	char *xml, *text, *path;
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 10, 3);
	synth_candidates(&r, "优秀", 0);
	assert_int_equal(r.ncandidates, 0);
	path = write_notice(&r, "notice_empty.docx");
	xml = member(path, "word/document.xml");
	text = text_of(xml);
	assert_non_null(strstr(text, "本次暂无符合模范机关推荐条件的单位"));
	assert_null(strstr(text, "现予以公示"));
	assert_null(strstr(xml, "<w:tbl>"));
	assert_null(strstr(text, "公示期为"));
	free(text);
	free(xml);
	hz_results_release(&r);
}

static void notice_deterministic(void **state)
{
	hz_results r;
	char *a, *b, cmd[1200];
	(void)state;
	if (!templates_present())
		skip();
	synth_results(&r, 30, 5);
	synth_reviews(&r, 2);
	synth_candidates(&r, "合格", -1);
	a = strdup(write_notice(&r, "a.docx"));
	b = strdup(write_notice(&r, "b.docx"));
	snprintf(cmd, sizeof(cmd), "cmp -s '%s' '%s'", a, b);
	assert_int_equal(system(cmd), 0);
	free(a);
	free(b);
	hz_results_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(notice_with_reviews),
		cmocka_unit_test(notice_without_reviews),
		cmocka_unit_test(notice_empty_list),
		cmocka_unit_test(notice_deterministic),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
