/* results.json (SPEC §4, 5.14): exact bytes for a small case, escaping,
 * numbers, nulls, the atomic write, and reading an earlier run back. */
#define _XOPEN_SOURCE 700 /* tmpdir.h's nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slurp.h"
#include "write/results_json.h"
#include "state/previous.h"
#include "tmpdir.h"

static char *xdup(const char *s)
{
	char *d = strdup(s);
	assert_non_null(d);
	return d;
}

static char dir[64];

static int make_dir(void **state)
{
	(void)state;
	return test_tmpdir_make(dir, sizeof(dir), "hz_rj_");
}

static int remove_dir(void **state)
{
	(void)state;
	return test_tmpdir_remove(dir);
}


static void small_results(hz_results *r)
{
	hz_unit *u;
	hz_results_init(r);
	r->settings.title = xdup("2022年度\"汇总\"");
	r->settings.issuer = xdup("工委");
	memcpy(r->settings.as_of, "2022-10-31", 11);
	memcpy(r->settings.deadline, "2022-10-30", 11);
	r->settings.tz_minutes = 480;
	r->settings.grades = calloc(2, sizeof(hz_grade));
	assert_non_null(r->settings.grades);
	r->settings.grades[0].name = xdup("良好");
	r->settings.grades[0].threshold = 80;
	r->settings.grades[1].name = xdup("合格");
	r->settings.ngrades = 2;
	r->settings.lagging_below = xdup("合格");

	r->tasks = calloc(2, sizeof(hz_task));
	assert_non_null(r->tasks);
	r->ntasks = 2;
	r->tasks[0].id = xdup("1");
	r->tasks[0].category = xdup("讲政治");
	r->tasks[0].title = xdup("理论学习");
	r->tasks[0].requirement = xdup("");
	r->tasks[0].max = 100.0 / 3.0;
	r->tasks[0].min_count = 2;
	r->tasks[1].id = xdup("2");
	r->tasks[1].category = xdup("讲政治");
	r->tasks[1].title = xdup("组织生活");
	r->tasks[1].requirement = xdup("");
	r->tasks[1].max = 200.0 / 3.0;
	r->tasks[1].keywords = calloc(1, sizeof(char *));
	assert_non_null(r->tasks[1].keywords);
	r->tasks[1].keywords[0] = xdup("三会一课");
	r->tasks[1].nkeywords = 1;
	r->categories = calloc(1, sizeof(char *));
	assert_non_null(r->categories);
	r->categories[0] = xdup("讲政治");
	r->ncategories = 1;

	r->units = calloc(2, sizeof(hz_unit));
	assert_non_null(r->units);
	r->nunits = 2;
	u = &r->units[0];
	u->name = xdup("审计局");
	u->group = xdup("");
	u->submitted = true;
	u->file = xdup("submissions/a\tb.xlsx");
	memcpy(u->date, "2022-10-28", 11);
	u->score = 87.5;
	u->percent = 0.1 + 0.2; /* 0.30000000000000004: kept exact */
	u->completion = 0.5;
	u->rank = 1;
	u->grade = r->settings.grades[0].name;
	u->categories = calloc(1, sizeof(hz_category_score));
	assert_non_null(u->categories);
	u->categories[0].name = xdup("讲政治");
	u->categories[0].score = 87.5;
	u->categories[0].max = 100;
	u->ncategories = 1;
	u->tasks = calloc(2, sizeof(hz_task_result));
	assert_non_null(u->tasks);
	u->ntasks = 2;
	u->tasks[0].status = HZ_ST_DONE;
	u->tasks[0].score = 20.8333;
	u->tasks[0].has_count = true;
	u->tasks[0].count = 2;
	u->tasks[1].status = HZ_ST_PARTIAL;
	u->tasks[1].score = -0.0;
	u->problems = calloc(1, sizeof(hz_problem));
	assert_non_null(u->problems);
	u->nproblems = 1;
	u->problems[0].kind = xdup("self_reported");
	u->problems[0].task = xdup("2");
	u->problems[0].text = xdup("说明\\“不足”\n\x01");
	u = &r->units[1];
	u->name = xdup("财政局");
	u->group = xdup("机关");
	u->lagging = true;
	u->problems = calloc(1, sizeof(hz_problem));
	assert_non_null(u->problems);
	u->nproblems = 1;
	u->problems[0].kind = xdup("not_submitted");
	u->problems[0].text = xdup("未报送");

	r->rejected = calloc(1, sizeof(hz_file_note));
	assert_non_null(r->rejected);
	r->nrejected = 1;
	r->rejected[0].file = xdup("submissions/\xff\xfe.doc");   /* not UTF-8 */
	r->rejected[0].text = xdup("旧版格式 / legacy format");
	r->warnings = calloc(1, sizeof(hz_file_note));
	assert_non_null(r->warnings);
	r->nwarnings = 1;
	r->warnings[0].file = xdup("submissions/a\tb.xlsx");
	r->warnings[0].kind = xdup("unknown_status");
	r->warnings[0].text = xdup("待定");
	r->n_submitted = 1;
	r->n_on_time = 1;
	r->n_lagging = 1;
	r->average_percent = 87.5;
}

