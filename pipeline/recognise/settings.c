/*
 * campaign.ini's values into hz_settings: the defaults, every key of the
 * sections settings.c reads checked and stored (a bad value stops the run
 * with the line, in Chinese and English), then what needs the whole file
 * (grade order, [lagging] below, the [final] weights, [candidates]
 * min_grade, today's date).  The text itself (encoding, comments, inih) is
 * settings_ini.c's; the names settings_names.c's.
 */
#include "recognise/settings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "dynbuf.h"
#include "hz_limits.h"
#include "recognise/settings_ini.h"
#include "recognise/settings_names.h"
#include "recognise/settings_phases.h"
#include "text/vocab.h"

#include "banned.h"

static const char *const default_grades[] = { "优秀", "良好", "合格", "不合格" };
static const double default_thresholds[] = { 90, 80, 60, 0 };
#define DEFAULT_BELOW "合格"

typedef struct ini_state {
	hz_settings *s;
	hz_file_note **warnings;
	size_t *nwarnings;
	hz_error *err;
	hz_code rc;
	int line;               /* line being parsed, 1-based (hz_ini_text_parse counts) */
	int grades_seen;        /* first [grades] key replaces the defaults */
	int as_of_set, below_line;
	char as_of_text[11];
	/* [final]: which weights were given, and where, for the sum check */
	int self_weight_line, review_weight_line;
	int min_grade_line;
} ini_state;

static char *dup_str(const char *s)
{
	size_t n = strlen(s);
	char *d = malloc(n + 1);
	if (d)
		memcpy(d, s, n + 1);
	return d;
}

/* The Chinese of fail()'s messages (SPEC §4: the reason in Chinese as well
 * as English); a message not listed here stays English only. */
static const struct {
	const char *en, *zh;
} fail_zh[] = {
	{"'%s' is not a date (2022-10-31 or 2022年10月31日)", "“%s”不是日期（应如 2022-10-31 或 2022年10月31日）"},
	{"'%s' is not a UTC offset (+08:00, between -12:00 and +14:00)",
	 "“%s”不是时区（应如 +08:00，在 -12:00 与 +14:00 之间）"},
	{"'%s' is not a fraction between 0 and 1", "“%s”不是 0 到 1 之间的比例"},
	{"a grade needs a name%s", "等次须有名称%s"},
	{"'%s' is not a percent between 0 and 100", "“%s”不是 0 到 100 之间的百分数"},
	{"'%s' is not a whole number of at least 1", "“%s”不是不小于 1 的整数"},
	{"'%s' is not a whole number of at least 0", "“%s”不是不小于 0 的整数"},
	{"'%s' is not a weight between 0 and 1", "“%s”不是 0 到 1 之间的权重"},
	{"grade '%s' is named twice", "等次“%s”重复"},
	{"'%s' is neither auto nor off", "“%s”应为 auto 或 off"},
};

static int fail(ini_state *st, const char *section, const char *name, const char *fmt, const char *value)
{
	const char *zh = NULL;
	char en[240], both[512];
	for (size_t i = 0; i < sizeof(fail_zh) / sizeof(fail_zh[0]) && !zh; i++)
		if (!strcmp(fail_zh[i].en, fmt))
			zh = fail_zh[i].zh;
	hz_error_where(st->err, "line %d, [%s] %s", st->line, section, name);
	/* a format from the table above, with its one %s */
	snprintf(en, sizeof(en), fmt, value);
	if (zh) {
		char z[240];
		snprintf(z, sizeof(z), zh, value);
		snprintf(both, sizeof(both), "%s / %s", z, en);
	} else {
		snprintf(both, sizeof(both), "%s", en);
	}
	st->rc = hz_error_set(st->err, HZ_E_CONFIG, "%s", both);
	return 0;
}

static int parse_date_value(const char *v, char out[11])
{
	int y, m, d;
	if (!hz_parse_date(v, &y, &m, &d))
		return 0;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 1;
}

