/*
 * The small languages of a form.  Each rule mirrors the conformance truth
 * (shared/conformance/gencampaign.py: status_of, cn_number, dice_rule,
 * rule_key, round2) so huizong and the truth agree exactly.
 */
#include "text/vocab.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/norm.h"

#include "banned.h"

const char *hz_status_name(hz_status s)
{
	switch (s) {
	case HZ_ST_DONE: return "done";
	case HZ_ST_PARTIAL: return "partial";
	case HZ_ST_NOT_STARTED: return "not_started";
	case HZ_ST_MENTIONED: return "mentioned";
	case HZ_ST_NOT_MENTIONED: return "not_mentioned";
	case HZ_ST_MISSING:
	default: return "missing";
	}
}

/* ---------------------------------------------------------------- status */

static const struct {
	const char *word;
	hz_status status;
} status_words[] = {
	{ "已完成", HZ_ST_DONE }, { "完成", HZ_ST_DONE }, { "已落实", HZ_ST_DONE }, { "已开展", HZ_ST_DONE },
	{ "是", HZ_ST_DONE }, { "√", HZ_ST_DONE }, { "✓", HZ_ST_DONE }, { "✔", HZ_ST_DONE },
	{ "☑", HZ_ST_DONE }, { "☒", HZ_ST_DONE }, { "Y", HZ_ST_DONE }, { "YES", HZ_ST_DONE },
	{ "推进中", HZ_ST_PARTIAL }, { "进行中", HZ_ST_PARTIAL }, { "部分完成", HZ_ST_PARTIAL },
	{ "正在推进", HZ_ST_PARTIAL }, { "持续推进", HZ_ST_PARTIAL }, { "基本完成", HZ_ST_PARTIAL },
	{ "未完成", HZ_ST_NOT_STARTED }, { "未开展", HZ_ST_NOT_STARTED }, { "未启动", HZ_ST_NOT_STARTED },
	{ "否", HZ_ST_NOT_STARTED }, { "×", HZ_ST_NOT_STARTED }, { "✗", HZ_ST_NOT_STARTED },
	{ "☐", HZ_ST_NOT_STARTED }, { "N", HZ_ST_NOT_STARTED }, { "NO", HZ_ST_NOT_STARTED },
};

/* Latin letters compare case-insensitively (SPEC 5.12); the vocabulary's
 * Latin words are upper case, the others have no case. */
static int same_word(const char *text, const char *word)
{
	for (; *text && *word; text++, word++) {
		char c = *text;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c != *word)
			return 0;
	}
	return *text == *word;
}

hz_status hz_parse_status(const char *norm, int *known)
{
	int dummy;
	if (!known)
		known = &dummy;
	*known = 1;
	if (!norm || !*norm)
		return HZ_ST_MISSING;
	for (size_t i = 0; i < sizeof(status_words) / sizeof(status_words[0]); i++)
		if (same_word(norm, status_words[i].word))
			return status_words[i].status;
	*known = 0;
	return HZ_ST_MISSING;
}

/* ---------------------------------------------------------------- numbers */

/* One code point at *p, advancing it; -1 on invalid UTF-8 or the end. */
static int32_t next_cp(const char **p)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n;
	if (!**p)
		return -1;
	n = utf8proc_iterate((const utf8proc_uint8_t *)*p, -1, &c);
	if (n <= 0)
		return -1;
	*p += n;
	return c;
}

static int cn_digit(int32_t cp)
{
	static const int32_t digits[] = { 0x96F6 /* 零 */, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
					  0x516D, 0x4E03, 0x516B, 0x4E5D };
	if (cp == 0x3007) /* 〇 */
		return 0;
	for (int i = 0; i < 10; i++)
		if (digits[i] == cp)
			return i;
	return -1;
}

#define CP_TEN 0x5341   /* 十 */
#define CP_LIANG 0x4E24 /* 两 */

