#include "write/report_package.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hz_limits.h"

#include "banned.h"

#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* Template parts are the office's own documents: no DTD loading, no
 * entity substitution, no network. */
#define PARSE_OPTS (XML_PARSE_NONET | XML_PARSE_COMPACT)

static xmlDocPtr parse(const char *xml, size_t len)
{
	if (!xml || len > (size_t)0x7fffffff)
		return NULL;
	return xmlReadMemory(xml, (int)len, "part.xml", NULL, PARSE_OPTS);
}

static bool local_is(xmlNodePtr n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

/* The first element named local at or below n, depth first. */
static xmlNodePtr find_below(xmlNodePtr n, const char *local)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next) {
		xmlNodePtr hit;
		if (local_is(c, local))
			return c;
		if ((hit = find_below(c, local)) != NULL)
			return hit;
	}
	return NULL;
}

static bool prop_equals(xmlNodePtr n, const char *attr, const char *value)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
	bool eq = v && !strcmp((const char *)v, value);
	xmlFree(v);
	return eq;
}

/* The r:id of the chart drawn by the graphic frame whose docPr matches
 * (attr = "name" or "descr"), searched depth first from n. */
static xmlChar *chart_rel_by(xmlNodePtr n, const char *attr, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next) {
		xmlChar *id;
		if (local_is(c, "docPr") && prop_equals(c, attr, name) && c->parent) {
			xmlNodePtr chart = find_below(c->parent, "chart");
			if (chart && chart->ns && chart->ns->href &&
			    !strcmp((const char *)chart->ns->href, "http://schemas.openxmlformats.org/drawingml/2006/chart"))
				return xmlGetNsProp(chart, (const xmlChar *)"id", (const xmlChar *)R_NS);
		}
		if ((id = chart_rel_by(c, attr, name)) != NULL)
			return id;
	}
	return NULL;
}

/* base/target with ".." resolved; a target starting with '/' is from the
 * package root.  False when it leaves the package or is too long. */
static bool resolve_target(const char *base_dir, const char *target, char *out, size_t n)
{
	char buf[2 * REPORT_PKG_PART_MAX];
	char *seg[128];
	size_t nseg = 0, len = 0;
	char *save = NULL, *tok;
	if (target[0] == '/') {
		if ((size_t)snprintf(buf, sizeof(buf), "%s", target + 1) >= sizeof(buf))
			return false;
	} else if ((size_t)snprintf(buf, sizeof(buf), "%s%s%s", base_dir, *base_dir ? "/" : "", target) >= sizeof(buf)) {
		return false;
	}
	for (tok = strtok_r(buf, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			if (!nseg)
				return false;
			nseg--;
			continue;
		}
		if (nseg == sizeof(seg) / sizeof(seg[0]))
			return false;
		seg[nseg++] = tok;
	}
	if (!nseg)
		return false;
	out[0] = '\0';
	for (size_t i = 0; i < nseg; i++) {
		int w = snprintf(out + len, n - len, "%s%s", i ? "/" : "", seg[i]);
		if (w < 0 || (size_t)w >= n - len)
			return false;
		len += (size_t)w;
	}
	return true;
}

/* Calls each(Id, internal target resolved from base_dir) for every
 * relationship of a .rels part. */
typedef bool (*rel_fn)(void *arg, const char *id, const char *target);

static hz_code each_rel(const char *xml, size_t len, const char *base_dir, rel_fn each, void *arg)
{
	xmlDocPtr doc = parse(xml, len);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		xmlFreeDoc(doc);
		return HZ_E_TEMPLATE;
	}
	for (xmlNodePtr c = root->children; c; c = c->next) {
		xmlChar *id, *target, *mode;
		char part[REPORT_PKG_PART_MAX];
		bool go_on = true;
		if (!local_is(c, "Relationship"))
			continue;
		id = xmlGetProp(c, (const xmlChar *)"Id");
		target = xmlGetProp(c, (const xmlChar *)"Target");
		mode = xmlGetProp(c, (const xmlChar *)"TargetMode");
		if (id && target && !(mode && !strcmp((const char *)mode, "External")) &&
		    resolve_target(base_dir, (const char *)target, part, sizeof(part)))
			go_on = each(arg, (const char *)id, part);
		xmlFree(id);
		xmlFree(target);
		xmlFree(mode);
		if (!go_on)
			break;
	}
	xmlFreeDoc(doc);
	return HZ_OK;
}

