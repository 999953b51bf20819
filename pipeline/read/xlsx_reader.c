#include "read/xlsx_reader.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dynbuf.h"
#include "hz_limits.h"
#include "read/pkg.h"

#include "banned.h"

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

static int local_is(const xmlChar *name, const char *want)
{
	return strcmp((const char *)name, want) == 0;
}

/* Attribute value by local name (any namespace when ns_any, else none). */
static const char *attr_get(const xmlChar **attrs, int n, const char *local, int ns_any, size_t *len)
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

/* The relationship id attribute (r:id) of a sheet: local name "id" in a
 * namespace (Transitional or Strict relationships). */
static const char *attr_rid(const xmlChar **attrs, int n, size_t *len)
{
	for (int i = 0; i < n; i++) {
		const xmlChar **a = attrs + 5 * i;
		if (a[2] != NULL && strcmp((const char *)a[0], "id") == 0) {
			*len = (size_t)(a[4] - a[3]);
			return (const char *)a[3];
		}
	}
	return NULL;
}

/* ------------------------------------------------------ _xHHHH_ escapes */

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return 0;
	}
	*out = v;
	return 1;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/*
 * Decodes Excel's _xHHHH_ escapes in place (the result is never longer):
 * _x000D_ is a carriage return, _x005F_ an underscore (so "_x005F_x000D_"
 * stays the literal text "_x000D_"), a surrogate pair written as two escapes
 * is one character.  U+0000 and lone surrogates are kept as written.
 * Returns the new length.
 */
static size_t decode_x_escapes(char *s, size_t n)
{
	size_t i = 0, o = 0;
	if (!memchr(s, '_', n))
		return n;
	while (i < n) {
		unsigned cp, lo;
		if (s[i] == '_' && i + 7 <= n && s[i + 1] == 'x' && s[i + 6] == '_' && hex4(s + i + 2, &cp)) {
			size_t used = 7;
			if (cp >= 0xD800 && cp <= 0xDBFF && i + 14 <= n && s[i + 7] == '_' && s[i + 8] == 'x' &&
			    s[i + 13] == '_' && hex4(s + i + 9, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				used = 14;
			} else if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
				s[o++] = s[i++];
				continue;
			}
			o += put_utf8(s + o, cp);
			i += used;
			continue;
		}
		s[o++] = s[i++];
	}
	s[o] = '\0';
	return o;
}

/* ---------------------------------------------------------- workbook.xml */

typedef struct wb_parse {
	xlsx_workbook *wb;
	int in_sheets;
	hz_code rc;
	char detail[128];
	/* sheets as listed, before their parts are resolved */
	struct {
		char *name, *rid;
		xlsx_state state;
	} *list;
	size_t n;
} wb_parse;

static int truthy(const char *v, size_t len)
{
	return (len == 1 && v[0] == '1') || (len == 4 && strncasecmp(v, "true", 4) == 0) ||
	       (len == 2 && strncasecmp(v, "on", 2) == 0);
}

static void wb_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
		     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		     const xmlChar **attributes)
{
	wb_parse *wp = ctx;
	const char *v;
	size_t len = 0;
	if (wp->rc != HZ_OK)
		return;
	if (local_is(localname, "workbookPr")) {
		v = attr_get(attributes, nb_attributes, "date1904", 0, &len);
		if (v && truthy(v, len))
			wp->wb->date1904 = 1;
	} else if (local_is(localname, "sheets")) {
		wp->in_sheets = 1;
	} else if (wp->in_sheets && local_is(localname, "sheet")) {
		const char *name, *rid, *state;
		size_t nl = 0, rl = 0, sl = 0;
		void *grown;
		if (wp->n >= HZ_MAX_SHEETS) {
			wp->rc = HZ_E_LIMIT;
			snprintf(wp->detail, sizeof(wp->detail), "more than %d sheets", HZ_MAX_SHEETS);
			return;
		}
		name = attr_get(attributes, nb_attributes, "name", 0, &nl);
		rid = attr_rid(attributes, nb_attributes, &rl);
		state = attr_get(attributes, nb_attributes, "state", 0, &sl);
		grown = realloc(wp->list, (wp->n + 1) * sizeof(*wp->list));
		if (!grown) {
			wp->rc = HZ_E_NOMEM;
			return;
		}
		wp->list = grown;
		wp->list[wp->n].name = strndup(name ? name : "", name ? nl : 0);
		wp->list[wp->n].rid = rid ? strndup(rid, rl) : NULL;
		wp->list[wp->n].state = XLSX_VISIBLE;
		if (state && sl == 6 && strncmp(state, "hidden", 6) == 0)
			wp->list[wp->n].state = XLSX_HIDDEN;
		else if (state && sl == 10 && strncmp(state, "veryHidden", 10) == 0)
			wp->list[wp->n].state = XLSX_VERY_HIDDEN;
		wp->n++;
		if (!wp->list[wp->n - 1].name || (rid && !wp->list[wp->n - 1].rid))
			wp->rc = HZ_E_NOMEM;
	}
}

static void wb_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
	wb_parse *wp = ctx;
	if (local_is(localname, "sheets"))
		wp->in_sheets = 0;
}

/* ------------------------------------------------------ sharedStrings.xml */

