/* campaign.ini (SPEC §1, 5.13): defaults, comments, BOM, bad values,
 * unknown and repeated names (exit 2), GB18030; and, when ../shared is there, the files gencampaign.py
 * writes, checked against their truth.json. */
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

#include "hz_limits.h"
#include "recognise/settings.h"
#include "recognise/settings_names.h"
#include "tmpdir.h"

/* 2022-10-30T17:30:00Z: 2022-10-31 in +08:00, 2022-10-30 in UTC */
#define NOW 1667151000LL

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	return test_tmpdir_make(tmpdir, sizeof(tmpdir), "hz_test_settings_");
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(tmpdir);
}

static const char *write_ini(const char *text, size_t len)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/campaign.ini", tmpdir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

typedef struct loaded {
	hz_settings s;
	hz_file_note *w;
	size_t nw;
	hz_error err;
	hz_code rc;
} loaded;

static void load_text(loaded *l, const char *text)
{
	memset(l, 0, sizeof(*l));
	hz_error_clear(&l->err);
	l->rc = hz_settings_load_at(&l->s, write_ini(text, strlen(text)), NOW, &l->w, &l->nw, &l->err);
}

static void unload(loaded *l)
{
	hz_settings_release(&l->s);
	for (size_t i = 0; i < l->nw; i++) {
		free(l->w[i].file);
		free(l->w[i].kind);
		free(l->w[i].text);
	}
	free(l->w);
}

static void check_default_grades(const hz_settings *s)
{
	assert_int_equal(s->ngrades, 4);
	assert_string_equal(s->grades[0].name, "优秀");
	assert_true(s->grades[0].threshold == 90);
	assert_string_equal(s->grades[2].name, "合格");
	assert_true(s->grades[3].threshold == 0);
	assert_string_equal(s->lagging_below, "合格");
}

static void missing_file_gives_defaults(void **state)
{
	hz_settings s;
	hz_error err;
	hz_file_note *w = NULL;
	size_t nw = 0;
	char path[512];
	(void)state;
	snprintf(path, sizeof(path), "%s/none.ini", tmpdir);
	hz_error_clear(&err);
	assert_int_equal(hz_settings_load_at(&s, path, NOW, &w, &nw, &err), HZ_OK);
	assert_string_equal(s.title, "");
	assert_string_equal(s.issuer, "");
	assert_string_equal(s.as_of, "2022-10-31");  /* today in +08:00 */
	assert_string_equal(s.deadline, "");
	assert_string_equal(s.rectify_by, "");
	assert_int_equal(s.tz_minutes, 480);
	assert_true(s.frac_done == 1.0 && s.frac_partial == 0.5 && s.frac_not_started == 0.0);
	check_default_grades(&s);
	assert_int_equal(nw, 0);
	hz_settings_release(&s);
	hz_settings_release(&s);   /* twice is harmless */
	assert_int_equal(hz_settings_load_at(&s, NULL, NOW, &w, &nw, &err), HZ_OK);
	check_default_grades(&s);
	hz_settings_release(&s);
}

static const char spec_example[] =
	"[campaign]\n"
	"title    = 2022年度模范机关创建自查情况汇总   ; report title\n"
	"issuer   = 中共某某区级机关工作委员会          ; the body that signs the report\n"
	"as_of    = 2022-10-31                        ; date of the report; default: today\n"
	"deadline = 2022-10-30                        ; a submission dated after it is late; default: none\n"
	"timezone = +08:00                            ; turns timestamps into dates; default +08:00\n"
	"rectify_by = 2022-11-30                      ; deadline printed in feedback letters; default: none\n"
	"\n"
	"[scoring]\n"
	"done        = 1.0   ; fraction of a task's score when the row has a status but no self score\n"
	"partial     = 0.5\n"
	"not_started = 0.0\n"
	"\n"
	"[grades]            ; lowest percent for each grade, highest first\n"
	"优秀 = 90\n"
	"良好 = 80\n"
	"合格 = 60\n"
	"不合格 = 0\n"
	"\n"
	"[lagging]\n"
	"below = 合格        ; a submitted unit whose grade is below this one is lagging\n";

