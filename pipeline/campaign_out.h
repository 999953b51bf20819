/*
 * The output folder's place and its commit (SPEC §4, 8.2), apart from
 * campaign.c's reading and judging.
 */
#ifndef HZ_CAMPAIGN_OUT_H
#define HZ_CAMPAIGN_OUT_H

#include <stdbool.h>
#include <stddef.h>

#include "hzerr.h"

/* The campaign's input folders: what is under them is read as forms. */
extern const char *const hz_input_folders[];
extern const size_t hz_input_nfolders;

/*
 * HZ_E_USAGE (err says why) when output_dir is, or lies inside, one of the
 * campaign's input folders (submissions/, reviews/, rectifications/,
 * phases/), followed through links and "..", whether or not it exists yet:
 * the next run would read this run's letters as forms.
 */
hz_code hz_output_check_place(const char *campaign_dir, const char *output_dir, hz_error *err);

/* Whether name (a file or folder name in an output folder's top level) is
 * one huizong writes there. */
bool hz_output_name_is_ours(const char *name);

#endif