typedef struct sst_parse {
	xlsx_workbook *wb;
	int in_si, in_t, rph_depth;
	size_t cap;
	dynbuf cur;
	hz_code rc;
} sst_parse;

static void sst_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
		      int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		      const xmlChar **attributes)
{
	sst_parse *sp = ctx;
	if (sp->rc != HZ_OK)
		return;
	if (local_is(localname, "si")) {
		sp->in_si = 1;
		sp->rph_depth = 0;
		dynbuf_reset(&sp->cur);
	} else if (sp->in_si && local_is(localname, "rPh")) {
		sp->rph_depth++;
	} else if (sp->in_si && !sp->rph_depth && local_is(localname, "t")) {
		sp->in_t = 1;
	}
}

static void sst_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
	sst_parse *sp = ctx;
	xlsx_workbook *wb = sp->wb;
	if (sp->rc != HZ_OK)
		return;
	if (local_is(localname, "t")) {
		sp->in_t = 0;
	} else if (sp->in_si && local_is(localname, "rPh")) {
		sp->rph_depth--;
	} else if (sp->in_si && local_is(localname, "si")) {
		size_t len;
		hz_code rc;
		sp->in_si = 0;
		if (wb->nsst >= HZ_MAX_SHARED_STRINGS) {
			sp->rc = HZ_E_LIMIT;
			return;
		}
		if (wb->nsst == sp->cap) {
			size_t ncap = sp->cap ? sp->cap * 2 : 1024;
			size_t *o = realloc(wb->sst_off, ncap * sizeof(*o));
			uint32_t *l;
			if (!o) {
				sp->rc = HZ_E_NOMEM;
				return;
			}
			wb->sst_off = o;
			l = realloc(wb->sst_len, ncap * sizeof(*l));
			if (!l) {
				sp->rc = HZ_E_NOMEM;
				return;
			}
			wb->sst_len = l;
			sp->cap = ncap;
		}
		len = sp->cur.len ? decode_x_escapes(sp->cur.buf, sp->cur.len) : 0;
		wb->sst_off[wb->nsst] = wb->sst_text.len;
		wb->sst_len[wb->nsst] = (uint32_t)len;
		rc = dynbuf_add(&wb->sst_text, len ? sp->cur.buf : "", len);
		if (rc == HZ_OK)
			rc = dynbuf_addc(&wb->sst_text, '\0');
		if (rc != HZ_OK) {
			sp->rc = rc;
			return;
		}
		wb->nsst++;
	}
}

static void sst_text(void *ctx, const xmlChar *ch, int len)
{
	sst_parse *sp = ctx;
	if (sp->rc == HZ_OK && sp->in_si && sp->in_t && !sp->rph_depth) {
		hz_code rc = dynbuf_add(&sp->cur, ch, (size_t)len);
		if (rc != HZ_OK)
			sp->rc = rc;
	}
}

/* ------------------------------------------------------------ styles.xml */

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
	size_t nfmts;
	long *xf_fmt;
	size_t nxf;
	int in_cellxfs, in_numfmts; /* numFmt also appears in dxfs: only numFmts counts */
	hz_code rc;
} styles_parse;

static long parse_long(const char *v, size_t len, long dflt)
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

/* Room for element n of an array grown one element at a time: the
 * capacity doubles at powers of two, so n appends copy O(n) elements in
 * all (one realloc per append made 65,536 formats quadratic under ASan
 * and valgrind, whose realloc always moves).  NULL when out of memory,
 * the array then unchanged. */
static void *grow_one(void *arr, size_t n, size_t elsize)
{
	if (n & (n - 1))
		return arr; /* capacity is the next power of two, not yet full */
	return realloc(arr, (n ? 2 * n : 1) * elsize);
}

static void styles_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
			 int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
			 const xmlChar **attributes)
{
	styles_parse *sp = ctx;
	const char *v;
	size_t len = 0;
	if (sp->rc != HZ_OK)
		return;
	if (local_is(localname, "cellXfs")) {
		sp->in_cellxfs = 1;
	} else if (local_is(localname, "numFmts")) {
		sp->in_numfmts = 1;
	} else if (sp->in_numfmts && local_is(localname, "numFmt")) {
		const char *code;
		size_t cl = 0;
		char *c;
		numfmt *grown;
		if (sp->nfmts >= HZ_MAX_NUMFMTS) {
			sp->rc = HZ_E_LIMIT;
			return;
		}
		v = attr_get(attributes, nb_attributes, "numFmtId", 0, &len);
		code = attr_get(attributes, nb_attributes, "formatCode", 0, &cl);
		if (!v || !code)
			return;
		grown = grow_one(sp->fmts, sp->nfmts, sizeof(*sp->fmts));
		c = strndup(code, cl);
		if (!grown || !c) {
			free(c);
			if (grown)
				sp->fmts = grown;
			sp->rc = HZ_E_NOMEM;
			return;
		}
		sp->fmts = grown;
		sp->fmts[sp->nfmts].id = parse_long(v, len, -1);
		sp->fmts[sp->nfmts].flags = (unsigned char)((format_is_date(c) ? XF_DATE : 0) |
							     (format_is_timedelta(c) ? XF_TIMEDELTA : 0));
		sp->nfmts++;
		free(c);
	} else if (sp->in_cellxfs && local_is(localname, "xf")) {
		long *grown;
		if (sp->nxf >= HZ_MAX_CELL_XFS) {
			sp->rc = HZ_E_LIMIT;
			return;
		}
		grown = grow_one(sp->xf_fmt, sp->nxf, sizeof(*sp->xf_fmt));
		if (!grown) {
			sp->rc = HZ_E_NOMEM;
			return;
		}
		sp->xf_fmt = grown;
		v = attr_get(attributes, nb_attributes, "numFmtId", 0, &len);
		sp->xf_fmt[sp->nxf++] = parse_long(v, len, 0);
	}
}

