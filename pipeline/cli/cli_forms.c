/*
 * huizong forms [CAMPAIGN_DIR] [-o DIR]: one pre-filled 自查自评表.xlsx per
 * roster unit, and 空白自查自评表.xlsx for units not on the roster, made
 * from the campaign's checklist, roster and campaign.ini (for as_of and the
 * deadline printed in the form).  Defaults: input/ and output/forms.
 * Exit 0 written; 2 bad settings, checklist or roster, or a form that
 * could not be written; 64 wrong command line (cli.c).
 *
 * --reviews: the review groups' forms (SPEC 6.1, review_forms.c), which
 * print each unit's self score: the campaign is read and judged as `run`
 * does (campaign/, nothing written), then the forms are written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/campaign.h"
#include "cli/cli.h"
#include "write/docs.h"
#include "recognise/form.h"
#include "text/norm.h"
#include "recognise/settings.h"

#include "banned.h"

#define FORMS_DEFAULT_CAMPAIGN "input"
#define FORMS_DEFAULT_OUTPUT "output/forms"

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static void print_error(const hz_error *err, int writing)
{
	char line[2048];
	if (writing)
		fprintf(stderr, "huizong: 无法写入自查自评表：%s / cannot write the forms: %s%s%s\n",
			hz_strerror_zh(err->code), err->file[0] ? err->file : "", err->file[0] ? ": " : "",
			err->detail);
	else
		fprintf(stderr, "huizong: %s\n", hz_error_line(err, line, sizeof(line)));
}

static int review_forms(const cli_opts *o, const char *campaign, const char *out)
{
	hz_campaign_opts co;
	hz_campaign_summary sum;
	hz_results r;
	hz_error err;
	size_t books = 0;
	char line[2048];
	int rc = HZ_EXIT_FATAL;

	memset(&co, 0, sizeof(co));
	co.campaign_dir = campaign;
	co.output_dir = out;
	co.jobs = cli_jobs(o);
	co.judge_only = true;
	hz_results_init(&r);
	hz_error_clear(&err);
	if (hz_campaign_run(&co, &r, &sum, &err) != HZ_OK) {
		fprintf(stderr, "huizong: %s\n", hz_error_line(&err, line, sizeof(line)));
		goto out;
	}
	hz_error_clear(&err);
	if (hz_review_forms_write(&r, out, &books, &err) != HZ_OK) {
		fprintf(stderr, "huizong: 无法写入考评表：%s / cannot write the review forms: %s%s%s\n",
			hz_strerror_zh(err.code), err.file[0] ? err.file : "", err.file[0] ? ": " : "", err.detail);
		goto out;
	}
	if (!o->quiet)
		printf("已为 %zu 个已报送单位生成考评表 %zu 份（按分组），及空白考评汇总表 1 份：%s\n"
		       "wrote %zu review workbooks (one per group; a sheet per unit that submitted, %zu units) "
		       "and a blank 考评汇总表 to %s\n",
		       sum.submitted, books, out, books, sum.submitted, out);
	rc = HZ_EXIT_OK;
out:
	hz_results_release(&r);
	return rc;
}

int cmd_forms(const cli_opts *o)
{
	const char *campaign = o->nargs > 0 ? o->args[0] : FORMS_DEFAULT_CAMPAIGN;
	const char *out = o->output ? o->output : FORMS_DEFAULT_OUTPUT;
	normalizer *n = NULL;
	hz_results r;
	hz_error err;
	char *ini = NULL;
	int rc = HZ_EXIT_FATAL;

	if (o->reviews)
		return review_forms(o, campaign, out);
	hz_results_init(&r);
	hz_error_clear(&err);
	ini = join(campaign, "campaign.ini");
	if (!ini) {
		fprintf(stderr, "huizong: out of memory\n");
		goto out;
	}
	if (normalizer_new(&n, &err) != HZ_OK) {
		print_error(&err, 0);
		goto out;
	}
	if (hz_settings_load(&r.settings, ini, &r.warnings, &r.nwarnings, &err) != HZ_OK) {
		if (!err.file[0])
			hz_error_file(&err, "campaign.ini");
		print_error(&err, 0);
		goto out;
	}
	for (size_t i = 0; i < r.nwarnings; i++)
		fprintf(stderr, "huizong: 注意 / warning: %s: %s\n", r.warnings[i].file ? r.warnings[i].file : "",
			r.warnings[i].text ? r.warnings[i].text : "");
	hz_error_clear(&err);
	if (hz_checklist_read(&r, campaign, n, &err) != HZ_OK) {
		print_error(&err, 0);
		goto out;
	}
	hz_error_clear(&err);
	if (hz_roster_read(&r, campaign, n, &err) != HZ_OK) {
		print_error(&err, 0);
		goto out;
	}
	hz_error_clear(&err);
	if (hz_forms_write(&r, out, &err) != HZ_OK) {
		print_error(&err, 1);
		goto out;
	}
	if (!o->quiet)
		printf("已生成 %zu 个单位的自查自评表及空白表 1 份，共 %zu 个任务：%s\n"
		       "wrote %zu pre-filled forms and 1 blank form (%zu tasks) to %s\n",
		       r.nunits, r.ntasks, out, r.nunits, r.ntasks, out);
	rc = HZ_EXIT_OK;
out:
	free(ini);
	hz_results_release(&r);
	normalizer_free(n);
	return rc;
}