struct find_rel {
	report_pkg_chart *c;
	bool found;
};

static bool match_rel(void *arg, const char *id, const char *target)
{
	struct find_rel *f = arg;
	if (strcmp(id, f->c->rel_id))
		return true;
	snprintf(f->c->part, sizeof(f->c->part), "%s", target);
	f->found = true;
	return false;
}

hz_code report_pkg_find_chart(const tmpl_doc *doc, const char *name, report_pkg_chart *out, bool *found,
			      hz_error *err)
{
	size_t dlen, rlen;
	const char *xml = tmpl_doc_member(doc, "word/document.xml", &dlen);
	const char *rels = tmpl_doc_member(doc, "word/_rels/document.xml.rels", &rlen);
	xmlDocPtr d;
	xmlChar *id;
	struct find_rel f = {out, false};
	const char *slash;
	hz_code rc;

	memset(out, 0, sizeof(*out));
	*found = false;
	if (!xml || !rels)
		return HZ_OK;
	d = parse(xml, dlen);
	if (!d) {
		hz_error_part(err, "word/document.xml");
		return hz_error_set(err, HZ_E_TEMPLATE, "looking for the chart %s", name);
	}
	id = chart_rel_by((xmlNodePtr)d, "name", name);
	if (!id)
		id = chart_rel_by((xmlNodePtr)d, "descr", name);
	xmlFreeDoc(d);
	if (!id)
		return HZ_OK;
	snprintf(out->rel_id, sizeof(out->rel_id), "%s", (const char *)id);
	xmlFree(id);
	rc = each_rel(rels, rlen, "word", match_rel, &f);
	if (rc) {
		hz_error_part(err, "word/_rels/document.xml.rels");
		return hz_error_set(err, rc, "looking for the chart %s", name);
	}
	if (!f.found || !tmpl_doc_member(doc, out->part, NULL))
		return HZ_OK;
	slash = strrchr(out->part, '/');
	snprintf(out->rels, sizeof(out->rels), "%.*s_rels/%s.rels", slash ? (int)(slash - out->part) + 1 : 0, out->part,
		 slash ? slash + 1 : out->part);
	*found = true;
	return HZ_OK;
}

struct targets {
	const tmpl_doc *doc;
	char ***names;
	size_t *n;
	hz_code rc;
};

static bool add_target(void *arg, const char *id, const char *target)
{
	struct targets *t = arg;
	char **grown;
	(void)id;
	if (!tmpl_doc_member(t->doc, target, NULL))
		return true;
	grown = realloc(*t->names, (*t->n + 1) * sizeof(char *));
	if (!grown) {
		t->rc = HZ_E_NOMEM;
		return false;
	}
	*t->names = grown;
	if (!(grown[*t->n] = strdup(target))) {
		t->rc = HZ_E_NOMEM;
		return false;
	}
	(*t->n)++;
	return true;
}

hz_code report_pkg_chart_targets(const tmpl_doc *doc, const report_pkg_chart *c, char ***names, size_t *n)
{
	size_t len;
	const char *rels = tmpl_doc_member(doc, c->rels, &len);
	char dir[REPORT_PKG_PART_MAX];
	const char *slash = strrchr(c->part, '/');
	struct targets t = {doc, names, n, HZ_OK};
	hz_code rc;
	if (!rels)
		return HZ_OK;
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - c->part) : 0, c->part);
	rc = each_rel(rels, len, dir, add_target, &t);
	return rc ? rc : t.rc;
}

static hz_code dump(xmlDocPtr doc, dynbuf *out)
{
	xmlChar *mem = NULL;
	int n = 0;
	hz_code rc;
	xmlDocDumpMemoryEnc(doc, &mem, &n, "UTF-8");
	if (!mem || n < 0) {
		xmlFree(mem);
		return HZ_E_NOMEM;
	}
	rc = dynbuf_add(out, (const char *)mem, (size_t)n);
	xmlFree(mem);
	return rc;
}

/* The root element as libxml2 writes it, between the source's own prolog
 * and epilog: a part whose relationships all stay comes out as it went in,
 * so a report whose absent charts had to be taken out of the template is
 * the same bytes as one from a template that never had them. */