static const char golden[] =
	"{\n"
	"  \"campaign\": {\"title\": \"2022年度\\\"汇总\\\"\", \"issuer\": \"工委\", \"as_of\": \"2022-10-31\", "
	"\"deadline\": \"2022-10-30\", \"rectify_by\": null, \"timezone\": \"+08:00\"},\n"
	"  \"summary\": {\"units\": 2, \"submitted\": 1, \"on_time\": 1, \"late\": 0, \"lagging\": 1, "
	"\"average_percent\": 87.5},\n"
	"  \"checklist\": [\n"
	"    {\"id\": \"1\", \"category\": \"讲政治\", \"title\": \"理论学习\", \"max\": 33.333333333333336, "
	"\"min_count\": 2, \"keywords\": []},\n"
	"    {\"id\": \"2\", \"category\": \"讲政治\", \"title\": \"组织生活\", \"max\": 66.66666666666667, "
	"\"min_count\": null, \"keywords\": [\"三会一课\"]}\n"
	"  ],\n"
	"  \"units\": [\n"
	"    {\"name\": \"审计局\", \"group\": \"\", \"submitted\": true, \"file\": \"submissions/a\\tb.xlsx\", "
	"\"date\": \"2022-10-28\",\n"
	"     \"late\": false, \"narrative\": false, \"score\": 87.5, \"percent\": 0.30000000000000004, "
	"\"completion\": 0.5, \"rank\": 1, \"grade\": \"良好\", \"lagging\": false,\n"
	"     \"categories\": [{\"name\": \"讲政治\", \"score\": 87.5, \"max\": 100}],\n"
	"     \"tasks\": [\n"
	"      {\"id\": \"1\", \"status\": \"done\", \"score\": 20.8333, \"count\": 2},\n"
	"      {\"id\": \"2\", \"status\": \"partial\", \"score\": 0, \"count\": null}\n"
	"     ],\n"
	"     \"rectification\": null,\n"
	"     \"problems\": [\n"
	"      {\"kind\": \"self_reported\", \"task\": \"2\", \"text\": \"说明\\\\“不足”\\n\\u0001\"}\n"
	"     ],\n"
	"     \"review\": null, \"final\": null, \"overrated\": null},\n"
	"    {\"name\": \"财政局\", \"group\": \"机关\", \"submitted\": false, \"file\": null, \"date\": null,\n"
	"     \"late\": false, \"narrative\": false, \"score\": null, \"percent\": null, \"completion\": null, "
	"\"rank\": null, \"grade\": null, \"lagging\": true,\n"
	"     \"categories\": [],\n"
	"     \"tasks\": [],\n"
	"     \"rectification\": null,\n"
	"     \"problems\": [\n"
	"      {\"kind\": \"not_submitted\", \"task\": null, \"text\": \"未报送\"}\n"
	"     ],\n"
	"     \"review\": null, \"final\": null, \"overrated\": null}\n"
	"  ],\n"
	"  \"rejected\": [\n"
	"    {\"file\": \"submissions/\xEF\xBF\xBD\xEF\xBF\xBD.doc\", \"reason\": \"旧版格式 / legacy format\"}\n"
	"  ],\n"
	"  \"superseded\": [],\n"
	"  \"unknown_units\": [],\n"
	"  \"warnings\": [\n"
	"    {\"file\": \"submissions/a\\tb.xlsx\", \"kind\": \"unknown_status\", \"text\": \"待定\"}\n"
	"  ]\n"
	"}\n";

/* SPEC 7.2: the round's object per unit (task ids in checklist order,
 * null figures without a form) and the summary after "summary". */
