#include "write/rankings_rectify.h"

#include <string.h>

#include "dynbuf.h"
#include "hz_limits.h"
#include "write/rectify_docs.h"

#include "banned.h"

hz_code rk_rectify_write(rk_frame *f)
{
	static const char *const headers[] = {"单位",     "分组",     "任务序号", "任务",     "考评时存在的问题",
					      "整改情况", "整改后自查自评表", "报送日期", "逾期报送"};
	enum { C_UNIT, C_GROUP, C_ID, C_TITLE, C_PROBLEM, C_STATE, C_FILE, C_DATE, C_LATE, NCOLS };
	const hz_results *r = f->r;
	rk_sheet *s;
	dynbuf problem;
	size_t row = 0;
	int full = 0;
	hz_code rc;

	if (!r->has_rectification)
		return HZ_OK;
	dynbuf_init(&problem, HZ_MAX_PART_BYTES);
	HZ_TRY(rk_frame_start_sheet(f, "整改台账", headers, NCOLS, &s));
	rk_frame_freeze(s, 1, 1);
	/* units in roster order, their tasks in checklist order */
	for (size_t i = 0; i < r->nunits && !full; i++) {
		const hz_unit *u = &r->units[i];
		const hz_rectification *rt = u->rectification;
		for (size_t k = 0; rt && k < rt->ntasks && !(full = rk_frame_full(row)); k++) {
			const hz_task *t = &r->tasks[rt->tasks[k]];
			row++;
			dynbuf_reset(&problem);
			if ((rc = dynbuf_addstr(&problem, "")) != HZ_OK ||
			    (rc = rectify_problem_text(r, u, rt->tasks[k], &problem)) != HZ_OK) {
				rc = hz_error_set(f->err, rc, "out of memory");
				goto out;
			}
			HZ_TRY(rk_frame_text(s, row, C_UNIT, u->name, RK_TEXT));
			HZ_TRY(rk_frame_text(s, row, C_GROUP, u->group, RK_TEXT));
			HZ_TRY(rk_frame_text(s, row, C_ID, t->id, RK_CENTER));
			HZ_TRY(rk_frame_text(s, row, C_TITLE, t->title, RK_WRAP));
			HZ_TRY(rk_frame_text(s, row, C_PROBLEM, dynbuf_str(&problem), RK_WRAP));
			HZ_TRY(rk_frame_text(s, row, C_STATE, rt->closed[k] ? RECTIFY_CLOSED : RECTIFY_OPEN, RK_CENTER));
			if (rt->has_form) {
				HZ_TRY(rk_frame_text(s, row, C_FILE, rt->file, RK_TEXT));
				HZ_TRY(rk_frame_date(s, row, C_DATE, rt->date));
				HZ_TRY(rk_frame_text(s, row, C_LATE, rt->late ? "是" : "否", RK_CENTER));
			} else {
				HZ_TRY(rk_frame_text(s, row, C_FILE, NULL, RK_TEXT));
				HZ_TRY(rk_frame_text(s, row, C_DATE, NULL, RK_DATE));
				HZ_TRY(rk_frame_text(s, row, C_LATE, NULL, RK_CENTER));
			}
		}
	}
	if (full)
		HZ_TRY(rk_frame_overflow(s, ++row));
	HZ_TRY(rk_frame_finish(s, 0, row));
out:
	dynbuf_release(&problem);
	return rc;
}
