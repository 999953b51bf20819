/*
 * 排名.xlsx's sheet 整改台账 (SPEC 7.3): one row per unit and task to
 * rectify — unit, task, the problem at the assessment, 已整改/未整改, the
 * rectified form's file and date — with a filter and a frozen header,
 * written with the frame (rankings_frame.h) like every sheet.
 */
#ifndef HZ_RANKINGS_RECTIFY_H
#define HZ_RANKINGS_RECTIFY_H

#include "hzerr.h"
#include "write/rankings_frame.h"

/* Adds the sheet (streaming: top to bottom); nothing when the campaign has
 * no rectification round (r->has_rectification false). */
HZ_MUST_USE hz_code rk_rectify_write(rk_frame *f);

#endif
