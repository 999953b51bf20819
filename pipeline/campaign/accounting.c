/*
 * Nothing lost (SPEC §2, 6.1, 7.1, 9.1): after judging, every file looked
 * at in a round's folder shows exactly once in the results, as a unit's
 * winning file, superseded, of an unknown unit, or rejected.  A broken
 * invariant is a bug of ours (HZ_E_INTERNAL), never the input's.  And the
 * summary's figures, made of the rounds' tallies.
 */
#include <stdlib.h>
#include <string.h>

#include "campaign/internal.h"

#include "banned.h"

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

hz_code hz_account_add_rejected(hz_results *r, const char *file, const char *reason, hz_error *err)
{
	hz_file_note *p = realloc(r->rejected, (r->nrejected + 1) * sizeof(*p));
	if (!p)
		return hz_error_set(err, HZ_E_NOMEM, "rejected list");
	r->rejected = p;
	memset(&p[r->nrejected], 0, sizeof(*p));
	p[r->nrejected].file = strdup(file);
	p[r->nrejected].text = strdup(reason);
	r->nrejected++;
	if (!p[r->nrejected - 1].file || !p[r->nrejected - 1].text)
		return hz_error_set(err, HZ_E_NOMEM, "rejected list");
	return HZ_OK;
}

/* Whether path lies in folder ("reviews/…" in "reviews"). */
static bool in_folder(const char *path, const char *folder)
{
	size_t n = strlen(folder);
	return path && !strncmp(path, folder, n) && path[n] == '/';
}

static size_t count_in(const hz_file_note *v, size_t n, const char *folder)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += in_folder(v[i].file, folder);
	return k;
}

/* Appends to seen (when not NULL) the notes of v in folder; their count. */
static size_t notes_in(const hz_file_note *v, size_t n, const char *folder, const char **seen)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (in_folder(v[i].file, folder)) {
			if (seen)
				seen[k] = v[i].file;
			k++;
		}
	return k;
}

/* The units' winning files in folder (a submission, a rectified form, a
 * phase document: one each at most), appended to seen when not NULL. */
static size_t winning_in(const hz_results *r, const char *folder, const char **seen)
{
	size_t k = 0;
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[i];
		const char *mine[2] = {u->submitted ? u->file : NULL, u->rectification ? u->rectification->file : NULL};
		for (size_t m = 0; m < 2; m++)
			if (in_folder(mine[m], folder)) {
				if (seen)
					seen[k] = mine[m];
				k++;
			}
		for (size_t p = 0; p < u->nphases; p++)
			if (in_folder(u->phases[p].file, folder)) {
				if (seen)
					seen[k] = u->phases[p].file;
				k++;
			}
	}
	return k;
}

hz_code hz_account_once(hz_run *run, hz_round_files *rf, hz_error *err)
{
	const hz_results *r = run->r;
	const char *folder = rf->round->folder, **seen;
	hz_campaign_tally *t = rf->tally;
	size_t n = 0;
	hz_code rc = HZ_OK;

	t->looked_at = rf->n;
	t->used = winning_in(r, folder, NULL);
	t->superseded = count_in(r->superseded, r->nsuperseded, folder);
	t->unknown = count_in(r->unknown_units, r->nunknown_units, folder);
	t->rejected = count_in(r->rejected, r->nrejected, folder);
	if (t->used + t->superseded + t->unknown + t->rejected != rf->n)
		return hz_error_set(err, HZ_E_INTERNAL,
				    "%zu files looked at under %s/, but %zu accounted for (%zu winning, %zu superseded, "
				    "%zu unknown, %zu rejected)",
				    rf->n, folder, t->used + t->superseded + t->unknown + t->rejected, t->used,
				    t->superseded, t->unknown, t->rejected);
	if (!rf->n)
		return HZ_OK;
	if (!(seen = malloc(rf->n * sizeof(*seen))))
		return hz_error_set(err, HZ_E_NOMEM, "checking the files of %s/", folder);
	n += winning_in(r, folder, seen + n);
	n += notes_in(r->superseded, r->nsuperseded, folder, seen + n);
	n += notes_in(r->unknown_units, r->nunknown_units, folder, seen + n);
	n += notes_in(r->rejected, r->nrejected, folder, seen + n);
	qsort(seen, n, sizeof(*seen), cmp_path);
	/* rf->files are sorted (hz_campaign_list_folder) */
	for (size_t i = 0; i < n; i++)
		if (strcmp(seen[i], rf->files[i]) != 0) {
			rc = hz_error_set(err, HZ_E_INTERNAL, "file '%s' looked at but not accounted for exactly once",
					  rf->files[i]);
			break;
		}
	free(seen);
	return rc;
}

/*
 * reviews/ (SPEC 6.1): every review of a file that was read is exactly one
 * of a unit's winning review, superseded or unknown; every looked-at review
 * file is read or rejected, and each shows in results.json (a winning
 * review, superseded, unknown_units or rejected).
 */
