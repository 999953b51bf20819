#include "judge/unreadable.h"

#include <stdlib.h>
#include <string.h>

#include "judge/judge_match.h"

#include "banned.h"

#define SUBMISSIONS "submissions/"

hz_code hz_judge_unreadable(hz_results *r, normalizer *n, hz_error *err)
{
	hz_matcher *m = NULL;
	hz_code rc = HZ_OK;
	bool any = false;

	for (size_t i = 0; i < r->nunits && !any; i++)
		any = !r->units[i].submitted;
	if (!any || !r->nrejected)
		return HZ_OK;
	if ((rc = hz_matcher_new(&m, r, n)) != HZ_OK)
		return hz_error_set(err, rc, "matching rejected files to units");
	for (size_t i = 0; i < r->nrejected && rc == HZ_OK; i++) {
		const hz_file_note *f = &r->rejected[i];
		size_t u;
		char *file, *reason;
		/* a rejected review or rectified form is not the unit's submission */
		if (!f->file || strncmp(f->file, SUBMISSIONS, strlen(SUBMISSIONS)) != 0)
			continue;
		u = hz_match_file(m, f->file, &rc);
		if (rc != HZ_OK || u == HZ_NO_MATCH || r->units[u].submitted)
			continue;
		file = strdup(f->file);
		reason = strdup(f->text ? f->text : "");
		if (!file || !reason) {
			free(file);
			free(reason);
			rc = HZ_E_NOMEM;
			break;
		}
		free(r->units[u].unreadable_file);
		free(r->units[u].unreadable_reason);
		r->units[u].unreadable_file = file;
		r->units[u].unreadable_reason = reason;
	}
	hz_matcher_free(m);
	return rc == HZ_OK ? HZ_OK : hz_error_set(err, rc, "matching rejected files to units");
}
