/*
 * xml_fast: a SAX2 scanner for the plain XML that Office writes, beside
 * libxml2 and never instead of it.  It reads only a subset of XML 1.0 — UTF-8,
 * no DOCTYPE, no comments, PIs or CDATA, ASCII names, attribute values
 * without references or white-space to normalise, namespace names that are
 * plain absolute URIs, the five predefined entities and character
 * references in text — and within it delivers the very events libxml2's
 * SAX2 parser delivers (the same elements, attributes in the same order,
 * the same text once its pieces are joined).  Whatever lies outside the
 * subset, malformed XML included, is refused whole before any event, so
 * that the caller parses that part with libxml2 as before: errors and their
 * messages stay libxml2's.
 *
 * Why: libxml2 spends about 80 instructions a byte on a Word body (its
 * character-by-character path for non-ASCII text, a dictionary lookup per
 * name); the phase documents of SPEC §9 cost more than the forms they
 * accompany.  This reads the same parts in a fraction of that.
 */
#ifndef HZ_XML_FAST_H
#define HZ_XML_FAST_H

#include <libxml/parser.h>
#include <stddef.h>

/* Parts larger than this go to libxml2 (the whole part is held in memory). */
#define XML_FAST_MAX_BYTES (512u * 1024)

/*
 * Scans buf[0..n).  With sax NULL, only decides: 1 when the part lies
 * within the subset (and is well-formed), else 0.  With sax set, also
 * calls its startElementNs, endElementNs and characters with ctx — call it
 * so only after a deciding pass returned 1 (no event is then withheld).
 * nb_namespaces is always 0 and namespaces NULL (no reader here uses them);
 * names are NUL-terminated, attribute values are pointers into buf with
 * their end, as libxml2 gives them.  Elements nest at most
 * XML_FAST_MAX_DEPTH deep (deeper: refused).  Thread-safe; allocates its
 * working state (about 60 KiB) per call.  Returns -1 when out of memory.
 */
#define XML_FAST_MAX_DEPTH 200
int xml_fast_parse(const char *buf, size_t n, const xmlSAXHandler *sax, void *ctx);

#endif
