/*
 * campaign.ini as text (settings_ini.c): read, decoded (UTF-8, or GB18030
 * when not), cleaned of SPEC 5.13's comments line for line, and handed to
 * inih.  settings.c gives the values their meaning.
 */
#ifndef HZ_SETTINGS_INI_H
#define HZ_SETTINGS_INI_H

#include <stdbool.h>
#include <stddef.h>

#include "dynbuf.h"
#include "hzerr.h"

/* The file's cleaned text into clean (which the caller initialised and
 * releases), one line per line of the file.  A missing file: HZ_OK with
 * *missing set.  Errors: HZ_E_IO, HZ_E_CONFIG (too large, NUL bytes,
 * neither UTF-8 nor GB18030), HZ_E_NOMEM. */
HZ_MUST_USE hz_code hz_ini_text_read(const char *ini_path, dynbuf *clean, int *missing, hz_error *err);

/* Whether the cleaned text has a [name] line (any case, spaces inside the
 * brackets allowed): inih reports keys only, and an empty [candidates]
 * section still asks for the list (SPEC 6.4). */
bool hz_ini_text_has_section(const char *text, size_t len, const char *name);

/* inih's handler: nonzero to go on. */
typedef int (*hz_ini_text_handler)(void *user, const char *section, const char *name, const char *value);

/* Runs inih over the cleaned text, handler called with user for every key;
 * *line is the 1-based line being parsed while handler runs.  inih's
 * result: 0, the first bad line, or -2 out of memory. */
int hz_ini_text_parse(const char *text, size_t len, hz_ini_text_handler handler, void *user, int *line);

/* Trims ASCII, no-break and ideographic spaces in place; returns s moved
 * past the leading ones. */
char *hz_ini_text_trim(char *s);

#endif
