/*
 * One campaign run (SPEC §1, §4, 5.11, 5.13, 5.14): settings, checklist and
 * roster; every file of every round's folder (rounds.c) read in parallel;
 * judging; the outputs (outputs.c) written into OUTPUT_DIR.  The top of the
 * stages: it may include every one of them, and none includes it.  It never
 * prints and never exits; the CLI (cli_run.c) turns its codes into messages
 * and exit codes.
 *
 * The outcome never depends on scheduling: files are listed and sorted
 * before any is read, each worker writes only its own slot, and judging
 * sees the slots in path order.
 */
#ifndef HZ_CAMPAIGN_H
#define HZ_CAMPAIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "hzerr.h"
#include "model.h"

/* Called after each submission file has been read: done of total.  Called
 * from the reading threads, one call at a time (under a lock), so it must be
 * quick.  May be NULL. */
typedef void (*hz_progress_fn)(void *ctx, size_t done, size_t total);

typedef struct hz_campaign_opts {
	const char *campaign_dir;  /* the campaign folder (SPEC §1) */
	const char *output_dir;    /* created when missing */
	int jobs;                  /* reading threads; < 1 means 1 */
	double wait_seconds;       /* how long to wait for another run's lock (SPEC 8.1); ≤ 0: not at all */
	hz_progress_fn progress;
	void *progress_ctx;
	bool judge_only;           /* read and judge, write nothing (forms --reviews) */
} hz_campaign_opts;

/* The names the outputs have in OUTPUT_DIR (outputs.c's table). */
#define HZ_OUT_REPORT "汇总报告.docx"
#define HZ_OUT_RANKINGS "排名.xlsx"
#define HZ_OUT_LETTERS "反馈"
#define HZ_OUT_RESULTS "results.json"
#define HZ_OUT_NOTICE "拟定名单公示.docx"

/* Room for the rows of outputs.c's and rounds.c's tables (each checks it). */
#define HZ_CAMPAIGN_MAX_OUTPUTS 8
#define HZ_CAMPAIGN_MAX_ROUNDS 8

/* Where one output went: path "" when it was not written. */
typedef struct hz_campaign_output {
	const char *name;  /* in OUTPUT_DIR (static) */
	bool folder;       /* 反馈/: a folder of files */
	char path[1024];
} hz_campaign_output;

/* One round's folder, every file accounted for (SPEC §2, accounting.c):
 * looked_at = used + superseded + unknown + rejected, except for reviews/,
 * where superseded and unknown count reviews (a sheet, a Word table or a
 * 考评汇总表 row) and used the files holding a winning one. */
typedef struct hz_campaign_tally {
	const char *folder; /* "submissions", … (static) */
	size_t looked_at, used, superseded, unknown, rejected;
} hz_campaign_tally;

