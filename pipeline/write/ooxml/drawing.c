/*
 * Where a chart of the template lives, found by the name of its drawing.
 */
#include "write/ooxml/drawing.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write/ooxml/rels.h"
#include "write/ooxml/xml.h"

#include "banned.h"

#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* The first element named local at or below n, depth first. */
static xmlNodePtr find_below(xmlNodePtr n, const char *local)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next) {
		xmlNodePtr hit;
		if (ooxml_xml_is(c, local))
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
		if (ooxml_xml_is(c, "docPr") && prop_equals(c, attr, name) && c->parent) {
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

struct find_rel {
	ooxml_chart_place *c;
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

hz_code ooxml_chart_find(const ooxml_template *doc, const char *name, ooxml_chart_place *out, bool *found,
			 hz_error *err)
{
	size_t dlen, rlen;
	const char *xml = ooxml_template_member(doc, "word/document.xml", &dlen);
	const char *rels = ooxml_template_member(doc, "word/_rels/document.xml.rels", &rlen);
	xmlDocPtr d;
	xmlChar *id;
	struct find_rel f = {out, false};
	hz_code rc;

	memset(out, 0, sizeof(*out));
	*found = false;
	if (!xml || !rels)
		return HZ_OK;
	rc = ooxml_xml_parse(xml, dlen, "word/document.xml", &d, err);
	if (rc)
		return rc;
	id = chart_rel_by((xmlNodePtr)d, "name", name);
	if (!id)
		id = chart_rel_by((xmlNodePtr)d, "descr", name);
	xmlFreeDoc(d);
	if (!id)
		return HZ_OK;
	snprintf(out->rel_id, sizeof(out->rel_id), "%s", (const char *)id);
	xmlFree(id);
	rc = ooxml_rels_each(rels, rlen, "word/_rels/document.xml.rels", "word", match_rel, &f, err);
	if (rc)
		return rc;
	if (!f.found || !ooxml_template_member(doc, out->part, NULL))
		return HZ_OK;
	ooxml_rels_part_of(out->part, out->rels, sizeof(out->rels));
	*found = true;
	return HZ_OK;
}

struct targets {
	const ooxml_template *doc;
	char ***names;
	size_t *n;
	hz_code rc;
};

static bool add_target(void *arg, const char *id, const char *target)
{
	struct targets *t = arg;
	char **grown;
	(void)id;
	if (!ooxml_template_member(t->doc, target, NULL))
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

hz_code ooxml_chart_targets(const ooxml_template *doc, const ooxml_chart_place *c, char ***names, size_t *n,
			    hz_error *err)
{
	size_t len;
	const char *rels = ooxml_template_member(doc, c->rels, &len);
	char dir[OOXML_PART_MAX];
	const char *slash = strrchr(c->part, '/');
	struct targets t = {doc, names, n, HZ_OK};
	hz_code rc;
	if (!rels)
		return HZ_OK;
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - c->part) : 0, c->part);
	rc = ooxml_rels_each(rels, len, c->rels, dir, add_target, &t, err);
	return rc ? rc : t.rc;
}