static void styles_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
	styles_parse *sp = ctx;
	if (local_is(localname, "cellXfs"))
		sp->in_cellxfs = 0;
	else if (local_is(localname, "numFmts"))
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

static hz_code read_styles(xlsx_workbook *wb, const char *part, hz_error *err)
{
	xmlSAXHandler sax;
	styles_parse sp;
	hz_code rc;
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = styles_start;
	sax.endElementNs = styles_end;
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

/* --------------------------------------------------------------- workbook */

static void free_sheets(xlsx_workbook *wb)
{
	for (size_t i = 0; i < wb->nsheets; i++) {
		free(wb->sheets[i].name);
		free(wb->sheets[i].part);
	}
	free(wb->sheets);
}

void xlsx_workbook_free(xlsx_workbook *wb)
{
	if (!wb)
		return;
	free_sheets(wb);
	dynbuf_release(&wb->sst_text);
	free(wb->sst_off);
	free(wb->sst_len);
	free(wb->xf_flags);
	free(wb->wb_part);
	pkg_free(wb->p);
	free(wb);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static hz_code read_workbook_part(xlsx_workbook *wb, hz_error *err)
{
	xmlSAXHandler sax;
	wb_parse wp;
	hz_error rels_err;
	hz_code rc;
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = wb_start;
	sax.endElementNs = wb_end;
	memset(&wp, 0, sizeof(wp));
	wp.wb = wb;
	rc = pkg_parse_xml(wb->p, wb->wb_part, &sax, &wp, err);
	if (rc == HZ_OK && wp.rc != HZ_OK)
		rc = hz_error_set(err, wp.rc, "%s", wp.detail[0] ? wp.detail : "workbook");
	if (rc == HZ_OK) {
		wb->sheets = calloc(wp.n ? wp.n : 1, sizeof(*wb->sheets));
		if (!wb->sheets)
			rc = hz_error_set(err, HZ_E_NOMEM, NULL);
	}
	/* A sheet without a relationship or whose part is missing cannot be
	 * read; it is left out (as Excel and openpyxl do). */
	for (size_t i = 0; rc == HZ_OK && i < wp.n; i++) {
		char *target, *type;
		sheet_entry *s;
		if (!wp.list[i].rid)
			continue;
		hz_error_clear(&rels_err);
		target = pkg_rel_target_by_id(wb->p, wb->wb_part, wp.list[i].rid, &rels_err);
		if (!target && rels_err.code != HZ_OK) { /* the workbook's relationships are unreadable */
			if (err)
				*err = rels_err;
			rc = rels_err.code;
			break;
		}
		if (!target || pkg_find(wb->p, target) < 0) {
			free(target);
			continue;
		}
		type = pkg_rel_type_by_id(wb->p, wb->wb_part, wp.list[i].rid, &rels_err);
		s = &wb->sheets[wb->nsheets++];
		s->name = wp.list[i].name;
		wp.list[i].name = NULL;
		s->part = target;
		s->state = wp.list[i].state;
		s->is_chartsheet = type && ends_with(type, "/chartsheet");
		free(type);
		s->info.name = s->name;
		s->info.part = s->part;
		s->info.state = s->state;
		s->info.is_chartsheet = s->is_chartsheet;
	}
	for (size_t i = 0; i < wp.n; i++) {
		free(wp.list[i].name);
		free(wp.list[i].rid);
	}
	free(wp.list);
	return rc;
}

static hz_code read_sst(xlsx_workbook *wb, const char *part, hz_error *err)
{
	xmlSAXHandler sax;
	sst_parse sp;
	hz_code rc;
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = sst_start;
	sax.endElementNs = sst_end;
	sax.characters = sst_text;
	memset(&sp, 0, sizeof(sp));
	sp.wb = wb;
	dynbuf_init(&sp.cur, HZ_MAX_TEXT_BYTES + 1);
	rc = pkg_parse_xml(wb->p, part, &sax, &sp, err);
	if (rc == HZ_OK && sp.rc != HZ_OK)
		rc = hz_error_set(err, sp.rc, "shared strings (limit %u strings, %u bytes)", HZ_MAX_SHARED_STRINGS,
				  (unsigned)HZ_MAX_SST_BYTES);
	dynbuf_release(&sp.cur);
	return rc;
}

/* The part a workbook relationship of this type points at, or the usual
 * name when the relationship is missing. */
static char *related_part(xlsx_workbook *wb, const char *type_suffix, const char *usual)
{
	hz_error ignored;
	char *t = pkg_rel_target(wb->p, wb->wb_part, type_suffix, &ignored);
	if (t && pkg_find(wb->p, t) >= 0)
		return t;
	free(t);
	if (pkg_find(wb->p, usual) >= 0)
		return strdup(usual);
	return NULL;
}

hz_code xlsx_workbook_open(xlsx_workbook **out, const char *path, hz_error *err)
{
	pkg *p = NULL;
	hz_code rc;
	*out = NULL;
	rc = pkg_open(&p, path, err);
	if (rc != HZ_OK)
		return rc;
	return xlsx_workbook_open_pkg(out, p, err);
}

hz_code xlsx_workbook_open_pkg(xlsx_workbook **out, pkg *p, hz_error *err)
{
	xlsx_workbook *wb;
	char *part = NULL;
	hz_code rc;
	*out = NULL;
	hz_error_file(err, pkg_path(p));
	wb = calloc(1, sizeof(*wb));
	if (!wb) {
		pkg_free(p);
		return hz_error_set(err, HZ_E_NOMEM, NULL);
	}
	dynbuf_init(&wb->sst_text, HZ_MAX_SST_BYTES);
	wb->p = p;
	{
		/* unreadable package relationships: fall back on the usual name */
		hz_error ignored;
		wb->wb_part = pkg_rel_target(wb->p, "", "/officeDocument", &ignored);
	}
	if (!wb->wb_part || pkg_find(wb->p, wb->wb_part) < 0) {
		free(wb->wb_part);
		wb->wb_part = pkg_find(wb->p, "xl/workbook.xml") >= 0 ? strdup("xl/workbook.xml") : NULL;
	}
	if (!wb->wb_part) {
		hz_error_part(err, "xl/workbook.xml");
		rc = hz_error_set(err, HZ_E_NO_PART, "no workbook part");
		goto fail;
	}
	if (ends_with(wb->wb_part, ".bin")) {
		hz_error_part(err, wb->wb_part);
		rc = hz_error_set(err, HZ_E_LEGACY, "binary workbook (.xlsb)");
		goto fail;
	}
	if ((rc = read_workbook_part(wb, err)) != HZ_OK)
		goto fail;
	part = related_part(wb, "/sharedStrings", "xl/sharedStrings.xml");
	if (part && (rc = read_sst(wb, part, err)) != HZ_OK)
		goto fail;
	free(part);
	part = related_part(wb, "/styles", "xl/styles.xml");
	if (part && (rc = read_styles(wb, part, err)) != HZ_OK)
		goto fail;
	free(part);
	hz_error_part(err, "");
	*out = wb;
	return HZ_OK;
fail:
	free(part);
	xlsx_workbook_free(wb);
	return rc;
}

size_t xlsx_workbook_sheet_count(const xlsx_workbook *wb)
{
	return wb->nsheets;
}

const xlsx_sheet_info *xlsx_workbook_sheet(const xlsx_workbook *wb, size_t i)
{
	return i < wb->nsheets ? &wb->sheets[i].info : NULL;
}

int xlsx_workbook_date1904(const xlsx_workbook *wb)
{
	return wb->date1904;
}

int xlsx_workbook_modified(xlsx_workbook *wb, char *out, size_t n)
{
	return pkg_core_modified(wb->p, out, n);
}

/* ------------------------------------------------------------- cell refs */

char *xlsx_cell_ref(uint32_t row, uint32_t col, char *out, size_t n)
{
	char letters[8];
	int k = 0;
	uint32_t c = col + 1;
	while (c > 0 && k < 7) {
		letters[k++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	if (n == 0)
		return out;
	{
		char tmp[16];
		int o = 0;
		while (k > 0)
			tmp[o++] = letters[--k];
		tmp[o] = '\0';
		snprintf(out, n, "%s%u", tmp, row + 1);
	}
	return out;
}

/* "$B$12" -> row 11, col 1 (0-based).  0 when not a reference inside the grid. */
static int parse_ref(const char *s, size_t n, uint32_t *row, uint32_t *col)
{
	size_t i = 0;
	uint64_t c = 0, r = 0;
	int letters = 0, digits = 0;
	if (i < n && s[i] == '$')
		i++;
	while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')) && letters < 4) {
		c = c * 26 + (uint64_t)((s[i] | 0x20) - 'a' + 1);
		i++;
		letters++;
	}
	if (i < n && s[i] == '$')
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 8) {
		r = r * 10 + (uint64_t)(s[i] - '0');
		i++;
		digits++;
	}
	if (i != n || !letters || !digits || c < 1 || c > HZ_MAX_COLS || r < 1 || r > HZ_MAX_ROWS)
		return 0;
	*row = (uint32_t)(r - 1);
	*col = (uint32_t)(c - 1);
	return 1;
}

/* ---------------------------------------------------------- dates, times */

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
static int serial_to_iso(double v, int date1904, char *out, size_t n)
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
static int serial_to_duration(double v, char *out, size_t n)
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
static int iso_cell(const char *s, size_t n, int date1904, char *out, size_t outn, double *serial)
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

/* ------------------------------------------------------- sheet streaming */

typedef struct pend_cell {
	uint32_t row, col;
	xlsx_cell_type type;
	const char *ext;   /* text outside the arena (a shared string) or NULL */
	size_t off, len;   /* text in the arena */
	double num;
} pend_cell;

typedef struct pend_row {
	uint32_t row;
	size_t first, n;
	int closed;
} pend_row;


struct xlsx_sheet_reader {
	xlsx_workbook *wb;
	const sheet_entry *sheet;
	pkg_xml *x;
	int done;
	/* parser state */
	int sheetdata_depth; /* >0 while inside sheetData */
	int depth;
	int in_row, in_c, in_v, in_is, is_t, rph_depth, v_seen;
	uint32_t row_counter, col_counter; /* 1-based, as the XML counts */
	char ctype[12];
	const char *cref;
	uint32_t crow, ccol;
	long cstyle;
	int c_has_is;
	dynbuf val;
	hz_code rc;
	char detail[200];
	/* queue of parsed rows */
	pend_cell *cells;
	size_t ncells, capcells;
	pend_row *rows;
	size_t nrows, caprows, rnext;
	dynbuf arena;
	/* the row handed out */
	xlsx_cell *out;
	size_t capout;
	xlsx_row outrow;
	xlsx_merge *merges;
	size_t nmerges, capmerges;
};

static void fail_cell(xlsx_sheet_reader *r, hz_code code, const char *what)
{
	char ref[16];
	if (r->rc != HZ_OK)
		return;
	r->rc = code;
	xlsx_cell_ref(r->crow, r->ccol, ref, sizeof(ref));
	snprintf(r->detail, sizeof(r->detail), "%s at %s", what, ref);
}

static pend_row *open_row_for(xlsx_sheet_reader *r, uint32_t row)
{
	pend_row *last = r->nrows ? &r->rows[r->nrows - 1] : NULL;
	if (last && !last->closed && last->row == row)
		return last;
	if (last && !last->closed)
		last->closed = 1;
	if (r->nrows == r->caprows) {
		size_t ncap = r->caprows ? r->caprows * 2 : 64;
		pend_row *g = realloc(r->rows, ncap * sizeof(*g));
		if (!g)
			return NULL;
		r->rows = g;
		r->caprows = ncap;
	}
	last = &r->rows[r->nrows++];
	last->row = row;
	last->first = r->ncells;
	last->n = 0;
	last->closed = 0;
	return last;
}

static void add_cell(xlsx_sheet_reader *r, xlsx_cell_type type, const char *ext, const char *text, size_t len,
		     double num)
{
	pend_row *pr;
	pend_cell *c;
	if (r->ncells >= HZ_MAX_PENDING_CELLS) {
		fail_cell(r, HZ_E_LIMIT, "too many cells in one row");
		return;
	}
	if (r->ncells == r->capcells) {
		size_t ncap = r->capcells ? r->capcells * 2 : 256;
		pend_cell *g = realloc(r->cells, ncap * sizeof(*g));
		if (!g) {
			fail_cell(r, HZ_E_NOMEM, "out of memory");
			return;
		}
		r->cells = g;
		r->capcells = ncap;
	}
	pr = open_row_for(r, r->crow);
	if (!pr) {
		fail_cell(r, HZ_E_NOMEM, "out of memory");
		return;
	}
	c = &r->cells[r->ncells];
	c->row = r->crow;
	c->col = r->ccol;
	c->type = type;
	c->ext = ext;
	c->len = len;
	c->num = num;
	c->off = r->arena.len;
	if (!ext) {
		hz_code rc = dynbuf_add(&r->arena, text, len);
		if (rc == HZ_OK)
			rc = dynbuf_addc(&r->arena, '\0');
		if (rc != HZ_OK) {
			fail_cell(r, rc, "cell text");
			return;
		}
	}
	r->ncells++;
	pr->n++;
}

static int trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t' || **s == '\n' || **s == '\r')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\n' || (*s)[*n - 1] == '\r'))
		(*n)--;
	return *n > 0;
}

