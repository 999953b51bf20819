/*
 * 汇总报告's section 阶段工作推进情况 (SPEC 9.4), right after 总体情况: the
 * phases in deadline order — the [phases] ones, the self-assessment
 * (自查自评, with a deadline) and the rectification round (整改) — with how
 * many units filed on time, late, not at all, or are not yet due; then the
 * units with a missing phase, inline up to [report] inline_units, else in
 * the attachment 阶段材料未报送单位名单.  Figures derived once per report.
 */
#ifndef HZ_REPORT_PHASES_H
#define HZ_REPORT_PHASES_H

#include <stdbool.h>
#include <stddef.h>

#include "dynbuf.h"
#include "hzerr.h"
#include "model.h"
#include "write/tmpl.h"

typedef struct report_phase_row {
	size_t no;
	const char *name;
	char deadline[11];      /* "" when none (整改 without rectify_by) */
	size_t on_time, late, none, pending;
	int order;              /* ties on the deadline: 自查自评, 整改, then campaign.ini order */
} report_phase_row;

typedef struct report_phase_unit {
	const hz_results *r;
	const hz_unit *u;
	size_t no;
} report_phase_unit;

typedef struct report_phases {
	report_phase_row *rows;
	size_t nrows;
	report_phase_unit *missing; /* units with a missing phase, roster order */
	size_t nmissing;
} report_phases;

/* Empty (nothing allocated) without [phases]. */
HZ_MUST_USE hz_code report_phases_init(report_phases *p, const hz_results *r);
void report_phases_release(report_phases *p);

/* The units with a missing phase in a sentence: 区交通运输局（创建方案）、… */
HZ_MUST_USE hz_code report_phases_missing_list(const report_phases *p, dynbuf *out);

/* The list schemas: phase_rows (no, name, deadline, on_time, late, none,
 * pending) and phase_missing (no, name, group, phases). */
extern const tmpl_schema report_phase_row_schema;
extern const tmpl_schema report_phase_unit_schema;

#endif
