/* Judging (SPEC §2, 5.3–5.8, 5.10, 5.14) on hand-built forms: unit
 * matching, superseded versions, dates, rows → tasks, scores, rounding,
 * ranks, grades, lagging, narrative reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/judge.h"
#include "judge/judge_match.h"

static normalizer *N;

static char *xdup(const char *s)
{
	char *d = strdup(s);
	assert_non_null(d);
	return d;
}

/* Settings as settings.c's defaults would make them, all on the heap so
 * hz_results_release frees them like real ones. */
static void setup_results(hz_results *r)
{
	static const struct {
		const char *name;
		double thr;
	} g[] = {{"优秀", 90}, {"良好", 80}, {"合格", 60}, {"不合格", 0}};
	hz_results_init(r);
	r->settings.title = xdup("汇总");
	r->settings.issuer = xdup("");
	memcpy(r->settings.as_of, "2022-10-31", 11);
	memcpy(r->settings.deadline, "2022-10-30", 11);
	r->settings.tz_minutes = 480;
	r->settings.frac_done = 1.0;
	r->settings.frac_partial = 0.5;
	r->settings.frac_not_started = 0.0;
	r->settings.grades = calloc(4, sizeof(hz_grade));
	assert_non_null(r->settings.grades);
	for (size_t i = 0; i < 4; i++) {
		r->settings.grades[i].name = xdup(g[i].name);
		r->settings.grades[i].threshold = g[i].thr;
	}
	r->settings.ngrades = 4;
	r->settings.lagging_below = xdup("合格");
}

static void add_task(hz_results *r, const char *id, const char *cat, const char *title, double max, int min)
{
	hz_task *t;
	int seen = 0;
	r->tasks = realloc(r->tasks, (r->ntasks + 1) * sizeof(*r->tasks));
	assert_non_null(r->tasks);
	t = &r->tasks[r->ntasks++];
	memset(t, 0, sizeof(*t));
	t->id = xdup(id);
	t->category = xdup(cat);
	t->title = xdup(title);
	t->requirement = xdup("");
	t->max = max;
	t->min_count = min;
	for (size_t i = 0; i < r->ncategories; i++)
		seen |= strcmp(r->categories[i], cat) == 0;
	if (!seen) {
		r->categories = realloc(r->categories, (r->ncategories + 1) * sizeof(char *));
		assert_non_null(r->categories);
		r->categories[r->ncategories++] = xdup(cat);
	}
}

static void add_keyword(hz_results *r, size_t task, const char *kw)
{
	hz_task *t = &r->tasks[task];
	t->keywords = realloc(t->keywords, (t->nkeywords + 1) * sizeof(char *));
	assert_non_null(t->keywords);
	t->keywords[t->nkeywords++] = xdup(kw);
}

/* aliases: NULL-terminated */
static void add_unit(hz_results *r, const char *name, ...)
{
	hz_unit *u;
	va_list ap;
	const char *a;
	r->units = realloc(r->units, (r->nunits + 1) * sizeof(*r->units));
	assert_non_null(r->units);
	u = &r->units[r->nunits++];
	memset(u, 0, sizeof(*u));
	u->name = xdup(name);
	u->group = xdup("");
	va_start(ap, name);
	while ((a = va_arg(ap, const char *)) != NULL) {
		u->aliases = realloc(u->aliases, (u->naliases + 1) * sizeof(char *));
		assert_non_null(u->aliases);
		u->aliases[u->naliases++] = xdup(a);
	}
	va_end(ap);
}

/* Forms use string literals: judge only reads them. */
static hz_form form(const char *file, const char *unit_text)
{
	hz_form f;
	memset(&f, 0, sizeof(f));
	f.file = (char *)file;
	f.kind = HZ_FORM_TABLE;
	f.unit_text = (char *)unit_text;
	f.has_date = true;
	f.year = 2022;
	f.month = 10;
	f.day = 28;
	f.mtime = 1666000000;
	return f;
}

static hz_form_row row(const char *ref, const char *title, const char *status, const char *self, const char *count)
{
	hz_form_row w;
	memset(&w, 0, sizeof(w));
	w.ref = (char *)ref;
	w.title = (char *)title;
	w.title_key = (char *)title;
	w.status = (char *)status;
	w.status_raw = (char *)status;
	w.self_score = (char *)(self ? self : "");
	w.count = (char *)(count ? count : "");
	w.problems = (char *)"";
	return w;
}

