/*
 * Relationships (the _rels/ parts: which part plays which role) and
 * the core properties' modified date.  A source's relationships are parsed
 * once and kept on the package (two slots: the package's own and the last
 * other source), failures too, so asking again answers alike.
 */
#include "read/pkg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hz_limits.h"
#include "read/pkg_internal.h"

#include "banned.h"

void pkg_rels_clear(rels_set *rs)
{
	for (size_t i = 0; i < rs->nrels; i++) {
		free(rs->rels[i].id);
		free(rs->rels[i].type);
		free(rs->rels[i].target);
	}
	free(rs->rels);
	free(rs->source);
	rs->rels = NULL;
	rs->source = NULL;
	rs->nrels = 0;
	rs->caprels = 0;
	rs->rc = HZ_OK;
}

static void rels_error_copy(hz_error *dst, const hz_error *src)
{
	if (!dst)
		return;
	dst->code = src->code;
	memcpy(dst->part, src->part, sizeof(dst->part));
	memcpy(dst->where, src->where, sizeof(dst->where));
	memcpy(dst->detail, src->detail, sizeof(dst->detail));
}

/* -------------------------------------------------------- relationships */

/* "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"; "" -> "_rels/.rels". */
static char *rels_part(const char *source)
{
	const char *slash = strrchr(source, '/');
	size_t dir = slash ? (size_t)(slash - source + 1) : 0;
	size_t n = strlen(source) + 16;
	char *r = malloc(n);
	if (!r)
		return NULL;
	snprintf(r, n, "%.*s_rels/%s.rels", (int)dir, source, source + dir);
	return r;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Resolves target against the folder of source: absolute targets start at
 * the package root; "." and ".." segments are folded; %XX is decoded. */
static char *resolve_target(const char *source, const char *target)
{
	size_t tl = strlen(target), sl = strlen(source);
	char *joined = malloc(sl + tl + 2), *out;
	size_t j = 0, o = 0;
	if (!joined)
		return NULL;
	if (target[0] == '/' || target[0] == '\\') {
		target++;
		tl--;
	} else {
		const char *slash = strrchr(source, '/');
		if (slash) {
			memcpy(joined, source, (size_t)(slash - source + 1));
			j = (size_t)(slash - source + 1);
		}
	}
	for (size_t i = 0; i < tl; i++) {
		char c = target[i];
		if (c == '%' && i + 2 < tl + 1 && hexval(target[i + 1]) >= 0 && hexval(target[i + 2]) >= 0) {
			c = (char)(hexval(target[i + 1]) * 16 + hexval(target[i + 2]));
			i += 2;
		} else if (c == '\\') {
			c = '/';
		}
		joined[j++] = c;
	}
	joined[j] = '\0';
	out = malloc(j + 1);
	if (!out) {
		free(joined);
		return NULL;
	}
	/* fold segments */
	for (size_t i = 0; i <= j;) {
		size_t e = i;
		while (e < j && joined[e] != '/')
			e++;
		size_t len = e - i;
		if (len == 0 || (len == 1 && joined[i] == '.')) {
			/* skip */
		} else if (len == 2 && joined[i] == '.' && joined[i + 1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			while (o > 0 && out[o - 1] != '/')
				o--;
		} else {
			if (o > 0 && out[o - 1] != '/')
				out[o++] = '/';
			memcpy(out + o, joined + i, len);
			o += len;
			out[o++] = '/';
		}
		i = e + 1;
	}
	if (o > 0 && out[o - 1] == '/')
		o--;
	out[o] = '\0';
	free(joined);
	return out;
}

typedef struct rels_parse {
	rels_set *p;
	const char *source;
	hz_code rc;
} rels_parse;

static const char *attr(const xmlChar **attrs, int n, const char *local, size_t *len)
{
	for (int i = 0; i < n; i++) {
		const xmlChar **a = attrs + 5 * i;
		if (strcmp((const char *)a[0], local) == 0 && a[2] == NULL) {
			*len = (size_t)(a[4] - a[3]);
			return (const char *)a[3];
		}
	}
	return NULL;
}

static char *attr_dup(const xmlChar **attrs, int n, const char *local)
{
	size_t len = 0;
	const char *v = attr(attrs, n, local, &len);
	return v ? strndup(v, len) : NULL;
}

static void rels_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
		       int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		       const xmlChar **attributes)
{
	rels_parse *rp = ctx;
	rels_set *p = rp->p;
	char *id, *type, *target, *mode;
	pkg_rel *grown;
	(void)prefix, (void)URI, (void)nb_namespaces, (void)namespaces, (void)nb_defaulted;
	if (rp->rc != HZ_OK || strcmp((const char *)localname, "Relationship") != 0)
		return;
	if (p->nrels >= HZ_MAX_RELS) {
		rp->rc = HZ_E_LIMIT;
		return;
	}
	id = attr_dup(attributes, nb_attributes, "Id");
	type = attr_dup(attributes, nb_attributes, "Type");
	target = attr_dup(attributes, nb_attributes, "Target");
	mode = attr_dup(attributes, nb_attributes, "TargetMode");
	if (!type || !target || (mode && strcmp(mode, "External") == 0)) {
		free(id), free(type), free(target), free(mode);
		return;
	}
	free(mode);
	grown = dynbuf_grow_array(p->rels, p->nrels, &p->caprels, 1, sizeof(*p->rels));
	if (!grown) {
		free(id), free(type), free(target);
		rp->rc = HZ_E_NOMEM;
		return;
	}
	p->rels = grown;
	p->rels[p->nrels].id = id ? id : strdup("");
	p->rels[p->nrels].type = type;
	p->rels[p->nrels].target = resolve_target(rp->source, target);
	free(target);
	if (!p->rels[p->nrels].id || !p->rels[p->nrels].target) {
		free(p->rels[p->nrels].id);
		free(p->rels[p->nrels].target);
		free(type);
		rp->rc = HZ_E_NOMEM;
		return;
	}
	p->nrels++;
}

/* Loads (or reuses) the relationships of source.  A missing rels part is
 * no relationships, not an error. */
static hz_code rels_load(pkg *p, const char *source, const rels_set **out, hz_error *err)
{
	xmlSAXHandler sax;
	rels_set *rs = &p->rels[source[0] ? 1 : 0];
	rels_parse rp = {rs, source, HZ_OK};
	char *part;
	hz_code rc;
	hz_error local;
	*out = rs;
	if (rs->source && strcmp(rs->source, source) == 0) {
		if (rs->rc != HZ_OK)
			rels_error_copy(err, &rs->err);
		return rs->rc;
	}
	pkg_rels_clear(rs);
	if (!(rs->source = strdup(source)))
		return hz_error_set(err, HZ_E_NOMEM, NULL);
	part = rels_part(source);
	if (!part) {
		pkg_rels_clear(rs);
		return hz_error_set(err, HZ_E_NOMEM, NULL);
	}
	if (pkg_find(p, part) < 0) {
		free(part);
		return HZ_OK;
	}
	sax = pkg_xml_handler(rels_start, NULL, NULL);
	hz_error_clear(&local);
	rc = pkg_parse_xml(p, part, &sax, &rp, &local);
	if (rc == HZ_OK && rp.rc != HZ_OK)
		rc = hz_error_set(&local, rp.rc, "relationships");
	if (rc != HZ_OK) {
		rels_error_copy(err, &local);
		pkg_rels_clear(rs);
		/* NOMEM is not the part's fault: let a later call try again */
		if (rc != HZ_E_NOMEM && (rs->source = strdup(source)) != NULL) {
			rs->rc = rc;
			rs->err = local;
		}
	}
	free(part);
	return rc;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && strcmp(s + a - b, suffix) == 0;
}

char *pkg_rel_target(pkg *p, const char *source, const char *type_suffix, hz_error *err)
{
	const rels_set *rs;
	if (rels_load(p, source ? source : "", &rs, err) != HZ_OK)
		return NULL;
	for (size_t i = 0; i < rs->nrels; i++)
		if (ends_with(rs->rels[i].type, type_suffix))
			return strdup(rs->rels[i].target);
	return NULL;
}

/* The relationship of source with this id, or NULL. */
static const pkg_rel *rel_by_id(pkg *p, const char *source, const char *id, hz_error *err)
{
	const rels_set *rs;
	if (rels_load(p, source ? source : "", &rs, err) != HZ_OK)
		return NULL;
	for (size_t i = 0; i < rs->nrels; i++)
		if (strcmp(rs->rels[i].id, id) == 0)
			return &rs->rels[i];
	return NULL;
}

char *pkg_rel_target_by_id(pkg *p, const char *source, const char *id, hz_error *err)
{
	const pkg_rel *rel = rel_by_id(p, source, id, err);
	return rel ? strdup(rel->target) : NULL;
}

char *pkg_rel_type_by_id(pkg *p, const char *source, const char *id, hz_error *err)
{
	const pkg_rel *rel = rel_by_id(p, source, id, err);
	return rel ? strdup(rel->type) : NULL;
}

/* ------------------------------------------------------------ core.xml */

typedef struct core_parse {
	int in_modified;
	int found;
	dynbuf text;
} core_parse;

static void core_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
		       int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		       const xmlChar **attributes)
{
	core_parse *cp = ctx;
	(void)prefix, (void)URI, (void)nb_namespaces, (void)namespaces, (void)nb_attributes, (void)nb_defaulted,
		(void)attributes;
	if (!cp->found && strcmp((const char *)localname, "modified") == 0) {
		cp->in_modified = 1;
		dynbuf_reset(&cp->text);
	}
}