/* Plain decimals ("12", "-4.50") with at most 15 significant digits: an
 * exactly representable integer divided by an exact power of ten is
 * correctly rounded, as strtod would give, at a fraction of its cost. */
static int fast_decimal(const char *s, size_t n, double *out)
{
	static const double pow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	uint64_t m = 0;
	size_t i = 0, digits = 0, frac = 0;
	int neg = 0, dot = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	if (i == n)
		return 0;
	for (; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (++digits > 15)
				return 0;
			m = m * 10 + (uint64_t)(c - '0');
			frac += dot;
		} else if (c == '.' && !dot) {
			dot = 1;
		} else {
			return 0;
		}
	}
	if (!digits)
		return 0;
	*out = (double)m / pow10[frac];
	if (neg)
		*out = -*out;
	return 1;
}

static int parse_double(const char *s, size_t n, double *out)
{
	char buf[64], *end;
	char *heap = NULL, *p = buf;
	int ok;
	if (fast_decimal(s, n, out))
		return 1;
	if (n >= sizeof(buf)) {
		if (n > 4096)
			return 0;
		heap = malloc(n + 1);
		if (!heap)
			return 0;
		p = heap;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	*out = strtod(p, &end);
	ok = end != p && *end == '\0';
	free(heap);
	return ok;
}

/* A cell ends: its value becomes a queued cell (empty values are dropped). */
static void finish_cell(xlsx_sheet_reader *r)
{
	xlsx_workbook *wb = r->wb;
	const char *t = r->ctype;
	const char *v = dynbuf_str(&r->val);
	size_t n = r->val.len;
	char iso[128];
	double num;

	if (strcmp(t, "inlineStr") == 0) {
		if (!r->c_has_is || n == 0)
			return;
		n = decode_x_escapes(r->val.buf, n);
		if (n)
			add_cell(r, XLSX_STRING, NULL, v, n, 0);
		return;
	}
	if (!r->v_seen || n == 0)
		return;
	if (t[0] == '\0' || strcmp(t, "n") == 0) {
		const char *s = v;
		size_t sn = n;
		int flags;
		if (!trim(&s, &sn) || !parse_double(s, sn, &num)) {
			add_cell(r, XLSX_STRING, NULL, v, n, 0); /* not a number: kept as written */
			return;
		}
		flags = (r->cstyle >= 0 && (size_t)r->cstyle < wb->nxf) ? wb->xf_flags[r->cstyle] : 0;
		if (flags & XF_DATE) {
			int ok = (flags & XF_TIMEDELTA) ? serial_to_duration(num, iso, sizeof(iso))
							: serial_to_iso(num, wb->date1904, iso, sizeof(iso));
			if (ok)
				add_cell(r, XLSX_DATE, NULL, iso, strlen(iso), num);
			else
				add_cell(r, XLSX_ERROR, NULL, "#VALUE!", 7, 0);
			return;
		}
		add_cell(r, XLSX_NUMBER, NULL, s, sn, num);
	} else if (strcmp(t, "s") == 0) {
		const char *s = v;
		size_t sn = n;
		char *end;
		long idx;
		if (!trim(&s, &sn)) {
			return;
		}
		idx = strtol(s, &end, 10);
		if (end != s + sn || idx < 0 || (size_t)idx >= wb->nsst) {
			fail_cell(r, HZ_E_FORMAT, "shared string index out of range");
			return;
		}
		if (wb->sst_len[idx])
			add_cell(r, XLSX_STRING, wb->sst_text.buf + wb->sst_off[idx], NULL, wb->sst_len[idx], 0);
	} else if (strcmp(t, "b") == 0) {
		const char *s = v;
		size_t sn = n;
		int b;
		trim(&s, &sn);
		if (sn == 4 && strncasecmp(s, "true", 4) == 0)
			b = 1;
		else if (sn == 5 && strncasecmp(s, "false", 5) == 0)
			b = 0;
		else if (parse_double(s, sn, &num))
			b = num != 0;
		else {
			add_cell(r, XLSX_STRING, NULL, v, n, 0);
			return;
		}
		add_cell(r, XLSX_BOOL, NULL, b ? "TRUE" : "FALSE", b ? 4 : 5, b);
	} else if (strcmp(t, "e") == 0) {
		add_cell(r, XLSX_ERROR, NULL, v, n, 0);
	} else if (strcmp(t, "d") == 0) {
		const char *s = v;
		size_t sn = n;
		if (trim(&s, &sn) && iso_cell(s, sn, wb->date1904, iso, sizeof(iso), &num))
			add_cell(r, XLSX_DATE, NULL, iso, strlen(iso), num);
		else
			add_cell(r, XLSX_STRING, NULL, v, n, 0);
	} else { /* "str" (formula result) and anything unknown: text */
		n = decode_x_escapes(r->val.buf, n);
		if (n)
			add_cell(r, XLSX_STRING, NULL, v, n, 0);
	}
}

static void sh_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
		     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		     const xmlChar **attributes)
{
	xlsx_sheet_reader *r = ctx;
	const char *name = (const char *)localname;
	const char *a;
	size_t len = 0;
	r->depth++;
	if (r->rc != HZ_OK)
		return;
	if (!r->sheetdata_depth) {
		if (strcmp(name, "sheetData") == 0) {
			r->sheetdata_depth = r->depth;
		} else if (strcmp(name, "mergeCell") == 0) {
			uint32_t r1, c1, r2, c2;
			const char *colon;
			a = attr_get(attributes, nb_attributes, "ref", 0, &len);
			if (!a)
				return;
			colon = memchr(a, ':', len);
			if (colon ? !(parse_ref(a, (size_t)(colon - a), &r1, &c1) &&
				      parse_ref(colon + 1, len - (size_t)(colon - a) - 1, &r2, &c2))
				  : !parse_ref(a, len, &r1, &c1))
				return;
			if (!colon) {
				r2 = r1;
				c2 = c1;
			}
			if (r->nmerges >= HZ_MAX_MERGES) {
				r->rc = HZ_E_LIMIT;
				snprintf(r->detail, sizeof(r->detail), "more than %d merged ranges", HZ_MAX_MERGES);
				return;
			}
			if (r->nmerges == r->capmerges) {
				size_t ncap = r->capmerges ? r->capmerges * 2 : 16;
				xlsx_merge *g = realloc(r->merges, ncap * sizeof(*g));
				if (!g) {
					r->rc = HZ_E_NOMEM;
					return;
				}
				r->merges = g;
				r->capmerges = ncap;
			}
			r->merges[r->nmerges].r1 = r1 < r2 ? r1 : r2;
			r->merges[r->nmerges].r2 = r1 < r2 ? r2 : r1;
			r->merges[r->nmerges].c1 = c1 < c2 ? c1 : c2;
			r->merges[r->nmerges].c2 = c1 < c2 ? c2 : c1;
			r->nmerges++;
		}
		return;
	}
	if (r->in_c) {
		if (r->in_is) {
			if (strcmp(name, "rPh") == 0)
				r->rph_depth++;
			else if (!r->rph_depth && strcmp(name, "t") == 0)
				r->is_t = 1;
		} else if (r->depth == r->in_c + 1) {
			int inline_str = strcmp(r->ctype, "inlineStr") == 0;
			if (!inline_str && strcmp(name, "v") == 0 && !r->v_seen) {
				r->in_v = 1;
				r->v_seen = 1;
				dynbuf_reset(&r->val);
			} else if (inline_str && strcmp(name, "is") == 0 && !r->c_has_is) {
				r->in_is = 1;
				r->c_has_is = 1;
				dynbuf_reset(&r->val);
			}
		}
		return;
	}
	if (strcmp(name, "row") == 0 && r->depth == r->sheetdata_depth + 1) {
		a = attr_get(attributes, nb_attributes, "r", 0, &len);
		if (a) {
			double rv;
			if (!parse_double(a, len, &rv) || rv != floor(rv) || rv < 1 || rv > HZ_MAX_ROWS) {
				r->rc = HZ_E_LIMIT;
				snprintf(r->detail, sizeof(r->detail), "row number '%.*s' outside the sheet",
					 (int)(len < 20 ? len : 20), a);
				return;
			}
			r->row_counter = (uint32_t)rv;
		} else {
			if (r->row_counter >= HZ_MAX_ROWS) {
				r->rc = HZ_E_LIMIT;
				snprintf(r->detail, sizeof(r->detail), "more than %u rows", HZ_MAX_ROWS);
				return;
			}
			r->row_counter++;
		}
		r->col_counter = 0;
		r->in_row = r->depth;
		return;
	}
	if (strcmp(name, "c") == 0 && r->in_row && r->depth == r->in_row + 1) {
		r->in_c = r->depth;
		r->in_v = r->in_is = r->is_t = r->rph_depth = r->v_seen = r->c_has_is = 0;
		dynbuf_reset(&r->val);
		a = attr_get(attributes, nb_attributes, "t", 0, &len);
		if (a && len < sizeof(r->ctype)) {
			memcpy(r->ctype, a, len);
			r->ctype[len] = '\0';
		} else {
			snprintf(r->ctype, sizeof(r->ctype), "%s", a ? "?" : "n");
		}
		a = attr_get(attributes, nb_attributes, "s", 0, &len);
		r->cstyle = a ? parse_long(a, len, -1) : 0;
		a = attr_get(attributes, nb_attributes, "r", 0, &len);
		if (a && len) {
			if (!parse_ref(a, len, &r->crow, &r->ccol)) {
				r->crow = r->row_counter ? r->row_counter - 1 : 0;
				r->ccol = r->col_counter;
				fail_cell(r, HZ_E_LIMIT, "cell reference outside the sheet");
				return;
			}
			r->col_counter = r->ccol + 1;
		} else {
			if (r->col_counter >= HZ_MAX_COLS) {
				r->crow = r->row_counter ? r->row_counter - 1 : 0;
				r->ccol = HZ_MAX_COLS - 1;
				fail_cell(r, HZ_E_LIMIT, "more than 16384 columns");
				return;
			}
			r->ccol = r->col_counter++;
			r->crow = r->row_counter ? r->row_counter - 1 : 0;
		}
	}
}