static hz_code dump_in_place(xmlDocPtr doc, const char *xml, size_t len, dynbuf *out)
{
	xmlBufferPtr buf;
	size_t start = 0, end = len;
	hz_code rc;
	while (start < len && !(xml[start] == '<' && start + 1 < len && xml[start + 1] != '?' && xml[start + 1] != '!'))
		start++;
	while (end > start && xml[end - 1] != '>')
		end--;
	if (start >= end)
		return dump(doc, out);
	buf = xmlBufferCreate();
	if (!buf)
		return HZ_E_NOMEM;
	if (xmlNodeDump(buf, doc, xmlDocGetRootElement(doc), 0, 0) < 0) {
		xmlBufferFree(buf);
		return HZ_E_NOMEM;
	}
	rc = dynbuf_add(out, xml, start);
	if (rc == HZ_OK)
		rc = dynbuf_add(out, (const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
	if (rc == HZ_OK)
		rc = dynbuf_add(out, xml + end, len - end);
	xmlBufferFree(buf);
	return rc;
}

static bool in_list(const char *s, char *const *list, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

hz_code report_pkg_drop_relationships(const char *xml, size_t len, char *const *ids, size_t nids, dynbuf *out)
{
	xmlDocPtr doc = parse(xml, len);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, next;
	hz_code rc;
	if (!root) {
		xmlFreeDoc(doc);
		return HZ_E_TEMPLATE;
	}
	for (xmlNodePtr c = root->children; c; c = next) {
		xmlChar *id;
		next = c->next;
		if (!local_is(c, "Relationship"))
			continue;
		id = xmlGetProp(c, (const xmlChar *)"Id");
		if (id && in_list((const char *)id, ids, nids)) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
		xmlFree(id);
	}
	rc = dump_in_place(doc, xml, len, out);
	xmlFreeDoc(doc);
	return rc;
}

hz_code report_pkg_content_types(const char *xml, size_t len, char *const *parts, size_t nparts, const char *add_ext,
				 const char *add_type, dynbuf *out)
{
	xmlDocPtr doc = parse(xml, len);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL, next;
	bool has_ext = false;
	hz_code rc;
	if (!root) {
		xmlFreeDoc(doc);
		return HZ_E_TEMPLATE;
	}
	for (xmlNodePtr c = root->children; c; c = next) {
		xmlChar *v;
		next = c->next;
		if (local_is(c, "Default") && add_ext) {
			v = xmlGetProp(c, (const xmlChar *)"Extension");
			has_ext |= v && !strcasecmp((const char *)v, add_ext);
			xmlFree(v);
		} else if (local_is(c, "Override")) {
			v = xmlGetProp(c, (const xmlChar *)"PartName");
			if (v && v[0] == '/' && in_list((const char *)v + 1, parts, nparts)) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
			}
			xmlFree(v);
		}
	}
	if (add_ext && !has_ext) {
		xmlNodePtr d = xmlNewDocNode(doc, root->ns, (const xmlChar *)"Default", NULL);
		if (!d) {
			xmlFreeDoc(doc);
			return HZ_E_NOMEM;
		}
		xmlNewProp(d, (const xmlChar *)"Extension", (const xmlChar *)add_ext);
		xmlNewProp(d, (const xmlChar *)"ContentType", (const xmlChar *)add_type);
		/* Defaults come before Overrides in Office's own files */
		if (root->children)
			xmlAddPrevSibling(root->children, d);
		else
			xmlAddChild(root, d);
	}
	rc = dump(doc, out);
	xmlFreeDoc(doc);
	return rc;
}

/* ------------------------------------------------- assembling the package */

#define XLSX_CONTENT_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The packed buffer: per chart, an 8-byte length (little-endian) and that
 * many bytes of workbook (0: the chart is absent). */
hz_code report_pkg_pack_workbooks(const docdata *d, const report_chart *charts, const bool *present, size_t ncharts,
				  const char *out_path, dynbuf *packed, hz_error *err)
{
	hz_code rc = HZ_OK;
	for (size_t k = 0; k < ncharts && rc == HZ_OK; k++) {
		dynbuf one;
		unsigned char len[8];
		dynbuf_init(&one, HZ_MAX_PART_BYTES);
		if (present[k])
			rc = report_chart_workbook(d, charts[k].sheet, charts[k].title, out_path, &one, err);
		for (size_t b = 0; b < 8; b++)
			len[b] = (unsigned char)((uint64_t)one.len >> (8 * b));
		if (rc == HZ_OK)
			rc = dynbuf_add(packed, (const char *)len, sizeof(len));
		if (rc == HZ_OK && one.len)
			rc = dynbuf_add(packed, dynbuf_str(&one), one.len);
		dynbuf_release(&one);
	}
	return rc;
}

/* Chart k's workbook in a packed buffer, or NULL. */
static const char *unpack_workbook(const dynbuf *packed, size_t k, size_t *len)
{
	size_t at = 0;
	for (size_t i = 0; i <= k; i++) {
		uint64_t n = 0;
		if (packed->len - at < 8)
			return NULL;
		for (size_t b = 0; b < 8; b++)
			n |= (uint64_t)(unsigned char)dynbuf_str(packed)[at + b] << (8 * b);
		at += 8;
		if (n > packed->len - at)
			return NULL;
		if (i == k) {
			*len = (size_t)n;
			return n ? dynbuf_str(packed) + at : NULL;
		}
		at += (size_t)n;
	}
	return NULL;
}

void report_pkg_release(report_package *p)
{
	if (p->bufs)
		for (size_t i = 0; i < p->nbufs; i++)
			dynbuf_release(&p->bufs[i]);
	for (size_t i = 0; i < p->nnames; i++)
		free(p->names[i]);
	for (size_t i = 0; i < p->ndropped; i++)
		free(p->dropped_parts[i]);
	for (size_t i = 0; i < p->ndropped_rels; i++)
		free(p->dropped_rels[i]);
	free(p->members);
	free(p->bufs);
	free(p->names);
	free(p->dropped_parts);
	free(p->dropped_rels);
	memset(p, 0, sizeof(*p));
}

static hz_code own(char ***list, size_t *n, const char *s, char **out)
{
	char **grown = realloc(*list, (*n + 1) * sizeof(char *));
	if (!grown)
		return HZ_E_NOMEM;
	*list = grown;
	if (!(grown[*n] = strdup(s)))
		return HZ_E_NOMEM;
	if (out)
		*out = grown[*n];
	(*n)++;
	return HZ_OK;
}

static hz_code add_member(report_package *p, const char *name, const char *data, size_t len)
{
	char *owned;
	hz_code rc;
	if (p->n >= p->max)
		return HZ_E_INTERNAL;
	rc = own(&p->names, &p->nnames, name, &owned);
	if (rc == HZ_OK)
		p->members[p->n++] = (ooxml_member){.name = owned, .data = data, .len = len};
	return rc;
}

/* A chart whose section is absent: its part, its rels and what they name
 * go, and so do its relationship and content types. */
static hz_code drop_chart(report_package *p, const tmpl_doc *doc, const report_pkg_chart *ch)
{
	char **targets = NULL;
	size_t nt = 0;
	hz_code rc = report_pkg_chart_targets(doc, ch, &targets, &nt);
	for (size_t i = 0; i < nt && rc == HZ_OK; i++)
		rc = own(&p->dropped_parts, &p->ndropped, targets[i], NULL);
	for (size_t i = 0; i < nt; i++)
		free(targets[i]);
	free(targets);
	if (rc == HZ_OK)
		rc = own(&p->dropped_parts, &p->ndropped, ch->part, NULL);
	if (rc == HZ_OK && tmpl_doc_member(doc, ch->rels, NULL))
		rc = own(&p->dropped_parts, &p->ndropped, ch->rels, NULL);
	if (rc == HZ_OK)
		rc = own(&p->dropped_rels, &p->ndropped_rels, ch->rel_id, NULL);
	return rc;
}

/* A chart whose section is present: its part redrawn, its rels naming its
 * workbook, the workbook. */
static hz_code draw_chart(report_package *p, const docdata *d, const report_chart *chart, size_t k,
			  const report_pkg_chart *ch, const char *xlsx, size_t xlsx_len)
{
	static const char rels_head[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"" REPORT_CHART_DATA_REL "\" "
		"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/package\" "
		"Target=\"../embeddings/";
	const char *slash = strrchr(ch->part, '/'), *stem = slash ? slash + 1 : ch->part;
	size_t stem_len = strlen(stem) > 4 ? strlen(stem) - 4 : strlen(stem); /* chart1.xml → chart1 */
	char file[REPORT_PKG_PART_MAX + 64], book[sizeof(file) + 32];
	dynbuf *part = &p->bufs[2 * k], *rels = &p->bufs[2 * k + 1];
	hz_code rc;

	snprintf(file, sizeof(file), "Microsoft_Excel_Worksheet_huizong_%.*s.xlsx", (int)stem_len, stem);
	snprintf(book, sizeof(book), "word/embeddings/%s", file);
	rc = chart->xml(d, part);
	if (rc == HZ_OK)
		rc = dynbuf_addstr(rels, rels_head);
	if (rc == HZ_OK)
		rc = dynbuf_printf(rels, "%s\"/></Relationships>", file);
	if (rc == HZ_OK)
		rc = add_member(p, ch->part, dynbuf_str(part), part->len);
	if (rc == HZ_OK)
		rc = add_member(p, ch->rels, dynbuf_str(rels), rels->len);
	if (rc == HZ_OK)
		rc = add_member(p, book, xlsx, xlsx_len);
	return rc;
}

hz_code report_pkg_assemble(report_package *p, const docdata *d, const report_chart *charts, const bool *present,
			    size_t ncharts, const tmpl_doc *doc, const dynbuf *workbooks, hz_error *err)
{
	dynbuf *ct, *drels, *core;
	bool any_chart = false, any_drawn = false;
	hz_code rc = HZ_OK;
	size_t len;
	const char *xml;

	memset(p, 0, sizeof(*p));
	p->max = ncharts * 16 + 8;
	p->nbufs = ncharts * 2 + 3;
	p->members = calloc(p->max, sizeof(*p->members));
	p->bufs = calloc(p->nbufs, sizeof(*p->bufs));
	if (!p->members || !p->bufs)
		return hz_error_set(err, HZ_E_NOMEM, "building the report");
	for (size_t i = 0; i < p->nbufs; i++)
		dynbuf_init(&p->bufs[i], HZ_MAX_PART_BYTES);
	ct = &p->bufs[2 * ncharts];
	drels = &p->bufs[2 * ncharts + 1];
	core = &p->bufs[2 * ncharts + 2];
	for (size_t k = 0; k < ncharts && rc == HZ_OK; k++) {
		report_pkg_chart ch;
		bool found;
		rc = report_pkg_find_chart(doc, charts[k].name, &ch, &found, err);
		if (rc || !found)
			continue;
		any_chart = true;
		if (present[k]) {
			size_t n = 0;
			const char *book = unpack_workbook(workbooks, k, &n);
			if (!book) {
				rc = hz_error_set(err, HZ_E_INTERNAL, "no workbook for the chart %s", charts[k].name);
				break;
			}
			rc = draw_chart(p, d, &charts[k], k, &ch, book, n);
			any_drawn = true;
		} else {
			rc = drop_chart(p, doc, &ch);
		}
		if (rc && err && !err->detail[0])
			hz_error_set(err, rc, "the chart %s", charts[k].name);
	}
	if (rc == HZ_OK && any_chart) {
		xml = tmpl_doc_member(doc, "[Content_Types].xml", &len);
		rc = xml ? report_pkg_content_types(xml, len, p->dropped_parts, p->ndropped, any_drawn ? "xlsx" : NULL,
						    XLSX_CONTENT_TYPE, ct)
			 : HZ_E_TEMPLATE;
		if (rc == HZ_OK)
			rc = add_member(p, "[Content_Types].xml", dynbuf_str(ct), ct->len);
		else
			hz_error_set(err, rc, "[Content_Types].xml");
	}
	if (rc == HZ_OK && p->ndropped_rels) {
		xml = tmpl_doc_member(doc, "word/_rels/document.xml.rels", &len);
		rc = report_pkg_drop_relationships(xml, len, p->dropped_rels, p->ndropped_rels, drels);
		if (rc == HZ_OK)
			rc = add_member(p, "word/_rels/document.xml.rels", dynbuf_str(drels), drels->len);
		else
			hz_error_set(err, rc, "word/_rels/document.xml.rels");
	}
	for (size_t i = 0; i < p->ndropped && rc == HZ_OK; i++)
		rc = add_member(p, p->dropped_parts[i], NULL, 0); /* tmpl_doc_render: left out */
	if (rc == HZ_OK && tmpl_doc_member(doc, "docProps/core.xml", NULL)) {
		rc = docdata_core_xml(d->r, core);
		if (rc == HZ_OK)
			rc = add_member(p, "docProps/core.xml", dynbuf_str(core), core->len);
	}
	return rc;
}
