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
 * exists (a missing file is not an error).  Unknown keys are appended to
 * *warnings (kind "unknown_setting", file "campaign.ini"; caller owns the
 * array and its strings).  A bad value: HZ_E_CONFIG with the line and key.
 * Release with hz_settings_release. */
hz_code hz_settings_load(hz_settings *s, const char *ini_path, hz_file_note **warnings, size_t *nwarnings,
			 hz_error *err);
void hz_settings_release(hz_settings *s);

#endif
