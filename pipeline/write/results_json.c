#include "write/results_json.h"
#include "write/results_phases.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hz_limits.h"
#include "hz_open.h"
#include "text/vocab.h"
#include "write/outfile.h"

#include "banned.h"

/* ------------------------------------------------------------------ writing */

void hz_json_put_string(FILE *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	putc('"', o);
	while (*p) {
		unsigned char c = *p;
		if (c < 0x80) {
			switch (c) {
			case '"':
				fputs("\\\"", o);
				break;
			case '\\':
				fputs("\\\\", o);
				break;
			case '\n':
				fputs("\\n", o);
				break;
			case '\r':
				fputs("\\r", o);
				break;
			case '\t':
				fputs("\\t", o);
				break;
			case '\b':
				fputs("\\b", o);
				break;
			case '\f':
				fputs("\\f", o);
				break;
			default:
				if (c < 0x20)
					fprintf(o, "\\u%04x", c);
				else
					putc(c, o);
			}
			p++;
			continue;
		}
		{
			size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
			unsigned long cp = n == 4 ? (c & 0x07u) : n == 3 ? (c & 0x0Fu) : (c & 0x1Fu);
			int ok = n != 0 && c < 0xF5 && c != 0xC0 && c != 0xC1;
			for (size_t i = 1; ok && i < n; i++) {
				if ((p[i] & 0xC0) != 0x80)
					ok = 0;
				else
					cp = (cp << 6) | (p[i] & 0x3Fu);
			}
			if (ok && ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
				   (cp >= 0xD800 && cp <= 0xDFFF)))
				ok = 0;
			if (!ok) {
				fputs("\xEF\xBF\xBD", o);
				p++;
				continue;
			}
			fwrite(p, 1, n, o);
			p += n;
		}
	}
	putc('"', o);
}

static void put_str_or_null(FILE *o, const char *s)
{
	if (s && s[0])
		hz_json_put_string(o, s);
	else
		fputs("null", o);
}

/* Most numbers here are scores and percents of at most two decimals:
 * written from their digits, they print as %.15g prints them (the nearest
 * double to n/10^k, k <= 2, |n| < 10^11, rounds back to n/10^k at 15
 * digits, in fixed notation with no trailing zeros) without the printf
 * and strtod round trips, a third of results.json's time.  0 when v is
 * not such a number. */
static int put_decimal(FILE *o, double v)
{
	static const double scale[] = {1, 10, 100};
	char buf[40];
	size_t at = sizeof(buf);
	long long n = 0;
	int k;

	for (k = 0; k < 3; k++) {
		double m = v * scale[k];
		if (!(m > -1e11 && m < 1e11))
			return 0;
		n = llround(m);
		if ((double)n / scale[k] == v)
			break;
	}
	if (k == 3 || (n == 0 && v != 0))
		return 0;
	{
		unsigned long long a = n < 0 ? (unsigned long long)(-n) : (unsigned long long)n;
		int digits = 0;
		buf[--at] = '\0';
		/* the fraction's digits, trailing zeros dropped */
		for (int d = 0; d < k; d++, a /= 10) {
			const char ch = (char)('0' + (int)(a % 10));
			if (digits || ch != '0')
				buf[--at] = ch, digits++;
		}
		if (digits)
			buf[--at] = '.';
		do {
			buf[--at] = (char)('0' + (int)(a % 10));
			a /= 10;
		} while (a);
		if (n < 0)
			buf[--at] = '-';
	}
	fputs(buf + at, o);
	return 1;
}

/* The shortest of %.15g, %.16g, %.17g that reads back as the same double:
 * 87.5 rather than 87.500000000000014, and still exact. */
static void put_num(FILE *o, double v)
{
	char buf[40];
	if (!isfinite(v)) {
		fputs("null", o);
		return;
	}
	if (v == 0.0)
		v = 0.0; /* no "-0" */
	if (put_decimal(o, v))
		return;
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	fputs(buf, o);
}

static void put_bool(FILE *o, bool b)
{
	fputs(b ? "true" : "false", o);
}

static void key(FILE *o, const char *k)
{
	hz_json_put_string(o, k);
	fputs(": ", o);
}

