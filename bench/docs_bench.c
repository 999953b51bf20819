/*
 * Time to write 汇总报告.docx and the 反馈/ letters for a synthetic
 * campaign of N units (tests/unit/synth_results.h):
 *     build/bench/docs_bench N OUT_DIR [TEMPLATES_DIR]
 * Prints one line: units, lagging letters, seconds for each document, and
 * the report's size.  Expected: linear in N.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "../tests/unit/synth_results.h"
#include "write/docs.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	hz_results r;
	hz_error err;
	char report[4096], fb[4096], line[1200];
	struct stat st;
	double t0, t1, t2;
	long n;
	char *end;

	if (argc < 3) {
		fprintf(stderr, "usage: %s N OUT_DIR [TEMPLATES_DIR]\n", argv[0]);
		return 64;
	}
	n = strtol(argv[1], &end, 10);
	if (*end || n < 0) {
		fprintf(stderr, "bad N\n");
		return 64;
	}
	synth_results(&r, (size_t)n, 12345u);
	snprintf(report, sizeof(report), "%s/汇总报告.docx", argv[2]);
	snprintf(fb, sizeof(fb), "%s/反馈", argv[2]);
	hz_error_clear(&err);
	t0 = now();
	if (hz_report_write(&r, argc > 3 ? argv[3] : "templates", report, &err)) {
		fprintf(stderr, "report: %s\n", hz_error_line(&err, line, sizeof(line)));
		return 1;
	}
	t1 = now();
	if (hz_feedback_write_all(&r, argc > 3 ? argv[3] : "templates", fb, &err)) {
		fprintf(stderr, "feedback: %s\n", hz_error_line(&err, line, sizeof(line)));
		return 1;
	}
	t2 = now();
	stat(report, &st);
	printf("units=%ld lagging=%zu report=%.3fs (%.1f MiB) feedback=%.3fs (%.2f ms/letter)\n", n, r.n_lagging,
	       t1 - t0, (double)st.st_size / 1048576.0, t2 - t1, r.n_lagging ? (t2 - t1) * 1000 / (double)r.n_lagging : 0);
	hz_results_release(&r);
	return 0;
}