static void sh_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
	xlsx_sheet_reader *r = ctx;
	int d = r->depth--;
	if (r->rc != HZ_OK || !r->sheetdata_depth)
		return;
	if (d == r->sheetdata_depth) {
		r->sheetdata_depth = 0;
		return;
	}
	if (r->in_c) {
		if (d == r->in_c) {
			finish_cell(r);
			r->in_c = 0;
		} else if (r->in_is) {
			const char *name = (const char *)localname;
			if (d == r->in_c + 1)
				r->in_is = 0;
			else if (strcmp(name, "rPh") == 0)
				r->rph_depth--;
			else if (strcmp(name, "t") == 0)
				r->is_t = 0;
		} else if (d == r->in_c + 1) {
			r->in_v = 0;
		}
		return;
	}
	if (r->in_row && d == r->in_row) {
		r->in_row = 0;
		if (r->nrows && !r->rows[r->nrows - 1].closed)
			r->rows[r->nrows - 1].closed = 1;
	}
}

static void sh_text(void *ctx, const xmlChar *ch, int len)
{
	xlsx_sheet_reader *r = ctx;
	if (r->rc != HZ_OK || !r->in_c)
		return;
	if (r->in_v || (r->in_is && r->is_t && !r->rph_depth)) {
		hz_code rc = dynbuf_add(&r->val, ch, (size_t)len);
		if (rc != HZ_OK)
			fail_cell(r, rc, "cell text too long");
	}
}