/* The figures of the run summary, and where the outputs went. */
typedef struct hz_campaign_summary {
	size_t units, submitted, not_submitted, late, narrative, lagging;
	size_t looked_at;     /* files under submissions/ that were looked at (dot-files are not) */
	size_t accepted;      /* read as a form: each is a unit's winning file, superseded or unknown */
	size_t rejected, superseded, unknown;
	size_t winning;       /* accepted files that are a unit's result */
	/* reviews/ (SPEC §6), counted apart from the submissions above:
	 * reviews (a sheet, a Word table or a 考评汇总表 row) superseded or of an
	 * unknown unit, files rejected, files holding a winning review */
	size_t reviews_looked_at, reviews_used, reviews_superseded, reviews_unknown, reviews_rejected;
	size_t reviewed;      /* units with a winning review */
	/* phases/ (SPEC §9), counted apart too: files looked at, winning
	 * documents, superseded, of an unknown unit, rejected */
	size_t phases_looked_at, phases_used, phases_superseded, phases_unknown, phases_rejected;
	double average;       /* average percent of submitted units (0 when none) */
	bool has_previous;    /* an earlier results.json was found in OUTPUT_DIR */
	size_t previous_submitted;
	double previous_average;
	double seconds_read, seconds_judge, seconds_write; /* wall time of each phase */
	double seconds_state; /* reading the history and committing the run (SPEC 8.3) */
	size_t swept;         /* temporaries of killed runs removed from OUTPUT_DIR (SPEC 8.2) */
	/* SPEC §10: legacy files (OLE2 .doc/.xls/.wps/.et) */
	size_t legacy, converted, convert_cached, convert_failed, convert_timed_out;
	bool soffice_found;
	double seconds_convert;
	char state_warning[1600]; /* "" or what went wrong with the history (SPEC 8.3): for stderr, never an error */
	char write_warning[2048]; /* "" or lines on temporaries and 反馈/ (SPEC 8.2): for stderr, never an error */
	char templates_dir[1024]; /* the templates used ("" when no document was written) */
	/* what was written, in outputs.c's order (拟定名单公示.docx only with [candidates]) */
	hz_campaign_output outputs[HZ_CAMPAIGN_MAX_OUTPUTS];
	size_t noutputs;
	/* each round's folder, in rounds.c's order; the figures above are made of them */
	hz_campaign_tally rounds[HZ_CAMPAIGN_MAX_ROUNDS];
	size_t nrounds;
} hz_campaign_summary;

/* The path output name went to ("" when it was not written). */
const char *hz_campaign_output_path(const hz_campaign_summary *s, const char *name);

/*
 * Runs the whole campaign into r (hz_results_init'd by the caller, released
 * by the caller with hz_results_release whatever the outcome) and fills sum.
 * Errors (nothing written): HZ_E_CONFIG etc. from campaign.ini, the
 * checklist or the roster, with err naming file, sheet, row and column;
 * HZ_E_IO when the campaign folder cannot be read; HZ_E_WRITE when an output
 * cannot be written; HZ_E_BUSY when another run holds OUTPUT_DIR's lock
 * (err->detail names it; nothing read, nothing written); HZ_E_INTERNAL when a looked-at file went missing
 * between reading and judging (the "nothing lost" invariant).  Files that
 * cannot be read are not errors: they land in r->rejected.
 */
HZ_MUST_USE hz_code hz_campaign_run(const hz_campaign_opts *o, hz_results *r, hz_campaign_summary *sum, hz_error *err);

/*
 * The files looked at under dir/submissions (SPEC 5.11): regular files at
 * any depth (symbolic links to regular files included), except names
 * starting with '.'; folders whose name starts with '.' are skipped whole and
 * symbolic links to folders are not followed (they could lead out of the
 * tree or in a loop).  Paths are relative to dir ("submissions/a/b.xlsx"),
 * sorted in byte order.  A missing submissions/ folder gives no files.
 * A name that is not UTF-8 is listed as campaign/names.h shows it, the
 * bytes on disk after its NUL (hz_name_disk).
 * *out is a malloc'd array of malloc'd strings (free with
 * hz_campaign_files_free).
 */
HZ_MUST_USE hz_code hz_campaign_list_files(const char *dir, char ***out, size_t *n, hz_error *err);
/* The same under dir/folder (every round's folder: SPEC 6.1, 7.1 and 9.1
 * hold them to every rule of 5.11): paths "folder/…". */
HZ_MUST_USE hz_code hz_campaign_list_folder(const char *dir, const char *folder, char ***out, size_t *n, hz_error *err);
void hz_campaign_files_free(char **files, size_t n);

/*
 * Where the templates come from: dir/templates when it holds report.docx,
 * else, beside the executable (through /proc/self/exe), the first of
 * ../share/huizong/templates (installed: PREFIX/bin/huizong) and
 * ../templates (the source tree: build/huizong) that holds report.docx,
 * else HZ_TEMPLATES_DIR (compiled in; "templates").
 * Writes into out (n bytes).
 */
void hz_campaign_templates_dir(const char *campaign_dir, char *out, size_t n);

#endif
