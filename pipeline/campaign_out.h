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

/* ---- the commit (SPEC §4, 8.2) ----
 *
 * Every output is first written into one staging folder inside OUTPUT_DIR
 * (a temporary name of ours, so a killed run's is swept), and synced;
 * then the files the office keeps in 反馈/ are carried into the new 反馈/;
 * only then are the outputs renamed into place, results.json last.  A
 * failure before the renames leaves the previous set whole. */

/* The names the outputs have in OUTPUT_DIR. */
#define HZ_OUT_REPORT "汇总报告.docx"
#define HZ_OUT_RANKINGS "排名.xlsx"
#define HZ_OUT_LETTERS "反馈"
#define HZ_OUT_RESULTS "results.json"
#define HZ_OUT_NOTICE "拟定名单公示.docx"

/* Makes the staging folder; its path into stage (n bytes). */
hz_code hz_output_stage_begin(const char *out_dir, char *stage, size_t n, hz_error *err);

/*
 * Puts what the stage holds in place.  unit_names (nunits) are the roster's
 * names: without the list of the letters the previous run wrote, every name
 * in 反馈/ other than one of theirs with ".docx" is the office's.  notice:
 * whether the stage holds 拟定名单公示.docx; without it an earlier one is
 * removed, once the new set is in place.  What goes wrong after the outputs
 * are in place (a temporary that cannot be removed, the letters' list) is
 * appended to warn (n bytes), never an error.  Errors: HZ_E_WRITE, naming
 * what failed and, when some outputs were already replaced, which.
 * The stage is gone afterwards, whatever the outcome (else a warning).
 */
hz_code hz_output_commit(const char *out_dir, const char *stage, const char *const *unit_names, size_t nunits,
			 bool notice, char *warn, size_t n, hz_error *err);

/* Removes the stage of a run that failed before its commit. */
void hz_output_stage_abort(const char *stage, char *warn, size_t n);

/* Adds one line to warn (n bytes), dropping what does not fit. */
void hz_warn_add(char *warn, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
