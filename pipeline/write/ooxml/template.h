/*
 * A template package (report.docx, feedback.docx, notice.docx) as the
 * writers use it: every member read once, through read/pkg.c's capped part
 * reader (the caps, the ratio check and the CRC of any package huizong
 * opens), in the template's own order with [Content_Types].xml first (as
 * Office writes it); the members a document keeps as they are deflated
 * once (ooxml_template_seal); and the package written again with some
 * members rendered or replaced (ooxml_template_write).
 */
#ifndef HZ_OOXML_TEMPLATE_H
#define HZ_OOXML_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "hzerr.h"
#include "write/ooxml/zip.h"

typedef struct ooxml_template ooxml_template;

/*
 * Reads every member of the package at path (folders left out).  HZ_E_IO
 * when it cannot be opened, HZ_E_NOMEM; anything else wrong with it (not a
 * zip, damaged, a member over a cap) is HZ_E_TEMPLATE, its detail saying
 * what.  err->file = path.  Caller frees with ooxml_template_free.
 */
HZ_MUST_USE hz_code ooxml_template_load(const char *path, ooxml_template **out, hz_error *err);
void ooxml_template_free(ooxml_template *t);

size_t ooxml_template_count(const ooxml_template *t);
/* Member i's name and bytes (NUL-terminated; owned by t). */
const char *ooxml_template_name(const ooxml_template *t, size_t i);
const char *ooxml_template_data(const ooxml_template *t, size_t i, size_t *len);

/* The bytes of the member called name, or NULL (owned by t). */
const char *ooxml_template_member(const ooxml_template *t, const char *name, size_t *len);

/* Name of the first member whose name starts with prefix and ends with
 * suffix, in member order, or NULL (owned by t). */
const char *ooxml_template_find(const ooxml_template *t, const char *prefix, const char *suffix);

/* Deflates once every member i whose live[i] is false: those go into every
 * package written from t as they are.  Call once, before writing. */
HZ_MUST_USE hz_code ooxml_template_seal(ooxml_template *t, const bool *live, hz_error *err);

typedef enum ooxml_write {
	OOXML_WRITE_REPLACE, /* temporary name, then renamed over out_path (ooxml_zip_write) */
	OOXML_WRITE_NEW      /* straight to out_path, which must not exist (ooxml_zip_write_new) */
} ooxml_write;

/*
 * Writes a package at out_path: member i of t as rendered[i] (its data, or
 * its cache) for a live member, as sealed otherwise.  `replace` members take the place of
 * t's members of the same name (a chart part, docProps/core.xml); a name t
 * lacks is appended (the caller then sees to content types and
 * relationships).  A `replace` member with neither data nor cache leaves
 * t's member of that name out (a chart whose section is absent).
 */
HZ_MUST_USE hz_code ooxml_template_write(const ooxml_template *t, const ooxml_member *rendered, const ooxml_member *replace,
			     size_t nreplace, const char *out_path, ooxml_write how, hz_error *err);

#endif