/* +08:00, +0800, +08, +8, UTC+8, GMT+08:00, UTC, Z: minutes east of UTC. */
static int parse_timezone(const char *v, int *minutes)
{
	const char *p = v;
	long h = 0, mi = 0;
	int sign, digits = 0;
	if (strncasecmp(p, "UTC", 3) == 0 || strncasecmp(p, "GMT", 3) == 0)
		p += 3;
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		p++;
	if (*p == '\0') {
		*minutes = 0;
		return p != v;
	}
	if (*p != '+' && *p != '-')
		return 0;
	sign = *p++ == '-' ? -1 : 1;
	while (*p >= '0' && *p <= '9' && digits < 4) {
		digits++;
		p++;
	}
	const char *dstart = p - digits;
	if (digits == 0)
		return 0;
	if (digits <= 2) {
		for (int i = 0; i < digits; i++)
			h = h * 10 + (dstart[i] - '0');
		if (*p == ':') {
			p++;
			if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9'))
				return 0;
			mi = (p[0] - '0') * 10 + (p[1] - '0');
			p += 2;
		}
	} else if (digits == 4) {
		h = (dstart[0] - '0') * 10 + (dstart[1] - '0');
		mi = (dstart[2] - '0') * 10 + (dstart[3] - '0');
	} else {
		return 0;
	}
	if (*p != '\0' || mi > 59)
		return 0;
	long total = sign * (h * 60 + mi);
	if (total < -12 * 60 || total > 14 * 60)
		return 0;
	*minutes = (int)total;
	return 1;
}

/* A number, or a percent ("50%": 0.5 for a fraction, 50 for a grade). */
static int parse_value_number(const char *v, double *out, int percent_as_fraction)
{
	size_t n = strlen(v);
	char buf[64];
	if (n > 1 && n < sizeof(buf) && v[n - 1] == '%') {
		memcpy(buf, v, n - 1);
		buf[n - 1] = '\0';
		if (!hz_parse_number(buf, out))
			return 0;
		if (percent_as_fraction)
			*out /= 100;
		return 1;
	}
	return hz_parse_number(v, out);
}

/* A whole number written in ASCII digits ("10"; no sign, no fraction). */
static int parse_whole(const char *v, int *out)
{
	long x = 0;
	if (!*v)
		return 0;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9' || x > 100000000L)
			return 0;
		x = x * 10 + (*p - '0');
	}
	*out = (int)x;
	return 1;
}

static int set_string(ini_state *st, char **field, const char *v)
{
	char *d = dup_str(v);
	if (!d) {
		st->rc = hz_error_set(st->err, HZ_E_NOMEM, "out of memory");
		return 0;
	}
	free(*field);
	*field = d;
	return 1;
}

static void free_grades(hz_settings *s)
{
	for (size_t i = 0; i < s->ngrades; i++)
		free(s->grades[i].name);
	free(s->grades);
	s->grades = NULL;
	s->ngrades = 0;
}

static int add_grade(ini_state *st, const char *name, double threshold)
{
	hz_settings *s = st->s;
	if (s->ngrades >= HZ_MAX_GRADES) {
		hz_error_where(st->err, "line %d, [grades] %s", st->line, name);
		st->rc = hz_error_set(st->err, HZ_E_CONFIG, "more than %d grades", HZ_MAX_GRADES);
		return 0;
	}
	for (size_t i = 0; i < s->ngrades; i++)
		if (strcmp(s->grades[i].name, name) == 0)
			return fail(st, "grades", name, "grade '%s' is named twice", name);
	hz_grade *g = realloc(s->grades, (s->ngrades + 1) * sizeof(*g));
	if (!g) {
		st->rc = hz_error_set(st->err, HZ_E_NOMEM, "out of memory");
		return 0;
	}
	s->grades = g;
	g[s->ngrades].name = dup_str(name);
	g[s->ngrades].threshold = threshold;
	if (!g[s->ngrades].name) {
		st->rc = hz_error_set(st->err, HZ_E_NOMEM, "out of memory");
		return 0;
	}
	s->ngrades++;
	return 1;
}