static void judge_ok(hz_results *r, const hz_form *forms, size_t n)
{
	hz_error err;
	hz_error_clear(&err);
	if (hz_judge(r, forms, n, N, &err) != HZ_OK)
		fail_msg("hz_judge: %s", err.detail);
}

/* A warning of this kind; with a task id, one whose text names that task. */
static const hz_file_note *find_warning(const hz_results *r, const char *kind, const char *task)
{
	char prefix[64];
	snprintf(prefix, sizeof(prefix), "任务%s：", task ? task : "");
	for (size_t i = 0; i < r->nwarnings; i++)
		if (strcmp(r->warnings[i].kind, kind) == 0 &&
		    (!task || strncmp(r->warnings[i].text, prefix, strlen(prefix)) == 0))
			return &r->warnings[i];
	return NULL;
}

static int has_problem(const hz_unit *u, const char *kind, const char *task)
{
	for (size_t i = 0; i < u->nproblems; i++)
		if (strcmp(u->problems[i].kind, kind) == 0 &&
		    (!task || (u->problems[i].task && strcmp(u->problems[i].task, task) == 0)))
			return 1;
	return 0;
}

/* A roster and a one-task checklist for the unit-matching tests. */
static void roster(hz_results *r)
{
	setup_results(r);
	add_task(r, "1", "讲政治", "理论学习", 100, 0);
	add_unit(r, "某某区审计局", "审计局", NULL);          /* 0 */
	add_unit(r, "某某区财政局", NULL);                    /* 1 */
	add_unit(r, "某某区统计局", "区统计", NULL);          /* 2 */
	add_unit(r, "某某区财政局机关党支部", NULL);          /* 3 */
}

static size_t unit_of(const hz_results *r, const char *file)
{
	for (size_t i = 0; i < r->nunits; i++)
		if (r->units[i].file && strcmp(r->units[i].file, file) == 0)
			return i;
	return SIZE_MAX;
}

static int is_unknown(const hz_results *r, const char *file, const char *text)
{
	for (size_t i = 0; i < r->nunknown_units; i++)
		if (strcmp(r->unknown_units[i].file, file) == 0)
			return !text || strcmp(r->unknown_units[i].text, text) == 0;
	return 0;
}

static void unit_exact_alias_contains(void **state)
{
	hz_results r;
	hz_form f[6];
	(void)state;
	roster(&r);
	f[0] = form("submissions/a.xlsx", "某某区 审计局");        /* exact (white space ignored) */
	f[1] = form("submissions/b.xlsx", "区统计");               /* exact alias */
	f[2] = form("submissions/c.xlsx", "中共某某区财政局机关党支部委员会"); /* contains two units' names */
	f[3] = form("submissions/d.xlsx", "區統計");              /* Traditional, normalised to the alias */
	f[4] = form("submissions/e.xlsx", "财政局机关党支部");    /* contained in one name only */
	f[5] = form("submissions/f.xlsx", "中共某某区统计局党组"); /* contains one name (and its alias) */
	judge_ok(&r, f, 6);
	assert_int_equal(unit_of(&r, "submissions/a.xlsx"), 0);
	/* b and d both name unit 2: the later path wins (same date, same mtime) */
	assert_int_equal(unit_of(&r, "submissions/f.xlsx"), 2);
	assert_int_equal(r.nsuperseded, 2);
	/* c contains 某某区财政局 and 某某区财政局机关党支部: two units, no match, and
	 * its file name names nobody */
	assert_true(is_unknown(&r, "submissions/c.xlsx", "中共某某区财政局机关党支部委员会"));
	assert_int_equal(unit_of(&r, "submissions/e.xlsx"), 3);
	hz_results_release(&r);
}

