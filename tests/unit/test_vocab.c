/* Status words, numbers, dates, timestamps, Dice and rounding (SPEC §2, 5.3,
 * 5.6, 5.7, 5.12, 5.15), on already-normalised text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/vocab.h"

static void check_status(const char *text, hz_status want, int want_known)
{
	int known = -1;
	hz_status got = hz_parse_status(text, &known);
	if (got != want || known != want_known)
		fail_msg("'%s': got %s/%d, want %s/%d", text, hz_status_name(got), known, hz_status_name(want),
			 want_known);
}

static void status_vocabulary(void **state)
{
	static const char *done[] = { "已完成", "完成", "已落实", "已开展", "是", "√", "✓", "✔", "☑", "☒", "Y", "YES" };
	static const char *partial[] = { "推进中", "进行中", "部分完成", "正在推进", "持续推进", "基本完成" };
	static const char *not_started[] = { "未完成", "未开展", "未启动", "否", "×", "✗", "☐", "N", "NO" };
	(void)state;
	for (size_t i = 0; i < sizeof(done) / sizeof(done[0]); i++)
		check_status(done[i], HZ_ST_DONE, 1);
	for (size_t i = 0; i < sizeof(partial) / sizeof(partial[0]); i++)
		check_status(partial[i], HZ_ST_PARTIAL, 1);
	for (size_t i = 0; i < sizeof(not_started) / sizeof(not_started[0]); i++)
		check_status(not_started[i], HZ_ST_NOT_STARTED, 1);
	/* Latin letters in any case (SPEC 5.12) */
	check_status("yes", HZ_ST_DONE, 1);
	check_status("Yes", HZ_ST_DONE, 1);
	check_status("y", HZ_ST_DONE, 1);
	check_status("No", HZ_ST_NOT_STARTED, 1);
	check_status("n", HZ_ST_NOT_STARTED, 1);
	/* empty: missing, but known; anything else: missing and unknown */
	check_status("", HZ_ST_MISSING, 1);
	check_status(NULL, HZ_ST_MISSING, 1);
	check_status("待定", HZ_ST_MISSING, 0);
	check_status("完成情况说明", HZ_ST_MISSING, 0);
	check_status("已完成了", HZ_ST_MISSING, 0);
	check_status("YESS", HZ_ST_MISSING, 0);
	check_status("x", HZ_ST_MISSING, 0);
	assert_string_equal(hz_status_name(HZ_ST_NOT_STARTED), "not_started");
	assert_string_equal(hz_status_name(HZ_ST_MISSING), "missing");
	assert_string_equal(hz_status_name(HZ_ST_NOT_MENTIONED), "not_mentioned");
}

static void check_number(const char *text, double want)
{
	double got = -12345;
	if (!hz_parse_number(text, &got))
		fail_msg("'%s' did not parse", text);
	if (got != want)
		fail_msg("'%s': got %g want %g", text, got, want);
}

static void check_not_number(const char *text)
{
	double got = -12345;
	if (hz_parse_number(text, &got))
		fail_msg("'%s' parsed as %g", text, got);
	assert_true(got == -12345);
}

static void numbers(void **state)
{
	(void)state;
	check_number("5", 5);
	check_number("8.5", 8.5);
	check_number("8.5分", 8.5);   /* ８.５分 after NFKC */
	check_number("-2", -2);
	check_number("+3", 3);
	check_number("0", 0);
	check_number(".5", 0.5);
	check_number("1E-3", 0.001);
	check_number("4次", 4);
	check_number("2场", 2);
	check_number("3项", 3);
	check_number("6个", 6);
	check_number("两次", 2);
	check_number("两", 2);
	check_number("十二", 12);
	check_number("二十", 20);
	check_number("二十五", 25);
	check_number("十", 10);
	check_number("九十九", 99);
	check_number("一", 1);
	check_number("五分", 5);
	check_number("零", 0);
	check_number("〇", 0);
	check_number("〇次", 0);
	check_number("三次", 3);
	check_not_number("见附件");
	check_not_number("1.2.3");
	check_not_number("");
	check_not_number(NULL);
	check_not_number("分");
	check_not_number("次");
	check_not_number("5分分");
	check_not_number("5次分");
	check_not_number("-");
	check_not_number("1.");
	check_not_number("1,000");
	check_not_number("一百");
	check_not_number("十十");
	check_not_number("两十");
	check_not_number("二二");
	check_not_number("十零");
	check_not_number("零十");
	check_not_number("5 分");
	check_not_number("abc");
	check_not_number("1e");
	check_not_number("inf");
	check_not_number("nan");
	check_not_number("0x10");
}

