/*
 * Relationship parts (*.rels) of a template package: walking their internal
 * targets as part names, taking relationships out, and the name of a
 * part's own .rels.
 */
#ifndef HZ_OOXML_RELS_H
#define HZ_OOXML_RELS_H

#include <stdbool.h>
#include <stddef.h>

#include "dynbuf.h"
#include "hzerr.h"

#define OOXML_PART_MAX 512 /* a part name in a template; longer ones are not followed */

/* Called per relationship; false stops the walk. */
typedef bool (*ooxml_rel_fn)(void *arg, const char *id, const char *target);

/*
 * Calls each(Id, target) for every relationship of the .rels part xml
 * (named part_name, in errors) whose target is inside the package (not
 * TargetMode="External"), the target resolved against base_dir ("word")
 * into a part name; targets that leave the package, or are longer than
 * OOXML_PART_MAX, are passed over.  HZ_E_TEMPLATE when xml is malformed.
 */
HZ_MUST_USE hz_code ooxml_rels_each(const char *xml, size_t len, const char *part_name, const char *base_dir, ooxml_rel_fn each,
			void *arg, hz_error *err);

/* xml (a .rels part) without the relationships whose Id is in ids; the
 * part's prolog and epilog as they were. */
HZ_MUST_USE hz_code ooxml_rels_drop(const char *xml, size_t len, const char *part_name, char *const *ids, size_t nids, dynbuf *out,
			hz_error *err);

/* The relationship type of an embedded package (a chart's workbook). */
#define OOXML_REL_PACKAGE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"

/* Appends a .rels part holding one relationship (id, type, target; the
 * target escaped) to out. */
HZ_MUST_USE hz_code ooxml_rels_one(dynbuf *out, const char *id, const char *type, const char *target);

/* "word/charts/chart1.xml" → "word/charts/_rels/chart1.xml.rels" into out
 * (n bytes). */
void ooxml_rels_part_of(const char *part, char *out, size_t n);

#endif