static void unit_ambiguous_then_file_name(void **state)
{
	hz_results r;
	hz_form f[5];
	(void)state;
	roster(&r);
	/* 局 is contained in every name: ambiguous, so the file name decides */
	f[0] = form("submissions/某某区审计局自查表.xlsx", "局");
	/* no label at all: file name; the longest key wins (财政局机关党支部 over 财政局) */
	f[1] = form("submissions/sub/某某区财政局机关党支部.xlsx", NULL);
	/* two keys of equal length (审计局 alias vs 区统计 alias, 3 characters each): unknown */
	f[2] = form("submissions/审计局与区统计.xlsx", NULL);
	/* a 填报单位 value naming nobody falls back to the file name */
	f[3] = form("submissions/某某区财政局.xlsx", "某某市教育局");
	/* names nobody and the file name neither: unknown, text = the value */
	f[4] = form("submissions/x.xlsx", "某某市教育局");
	judge_ok(&r, f, 5);
	assert_int_equal(unit_of(&r, "submissions/某某区审计局自查表.xlsx"), 0);
	assert_int_equal(unit_of(&r, "submissions/sub/某某区财政局机关党支部.xlsx"), 3);
	assert_true(is_unknown(&r, "submissions/审计局与区统计.xlsx", "审计局与区统计.xlsx"));
	assert_int_equal(unit_of(&r, "submissions/某某区财政局.xlsx"), 1);
	assert_true(is_unknown(&r, "submissions/x.xlsx", "某某市教育局"));
	assert_int_equal(r.nunknown_units, 2);
	hz_results_release(&r);
}

/* Texts contained in roster names, found through the pairs of characters
 * they share with the names (one character: every name is read). */
static void unit_contained_in_names(void **state)
{
	static const struct {
		const char *text;
		size_t unit;
	} cases[] = {
		{"统计", 2},          /* in 某某区统计局 and its alias 区统计: one unit */
		{"审计", 0},          /* name and alias of one unit */
		{"财政", HZ_NO_MATCH}, /* in 某某区财政局 and 某某区财政局机关党支部 */
		{"区财", HZ_NO_MATCH},
		{"政局机", 3},
		{"党支", 3},
		{"支部", 3},
		{"局", HZ_NO_MATCH},   /* one character, in every name */
		{"审", 0},
		{"統計局", 2},        /* Traditional: normalised first */
		{"計局", HZ_NO_MATCH}, /* 计局: in 审计局 and 统计局 */
		{"教育", HZ_NO_MATCH}, /* in no name */
	};
	hz_results r;
	normalizer *n = NULL;
	hz_matcher *m = NULL;
	hz_error err;
	(void)state;
	roster(&r);
	assert_int_equal(normalizer_new(&n, &err), HZ_OK);
	assert_int_equal(hz_matcher_new(&m, &r, n), HZ_OK);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hz_code rc = HZ_OK;
		size_t u = hz_match_unit(m, cases[i].text, &rc);
		assert_int_equal(rc, HZ_OK);
		if (u != cases[i].unit)
			fail_msg("%s: unit %zu, want %zu", cases[i].text, u, cases[i].unit);
	}
	hz_matcher_free(m);
	normalizer_free(n);
	hz_results_release(&r);
}

static void superseded_order(void **state)
{
	hz_results r;
	hz_form f[7];
	(void)state;
	roster(&r);
	/* unit 0: the latest written date wins, though its path is smallest */
	f[0] = form("submissions/a1.xlsx", "某某区审计局");
	f[0].day = 29;
	f[1] = form("submissions/a2.xlsx", "某某区审计局");
	f[1].mtime += 99999;
	/* unit 1: same date; the later timestamp (core.xml modified over mtime) wins */
	f[2] = form("submissions/b1.xlsx", "某某区财政局");
	f[2].has_modified = true;
	f[2].modified = 1666000100;
	f[2].mtime = 1;
	f[3] = form("submissions/b2.xlsx", "某某区财政局");
	f[3].has_modified = true;
	f[3].modified = 1666000050;
	f[3].mtime = 1999999999;
	/* unit 2: same date and timestamp: the greater path (byte order) wins */
	f[4] = form("submissions/c/Z.xlsx", "某某区统计局");
	f[5] = form("submissions/c/a.xlsx", "某某区统计局");
	f[6] = form("submissions/c/B.xlsx", "某某区统计局");
	judge_ok(&r, f, 7);
	assert_string_equal(r.units[0].file, "submissions/a1.xlsx");
	assert_string_equal(r.units[0].date, "2022-10-29");
	assert_string_equal(r.units[1].file, "submissions/b1.xlsx");
	assert_string_equal(r.units[2].file, "submissions/c/a.xlsx");
	assert_int_equal(r.nsuperseded, 4);
	assert_string_equal(r.superseded[0].file, "submissions/a2.xlsx");
	assert_string_equal(r.superseded[0].by, "submissions/a1.xlsx");
	assert_string_equal(r.superseded[0].unit, "某某区审计局");
	assert_string_equal(r.superseded[1].file, "submissions/b2.xlsx");
	assert_string_equal(r.superseded[2].file, "submissions/c/B.xlsx");
	assert_string_equal(r.superseded[3].file, "submissions/c/Z.xlsx");
	assert_string_equal(r.superseded[3].by, "submissions/c/a.xlsx");
	assert_false(r.units[3].submitted);
	hz_results_release(&r);
}

