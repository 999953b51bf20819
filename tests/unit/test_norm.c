/* SPEC §3 normalisation: NFKC, pinyin removal, t2s, trimming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text/norm.h"

static normalizer *N;

static int setup(void **state)
{
	hz_error err;
	(void)state;
	hz_error_clear(&err);
	if (normalizer_new(&N, &err) != HZ_OK) {
		fprintf(stderr, "normalizer_new: %s\n", err.detail);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	normalizer_free(N);
	return 0;
}

static void check_text(const char *in, const char *want)
{
	char *got = norm_text(N, in, strlen(in));
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void check_key(const char *in, const char *want)
{
	char *got = norm_key(N, in, strlen(in));
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void pinyin_removed_and_simplified(void **state)
{
	(void)state;
	check_text("長(zhǎng)寧區(qū)", "长宁区");
	/* full-width brackets become ASCII under NFKC first */
	check_text("長（zhǎng）寧（níng）區", "长宁区");
	check_text("綠(lǜ)化", "绿化");
	check_text("審(SHEN)計", "审计");
}

static void pinyin_kept_when_not_after_ideograph(void **state)
{
	(void)state;
	check_text("abc(zhang)", "abc(zhang)");
	check_text("局 (ju)", "局 (ju)");
	check_text("局()", "局()");
	check_text("局(ju1)", "局(ju1)");
	check_text("局(ju", "局(ju");
	/* the second group follows ")", not an ideograph, as in a regex pass */
	check_text("長(zhǎng)(x)", "长(x)");
	/* U+3400..U+9FFF only: a Hiragana letter does not count */
	check_text("の(no)", "の(no)");
}

static void traditional_to_simplified(void **state)
{
	(void)state;
	check_text("審計局", "审计局");
	check_text("已開展", "已开展");
	check_text("進行中", "进行中");
	check_text("黨支部", "党支部");
	/* phrase conversions whose characters alone stay the same */
	check_text("回覆", "回复");
	check_text("沈默", "沉默");
	check_text("沈", "沈");
}

static void compatibility_forms(void **state)
{
	(void)state;
	check_text("１.２", "1.2");
	check_text("ＹＥＳ", "YES");
	check_text("８.５分", "8.5分");
	check_text("\xe2\xbc\xaf作", "工作");     /* U+2F2F KANGXI RADICAL WORK */
	check_text("完成情况：", "完成情况:");
	check_text("\xef\xa4\x80", "岂");           /* U+F900 compatibility ideograph 豈, then t2s */
}

static void white_space(void **state)
{
	(void)state;
	check_text("\xe3\x80\x80\xc2\xa0 已完成\t\r\n\xe3\x80\x80", "已完成");
	check_text("\xef\xbb\xbf\xe2\x80\x8b编号\xe2\x80\x83", "编号");
	/* NFKC makes inner U+3000 an ordinary space; norm_text keeps it */
	check_text("完\xe3\x80\x80成", "完 成");
	check_key(" 完 成\n情\xe3\x80\x80况\t", "完成情况");
	check_key("\xc2\xa0", "");
	check_text(" \t ", "");
}

/* The one white-space predicate the readers and Dice share: Python's
 * isspace() plus ZWSP and BOM, and nothing else nearby. */
static void white_space_predicate(void **state)
{
	static const uint32_t space[] = {' ', '\t', '\n', 0x0B, 0x0C, '\r', 0x1C, 0x1F, 0x85, 0xA0, 0x1680,
					 0x2000, 0x200A, 0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF};
	static const uint32_t other[] = {0, 0x08, 0x1B, '!', 'a', 0x7F, 0x180E, 0x200C, 0x200D, 0x2060,
					 0x3001, 0x4E00, 0xFFFD};
	(void)state;
	for (size_t i = 0; i < sizeof(space) / sizeof(space[0]); i++)
		if (!norm_is_space(space[i]))
			fail_msg("U+%04X is white space", space[i]);
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		if (norm_is_space(other[i]))
			fail_msg("U+%04X is not white space", other[i]);
}

