#include "write/doc_template.h"

#include <stdio.h>
#include <string.h>

#include "write/ooxml/core.h"

#include "banned.h"

/* core.xml is a few hundred bytes; this is only a bound */
#define CORE_XML_MAX (1u << 20)

hz_code doc_template_open(doc_template *t, const char *templates_dir, const char *file, const char *what,
			  const tmpl_schema *schema, const hz_results *r, const wordbreak *words, hz_error *err)
{
	char path[4096];
	const hz_settings *s = &r->settings;
	hz_code rc;

	memset(t, 0, sizeof(*t));
	dynbuf_init(&t->core_xml, CORE_XML_MAX);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", templates_dir, file) >= sizeof(path))
		return hz_error_set(err, HZ_E_TEMPLATE, "templates path too long");
	if (!schema)
		return hz_error_set(err, HZ_E_INTERNAL, "%s schema too small", what);
	rc = tmpl_doc_load(path, schema, &t->doc, err);
	if (rc)
		return rc;
	tmpl_doc_set_words(t->doc, words);
	if (!ooxml_template_member(tmpl_doc_package(t->doc), OOXML_CORE_PART, NULL))
		return HZ_OK;
	rc = ooxml_core_xml(s->title, s->issuer, s->as_of, &t->core_xml);
	if (rc)
		return hz_error_set(err, rc, "building the %s", what);
	t->core = (ooxml_member){.name = OOXML_CORE_PART, .data = dynbuf_str(&t->core_xml), .len = t->core_xml.len};
	return HZ_OK;
}

void doc_template_release(doc_template *t)
{
	tmpl_doc_free(t->doc);
	dynbuf_release(&t->core_xml);
	memset(t, 0, sizeof(*t));
}
