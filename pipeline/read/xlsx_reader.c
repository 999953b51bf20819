/*
 * The workbook half of the .xlsx reader: opens the package, finds
 * workbook.xml through the relationships and lists its sheets, reads the
 * shared strings and (through xlsx_styles.c) the styles, so that the sheet
 * streamer (xlsx_sheet.c) only looks things up.
 */
#include "read/xlsx_reader.h"

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
size_t xlsx_decode_escapes(char *s, size_t n)
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
	if (xlsx_local_is(localname, "workbookPr")) {
		v = xlsx_attr_get(attributes, nb_attributes, "date1904", 0, &len);
		if (v && truthy(v, len))
			wp->wb->date1904 = 1;
	} else if (xlsx_local_is(localname, "sheets")) {
		wp->in_sheets = 1;
	} else if (wp->in_sheets && xlsx_local_is(localname, "sheet")) {
		const char *name, *rid, *state;
		size_t nl = 0, rl = 0, sl = 0;
		void *grown;
		if (wp->n >= HZ_MAX_SHEETS) {
			wp->rc = HZ_E_LIMIT;
			snprintf(wp->detail, sizeof(wp->detail), "more than %d sheets", HZ_MAX_SHEETS);
			return;
		}
		name = xlsx_attr_get(attributes, nb_attributes, "name", 0, &nl);
		rid = attr_rid(attributes, nb_attributes, &rl);
		state = xlsx_attr_get(attributes, nb_attributes, "state", 0, &sl);
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
	if (xlsx_local_is(localname, "sheets"))
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
	if (xlsx_local_is(localname, "si")) {
		sp->in_si = 1;
		sp->rph_depth = 0;
		dynbuf_reset(&sp->cur);
	} else if (sp->in_si && xlsx_local_is(localname, "rPh")) {
		sp->rph_depth++;
	} else if (sp->in_si && !sp->rph_depth && xlsx_local_is(localname, "t")) {
		sp->in_t = 1;
	}
}

static void sst_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
	sst_parse *sp = ctx;
	xlsx_workbook *wb = sp->wb;
	if (sp->rc != HZ_OK)
		return;
	if (xlsx_local_is(localname, "t")) {
		sp->in_t = 0;
	} else if (sp->in_si && xlsx_local_is(localname, "rPh")) {
		sp->rph_depth--;
	} else if (sp->in_si && xlsx_local_is(localname, "si")) {
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
		len = sp->cur.len ? xlsx_decode_escapes(sp->cur.buf, sp->cur.len) : 0;
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
	sax = pkg_xml_handler(wb_start, wb_end, NULL);
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
	sax = pkg_xml_handler(sst_start, sst_end, sst_text);
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
	wb = calloc(1, sizeof(*wb));
	if (!wb) {
		hz_error_file(err, pkg_path(p));
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
	if (part && (rc = xlsx_styles_read(wb, part, err)) != HZ_OK)
		goto fail;
	free(part);
	hz_error_part(err, "");
	*out = wb;
	return HZ_OK;
fail:
	hz_error_file(err, pkg_path(wb->p)); /* err is filled only on failure */
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
