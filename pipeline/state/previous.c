/*
 * Reading the results.json an earlier run left in OUTPUT_DIR, for the
 * "change since the previous run" figures (SPEC §4, §8).
 */
#include "state/previous.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hz_limits.h"
#include "hz_open.h"

#include "banned.h"

/* Just enough JSON to pick three figures out of an earlier results.json:
 * every value is checked for well-formedness and skipped unless it is one
 * of those wanted. */
typedef struct jreader {
	const char *p, *end;
	int ok;
	hz_previous *out;
	double sum;
} jreader;

enum jrole { J_NONE, J_ROOT, J_CAMPAIGN, J_UNITS, J_UNIT, J_AS_OF, J_SUBMITTED, J_PERCENT };

typedef struct junit {
	int submitted;
	int has_percent;
	double percent;
} junit;

static void jws(jreader *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int jlit(jreader *j, const char *lit)
{
	size_t n = strlen(lit);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0)
		return 0;
	j->p += n;
	return 1;
}

/* A string; its raw bytes (escapes undone only for plain ones) go to buf
 * when buf is not NULL, truncated to cap-1. */
static int jstring(jreader *j, char *buf, size_t cap)
{
	size_t n = 0;
	if (j->p >= j->end || *j->p != '"')
		return 0;
	j->p++;
	while (j->p < j->end && *j->p != '"') {
		char c = *j->p++;
		if ((unsigned char)c < 0x20)
			return 0;
		if (c == '\\') {
			if (j->p >= j->end)
				return 0;
			c = *j->p++;
			if (c == 'u') {
				for (int i = 0; i < 4; i++, j->p++)
					if (j->p >= j->end || !strchr("0123456789abcdefABCDEF", *j->p) || !*j->p)
						return 0;
				c = '?';
			} else if (!strchr("\"\\/bfnrt", c) || !c) {
				return 0;
			}
		}
		if (buf && n + 1 < cap)
			buf[n++] = c;
	}
	if (j->p >= j->end)
		return 0;
	j->p++;
	if (buf && cap)
		buf[n] = '\0';
	return 1;
}

static int jnumber(jreader *j, double *v)
{
	const char *s = j->p;
	char tmp[64];
	char *e;
	size_t n;
	while (j->p < j->end && strchr("+-0123456789.eE", *j->p) && *j->p)
		j->p++;
	n = (size_t)(j->p - s);
	if (n == 0 || n >= sizeof(tmp))
		return n != 0; /* absurdly long numbers are skipped, not read */
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	*v = strtod(tmp, &e);
	/* 1e999 is well-formed JSON but no figure this program wrote */
	return *e == '\0' && isfinite(*v);
}

/* YYYY-MM-DD: the previous as_of is printed in the report, so anything
 * else (escapes undone as '?', stray bytes) is left out. */
static int iso_date_shape(const char *d)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? d[i] != '-' : !(d[i] >= '0' && d[i] <= '9'))
			return 0;
	return d[10] == '\0';
}

static int jvalue(jreader *j, enum jrole role, int depth, junit *unit);

static enum jrole child_role(enum jrole parent, const char *k)
{
	if (parent == J_ROOT && strcmp(k, "campaign") == 0)
		return J_CAMPAIGN;
	if (parent == J_ROOT && strcmp(k, "units") == 0)
		return J_UNITS;
	if (parent == J_CAMPAIGN && strcmp(k, "as_of") == 0)
		return J_AS_OF;
	if (parent == J_UNIT && strcmp(k, "submitted") == 0)
		return J_SUBMITTED;
	if (parent == J_UNIT && strcmp(k, "percent") == 0)
		return J_PERCENT;
	return J_NONE;
}

static int jobject(jreader *j, enum jrole role, int depth)
{
	junit unit = {0, 0, 0.0};
	j->p++;
	jws(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		return 1;
	}
	for (;;) {
		char k[32];
		jws(j);
		if (!jstring(j, k, sizeof(k)))
			return 0;
		jws(j);
		if (j->p >= j->end || *j->p != ':')
			return 0;
		j->p++;
		jws(j);
		if (!jvalue(j, child_role(role, k), depth + 1, &unit))
			return 0;
		jws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == '}') {
			j->p++;
			break;
		}
		return 0;
	}
	if (role == J_UNIT && unit.submitted) {
		j->out->submitted++;
		if (unit.has_percent)
			j->sum += unit.percent;
	}
	return 1;
}

static int jarray(jreader *j, enum jrole role, int depth)
{
	j->p++;
	jws(j);
	if (j->p < j->end && *j->p == ']') {
		j->p++;
		return 1;
	}
	for (;;) {
		jws(j);
		if (!jvalue(j, role == J_UNITS ? J_UNIT : J_NONE, depth + 1, NULL))
			return 0;
		jws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == ']') {
			j->p++;
			return 1;
		}
		return 0;
	}
}

static int jvalue(jreader *j, enum jrole role, int depth, junit *unit)
{
	if (depth > HZ_MAX_PREVIOUS_JSON_DEPTH || j->p >= j->end)
		return 0;
	switch (*j->p) {
	case '{':
		return jobject(j, role == J_ROOT || role == J_CAMPAIGN || role == J_UNIT ? role : J_NONE, depth);
	case '[':
		return jarray(j, role == J_UNITS ? J_UNITS : J_NONE, depth);
	case '"':
		if (role == J_AS_OF) {
			char d[16];
			if (!jstring(j, d, sizeof(d)))
				return 0;
			if (iso_date_shape(d))
				memcpy(j->out->as_of, d, 11);
			return 1;
		}
		return jstring(j, NULL, 0);
	case 't':
		if (role == J_SUBMITTED && unit)
			unit->submitted = 1;
		return jlit(j, "true");
	case 'f':
		return jlit(j, "false");
	case 'n':
		return jlit(j, "null");
	default: {
		double v = 0.0;
		if (!jnumber(j, &v))
			return 0;
		if (role == J_PERCENT && unit) {
			unit->has_percent = 1;
			unit->percent = v;
		}
		return 1;
	}
	}
}

void hz_previous_read(hz_previous *p, const char *path)
{
	FILE *f = NULL;
	char *buf = NULL;
	long size;
	jreader j;

	memset(p, 0, sizeof(*p));
	f = hz_fopen_regular(path); /* a FIFO there must not block the run */
	if (!f)
		return;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || (unsigned long)size > HZ_MAX_PREVIOUS_JSON_BYTES ||
	    fseek(f, 0, SEEK_SET) != 0)
		goto done;
	buf = malloc((size_t)size + 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size)
		goto done;
	buf[size] = '\0';
	memset(&j, 0, sizeof(j));
	j.p = buf;
	j.end = buf + size;
	j.out = p;
	if (size >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		j.p += 3;
	jws(&j);
	if (j.p >= j.end || *j.p != '{' || !jvalue(&j, J_ROOT, 0, NULL)) {
		memset(p, 0, sizeof(*p));
		goto done;
	}
	jws(&j);
	if (j.p != j.end) {
		memset(p, 0, sizeof(*p));
		goto done;
	}
	p->present = true;
	p->average = p->submitted ? hz_round(j.sum / (double)p->submitted, 2) : 0.0;
done:
	free(buf);
	if (f)
		fclose(f);
}