static void odd_input(void **state)
{
	char *got;
	(void)state;
	check_text("", "");
	check_text("\xff", "\xef\xbf\xbd");
	check_text("a\xc3", "a\xef\xbf\xbd");
	check_text("\xed\xa0\x80x", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdx"); /* a surrogate */
	check_text("\xe9\x95\xb7\xff(zhang)", "长\xef\xbf\xbd(zhang)");
	got = norm_text(N, "a\0b", 3);
	assert_non_null(got);
	assert_string_equal(got, "ab");
	free(got);
	got = norm_text(N, NULL, 0);
	assert_non_null(got);
	assert_string_equal(got, "");
	free(got);
}

static void long_string(void **state)
{
	const char *piece = "審計局(jú) 已完成 １２分 ";
	size_t plen = strlen(piece), reps = 20000;
	char *in = malloc(plen * reps + 1), *got;
	(void)state;
	assert_non_null(in);
	for (size_t i = 0; i < reps; i++)
		memcpy(in + i * plen, piece, plen);
	in[plen * reps] = '\0';
	got = norm_key(N, in, plen * reps);
	assert_non_null(got);
	assert_int_equal(strlen(got), strlen("审计局已完成12分") * reps);
	assert_memory_equal(got, "审计局已完成12分审计局", strlen("审计局已完成12分审计局"));
	free(got);
	free(in);
}

/* The quick scan must never skip a step that would change the text: every
 * BMP code point, in a few surroundings, gives the same with and without
 * shortcuts. */
static void shortcuts_change_nothing(void **state)
{
	static const char *around[][2] = { { "中", "a" }, { "a", "" }, { "\xe1\x84\x80", "" } };
	char buf[64];
	(void)state;
	for (uint32_t cp = 0x80; cp < 0x30000; cp++) {
		if ((cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x10000 && cp < 0x20000))
			continue;
		if (cp >= 0x20000 && cp % 7 != 0)
			continue;
		for (size_t a = 0; a < 3; a++) {
			if (a > 0 && cp > 0x3400 && cp < 0xF900 && !(cp >= 0xAC00 && cp <= 0xD7FF))
				continue;
			unsigned char enc[4];
			int n;
			if (cp < 0x800) {
				enc[0] = (unsigned char)(0xC0 | (cp >> 6));
				enc[1] = (unsigned char)(0x80 | (cp & 0x3F));
				n = 2;
			} else if (cp < 0x10000) {
				enc[0] = (unsigned char)(0xE0 | (cp >> 12));
				enc[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
				enc[2] = (unsigned char)(0x80 | (cp & 0x3F));
				n = 3;
			} else {
				enc[0] = (unsigned char)(0xF0 | (cp >> 18));
				enc[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
				enc[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
				enc[3] = (unsigned char)(0x80 | (cp & 0x3F));
				n = 4;
			}
			int len = snprintf(buf, sizeof(buf), "%s%.*s%s", around[a][0], n, (const char *)enc,
					   around[a][1]);
			normalizer_set_shortcuts(N, 1);
			char *fast = norm_text(N, buf, (size_t)len);
			normalizer_set_shortcuts(N, 0);
			char *slow = norm_text(N, buf, (size_t)len);
			normalizer_set_shortcuts(N, 1);
			assert_non_null(fast);
			assert_non_null(slow);
			if (strcmp(fast, slow) != 0)
				fail_msg("U+%04X in '%s': fast '%s' slow '%s'", (unsigned)cp, buf, fast, slow);
			free(fast);
			free(slow);
		}
	}
}

static const char *thread_inputs[][2] = {
	{ "長(zhǎng)寧區(qū)", "长宁区" }, { "審計局", "审计局" }, { "ＹＥＳ", "YES" },
	{ "已完成", "已完成" }, { "  plain ascii ", "plain ascii" }, { "進行中", "进行中" },
};

static void *thread_body(void *arg)
{
	long bad = 0;
	(void)arg;
	for (int i = 0; i < 3000; i++) {
		size_t k = (size_t)i % (sizeof(thread_inputs) / sizeof(thread_inputs[0]));
		char *got = norm_text(N, thread_inputs[k][0], strlen(thread_inputs[k][0]));
		if (!got || strcmp(got, thread_inputs[k][1]) != 0)
			bad++;
		free(got);
	}
	return (void *)bad;
}

static void several_threads(void **state)
{
	pthread_t th[4];
	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&th[i], NULL, thread_body, NULL), 0);
	for (int i = 0; i < 4; i++) {
		void *bad;
		assert_int_equal(pthread_join(th[i], &bad), 0);
		assert_int_equal((long)bad, 0);
	}
}

/* The t2s table is filled lazily, the first time a code point is met: two
 * threads filling a fresh one, each from its own end of U+4E00..9FFF, must
 * agree with a normalizer that converts every string through OpenCC. */
typedef struct race_arg {
	normalizer *n, *slow; /* n: the fresh table; slow: every string through OpenCC */
	int backwards;
	long bad;
} race_arg;

static void *race_body(void *arg)
{
	race_arg *a = arg;
	for (uint32_t k = 0; k < 0x5200; k += 4) {
		char buf[32];
		size_t len = 0;
		for (uint32_t d = 0; d < 4; d++) {
			uint32_t cp = a->backwards ? 0x9FFF - k - d : 0x4E00 + k + d;
			buf[len++] = (char)(0xE0 | (cp >> 12));
			buf[len++] = (char)(0x80 | ((cp >> 6) & 0x3F));
			buf[len++] = (char)(0x80 | (cp & 0x3F));
		}
		char *lazy = norm_text(a->n, buf, len);
		char *slow = norm_text(a->slow, buf, len);
		if (!lazy || !slow || strcmp(lazy, slow) != 0)
			a->bad++;
		free(lazy);
		free(slow);
	}
	return NULL;
}

static void lazy_t2s_table_filled_by_racing_threads(void **state)
{
	normalizer *fresh, *slow;
	hz_error err;
	pthread_t th;
	race_arg fwd, back;
	(void)state;
	hz_error_clear(&err);
	assert_int_equal(normalizer_new(&fresh, &err), HZ_OK);
	assert_int_equal(normalizer_new(&slow, &err), HZ_OK);
	normalizer_set_shortcuts(slow, 0);
	fwd = (race_arg){fresh, slow, 0, 0};
	back = (race_arg){fresh, slow, 1, 0};
	assert_int_equal(pthread_create(&th, NULL, race_body, &fwd), 0);
	race_body(&back);
	assert_int_equal(pthread_join(th, NULL), 0);
	normalizer_free(fresh);
	normalizer_free(slow);
	assert_int_equal(fwd.bad, 0);
	assert_int_equal(back.bad, 0);
}

/* ---- against the conformance truth's own norm (skipped without ../shared) ---- */

static const char *shared_dir(void)
{
	const char *e = getenv("HZ_SHARED");
	if (e && *e && access(e, R_OK) == 0)
		return e;
	return access("../shared/conformance/gencampaign.py", R_OK) == 0 ? "../shared" : NULL;
}

static size_t unhex(const char *h, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i + 1 < n; i += 2) {
		unsigned v;
		char b[3] = { h[i], h[i + 1], 0 };
		v = (unsigned)strtoul(b, NULL, 16);
		out[o++] = (char)v;
	}
	out[o] = '\0';
	return o;
}

static void agrees_with_truth_on_dressed_text(void **state)
{
	const char *shared = shared_dir();
	char cmd[1024], line[8192], raw[2048], want[2048], want_ns[2048];
	size_t checked = 0;
	(void)state;
	if (!shared || access("tests/unit/norm_truth.py", R_OK) != 0 || access("/usr/bin/python3", X_OK) != 0)
		skip();
	for (int seed = 1; seed <= 3; seed++) {
		snprintf(cmd, sizeof(cmd), "python3 tests/unit/norm_truth.py '%s' %d", shared, seed);
		FILE *p = popen(cmd, "r");
		assert_non_null(p);
		while (fgets(line, sizeof(line), p)) {
			char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
			assert_non_null(t2);
			size_t rlen = unhex(line, (size_t)(t1 - line), raw);
			unhex(t1 + 1, (size_t)(t2 - t1 - 1), want);
			unhex(t2 + 1, strcspn(t2 + 1, "\n"), want_ns);
			char *got = norm_text(N, raw, rlen), *got_ns = norm_key(N, raw, rlen);
			assert_non_null(got);
			assert_non_null(got_ns);
			if (strcmp(got, want) != 0 || strcmp(got_ns, want_ns) != 0)
				fail_msg("'%s': norm '%s' (truth '%s'), key '%s' (truth '%s')", raw, got, want, got_ns,
					 want_ns);
			free(got);
			free(got_ns);
			checked++;
		}
		assert_int_equal(pclose(p), 0);
	}
	assert_true(checked > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pinyin_removed_and_simplified),
		cmocka_unit_test(pinyin_kept_when_not_after_ideograph),
		cmocka_unit_test(traditional_to_simplified),
		cmocka_unit_test(compatibility_forms),
		cmocka_unit_test(white_space),
		cmocka_unit_test(white_space_predicate),
		cmocka_unit_test(odd_input),
		cmocka_unit_test(long_string),
		cmocka_unit_test(shortcuts_change_nothing),
		cmocka_unit_test(several_threads),
		cmocka_unit_test(lazy_t2s_table_filled_by_racing_threads),
		cmocka_unit_test(agrees_with_truth_on_dressed_text),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
