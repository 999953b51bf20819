/*
 * styles.xml, read once when a workbook opens: which cell styles show a
 * date or an elapsed time (XF_DATE, XF_TIMEDELTA), the only thing the
 * reader needs from the styles, decided as openpyxl decides it.
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

/*
 * Whether a number format shows a date or time, as openpyxl decides (the
 * reference reading): only the first section counts; quoted literals and
 * bracketed parts ([Red], [$-804], but not [h] [m] [s]) are ignored; then
 * any of d m h y s not preceded by a backslash (and not first) makes it a
 * date.  "General" and "[Red]0.00" are thus numbers.
 */
static int format_is_date(const char *fmt)
{
	size_t n = strcspn(fmt, ";"), o = 0;
	char *s = malloc(n + 1);
	int date = 0;
	if (!s)
		return 0;
	for (size_t i = 0; i < n;) {
		char c = fmt[i];
		if (c == '"') {
			const char *q = memchr(fmt + i + 1, '"', n - i - 1);
			if (q) {
				i = (size_t)(q - fmt) + 1;
				continue;
			}
		} else if (c == '[') {
			const char *r = fmt + i + 1;
			size_t rest = n - i - 1;
			int keep = (rest >= 2 && (r[0] == 'h' || r[0] == 'm' || r[0] == 's') && r[1] == ']') ||
				   (rest >= 3 && (r[0] == 'h' || r[0] == 'm' || r[0] == 's') && r[1] == r[0] &&
				    r[2] == ']');
			const char *close = memchr(r, ']', rest);
			if (!keep && close) {
				i = (size_t)(close - fmt) + 1;
				continue;
			}
		}
		s[o++] = c;
		i++;
	}
	for (size_t i = 1; i < o && !date; i++)
		if (strchr("dmhysDMHYS", s[i]) && s[i - 1] != '\\')
			date = 1;
	free(s);
	return date;
}

/* [h] [hh] [m] [mm] [s] [ss], any case, in the first section: elapsed time. */
static int format_is_timedelta(const char *fmt)
{
	size_t n = strcspn(fmt, ";");
	for (size_t i = 0; i + 2 < n; i++) {
		char a;
		if (fmt[i] != '[')
			continue;
		a = (char)(fmt[i + 1] | 0x20);
		if (a != 'h' && a != 'm' && a != 's')
			continue;
		if (fmt[i + 2] == ']' || (i + 3 < n && (char)(fmt[i + 2] | 0x20) == a && fmt[i + 3] == ']'))
			return 1;
	}
	return 0;
}

typedef struct numfmt {
	long id;
	unsigned char flags;
} numfmt;

typedef struct styles_parse {
	numfmt *fmts;
	size_t nfmts, capfmts;
	long *xf_fmt;
	size_t nxf, capxf;
	int in_cellxfs, in_numfmts; /* numFmt also appears in dxfs: only numFmts counts */
	hz_code rc;
} styles_parse;

static void styles_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
			 int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
			 const xmlChar **attributes)
{
	styles_parse *sp = ctx;
	const char *v;
	size_t len = 0;
	if (sp->rc != HZ_OK)
		return;
	if (xlsx_local_is(localname, "cellXfs")) {
		sp->in_cellxfs = 1;
	} else if (xlsx_local_is(localname, "numFmts")) {
		sp->in_numfmts = 1;
	} else if (sp->in_numfmts && xlsx_local_is(localname, "numFmt")) {
		const char *code;
		size_t cl = 0;
		char *c;
		numfmt *grown;
		if (sp->nfmts >= HZ_MAX_NUMFMTS) {
			sp->rc = HZ_E_LIMIT;
			return;
		}
		v = xlsx_attr_get(attributes, nb_attributes, "numFmtId", 0, &len);
		code = xlsx_attr_get(attributes, nb_attributes, "formatCode", 0, &cl);
		if (!v || !code)
			return;
		grown = dynbuf_grow_array(sp->fmts, sp->nfmts, &sp->capfmts, 1, sizeof(*sp->fmts));
		c = strndup(code, cl);
		if (!grown || !c) {
			free(c);
			if (grown)
				sp->fmts = grown;
			sp->rc = HZ_E_NOMEM;
			return;
		}
		sp->fmts = grown;
		sp->fmts[sp->nfmts].id = xlsx_parse_long(v, len, -1);
		sp->fmts[sp->nfmts].flags = (unsigned char)((format_is_date(c) ? XF_DATE : 0) |
							     (format_is_timedelta(c) ? XF_TIMEDELTA : 0));
		sp->nfmts++;
		free(c);
	} else if (sp->in_cellxfs && xlsx_local_is(localname, "xf")) {
		long *grown;
		if (sp->nxf >= HZ_MAX_CELL_XFS) {
			sp->rc = HZ_E_LIMIT;
			return;
		}
		grown = dynbuf_grow_array(sp->xf_fmt, sp->nxf, &sp->capxf, 1, sizeof(*sp->xf_fmt));
		if (!grown) {
			sp->rc = HZ_E_NOMEM;
			return;
		}
		sp->xf_fmt = grown;
		v = xlsx_attr_get(attributes, nb_attributes, "numFmtId", 0, &len);
		sp->xf_fmt[sp->nxf++] = xlsx_parse_long(v, len, 0);
	}
}

static void styles_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
	styles_parse *sp = ctx;
	if (xlsx_local_is(localname, "cellXfs"))
		sp->in_cellxfs = 0;
	else if (xlsx_local_is(localname, "numFmts"))
		sp->in_numfmts = 0;
}

/* Built-in formats: 14-22 dates and times, 45-47 times, 46 elapsed. */
static unsigned char builtin_flags(long id)
{
	if ((id >= 14 && id <= 22) || id == 45 || id == 47)
		return XF_DATE;
	if (id == 46)
		return XF_DATE | XF_TIMEDELTA;
	return 0;
}

hz_code xlsx_styles_read(xlsx_workbook *wb, const char *part, hz_error *err)
{
	xmlSAXHandler sax;
	styles_parse sp;
	hz_code rc;
	sax = pkg_xml_handler(styles_start, styles_end, NULL);
	memset(&sp, 0, sizeof(sp));
	rc = pkg_parse_xml(wb->p, part, &sax, &sp, err);
	if (rc == HZ_OK && sp.rc != HZ_OK)
		rc = hz_error_set(err, sp.rc, "styles");
	if (rc == HZ_OK && sp.nxf) {
		wb->xf_flags = calloc(sp.nxf, 1);
		if (!wb->xf_flags) {
			rc = hz_error_set(err, HZ_E_NOMEM, NULL);
		} else {
			wb->nxf = sp.nxf;
			for (size_t i = 0; i < sp.nxf; i++) {
				long id = sp.xf_fmt[i];
				int custom = 0;
				/* the last definition of an id wins, as in a dict */
				for (size_t k = sp.nfmts; k-- > 0;) {
					if (sp.fmts[k].id == id) {
						wb->xf_flags[i] = sp.fmts[k].flags;
						custom = 1;
						break;
					}
				}
				if (!custom)
					wb->xf_flags[i] = builtin_flags(id);
			}
		}
	}
	free(sp.fmts);
	free(sp.xf_fmt);
	return rc;
}
