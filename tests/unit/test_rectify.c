/* The rectification round (SPEC §7) on hand-built forms: tasks to rectify,
 * closed and open, the rectified form's percent, grade, late and reached,
 * null objects, narrative and unreadable files rejected, superseded,
 * unknown units, warnings, the review_deduction hook, the summary, and the
 * assessment left as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/judge.h"
#include "judge/rectify.h"
#include "write/rectify_docs.h"

static normalizer *N;

static char *xdup(const char *s)
{
	char *d = strdup(s);
	assert_non_null(d);
	return d;
}

static void add_task(hz_results *r, const char *id, const char *title, double max, int min)
{
	hz_task *t;
	r->tasks = realloc(r->tasks, (r->ntasks + 1) * sizeof(*r->tasks));
	assert_non_null(r->tasks);
	t = &r->tasks[r->ntasks++];
	memset(t, 0, sizeof(*t));
	t->id = xdup(id);
	t->category = xdup("讲政治");
	t->title = xdup(title);
	t->requirement = xdup("");
	t->max = max;
	t->min_count = min;
}

static void add_unit(hz_results *r, const char *name)
{
	hz_unit *u;
	r->units = realloc(r->units, (r->nunits + 1) * sizeof(*r->units));
	assert_non_null(r->units);
	u = &r->units[r->nunits++];
	memset(u, 0, sizeof(*u));
	u->name = xdup(name);
	u->group = xdup("");
}

/* Four tasks (30/30/20/20; task 2 needs 12, task 3 needs 2) and five units,
 * with rectify_by 2022-11-30. */
static void campaign(hz_results *r)
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
	memcpy(r->settings.rectify_by, "2022-11-30", 11);
	r->settings.tz_minutes = 480;
	r->settings.frac_done = 1.0;
	r->settings.frac_partial = 0.5;
	r->settings.grades = calloc(4, sizeof(hz_grade));
	assert_non_null(r->settings.grades);
	for (size_t i = 0; i < 4; i++) {
		r->settings.grades[i].name = xdup(g[i].name);
		r->settings.grades[i].threshold = g[i].thr;
	}
	r->settings.ngrades = 4;
	r->settings.lagging_below = xdup("合格");
	r->categories = calloc(1, sizeof(char *));
	assert_non_null(r->categories);
	r->categories[0] = xdup("讲政治");
	r->ncategories = 1;
	add_task(r, "1", "理论学习", 30, 0);
	add_task(r, "2", "主题党日", 30, 12);
	add_task(r, "3", "警示教育", 20, 2);
	add_task(r, "4", "志愿服务", 20, 0);
	add_unit(r, "甲区审计局"); /* 0: all done */
	add_unit(r, "甲区财政局"); /* 1: partial, not started */
	add_unit(r, "甲区统计局"); /* 2: late only */
	add_unit(r, "甲区民政局"); /* 3: narrative */
	add_unit(r, "甲区档案馆"); /* 4: nothing */
}

/* [lagging] below = name: with 良好, 财政局's 65 (合格) makes it lagging. */
static void lag_below(hz_results *r, const char *name)
{
	free(r->settings.lagging_below);
	r->settings.lagging_below = xdup(name);
}

static hz_form form(const char *file, const char *unit, int month, int day, hz_form_row *rows, size_t nrows)
{
	hz_form f;
	memset(&f, 0, sizeof(f));
	f.file = (char *)file;
	f.kind = HZ_FORM_TABLE;
	f.unit_text = (char *)unit;
	f.has_date = true;
	f.year = 2022;
	f.month = month;
	f.day = day;
	f.mtime = 1666000000;
	f.rows = rows;
	f.nrows = nrows;
	return f;
}

static hz_form_row row(const char *ref, const char *status, const char *count)
{
	hz_form_row w;
	memset(&w, 0, sizeof(w));
	w.ref = (char *)ref;
	w.title = (char *)"";
	w.title_key = (char *)"";
	w.status = (char *)status;
	w.status_raw = (char *)status;
	w.self_score = (char *)"";
	w.count = (char *)(count ? count : "");
	w.problems = (char *)"";
	return w;
}

