/*
 * XML of the parts of an OOXML package, on the writing side: text escaped
 * for an element or an attribute, and a template part parsed into a DOM
 * the one safe way (no network, no DTD, no entity expansion, nothing on
 * stderr) and written back.
 */
#ifndef HZ_OOXML_XML_H
#define HZ_OOXML_XML_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "dynbuf.h"
#include "hzerr.h"

/* Appends s (len bytes) to out as XML text: & < > " ' escaped, control
 * characters dropped, invalid UTF-8 replaced by U+FFFD.  When t_name is not
 * NULL, '\n' and '\t' close the w:t element named t_name and insert
 * <w:br/> / <w:tab/>; without it they become spaces. */
HZ_MUST_USE hz_code ooxml_xml_escape(dynbuf *out, const char *s, size_t len, const char *t_name);

/*
 * Parses xml, the part part_name of a template, into *out (caller frees
 * with xmlFreeDoc).  XML_PARSE_NONET | NOERROR | NOWARNING | NOCDATA, no
 * entity substitution, no DTD loading: libxml2's message goes into err,
 * never on stderr (a stage prints nothing).  A part with a DTD (internal
 * or external subset) is refused: Office never writes one, and an entity
 * declared there is the start of every XML expansion attack.
 * HZ_E_TEMPLATE with err->part = part_name and err->where = "line L column C"
 * when malformed; HZ_E_LIMIT when larger than HZ_MAX_PART_BYTES.
 */
HZ_MUST_USE hz_code ooxml_xml_parse(const char *xml, size_t len, const char *part_name, xmlDocPtr *out, hz_error *err);

/* The whole document as libxml2 writes it (its own XML declaration). */
HZ_MUST_USE hz_code ooxml_xml_dump(xmlDocPtr doc, dynbuf *out);

/* The root element as libxml2 writes it, between the source's own prolog
 * and epilog (xml, len: what doc was parsed from): a part edited to no
 * effect comes out as it went in. */
HZ_MUST_USE hz_code ooxml_xml_dump_in_place(xmlDocPtr doc, const char *xml, size_t len, dynbuf *out);

/* Whether n is an element whose local name is local. */
bool ooxml_xml_is(xmlNodePtr n, const char *local);

/* Whether s (may be NULL: no) is one of the n strings of list. */
bool ooxml_xml_in_list(const char *s, char *const *list, size_t n);

/* Takes out of doc every element child of its root whose local name is
 * local and whose attribute attr is prefix followed by one of the n
 * strings of list (a relationship by Id, "" prefix; an Override by
 * PartName, "/" prefix). */
void ooxml_xml_drop_children(xmlDocPtr doc, const char *local, const char *attr, const char *prefix, char *const *list,
			     size_t n);

#endif