static void spec_example_reads(void **state)
{
	loaded l;
	(void)state;
	load_text(&l, spec_example);
	assert_int_equal(l.rc, HZ_OK);
	assert_string_equal(l.s.title, "2022年度模范机关创建自查情况汇总");
	assert_string_equal(l.s.issuer, "中共某某区级机关工作委员会");
	assert_string_equal(l.s.as_of, "2022-10-31");
	assert_string_equal(l.s.deadline, "2022-10-30");
	assert_string_equal(l.s.rectify_by, "2022-11-30");
	assert_int_equal(l.s.tz_minutes, 480);
	check_default_grades(&l.s);
	assert_int_equal(l.nw, 0);
	unload(&l);
}

/* What gencampaign.py writes with its finepoints variety (seed 5). */
static const char generated_finepoints[] =
	"\xef\xbb\xbf# 模范机关创建 settings (generated; finepoints)\n"
	"; 注释行以分号或井号开头\n"
	"[campaign]\n"
	"title    = 2022年度区级机关模范机关创建自查情况汇总\n"
	"issuer   = 中共上海市青浦区区级机关工作委员会\n"
	"as_of    = 2022-11-06 ; 说明\n"
	"deadline = 2022-10-30 ; 截止日期\n"
	"\n"
	"[scoring]\n"
	"# partial = 0.9\n"
	"    ; not_started = 0.8\n"
	"done        = 1.0\t; 已完成\n"
	"partial     = 0.6  # 推进中 = 0.9 不生效\n"
	"not_started = 0.0 ; 说明\n"
	"\n"
	"[grades]\n"
	"好 = 90 ; 说明\n"
	"较好 = 80 ; 说明\n"
	"一般 = 70 ; 说明\n"
	"差 = 0 ; 说明\n"
	"\n"
	"[lagging]\n"
	"below = 一般 ;滞后线";

static void generated_finepoints_reads(void **state)
{
	loaded l;
	(void)state;
	load_text(&l, generated_finepoints);
	assert_int_equal(l.rc, HZ_OK);
	assert_string_equal(l.s.title, "2022年度区级机关模范机关创建自查情况汇总");
	assert_string_equal(l.s.as_of, "2022-11-06");
	assert_string_equal(l.s.deadline, "2022-10-30");
	assert_true(l.s.frac_done == 1.0);
	assert_true(l.s.frac_partial == 0.6);   /* not the commented-out 0.9 */
	assert_true(l.s.frac_not_started == 0.0);
	assert_int_equal(l.s.ngrades, 4);
	assert_string_equal(l.s.grades[0].name, "好");
	assert_string_equal(l.s.grades[2].name, "一般");
	assert_true(l.s.grades[2].threshold == 70);
	assert_string_equal(l.s.grades[3].name, "差");
	assert_string_equal(l.s.lagging_below, "一般");
	assert_int_equal(l.nw, 0);
	unload(&l);
}

static void comments_and_odd_layout(void **state)
{
	loaded l;
	(void)state;
	load_text(&l, "\r\n[campaign]\r\n"
		      "title = 第1#楼;党支部 # 注释\r\n"       /* '#', ';' without white space before stay */
		      "  issuer = 机关工委\r\n"                 /* indented: a key, not a continuation */
		      "deadline = 2022年10月30日\r\n"
		      "as_of=2022/9/5\r\n"
		      "timezone = UTC\r\n"
		      "[ grades ]\n"
		      "A = 90%\n"
		      "C = 60\n"
		      "B = 75\n"
		      "B2 = 75\n"
		      "D = 0\n"
		      "[scoring]\n"
		      "partial = 40%\n");
	assert_int_equal(l.rc, HZ_OK);
	assert_string_equal(l.s.title, "第1#楼;党支部");
	assert_string_equal(l.s.issuer, "机关工委");
	assert_string_equal(l.s.deadline, "2022-10-30");
	assert_string_equal(l.s.as_of, "2022-09-05");
	assert_int_equal(l.s.tz_minutes, 0);
	assert_true(l.s.frac_partial == 0.4);
	/* highest first, file order among equals */
	assert_int_equal(l.s.ngrades, 5);
	assert_string_equal(l.s.grades[0].name, "A");
	assert_true(l.s.grades[0].threshold == 90);
	assert_string_equal(l.s.grades[1].name, "B");
	assert_string_equal(l.s.grades[2].name, "B2");
	assert_string_equal(l.s.grades[3].name, "C");
	assert_string_equal(l.s.grades[4].name, "D");
	/* no [lagging] below and no 合格: the lowest grade but one */
	assert_string_equal(l.s.lagging_below, "C");
	unload(&l);
}

