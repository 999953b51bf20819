/*
 * [phases] of campaign.ini (SPEC 9.1): one key per document phase, its
 * deadline the value.  Kept apart from settings.c: a phase name is free
 * text the office chooses, checked by its own rules.
 */
#ifndef HZ_SETTINGS_PHASES_H
#define HZ_SETTINGS_PHASES_H

#include <stddef.h>

#include "hz_limits.h"
#include "hzerr.h"
#include "model.h"

/*
 * Adds the key name = value (both as inih gave them, trimmed) to
 * s->phases.  The name is NFKC'd and trimmed; it must be 1 to 20
 * characters, hold no '/' or '\', not start with '.', and be neither
 * 自查自评 nor 整改 (the built-in phases' names in the report), nor repeat
 * a name already given; the value must be one date (hz_parse_date), and
 * there may be at most HZ_MAX_PHASES keys.  Otherwise HZ_E_CONFIG with
 * the reason (the caller names the line).  HZ_E_NOMEM on out of memory.
 */
HZ_MUST_USE hz_code hz_phases_setting_add(hz_settings *s, const char *name, const char *value, hz_error *err);

/* s NFKC'd and trimmed of Unicode white space (a phase key, or a folder
 * name under phases/ compared with the keys), malloc'd (caller frees);
 * NULL on out of memory. */
char *hz_phase_name_norm(const char *s, size_t len);

/* The phase whose name a folder name under phases/ matches (SPEC 9.1: the
 * folder's name normalised as the keys are equals the key), or -1. */
int hz_phase_of_folder(const hz_settings *s, const char *folder, size_t len);

#endif