static void check_date(const char *text, int y, int m, int d)
{
	int gy = 0, gm = 0, gd = 0;
	if (!hz_parse_date(text, &gy, &gm, &gd))
		fail_msg("'%s' did not parse", text);
	if (gy != y || gm != m || gd != d)
		fail_msg("'%s': got %d-%d-%d", text, gy, gm, gd);
}

static void check_not_date(const char *text)
{
	int y, m, d;
	if (hz_parse_date(text, &y, &m, &d))
		fail_msg("'%s' parsed as %d-%d-%d", text, y, m, d);
}

static void dates(void **state)
{
	(void)state;
	check_date("2022年10月28日", 2022, 10, 28);
	check_date("2022年9月5日", 2022, 9, 5);
	check_date("2022年09月05日", 2022, 9, 5);
	check_date("2022-10-28", 2022, 10, 28);
	check_date("2022.10.28", 2022, 10, 28);
	check_date("2022.9.5", 2022, 9, 5);
	check_date("2022/10/28", 2022, 10, 28);
	check_date("2022/1/2", 2022, 1, 2);
	check_date("2024-02-29", 2024, 2, 29);
	check_date("2000-02-29", 2000, 2, 29);
	check_not_date("2022-02-29");
	check_not_date("1900-02-29");
	check_not_date("2022-04-31");
	check_not_date("2022-13-01");
	check_not_date("2022-00-10");
	check_not_date("2022-10-00");
	check_not_date("2022-10-28x");
	check_not_date("2022-10/28");
	check_not_date("2022年10月28");
	check_not_date("2022年10-28日");
	check_not_date("22-10-28");
	check_not_date("2022-100-28");
	check_not_date("20221028");
	check_not_date("");
	check_not_date(NULL);
	check_not_date("见附件");
}

static void check_serial(double serial, int is1904, int y, int m, int d)
{
	int gy = 0, gm = 0, gd = 0;
	if (!hz_serial_to_date(serial, is1904, &gy, &gm, &gd))
		fail_msg("serial %g (1904=%d) refused", serial, is1904);
	if (gy != y || gm != m || gd != d)
		fail_msg("serial %g (1904=%d): got %d-%d-%d", serial, is1904, gy, gm, gd);
}

static void serials(void **state)
{
	int y, m, d;
	(void)state;
	check_serial(1, 0, 1900, 1, 1);
	check_serial(59, 0, 1900, 2, 28);
	check_serial(60, 0, 1900, 2, 29);   /* Excel's fictitious day */
	check_serial(61, 0, 1900, 3, 1);
	check_serial(44862, 0, 2022, 10, 28);
	check_serial(44862.75, 0, 2022, 10, 28);
	check_serial(2958465, 0, 9999, 12, 31);
	check_serial(0, 1, 1904, 1, 1);
	check_serial(43400, 1, 2022, 10, 28);   /* 44862 - 1462 */
	check_serial(1, 1, 1904, 1, 2);
	assert_false(hz_serial_to_date(0, 0, &y, &m, &d));
	assert_false(hz_serial_to_date(-1, 0, &y, &m, &d));
	assert_false(hz_serial_to_date(3e6, 0, &y, &m, &d));
	assert_false(hz_serial_to_date(0.0 / 0.0, 0, &y, &m, &d));
}