static void long_title_survives(void **state)
{
	loaded l;
	char text[8192], title[7000];
	size_t n = 0;
	(void)state;
	while (n + 3 < 6000) {
		memcpy(title + n, "汇", 3);
		n += 3;
	}
	title[n] = '\0';
	snprintf(text, sizeof(text), "[campaign]\ntitle = %s ; c\nissuer = x\n", title);
	load_text(&l, text);
	assert_int_equal(l.rc, HZ_OK);
	assert_string_equal(l.s.title, title);
	assert_string_equal(l.s.issuer, "x");
	assert_int_equal(l.nw, 0);
	unload(&l);
}

static void time_zones(void **state)
{
	static const struct {
		const char *tz;
		int minutes;
		const char *as_of;
	} ok[] = {
		{ "+08:00", 480, "2022-10-31" }, { "+0800", 480, "2022-10-31" }, { "+8", 480, "2022-10-31" },
		{ "UTC+8", 480, "2022-10-31" },	  { "-05:00", -300, "2022-10-30" }, { "Z", 0, "2022-10-30" },
		{ "+05:45", 345, "2022-10-30" },  { "+06:30", 390, "2022-10-31" },
	};
	static const char *bad[] = { "08:00", "+25:00", "+08:60", "Asia/Shanghai", "+", "+123" };
	char text[256];
	loaded l;
	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		snprintf(text, sizeof(text), "[campaign]\ntimezone = %s\n", ok[i].tz);
		load_text(&l, text);
		assert_int_equal(l.rc, HZ_OK);
		assert_int_equal(l.s.tz_minutes, ok[i].minutes);
		assert_string_equal(l.s.as_of, ok[i].as_of);  /* default as_of follows the zone */
		unload(&l);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "[campaign]\ntimezone = %s\n", bad[i]);
		load_text(&l, text);
		if (l.rc != HZ_E_CONFIG)
			fail_msg("timezone '%s' accepted", bad[i]);
		unload(&l);
	}
}

static void check_bad(const char *text, const char *where)
{
	loaded l;
	load_text(&l, text);
	if (l.rc != HZ_E_CONFIG)
		fail_msg("accepted: %s", text);
	if (!strstr(l.err.where, where))
		fail_msg("where '%s' lacks '%s'", l.err.where, where);
	assert_true(l.err.detail[0] != '\0');
	assert_non_null(strstr(l.err.file, "campaign.ini"));
	/* released on error */
	assert_null(l.s.title);
	assert_null(l.s.grades);
	unload(&l);
}

static void bad_values(void **state)
{
	(void)state;
	check_bad("[campaign]\ntitle = x\ndeadline = 2022-02-30\n", "line 3, [campaign] deadline");
	check_bad("[campaign]\nas_of = tomorrow\n", "line 2, [campaign] as_of");
	check_bad("[campaign]\nrectify_by = 2022-13-01\n", "rectify_by");
	check_bad("; c\n[scoring]\npartial = half\n", "line 3, [scoring] partial");
	check_bad("[scoring]\ndone = 1.5\n", "[scoring] done");
	check_bad("[scoring]\nnot_started = -0.1\n", "not_started");
	check_bad("[grades]\n优 = 九十x\n", "[grades] 优");
	check_bad("[grades]\n优 = 120\n", "[grades] 优");
	check_bad("[grades]\n优 = 90\n优 = 80\n", "line 3");
	check_bad("[lagging]\nbelow = 中等\n", "line 2, [lagging] below");
	check_bad("[grades]\n甲 = 90\n乙 = 0\n[lagging]\nbelow = 合格\n", "line 5, [lagging] below");
	check_bad("[campaign]\njust words\n", "line 2");
	check_bad("[campaign\ntitle = x\n", "line 1");
	check_bad("[campaign]\ntitle = \xff\xfe\n", "");
	{
		/* a grading scale is a handful of names: HZ_MAX_GRADES + 1 of
		 * them is refused at the first one too many (100,000 once took
		 * 20 s, each compared with all before it) */
		char text[8192];
		size_t o = (size_t)snprintf(text, sizeof(text), "[grades]\n");
		char where[32];
		for (int i = 0; i <= HZ_MAX_GRADES; i++)
			o += (size_t)snprintf(text + o, sizeof(text) - o, "g%d = %d\n", i, i % 100);
		assert_true(o < sizeof(text) - 1);
		snprintf(where, sizeof(where), "line %d", HZ_MAX_GRADES + 2);
		check_bad(text, where);
	}
}

