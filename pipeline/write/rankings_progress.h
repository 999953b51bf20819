/*
 * 排名.xlsx's sheet 进度 (SPEC 8.4): the nightly history, one row per as_of
 * date (r->history, this run included), and a line chart of submitted units
 * and the average percent by date.  Only when the history holds at least
 * two dates; with fewer, nothing is added.
 */
#ifndef HZ_WRITE_RANKINGS_PROGRESS_H
#define HZ_WRITE_RANKINGS_PROGRESS_H

#include "hzerr.h"
#include "write/rankings_frame.h"

/* Adds the sheet (last) when f->r->history has two dates or more. */
HZ_MUST_USE hz_code rk_progress_write(rk_frame *f);

#endif