static int handle_pair(ini_state *st, const char *section, const char *n, const char *v)
{
	hz_settings *s = st->s;
	double x;

	if (strcasecmp(section, "campaign") == 0) {
		if (strcasecmp(n, "title") == 0)
			return set_string(st, &s->title, v);
		if (strcasecmp(n, "issuer") == 0)
			return set_string(st, &s->issuer, v);
		if (strcasecmp(n, "plan") == 0)
			return set_string(st, &s->plan, v);
		if (strcasecmp(n, "as_of") == 0) {
			if (!*v) {
				st->as_of_set = 0;   /* empty: today */
				return 1;
			}
			if (!parse_date_value(v, st->as_of_text))
				return fail(st, section, n, "'%s' is not a date (2022-10-31 or 2022年10月31日)", v);
			st->as_of_set = 1;
			return 1;
		}
		if (strcasecmp(n, "deadline") == 0 || strcasecmp(n, "rectify_by") == 0) {
			char *field = strcasecmp(n, "deadline") == 0 ? s->deadline : s->rectify_by;
			if (!*v) {
				field[0] = '\0';
				return 1;
			}
			if (!parse_date_value(v, field))
				return fail(st, section, n, "'%s' is not a date (2022-10-31 or 2022年10月31日)", v);
			return 1;
		}
		if (strcasecmp(n, "timezone") == 0) {
			if (!*v) {
				s->tz_minutes = 480;
				return 1;
			}
			if (!parse_timezone(v, &s->tz_minutes))
				return fail(st, section, n, "'%s' is not a UTC offset (+08:00, between -12:00 and +14:00)",
					    v);
			return 1;
		}
	} else if (strcasecmp(section, "scoring") == 0) {
		double *field = strcasecmp(n, "done") == 0	   ? &s->frac_done
				: strcasecmp(n, "partial") == 0	   ? &s->frac_partial
				: strcasecmp(n, "not_started") == 0 ? &s->frac_not_started
								   : NULL;
		if (field) {
			if (!parse_value_number(v, &x, 1) || x < 0 || x > 1)
				return fail(st, section, n, "'%s' is not a fraction between 0 and 1", v);
			*field = x;
			return 1;
		}
	} else if (strcasecmp(section, "grades") == 0) {
		if (!*n)
			return fail(st, section, n, "a grade needs a name%s", "");
		if (!parse_value_number(v, &x, 0) || x < 0 || x > 100)
			return fail(st, section, n, "'%s' is not a percent between 0 and 100", v);
		if (!st->grades_seen) {
			free_grades(s);
			st->grades_seen = 1;
		}
		return add_grade(st, n, x);
	} else if (strcasecmp(section, "lagging") == 0) {
		if (strcasecmp(n, "below") == 0) {
			st->below_line = st->line;
			return set_string(st, &s->lagging_below, v);
		}
	} else if (strcasecmp(section, "report") == 0) {
		if (strcasecmp(n, "top") == 0) {
			if (!parse_whole(v, &s->report_top) || s->report_top < 1)
				return fail(st, section, n, "'%s' is not a whole number of at least 1", v);
			return 1;
		}
		if (strcasecmp(n, "inline_units") == 0) {
			if (!parse_whole(v, &s->report_inline_units))
				return fail(st, section, n, "'%s' is not a whole number of at least 0", v);
			return 1;
		}
	} else if (strcasecmp(section, "final") == 0) {
		if (strcasecmp(n, "self_weight") == 0 || strcasecmp(n, "review_weight") == 0) {
			bool self = strcasecmp(n, "self_weight") == 0;
			if (!parse_value_number(v, &x, 1) || x < 0 || x > 1)
				return fail(st, section, n, "'%s' is not a weight between 0 and 1", v);
			if (self) {
				s->self_weight = x;
				st->self_weight_line = st->line;
			} else {
				s->review_weight = x;
				st->review_weight_line = st->line;
			}
			return 1;
		}
		if (strcasecmp(n, "overrate") == 0) {
			if (!parse_value_number(v, &x, 0) || x < 0 || x > 100)
				return fail(st, section, n, "'%s' is not a percent between 0 and 100", v);
			s->overrate = x;
			return 1;
		}
	} else if (strcmp(section, "phases") == 0) {
		/* SPEC 9.1: the keys are the office's own phase names */
		hz_error_where(st->err, "line %d, [%s] %s", st->line, section, n);
		st->rc = hz_phases_setting_add(s, n, v, st->err);
		if (st->rc == HZ_OK && st->err)
			st->err->where[0] = '\0';
		return st->rc == HZ_OK;
	} else if (strcasecmp(section, "candidates") == 0) {
		s->has_candidates = true;
		if (strcasecmp(n, "honour") == 0)
			return *v ? set_string(st, &s->honour, v) : 1;
		if (strcasecmp(n, "min_grade") == 0) {
			st->min_grade_line = st->line;
			return set_string(st, &s->candidates_min_grade, v);
		}
		if (strcasecmp(n, "max") == 0) {
			if (!*v) {
				s->candidates_max = -1;
				return 1;
			}
			if (!parse_whole(v, &s->candidates_max))
				return fail(st, section, n, "'%s' is not a whole number of at least 0", v);
			return 1;
		}
		if (strcasecmp(n, "publicity") == 0)
			return set_string(st, &s->publicity, v);
		if (strcasecmp(n, "contact") == 0)
			return set_string(st, &s->contact, v);
	} else if (strcasecmp(section, "input") == 0) {
		/* SPEC §10 */
		if (strcasecmp(n, "convert") == 0) {
			if (strcmp(v, "auto") != 0 && strcmp(v, "off") != 0)
				return fail(st, section, n, "'%s' is neither auto nor off", v);
			s->convert_off = strcmp(v, "off") == 0;
			return 1;
		}
		if (strcasecmp(n, "soffice") == 0) {
			free(s->soffice);
			s->soffice = NULL;
			return *v ? set_string(st, &s->soffice, v) : 1;
		}
		if (strcasecmp(n, "convert_timeout") == 0) {
			if (!parse_whole(v, &s->convert_timeout) || s->convert_timeout < 1)
				return fail(st, section, n, "'%s' is not a whole number of at least 1", v);
			return 1;
		}
	}
	/* hz_ini_names_check let only SPEC's names through: what is not read
	 * here ([phases], [input]) is read by its own stage */
	return 1;
}

