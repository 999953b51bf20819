/* huizong run [CAMPAIGN_DIR] [-o OUTPUT_DIR] [-j N] [-q] (SPEC §4). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "campaign/campaign.h"
#include "cli/cli.h"
#include "hzerr.h"
#include "model.h"

#include "banned.h"

typedef struct progress_line {
	size_t last_shown;
	struct timespec last;
	int shown;
} progress_line;

/* At most ~10 updates a second, and always the last one. */
static void show_progress(void *ctx, size_t done, size_t total)
{
	progress_line *p = ctx;
	struct timespec now;
	long long ms;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(now.tv_sec - p->last.tv_sec) * 1000 + (now.tv_nsec - p->last.tv_nsec) / 1000000;
	if (done != total && p->shown && ms < 100)
		return;
	p->last = now;
	p->last_shown = done;
	p->shown = 1;
	fprintf(stderr, "\r读取 reading %zu/%zu (%zu%%)", done, total, total ? done * 100 / total : 100);
	fflush(stderr);
}

/* "huizong: file：中文 / English (part, where: detail)", only the pieces
 * that are set, then what it means for the run. */
static void print_error(const hz_error *e)
{
	fprintf(stderr, "huizong: %s%s%s / %s", e->file[0] ? e->file : "", e->file[0] ? "：" : "",
		hz_strerror_zh(e->code), hz_strerror(e->code));
	if (e->part[0] || e->where[0] || e->detail[0])
		fprintf(stderr, " (%s%s%s%s%s)", e->part, e->part[0] && e->where[0] ? ", " : "", e->where,
			(e->part[0] || e->where[0]) && e->detail[0] ? ": " : "", e->detail);
	if (e->code == HZ_E_BUSY)
		fprintf(stderr, "\n未运行，输出文件夹未改动 / not run, the output folder is untouched\n");
	else if (e->code == HZ_E_WRITE || e->code == HZ_E_TEMPLATE)
		fprintf(stderr, "\nresults.json 未更新 / results.json not updated\n");
	else
		fprintf(stderr, "\n未写入任何文件 / nothing written\n");
}

static void print_summary(const char *dir, const char *out, const hz_campaign_summary *s, const hz_results *r)
{
	printf("汇总完成 / consolidated: %s -> %s\n", dir, out);
	printf("  单位 units                     %6zu\n", s->units);
	printf("  已报送 submitted               %6zu", s->submitted);
	if (s->narrative)
		printf("   (其中自查报告 of which narrative reports: %zu)", s->narrative);
	putchar('\n');
	if (hz_before_deadline(&r->settings)) /* SPEC §2: only pending before the deadline */
		printf("  尚未报送 pending (截止日期未到) %6zu\n", s->not_submitted);
	else
		printf("  未报送 not submitted           %6zu\n", s->not_submitted);
	printf("  逾期 late                      %6zu\n", s->late);
	printf("  退回 rejected                  %6zu\n", s->rejected);
	printf("  被替代 superseded              %6zu\n", s->superseded);
	printf("  未知单位 unknown units         %6zu\n", s->unknown);
	printf("  滞后单位 lagging               %6zu\n", s->lagging);
	printf("  平均得分率 average percent     %9.2f", s->average);
	if (s->has_previous)
		printf("   (上次 previous run: %.2f, %zu submitted)", s->previous_average, s->previous_submitted);
	putchar('\n');
	printf("  文件 files: %zu looked at = %zu used + %zu superseded + %zu unknown unit + %zu rejected\n",
	       s->looked_at, s->winning, s->superseded, s->unknown, s->rejected);
	if (s->reviews_looked_at) {
		/* SPEC §6: reviews apart; a review is a sheet, a Word table or a 考评汇总表 row */
		printf("  考评 reviews: 已考评%zu个单位 units reviewed；文件%zu份 files looked at，采用%zu份 used，"
		       "退回%zu份 rejected；被替代%zu份 reviews superseded，单位未知%zu份 of unknown units\n",
		       s->reviewed, s->reviews_looked_at, s->reviews_used, s->reviews_rejected, s->reviews_superseded,
		       s->reviews_unknown);
	}
	if (s->phases_looked_at) /* SPEC §9: phases/ apart, every file accounted for */
		printf("  阶段 phases: %zu files looked at = %zu used + %zu superseded + %zu unknown unit + %zu rejected\n",
		       s->phases_looked_at, s->phases_used, s->phases_superseded, s->phases_unknown, s->phases_rejected);
	if (r->has_rectification) { /* SPEC §7: the round's figures, when there is one */
		const hz_rectification_summary *rs = &r->rectification_summary;
		printf("  整改 rectification: 应整改%zu个单位 units to rectify，%zu个报送整改表 sent a form，%zu个达标 "
		       "reached；任务已整改%zu项 tasks closed，未整改%zu项 open\n",
		       rs->units, rs->sent, rs->reached, rs->closed, rs->open);
	}
	if (s->legacy) {
		/* SPEC §10: only when some file had a legacy name and OLE2 bytes */
		if (!s->soffice_found)
			printf("  旧版格式 legacy: %zu .doc/.xls/.wps/.et file(s) rejected: LibreOffice %s\n", s->legacy,
			       r->settings.convert_off ? "off ([input] convert = off)" : "not found (soffice)");
		else
			printf("  旧版格式 legacy: %zu .doc/.xls/.wps/.et file(s): %zu converted by LibreOffice, %zu from "
			       "the cache, %zu could not be converted, %zu timed out (%.3f s)\n",
			       s->legacy, s->converted, s->convert_cached, s->convert_failed, s->convert_timed_out,
			       s->seconds_convert);
	}
	printf("  用时 time: 读取 read %.3f s, 评判 judge %.3f s, 写出 write %.3f s, 历史 history %.3f s\n", s->seconds_read,
	       s->seconds_judge, s->seconds_write, s->seconds_state);
	if (s->swept)
		printf("  清理 removed %zu temporary file(s) left by an interrupted run\n", s->swept);
	printf("输出 / outputs:\n");
	for (size_t i = 0; i < s->noutputs; i++) /* in the outputs' table's order */
		if (s->outputs[i].path[0])
			printf("  %s%s\n", s->outputs[i].path, s->outputs[i].folder ? "/" : "");
	if (s->rejected || s->unknown || s->reviews_rejected || s->reviews_unknown || s->phases_rejected ||
	    s->phases_unknown)
		printf("有文件被退回或单位未知，详见 results.json / some files were rejected or name no roster unit: see "
		       "results.json\n");
}

