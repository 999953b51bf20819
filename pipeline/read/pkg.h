/*
 * An OOXML package: a zip opened by content, never by extension, whose
 * members are inflated through a bounded reader and whose XML parts are
 * parsed by libxml2's SAX2 push parser with the network, DTD loading and
 * entity expansion off.  Shared by xlsx_reader and docx_reader.
 */
#ifndef HZ_PKG_H
#define HZ_PKG_H

#include <libxml/parser.h>
#include <stddef.h>
#include <stdint.h>

#include "dynbuf.h"
#include "hzerr.h"

typedef struct pkg pkg;

/*
 * Opens path.  Tells apart (hz_code): HZ_E_IO, HZ_E_EMPTY, HZ_E_TOO_BIG,
 * HZ_E_OLE (magic D0 CF 11 E0 A1 B1 1A E1: encrypted OOXML or legacy
 * .doc/.xls), HZ_E_LEGACY (%PDF- and other known non-zip formats),
 * HZ_E_NOT_ZIP, HZ_E_ZIP_CORRUPT (truncated, bad central directory),
 * HZ_E_LIMIT (too many members).  err gets the file name.
 * On success *out is set; caller frees with pkg_free().
 */
HZ_MUST_USE hz_code pkg_open(pkg **out, const char *path, hz_error *err);
void pkg_free(pkg *p);

/* Path as given to pkg_open. */
const char *pkg_path(const pkg *p);

/*
 * Finds a member by part name: a leading '/' is ignored, '\\' separators and
 * ASCII case differences are tolerated, GBK-encoded names are matched after
 * conversion to UTF-8.  Returns the member index or -1.
 */
int64_t pkg_find(const pkg *p, const char *part);

/*
 * Inflates a whole member into out (which the caller initialised; its
 * toobig is lowered to HZ_MAX_PART_BYTES when larger).  Enforces the part,
 * package-total and ratio caps while inflating, and checks the CRC at the
 * end.  Errors: HZ_E_NO_PART (not found), HZ_E_LIMIT, HZ_E_ZIP_CORRUPT,
 * HZ_E_ZIP_ENCRYPTED, HZ_E_NOMEM.  err gets the part name.
 */
HZ_MUST_USE hz_code pkg_read_part(pkg *p, const char *part, dynbuf *out, hz_error *err);

/*
 * Members in the zip's own order (folders included), for a reader of the
 * whole package (a template): their number; member i's name as libzip
 * decodes it (UTF-8, or CP437 when not flagged so; owned by p, NULL when
 * unreadable); and member i read as pkg_read_part reads one, caps and
 * all.
 */
size_t pkg_member_count(const pkg *p);
const char *pkg_member_name(const pkg *p, size_t i);
HZ_MUST_USE hz_code pkg_read_member(pkg *p, size_t i, dynbuf *out, hz_error *err);

/*
 * Streams a member through libxml2's SAX2 push parser: sax's callbacks are
 * called with ctx as user data.  The parser runs with XML_PARSE_NONET, no
 * DTD loading, no entity substitution; any entity declaration in an internal
 * subset stops it (HZ_E_ENTITY).  Depth above HZ_MAX_XML_DEPTH and text
 * longer than HZ_MAX_TEXT_BYTES stop it (HZ_E_LIMIT).  Malformed XML: HZ_E_XML with line and column
 * in err->where.  sax must be a SAX2 handler (initialized = XML_SAX2_MAGIC).
 */
HZ_MUST_USE hz_code pkg_parse_xml(pkg *p, const char *part, const xmlSAXHandler *sax, void *ctx, hz_error *err);

/* A SAX2 handler (initialized = XML_SAX2_MAGIC) with these callbacks, any
 * of them NULL, the rest unset: what pkg_parse_xml and pkg_xml_open take.
 * A reader sets further callbacks (cdataBlock, comment) on the copy. */
xmlSAXHandler pkg_xml_handler(startElementNsSAX2Func start, endElementNsSAX2Func end, charactersSAXFunc text);

/*
 * Incremental form of pkg_parse_xml for pull readers: pkg_xml_open prepares
 * the member, each pkg_xml_feed inflates one chunk (HZ_XML_CHUNK_BYTES) and
 * pushes it; *done is set once the member is finished.  Lets a sheet reader
 * hand out one row at a time without holding the sheet.  Caller frees with
 * pkg_xml_close.
 */
typedef struct pkg_xml pkg_xml;
HZ_MUST_USE hz_code pkg_xml_open(pkg *p, const char *part, const xmlSAXHandler *sax, void *ctx, pkg_xml **out,
		     hz_error *err);
HZ_MUST_USE hz_code pkg_xml_feed(pkg_xml *x, int *done, hz_error *err);
void pkg_xml_close(pkg_xml *x);


/*
 * Relationships.  Resolves the target of the first relationship of source
 * part `source` ("" for the package's _rels/.rels) whose Type ends with
 * type_suffix (e.g. "/officeDocument", "/sharedStrings", "/styles") — both
 * Transitional and Strict URIs end alike.  Or, by id, with pkg_rel_target_by_id.
 * The target is made absolute and normalised ("../", "./", leading '/').
 * Returns a malloc'd part name (caller frees) or NULL when absent.
 * The package's own rels and the last other source's are parsed once and
 * kept; so is a failure to parse them, which every later call on the same
 * source reports again in err, alike, without re-reading the part.
 */
char *pkg_rel_target(pkg *p, const char *source, const char *type_suffix, hz_error *err);
char *pkg_rel_target_by_id(pkg *p, const char *source, const char *id, hz_error *err);
/* The Type URI of relationship `id` of source (caller frees), NULL when absent. */
char *pkg_rel_type_by_id(pkg *p, const char *source, const char *id, hz_error *err);

/*
 * docProps/core.xml dcterms:modified, as written (e.g. "2022-10-28T09:30:00Z"),
 * into out (n bytes).  Returns 1 when found, 0 when absent or unreadable
 * (never an error: the date then comes from elsewhere).
 */
int pkg_core_modified(pkg *p, char *out, size_t n);

#endif