static char *para[] = {(char *)"今年以来理论学习"};

/* The assessment of campaign(): 审计局 100, 财政局 2 partial 3 not started
 * (65), 统计局 all done but late, 民政局 a narrative report. */
static void assess(hz_results *r)
{
	static hz_form_row all_done[] = {{0}, {0}, {0}, {0}};
	static hz_form_row cz[] = {{0}, {0}, {0}, {0}};
	hz_form f[4];
	hz_error err;
	all_done[0] = row("1", "已完成", NULL);
	all_done[1] = row("2", "已完成", "12");
	all_done[2] = row("3", "已完成", "2");
	all_done[3] = row("4", "已完成", NULL);
	cz[0] = row("1", "已完成", NULL);
	cz[1] = row("2", "推进中", "6");
	cz[2] = row("3", "未开展", NULL);
	cz[3] = row("4", "已完成", NULL);
	f[0] = form("submissions/a.xlsx", "甲区审计局", 10, 28, all_done, 4);
	f[1] = form("submissions/b.xlsx", "甲区财政局", 10, 29, cz, 4);
	f[2] = form("submissions/c.xlsx", "甲区统计局", 11, 2, all_done, 4);
	f[3] = form("submissions/d.docx", "甲区民政局", 10, 20, NULL, 0);
	f[3].kind = HZ_FORM_NARRATIVE;
	f[3].paragraphs = para;
	f[3].nparagraphs = 1;
	hz_error_clear(&err);
	assert_int_equal(hz_judge(r, f, 4, N, &err), HZ_OK);
}

static void rectify_ok(hz_results *r, const hz_rectify_file *v, size_t n)
{
	hz_error err;
	hz_error_clear(&err);
	if (hz_rectify_judge(r, v, n, N, &err) != HZ_OK)
		fail_msg("hz_rectify_judge: %s", err.detail);
}

/* "1,3" style list of the task ids of rc (closed: 1/0, all: -1). */
static const char *ids(const hz_results *r, const hz_rectification *rc, int closed)
{
	static char buf[8][64];
	static int next;
	char *b = buf[next++ % 8];
	b[0] = '\0';
	for (size_t k = 0; rc && k < rc->ntasks; k++) {
		if (closed >= 0 && rc->closed[k] != (closed == 1))
			continue;
		size_t len = strlen(b);
		snprintf(b + len, 64 - len, "%s%s", len ? "," : "", r->tasks[rc->tasks[k]].id);
	}
	return b;
}

static int note_has(const hz_file_note *v, size_t n, const char *file)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].file, file))
			return 1;
	return 0;
}

static void no_round_changes_nothing(void **state)
{
	hz_results r;
	(void)state;
	campaign(&r);
	assess(&r);
	rectify_ok(&r, NULL, 0);
	assert_false(r.has_rectification);
	for (size_t i = 0; i < r.nunits; i++)
		assert_null(r.units[i].rectification);
	hz_results_release(&r);
}

/* The round on the assessment above, with [lagging] below = 良好 (so that
 * 财政局 is lagging and has tasks to rectify, SPEC 7.2):
 * - 财政局: an older form (superseded) and the winning one: task 2 done with
 *   12 (closed), task 3 done with 1 (count short: open); percent 90;
 * - 档案馆 (did not submit): every task, all closed, dated after rectify_by;
 * - 民政局 (narrative): a form closing 1 and 4 (2 未开展, 3 an unknown word:
 *   a warning), then a narrative report dated later: rejected, the form wins;
 *   percent 50, not reached;
 * - 审计局 (nothing to rectify) sends a form: an object with empty lists;
 * - 统计局 (late only) sends nothing: null;
 * - an unknown unit, and an unreadable file. */