int cmd_run(const cli_opts *o)
{
	hz_campaign_opts co;
	hz_campaign_summary sum;
	hz_results r;
	hz_error err;
	progress_line line;
	int show, rc;

	memset(&co, 0, sizeof(co));
	memset(&line, 0, sizeof(line));
	co.campaign_dir = o->nargs ? o->args[0] : "input";
	co.output_dir = o->output ? o->output : "output";
	co.jobs = cli_jobs(o);
	co.wait_seconds = o->wait_seconds;
	show = o->progress >= 0 ? o->progress : (!o->quiet && isatty(STDERR_FILENO));
	if (show) {
		co.progress = show_progress;
		co.progress_ctx = &line;
	}
	hz_error_clear(&err);
	hz_results_init(&r);
	if (hz_campaign_run(&co, &r, &sum, &err) != HZ_OK) {
		if (line.shown)
			fputc('\n', stderr);
		print_error(&err);
		if (sum.state_warning[0])
			fprintf(stderr, "%s\n", sum.state_warning);
		if (sum.write_warning[0])
			fprintf(stderr, "%s\n", sum.write_warning);
		hz_results_release(&r);
		return err.code == HZ_E_BUSY ? HZ_EXIT_BUSY : err.code == HZ_E_USAGE ? HZ_EXIT_USAGE : HZ_EXIT_FATAL;
	}
	/* the history is never needed for the results: a warning, whatever -q says */
	if (sum.state_warning[0])
		fprintf(stderr, "%s\n", sum.state_warning);
	if (sum.write_warning[0])
		fprintf(stderr, "%s\n", sum.write_warning);
	if (line.shown)
		fputc('\n', stderr);
	if (!o->quiet)
		print_summary(co.campaign_dir, co.output_dir, &sum, &r);
	if (!o->quiet && hz_campaign_output_path(&sum, HZ_OUT_LETTERS)[0] && sum.lagging && !r.settings.rectify_by[0])
		fprintf(stderr, "提示：campaign.ini 未设置 [campaign] rectify_by，反馈意见中没有整改期限 / "
				"note: no [campaign] rectify_by, so the feedback letters give no deadline\n");
	/* SPEC §4, and 6.1 for review files */
	rc = (sum.rejected || sum.unknown || sum.reviews_rejected || sum.reviews_unknown || sum.phases_rejected ||
	      sum.phases_unknown)
		     ? HZ_EXIT_PARTIAL
		     : HZ_EXIT_OK;
	hz_results_release(&r);
	fflush(stdout);
	return rc;
}