/* 零/〇, 一 … 九, 两, 十, 十二, 二十, 二十五 (0 … 99). */
static int parse_cn(const char *s, const char *end, double *out)
{
	int32_t cps[4];
	size_t n = 0;
	const char *p = s;
	while (p < end) {
		if (n == 4)
			return 0;
		int32_t c = next_cp(&p);
		if (c < 0 || p > end)
			return 0;
		cps[n++] = c;
	}
	if (n == 1) {
		if (cps[0] == CP_LIANG) {
			*out = 2;
			return 1;
		}
		if (cps[0] == CP_TEN) {
			*out = 10;
			return 1;
		}
		int d = cn_digit(cps[0]);
		if (d < 0)
			return 0;
		*out = d;
		return 1;
	}
	/* With 十: [tens digit 1-9] 十 [units digit 1-9] */
	size_t i = 0;
	int tens = 1, units = 0;
	if (cps[0] != CP_TEN) {
		tens = cn_digit(cps[0]);
		if (tens < 1)
			return 0;
		i = 1;
	}
	if (i >= n || cps[i] != CP_TEN)
		return 0;
	i++;
	if (i < n) {
		units = cn_digit(cps[i]);
		if (units < 1)
			return 0;
		i++;
	}
	if (i != n)
		return 0;
	*out = tens * 10 + units;
	return 1;
}

/* digits [. digits] [e [sign] digits]: what people type and what a
 * workbook's <v> holds (Excel writes 1E-3 for small values). */
static int parse_arabic(const char *s, const char *end, double *out)
{
	const char *p = s;
	char buf[64], *stop;
	size_t intd = 0, fracd = 0;
	while (p < end && *p >= '0' && *p <= '9')
		p++, intd++;
	if (p < end && *p == '.') {
		p++;
		while (p < end && *p >= '0' && *p <= '9')
			p++, fracd++;
		if (fracd == 0)
			return 0;
	}
	if (intd == 0 && fracd == 0)
		return 0;
	if (intd == 0 && s[0] != '.')
		return 0;
	if (p < end && (*p == 'e' || *p == 'E')) {
		size_t expd = 0;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		while (p < end && *p >= '0' && *p <= '9')
			p++, expd++;
		if (expd == 0)
			return 0;
	}
	if (p != end || (size_t)(end - s) >= sizeof(buf))
		return 0;
	memcpy(buf, s, (size_t)(end - s));
	buf[end - s] = '\0';
	*out = strtod(buf, &stop);
	return *stop == '\0' && isfinite(*out);
}

int hz_parse_number(const char *norm, double *out)
{
	static const char *suffixes[] = { "次", "分", "场", "项", "个" };
	const char *s = norm, *end;
	int neg = 0;
	double v;

	if (!s || !*s)
		return 0;
	end = s + strlen(s);
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t k = strlen(suffixes[i]);
		if ((size_t)(end - s) > k && memcmp(end - k, suffixes[i], k) == 0) {
			end -= k;
			break;
		}
	}
	if (*s == '+' || *s == '-') {
		neg = *s == '-';
		s++;
	}
	if (s >= end)
		return 0;
	if (!parse_arabic(s, end, &v) && !parse_cn(s, end, &v))
		return 0;
	*out = neg ? -v : v;
	return 1;
}

/* ---------------------------------------------------------------- dates */