static void warnings_only_for_winner(void **state)
{
	hz_results r;
	hz_form f[2];
	hz_form_row lose[1], win[1];
	(void)state;
	roster(&r);
	lose[0] = row("1", "理论学习", "待定", NULL, NULL);
	win[0] = row("1", "理论学习", "已完成", NULL, NULL);
	f[0] = form("submissions/a.xlsx", "某某区审计局");
	f[0].rows = lose;
	f[0].nrows = 1;
	f[1] = form("submissions/b.xlsx", "某某区审计局");
	f[1].rows = win;
	f[1].nrows = 1;
	f[1].day = 29;
	judge_ok(&r, f, 2);
	assert_int_equal(r.nwarnings, 0);
	assert_int_equal(r.units[0].tasks[0].status, HZ_ST_DONE);
	hz_results_release(&r);
}

static void timezone_day_boundary(void **state)
{
	hz_results r;
	hz_form f[3];
	(void)state;
	roster(&r);
	/* 2022-10-30T16:30:00Z is 2022-10-31 00:30 at +08:00: late */
	f[0] = form("submissions/a.xlsx", "某某区审计局");
	f[0].has_date = false;
	f[0].has_modified = true;
	f[0].modified = 1667147400;
	/* 2022-10-30T15:30:00Z is 23:30 on the deadline: on time */
	f[1] = form("submissions/b.xlsx", "某某区财政局");
	f[1].has_date = false;
	f[1].mtime = 1667143800;
	/* a written date beats both */
	f[2] = form("submissions/c.xlsx", "某某区统计局");
	f[2].day = 30;
	f[2].has_modified = true;
	f[2].modified = 1667147400;
	judge_ok(&r, f, 3);
	assert_string_equal(r.units[0].date, "2022-10-31");
	assert_true(r.units[0].late);
	assert_true(r.units[0].lagging);
	assert_true(has_problem(&r.units[0], "late", NULL));
	assert_string_equal(r.units[1].date, "2022-10-30");
	assert_false(r.units[1].late);
	assert_string_equal(r.units[2].date, "2022-10-30");
	assert_false(r.units[2].late);
	assert_int_equal(r.n_late, 1);
	assert_int_equal(r.n_on_time, 2);
	hz_results_release(&r);
}

/* Rows → tasks: ref, exact title, Dice ≥ 0.6 with a unique best. */
static void row_matching(void **state)
{
	hz_results r;
	hz_form f;
	hz_form_row rows[6];
	(void)state;
	setup_results(&r);
	add_task(&r, "1", "甲", "甲乙丙丁戊己庚辛", 10, 0);
	add_task(&r, "2", "甲", "子丑寅卯辰巳午未", 10, 0);
	add_task(&r, "3", "甲", "天地玄黄宇宙洪荒", 10, 0);
	add_task(&r, "4", "甲", "日月盈昃辰宿列张", 10, 0);
	add_task(&r, "5", "甲", "寒来暑往秋收冬藏", 10, 0);
	add_unit(&r, "某某局", NULL);
	/* 4 bigrams of 14: 2·3/(7+3) = 0.6 exactly, with the ， removed */
	rows[0] = row("", "甲乙，丙丁", "已完成", NULL, NULL);
	/* 2·3/(7+4) < 0.6: unmatched, task 2 stays missing */
	rows[1] = row("", "子丑寅卯X", "已完成", NULL, NULL);
	/* the ref wins over a title that names another task */
	rows[2] = row("3", "日月盈昃辰宿列张", "已完成", NULL, NULL);
	/* exact title */
	rows[3] = row("99", "日月盈昃辰宿列张", "推进中", NULL, NULL);
	/* a second row for task 1: ignored */
	rows[4] = row("1", "", "未开展", NULL, NULL);
	/* 2·3/(7+3) again, to task 5 */
	rows[5] = row("", "寒来暑往", "已完成", NULL, NULL);
	f = form("submissions/a.xlsx", "某某局");
	f.rows = rows;
	f.nrows = 6;
	judge_ok(&r, &f, 1);
	assert_int_equal(r.units[0].tasks[0].status, HZ_ST_DONE);
	assert_int_equal(r.units[0].tasks[1].status, HZ_ST_MISSING);
	assert_int_equal(r.units[0].tasks[2].status, HZ_ST_DONE);
	assert_int_equal(r.units[0].tasks[3].status, HZ_ST_PARTIAL);
	assert_int_equal(r.units[0].tasks[4].status, HZ_ST_DONE);
	assert_non_null(find_warning(&r, "unmatched_row", NULL));
	assert_string_equal(find_warning(&r, "unmatched_row", NULL)->text, "子丑寅卯X");
	assert_non_null(find_warning(&r, "duplicate_row", "1"));
	assert_true(has_problem(&r.units[0], "missing", "2"));
	assert_true(has_problem(&r.units[0], "partial", "4"));
	hz_results_release(&r);
}

