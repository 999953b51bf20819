/*
 * campaign.ini (SPEC §1, 5.13) through inih: every key optional, UTF-8 with
 * or without BOM, `;` and `#` comments at line start or after white space.
 */
#ifndef HZ_SETTINGS_H
#define HZ_SETTINGS_H

#include "hzerr.h"
#include "model.h"

/* Fills s with the defaults (as_of = today in the default time zone,
 * grades 优秀 90 / 良好 80 / 合格 60 / 不合格 0, below = 合格, fractions
 * 1.0/0.5/0.0, timezone +08:00) and then the file's values, if ini_path
 * exists (a missing file or a NULL path is not an error).  Unknown keys
 * (and keys of unknown sections) are appended to *warnings (kind
 * "unknown_setting", file "campaign.ini", text "[section] key (line N)";
 * caller owns the array and its strings).  A bad value (date, number,
 * time zone, `below` naming no grade, a line that is neither [section]
 * nor key = value, text not UTF-8): HZ_E_CONFIG with err->where "line N,
 * [section] key"; s is then released.
 * The first [grades] key replaces all four default grades; grades are
 * sorted highest threshold first (file order among equals).  Without a
 * [lagging] below, 合格 if it is a grade, else the lowest grade but one.
 * Fractions accept "0.5" or "50%", thresholds "90" or "90%".
 * Release with hz_settings_release (model.h). */
HZ_MUST_USE hz_code hz_settings_load(hz_settings *s, const char *ini_path, hz_file_note **warnings, size_t *nwarnings,
			 hz_error *err);
/* hz_settings_load with "today" taken from now (seconds since the epoch)
 * instead of the clock: for tests and reproducible runs. */
HZ_MUST_USE hz_code hz_settings_load_at(hz_settings *s, const char *ini_path, long long now, hz_file_note **warnings,
			    size_t *nwarnings, hz_error *err);

#endif