static int leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(long y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : dim[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), and back: no time zone, no locale, thread-safe. */
static long long days_from_civil(long long y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = mm;
	*d = dd;
}

/* Reads 1..maxd ASCII digits. */
static int read_int(const char **p, int maxd, long *v)
{
	int n = 0;
	*v = 0;
	while (n < maxd && **p >= '0' && **p <= '9') {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n;
}

static int valid_date(long y, long m, long d)
{
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, (int)m);
}

int hz_parse_date(const char *norm, int *y, int *m, int *d)
{
	const char *p = norm;
	long yy, mm, dd;
	int cn;

	if (!p)
		return 0;
	if (read_int(&p, 4, &yy) != 4)
		return 0;
	if (strncmp(p, "年", strlen("年")) == 0) {
		cn = 1;
		p += strlen("年");
	} else if (*p == '-' || *p == '.' || *p == '/') {
		cn = 0;
	} else {
		return 0;
	}
	char sep = cn ? 0 : *p;
	if (!cn)
		p++;
	if (read_int(&p, 2, &mm) == 0)
		return 0;
	if (cn) {
		if (strncmp(p, "月", strlen("月")) != 0)
			return 0;
		p += strlen("月");
	} else {
		if (*p != sep)
			return 0;
		p++;
	}
	if (read_int(&p, 2, &dd) == 0)
		return 0;
	if (cn) {
		if (strncmp(p, "日", strlen("日")) == 0)
			p += strlen("日");
		else if (strncmp(p, "号", strlen("号")) == 0)
			p += strlen("号");
		else
			return 0;
	}
	if (*p || !valid_date(yy, mm, dd))
		return 0;
	*y = (int)yy;
	*m = (int)mm;
	*d = (int)dd;
	return 1;
}

/* Excel's largest date, 9999-12-31, in the 1900 system. */
#define EXCEL_MAX_SERIAL 2958465.0

int hz_serial_to_date(double serial, int date1904, int *y, int *m, int *d)
{
	if (!isfinite(serial) || serial < 0 || serial > EXCEL_MAX_SERIAL)
		return 0;
	long long whole = (long long)floor(serial);
	if (date1904) {
		/* serial 0 is 1904-01-01 */
		civil_from_days(days_from_civil(1904, 1, 1) + whole, y, m, d);
		return *y <= 9999;
	}
	if (whole < 1)
		return 0;   /* Excel's "1900-01-00" */
	if (whole == 60) {
		/* Lotus 1-2-3's 1900-02-29, kept by Excel for compatibility */
		*y = 1900;
		*m = 2;
		*d = 29;
		return 1;
	}
	civil_from_days(days_from_civil(1899, 12, whole < 60 ? 31 : 30) + whole, y, m, d);
	return 1;
}

int hz_parse_timestamp(const char *iso, long long *epoch)
{
	const char *p = iso;
	long yy, mo, dd, hh = 0, mi = 0, ss = 0, oh = 0, om = 0;
	int sign = 0;

	if (!p)
		return 0;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (read_int(&p, 4, &yy) != 4 || *p++ != '-' || read_int(&p, 2, &mo) != 2 || *p++ != '-' ||
	    read_int(&p, 2, &dd) != 2)
		return 0;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (read_int(&p, 2, &hh) != 2 || *p++ != ':' || read_int(&p, 2, &mi) != 2)
			return 0;
		if (*p == ':') {
			p++;
			if (read_int(&p, 2, &ss) != 2)
				return 0;
			if (*p == '.' || *p == ',') {
				p++;
				if (!(*p >= '0' && *p <= '9'))
					return 0;
				while (*p >= '0' && *p <= '9')
					p++;   /* fractions of a second never change the date */
			}
		}
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			sign = *p == '-' ? -1 : 1;
			p++;
			if (read_int(&p, 2, &oh) != 2)
				return 0;
			if (*p == ':')
				p++;
			if (read_int(&p, 2, &om) != 2)
				return 0;
		}
	}
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p)
		return 0;
	if (yy < 1 || mo < 1 || mo > 12 || dd < 1 || dd > days_in_month(yy, (int)mo) || hh > 24 || mi > 59 ||
	    ss > 60 || oh > 23 || om > 59 || (hh == 24 && (mi || ss)))
		return 0;
	*epoch = days_from_civil(yy, (int)mo, (int)dd) * 86400 + hh * 3600 + mi * 60 + ss -
		 (long long)sign * (oh * 3600 + om * 60);
	return 1;
}

void hz_epoch_to_date(long long epoch, int offset_minutes, int *y, int *m, int *d)
{
	long long local = epoch + (long long)offset_minutes * 60;
	long long days = local / 86400;
	if (local % 86400 < 0)
		days--;
	civil_from_days(days, y, m, d);
}

/* ---------------------------------------------------------------- Dice */

/* Bigram keys: two code points packed; a lone character pairs with a
 * value no code point has. */