/* SPEC 5.13: an unknown section or key, a key outside any section or a
 * key given twice exits 2, naming the line and the nearest known name;
 * names compare exactly. */
static void check_name(const char *text, const char *where, const char *zh, const char *en)
{
	loaded l;
	load_text(&l, text);
	if (l.rc != HZ_E_CONFIG)
		fail_msg("accepted: %s", text);
	if (strcmp(l.err.where, where) != 0)
		fail_msg("where '%s', expected '%s' (%s)", l.err.where, where, l.err.detail);
	if (!strstr(l.err.detail, zh) || !strstr(l.err.detail, en))
		fail_msg("detail '%s' lacks '%s' or '%s'", l.err.detail, zh, en);
	assert_non_null(strstr(l.err.file, "campaign.ini"));
	assert_null(l.s.title);
	unload(&l);
}

static void unknown_names_exit(void **state)
{
	(void)state;
	check_name("[campagin]\ntitle = t\ndeadline = 2022-10-30\n", "line 1", "是否应为 [campaign]？",
		   "did you mean [campaign]?");
	check_name("[campaign]\ntitle = t\n\n; c\n[Campaign]\nissuer = x\n", "line 5", "未知的节 [Campaign]，是否应为 [campaign]？",
		   "unknown section [Campaign]");
	check_name("[campaign]\ntitle = t\n[ Grades ]\n优秀 = 90\n", "line 3", "是否应为 [grades]？", "[Grades]");
	check_name("[campaign]\ntitle = t\ncolour = red\n", "line 3", "[campaign] 中没有设置项 colour",
		   "[campaign] has no key colour");
	check_name("[campaign]\ntitel = t\n", "line 2", "是否应为 title？", "did you mean title?");
	check_name("[campaign]\nTitle = t\n", "line 2", "是否应为 title？", "did you mean title?");
	check_name("[campaign]\nDeadLine = 2022-10-30\n", "line 2", "是否应为 deadline？", "deadline");
	check_name("[campaign]\nbelow = 合格\n", "line 2", "它属于 [lagging]", "belongs under [lagging]");
	check_name("[candidates]\nhonor = 模范机关\n", "line 2", "是否应为 honour？", "did you mean honour?");
	check_name("[extra]\nx = 1\n", "line 1", "未知的节 [extra]", "unknown section [extra]");
	check_name("title = t\n[campaign]\n", "line 1", "不在任何节之下，应写在 [campaign] 之下",
		   "comes before any [section]");
	check_name("[campaign]\ntitle = a\ndeadline = 2022-10-30\ntitle = b\n", "line 4",
		   "[campaign] 中的 title 重复给出（第2行已有）", "given twice (first on line 2)");
	/* twice across two [campaign] blocks, and in the free-key sections */
	check_name("[campaign]\ndeadline = 2022-10-30\n[lagging]\nbelow = 合格\n[campaign]\ndeadline = 2022-10-31\n",
		   "line 6", "deadline 重复", "given twice");
	check_name("[grades]\n优 = 90\n良 = 80\n优 = 70\n", "line 4", "重复", "given twice");
	check_name("[phases]\n创建方案 = 2024-08-01\n创建方案 = 2024-09-01\n", "line 3", "重复", "given twice");
	/* the first problem in line order: a duplicate before an unknown key */
	check_name("[scoring]\ndone = 1\ndone = 1\nhalf = 0.5\n", "line 3", "重复", "twice");
	check_name("[scoring]\nhalf = 0.5\ndone = 1\ndone = 1\n", "line 2", "可用的有：done、partial、not_started",
		   "[scoring] has no key half");
	check_name("[campaign]\njust words\n", "line 2", "既不是", "neither [section] nor key = value");
	check_name("[campaign\ntitle = x\n", "line 1", "右方括号", "closing ']'");
	check_name("[campaign]\n= x\n", "line 2", "没有设置项名称", "no key name");
	/* a bad value says why in Chinese too */
	check_name("[campaign]\ndeadline = 2022-02-30\n", "line 2, [campaign] deadline", "不是日期", "is not a date");
}