static int handler(void *user, const char *section, const char *raw_name, const char *raw_value)
{
	ini_state *st = user;
	char *sect, *name, *value;
	int ok;

	if (st->rc != HZ_OK)
		return 0;
	sect = dup_str(section);     /* "[ grades ]" is [grades] */
	name = dup_str(raw_name);
	value = dup_str(raw_value ? raw_value : "");
	if (!sect || !name || !value) {
		st->rc = hz_error_set(st->err, HZ_E_NOMEM, "out of memory");
		ok = 0;
	} else {
		ok = handle_pair(st, hz_ini_text_trim(sect), hz_ini_text_trim(name), hz_ini_text_trim(value));
	}
	free(sect);
	free(name);
	free(value);
	return ok;
}

/* Highest threshold first; equal thresholds keep file order (insertion
 * sort: stable, and a handful of grades). */
static void sort_grades(hz_settings *s)
{
	for (size_t i = 1; i < s->ngrades; i++) {
		hz_grade g = s->grades[i];
		size_t j = i;
		while (j > 0 && s->grades[j - 1].threshold < g.threshold) {
			s->grades[j] = s->grades[j - 1];
			j--;
		}
		s->grades[j] = g;
	}
}

static hz_code set_defaults(hz_settings *s)
{
	memset(s, 0, sizeof(*s));
	s->title = dup_str("");
	s->issuer = dup_str("");
	s->tz_minutes = 480;
	s->frac_done = 1.0;
	s->frac_partial = 0.5;
	s->frac_not_started = 0.0;
	s->grades = calloc(4, sizeof(*s->grades));
	s->lagging_below = dup_str(DEFAULT_BELOW);
	s->report_top = 10;
	s->report_inline_units = 10;
	s->self_weight = 0.3;
	s->review_weight = 0.7;
	s->overrate = 10;
	s->honour = dup_str("模范机关");
	s->candidates_max = -1;
	s->publicity = dup_str("");
	s->contact = dup_str("");
	s->convert_timeout = 60;
	s->plan = dup_str("");
	if (!s->plan || !s->title || !s->issuer || !s->grades || !s->lagging_below || !s->honour || !s->publicity || !s->contact)
		return HZ_E_NOMEM;
	for (size_t i = 0; i < 4; i++) {
		s->grades[i].name = dup_str(default_grades[i]);
		s->grades[i].threshold = default_thresholds[i];
		s->ngrades = i + 1;
		if (!s->grades[i].name)
			return HZ_E_NOMEM;
	}
	return HZ_OK;
}

/* Reads and parses the file into st->s (defaults already there). */
static hz_code parse_file(ini_state *st, const char *ini_path, hz_error *err)
{
	dynbuf clean;
	int missing = 0, r;
	hz_code rc;

	dynbuf_init(&clean, (size_t)HZ_MAX_INI_BYTES * 2 + 16);
	rc = hz_ini_text_read(ini_path, &clean, &missing, err);
	if (rc != HZ_OK || missing)
		goto done;
	if ((rc = hz_ini_names_check(dynbuf_str(&clean), clean.len, err)) != HZ_OK)
		goto done;
	if (hz_ini_text_has_section(dynbuf_str(&clean), clean.len, "candidates"))
		st->s->has_candidates = true;
	r = hz_ini_text_parse(dynbuf_str(&clean), clean.len, handler, st, &st->line);
	if (st->rc != HZ_OK) {
		rc = st->rc;
	} else if (r != 0) {
		hz_error_where(err, "line %d", r);
		rc = hz_error_set(err, r > 0 ? HZ_E_CONFIG : HZ_E_NOMEM,
				  r > 0 ? "neither [section] nor key = value" : "out of memory");
	}
done:
	dynbuf_release(&clean);
	return rc;
}