static void put_notes(FILE *o, const char *name, const hz_file_note *v, size_t n, int last)
{
	fprintf(o, "  \"%s\": [", name);
	for (size_t i = 0; i < n; i++) {
		const hz_file_note *e = &v[i];
		fputs(i ? ",\n    {" : "\n    {", o);
		key(o, "file");
		hz_json_put_string(o, e->file);
		/* reviews (SPEC 6.1): where in the file */
		if (e->sheet) {
			fputs(", ", o);
			key(o, "sheet");
			hz_json_put_string(o, e->sheet);
		}
		if (e->row > 0) {
			fputs(", ", o);
			fprintf(o, "\"row\": %d", e->row);
		}
		if (strcmp(name, "rejected") == 0) {
			fputs(", ", o);
			key(o, "reason");
			hz_json_put_string(o, e->text);
		} else if (strcmp(name, "superseded") == 0) {
			fputs(", ", o);
			key(o, "unit");
			hz_json_put_string(o, e->unit);
			fputs(", ", o);
			key(o, "by");
			hz_json_put_string(o, e->by);
		} else if (strcmp(name, "unknown_units") == 0) {
			fputs(", ", o);
			key(o, "text");
			hz_json_put_string(o, e->text);
		} else {
			fputs(", ", o);
			key(o, "kind");
			hz_json_put_string(o, e->kind);
			fputs(", ", o);
			key(o, "text");
			hz_json_put_string(o, e->text);
		}
		putc('}', o);
	}
	fputs(n ? "\n  ]" : "]", o);
	fputs(last ? "\n" : ",\n", o);
}

/* SPEC 7.2: task ids of the tasks to rectify (closed: 1 the closed ones,
 * 0 the open ones, -1 all), in checklist order. */
static void put_rect_ids(FILE *o, const hz_results *r, const hz_rectification *rc, int closed)
{
	int first = 1;
	putc('[', o);
	for (size_t k = 0; k < rc->ntasks; k++) {
		if (closed >= 0 && rc->closed[k] != (closed == 1))
			continue;
		if (!first)
			fputs(", ", o);
		first = 0;
		hz_json_put_string(o, rc->tasks[k] < r->ntasks ? r->tasks[rc->tasks[k]].id : "");
	}
	putc(']', o);
}

static void put_rectification(FILE *o, const hz_results *r, const hz_rectification *rc)
{
	if (!rc) {
		fputs("null", o);
		return;
	}
	putc('{', o);
	key(o, "file");
	put_str_or_null(o, rc->has_form ? rc->file : NULL);
	fputs(", ", o);
	key(o, "date");
	put_str_or_null(o, rc->has_form ? rc->date : NULL);
	fputs(", ", o);
	key(o, "late");
	put_bool(o, rc->late);
	fputs(",\n      ", o);
	key(o, "to_rectify");
	put_rect_ids(o, r, rc, -1);
	fputs(", ", o);
	key(o, "closed");
	put_rect_ids(o, r, rc, 1);
	fputs(", ", o);
	key(o, "open");
	put_rect_ids(o, r, rc, 0);
	fputs(",\n      ", o);
	key(o, "percent");
	if (rc->has_form)
		put_num(o, rc->percent);
	else
		fputs("null", o);
	fputs(", ", o);
	key(o, "grade");
	put_str_or_null(o, rc->has_form ? rc->grade : NULL);
	fputs(", ", o);
	key(o, "reached");
	put_bool(o, rc->reached);
	putc('}', o);
}

/* SPEC 6.5: review, final and overrated; null when the unit was not reviewed. */
static void put_review(FILE *o, const hz_results *r, const hz_unit *u)
{
	const hz_review *rv = u->review;

	if (!rv) {
		fputs("\"review\": null, \"final\": null, \"overrated\": null", o);
		return;
	}
	key(o, "review");
	putc('{', o);
	key(o, "file");
	hz_json_put_string(o, rv->file);
	fputs(", ", o);
	key(o, "sheet");
	put_str_or_null(o, rv->sheet);
	if (rv->row > 0)
		fprintf(o, ", \"row\": %d", rv->row);
	fputs(", ", o);
	key(o, "group");
	hz_json_put_string(o, rv->group);
	fputs(", ", o);
	key(o, "date");
	put_str_or_null(o, rv->date);
	if (rv->row > 0) {
		fputs(", ", o);
		key(o, "comment");
		put_str_or_null(o, rv->comment);
	}
	fputs(", ", o);
	key(o, "score");
	put_num(o, rv->score);
	fputs(", ", o);
	key(o, "percent");
	put_num(o, rv->percent);
	fputs(",\n      ", o);
	key(o, "tasks");
	putc('[', o);
	for (size_t i = 0; i < rv->ntasks && i < r->ntasks; i++) {
		const hz_review_task *t = &rv->tasks[i];
		fputs(i ? ",\n       {" : "\n       {", o);
		key(o, "id");
		hz_json_put_string(o, r->tasks[i].id);
		fputs(", ", o);
		key(o, "score");
		put_num(o, t->score);
		fputs(", ", o);
		key(o, "final");
		put_num(o, t->final);
		fputs(", ", o);
		key(o, "comment");
		put_str_or_null(o, t->comment);
		putc('}', o);
	}
	fputs(rv->ntasks ? "\n      ]},\n     " : "]},\n     ", o);
	key(o, "final");
	putc('{', o);
	key(o, "score");
	put_num(o, rv->final_score);
	fputs(", ", o);
	key(o, "percent");
	put_num(o, rv->final_percent);
	fputs(", ", o);
	key(o, "rank");
	fprintf(o, "%d", rv->final_rank);
	fputs(", ", o);
	key(o, "grade");
	put_str_or_null(o, rv->final_grade);
	fputs("}, ", o);
	key(o, "overrated");
	put_bool(o, u->overrated);
}

