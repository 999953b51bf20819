/*
 * The roster of units (SPEC §1): units.xlsx, or units.csv in UTF-8 (with
 * or without BOM) or GB18030.  Display names are kept as written, trimmed;
 * judging normalises what it compares.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hz_open.h"
#include "recognise/form.h"
#include "recognise/form_internal.h"
#include "hz_limits.h"

#include "banned.h"

hz_code hz_roster_read(hz_results *r, const char *campaign_dir, normalizer *n, hz_error *err)
{
	char *xlsx = hz_path_join(campaign_dir, "units.xlsx"), *csv = hz_path_join(campaign_dir, "units.csv");
	form_grid g;
	hz_unit *units = NULL;
	size_t nunits = 0;
	const char *rel = "units.xlsx";
	hz_code rc;

	memset(&g, 0, sizeof(g));
	if (!xlsx || !csv) {
		rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
		goto out;
	}
	if (access(xlsx, F_OK) == 0) {
		rc = form_grid_read_xlsx(&g, xlsx, FORM_ROSTER, n, HZ_MAX_UNITS, err);
	} else if (access(csv, F_OK) == 0) {
		rel = "units.csv";
		rc = form_grid_read_csv(&g, csv, FORM_ROSTER, n, HZ_MAX_UNITS, err);
	} else {
		rc = hz_error_set(err, HZ_E_CONFIG, "no roster: neither units.xlsx nor units.csv in the campaign folder");
		goto out;
	}
	if (rc != HZ_OK)
		goto out;
	units = calloc(g.nrows ? g.nrows : 1, sizeof(*units));
	if (!units) {
		rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < g.nrows; i++) {
		const form_grid_row *row = &g.rows[i];
		const form_cell *name = form_cell_at(row->cells, row->ncells, g.h.cols[ROLE_UNIT]);
		const form_cell *al = form_cell_at(row->cells, row->ncells, g.h.cols[ROLE_ALIASES]);
		const form_cell *grp = form_cell_at(row->cells, row->ncells, g.h.cols[ROLE_GROUP]);
		hz_unit *u = &units[nunits];
		char *key;

		if (!name)
			continue;
		key = norm_key(n, name->text, name->len);
		if (!key) {
			rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
			goto out;
		}
		if (!key[0]) {
			free(key);
			continue;
		}
		free(key);
		u->name = form_trim_dup(name->text, name->len);
		u->group = grp ? form_trim_dup(grp->text, grp->len) : form_strndup("", 0);
		if (!u->name || !u->group ||
		    (al && form_split_list(al->text, al->len, 0, NULL, &u->aliases, &u->naliases) != HZ_OK)) {
			hz_unit_release(u);
			rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
			goto out;
		}
		nunits++;
	}
	if (nunits == 0) {
		form_grid_where(&g, err, g.header_row, g.h.cols[ROLE_UNIT]);
		rc = hz_error_set(err, HZ_E_CONFIG, "the roster lists no unit below its header");
		goto out;
	}
	r->units = units;
	r->nunits = nunits;
	units = NULL;
	nunits = 0;
out:
	/* the readers name the path on disk; messages name the campaign file
	 * (and err is left as it was when nothing failed) */
	if (rc != HZ_OK)
		hz_error_file(err, rel);
	for (size_t i = 0; i < nunits; i++)
		hz_unit_release(&units[i]);
	free(units);
	form_grid_release(&g);
	free(xlsx);
	free(csv);
	return rc;
}
