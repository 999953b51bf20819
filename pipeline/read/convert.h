/*
 * SPEC §10: legacy files (.doc .wps .xls .et that are OLE2 compound files)
 * converted by LibreOffice to .docx/.xlsx before any reader sees them.
 *
 * A step between listing and reading: it is given the run's files (every
 * round's, relative to the campaign folder) and says, for each, whether it
 * is read as it is, read from a converted copy, or rejected with a reason.
 * Conversions are cached in WORK/converted/ by the SHA-256 of the original
 * bytes (a failure as a .failed marker; a time-out is not remembered), so a
 * file is converted once however many nights it is read.  Everything else
 * it makes under WORK (LibreOffice's private profile, the files staged for
 * a batch) is gone when hz_convert_run returns.
 *
 * One LibreOffice process per batch (its start costs seconds), a batch per
 * import filter: it gets `timeout` seconds per file of its batch from its
 * start, and is then ended with its whole process group.
 */
#ifndef HZ_CONVERT_H
#define HZ_CONVERT_H

#include <stdbool.h>
#include <stddef.h>

#include "hzerr.h"

typedef enum hz_conv_state {
	HZ_CONV_NONE = 0,  /* not a legacy file to convert: read as it is */
	HZ_CONV_DONE,      /* converted now or taken from the cache: read path */
	HZ_CONV_REJECTED,  /* not converted: code and reason */
} hz_conv_state;

typedef struct hz_conv_file {
	hz_conv_state state;
	const char *as;   /* DONE: "xlsx" or "docx" (static) */
	char *path;       /* DONE: the converted file to read (owned by hz_convert) */
	long long mtime;  /* DONE: the original's modification time (SPEC §10: stands in
	                     for dcterms:modified) */
	hz_code code;     /* REJECTED */
	char *reason;     /* REJECTED: "中文 / English", as results.json shows it */
} hz_conv_file;

typedef struct hz_convert_opts {
	bool off;             /* [input] convert = off */
	const char *soffice;  /* [input] soffice; NULL or "": soffice on PATH */
	int timeout;          /* [input] convert_timeout: seconds per file of a batch, ≥ 1 */
	const char *work_dir; /* OUTPUT_DIR/.huizong (created when needed) */
} hz_convert_opts;

typedef struct hz_convert {
	hz_conv_file *files;  /* one per path given to hz_convert_run, same order */
	size_t n;
	size_t legacy;        /* OLE2 files with a legacy name (the ones this step is about) */
	size_t converted;     /* converted by LibreOffice in this run */
	size_t cached;        /* taken from the cache (a remembered failure included) */
	size_t failed, timed_out;
	bool soffice_found;
	double seconds;       /* wall time of the whole step */
	/* private */
	char *cache_dir;      /* absolute WORK/converted, NULL when nothing was looked up */
	char **used;          /* cache entry names used this run */
	size_t nused, used_alloc;
} hz_convert;

void hz_convert_init(hz_convert *c);

/*
 * Looks at the n files rel[] under campaign_dir (paths relative to it, the
 * bytes on disk) and
 * fills c->files.  A file's own trouble (unreadable, too big, LibreOffice
 * failing or hanging) is that file's rejection, never an error: the
 * function fails only for memory, or for WORK/converted/ that cannot be
 * made or written (HZ_E_WRITE, err names the folder).
 */
HZ_MUST_USE hz_code hz_convert_run(hz_convert *c, const char *campaign_dir, const char *const *rel, size_t n,
		       const hz_convert_opts *o, hz_error *err);

/* Removes the cache entries this run did not use (SPEC §10), and strays.
 * Only under the output folder's lock.  Does nothing when no file of the
 * run had a legacy name and the cache folder does not exist. */
HZ_MUST_USE hz_code hz_convert_sweep(hz_convert *c, hz_error *err);

/* Removes WORK/converted/ and WORK itself when empty: for a run that keeps
 * no cache (judging alone, into a temporary WORK). */
void hz_convert_discard(hz_convert *c, const char *work_dir);

void hz_convert_release(hz_convert *c);

#endif