static void put_unit(FILE *o, const hz_results *r, const hz_unit *u)
{
	fputs("    {", o);
	key(o, "name");
	hz_json_put_string(o, u->name);
	fputs(", ", o);
	key(o, "group");
	hz_json_put_string(o, u->group);
	fputs(", ", o);
	key(o, "submitted");
	put_bool(o, u->submitted);
	fputs(", ", o);
	key(o, "file");
	put_str_or_null(o, u->submitted ? u->file : NULL);
	fputs(", ", o);
	key(o, "date");
	put_str_or_null(o, u->submitted ? u->date : NULL);
	fputs(",\n     ", o);
	key(o, "late");
	put_bool(o, u->late);
	fputs(", ", o);
	key(o, "narrative");
	put_bool(o, u->narrative);
	fputs(", ", o);
	key(o, "score");
	if (u->submitted)
		put_num(o, u->score);
	else
		fputs("null", o);
	fputs(", ", o);
	key(o, "percent");
	if (u->submitted)
		put_num(o, u->percent);
	else
		fputs("null", o);
	fputs(", ", o);
	key(o, "completion");
	if (u->submitted)
		put_num(o, u->completion);
	else
		fputs("null", o);
	fputs(", ", o);
	key(o, "rank");
	if (u->submitted && u->rank > 0)
		fprintf(o, "%d", u->rank);
	else
		fputs("null", o);
	fputs(", ", o);
	key(o, "grade");
	put_str_or_null(o, u->submitted ? u->grade : NULL);
	fputs(", ", o);
	key(o, "lagging");
	put_bool(o, u->lagging);
	fputs(",\n     ", o);

	key(o, "categories");
	putc('[', o);
	for (size_t i = 0; u->submitted && i < u->ncategories; i++) {
		fputs(i ? ", {" : "{", o);
		key(o, "name");
		hz_json_put_string(o, u->categories[i].name);
		fputs(", ", o);
		key(o, "score");
		put_num(o, u->categories[i].score);
		fputs(", ", o);
		key(o, "max");
		put_num(o, u->categories[i].max);
		putc('}', o);
	}
	fputs("],\n     ", o);

	key(o, "tasks");
	putc('[', o);
	for (size_t i = 0; u->submitted && i < u->ntasks && i < r->ntasks; i++) {
		const hz_task_result *t = &u->tasks[i];
		fputs(i ? ",\n      {" : "\n      {", o);
		key(o, "id");
		hz_json_put_string(o, r->tasks[i].id);
		fputs(", ", o);
		key(o, "status");
		hz_json_put_string(o, hz_status_name(t->status));
		fputs(", ", o);
		key(o, "score");
		put_num(o, t->score);
		fputs(", ", o);
		key(o, "count");
		if (t->has_count)
			put_num(o, t->count);
		else
			fputs("null", o);
		putc('}', o);
	}
	fputs(u->submitted && u->ntasks ? "\n     ],\n     " : "],\n     ", o);

	key(o, "rectification"); /* SPEC 7.2: null without the round */
	put_rectification(o, r, u->rectification);
	fputs(",\n     ", o);

	key(o, "problems");
	putc('[', o);
	for (size_t i = 0; i < u->nproblems; i++) {
		const hz_problem *p = &u->problems[i];
		fputs(i ? ",\n      {" : "\n      {", o);
		key(o, "kind");
		hz_json_put_string(o, p->kind);
		fputs(", ", o);
		key(o, "task");
		put_str_or_null(o, p->task);
		fputs(", ", o);
		key(o, "text");
		hz_json_put_string(o, p->text);
		if (p->phase) { /* SPEC 9.3 */
			fputs(", ", o);
			key(o, "phase");
			hz_json_put_string(o, p->phase);
		}
		putc('}', o);
	}
	fputs(u->nproblems ? "\n     ],\n     " : "],\n     ", o);
	if (r->phase_summary) { /* SPEC 9.3: only with [phases] */
		hz_results_put_unit_phases(o, r, u);
		fputs(",\n     ", o);
	}
	put_review(o, r, u);
	putc('}', o);
}