static void check_ts(const char *iso, long long want)
{
	long long got = 0;
	if (!hz_parse_timestamp(iso, &got))
		fail_msg("'%s' refused", iso);
	if (got != want)
		fail_msg("'%s': got %lld want %lld", iso, got, want);
}

static void timestamps(void **state)
{
	long long e;
	int y, m, d;
	(void)state;
	check_ts("1970-01-01T00:00:00Z", 0);
	check_ts("2022-10-28T17:30:00Z", 1666978200);
	check_ts("2022-10-28T17:30:00", 1666978200);
	check_ts("2022-10-28T17:30:00.123Z", 1666978200);
	check_ts("2022-10-29T01:30:00+08:00", 1666978200);
	check_ts("2022-10-29T01:30:00+0800", 1666978200);
	check_ts("2022-10-28T12:30:00-05:00", 1666978200);
	check_ts("2022-10-28T17:30Z", 1666978200);
	check_ts("2022-10-28", 1666915200);
	check_ts(" 2022-10-28T17:30:00Z\n", 1666978200);
	assert_false(hz_parse_timestamp("2022-10-28T25:00:00Z", &e));
	assert_false(hz_parse_timestamp("2022-02-30T10:00:00Z", &e));
	assert_false(hz_parse_timestamp("2022-10-28T17:30:00Zx", &e));
	assert_false(hz_parse_timestamp("2022-10-28T17:30:00+8", &e));
	assert_false(hz_parse_timestamp("", &e));
	assert_false(hz_parse_timestamp(NULL, &e));

	/* SPEC 5.7: 17:30Z on the deadline is the next day in +08:00 */
	assert_true(hz_parse_timestamp("2022-10-30T17:30:00Z", &e));
	hz_epoch_to_date(e, 480, &y, &m, &d);
	assert_true(y == 2022 && m == 10 && d == 31);
	hz_epoch_to_date(e, 0, &y, &m, &d);
	assert_true(y == 2022 && m == 10 && d == 30);
	/* 16:30Z the day before is still that day... and 16:00Z is midnight */
	assert_true(hz_parse_timestamp("2022-10-29T15:59:59Z", &e));
	hz_epoch_to_date(e, 480, &y, &m, &d);
	assert_true(y == 2022 && m == 10 && d == 29);
	assert_true(hz_parse_timestamp("2022-10-29T16:00:00Z", &e));
	hz_epoch_to_date(e, 480, &y, &m, &d);
	assert_true(y == 2022 && m == 10 && d == 30);
	/* year end, negative offsets, before the epoch */
	assert_true(hz_parse_timestamp("2022-12-31T16:00:00Z", &e));
	hz_epoch_to_date(e, 480, &y, &m, &d);
	assert_true(y == 2023 && m == 1 && d == 1);
	hz_epoch_to_date(e, -600, &y, &m, &d);
	assert_true(y == 2022 && m == 12 && d == 31);
	hz_epoch_to_date(-1, 0, &y, &m, &d);
	assert_true(y == 1969 && m == 12 && d == 31);
}

static void dice_is(const char *a, const char *b, unsigned c2, unsigned tot)
{
	unsigned gc = 99, gt = 99;
	hz_dice(a, b, &gc, &gt);
	if (gc != c2 || gt != tot)
		fail_msg("dice('%s','%s') = %u/%u, want %u/%u", a, b, gc, gt, c2, tot);
}

static int dice_ok(const char *a, const char *b)
{
	unsigned c2, tot;
	hz_dice(a, b, &c2, &tot);
	return tot > 0 && (unsigned long)c2 * 5 >= (unsigned long)tot * 3;
}

