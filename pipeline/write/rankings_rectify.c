#include "write/rankings_rectify.h"

#include <string.h>

#include "dynbuf.h"
#include "hz_limits.h"
#include "write/rectify_docs.h"

#include "banned.h"

#define TRY(expr)                          \
	do {                               \
		if ((rc = (expr)) != HZ_OK) \
			goto out;          \
	} while (0)

hz_code rk_write_rectification(rk_ctx *c)
{
	static const char *const headers[] = {"单位",     "分组",     "任务序号", "任务",     "考评时存在的问题",
					      "整改情况", "整改后自查自评表", "报送日期", "逾期报送"};
	enum { C_UNIT, C_GROUP, C_ID, C_TITLE, C_PROBLEM, C_STATE, C_FILE, C_DATE, C_LATE, NCOLS };
	const hz_results *r = c->r;
	lxw_worksheet *ws;
	xw_widths cw = {0};
	dynbuf problem;
	lxw_row_t row = 0;
	int full = 0;
	hz_code rc;

	if (!r->has_rectification)
		return HZ_OK;
	dynbuf_init(&problem, HZ_MAX_PART_BYTES);
	TRY(start_sheet(c, "整改台账", headers, NCOLS, &cw, &ws));
	worksheet_freeze_panes(ws, 1, 1);
	/* units in roster order, their tasks in checklist order */
	for (size_t i = 0; i < r->nunits && !full; i++) {
		const hz_unit *u = &r->units[i];
		const hz_rectification *rt = u->rectification;
		for (size_t k = 0; rt && k < rt->ntasks && !(full = sheet_full(row)); k++) {
			const hz_task *t = &r->tasks[rt->tasks[k]];
			row++;
			dynbuf_reset(&problem);
			if ((rc = dynbuf_addstr(&problem, "")) != HZ_OK ||
			    (rc = rectify_problem_text(r, u, rt->tasks[k], &problem)) != HZ_OK) {
				rc = hz_error_set(c->err, rc, "out of memory");
				goto out;
			}
			TRY(put_text(c, ws, &cw, row, C_UNIT, u->name, NULL));
			TRY(put_text(c, ws, &cw, row, C_GROUP, u->group, NULL));
			TRY(put_text(c, ws, &cw, row, C_ID, t->id, c->f.center));
			TRY(put_text(c, ws, &cw, row, C_TITLE, t->title, c->f.wrap));
			TRY(put_text(c, ws, &cw, row, C_PROBLEM, dynbuf_str(&problem), c->f.wrap));
			TRY(put_text(c, ws, &cw, row, C_STATE, rt->closed[k] ? RECTIFY_CLOSED : RECTIFY_OPEN, c->f.center));
			if (rt->has_form) {
				TRY(put_text(c, ws, &cw, row, C_FILE, rt->file, NULL));
				xw_widths_note(&cw, C_DATE, rt->date);
				TRY(xw_date(ws, row, C_DATE, rt->date, c->f.date, c->err));
				TRY(put_text(c, ws, &cw, row, C_LATE, rt->late ? "是" : "否", c->f.center));
			} else {
				TRY(put_text(c, ws, &cw, row, C_FILE, NULL, NULL));
				TRY(put_text(c, ws, &cw, row, C_DATE, NULL, c->f.date));
				TRY(put_text(c, ws, &cw, row, C_LATE, NULL, c->f.center));
			}
		}
	}
	if (full)
		TRY(put_overflow(c, ws, &cw, ++row));
	TRY(finish_sheet(c, ws, &cw, row));
out:
	xw_widths_release(&cw);
	dynbuf_release(&problem);
	return rc;
}
