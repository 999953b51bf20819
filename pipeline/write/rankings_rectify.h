/*
 * 排名.xlsx's sheet 整改台账 (SPEC 7.3): one row per unit and task to
 * rectify — unit, task, the problem at the assessment, 已整改/未整改, the
 * rectified form's file and date — with a filter and a frozen header.
 * Written by hz_rankings_write only when the round is present.
 */
#ifndef HZ_RANKINGS_RECTIFY_H
#define HZ_RANKINGS_RECTIFY_H

#include <xlsxwriter.h>

#include "hzerr.h"
#include "model.h"

/* The workbook's own formats (rankings.c's), passed in: a second format
 * equal to one already used never gets its own index in libxlsxwriter, so
 * every cell written with it would be looked up in the format table again. */
typedef struct hz_rankings_rectify_formats {
	lxw_format *header, *text, *wrap, *center, *date;
} hz_rankings_rectify_formats;

/* Adds the sheet to wb (streaming: written top to bottom).  Does nothing
 * when r->has_rectification is false. */
hz_code hz_rankings_rectify_sheet(lxw_workbook *wb, const hz_results *r, const hz_rankings_rectify_formats *f,
				  hz_error *err);

#endif
