/*
 * The chart part (c:chartSpace) of a chart drawn from the results: column
 * or line groups of series over one list of categories, each point with
 * its cached value (Word and LibreOffice draw it without recalculating),
 * formulas naming Sheet1 of the embedded workbook: categories in A2:A(n+1),
 * series s's name in row 1 and its values below, in column B + s.  The one
 * place chart XML is written; a document describes its chart and fills the
 * values.
 */
#ifndef HZ_OOXML_CHART_H
#define HZ_OOXML_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "dynbuf.h"
#include "hzerr.h"

typedef enum ooxml_chart_kind {
	OOXML_CHART_COLUMNS, /* clustered columns */
	OOXML_CHART_LINES    /* lines with round markers */
} ooxml_chart_kind;

/* Text of labels and axes, 10 pt Times New Roman: */
typedef enum ooxml_chart_font {
	OOXML_FONT_LATIN,      /* alone */
	OOXML_FONT_CJK,        /* with 仿宋_GB2312 for Chinese */
	OOXML_FONT_CJK_LEVEL   /* 9 pt, with 仿宋_GB2312, level (wrapped, never turned): long category names */
} ooxml_chart_font;

typedef struct ooxml_chart_series {
	const char *name;      /* escaped here */
	const char *color;     /* RRGGBB */
	const char *label_pos; /* its data labels' c:dLblPos ("t", "b"), or NULL */
} ooxml_chart_series;

/* Series [first, first + n) drawn as one group, on its own pair of axes. */
typedef struct ooxml_chart_group {
	ooxml_chart_kind kind;
	size_t first, n;
	int overlap;                /* columns: c:overlap when not 0 */
	unsigned cat_axis, val_axis; /* axis ids, unique in the chart */
	bool cat_hidden;            /* the category axis not shown (a second group's) */
	bool val_right;             /* the value axis on the right, crossing at the maximum, no gridlines */
	const char *val_max;        /* the value axis' maximum, or NULL */
	unsigned major_unit;        /* the value axis' c:majorUnit when not 0 */
} ooxml_chart_group;

typedef struct ooxml_chart {
	const ooxml_chart_series *series;
	size_t nseries;
	const ooxml_chart_group *groups;
	size_t ngroups;
	size_t npoints;
	const void *ctx;
	/* point i's category (raw UTF-8; escaped here), written into buf (n
	 * bytes) or returned as it is */
	const char *(*category)(const void *ctx, size_t i, char *buf, size_t n);
	/* series s's value at point i, as the number it caches */
	void (*value)(const void *ctx, size_t s, size_t i, char *buf, size_t n);
	ooxml_chart_font label_font, cat_font, val_font;
	bool legend;          /* below the plot */
	const char *data_rel; /* the relationship of its embedded workbook, or NULL */
} ooxml_chart;

/* Appends the chart part to out. */
HZ_MUST_USE hz_code ooxml_chart_xml(const ooxml_chart *c, dynbuf *out);

#endif
