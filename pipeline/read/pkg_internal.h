/*
 * What the three parts of the package reader share, for them alone: the
 * package (pkg.c opens it and inflates members through the capped
 * member_stream), its XML push parser (pkg_xml.c streams a member through
 * libxml2) and its relationships (pkg_rels.c, kept on the package once
 * parsed).  Callers outside read/ use pkg.h only.
 */
#ifndef HZ_PKG_INTERNAL_H
#define HZ_PKG_INTERNAL_H

#include <stdint.h>
#include <zip.h>

#include "read/pkg.h"

typedef struct pkg_member {
	char *key;      /* UTF-8, '/' separators, no leading '/', ASCII lower case */
	zip_uint64_t index;
} pkg_member;

typedef struct pkg_rel {
	char *id, *type, *target; /* target resolved to a part name */
} pkg_rel;

typedef struct rels_set {
	char *source;
	pkg_rel *rels;
	size_t nrels, caprels;
	/* A failed load is kept too, so that asking again (form.c's sniff, then
	 * the reader, on one package) gives the same answer without inflating
	 * the part a second time against the package total. */
	hz_code rc;
	hz_error err;
} rels_set;

struct pkg {
	char *path;
	zip_t *za;
	pkg_member *members;
	size_t nmembers;
	uint64_t inflated_total; /* every member inflated so far, against HZ_MAX_PACKAGE_BYTES */
	/* Relationships, kept once parsed: [0] the package's own (_rels/.rels,
	 * asked for the main part and again for the core properties), [1] the
	 * last other source looked up (the xlsx reader asks the workbook's
	 * rels once per sheet). */
	rels_set rels[2];
};

/* One member being inflated, with the caps counted on what comes out. */
typedef struct member_stream {
	pkg *p;
	zip_file_t *zf;
	uint64_t comp_size;
	uint64_t inflated;
} member_stream;

/* pkg.c: opens member `part` of p for capped inflating (err gets the part
 * name); reads up to n bytes into buf (*got = 0 at the member's end), the
 * part, package and ratio caps counted on what comes out; closes it. */
HZ_MUST_USE hz_code pkg_stream_open(pkg *p, const char *part, member_stream *ms, hz_error *err);
HZ_MUST_USE hz_code pkg_stream_read(member_stream *ms, void *buf, size_t n, size_t *got, hz_error *err);
void pkg_stream_close(member_stream *ms);

/* pkg_xml.c: libxml2's global initialisation, once per process (pkg_open
 * does it before any thread parses). */
void pkg_xml_init(void);

/* pkg_rels.c: empties one cached relationships set (pkg_free). */
void pkg_rels_clear(rels_set *rs);

#endif
