/*
 * SPEC 5.13: the names campaign.ini may use.  An unknown section or key, a
 * key outside any section, or a key given twice in one section stops the
 * run (exit 2): a typo such as [campagin] would otherwise drop the title,
 * the deadline and every unit's lateness in silence.  Names compare
 * exactly; the message names the line and the nearest known name.
 * Used by settings.c before inih reads the values.
 */
#ifndef HZ_SETTINGS_NAMES_H
#define HZ_SETTINGS_NAMES_H

#include <stddef.h>

#include "hzerr.h"

/*
 * Checks the names of text[0..len), campaign.ini as settings.c cleans it
 * (BOM and comments gone, values cut at their comment, leading white space
 * gone, one line per line of the file), line by line as inih splits it:
 * `[name]` (the name trimmed) or `key = value` / `key : value`.  The first
 * problem in line order: HZ_E_CONFIG with err->where "line N" and a detail
 * in Chinese and English (是否应为 [campaign]？ / did you mean [campaign]?);
 * a line that is neither a section nor a key is such a problem too.
 * HZ_E_NOMEM when out of memory.
 */
HZ_MUST_USE hz_code hz_ini_names_check(const char *text, size_t len, hz_error *err);

/* Whether key is one of section's keys as SPEC names them (both exact; a
 * section with free keys, [grades] and [phases], takes any non-empty key). */
int hz_ini_name_known(const char *section, const char *key);

#endif
