/*
 * What the files of campaign/ share: one run's state (run.c's steps fill
 * it in order), the slots the reading pool fills, and the two tables a new
 * round or a new document is added to (rounds.c, outputs.c).
 */
#ifndef HZ_CAMPAIGN_INTERNAL_H
#define HZ_CAMPAIGN_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "campaign/campaign.h"
#include "dynbuf.h"
#include "hzerr.h"
#include "model.h"
#include "read/convert.h"
#include "recognise/form.h"
#include "recognise/phase_doc.h"
#include "recognise/review_form.h"
#include "state/lock.h"
#include "state/state.h"
#include "text/norm.h"
#include "write/tree_removal.h"

/* What the pool made of one file: one of form, review or phase, as its
 * round's reader fills it (valid when rc == HZ_OK), or the reason it was
 * rejected (rc != HZ_OK). */
typedef struct hz_slot {
	hz_code rc;
	hz_form form;          /* submissions/, rectifications/ */
	void *block;           /* the form's rows and strings in one allocation (hz_pool_compact_form) */
	hz_review_file review; /* reviews/ */
	hz_phase_doc phase;    /* phases/ (SPEC §9) */
	char *reason;          /* malloc'd */
} hz_slot;

/* The strings many forms hold alike (a task's title and its key, a
 * status), kept once for the run: with every unit sending the same form,
 * they are most of what 20,000 held forms take.  Shared by the reading
 * threads under its lock; the forms' pointers point into its chunks, so it
 * is released only when no form is held (hz_pool_release_reads). */
typedef struct hz_shared_strings {
	pthread_mutex_t lock;
	const char **slot;     /* open addressing by hash; NULL: empty */
	size_t cap, n;
	struct hz_string_chunk *chunks;
} hz_shared_strings;

void hz_shared_strings_init(hz_shared_strings *s);
/* Frees every string and the table; the set can be used again after. */
void hz_shared_strings_clear(hz_shared_strings *s);
void hz_shared_strings_release(hz_shared_strings *s);

struct hz_run;
struct hz_round_row;

/* One round's files: listed (sorted, hz_campaign_list_folder), then read
 * into slots, which point into the run's one array. */
typedef struct hz_round_files {
	const struct hz_round_row *round;
	char **files;   /* owned */
	size_t n;
	size_t first;   /* index of files[0] in the run's pool */
	hz_slot *slots; /* n of them, the run's */
	hz_campaign_tally *tally; /* the summary's, filled by the accounting */
} hz_round_files;

/*
 * A round: a folder of the campaign whose files are read in the one pool
 * and judged (rounds.c's table, in reading order).  Only folder, read and
 * judge are required.
 */
typedef struct hz_round_row {
	const char *folder;
	/* after every folder is listed, before converting: what the reader needs */
	hz_code (*prepare)(struct hz_run *run, hz_round_files *rf, hz_error *err);
	/* file k rejected unread, neither converted nor read: its reason, or NULL */
	const char *(*refuse)(const struct hz_run *run, const hz_round_files *rf, size_t k);
	/* one file, on a pool thread: path to read, rel the name shown; cv the
	 * conversion it is read from (SPEC §10), or NULL.  Fills s. */
	hz_code (*read)(const struct hz_run *run, hz_slot *s, const char *path, const char *rel,
			const hz_conv_file *cv, hz_error *e);
	/* before any round is judged: NULL, or a start its judge ends */
	hz_code (*start)(struct hz_run *run, hz_round_files *rf, hz_error *err);
	/* into run->r, in table order; the rounds marked after_assessment after
	 * the assessment is complete, candidates included (SPEC 6.4, 7.2) */
	hz_code (*judge)(struct hz_run *run, hz_round_files *rf, hz_error *err);
	bool after_assessment;
	/* nothing lost: NULL is the rule that fits a round with one winning
	 * file per unit (hz_account_once); fills rf->tally */
	hz_code (*account)(struct hz_run *run, hz_round_files *rf, hz_error *err);
	/* what prepare and start took, on every outcome; safe twice */
	void (*release)(struct hz_run *run, hz_round_files *rf);
} hz_round_row;

extern const hz_round_row hz_rounds[];
extern const size_t hz_nrounds;

/* The rectification round's judging on its own thread (rounds.c). */
struct hz_rect_job;