static void run_round(hz_results *rp, int *before_rank, bool *before_lagging, bool *before_late, size_t *before_np)
{
	static hz_form_row cz_old[] = {{0}}, cz[4], dag[4], mz[4], sj[4], lin[1];
	hz_form f[7];
	hz_rectify_file v[8];
	hz_results r;
	campaign(&r);
	lag_below(&r, "良好");
	assess(&r);
	for (size_t i = 0; i < 5; i++) {
		before_rank[i] = r.units[i].rank;
		before_lagging[i] = r.units[i].lagging;
		before_late[i] = r.units[i].late;
		before_np[i] = r.units[i].nproblems;
	}
	cz_old[0] = row("2", "已完成", "12");
	cz[0] = row("1", "已完成", NULL);
	cz[1] = row("2", "已完成", "12");
	cz[2] = row("3", "已完成", "1");
	cz[3] = row("4", "已完成", NULL);
	for (size_t i = 0; i < 4; i++)
		dag[i] = row(i == 0 ? "1" : i == 1 ? "2" : i == 2 ? "3" : "4", "已完成", "12");
	mz[0] = row("1", "已完成", NULL);
	mz[1] = row("2", "未开展", NULL);
	mz[2] = row("3", "研究中", NULL);
	mz[3] = row("4", "已完成", NULL);
	memcpy(sj, dag, sizeof(sj));
	lin[0] = row("1", "已完成", NULL);
	f[0] = form("rectifications/a/财政局整改-旧.xlsx", "甲区财政局", 11, 10, cz_old, 1);
	f[1] = form("rectifications/财政局整改.xlsx", "甲区财政局", 11, 20, cz, 4);
	f[2] = form("rectifications/档案馆整改.xlsx", "甲区档案馆", 12, 5, dag, 4);
	f[3] = form("rectifications/民政局整改.xlsx", "甲区民政局", 11, 15, mz, 4);
	f[4] = form("rectifications/民政局整改报告.docx", "甲区民政局", 11, 25, NULL, 0);
	f[4].kind = HZ_FORM_NARRATIVE;
	f[4].paragraphs = para;
	f[4].nparagraphs = 1;
	f[5] = form("rectifications/审计局整改.xlsx", "甲区审计局", 11, 1, sj, 4);
	f[6] = form("rectifications/林业局整改.xlsx", "乙县林业局", 11, 1, lin, 1);
	/* path order, as the pool hands them over */
	v[0] = (hz_rectify_file){f[0].file, &f[0], NULL};
	v[1] = (hz_rectify_file){"rectifications/坏.xlsx", NULL, "损坏 / damaged"};
	v[2] = (hz_rectify_file){f[6].file, &f[6], NULL};
	v[3] = (hz_rectify_file){f[3].file, &f[3], NULL};
	v[4] = (hz_rectify_file){f[4].file, &f[4], NULL};
	v[5] = (hz_rectify_file){f[5].file, &f[5], NULL};
	v[6] = (hz_rectify_file){f[2].file, &f[2], NULL};
	v[7] = (hz_rectify_file){f[1].file, &f[1], NULL};
	rectify_ok(&r, v, 8);
	*rp = r;
}