static void dice_tie_is_unmatched(void **state)
{
	hz_results r;
	hz_form f;
	hz_form_row rows[1];
	(void)state;
	setup_results(&r);
	add_task(&r, "1", "甲", "甲乙丙丁戊己庚辛", 50, 0);
	add_task(&r, "2", "甲", "甲乙丙丁子丑寅卯", 50, 0);
	add_unit(&r, "某某局", NULL);
	rows[0] = row("", "甲乙丙丁", "已完成", NULL, NULL); /* 0.6 to both */
	f = form("submissions/a.xlsx", "某某局");
	f.rows = rows;
	f.nrows = 1;
	judge_ok(&r, &f, 1);
	assert_int_equal(r.units[0].tasks[0].status, HZ_ST_MISSING);
	assert_int_equal(r.units[0].tasks[1].status, HZ_ST_MISSING);
	assert_non_null(find_warning(&r, "unmatched_row", NULL));
	assert_true(r.units[0].percent == 0.0);
	hz_results_release(&r);
}

static void scores_and_statuses(void **state)
{
	hz_results r;
	hz_form f;
	hz_form_row rows[10];
	hz_unit *u;
	(void)state;
	setup_results(&r);
	add_task(&r, "1", "甲", "一号任务", 10, 0);
	add_task(&r, "2", "甲", "二号任务", 10, 0);
	add_task(&r, "3", "乙", "三号任务", 10, 0);
	add_task(&r, "4", "乙", "四号任务", 10, 0);
	add_task(&r, "5", "乙", "五号任务", 10, 2);
	add_task(&r, "6", "乙", "六号任务", 10, 2);
	add_task(&r, "7", "丙", "七号任务", 10, 2);
	add_task(&r, "8", "丙", "八号任务", 10, 0);
	add_task(&r, "9", "丙", "九号任务", 10, 0);
	add_task(&r, "10", "丙", "十号任务", 10, 12);
	add_unit(&r, "某某局", NULL);
	rows[0] = row("1", "", "已完成", "12", NULL);       /* clamped to 10 */
	rows[1] = row("2", "", "推进中", "-1", NULL);       /* clamped to 0 */
	rows[2] = row("3", "", "是", "见附件", NULL);       /* bad number: done fraction, 10 */
	rows[3] = row("4", "", "", "8", NULL);              /* score without status: 0 */
	rows[4] = row("5", "", "已完成", "9", "一次");       /* count short on done: partial, capped at 5 */
	rows[5] = row("6", "", "推进中", "4", "");          /* not done: count not checked, 4 */
	rows[6] = row("7", "", "已完成", NULL, "两次");      /* count met: 10 */
	rows[7] = row("8", "", "待定", "6", NULL);          /* unknown status: missing, 0 */
	rows[8] = row("9", "", "未开展", NULL, NULL);       /* 0 */
	rows[9] = row("10", "", "已完成", "8.5分", NULL);  /* no count at all: partial, min(8.5, 5) */
	rows[8].problems = (char *)"学习不够深入";
	f = form("submissions/a.xlsx", "某某局");
	f.rows = rows;
	f.nrows = 10;
	judge_ok(&r, &f, 1);
	u = &r.units[0];
	assert_true(u->tasks[0].score == 10.0);
	assert_non_null(find_warning(&r, "score_out_of_range", "1"));
	assert_true(u->tasks[1].score == 0.0);
	assert_int_equal(u->tasks[1].status, HZ_ST_PARTIAL);
	assert_non_null(find_warning(&r, "score_out_of_range", "2"));
	assert_true(u->tasks[2].score == 10.0);
	assert_non_null(find_warning(&r, "bad_number", "3"));
	assert_true(u->tasks[3].score == 0.0);
	assert_int_equal(u->tasks[3].status, HZ_ST_MISSING);
	assert_non_null(find_warning(&r, "score_without_status", "4"));
	assert_int_equal(u->tasks[4].status, HZ_ST_PARTIAL);
	assert_true(u->tasks[4].score == 5.0);
	assert_true(u->tasks[4].has_count && u->tasks[4].count == 1.0);
	assert_true(has_problem(u, "count_short", "5"));
	assert_int_equal(u->tasks[5].status, HZ_ST_PARTIAL);
	assert_true(u->tasks[5].score == 4.0);
	assert_false(u->tasks[5].has_count);
	assert_false(has_problem(u, "count_short", "6"));
	assert_int_equal(u->tasks[6].status, HZ_ST_DONE);
	assert_true(u->tasks[6].score == 10.0);
	assert_true(u->tasks[6].count == 2.0);
	assert_int_equal(u->tasks[7].status, HZ_ST_MISSING);
	assert_true(u->tasks[7].score == 0.0);
	assert_non_null(find_warning(&r, "unknown_status", "8"));
	assert_non_null(find_warning(&r, "score_without_status", "8"));
	assert_int_equal(u->tasks[8].status, HZ_ST_NOT_STARTED);
	assert_true(has_problem(u, "not_started", "9"));
	assert_true(has_problem(u, "self_reported", "9"));
	assert_int_equal(u->tasks[9].status, HZ_ST_PARTIAL);
	assert_true(u->tasks[9].score == 5.0);
	assert_true(has_problem(u, "count_short", "10"));
	for (size_t i = 0; i < u->nproblems; i++)
		if (strcmp(u->problems[i].kind, "count_short") == 0 && strcmp(u->problems[i].task, "5") == 0)
			assert_string_equal(u->problems[i].text, "完成1次，要求至少2次");
	/* 10+0+10+0+5+4+10+0+0+5 = 44 of 100 */
	assert_true(u->score == 44.0);
	assert_true(u->percent == 44.0);
	assert_int_equal(u->n_done, 3);
	assert_true(u->completion == 0.3);
	assert_int_equal(u->ncategories, 3);
	assert_string_equal(u->categories[0].name, "甲");
	assert_true(u->categories[0].score == 10.0 && u->categories[0].max == 20.0);
	assert_true(u->categories[1].score == 19.0 && u->categories[1].max == 40.0);
	assert_true(u->categories[2].score == 15.0 && u->categories[2].max == 40.0);
	assert_string_equal(u->grade, "不合格");
	assert_true(u->lagging);
	assert_int_equal(u->rank, 1);
	assert_true(has_problem(u, "warning", "8"));
	hz_results_release(&r);
}

