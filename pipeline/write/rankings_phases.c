#include "write/rankings_phases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hz_limits.h"

#include "banned.h"

static const char *status_zh(hz_phase_status s)
{
	switch (s) {
	case HZ_PHASE_ON_TIME:
		return "按时";
	case HZ_PHASE_LATE:
		return "逾期";
	case HZ_PHASE_MISSING:
		return "未报送";
	case HZ_PHASE_PENDING:
		return "未到期";
	}
	return "";
}

hz_code rk_phases_write(rk_frame *f)
{
	const hz_results *r = f->r;
	const size_t np = r->settings.nphases, ncols = 2 + 2 * np;
	/* 2 + 2 × HZ_MAX_PHASES headers, each a name of at most 20 characters and its column's word */
	char text[2 + 2 * HZ_MAX_PHASES][128];
	const char *headers[2 + 2 * HZ_MAX_PHASES];
	rk_sheet *s;
	size_t row = 0;
	hz_code rc = HZ_OK;

	if (!r->phase_summary || !np || np > HZ_MAX_PHASES)
		return HZ_OK;
	headers[0] = "单位";
	headers[1] = "分组";
	for (size_t p = 0; p < np; p++) {
		snprintf(text[2 + 2 * p], sizeof(text[0]), "%s报送日期", r->settings.phases[p].name);
		snprintf(text[3 + 2 * p], sizeof(text[0]), "%s状态", r->settings.phases[p].name);
		headers[2 + 2 * p] = text[2 + 2 * p];
		headers[3 + 2 * p] = text[3 + 2 * p];
	}
	HZ_TRY(rk_frame_start_sheet(f, "阶段报送", headers, ncols, &s));
	rk_frame_freeze(s, 1, 1);
	for (size_t i = 0; i < r->nunits && !rk_frame_full(row); i++) {
		const hz_unit *u = &r->units[i];
		row++;
		HZ_TRY(rk_frame_text(s, row, 0, u->name, RK_TEXT));
		HZ_TRY(rk_frame_text(s, row, 1, u->group, RK_TEXT));
		for (size_t p = 0; p < np && p < u->nphases; p++) {
			const hz_unit_phase *up = &u->phases[p];
			const size_t col = 2 + 2 * p;
			if (up->file) {
				HZ_TRY(rk_frame_date(s, row, col, up->date));
			} else {
				HZ_TRY(rk_frame_text(s, row, col, status_zh(up->status), RK_CENTER));
			}
			HZ_TRY(rk_frame_text(s, row, col + 1, status_zh(up->status), RK_CENTER));
		}
	}
	if (rk_frame_full(row))
		HZ_TRY(rk_frame_overflow(s, ++row));
	HZ_TRY(rk_frame_finish(s, 0, row));
out:
	return rc;
}
