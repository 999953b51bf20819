/*
 * Writing an OOXML package (zip) so that the same members give the same
 * bytes: members in the order given, every timestamp 1980-01-01 00:00 (the
 * zip epoch, independent of the clock and the time zone), one compression
 * method and level.  The package is written under a temporary name beside
 * out_path (write/outfile.h), fsynced and renamed over it, so a reader never
 * sees half a file, even after a power loss.
 */
#ifndef HZ_OOXML_ZIP_H
#define HZ_OOXML_ZIP_H

#include <stddef.h>

#include "hzerr.h"

typedef struct ooxml_zip_cache ooxml_zip_cache;

typedef struct ooxml_member {
	const char *name;  /* part name without leading '/', e.g. word/document.xml */
	const char *data;  /* borrowed: must stay valid until ooxml_zip_write returns */
	size_t len;
	/* or, when cache is set: its member number cache_index, copied as it was
	 * compressed (data and len unused) */
	const ooxml_zip_cache *cache;
	size_t cache_index;
} ooxml_member;

/*
 * Members compressed once and copied, still compressed, into every package
 * that names them: the parts a template keeps as they are (styles, fonts,
 * images) are the same in thousands of letters, and deflating them again
 * for each was most of a letter's cost.  Several threads may write packages
 * copying from one cache at once.  Caller frees with ooxml_zip_cache_free.
 */
HZ_MUST_USE hz_code ooxml_zip_cache_new(const ooxml_member *members, size_t n, ooxml_zip_cache **out, hz_error *err);
/* The same compressed as ooxml_zip_write_new compresses (its members then
 * the very bytes that function would write for them). */
HZ_MUST_USE hz_code ooxml_zip_cache_new_fast(const ooxml_member *members, size_t n, ooxml_zip_cache **out, hz_error *err);
void ooxml_zip_cache_free(ooxml_zip_cache *c);

/* HZ_E_WRITE (err->file = out_path) when the package cannot be written;
 * the temporary file is then removed and out_path left as it was. */
HZ_MUST_USE hz_code ooxml_zip_write(const char *out_path, const ooxml_member *members, size_t n, hz_error *err);

/* The same, written straight to out_path, which must not exist yet: for a
 * file inside a folder no reader sees until it is complete (反馈/ being
 * built).  Saves a rename per file, and deflates faster (level 1): such
 * files come by the hundred.  Not fsynced: the folder's writer syncs them
 * all at once (hz_sync_filesystem) before putting the folder in place. */
HZ_MUST_USE hz_code ooxml_zip_write_new(const char *out_path, const ooxml_member *members, size_t n, hz_error *err);

#endif
