#include "write/rankings_phases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hz_limits.h"

#include "banned.h"

#define TRY(expr)                          \
	do {                               \
		if ((rc = (expr)) != HZ_OK) \
			goto out;          \
	} while (0)

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

hz_code rk_write_phases(rk_ctx *c)
{
	const hz_results *r = c->r;
	const size_t np = r->settings.nphases, ncols = 2 + 2 * np;
	/* 2 + 2 × HZ_MAX_PHASES headers, each a name of at most 20 characters and its column's word */
	char text[2 + 2 * HZ_MAX_PHASES][128];
	const char *headers[2 + 2 * HZ_MAX_PHASES];
	lxw_worksheet *ws;
	xw_widths cw = {0};
	lxw_row_t row = 0;
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
	TRY(start_sheet(c, "阶段报送", headers, ncols, &cw, &ws));
	worksheet_freeze_panes(ws, 1, 1);
	for (size_t i = 0; i < r->nunits && !sheet_full(row); i++) {
		const hz_unit *u = &r->units[i];
		row++;
		TRY(put_text(c, ws, &cw, row, 0, u->name, NULL));
		TRY(put_text(c, ws, &cw, row, 1, u->group, NULL));
		for (size_t p = 0; p < np && p < u->nphases; p++) {
			const hz_unit_phase *up = &u->phases[p];
			lxw_col_t col = (lxw_col_t)(2 + 2 * p);
			if (up->file) {
				xw_widths_note(&cw, col, up->date);
				TRY(xw_date(ws, row, col, up->date, c->f.date, c->err));
			} else {
				TRY(put_text(c, ws, &cw, row, col, status_zh(up->status), c->f.center));
			}
			TRY(put_text(c, ws, &cw, row, col + 1, status_zh(up->status), c->f.center));
		}
	}
	if (sheet_full(row))
		TRY(put_overflow(c, ws, &cw, ++row));
	TRY(finish_sheet(c, ws, &cw, row));
out:
	xw_widths_release(&cw);
	return rc;
}
