#include "write/ooxml/content_types.h"

#include <libxml/tree.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "write/ooxml/xml.h"

#include "banned.h"

hz_code ooxml_content_types_edit(const char *xml, size_t len, char *const *parts, size_t nparts, const char *add_ext,
				 const char *add_type, dynbuf *out, hz_error *err)
{
	xmlDocPtr doc;
	xmlNodePtr root;
	bool has_ext = false;
	hz_code rc = ooxml_xml_parse(xml, len, OOXML_CONTENT_TYPES_PART, &doc, err);
	if (rc)
		return rc;
	ooxml_xml_drop_children(doc, "Override", "PartName", "/", parts, nparts);
	root = xmlDocGetRootElement(doc);
	for (xmlNodePtr c = root->children; c && add_ext && !has_ext; c = c->next) {
		xmlChar *v = ooxml_xml_is(c, "Default") ? xmlGetProp(c, (const xmlChar *)"Extension") : NULL;
		has_ext = v && !strcasecmp((const char *)v, add_ext);
		xmlFree(v);
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
	rc = ooxml_xml_dump(doc, out);
	xmlFreeDoc(doc);
	return rc;
}
