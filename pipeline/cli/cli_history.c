/*
 * huizong history [OUTPUT_DIR] [--json] (SPEC 8.4): the nightly history of
 * an output folder, one row per as_of date (the run with the highest id of
 * that date), oldest first: what 排名.xlsx's 进度 sheet and the report's
 * 报送进度 show.  Default OUTPUT_DIR: output/.
 * Exit 0 (also with no history yet: no rows, and a note on stderr); 2 when
 * the folder is missing or the state file is damaged or newer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>

#include "cli/cli.h"
#include "model.h"
#include "state/state.h"
#include "write/results_json.h"
#include "write/xlsx_write.h"

#include "banned.h"

static void print_json(const hz_history *h)
{
	printf("{\"rows\": [");
	for (size_t i = 0; i < h->n; i++) {
		const hz_history_row *w = &h->rows[i];
		printf("%s\n  {\"as_of\": ", i ? "," : "");
		hz_json_put_string(stdout, w->as_of);
		printf(", \"units\": %zu, \"submitted\": %zu, \"on_time\": %zu, \"late\": %zu, \"lagging\": %zu, "
		       "\"rejected\": %zu, \"average\": %.15g}",
		       w->units, w->submitted, w->on_time, w->late, w->lagging, w->rejected, w->average);
	}
	printf("%s]}\n", h->n ? "\n" : "");
}

/* The columns s takes in a terminal: a wide (CJK) character two, a
 * combining one none (utf8proc's East Asian width). */
static size_t term_width(const char *s)
{
	size_t w = 0;
	utf8proc_int32_t c;
	for (utf8proc_ssize_t got; *s; s += got) {
		got = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &c);
		if (got <= 0)
			return w + strlen(s);
		w += (size_t)utf8proc_charwidth(c);
	}
	return w;
}

/* s right-aligned in width columns, a CJK character counting two. */
static void cell(const char *s, size_t width, int left)
{
	size_t w = term_width(s);
	if (left)
		printf("%s", s);
	for (; w < width; w++)
		putchar(' ');
	if (!left)
		printf("%s", s);
}

static void print_table(const hz_history *h)
{
	static const char *const zh[] = {"日期", "单位", "已报送", "按时", "逾期", "滞后", "退回", "平均得分率"};
	static const char *const en[] = {"as_of", "units", "submitted", "on time", "late", "lagging", "rejected", "average"};
	for (int line = 0; line < 2; line++) {
		const char *const *t = line ? en : zh;
		cell(t[0], 10, 1);
		for (int k = 1; k < 8; k++)
			cell(t[k], k == 7 ? 11 : 10, 0);
		putchar('\n');
	}
	for (size_t i = 0; i < h->n; i++) {
		const hz_history_row *w = &h->rows[i];
		printf("%-10s%10zu%10zu%10zu%10zu%10zu%10zu%11.2f\n", w->as_of, w->units, w->submitted, w->on_time,
		       w->late, w->lagging, w->rejected, w->average);
	}
}

int cmd_history(const cli_opts *o)
{
	const char *out = o->nargs ? o->args[0] : "output";
	char dir[4096];
	struct stat st;
	hz_history h;
	hz_error err;
	hz_code rc;

	if (stat(out, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "huizong: %s：没有这个输出文件夹 / no such output folder\n", out);
		return HZ_EXIT_FATAL;
	}
	if ((size_t)snprintf(dir, sizeof(dir), "%s/.huizong", out) >= sizeof(dir)) {
		fprintf(stderr, "huizong: %s：路径过长 / path too long\n", out);
		return HZ_EXIT_FATAL;
	}
	hz_error_clear(&err);
	rc = hz_state_read_history(dir, &h, &err);
	if (rc == HZ_E_IO) {
		fprintf(stderr, "huizong: %s：尚无历史记录 / no history yet (no completed run has written one)\n", out);
		h.rows = NULL;
		h.n = 0;
	} else if (rc != HZ_OK) {
		fprintf(stderr, "huizong: %s：无法读取历史 / cannot read the history (%s)\n", err.file, err.detail);
		return HZ_EXIT_FATAL;
	}
	if (o->json)
		print_json(&h);
	else
		print_table(&h);
	free(h.rows);
	return fflush(stdout) == 0 ? HZ_EXIT_OK : HZ_EXIT_FATAL;
}
