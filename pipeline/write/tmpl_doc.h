/*
 * A whole template package filled by the tag engine (write/tmpl.h):
 * word/document.xml and every word/header*.xml and word/footer*.xml are
 * compiled; the other members are kept as they are (write/ooxml/template.h
 * reads the package, deflates those once and writes the result).
 */
#ifndef HZ_TMPL_DOC_H
#define HZ_TMPL_DOC_H

#include <stddef.h>

#include "hzerr.h"
#include "write/ooxml/template.h"
#include "write/ooxml/zip.h"
#include "write/tmpl.h"
#include "write/wordbreak.h"

typedef struct tmpl_doc tmpl_doc;

/* Loads and compiles path.  Caller frees with tmpl_doc_free. */
HZ_MUST_USE hz_code tmpl_doc_load(const char *path, const tmpl_schema *root, tmpl_doc **out, hz_error *err);
void tmpl_doc_free(tmpl_doc *d);
/* Where the document's titles may break their lines (write/wordbreak.h):
 * w must outlive the renders; NULL (the default) knows the common terms
 * only. */
void tmpl_doc_set_words(tmpl_doc *d, const wordbreak *w);

/* The parts that render the same for every document (tmpl_part_constant:
 * the letters' footers) rendered once now and compressed as packages
 * written `how` compress them; tmpl_doc_render with that `how` then copies
 * them compressed instead of rendering and deflating them again (the same
 * bytes).  For a template rendered by the hundred; after
 * tmpl_doc_set_words. */
HZ_MUST_USE hz_code tmpl_doc_fix_constant_parts(tmpl_doc *d, ooxml_write how, hz_error *err);

/* The package as read (its members' names and bytes; owned by d). */
const ooxml_template *tmpl_doc_package(const tmpl_doc *d);

/*
 * Renders into a new package at out_path, `replace` as for
 * ooxml_template_write (a template part that is replaced is not
 * rendered).
 */
HZ_MUST_USE hz_code tmpl_doc_render(const tmpl_doc *d, void *ctx, const void *root, const ooxml_member *replace,
			size_t nreplace, const char *out_path, ooxml_write how, hz_error *err);

#endif
