/* Normaliser cost: start-up (OpenCC open + t2s table) and per string, with
 * and without the quick-scan shortcuts, on the kinds of strings a campaign
 * normalises (ASCII ids and numbers, simplified titles, traditional and
 * full-width cells).  Prints figures; never fails on speed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text/norm.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *mix[] = {
	"1.2", "12", "已完成", "加强理论武装，深入学习贯彻习近平新时代中国特色社会主义思想", "推进中",
	"某某区审计局机关党委", "  5 ", "2022年10月28日", "審計局", "ＹＥＳ", "長(zhǎng)寧區(qū)", "完成情况",
	"组织开展主题党日活动不少于4次", "８.５分",
};

int main(void)
{
	normalizer *n;
	hz_error err;
	double t0 = now();
	hz_error_clear(&err);
	if (normalizer_new(&n, &err) != HZ_OK) {
		fprintf(stderr, "normalizer_new: %s\n", err.detail);
		return 1;
	}
	printf("normalizer_new: %.1f ms\n", (now() - t0) * 1e3);
	size_t nmix = sizeof(mix) / sizeof(mix[0]);
	for (int sc = 1; sc >= 0; sc--) {
		normalizer_set_shortcuts(n, sc);
		int reps = 300000;
		t0 = now();
		for (int i = 0; i < reps; i++) {
			const char *s = mix[(size_t)i % nmix];
			free(norm_key(n, s, strlen(s)));
		}
		printf("norm_key, %d strings (mix of %zu kinds), shortcuts %s: %.3f s, %.2f us/string\n", reps, nmix,
		       sc ? "on" : "off", now() - t0, (now() - t0) / reps * 1e6);
	}
	normalizer_free(n);
	return 0;
}