#define LONE 0x1FFFFFu

static int cmp_u64(const void *a, const void *b)
{
	unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
	return (x > y) - (x < y);
}

static int is_punct_cp(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO;
}

/* SPEC 5.3 key (white space and Unicode punctuation, categories P*,
 * removed, as the truth's rule_key) as sorted bigram keys. */
int hz_bigrams_init(hz_bigrams *bg, const char *norm)
{
	size_t len = norm ? strlen(norm) : 0, ncp = 0;
	int32_t *cps = NULL;
	const char *p = norm;
	int ok = 0;

	bg->keys = NULL;
	bg->n = 0;
	if (len == 0)
		return 1;
	cps = malloc(len * sizeof(*cps));
	if (!cps)
		return 0;
	while (*p) {
		int32_t c = next_cp(&p);
		if (c < 0) {
			c = 0xFFFD;
			p++;
		}
		if (!norm_is_space((uint32_t)c) && !is_punct_cp(c))
			cps[ncp++] = c;
	}
	if (ncp == 0) {
		ok = 1;
		goto done;
	}
	bg->keys = malloc((ncp > 1 ? ncp - 1 : 1) * sizeof(*bg->keys));
	if (!bg->keys)
		goto done;
	if (ncp == 1) {
		bg->keys[0] = ((unsigned long long)(uint32_t)cps[0] << 21) | LONE;
		bg->n = 1;
	} else {
		for (size_t i = 0; i + 1 < ncp; i++)
			bg->keys[i] = ((unsigned long long)(uint32_t)cps[i] << 21) | (uint32_t)cps[i + 1];
		bg->n = ncp - 1;
	}
	qsort(bg->keys, bg->n, sizeof(*bg->keys), cmp_u64);
	ok = 1;
done:
	free(cps);
	return ok;
}

void hz_bigrams_release(hz_bigrams *bg)
{
	free(bg->keys);
	bg->keys = NULL;
	bg->n = 0;
}

void hz_dice_bigrams(const hz_bigrams *a, const hz_bigrams *b, unsigned *common2, unsigned *total)
{
	size_t i = 0, j = 0, common = 0;
	/* multiset intersection of two sorted lists */
	while (i < a->n && j < b->n) {
		if (a->keys[i] == b->keys[j]) {
			common++;
			i++;
			j++;
		} else if (a->keys[i] < b->keys[j]) {
			i++;
		} else {
			j++;
		}
	}
	*common2 = (unsigned)(2 * common);
	*total = (unsigned)(a->n + b->n);
}

void hz_dice(const char *norm_a, const char *norm_b, unsigned *common2, unsigned *total)
{
	hz_bigrams a, b;
	int ok_a = hz_bigrams_init(&a, norm_a), ok_b = hz_bigrams_init(&b, norm_b);

	*common2 = 0;
	*total = 0;
	if (ok_a && ok_b)   /* out of memory: no similarity */
		hz_dice_bigrams(&a, &b, common2, total);
	hz_bigrams_release(&a);
	hz_bigrams_release(&b);
}

/* ---------------------------------------------------------------- rounding */

double hz_round(double v, int places)
{
	static const long long pow10[] = { 1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL,
					   10000000LL, 100000000LL, 1000000000LL };
	if (places < 0)
		places = 0;
	if (places > 9)
		places = 9;
	if (!isfinite(v))
		return v;
	if (fabs(v) >= 1e9) {
		/* beyond what 9 decimals in a long long hold; no 9-decimal
		 * noise can matter at this size */
		double scale = (double)pow10[places];
		return round(v * scale) / scale;
	}
	/* 1.005 is 1.00499999999999989... in binary: at 9 decimals it is
	 * 1.005000000, which then rounds up as a person expects. */
	long long n9 = llround(v * 1e9);
	long long unit = pow10[9 - places];
	long long q = n9 / unit, r = n9 % unit;
	if (r < 0)
		r = -r;
	if (2 * r >= unit)
		q += n9 < 0 ? -1 : 1;
	return (double)q / (double)pow10[places];
}
