/*
 * What the parts of the .xlsx reader share, for them alone: the workbook's
 * tables (sheets, shared strings, the date flag of every cell style) that
 * xlsx_reader.c fills when the workbook opens and xlsx_sheet.c looks cells
 * up in while it streams rows; the styles reader (xlsx_styles.c) and the
 * serial/ISO date texts (xlsx_dates.c) the streamer turns date cells into.
 * Callers outside read/ use xlsx_reader.h only.
 */
#ifndef HZ_XLSX_INTERNAL_H
#define HZ_XLSX_INTERNAL_H

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "read/xlsx_reader.h"

typedef struct sheet_entry {
	char *name;
	char *part;
	xlsx_state state;
	int is_chartsheet;
	xlsx_sheet_info info;
} sheet_entry;

struct xlsx_workbook {
	pkg *p;
	char *wb_part;
	sheet_entry *sheets;
	size_t nsheets;
	int date1904;
	/* shared strings: NUL-separated in one buffer */
	dynbuf sst_text;
	size_t *sst_off;
	uint32_t *sst_len;
	size_t nsst;
	/* per cellXfs entry: XF_DATE, XF_TIMEDELTA */
	unsigned char *xf_flags;
	size_t nxf;
};

enum { XF_DATE = 1, XF_TIMEDELTA = 2 };

/* The SAX2 helpers every part of the reader uses: element by local name,
 * attribute by local name (any namespace when ns_any, else none). */
static inline int xlsx_local_is(const xmlChar *name, const char *want)
{
	return strcmp((const char *)name, want) == 0;
}

static inline const char *xlsx_attr_get(const xmlChar **attrs, int n, const char *local, int ns_any, size_t *len)
{
	for (int i = 0; i < n; i++) {
		const xmlChar **a = attrs + 5 * i;
		if ((ns_any || a[2] == NULL) && strcmp((const char *)a[0], local) == 0) {
			*len = (size_t)(a[4] - a[3]);
			return (const char *)a[3];
		}
	}
	return NULL;
}

/* A whole decimal attribute value (numFmtId, s), dflt when absent or not one. */
static inline long xlsx_parse_long(const char *v, size_t len, long dflt)
{
	char buf[32], *end;
	long x;
	if (!v || len == 0 || len >= sizeof(buf))
		return dflt;
	memcpy(buf, v, len);
	buf[len] = '\0';
	x = strtol(buf, &end, 10);
	while (*end == ' ')
		end++;
	return *end == '\0' && end != buf ? x : dflt;
}

/* xlsx_reader.c: Excel's _xHHHH_ escapes decoded in place (shared strings,
 * inline strings and formula results alike); returns the new length. */
size_t xlsx_decode_escapes(char *s, size_t n);

/* xlsx_styles.c: reads styles.xml into wb->xf_flags / wb->nxf. */
HZ_MUST_USE hz_code xlsx_styles_read(xlsx_workbook *wb, const char *part, hz_error *err);

/* xlsx_dates.c: the texts openpyxl shows for date cells, into out (n bytes).
 * A serial with a date format, in the workbook's date system (0 when out of
 * the datetime range); a serial with an elapsed-time format ([h]:mm:ss);
 * a t="d" cell's ISO 8601 text, also giving its serial (0 when it is no
 * date, time or datetime). */
int xlsx_date_from_serial(double v, int date1904, char *out, size_t n);
int xlsx_date_duration_from_serial(double v, char *out, size_t n);
int xlsx_date_from_iso(const char *s, size_t n, int date1904, char *out, size_t outn, double *serial);

#endif
