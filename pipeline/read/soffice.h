/*
 * LibreOffice for the conversion step (soffice.c).
 */
#ifndef HZ_SOFFICE_H
#define HZ_SOFFICE_H

#include <stddef.h>

/* The soffice to run (malloc'd path, caller frees): name itself when it
 * has a '/', else looked for on PATH ("soffice" when name is NULL or "");
 * NULL when not found or not executable. */
char *hz_soffice_find(const char *name);
/* The private profile under folder profile: 0 or -1. */
int hz_soffice_write_profile(const char *profile);
/* A file:// URL of an absolute path (malloc'd, caller frees). */
char *hz_soffice_file_url(const char *abs);
/* Runs one LibreOffice on n staged files with import filter `filter`,
 * converting to `as` into outdir, timeout seconds per file.  0: it ended
 * by itself with status 0; 3: another status; 1: ended for taking too
 * long; 2: could not start or stopped on a signal. */
int hz_soffice_run(const char *soffice, const char *profile_url, const char *filter, const char *as,
		   const char *outdir, char **inputs, size_t n, int timeout);
/* Whether a package LibreOffice wrote is whole (not cut short). */
int hz_soffice_output_complete(const char *path);
/* A monotonic clock in seconds (the step's timing and the batch deadline). */
double hz_soffice_now(void);

#endif