/* Fractions from [scoring]; a self score beats the fraction. */
static void scoring_fractions(void **state)
{
	hz_results r;
	hz_form f;
	hz_form_row rows[3];
	(void)state;
	setup_results(&r);
	r.settings.frac_partial = 0.6;
	r.settings.frac_not_started = 0.1;
	add_task(&r, "1", "甲", "一号任务", 10, 0);
	add_task(&r, "2", "甲", "二号任务", 10, 0);
	add_task(&r, "3", "甲", "三号任务", 20, 0);
	add_unit(&r, "某某局", NULL);
	rows[0] = row("1", "", "推进中", NULL, NULL);
	rows[1] = row("2", "", "未开展", NULL, NULL);
	rows[2] = row("3", "", "推进中", "7.5", NULL);
	f = form("submissions/a.xlsx", "某某局");
	f.rows = rows;
	f.nrows = 3;
	judge_ok(&r, &f, 1);
	assert_true(r.units[0].tasks[0].score == 6.0);
	assert_true(r.units[0].tasks[1].score == 1.0);
	assert_true(r.units[0].tasks[2].score == 7.5);
	assert_true(r.units[0].percent == 36.25);
	hz_results_release(&r);
}

/* Units with given scores on one 100-point task each, for ranks and grades. */
static void scored_units(hz_results *r, const char *const *scores, size_t n, hz_form *f, hz_form_row *rows)
{
	static const char *names[] = {"甲局", "乙局", "丙局", "丁局", "戊局", "己局"};
	static const char *files[] = {"submissions/1.xlsx", "submissions/2.xlsx", "submissions/3.xlsx",
				      "submissions/4.xlsx", "submissions/5.xlsx", "submissions/6.xlsx"};
	setup_results(r);
	add_task(r, "1", "甲", "一号任务", 100, 0);
	for (size_t i = 0; i < 6; i++)
		add_unit(r, names[i], NULL);
	for (size_t i = 0; i < n; i++) {
		rows[i] = row("1", "", "已完成", scores[i], NULL);
		f[i] = form(files[i], names[i]);
		f[i].rows = &rows[i];
		f[i].nrows = 1;
	}
}