typedef struct sum_text {
	char text[32];
} sum_text;

static sum_text fmt_sum(double x)
{
	sum_text t;
	snprintf(t.text, sizeof(t.text), "%.10g", x);
	return t;
}

/* What needs the whole file: grade order, `below`, the [final] weights,
 * [candidates] min_grade, today's date. */
static hz_code settle(hz_settings *s, const ini_state *st, long long now, hz_error *err)
{
	int found = 0;

	sort_grades(s);
	for (size_t i = 0; i < s->ngrades; i++)
		if (strcmp(s->grades[i].name, s->lagging_below) == 0)
			found = 1;
	if (!found && st->below_line == 0 && s->ngrades > 0) {
		/* Default below (合格) with grades of other names: lagging
		 * means below the lowest grade but one. */
		size_t k = s->ngrades >= 2 ? s->ngrades - 2 : 0;
		char *d = dup_str(s->grades[k].name);
		if (!d)
			return hz_error_set(err, HZ_E_NOMEM, "out of memory");
		free(s->lagging_below);
		s->lagging_below = d;
		found = 1;
	}
	if (!found) {
		hz_error_where(err, "line %d, [lagging] below", st->below_line);
		return hz_error_set(err, HZ_E_CONFIG, "'%s' is not one of the grades", s->lagging_below);
	}
	/* [final]: one weight given sets the other; both given must add up */
	if (st->self_weight_line && !st->review_weight_line) {
		s->review_weight = 1 - s->self_weight;
	} else if (st->review_weight_line && !st->self_weight_line) {
		s->self_weight = 1 - s->review_weight;
	} else if (st->self_weight_line && st->review_weight_line &&
		   fabs(s->self_weight + s->review_weight - 1) > 1e-9) {
		hz_error_where(err, "line %d, [final] review_weight", st->review_weight_line);
		return hz_error_set(err, HZ_E_CONFIG, "self_weight + review_weight is %s, not 1",
				    fmt_sum(s->self_weight + s->review_weight).text);
	}
	if (s->candidates_min_grade) {
		bool named = false;
		for (size_t i = 0; i < s->ngrades; i++)
			if (strcmp(s->grades[i].name, s->candidates_min_grade) == 0)
				named = true;
		if (!named) {
			hz_error_where(err, "line %d, [candidates] min_grade", st->min_grade_line);
			return hz_error_set(err, HZ_E_CONFIG, "'%s' is not one of the grades", s->candidates_min_grade);
		}
	} else if (s->ngrades > 0) {
		s->candidates_min_grade = dup_str(s->grades[0].name);
		if (!s->candidates_min_grade)
			return hz_error_set(err, HZ_E_NOMEM, "out of memory");
	}
	if (st->as_of_set) {
		memcpy(s->as_of, st->as_of_text, sizeof(s->as_of));
	} else {
		int y, m, d;
		hz_epoch_to_date(now, s->tz_minutes, &y, &m, &d);
		snprintf(s->as_of, sizeof(s->as_of), "%04d-%02d-%02d", y, m, d);
	}
	return HZ_OK;
}

hz_code hz_settings_load_at(hz_settings *s, const char *ini_path, long long now, hz_file_note **warnings,
			    size_t *nwarnings, hz_error *err)
{
	ini_state st;
	hz_code rc;

	memset(&st, 0, sizeof(st));
	st.s = s;
	st.warnings = warnings;
	st.nwarnings = nwarnings;
	st.err = err;
	rc = set_defaults(s);
	if (rc != HZ_OK)
		rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
	if (rc == HZ_OK && ini_path)
		rc = parse_file(&st, ini_path, err);
	if (rc == HZ_OK)
		rc = settle(s, &st, now, err);
	if (rc != HZ_OK) {
		if (err && ini_path && !err->file[0])
			hz_error_file(err, ini_path);
		hz_settings_release(s);
	}
	return rc;
}

hz_code hz_settings_load(hz_settings *s, const char *ini_path, hz_file_note **warnings, size_t *nwarnings,
			 hz_error *err)
{
	return hz_settings_load_at(s, ini_path, (long long)time(NULL), warnings, nwarnings, err);
}
