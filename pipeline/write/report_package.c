#include "write/report_package.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	rc = dump(doc, out);
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
