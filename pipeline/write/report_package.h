/*
 * The report's package around word/document.xml: finding a chart of the
 * template by its name, redrawing it with its data embedded, or taking it
 * out (its part, the parts it refers to, its relationship and content
 * types) when its section is absent.  The XML is the template's, read with libxml2 (no entities, no
 * network) and written back by it: the same template gives the same bytes.
 */
#ifndef HZ_REPORT_PACKAGE_H
#define HZ_REPORT_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "dynbuf.h"
#include "hzerr.h"
#include "write/docdata.h"
#include "write/report_chart.h"
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

/*
 * The charts' embedded workbooks, one after the other in packed (each
 * chart k with present[k]; see report_pkg_assemble).  Temporary files go
 * beside out_path.
 */
hz_code report_pkg_pack_workbooks(const docdata *d, const report_chart *charts, const bool *present, size_t ncharts,
				  const char *out_path, dynbuf *packed, hz_error *err);

/* Everything the report's package gains and loses around word/document.xml
 * (tmpl_doc_render's `replace`): members replaced, added, or dropped (data
 * and cache NULL), with the buffers and names they point into. */
typedef struct report_package {
	ooxml_member *members;
	size_t n, max;
	dynbuf *bufs;         /* per chart its part and rels, then content types, document rels, core */
	size_t nbufs;
	char **names;         /* owned names of members */
	size_t nnames;
	char **dropped_parts; /* for [Content_Types].xml */
	size_t ndropped;
	char **dropped_rels;  /* relationship ids of word/_rels/document.xml.rels */
	size_t ndropped_rels;
} report_package;

/*
 * For each chart found in the template by its name: present[k], its part
 * redrawn (charts[k].xml), its rels naming its workbook (the k-th of
 * workbooks, report_pkg_pack_workbooks'), the workbook; not present, the
 * part, its rels and the parts they name dropped, with its relationship
 * and content types.  docProps/core.xml from the results.  p is set up
 * here; release it with report_pkg_release whatever this returns.
 */
hz_code report_pkg_assemble(report_package *p, const docdata *d, const report_chart *charts, const bool *present,
			    size_t ncharts, const tmpl_doc *doc, const dynbuf *workbooks, hz_error *err);
void report_pkg_release(report_package *p);

#endif