static void rectification_keys(void **state)
{
	hz_results r;
	hz_error err;
	char path[128];
	char *got;
	hz_rectification *rc;
	(void)state;
	small_results(&r);
	r.has_rectification = true;
	r.rectification_summary = (hz_rectification_summary){1, 1, 0, 2, 1, 1};
	rc = calloc(1, sizeof(*rc));
	assert_non_null(rc);
	rc->tasks = calloc(2, sizeof(size_t));
	rc->closed = calloc(2, sizeof(bool));
	assert_non_null(rc->tasks);
	assert_non_null(rc->closed);
	rc->tasks[0] = 0;
	rc->tasks[1] = 1;
	rc->closed[1] = true;
	rc->ntasks = 2;
	rc->file = xdup("rectifications/财政局.xlsx");
	memcpy(rc->date, "2022-12-01", 11);
	rc->late = true;
	rc->has_form = true;
	rc->percent = 66.67;
	rc->grade = r.settings.grades[1].name;
	r.units[1].rectification = rc;
	snprintf(path, sizeof(path), "%s/results.json", dir);
	hz_error_clear(&err);
	assert_int_equal(hz_results_json_write(&r, path, &err), HZ_OK);
	got = test_slurp(path, NULL);
	assert_non_null(strstr(got, "\"average_percent\": 87.5},\n  \"rectification_summary\": {\"units\": 1, \"sent\": 1, "
				    "\"reached\": 0, \"tasks\": 2, \"closed\": 1, \"open\": 1},\n  \"checklist\""));
	assert_non_null(strstr(got, "\"rectification\": {\"file\": \"rectifications/财政局.xlsx\", \"date\": \"2022-12-01\", "
				    "\"late\": true,\n      \"to_rectify\": [\"1\", \"2\"], \"closed\": [\"2\"], \"open\": [\"1\"],\n"
				    "      \"percent\": 66.67, \"grade\": "));
	assert_non_null(strstr(got, "\"reached\": false},\n     \"problems\""));
	assert_non_null(strstr(got, "\"rectification\": null,\n     \"problems\""));
	/* without a form: file, date, percent and grade null */
	free(got);
	rc->has_form = false;
	rc->late = false;
	assert_int_equal(hz_results_json_write(&r, path, &err), HZ_OK);
	got = test_slurp(path, NULL);
	assert_non_null(strstr(got, "\"rectification\": {\"file\": null, \"date\": null, \"late\": false,"));
	assert_non_null(strstr(got, "\"percent\": null, \"grade\": null, \"reached\": false}"));
	free(got);
	hz_results_release(&r);
}

static void golden_bytes(void **state)
{
	hz_results r;
	hz_error err;
	char path[128];
	char *got;
	(void)state;
	small_results(&r);
	snprintf(path, sizeof(path), "%s/results.json", dir);
	hz_error_clear(&err);
	assert_int_equal(hz_results_json_write(&r, path, &err), HZ_OK);
	got = test_slurp(path, NULL);
	if (strcmp(got, golden) != 0) {
		fprintf(stderr, "--- got\n%s--- want\n%s", got, golden);
		fail();
	}
	free(got);
	/* the same results give the same bytes, and no temporary file stays */
	assert_int_equal(hz_results_json_write(&r, path, &err), HZ_OK);
	got = test_slurp(path, NULL);
	assert_string_equal(got, golden);
	free(got);
	{
		DIR *d = opendir(dir);
		struct dirent *e;
		int n = 0;
		assert_non_null(d);
		while ((e = readdir(d)) != NULL)
			n += e->d_name[0] != '.';
		closedir(d);
		assert_int_equal(n, 1);
	}
	hz_results_release(&r);
}

static void write_fails_cleanly(void **state)
{
	hz_results r;
	hz_error err;
	(void)state;
	small_results(&r);
	hz_error_clear(&err);
	assert_int_equal(hz_results_json_write(&r, "/nonexistent-dir/results.json", &err), HZ_E_WRITE);
	assert_true(err.detail[0] != '\0');
	hz_results_release(&r);
}

/* Strings as JSON whatever their bytes: escapes, overlong forms,
 * surrogates, truncated sequences and stray continuation bytes. */