static void core_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
	core_parse *cp = ctx;
	(void)prefix, (void)URI;
	if (cp->in_modified && strcmp((const char *)localname, "modified") == 0) {
		cp->in_modified = 0;
		cp->found = 1;
	}
}

static void core_text(void *ctx, const xmlChar *ch, int len)
{
	core_parse *cp = ctx;
	/* a dcterms:modified too long for its buffer is no date: left unfound */
	if (cp->in_modified && dynbuf_add(&cp->text, ch, (size_t)len) != HZ_OK)
		cp->in_modified = 0;
}

int pkg_core_modified(pkg *p, char *out, size_t n)
{
	xmlSAXHandler sax;
	core_parse cp;
	hz_error e;
	char *part;
	const char *s, *end;
	int ok = 0;
	if (n == 0)
		return 0;
	out[0] = '\0';
	hz_error_clear(&e);
	part = pkg_rel_target(p, "", "/core-properties", &e);
	if (!part || pkg_find(p, part) < 0) {
		free(part);
		part = strdup("docProps/core.xml");
		if (!part)
			return 0;
	}
	sax = pkg_xml_handler(core_start, core_end, core_text);
	memset(&cp, 0, sizeof(cp));
	dynbuf_init(&cp.text, 256);
	if (pkg_parse_xml(p, part, &sax, &cp, &e) == HZ_OK && cp.found) {
		s = dynbuf_str(&cp.text);
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		end = s + strlen(s);
		while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
			end--;
		if (end > s) {
			snprintf(out, n, "%.*s", (int)(end - s), s);
			ok = 1;
		}
	}
	dynbuf_release(&cp.text);
	free(part);
	return ok;
}