static void put_results(FILE *o, const hz_results *r)
{
	const hz_settings *s = &r->settings;
	char tz[8];
	int m = s->tz_minutes < 0 ? -s->tz_minutes : s->tz_minutes;
	snprintf(tz, sizeof(tz), "%c%02d:%02d", s->tz_minutes < 0 ? '-' : '+', (m / 60) % 100, m % 60);

	fputs("{\n  \"campaign\": {", o);
	key(o, "title");
	hz_json_put_string(o, s->title);
	fputs(", ", o);
	key(o, "issuer");
	hz_json_put_string(o, s->issuer);
	fputs(", ", o);
	key(o, "as_of");
	put_str_or_null(o, s->as_of);
	fputs(", ", o);
	key(o, "deadline");
	put_str_or_null(o, s->deadline);
	fputs(", ", o);
	key(o, "rectify_by");
	put_str_or_null(o, s->rectify_by);
	fputs(", ", o);
	key(o, "timezone");
	hz_json_put_string(o, tz);
	fputs("},\n", o);

	fputs("  \"summary\": {", o);
	fprintf(o, "\"units\": %zu, \"submitted\": %zu, \"on_time\": %zu, \"late\": %zu, \"lagging\": %zu, ",
		r->nunits, r->n_submitted, r->n_on_time, r->n_late, r->n_lagging);
	key(o, "average_percent");
	if (r->n_submitted)
		put_num(o, r->average_percent);
	else
		fputs("null", o);
	fputs("},\n", o);

	if (r->has_rectification) { /* SPEC 7.2: only when the round is present */
		const hz_rectification_summary *rs = &r->rectification_summary;
		fprintf(o,
			"  \"rectification_summary\": {\"units\": %zu, \"sent\": %zu, \"reached\": %zu, \"tasks\": %zu, "
			"\"closed\": %zu, \"open\": %zu},\n",
			rs->units, rs->sent, rs->reached, rs->tasks, rs->closed, rs->open);
	}

	if (r->phase_summary)
		hz_results_put_phase_summary(o, r);

	fputs("  \"checklist\": [", o);
	for (size_t i = 0; i < r->ntasks; i++) {
		const hz_task *t = &r->tasks[i];
		fputs(i ? ",\n    {" : "\n    {", o);
		key(o, "id");
		hz_json_put_string(o, t->id);
		fputs(", ", o);
		key(o, "category");
		hz_json_put_string(o, t->category);
		fputs(", ", o);
		key(o, "title");
		hz_json_put_string(o, t->title);
		fputs(", ", o);
		key(o, "max");
		put_num(o, t->max);
		fputs(", ", o);
		key(o, "min_count");
		if (t->min_count > 0)
			fprintf(o, "%d", t->min_count);
		else
			fputs("null", o);
		fputs(", ", o);
		key(o, "keywords");
		putc('[', o);
		for (size_t k = 0; k < t->nkeywords; k++) {
			if (k)
				fputs(", ", o);
			hz_json_put_string(o, t->keywords[k]);
		}
		putc(']', o);
		putc('}', o);
	}
	fputs(r->ntasks ? "\n  ],\n" : "],\n", o);

	fputs("  \"units\": [", o);
	for (size_t i = 0; i < r->nunits; i++) {
		fputs(i ? ",\n" : "\n", o);
		put_unit(o, r, &r->units[i]);
	}
	fputs(r->nunits ? "\n  ],\n" : "],\n", o);

	put_notes(o, "rejected", r->rejected, r->nrejected, 0);
	if (r->nconverted) {
		/* SPEC §10: absent when no file was converted */
		fputs("  \"converted\": [", o);
		for (size_t i = 0; i < r->nconverted; i++) {
			fputs(i ? ",\n    {" : "\n    {", o);
			key(o, "file");
			hz_json_put_string(o, r->converted[i].file);
			fputs(", ", o);
			key(o, "as");
			hz_json_put_string(o, r->converted[i].kind);
			putc('}', o);
		}
		fputs("\n  ],\n", o);
	}
	put_notes(o, "superseded", r->superseded, r->nsuperseded, 0);
	put_notes(o, "unknown_units", r->unknown_units, r->nunknown_units, 0);
	put_notes(o, "warnings", r->warnings, r->nwarnings, !r->has_reviews && !s->has_candidates);
	if (r->has_reviews) {
		/* SPEC 6.5 */
		fputs("  \"final_settings\": {", o);
		key(o, "self_weight");
		put_num(o, s->self_weight);
		fputs(", ", o);
		key(o, "review_weight");
		put_num(o, s->review_weight);
		fputs(", ", o);
		key(o, "overrate");
		put_num(o, s->overrate);
		fputs(s->has_candidates ? "},\n" : "}\n", o);
	}
	if (s->has_candidates) {
		/* SPEC 6.4 */
		fputs("  \"candidates\": [", o);
		for (size_t i = 0; i < r->ncandidates; i++) {
			const hz_candidate *c = &r->candidates[i];
			fputs(i ? ",\n    {" : "\n    {", o);
			key(o, "name");
			hz_json_put_string(o, c->unit < r->nunits ? r->units[c->unit].name : "");
			fputs(", ", o);
			key(o, "percent");
			put_num(o, c->percent);
			fputs(", ", o);
			key(o, "grade");
			put_str_or_null(o, c->grade);
			putc('}', o);
		}
		fputs(r->ncandidates ? "\n  ]\n" : "]\n", o);
	}
	fputs("}\n", o);
}