static void rounding_and_ranks(void **state)
{
	hz_results r;
	hz_form f[6];
	hz_form_row rows[6];
	static const char *const scores[] = {"70.125", "80", "90", "80", "70.13"};
	(void)state;
	scored_units(&r, scores, 5, f, rows);
	judge_ok(&r, f, 5);
	/* 70.125 → 70.13 (half away from zero after 9-decimal pre-rounding) */
	assert_true(r.units[0].percent == 70.13);
	/* 90: 1; the two 80s: 2 and 2 (roster order inside the tie); then 4, 4 */
	assert_int_equal(r.units[2].rank, 1);
	assert_int_equal(r.units[1].rank, 2);
	assert_int_equal(r.units[3].rank, 2);
	assert_int_equal(r.units[0].rank, 4);
	assert_int_equal(r.units[4].rank, 4);
	assert_int_equal(r.units[5].rank, 0);
	assert_false(r.units[5].submitted);
	assert_null(r.units[5].grade);
	assert_null(r.units[5].tasks);
	assert_true(r.units[5].lagging);
	assert_true(has_problem(&r.units[5], "not_submitted", NULL));
	assert_int_equal(r.n_submitted, 5);
	assert_int_equal(r.n_lagging, 1);
	/* (70.13+80+90+80+70.13)/5 = 78.052 */
	assert_true(r.average_percent == 78.05);
	hz_results_release(&r);
}

static void grade_edges(void **state)
{
	hz_results r;
	hz_form f[6];
	hz_form_row rows[6];
	static const char *const scores[] = {"90", "89.995", "89.994", "60", "59.99", "0"};
	(void)state;
	scored_units(&r, scores, 6, f, rows);
	r.settings.grades[3].threshold = 10; /* so that 0 is below every threshold */
	judge_ok(&r, f, 6);
	assert_string_equal(r.units[0].grade, "优秀");       /* exactly at the threshold */
	assert_string_equal(r.units[1].grade, "优秀");       /* 89.995 rounds to 90.00 */
	assert_string_equal(r.units[2].grade, "良好");       /* 89.99 */
	assert_string_equal(r.units[3].grade, "合格");
	assert_false(r.units[3].lagging);
	assert_string_equal(r.units[4].grade, "不合格");
	assert_true(r.units[4].lagging);
	assert_string_equal(r.units[5].grade, "不合格");     /* below every threshold: the last */
	assert_int_equal(r.units[0].rank, 1);
	assert_int_equal(r.units[1].rank, 1);
	hz_results_release(&r);
}

static void lagging_below_setting(void **state)
{
	hz_results r;
	hz_form f[2];
	hz_form_row rows[2];
	static const char *const scores[] = {"85", "95"};
	(void)state;
	scored_units(&r, scores, 2, f, rows);
	free(r.settings.lagging_below);
	r.settings.lagging_below = strdup("优秀");
	judge_ok(&r, f, 2);
	assert_true(r.units[0].lagging); /* 良好 is below 优秀 */
	assert_false(r.units[1].lagging);
	assert_int_equal(r.n_lagging, 5); /* and the four that did not submit */
	hz_results_release(&r);
}