/* One run, as the steps of run.c fill it. */
typedef struct hz_run {
	const hz_campaign_opts *o;
	hz_results *r;
	hz_campaign_summary *sum;
	normalizer *norm;
	hz_file_note *ini_warn; /* campaign.ini's warnings until they go into r */
	size_t n_ini_warn;
	hz_round_files rounds[HZ_CAMPAIGN_MAX_ROUNDS];
	size_t nrounds;
	char **all;             /* every round's files one after another (borrowed) */
	size_t nall;
	hz_slot *slots;         /* one per file of all */
	hz_shared_strings *shared; /* what the packed forms share (hz_pool_compact_form); the readers add to it */
	hz_convert conv;        /* SPEC §10, per file of all */
	char work_dir[4096];    /* where conversions go */
	/* what the rounds' prepare and start hold */
	hz_review_keys review_keys;
	int *phase_of;          /* per file of phases/: its phase, or -1 */
	struct hz_phase_memo *phase_memo; /* what earlier runs read under phases/, or NULL */
	size_t phase_first;     /* phases/'s first file in slots */
	struct hz_rect_job *rect;
	struct hz_previous_job *previous; /* hz_outputs_previous_start */
	hz_tree_removal old_letters; /* the previous 反馈/, going while the run ends (commit.h) */
	hz_run_lock lock;
	hz_state *state;
	char started[32];
} hz_run;

/* ---- the pool (pool.c) ---- */

/* Reads every file of run->all into run->slots, with o->jobs threads (the
 * calling one included); each file by its round's reader.  HZ_E_NOMEM when
 * memory ran out (the slots then hold what was read). */
HZ_MUST_USE hz_code hz_pool_read(hz_run *run, hz_error *err);

/* Packs a form read by hz_form_read into one allocation (*block, which the
 * form's pointers point into; caller frees it, never hz_form_release); its
 * titles, title keys and statuses point into shared, which must outlive
 * the form. */
HZ_MUST_USE hz_code hz_pool_compact_form(hz_form *f, void **block, hz_shared_strings *shared);

/* Releases what the slots' reads hold (their reasons stay). */
void hz_pool_release_reads(hz_slot *slots, size_t n);

/* ---- the accounting (accounting.c) ---- */

/* Nothing lost (SPEC §2) for a round with at most one winning file per unit
 * and phase: every file looked at under rf's folder is exactly one of a
 * winning file, superseded, unknown or rejected in run->r.  Fills rf->tally.
 * HZ_E_INTERNAL when not. */
HZ_MUST_USE hz_code hz_account_once(hz_run *run, hz_round_files *rf, hz_error *err);

/* The same for reviews/ (SPEC 6.1), where one file holds many reviews. */
HZ_MUST_USE hz_code hz_account_reviews(hz_run *run, hz_round_files *rf, hz_error *err);

/* Appends a rejected note (file, reason) to r->rejected. */
HZ_MUST_USE hz_code hz_account_add_rejected(hz_results *r, const char *file, const char *reason, hz_error *err);

/* The summary's figures from r and the rounds' tallies. */
void hz_account_summary(const hz_results *r, hz_campaign_summary *sum);

/* ---- the outputs (outputs.c) ---- */

/* Writes every output into a stage in OUTPUT_DIR and puts them in place
 * (commit.h); the previous results.json is read first (SPEC §4). */
HZ_MUST_USE hz_code hz_outputs_write(hz_run *run, hz_error *err);

/* The previous run's results.json (SPEC §4), read on a thread of its own
 * from now on, while the judge works (both use one core: the other is
 * idle); hz_outputs_write takes it, and hz_outputs_previous_end (safe
 * twice) gives back what was not taken.  Without a thread (none, or a
 * file past HZ_MAX_PREVIOUS_BESIDE_BYTES) it is read when hz_outputs_write
 * needs it. */
void hz_outputs_previous_start(hz_run *run);
void hz_outputs_previous_end(hz_run *run);

/* Whether name (in an output folder's top level) is one huizong writes. */
bool hz_output_name_is_ours(const char *name);

/* mkdir -p, and a folder we can write into. */
HZ_MUST_USE hz_code hz_outputs_make_dirs(const char *path, hz_error *err);

/* a/b, malloc'd (caller frees); NULL when out of memory. */
char *hz_campaign_join(const char *a, const char *b);

#endif
