/*
 * The report's package around word/document.xml: each chart of the
 * template (found by its name, write/ooxml/drawing.h) redrawn with its data
 * embedded, or taken out (its part, the parts it refers to, its
 * relationship and content types) when its section is absent.  The edited
 * parts are the template's, written back by libxml2: the same template
 * gives the same bytes.
 */
#ifndef HZ_REPORT_PACKAGE_H
#define HZ_REPORT_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "dynbuf.h"
#include "hzerr.h"
#include "write/docdata.h"
#include "write/report_chart.h"
#include "write/ooxml/template.h"
#include "write/ooxml/zip.h"

/*
 * The charts' embedded workbooks, one after the other in packed (each
 * chart k with present[k]; see report_pkg_assemble).  Temporary files go
 * beside out_path.
 */
HZ_MUST_USE hz_code report_pkg_pack_workbooks(const docdata *d, const report_chart *charts, const bool *present, size_t ncharts,
				  const char *out_path, dynbuf *packed, hz_error *err);

/* Everything the report's package gains and loses around word/document.xml
 * (tmpl_doc_render's `replace`): members replaced, added, or dropped (data
 * and cache NULL), with the buffers and names they point into. */
typedef struct report_package {
	ooxml_member *members;
	size_t n, max;
	dynbuf *bufs;         /* per chart its part and rels, then content types and document rels */
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
 * and content types.  core (may be NULL or nameless): docProps/core.xml,
 * added as it is.  p is set up here; release it with report_pkg_release
 * whatever this returns.
 */
HZ_MUST_USE hz_code report_pkg_assemble(report_package *p, const docdata *d, const report_chart *charts, const bool *present,
			    size_t ncharts, const ooxml_template *doc, const dynbuf *workbooks, const ooxml_member *core,
			    hz_error *err);
void report_pkg_release(report_package *p);

#endif
