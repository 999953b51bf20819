/*
 * The charts a template draws in word/document.xml, found by the name of
 * their drawing, and the parts each names (its embedded workbook, style
 * and colour parts): what a document needs to redraw one or take it out.
 */
#ifndef HZ_OOXML_DRAWING_H
#define HZ_OOXML_DRAWING_H

#include <stdbool.h>
#include <stddef.h>

#include "hzerr.h"
#include "write/ooxml/rels.h"
#include "write/ooxml/template.h"

/* Where a named chart lives in the template. */
typedef struct ooxml_chart_place {
	char rel_id[128];                /* its relationship in word/_rels/document.xml.rels */
	char part[OOXML_PART_MAX];       /* word/charts/chart1.xml */
	char rels[OOXML_PART_MAX + 16];  /* word/charts/_rels/chart1.xml.rels */
} ooxml_chart_place;

/*
 * Finds the chart whose drawing is named `name` in word/document.xml: the
 * name of its wp:docPr (Word: 选择窗格 / Selection Pane), or, failing any
 * such name, its alternative text (descr).  *found is false when the
 * template has no such chart (or its relationship is not a part of the
 * package); that is not an error.  HZ_E_TEMPLATE when a part it reads is
 * malformed.
 */
HZ_MUST_USE hz_code ooxml_chart_find(const ooxml_template *doc, const char *name, ooxml_chart_place *out, bool *found,
			 hz_error *err);

/*
 * The parts a chart's own relationships name inside the package, appended
 * to names as strdup'ed strings (caller frees each and the array).
 */
HZ_MUST_USE hz_code ooxml_chart_targets(const ooxml_template *doc, const ooxml_chart_place *c, char ***names, size_t *n,
			    hz_error *err);

#endif