hz_code xlsx_sheet_open(xlsx_workbook *wb, size_t i, xlsx_sheet_reader **out, hz_error *err)
{
	xlsx_sheet_reader *r;
	xmlSAXHandler sax;
	hz_code rc;
	*out = NULL;
	if (i >= wb->nsheets)
		return hz_error_set(err, HZ_E_INTERNAL, "no sheet %zu", i);
	r = calloc(1, sizeof(*r));
	if (!r)
		return hz_error_set(err, HZ_E_NOMEM, NULL);
	r->wb = wb;
	r->sheet = &wb->sheets[i];
	dynbuf_init(&r->val, HZ_MAX_TEXT_BYTES + 1);
	dynbuf_init(&r->arena, HZ_MAX_PENDING_TEXT);
	if (r->sheet->is_chartsheet) {
		r->done = 1; /* no cells */
		*out = r;
		return HZ_OK;
	}
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = sh_start;
	sax.endElementNs = sh_end;
	sax.characters = sh_text;
	rc = pkg_xml_open(wb->p, r->sheet->part, &sax, r, &r->x, err);
	if (rc != HZ_OK) {
		xlsx_sheet_free(r);
		return rc;
	}
	*out = r;
	return HZ_OK;
}

static int cell_col_cmp(const void *a, const void *b)
{
	const pend_cell *x = a, *y = b;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	/* equal columns: keep document order so the last one can win */
	return x < y ? -1 : x > y;
}