static void round_rules(void **state)
{
	hz_results r;
	const hz_rectification *rc;
	int before_rank[5];
	bool before_lagging[5], before_late[5];
	size_t before_np[5];
	(void)state;
	run_round(&r, before_rank, before_lagging, before_late, before_np);
	assert_true(r.has_rectification);

	/* 审计局: nothing to rectify, a form all the same */
	rc = r.units[0].rectification;
	assert_non_null(rc);
	assert_int_equal(rc->ntasks, 0);
	assert_true(rc->has_form);
	assert_string_equal(rc->file, "rectifications/审计局整改.xlsx");
	assert_true(rc->reached);

	/* 财政局: 2 closed, 3 open (done but 1 of 2) */
	rc = r.units[1].rectification;
	assert_non_null(rc);
	assert_string_equal(ids(&r, rc, -1), "2,3");
	assert_string_equal(ids(&r, rc, 1), "2");
	assert_string_equal(ids(&r, rc, 0), "3");
	assert_string_equal(rc->file, "rectifications/财政局整改.xlsx");
	assert_string_equal(rc->date, "2022-11-20");
	assert_false(rc->late);
	assert_true(rc->percent == 90.0);
	assert_string_equal(rc->grade, "优秀");
	assert_true(rc->reached);
	assert_int_equal(hz_rectify_find(rc, 2), 1);
	/* what the letters read (SPEC 7.3): the problems of task 2, closed,
	 * marked rectified; those of task 3, still open, and those without a
	 * task not */
	{
		size_t marked = 0;
		for (size_t i = 0; i < r.units[1].nproblems; i++) {
			const hz_problem *p = &r.units[1].problems[i];
			bool closed = p->task && !strcmp(p->task, "2");
			assert_int_equal(p->rectified, closed);
			marked += p->rectified;
		}
		assert_true(marked > 0);
	}
	assert_int_equal(hz_rectify_find(rc, 0), -1);

	/* 统计局: late only, no form: null */
	assert_null(r.units[2].rectification);

	/* 民政局: every task (narrative); the later narrative is rejected and
	 * never supersedes the form */
	rc = r.units[3].rectification;
	assert_non_null(rc);
	assert_string_equal(ids(&r, rc, -1), "1,2,3,4");
	assert_string_equal(ids(&r, rc, 1), "1,4");
	assert_string_equal(ids(&r, rc, 0), "2,3");
	assert_string_equal(rc->file, "rectifications/民政局整改.xlsx");
	assert_true(rc->percent == 50.0);
	assert_string_equal(rc->grade, "不合格");
	assert_false(rc->reached);
	assert_true(note_has(r.rejected, r.nrejected, "rectifications/民政局整改报告.docx"));
	assert_false(note_has(r.superseded, r.nsuperseded, "rectifications/民政局整改报告.docx"));
	assert_true(note_has(r.warnings, r.nwarnings, "rectifications/民政局整改.xlsx"));

	/* 档案馆: every task, all closed, late against rectify_by */
	rc = r.units[4].rectification;
	assert_non_null(rc);
	assert_string_equal(ids(&r, rc, 0), "");
	assert_string_equal(ids(&r, rc, 1), "1,2,3,4");
	assert_true(rc->late);
	assert_true(rc->reached);

	assert_true(note_has(r.superseded, r.nsuperseded, "rectifications/a/财政局整改-旧.xlsx"));
	assert_true(note_has(r.unknown_units, r.nunknown_units, "rectifications/林业局整改.xlsx"));
	assert_true(note_has(r.rejected, r.nrejected, "rectifications/坏.xlsx"));
	assert_false(note_has(r.warnings, r.nwarnings, "rectifications/a/财政局整改-旧.xlsx"));

	/* summary: units with a task to rectify (财政局, 民政局, 档案馆) */
	assert_int_equal(r.rectification_summary.units, 3);
	assert_int_equal(r.rectification_summary.sent, 3);
	assert_int_equal(r.rectification_summary.reached, 2);
	assert_int_equal(r.rectification_summary.tasks, 10);
	assert_int_equal(r.rectification_summary.closed, 7);
	assert_int_equal(r.rectification_summary.open, 3);

	/* the assessment never changes */
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(r.units[i].rank, before_rank[i]);
		assert_int_equal(r.units[i].lagging, before_lagging[i]);
		assert_int_equal(r.units[i].late, before_late[i]);
		assert_int_equal(r.units[i].nproblems, before_np[i]);
	}
	hz_results_release(&r);
}

/* A round of unreadable files only is still a round; without rectify_by
 * nothing is late; a unit that sent nothing has its tasks open. */