/* Every section and key SPEC names is accepted ([phases] and [input] are
 * read by their own stages; [campaign] plan is kept as written). */
static void every_known_name_reads(void **state)
{
	loaded l;
	(void)state;
	load_text(&l, "[campaign]\ntitle = t\nissuer = i\nas_of = 2024-11-08\ndeadline = 2024-10-31\n"
		      "timezone = +08:00\nrectify_by = 2024-11-30\nplan = 关于开展模范机关创建活动的通知\n"
		      "[scoring]\ndone = 1\npartial = 0.5\nnot_started = 0\n"
		      "[grades]\n优秀 = 90\n合格 = 60\n不合格 = 0\n[lagging]\nbelow = 合格\n"
		      "[report]\ntop = 5\ninline_units = 3\n"
		      "[final]\nself_weight = 0.3\nreview_weight = 0.7\noverrate = 10\n"
		      "[candidates]\nhonour = 模范机关\nmin_grade = 优秀\nmax = 3\npublicity = p\ncontact = c\n"
		      "[phases]\n创建方案 = 2024-08-01\n工作总结 = 2024-12-15\n"
		      "[input]\nconvert = auto\nsoffice = /usr/bin/soffice\nconvert_timeout = 60\n"
		      "[report]\n");
	if (l.rc != HZ_OK)
		fail_msg("%s: %s", l.err.where, l.err.detail);
	assert_string_equal(l.s.plan, "关于开展模范机关创建活动的通知");
	assert_int_equal(l.s.report_top, 5);
	assert_int_equal(l.nw, 0);
	unload(&l);
	load_text(&l, "[campaign]\ntitle = t\n");
	assert_string_equal(l.s.plan, "");
	unload(&l);
	assert_true(hz_ini_name_known("campaign", "plan"));
	assert_true(hz_ini_name_known("phases", "任意阶段"));
	assert_true(hz_ini_name_known("input", "convert_timeout"));
	assert_false(hz_ini_name_known("input", "Convert"));
	assert_false(hz_ini_name_known("Campaign", "title"));
}

/* SPEC 5.13: a campaign.ini that is not valid UTF-8 is read as GB18030. */
static void gb18030_reads(void **state)
{
	loaded l;
	/* "[campaign]\ntitle = 汇总报告\n[grades]\n优秀 = 90\n差 = 0\n" in GB18030 */
	static const char gb[] = "[campaign]\ntitle = \xbb\xe3\xd7\xdc\xb1\xa8\xb8\xe6\n"
				 "[grades]\n\xd3\xc5\xd0\xe3 = 90\n\xb2\xee = 0\n";
	(void)state;
	load_text(&l, gb);
	if (l.rc != HZ_OK)
		fail_msg("%s: %s", l.err.where, l.err.detail);
	assert_string_equal(l.s.title, "汇总报告");
	assert_string_equal(l.s.grades[0].name, "优秀");
	assert_string_equal(l.s.grades[1].name, "差");
	unload(&l);
	/* a GB18030 typo is caught too, with its line */
	load_text(&l, "[campaign]\n\xb1\xea\xcc\xe2 = x\n");
	assert_int_equal(l.rc, HZ_E_CONFIG);
	assert_string_equal(l.err.where, "line 2");
	assert_non_null(strstr(l.err.detail, "[campaign] 中没有设置项 标题"));
	unload(&l);
}

