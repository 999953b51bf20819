/*
 * The report's package around word/document.xml: finding a chart of the
 * template by its name, and taking a chart out (its part, the parts it
 * refers to, its relationship and content types) when its section is
 * absent.  The XML is the template's, read with libxml2 (no entities, no
 * network) and written back by it: the same template gives the same bytes.
 */
#ifndef HZ_REPORT_PACKAGE_H
#define HZ_REPORT_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "dynbuf.h"
#include "hzerr.h"
#include "write/tmpl.h"

#define REPORT_PKG_PART_MAX 512 /* a part name in a template; longer ones are not charts of ours */

/* Where a named chart lives in the template. */
typedef struct report_pkg_chart {
	char rel_id[128];                 /* its relationship in word/_rels/document.xml.rels */
	char part[REPORT_PKG_PART_MAX];   /* word/charts/chart1.xml */
	char rels[REPORT_PKG_PART_MAX + 16]; /* word/charts/_rels/chart1.xml.rels */
} report_pkg_chart;

/*
 * Finds the chart whose drawing is named `name` in word/document.xml: the
 * name of its wp:docPr (Word: 选择窗格 / Selection Pane), or, failing any
 * such name, its alternative text (descr).  *found is false when the
 * template has no such chart (or its relationship is not a part of the
 * package); that is not an error.
 */
hz_code report_pkg_find_chart(const tmpl_doc *doc, const char *name, report_pkg_chart *out, bool *found,
			      hz_error *err);

/*
 * The parts a chart's own relationships name inside the package (its
 * embedded workbook, style and colour parts), appended to names as
 * strdup'ed strings (caller frees each and the array).
 */
hz_code report_pkg_chart_targets(const tmpl_doc *doc, const report_pkg_chart *c, char ***names, size_t *n);

/* xml (a .rels part) without the relationships whose Id is in ids. */
hz_code report_pkg_drop_relationships(const char *xml, size_t len, char *const *ids, size_t nids, dynbuf *out);

/* xml ([Content_Types].xml) without the Overrides of parts (names without
 * the leading '/'), with a Default for extension `add_ext` (content type
 * add_type) when add_ext is not NULL and none is there. */
hz_code report_pkg_content_types(const char *xml, size_t len, char *const *parts, size_t nparts, const char *add_ext,
				 const char *add_type, dynbuf *out);

#endif
