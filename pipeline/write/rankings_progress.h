/*
 * 排名.xlsx's sheet 进度 (SPEC 8.4): the nightly history, one row per as_of
 * date (r->history, this run included), and a line chart of submitted units
 * and the average percent by date.  Only when the history holds at least
 * two dates; with fewer, nothing is added.
 */
#ifndef HZ_WRITE_RANKINGS_PROGRESS_H
#define HZ_WRITE_RANKINGS_PROGRESS_H

#include <xlsxwriter.h>

#include "hzerr.h"
#include "model.h"

/* The sheet name, shared with the tests. */
#define HZ_PROGRESS_SHEET "进度"

/* Adds the sheet to wb (last) when r->history has two dates or more. */
hz_code hz_rankings_progress(lxw_workbook *wb, const hz_results *r, hz_error *err);

#endif