static void json_strings(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{"a\"b\\c\n\t\r\x01", "\"a\\\"b\\\\c\\n\\t\\r\\u0001\""},
		{"\xE4\xB8\xAD\xF0\x9F\x98\x80", "\"\xE4\xB8\xAD\xF0\x9F\x98\x80\""},
		{"\xC0\xAF", "\"\xEF\xBF\xBD\xEF\xBF\xBD\""},             /* overlong '/' */
		{"\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""}, /* a surrogate */
		{"\xE4\xB8", "\"\xEF\xBF\xBD\xEF\xBF\xBD\""},              /* cut short */
		{"\x80x", "\"\xEF\xBF\xBDx\""},
		/* runs of plain text between escapes */
		{"ab\xE4\xB8\xAD" "c\"d\x7F\x80" "ef", "\"ab\xE4\xB8\xAD" "c\\\"d\x7F\xEF\xBF\xBD" "ef\""},
		{NULL, "\"\""},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *o = open_memstream(&buf, &len);
		assert_non_null(o);
		hz_json_put_string(o, cases[i].in);
		fclose(o);
		assert_string_equal(buf, cases[i].want);
		free(buf);
	}
}

static void previous_round_trip(void **state)
{
	hz_results r;
	hz_error err;
	hz_previous p;
	char path[128];
	(void)state;
	small_results(&r);
	r.units[0].percent = 87.5;
	snprintf(path, sizeof(path), "%s/results.json", dir);
	hz_error_clear(&err);
	assert_int_equal(hz_results_json_write(&r, path, &err), HZ_OK);
	hz_previous_read(&p, path);
	assert_true(p.present);
	assert_string_equal(p.as_of, "2022-10-31");
	assert_int_equal(p.submitted, 1);
	assert_true(p.average == 87.5);
	hz_results_release(&r);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void previous_best_effort(void **state)
{
	hz_previous p;
	char path[128];
	static const char *bad[] = {
		"",
		"{",
		"[1, 2]",
		"{\"units\": [{\"submitted\": true, \"percent\": 50}]",
		"{\"units\": [{\"submitted\": tru}]}",
		"{\"units\": \"x\"} trailing",
		"{\"a\": \"\\q\"}",
		"{\"a\": \"unterminated}",
	};
	(void)state;
	snprintf(path, sizeof(path), "%s/prev.json", dir);
	hz_previous_read(&p, "/nonexistent/results.json");
	assert_false(p.present);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_file(path, bad[i]);
		hz_previous_read(&p, path);
		if (p.present)
			fail_msg("'%s' was taken as a results.json", bad[i]);
	}
	/* deep nesting is refused, not recursed into */
	{
		char deep[4096];
		size_t n = 0;
		n += (size_t)snprintf(deep, sizeof(deep), "{\"x\": ");
		for (int i = 0; i < 1000; i++)
			deep[n++] = '[';
		for (int i = 0; i < 1000; i++)
			deep[n++] = ']';
		deep[n++] = '}';
		deep[n] = '\0';
		write_file(path, deep);
		hz_previous_read(&p, path);
		assert_false(p.present);
	}
	/* someone else's layout with extra keys and escapes still gives the figures */
	write_file(path, "\xEF\xBB\xBF{\"x\": [1, -2.5e3, null, false, {\"y\": \"\\u4e2d\\\"\"}],\n"
			 " \"campaign\": {\"as_of\": \"2023-01-05\"},\n"
			 " \"units\": [{\"percent\": 80, \"submitted\": true}, {\"submitted\": false, \"percent\": null},\n"
			 "            {\"submitted\": true, \"percent\": 70.25}]}\n");
	hz_previous_read(&p, path);
	assert_true(p.present);
	assert_string_equal(p.as_of, "2023-01-05");
	assert_int_equal(p.submitted, 2);
	assert_true(p.average == 75.13);

	/* figures that are not figures: an as_of that is not a date (its bytes
	 * would reach the report), a percent that overflows to infinity */
	write_file(path, "{\"campaign\": {\"as_of\": \"\xFF\xFE" "GHI-\\u0001-\\nX\"},\n"
			 " \"units\": [{\"percent\": 80, \"submitted\": true}]}\n");
	hz_previous_read(&p, path);
	assert_true(p.present);
	assert_string_equal(p.as_of, "");
	assert_true(p.average == 80);
	write_file(path, "{\"units\": [{\"percent\": 1e999, \"submitted\": true}]}");
	hz_previous_read(&p, path);
	assert_false(p.present);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_bytes),
		cmocka_unit_test(rectification_keys),
		cmocka_unit_test(write_fails_cleanly),
		cmocka_unit_test(json_strings),
		cmocka_unit_test(previous_round_trip),
		cmocka_unit_test(previous_best_effort),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
