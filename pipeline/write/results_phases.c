#include "write/results_phases.h"

#include "write/json_string.h"

#include "banned.h"

/* results.json's name of a phase status (SPEC 9.3). */
static const char *status_name(hz_phase_status s)
{
	switch (s) {
	case HZ_PHASE_ON_TIME:
		return "on_time";
	case HZ_PHASE_LATE:
		return "late";
	case HZ_PHASE_MISSING:
		return "missing";
	case HZ_PHASE_PENDING:
		return "pending";
	}
	return "missing";
}

void hz_results_put_unit_phases(FILE *o, const hz_results *r, const hz_unit *u)
{
	fputs("\"phases\": [", o);
	for (size_t p = 0; p < r->settings.nphases && p < u->nphases; p++) {
		const hz_unit_phase *up = &u->phases[p];
		fputs(p ? ",\n      {\"name\": " : "\n      {\"name\": ", o);
		hz_json_put_string(o, r->settings.phases[p].name);
		fputs(", \"deadline\": ", o);
		hz_json_put_string(o, r->settings.phases[p].deadline);
		fputs(", \"status\": ", o);
		hz_json_put_string(o, status_name(up->status));
		fputs(", \"file\": ", o);
		if (up->file)
			hz_json_put_string(o, up->file);
		else
			fputs("null", o);
		fputs(", \"date\": ", o);
		if (up->file)
			hz_json_put_string(o, up->date);
		else
			fputs("null", o);
		putc('}', o);
	}
	fputs(u->nphases ? "\n     ]" : "]", o);
}

void hz_results_put_phase_summary(FILE *o, const hz_results *r)
{
	fputs("  \"phase_summary\": [", o);
	for (size_t p = 0; p < r->settings.nphases; p++) {
		const hz_phase_count *c = &r->phase_summary[p];
		fputs(p ? ",\n    {\"name\": " : "\n    {\"name\": ", o);
		hz_json_put_string(o, r->settings.phases[p].name);
		fputs(", \"deadline\": ", o);
		hz_json_put_string(o, r->settings.phases[p].deadline);
		fprintf(o, ", \"on_time\": %zu, \"late\": %zu, \"missing\": %zu, \"pending\": %zu}", c->on_time, c->late,
			c->missing, c->pending);
	}
	fputs(r->settings.nphases ? "\n  ],\n" : "],\n", o);
}
