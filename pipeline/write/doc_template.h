/*
 * The prologue of every templated document (汇总报告, the letters of 反馈/,
 * the notice): its template read from the templates folder and compiled
 * against the document's root schema, its titles told where they may break,
 * and docProps/core.xml made from the results when the template has one.
 * The document then fills and writes it (tmpl_doc_render) with `core`
 * among its replacements.
 */
#ifndef HZ_DOC_TEMPLATE_H
#define HZ_DOC_TEMPLATE_H

#include "dynbuf.h"
#include "hzerr.h"
#include "model.h"
#include "write/ooxml/zip.h"
#include "write/tmpl_doc.h"
#include "write/wordbreak.h"

typedef struct doc_template {
	tmpl_doc *doc;
	ooxml_member core; /* docProps/core.xml from the results; name NULL when the template has none */
	dynbuf core_xml;   /* what core.data points into */
} doc_template;

/*
 * Opens templates_dir/file against schema (NULL: the document's schema
 * builder ran out of room, HZ_E_INTERNAL naming `what`, e.g. "notice").
 * words: as tmpl_doc_set_words.  Release t with doc_template_release
 * whatever this returns.
 */
HZ_MUST_USE hz_code doc_template_open(doc_template *t, const char *templates_dir, const char *file, const char *what,
			  const tmpl_schema *schema, const hz_results *r, const wordbreak *words, hz_error *err);
void doc_template_release(doc_template *t);

#endif