/* Drops the rows handed out; a row still open moves to the front. */
static void compact(xlsx_sheet_reader *r)
{
	pend_row *open = (r->nrows && !r->rows[r->nrows - 1].closed) ? &r->rows[r->nrows - 1] : NULL;
	if (!open) {
		r->ncells = r->nrows = r->rnext = 0;
		dynbuf_reset(&r->arena);
		return;
	}
	{
		size_t first = open->first, n = r->ncells - first;
		size_t base = n ? r->cells[first].off : r->arena.len;
		if (n)
			memmove(r->cells, r->cells + first, n * sizeof(*r->cells));
		for (size_t k = 0; k < n; k++)
			r->cells[k].off -= base;
		if (r->arena.buf) {
			memmove(r->arena.buf, r->arena.buf + base, r->arena.len - base);
			r->arena.len -= base;
			r->arena.buf[r->arena.len] = '\0';
		}
		r->ncells = n;
		r->rows[0] = *open;
		r->rows[0].first = 0;
		r->nrows = 1;
		r->rnext = 0;
	}
}

static int sheet_error(xlsx_sheet_reader *r, hz_code rc, hz_error *err)
{
	hz_error_part(err, r->sheet->part);
	if (err && err->where[0] == '\0')
		hz_error_where(err, "sheet '%s'", r->sheet->name);
	return -(int)rc;
}

