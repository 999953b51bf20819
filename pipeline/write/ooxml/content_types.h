/*
 * [Content_Types].xml of a template package, edited as parts leave it or
 * a kind of part joins it.
 */
#ifndef HZ_OOXML_CONTENT_TYPES_H
#define HZ_OOXML_CONTENT_TYPES_H

#include <stddef.h>

#include "dynbuf.h"
#include "hzerr.h"

#define OOXML_CONTENT_TYPES_PART "[Content_Types].xml"
#define OOXML_XLSX_CONTENT_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* xml ([Content_Types].xml) without the Overrides of parts (names without
 * the leading '/'), with a Default for extension add_ext (content type
 * add_type) when add_ext is not NULL and none is there. */
HZ_MUST_USE hz_code ooxml_content_types_edit(const char *xml, size_t len, char *const *parts, size_t nparts, const char *add_ext,
				 const char *add_type, dynbuf *out, hz_error *err);

#endif