static void narrative_report(void **state)
{
	hz_results r;
	hz_form f;
	char *paras[] = {(char *)"我单位高度重视理论学习工作。", (char *)"主题党日每月开展。"};
	(void)state;
	setup_results(&r);
	add_task(&r, "1", "甲", "理论 学习", 50, 0);
	add_task(&r, "2", "甲", "组织生活", 30, 0);
	add_task(&r, "3", "乙", "志愿服务", 20, 0);
	add_keyword(&r, 1, "三会一课");
	add_keyword(&r, 1, "主题党日");
	add_unit(&r, "某某局", NULL);
	f = form("submissions/报告.docx", "某某局");
	f.kind = HZ_FORM_NARRATIVE;
	f.paragraphs = paras;
	f.nparagraphs = 2;
	judge_ok(&r, &f, 1);
	assert_true(r.units[0].narrative);
	assert_true(r.units[0].submitted);
	assert_int_equal(r.units[0].tasks[0].status, HZ_ST_MENTIONED);     /* its title, no keywords */
	assert_int_equal(r.units[0].tasks[1].status, HZ_ST_MENTIONED);     /* a keyword */
	assert_int_equal(r.units[0].tasks[2].status, HZ_ST_NOT_MENTIONED);
	assert_true(r.units[0].percent == 0.0);
	assert_int_equal(r.units[0].rank, 1);
	assert_string_equal(r.units[0].grade, "不合格");
	assert_true(r.units[0].lagging);
	assert_true(r.units[0].categories[1].max == 20.0);
	hz_results_release(&r);
}

static void keeps_earlier_notes(void **state)
{
	hz_results r;
	hz_form f;
	(void)state;
	roster(&r);
	r.warnings = calloc(1, sizeof(*r.warnings));
	r.nwarnings = 1;
	r.warnings[0].file = xdup("campaign.ini");
	r.warnings[0].kind = xdup("unknown_setting");
	r.warnings[0].text = xdup("foo");
	f = form("submissions/a.xlsx", "某某区审计局");
	f.bad_date = (char *)"十月";
	judge_ok(&r, &f, 1);
	assert_int_equal(r.nwarnings, 2);
	assert_string_equal(r.warnings[0].kind, "unknown_setting");
	assert_string_equal(r.warnings[1].kind, "bad_date");
	assert_string_equal(r.warnings[1].file, "submissions/a.xlsx");
	hz_results_release(&r);
}

/* Footers, category lines and 合计 rows report nothing: no unmatched_row. */
static void layout_rows_are_not_warned(void **state)
{
	hz_results r;
	hz_form f;
	hz_form_row rows[4];
	(void)state;
	setup_results(&r);
	add_task(&r, "1", "甲", "一号任务", 100, 0);
	add_unit(&r, "某某局", NULL);
	rows[0] = row("1", "一号任务", "已完成", "100", NULL);
	rows[1] = row("", "合计", "", "100", NULL);
	rows[2] = row("", "填表人:张伟 联系电话:0564-7953059", "", NULL, NULL);
	rows[3] = row("", "其他特色工作", "已完成", NULL, NULL); /* reported: warned */
	f = form("submissions/a.xlsx", "某某局");
	f.rows = rows;
	f.nrows = 4;
	judge_ok(&r, &f, 1);
	assert_int_equal(r.nwarnings, 1);
	assert_string_equal(r.warnings[0].kind, "unmatched_row");
	assert_string_equal(r.warnings[0].text, "其他特色工作");
	assert_true(r.units[0].percent == 100.0);
	hz_results_release(&r);
}

static int setup(void **state)
{
	hz_error err;
	(void)state;
	return normalizer_new(&N, &err) == HZ_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	normalizer_free(N);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unit_exact_alias_contains),
		cmocka_unit_test(unit_ambiguous_then_file_name),
		cmocka_unit_test(unit_contained_in_names),
		cmocka_unit_test(superseded_order),
		cmocka_unit_test(warnings_only_for_winner),
		cmocka_unit_test(timezone_day_boundary),
		cmocka_unit_test(row_matching),
		cmocka_unit_test(dice_tie_is_unmatched),
		cmocka_unit_test(scores_and_statuses),
		cmocka_unit_test(scoring_fractions),
		cmocka_unit_test(rounding_and_ranks),
		cmocka_unit_test(grade_edges),
		cmocka_unit_test(lagging_below_setting),
		cmocka_unit_test(narrative_report),
		cmocka_unit_test(keeps_earlier_notes),
		cmocka_unit_test(layout_rows_are_not_warned),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