int xlsx_sheet_next_row(xlsx_sheet_reader *r, const xlsx_row **row, hz_error *err)
{
	for (;;) {
		if (r->rnext < r->nrows && r->rows[r->rnext].closed) {
			pend_row *pr = &r->rows[r->rnext++];
			pend_cell *cells = r->cells + pr->first;
			size_t n = pr->n, o = 0;
			int sorted = 1;
			for (size_t k = 1; k < n && sorted; k++)
				if (cells[k].col <= cells[k - 1].col)
					sorted = 0;
			if (!sorted)
				qsort(cells, n, sizeof(*cells), cell_col_cmp);
			if (n > r->capout) {
				xlsx_cell *g = realloc(r->out, n * sizeof(*g));
				if (!g) {
					hz_error_set(err, HZ_E_NOMEM, NULL);
					return sheet_error(r, HZ_E_NOMEM, err);
				}
				r->out = g;
				r->capout = n;
			}
			for (size_t k = 0; k < n; k++) {
				xlsx_cell *c;
				if (k + 1 < n && cells[k + 1].col == cells[k].col)
					continue; /* a later cell at the same place wins */
				c = &r->out[o++];
				c->col = cells[k].col;
				c->type = cells[k].type;
				c->text = cells[k].ext ? cells[k].ext : r->arena.buf + cells[k].off;
				c->len = cells[k].len;
				c->num = cells[k].num;
			}
			r->outrow.row = pr->row;
			r->outrow.ncells = o;
			r->outrow.cells = r->out;
			*row = &r->outrow;
			return 1;
		}
		if (r->done) {
			if (r->nrows && !r->rows[r->nrows - 1].closed) {
				r->rows[r->nrows - 1].closed = 1;
				continue;
			}
			return 0;
		}
		compact(r);
		{
			int done = 0;
			hz_code rc = pkg_xml_feed(r->x, &done, err);
			if (rc == HZ_OK && r->rc != HZ_OK)
				rc = hz_error_set(err, r->rc, "%s", r->detail);
			if (rc != HZ_OK) {
				r->done = 1;
				r->nrows = r->rnext = 0;
				return sheet_error(r, rc, err);
			}
			if (done)
				r->done = 1;
		}
	}
}

const xlsx_merge *xlsx_sheet_merges(const xlsx_sheet_reader *r, size_t *n)
{
	*n = r->nmerges;
	return r->merges;
}

void xlsx_sheet_free(xlsx_sheet_reader *r)
{
	if (!r)
		return;
	pkg_xml_close(r->x);
	dynbuf_release(&r->val);
	dynbuf_release(&r->arena);
	free(r->cells);
	free(r->rows);
	free(r->out);
	free(r->merges);
	free(r);
}