hz_code hz_account_reviews(hz_run *run, hz_round_files *rf, hz_error *err)
{
	const hz_results *r = run->r;
	const char *folder = rf->round->folder, **seen;
	hz_campaign_tally *t = rf->tally;
	size_t entries = 0, rejected_read = 0, n = 0, cap;
	hz_code rc = HZ_OK;

	for (size_t i = 0; i < rf->n; i++) {
		if (rf->slots[i].rc == HZ_OK)
			entries += rf->slots[i].review.nentries;
		else
			rejected_read++;
	}
	t->looked_at = rf->n;
	t->superseded = count_in(r->superseded, r->nsuperseded, folder);
	t->unknown = count_in(r->unknown_units, r->nunknown_units, folder);
	t->rejected = count_in(r->rejected, r->nrejected, folder);
	if (r->n_reviewed + t->superseded + t->unknown != entries || t->rejected != rejected_read)
		return hz_error_set(err, HZ_E_INTERNAL,
				    "%zu reviews read, but %zu accounted for (%zu winning, %zu superseded, %zu unknown); "
				    "%zu review files rejected, %zu listed",
				    entries, r->n_reviewed + t->superseded + t->unknown, r->n_reviewed, t->superseded,
				    t->unknown, rejected_read, t->rejected);
	cap = r->n_reviewed + t->superseded + t->unknown + t->rejected + 1;
	if (!(seen = malloc(cap * sizeof(*seen))))
		return hz_error_set(err, HZ_E_NOMEM, "checking the review files");
	for (size_t i = 0; i < r->nunits; i++)
		if (r->units[i].review)
			seen[n++] = r->units[i].review->file;
	n += notes_in(r->superseded, r->nsuperseded, folder, seen + n);
	n += notes_in(r->unknown_units, r->nunknown_units, folder, seen + n);
	n += notes_in(r->rejected, r->nrejected, folder, seen + n);
	if (n)
		qsort(seen, n, sizeof(*seen), cmp_path);
	{
		/* the distinct paths seen must be exactly the files */
		size_t d = 0;
		for (size_t i = 0; i < n && rc == HZ_OK; i++) {
			if (i && !strcmp(seen[i], seen[i - 1]))
				continue;
			if (d >= rf->n || strcmp(seen[i], rf->files[d]) != 0)
				rc = hz_error_set(err, HZ_E_INTERNAL, "review file '%s' not accounted for",
						  d < rf->n ? rf->files[d] : seen[i]);
			d++;
		}
		if (rc == HZ_OK && d != rf->n)
			rc = hz_error_set(err, HZ_E_INTERNAL, "review file '%s' not accounted for", rf->files[d]);
	}
	{
		/* files holding at least one winning review */
		size_t w = 0;
		for (size_t i = 0; i < r->nunits; i++)
			if (r->units[i].review)
				seen[w++] = r->units[i].review->file;
		if (w)
			qsort(seen, w, sizeof(*seen), cmp_path);
		t->used = 0;
		for (size_t i = 0; i < w; i++)
			t->used += !i || strcmp(seen[i], seen[i - 1]) != 0;
	}
	free(seen);
	return rc;
}

static const hz_campaign_tally *tally_of(const hz_campaign_summary *sum, const char *folder)
{
	static const hz_campaign_tally none;
	for (size_t i = 0; i < sum->nrounds; i++)
		if (!strcmp(sum->rounds[i].folder, folder))
			return &sum->rounds[i];
	return &none;
}

void hz_account_summary(const hz_results *r, hz_campaign_summary *sum)
{
	/* the forms of submissions/ and rectifications/ together, reviews/
	 * and phases/ apart (the run summary's lines) */
	const hz_campaign_tally *sub = tally_of(sum, "submissions"), *rect = tally_of(sum, "rectifications");
	const hz_campaign_tally *rev = tally_of(sum, "reviews"), *ph = tally_of(sum, "phases");
	double total = 0;

	sum->units = r->nunits;
	for (size_t i = 0; i < r->nunits; i++) {
		const hz_unit *u = &r->units[i];
		if (u->submitted) {
			sum->submitted++;
			total += u->percent;
			if (u->late)
				sum->late++;
			if (u->narrative)
				sum->narrative++;
		}
		if (u->lagging)
			sum->lagging++;
	}
	sum->not_submitted = sum->units - sum->submitted;
	sum->looked_at = sub->looked_at + rect->looked_at;
	sum->winning = sub->used + rect->used;
	sum->rejected = sub->rejected + rect->rejected;
	sum->superseded = sub->superseded + rect->superseded;
	sum->unknown = sub->unknown + rect->unknown;
	sum->reviews_looked_at = rev->looked_at;
	sum->reviews_used = rev->used;
	sum->reviews_superseded = rev->superseded;
	sum->reviews_unknown = rev->unknown;
	sum->reviews_rejected = rev->rejected;
	sum->reviewed = r->n_reviewed;
	sum->phases_looked_at = ph->looked_at;
	sum->phases_used = ph->used;
	sum->phases_superseded = ph->superseded;
	sum->phases_unknown = ph->unknown;
	sum->phases_rejected = ph->rejected;
	/* judge rounds the average once for every output; recompute only if it
	 * left it unset with units submitted. */
	sum->average = r->average_percent;
	if (sum->average == 0 && sum->submitted)
		sum->average = hz_round(total / (double)sum->submitted, 2);
	sum->has_previous = r->previous.present;
	sum->previous_submitted = r->previous.submitted;
	sum->previous_average = r->previous.average;
}