static void empty_and_bom_only(void **state)
{
	loaded l;
	(void)state;
	load_text(&l, "");
	assert_int_equal(l.rc, HZ_OK);
	check_default_grades(&l.s);
	unload(&l);
	load_text(&l, "\xef\xbb\xbf");
	assert_int_equal(l.rc, HZ_OK);
	unload(&l);
	load_text(&l, "\xef\xbb\xbf[campaign]\ndeadline =\nas_of = \n");
	assert_int_equal(l.rc, HZ_OK);
	assert_string_equal(l.s.deadline, "");
	assert_string_equal(l.s.as_of, "2022-10-31");
	unload(&l);
}

/* ---- against gencampaign.py's truth (skipped without ../shared) ---- */

static const char *shared_dir(void)
{
	const char *e = getenv("HZ_SHARED");
	if (e && *e && access(e, R_OK) == 0)
		return e;
	return access("../shared/conformance/gencampaign.py", R_OK) == 0 ? "../shared" : NULL;
}

static void generated_campaigns_agree_with_truth(void **state)
{
	const char *shared = shared_dir();
	char cmd[2048], line[1024];
	int checked_units = 0;
	(void)state;
	if (!shared || access("/usr/bin/python3", X_OK) != 0)
		skip();
	for (int seed = 1; seed <= 8; seed++) {
		char out[600], ini[700];
		snprintf(out, sizeof(out), "%s/gc%d", tmpdir, seed);
		snprintf(cmd, sizeof(cmd),
			 "python3 '%s/conformance/gencampaign.py' '%s' --units 8 --seed %d --broken 0 -q "
			 ">/dev/null 2>&1 && python3 -c '"
			 "import json,sys; t=json.load(open(sys.argv[1]))\n"
			 "c=t[\"campaign\"]; print(\"C\\t%%s\\t%%s\\t%%s\" %% (c[\"title\"], c[\"as_of\"], c.get(\"deadline\") or \"\"))\n"
			 "for u in t[\"units\"]:\n"
			 "  if u[\"submitted\"]: print(\"U\\t%%r\\t%%s\\t%%d\\t%%d\" %% (u[\"percent\"], u[\"grade\"], u[\"late\"], u[\"lagging\"]))\n"
			 "' '%s/truth.json'",
			 shared, out, seed, out);
		/* all of the truth first: the campaign is written by then */
		FILE *p = popen(cmd, "r");
		char lines[64][1024];
		size_t nlines = 0;
		assert_non_null(p);
		while (nlines < 64 && fgets(lines[nlines], sizeof(lines[nlines]), p))
			nlines++;
		assert_int_equal(pclose(p), 0);
		assert_true(nlines > 1);
		snprintf(ini, sizeof(ini), "%s/campaign.ini", out);
		hz_settings s;
		hz_file_note *w = NULL;
		size_t nw = 0;
		hz_error err;
		hz_error_clear(&err);
		assert_int_equal(hz_settings_load_at(&s, ini, NOW, &w, &nw, &err), HZ_OK);
		assert_int_equal(nw, 0);
		for (size_t li = 0; li < nlines; li++) {
			memcpy(line, lines[li], sizeof(line));
			line[strcspn(line, "\n")] = '\0';
			char *f[5] = { 0 };
			size_t nf = 0;
			for (char *q = line; nf < 5;) {
				f[nf++] = q;
				q = strchr(q, '\t');
				if (!q)
					break;
				*q++ = '\0';
			}
			if (line[0] == 'C') {
				assert_int_equal(nf, 4);
				assert_string_equal(s.title, f[1]);
				assert_string_equal(s.as_of, f[2]);
				assert_string_equal(s.deadline, f[3]);
				continue;
			}
			assert_int_equal(nf, 5);
			double pct = strtod(f[1], NULL);
			size_t g = s.ngrades - 1, below = 0;
			for (size_t i = 0; i < s.ngrades; i++) {
				if (s.grades[i].threshold <= pct) {
					g = i;
					break;
				}
			}
			for (size_t i = 0; i < s.ngrades; i++)
				if (strcmp(s.grades[i].name, s.lagging_below) == 0)
					below = i;
			assert_string_equal(s.grades[g].name, f[2]);
			if (strcmp(f[3], "0") == 0)
				assert_int_equal(g > below, strcmp(f[4], "1") == 0);
			checked_units++;
		}
		hz_settings_release(&s);
	}
	assert_true(checked_units > 20);
}

/* SPEC §4 [report], 6.3 [final], 6.4 [candidates]: defaults, values, and the
 * bad values that stop the run naming the key. */