hz_code hz_results_json_stage(hz_results_file *f, const hz_results *r, const char *path, hz_error *err)
{
	size_t plen = strlen(path);
	FILE *o = NULL;
	int fd = -1;
	hz_code rc = HZ_OK;

	memset(f, 0, sizeof(*f));
	hz_error_file(err, path);
	f->path = strdup(path);
	f->tmp = malloc(plen + 64);
	if (!f->path || !f->tmp) {
		rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
		goto done;
	}
	if ((rc = hz_tmp_path(path, f->tmp, plen + 64, err)) != HZ_OK)
		goto done;
	fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		f->tmp[0] = '\0';
		rc = hz_error_set(err, HZ_E_WRITE, "cannot create a temporary file beside it: %s", strerror(errno));
		goto done;
	}
	/* results.json is for other programs too, whatever the umask */
	if (fchmod(fd, 0644) != 0) {
		rc = hz_error_set(err, HZ_E_WRITE, "cannot set its mode: %s", strerror(errno));
		goto done;
	}
	o = fdopen(fd, "wb");
	if (!o) {
		rc = hz_error_set(err, HZ_E_WRITE, "cannot open the temporary file: %s", strerror(errno));
		goto done;
	}
	fd = -1;
	put_results(o, r);
	if (fflush(o) != 0 || ferror(o) || fsync(fileno(o)) != 0) {
		rc = hz_error_set(err, HZ_E_WRITE, "cannot write: %s", strerror(errno));
		goto done;
	}
	if (fclose(o) != 0) {
		o = NULL;
		rc = hz_error_set(err, HZ_E_WRITE, "cannot write: %s", strerror(errno));
		goto done;
	}
	o = NULL;
done:
	if (o)
		fclose(o);
	if (fd >= 0)
		close(fd);
	if (rc != HZ_OK)
		hz_results_json_discard(f);
	return rc;
}

hz_code hz_results_json_commit(hz_results_file *f, hz_error *err)
{
	hz_code rc = HZ_OK;
	if (!f->tmp || !f->path)
		return hz_error_set(err, HZ_E_INTERNAL, "results.json was not staged");
	if (rename(f->tmp, f->path) != 0) {
		hz_error_file(err, f->path);
		rc = hz_error_set(err, HZ_E_WRITE, "cannot rename the temporary file into place: %s", strerror(errno));
		unlink(f->tmp);
	}
	free(f->tmp);
	free(f->path);
	memset(f, 0, sizeof(*f));
	return rc;
}

void hz_results_json_discard(hz_results_file *f)
{
	if (f->tmp && f->tmp[0])
		unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	memset(f, 0, sizeof(*f));
}

hz_code hz_results_json_write(const hz_results *r, const char *path, hz_error *err)
{
	hz_results_file f;
	hz_code rc = hz_results_json_stage(&f, r, path, err);
	return rc == HZ_OK ? hz_results_json_commit(&f, err) : rc;
}
