#include "write/ooxml/rels.h"

#include <libxml/tree.h>
#include <stdio.h>
#include <string.h>

#include "write/ooxml/xml.h"

#include "banned.h"

/* base/target with ".." resolved; a target starting with '/' is from the
 * package root.  False when it leaves the package or is too long. */
static bool resolve_target(const char *base_dir, const char *target, char *out, size_t n)
{
	char buf[2 * OOXML_PART_MAX];
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

hz_code ooxml_rels_each(const char *xml, size_t len, const char *part_name, const char *base_dir, ooxml_rel_fn each,
			void *arg, hz_error *err)
{
	xmlDocPtr doc;
	xmlNodePtr root;
	hz_code rc = ooxml_xml_parse(xml, len, part_name, &doc, err);
	if (rc)
		return rc;
	root = xmlDocGetRootElement(doc);
	for (xmlNodePtr c = root->children; c; c = c->next) {
		xmlChar *id, *target, *mode;
		char part[OOXML_PART_MAX];
		bool go_on = true;
		if (!ooxml_xml_is(c, "Relationship"))
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

hz_code ooxml_rels_drop(const char *xml, size_t len, const char *part_name, char *const *ids, size_t nids, dynbuf *out,
			hz_error *err)
{
	xmlDocPtr doc;
	hz_code rc = ooxml_xml_parse(xml, len, part_name, &doc, err);
	if (rc)
		return rc;
	ooxml_xml_drop_children(doc, "Relationship", "Id", "", ids, nids);
	rc = ooxml_xml_dump_in_place(doc, xml, len, out);
	xmlFreeDoc(doc);
	return rc;
}

void ooxml_rels_part_of(const char *part, char *out, size_t n)
{
	const char *slash = strrchr(part, '/');
	snprintf(out, n, "%.*s_rels/%s.rels", slash ? (int)(slash - part) + 1 : 0, part, slash ? slash + 1 : part);
}

hz_code ooxml_rels_one(dynbuf *out, const char *id, const char *type, const char *target)
{
	hz_code rc = dynbuf_printf(out,
				   "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
				   "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
				   "<Relationship Id=\"%s\" Type=\"%s\" Target=\"",
				   id, type);
	if (rc == HZ_OK)
		rc = ooxml_xml_escape(out, target, strlen(target), NULL);
	if (rc == HZ_OK)
		rc = dynbuf_addstr(out, "\"/></Relationships>");
	return rc;
}