static void report_final_candidates(void **state)
{
	loaded l;
	(void)state;
	load_text(&l, "[campaign]\ntitle = x\n");
	assert_int_equal(l.rc, HZ_OK);
	assert_int_equal(l.s.report_top, 10);
	assert_int_equal(l.s.report_inline_units, 10);
	assert_true(l.s.self_weight == 0.3 && l.s.review_weight == 0.7 && l.s.overrate == 10);
	assert_false(l.s.has_candidates);
	unload(&l);

	load_text(&l, "[report]\ntop = 3\ninline_units = 0\n[final]\nself_weight = 0.4\noverrate = 8\n"
		      "[candidates]\nhonour = 清廉机关示范单位\nmin_grade = 良好\nmax = 5\n"
		      "publicity = 2024-12-02 至 2024-12-08\ncontact = 联系人：王某某\n");
	assert_int_equal(l.rc, HZ_OK);
	assert_int_equal(l.s.report_top, 3);
	assert_int_equal(l.s.report_inline_units, 0);
	assert_true(l.s.self_weight == 0.4);
	assert_true(l.s.review_weight > 0.6 - 1e-12 && l.s.review_weight < 0.6 + 1e-12); /* 1 minus the other */
	assert_true(l.s.overrate == 8);
	assert_true(l.s.has_candidates);
	assert_string_equal(l.s.honour, "清廉机关示范单位");
	assert_string_equal(l.s.candidates_min_grade, "良好");
	assert_int_equal(l.s.candidates_max, 5);
	assert_string_equal(l.s.publicity, "2024-12-02 至 2024-12-08");
	assert_string_equal(l.s.contact, "联系人：王某某");
	unload(&l);

	/* an empty [candidates] section still asks for the list */
	load_text(&l, "[candidates]\n\n[lagging]\nbelow = 合格\n");
	assert_int_equal(l.rc, HZ_OK);
	assert_true(l.s.has_candidates);
	assert_string_equal(l.s.honour, "模范机关");
	assert_string_equal(l.s.candidates_min_grade, "优秀");
	assert_int_equal(l.s.candidates_max, -1);
	unload(&l);

	load_text(&l, "[final]\nreview_weight = 0.75\n");
	assert_int_equal(l.rc, HZ_OK);
	assert_true(l.s.self_weight == 0.25);
	unload(&l);
	load_text(&l, "[final]\nself_weight = 0.5\nreview_weight = 0.5\n");
	assert_int_equal(l.rc, HZ_OK);
	unload(&l);

	static const struct {
		const char *text, *where;
	} bad[] = {
		{ "[report]\ntop = 0\n", "[report] top" },
		{ "[report]\ntop = 2.5\n", "[report] top" },
		{ "[report]\ninline_units = -1\n", "[report] inline_units" },
		{ "[final]\nself_weight = 0.4\nreview_weight = 0.5\n", "[final] review_weight" },
		{ "[final]\nself_weight = 1.2\n", "[final] self_weight" },
		{ "[final]\noverrate = 高\n", "[final] overrate" },
		{ "[candidates]\nmin_grade = 特等\n", "[candidates] min_grade" },
		{ "[candidates]\nmax = -1\n", "[candidates] max" },
		{ "[candidates]\nmax = 两\n", "[candidates] max" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		load_text(&l, bad[i].text);
		assert_int_equal(l.rc, HZ_E_CONFIG);
		assert_non_null(strstr(l.err.where, bad[i].where));
		unload(&l);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(missing_file_gives_defaults),
		cmocka_unit_test(spec_example_reads),
		cmocka_unit_test(generated_finepoints_reads),
		cmocka_unit_test(comments_and_odd_layout),
		cmocka_unit_test(long_title_survives),
		cmocka_unit_test(time_zones),
		cmocka_unit_test(bad_values),
		cmocka_unit_test(unknown_names_exit),
		cmocka_unit_test(every_known_name_reads),
		cmocka_unit_test(gb18030_reads),
		cmocka_unit_test(empty_and_bom_only),
		cmocka_unit_test(report_final_candidates),
		cmocka_unit_test(generated_campaigns_agree_with_truth),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