static void round_without_forms(void **state)
{
	hz_results r;
	hz_rectify_file v[1] = {{"rectifications/坏.docx", NULL, "损坏 / damaged"}};
	const hz_rectification *rc;
	(void)state;
	campaign(&r);
	lag_below(&r, "良好");
	r.settings.rectify_by[0] = '\0';
	assess(&r);
	rectify_ok(&r, v, 1);
	assert_true(r.has_rectification);
	assert_null(r.units[0].rectification);
	rc = r.units[1].rectification;
	assert_non_null(rc);
	assert_null(rc->file);
	assert_false(rc->has_form);
	assert_false(rc->reached);
	assert_false(rc->late);
	assert_string_equal(ids(&r, rc, 0), "2,3");
	assert_null(r.units[2].rectification);
	assert_string_equal(ids(&r, r.units[4].rectification, 0), "1,2,3,4");
	assert_int_equal(r.rectification_summary.units, 3);
	assert_int_equal(r.rectification_summary.sent, 0);
	assert_int_equal(r.rectification_summary.open, 10);
	hz_results_release(&r);
}

/* SPEC 7.2 with reviews: each task with a review_deduction problem of a
 * reviewed unit is to rectify too, although its own status is done. */
static void review_deduction_hook(void **state)
{
	hz_results r;
	hz_rectify_file v[1] = {{"rectifications/坏.docx", NULL, "损坏 / damaged"}};
	hz_unit *u;
	(void)state;
	campaign(&r);
	assess(&r);
	u = &r.units[0];
	u->problems = realloc(u->problems, (u->nproblems + 1) * sizeof(*u->problems));
	assert_non_null(u->problems);
	/* the whole struct: a field added later starts NULL */
	u->problems[u->nproblems] = (hz_problem){.kind = xdup("review_deduction"), .task = xdup("4"), .text = xdup("台账不全")};
	u->nproblems++;
	u->review = calloc(1, sizeof(*u->review));
	assert_non_null(u->review);
	u->lagging = true; /* as its final grade below [lagging] below would make it (6.3) */
	rectify_ok(&r, v, 1);
	assert_string_equal(ids(&r, u->rectification, 0), "4");
	assert_true(hz_rectify_task_kind("review_deduction"));
	assert_true(hz_rectify_task_kind("count_short"));
	assert_false(hz_rectify_task_kind("self_reported"));
	assert_false(hz_rectify_task_kind("late"));
	hz_results_release(&r);
}

/* SPEC 7.2 as amended: only lagging units have tasks to rectify.  With the
 * default [lagging] below = 合格, 财政局 (65: 合格, two tasks short) is not
 * lagging: the form it sends anyway is read, with empty lists, and counts
 * in no figure of the summary; 审计局 with a review deduction but not
 * lagging has none either; sending nothing, both are null. */
static void only_lagging_units_rectify(void **state)
{
	static hz_form_row cz[4];
	hz_form f[1];
	hz_rectify_file v[2];
	hz_results r;
	const hz_rectification *rc;
	hz_unit *u;
	(void)state;
	campaign(&r);
	assess(&r);
	assert_false(r.units[1].lagging);
	u = &r.units[0];
	u->problems = realloc(u->problems, (u->nproblems + 1) * sizeof(*u->problems));
	assert_non_null(u->problems);
	/* the whole struct: a field added later starts NULL */
	u->problems[u->nproblems] = (hz_problem){.kind = xdup("review_deduction"), .task = xdup("4"), .text = xdup("台账不全")};
	u->nproblems++;
	u->review = calloc(1, sizeof(*u->review));
	assert_non_null(u->review);
	cz[0] = row("1", "已完成", NULL);
	cz[1] = row("2", "已完成", "12");
	cz[2] = row("3", "推进中", NULL);
	cz[3] = row("4", "已完成", NULL);
	f[0] = form("rectifications/财政局整改.xlsx", "甲区财政局", 11, 20, cz, 4);
	v[0] = (hz_rectify_file){f[0].file, &f[0], NULL};
	v[1] = (hz_rectify_file){"rectifications/坏.xlsx", NULL, "损坏 / damaged"};
	rectify_ok(&r, v, 2);
	assert_null(r.units[0].rectification);
	rc = r.units[1].rectification;
	assert_non_null(rc);
	assert_int_equal(rc->ntasks, 0);
	assert_true(rc->has_form);
	assert_string_equal(rc->file, "rectifications/财政局整改.xlsx");
	/* lagging ones: 统计局 late only (nothing to rectify: null), 民政局
	 * narrative and 档案馆 not submitted (every task) */
	assert_null(r.units[2].rectification);
	assert_string_equal(ids(&r, r.units[3].rectification, 0), "1,2,3,4");
	assert_string_equal(ids(&r, r.units[4].rectification, 0), "1,2,3,4");
	assert_int_equal(r.rectification_summary.units, 2);
	assert_int_equal(r.rectification_summary.sent, 0);
	assert_int_equal(r.rectification_summary.tasks, 8);
	assert_int_equal(r.rectification_summary.open, 8);
	hz_results_release(&r);
}