static void dice(void **state)
{
	(void)state;
	dice_is("abc", "abc", 4, 4);
	dice_is("", "", 0, 0);
	dice_is("a", "a", 2, 2);        /* a lone character is its own bigram */
	dice_is("a", "ab", 0, 2);
	dice_is("aaa", "aa", 2, 3);     /* multiset: aa twice vs once */
	dice_is("aaaa", "aaaa", 6, 6);
	/* white space and punctuation (categories P*) go before the bigrams */
	dice_is("学习，教育。", "学习教育", 6, 6);
	dice_is("（一）学习", "一学习", 4, 4);
	dice_is("学 习", "学习", 2, 2);
	dice_is("《条例》", "条例", 2, 2);
	/* symbols are not punctuation */
	dice_is("√", "√", 2, 2);
	/* exactly 0.6: 3 common bigrams of 5 + 5 */
	dice_is("abcdef", "abcdxy", 6, 10);
	assert_true(dice_ok("abcdef", "abcdxy"));
	/* just below: 3 common of 5 + 6 (6/11 < 0.6) */
	dice_is("abcdef", "abcdxyz", 6, 11);
	assert_false(dice_ok("abcdef", "abcdxyz"));
	dice_is("深入学习贯彻党的二十大精神", "深入学习贯彻党的精神", 16, 21);
	/* the two-step form gives the same, and an empty title has no bigram */
	{
		hz_bigrams a, b, e;
		unsigned c2, tot;
		assert_true(hz_bigrams_init(&a, "深入学习贯彻党的二十大精神"));
		assert_true(hz_bigrams_init(&b, "深入学习贯彻党的精神"));
		assert_true(hz_bigrams_init(&e, "，。 "));
		assert_int_equal(e.n, 0);
		hz_dice_bigrams(&a, &b, &c2, &tot);
		assert_true(c2 == 16 && tot == 21);
		hz_dice_bigrams(&b, &a, &c2, &tot);
		assert_true(c2 == 16 && tot == 21);
		hz_dice_bigrams(&a, &e, &c2, &tot);
		assert_true(c2 == 0 && tot == 12);
		hz_bigrams_release(&a);
		hz_bigrams_release(&b);
		hz_bigrams_release(&e);
		hz_bigrams_release(&e);
	}
	/* invalid UTF-8 does not crash */
	dice_is("\xff\xfe", "\xff\xfe", 2, 2);
}

static void rounding(void **state)
{
	(void)state;
	assert_true(hz_round(70.125, 2) == 70.13);
	assert_true(hz_round(1.005, 2) == 1.01);
	assert_true(hz_round(2.675, 2) == 2.68);
	assert_true(hz_round(0.125, 2) == 0.13);
	assert_true(hz_round(-0.125, 2) == -0.13);
	assert_true(hz_round(87.5, 2) == 87.5);
	assert_true(hz_round(33.333333333, 2) == 33.33);
	assert_true(hz_round(66.666666667, 2) == 66.67);
	assert_true(hz_round(100.0 * 2 / 3, 4) == 66.6667);
	assert_true(hz_round(0.8, 4) == 0.8);
	assert_true(hz_round(0.00005, 4) == 0.0001);
	assert_true(hz_round(0.1 + 0.2, 2) == 0.3);
	/* 9-decimal pre-rounding: 0.3049999999999 is 0.305000000 first */
	assert_true(hz_round(0.3049999999999, 2) == 0.31);
	assert_true(hz_round(0.30499999, 2) == 0.3);
	assert_true(hz_round(0.0, 2) == 0.0);
	assert_true(hz_round(5, 0) == 5);
	assert_true(hz_round(2.5, 0) == 3);
	assert_true(hz_round(-2.5, 0) == -3);
	assert_true(hz_round(1e12 + 0.5, 0) == 1e12 + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(status_vocabulary), cmocka_unit_test(numbers),    cmocka_unit_test(dates),
		cmocka_unit_test(serials),           cmocka_unit_test(timestamps), cmocka_unit_test(dice),
		cmocka_unit_test(rounding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
