/*
 * 排名.xlsx's sheet 阶段报送 (SPEC 9.4): one row per roster unit — unit,
 * group, and per phase of [phases] its 报送日期 (the date, or 未报送 /
 * 未到期) and 状态 (按时 / 逾期 / 未报送 / 未到期).
 */
#ifndef HZ_RANKINGS_PHASES_H
#define HZ_RANKINGS_PHASES_H

#include "hzerr.h"
#include "write/rankings_frame.h"

/* Adds the sheet; nothing without [phases]. */
HZ_MUST_USE hz_code rk_phases_write(rk_frame *f);

#endif