/* SPEC §2 before the deadline (as_of on the deadline): 档案馆, not yet
 * submitted, is pending — no not_submitted problem, not lagging, nothing
 * to rectify; made lagging by a reviewed final grade (6.3), only its
 * review_deduction tasks are to rectify (SPEC 7.2). */
static void pending_units(void **state)
{
	hz_rectify_file v[1] = {{"rectifications/坏.docx", NULL, "损坏 / damaged"}};
	hz_results r;
	hz_unit *u;
	(void)state;
	campaign(&r);
	memcpy(r.settings.as_of, "2022-10-30", 11); /* = deadline: still before it */
	assert_true(hz_before_deadline(&r.settings));
	assess(&r);
	u = &r.units[4];
	assert_false(u->submitted);
	assert_false(u->lagging);
	for (size_t p = 0; p < u->nproblems; p++)
		assert_string_not_equal(u->problems[p].kind, "not_submitted");
	assert_true(r.units[2].lagging); /* late: dated after the deadline */
	rectify_ok(&r, v, 1);
	assert_null(u->rectification);
	hz_results_release(&r);

	campaign(&r);
	memcpy(r.settings.as_of, "2022-10-29", 11);
	assess(&r);
	u = &r.units[4];
	u->problems = realloc(u->problems, (u->nproblems + 1) * sizeof(*u->problems));
	assert_non_null(u->problems);
	/* the whole struct: a field added later starts NULL */
	u->problems[u->nproblems] = (hz_problem){.kind = xdup("review_deduction"), .task = xdup("3"), .text = xdup("未开展")};
	u->nproblems++;
	u->review = calloc(1, sizeof(*u->review));
	assert_non_null(u->review);
	u->lagging = true; /* its final grade below [lagging] below */
	rectify_ok(&r, v, 1);
	assert_string_equal(ids(&r, u->rectification, 0), "3");
	hz_results_release(&r);
}

