/*
 * Date and time cells as openpyxl shows them: a serial in the 1900 or 1904
 * system becomes "YYYY-MM-DDTHH:MM:SS" (or a time, or an elapsed time),
 * a t="d" cell's ISO text is normalised and given its serial.  Pure
 * arithmetic on the proleptic Gregorian calendar, no libc time zone.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dynbuf.h"
#include "hz_limits.h"
#include "read/pkg.h"
#include "read/xlsx_internal.h"

#include "banned.h"

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*m <= 2);
}

static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/*
 * The text openpyxl shows for a serial with a date format (from_excel):
 * a time "HH:MM:SS" for 0 <= v < 1, else a datetime "YYYY-MM-DDTHH:MM:SS"
 * (".ffffff" when milliseconds are set), the 1900 system's phantom
 * 29 February accounted for.  Returns 0 when out of the datetime range.
 */
int xlsx_date_from_serial(double v, int date1904, char *out, size_t n)
{
	double day = floor(v), frac = v - day;
	int64_t ms, total_days, rem;
	unsigned mo, d;
	int64_t y;
	if (!isfinite(v) || fabs(v) > 4.0e6)
		return 0;
	ms = (int64_t)nearbyint(frac * 86400.0 * 1000.0);
	if (v >= 0 && v < 1 && ms < 86400000) {
		int64_t s = ms / 1000, us = (ms % 1000) * 1000;
		if (us)
			snprintf(out, n, "%02d:%02d:%02d.%06d", (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60),
				 (int)us);
		else
			snprintf(out, n, "%02d:%02d:%02d", (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
		return 1;
	}
	if (!date1904 && v > 0 && v < 60)
		day += 1;
	total_days = (date1904 ? days_from_civil(1904, 1, 1) : days_from_civil(1899, 12, 30)) + (int64_t)day +
		     floordiv(ms, 86400000);
	rem = ms - floordiv(ms, 86400000) * 86400000;
	civil_from_days(total_days, &y, &mo, &d);
	if (y < 1 || y > 9999)
		return 0;
	{
		int64_t s = rem / 1000, us = (rem % 1000) * 1000;
		if (us)
			snprintf(out, n, "%04d-%02u-%02uT%02d:%02d:%02d.%06d", (int)y, mo, d, (int)(s / 3600),
				 (int)(s / 60 % 60), (int)(s % 60), (int)us);
		else
			snprintf(out, n, "%04d-%02u-%02uT%02d:%02d:%02d", (int)y, mo, d, (int)(s / 3600),
				 (int)(s / 60 % 60), (int)(s % 60));
	}
	return 1;
}

/* An elapsed-time format ([h]:mm:ss): Python's str(timedelta) of the
 * serial in days, rounded to milliseconds as openpyxl does. */
int xlsx_date_duration_from_serial(double v, char *out, size_t n)
{
	int64_t us, secs, sub, days, rest;
	char head[48] = "";
	if (!isfinite(v) || fabs(v) > 1.0e8)
		return 0;
	us = (int64_t)nearbyint(v * 86400.0 * 1e6);
	sub = us - floordiv(us, 1000000) * 1000000;
	if (sub) {
		secs = floordiv(us, 1000000);
		sub = (int64_t)nearbyint((double)sub / 1000.0) * 1000; /* ties to even, like round(x, -3) */
		us = secs * 1000000 + sub;
	}
	days = floordiv(us, 86400000000LL);
	rest = us - days * 86400000000LL;
	if (days)
		snprintf(head, sizeof(head), "%lld day%s, ", (long long)days, llabs(days) == 1 ? "" : "s");
	sub = rest % 1000000;
	secs = rest / 1000000;
	if (sub)
		snprintf(out, n, "%s%d:%02d:%02d.%06d", head, (int)(secs / 3600), (int)(secs / 60 % 60),
			 (int)(secs % 60), (int)sub);
	else
		snprintf(out, n, "%s%d:%02d:%02d", head, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	return 1;
}

static int digits_at(const char *s, size_t n, size_t at, size_t k, int *val)
{
	int v = 0;
	if (at + k > n)
		return 0;
	for (size_t i = 0; i < k; i++) {
		if (s[at + i] < '0' || s[at + i] > '9')
			return 0;
		v = v * 10 + (s[at + i] - '0');
	}
	*val = v;
	return 1;
}

/* t="d" cells: an ISO 8601 date, time or datetime, shown like openpyxl's
 * from_ISO8601 result.  0 when it is none of these. */
int xlsx_date_from_iso(const char *s, size_t n, int date1904, char *out, size_t outn, double *serial)
{
	int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0, us = 0, has_date = 0, has_time = 0, has_sec = 0;
	size_t i = 0;
	if (digits_at(s, n, 0, 4, &y) && i + 10 <= n && s[4] == '-' && digits_at(s, n, 5, 2, &mo) && s[7] == '-' &&
	    digits_at(s, n, 8, 2, &d)) {
		has_date = 1;
		i = 10;
	}
	if (i < n && s[i] == 'T')
		i++;
	if (digits_at(s, n, i, 2, &h) && i + 2 < n && s[i + 2] == ':' && digits_at(s, n, i + 3, 2, &mi)) {
		has_time = 1;
		i += 5;
		if (i < n && s[i] == ':' && digits_at(s, n, i + 1, 2, &se)) {
			has_sec = 1;
			i += 3;
			if (i < n && s[i] == '.') {
				size_t k = 0;
				int frac = 0, scale = 100000;
				i++;
				while (i < n && k < 3 && s[i] >= '0' && s[i] <= '9') {
					frac += (s[i] - '0') * scale;
					scale /= 10;
					i++;
					k++;
				}
				us = frac;
			}
		}
	}
	(void)has_sec;
	if (!has_date && !has_time)
		return 0;
	if (has_date && (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1))
		return 0;
	if (has_time && (h > 23 || mi > 59 || se > 59))
		return 0;
	if (!has_date) {
		if (us)
			snprintf(out, outn, "%02d:%02d:%02d.%06d", h, mi, se, us);
		else
			snprintf(out, outn, "%02d:%02d:%02d", h, mi, se);
		*serial = (h * 3600 + mi * 60 + se + us / 1e6) / 86400.0;
		return 1;
	}
	*serial = (double)(days_from_civil(y, (unsigned)mo, (unsigned)d) -
			   (date1904 ? days_from_civil(1904, 1, 1) : days_from_civil(1899, 12, 30))) +
		  (h * 3600 + mi * 60 + se + us / 1e6) / 86400.0;
	if (!has_time)
		snprintf(out, outn, "%04d-%02d-%02d", y, mo, d);
	else if (us)
		snprintf(out, outn, "%04d-%02d-%02dT%02d:%02d:%02d.%06d", y, mo, d, h, mi, se, us);
	else
		snprintf(out, outn, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, se);
	return 1;
}
