/*
 * The output folder's place and its commit (SPEC §4, 8.2): the outputs
 * outputs.c wrote into a stage put in place together.
 */
#ifndef HZ_CAMPAIGN_COMMIT_H
#define HZ_CAMPAIGN_COMMIT_H

#include <stdbool.h>
#include <stddef.h>

#include "campaign/campaign.h"
#include "hzerr.h"
#include "write/tree_removal.h"

/*
 * HZ_E_USAGE (err says why) when output_dir is, or lies inside, one of the
 * campaign's input folders (every round's: rounds.c), followed through links and "..", whether or not it exists yet:
 * the next run would read this run's letters as forms.
 */
HZ_MUST_USE hz_code hz_output_check_place(const char *campaign_dir, const char *output_dir, hz_error *err);

/* ---- the commit (SPEC §4, 8.2) ----
 *
 * Every output is first written into one staging folder inside OUTPUT_DIR
 * (a temporary name of ours, so a killed run's is swept), and synced;
 * then the files the office keeps in 反馈/ are carried into the new 反馈/;
 * only then are the outputs renamed into place, results.json last.  A
 * failure before the renames leaves the previous set whole. */

/* One output as the commit sees it (outputs.c's rows). */
typedef struct hz_output_item {
	const char *name;  /* in the stage and in OUTPUT_DIR */
	bool folder;       /* 反馈/ (HZ_OUT_LETTERS): the office's files in it are kept */
	bool last;         /* put in place after every other one */
	bool written;      /* in the stage; when not, an earlier one is removed */
} hz_output_item;

/* Makes the staging folder; its path into stage (n bytes). */
HZ_MUST_USE hz_code hz_output_stage_begin(const char *out_dir, char *stage, size_t n, hz_error *err);

/*
 * Puts what the stage holds in place: the folders first (of the renames the
 * one that can meet the office's doing: a read-only folder), then the
 * files, the last ones last.  unit_names (nunits) are the roster's names:
 * without the list of the letters the previous run wrote, every name in
 * 反馈/ other than one of theirs with ".docx" is the office's.  An item not
 * written (拟定名单公示.docx without [candidates]) is removed from
 * OUTPUT_DIR once the new set is in place.  What goes wrong after the outputs
 * are in place (a temporary that cannot be removed, the letters' list) is
 * appended to warn (n bytes), never an error.  Errors: HZ_E_WRITE, naming
 * what failed and, when some outputs were already replaced, which.
 * The stage is gone afterwards, whatever the outcome (else a warning).
 * The previous 反馈/, once replaced, is removed on removal's thread
 * (started here, idle before; the caller ends it with
 * hz_output_removal_end while it still holds the folder's lock), or
 * before returning when removal is NULL.
 */
HZ_MUST_USE hz_code hz_output_commit(const char *out_dir, const char *stage, const char *const *unit_names, size_t nunits,
			 const hz_output_item *items, size_t nitems, hz_tree_removal *removal, char *warn,
			 size_t n, hz_error *err);

/* Removes the stage of a run that failed before its commit. */
void hz_output_stage_abort(const char *stage, char *warn, size_t n);

/* Waits for the removal hz_output_commit started (nothing started: returns
 * at once); a failure is a line in warn, as hz_output_stage_abort's. */
void hz_output_removal_end(hz_tree_removal *removal, char *warn, size_t n);

/* Adds one line to warn (n bytes), dropping what does not fit. */
void hz_output_warn_add(char *warn, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