/* What the documents show of the round (write/rectify_docs.h). */
static void documents_view(void **state)
{
	hz_results r;
	int rank[5];
	bool lag[5], late[5];
	size_t np[5];
	rectify_figures f;
	rectify_letter l;
	dynbuf b;
	(void)state;
	run_round(&r, rank, lag, late, np);
	dynbuf_init(&b, 1u << 20);

	/* the problem a task had at the assessment */
	assert_int_equal(rectify_problem_text(&r, &r.units[1], 1, &b), HZ_OK);
	assert_string_equal(dynbuf_str(&b), "未全部完成");
	dynbuf_reset(&b);
	assert_int_equal(rectify_problem_text(&r, &r.units[4], 0, &b), HZ_OK);
	assert_string_equal(dynbuf_str(&b), "未报送自查自评表");
	dynbuf_reset(&b);

	/* the report's figures and the units with open tasks */
	assert_int_equal(rectify_figures_init(&f, &r), HZ_OK);
	assert_int_equal(f.units, 3);
	assert_int_equal(f.sent, 3);
	assert_int_equal(f.on_time, 2);
	assert_int_equal(f.late, 1);
	assert_int_equal(f.reached, 2);
	assert_int_equal(f.closed, 7);
	assert_int_equal(f.open, 3);
	assert_int_equal(f.extra_forms, 1);
	assert_int_equal(f.nopen_units, 2); /* 财政局, 民政局 */
	assert_int_equal(f.open_units[0], 1);
	assert_int_equal(f.open_units[1], 3);
	assert_int_equal(rectify_open_tasks_text(&r, &r.units[3], &b), HZ_OK);
	assert_string_equal(dynbuf_str(&b), "2 主题党日、3 警示教育");
	dynbuf_reset(&b);
	assert_int_equal(rectify_open_schema.text(NULL, &f.open_items[1], 5, &b), HZ_OK);
	assert_string_equal(dynbuf_str(&b), "2022年11月15日\n报送" /* the date on its own line (SPEC 4) */);
	dynbuf_reset(&b);
	assert_int_equal(rectify_report_sentence(&r, &f, &b), HZ_OK);
	assert_non_null(strstr(dynbuf_str(&b), "应整改的3个单位中，3个报送了整改后自查自评表（按时2个，逾期1个）"));
	assert_non_null(strstr(dynbuf_str(&b), "已整改7项，尚有3项未整改，涉及2个单位。"));
	dynbuf_reset(&b);
	rectify_figures_release(&f);

	/* letters: 档案馆 closed all (no letter), 统计局 late only (kept) */
	assert_false(rectify_letter_wanted(&r, &r.units[4]));
	assert_true(rectify_letter_wanted(&r, &r.units[2]));
	assert_true(rectify_letter_wanted(&r, &r.units[3]));
	/* 财政局: task 2's partial goes (closed), task 3's not_started stays */
	assert_int_equal(rectify_letter_init(&l, &r, &r.units[1]), HZ_OK);
	assert_int_equal(l.view.nproblems, r.units[1].nproblems - 1);
	for (size_t i = 0; i < l.view.nproblems; i++)
		assert_false(l.view.problems[i].task && !strcmp(l.view.problems[i].task, "2") &&
			     hz_rectify_task_kind(l.view.problems[i].kind));
	rectify_letter_release(&l);
	/* 民政局 (narrative): its problems kept, and one rectify_open per open task */
	assert_int_equal(rectify_letter_init(&l, &r, &r.units[3]), HZ_OK);
	assert_int_equal(l.view.nproblems, r.units[3].nproblems + 2);
	assert_string_equal(l.view.problems[l.view.nproblems - 2].kind, "rectify_open");
	assert_string_equal(l.view.problems[l.view.nproblems - 2].task, "2");
	assert_string_equal(l.view.problems[l.view.nproblems - 1].task, "3");
	rectify_letter_release(&l);
	assert_int_equal(rectify_letter_sentence(&r, &r.units[3], &b), HZ_OK);
	assert_non_null(strstr(dynbuf_str(&b), "应整改的4项任务中，已整改2项，尚有2项未整改"));
	assert_non_null(strstr(dynbuf_str(&b), "尚未达标"));
	dynbuf_reset(&b);
	assert_int_equal(rectify_letter_sentence(&r, &r.units[2], &b), HZ_OK);
	assert_string_equal(dynbuf_str(&b), "");

	/* without the round: the letter is the unit as it is */
	r.has_rectification = false;
	assert_true(rectify_letter_wanted(&r, &r.units[4]));
	assert_int_equal(rectify_letter_init(&l, &r, &r.units[1]), HZ_OK);
	assert_ptr_equal(l.view.problems, r.units[1].problems);
	rectify_letter_release(&l);
	dynbuf_release(&b);
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
		cmocka_unit_test(no_round_changes_nothing),
		cmocka_unit_test(round_rules),
		cmocka_unit_test(round_without_forms),
		cmocka_unit_test(review_deduction_hook),
		cmocka_unit_test(only_lagging_units_rectify),
		cmocka_unit_test(pending_units),
		cmocka_unit_test(documents_view),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
