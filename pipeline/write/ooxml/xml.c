#include "write/ooxml/xml.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "hz_limits.h"

#include "banned.h"

/* ---------------------------------------------------------------- escaping */

/* Length of the well-formed UTF-8 sequence at s that XML 1.0 allows, or 0.
 * Surrogates, overlongs, U+FFFE/U+FFFF and anything past U+10FFFF are 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0;
		if (c == 0xED && s[1] >= 0xA0)
			return 0;
		if (c == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF))
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;
		if (c == 0xF4 && s[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

hz_code ooxml_xml_escape(dynbuf *out, const char *s, size_t len, const char *t_name)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0; /* bytes [i-run, i) wait to be copied verbatim */
	hz_code rc = HZ_OK;

	while (i < len && rc == HZ_OK) {
		unsigned c = u[i];
		const char *rep = NULL;
		size_t n = 1;
		char brk[96];

		if (c >= 0x80) {
			n = utf8_len(u + i, len - i);
			if (n == 0) {
				rep = "\xEF\xBF\xBD"; /* U+FFFD */
				n = 1;
			} else if (n == 2 && c == 0xC2 && u[i + 1] < 0xA0) {
				rep = ""; /* C1 control */
			}
		} else if (c == '&') {
			rep = "&amp;";
		} else if (c == '<') {
			rep = "&lt;";
		} else if (c == '>') {
			rep = "&gt;";
		} else if (c == '"') {
			rep = "&quot;";
		} else if (c == '\'') {
			rep = "&apos;";
		} else if (c == '\n' || c == '\t') {
			if (t_name) {
				snprintf(brk, sizeof(brk), "</%s><w:%s/><%s xml:space=\"preserve\">", t_name,
					 c == '\n' ? "br" : "tab", t_name);
				rep = brk;
			} else {
				rep = " ";
			}
		} else if (c < 0x20 || c == 0x7F) {
			rep = "";
		}
		if (rep) {
			if (run)
				rc = dynbuf_add(out, u + i - run, run);
			if (rc == HZ_OK)
				rc = dynbuf_addstr(out, rep);
			run = 0;
		} else {
			run += n;
		}
		i += n;
	}
	if (rc == HZ_OK && run)
		rc = dynbuf_add(out, u + i - run, run);
	return rc;
}

/* ----------------------------------------------------------- template parts */

hz_code ooxml_xml_parse(const char *xml, size_t len, const char *part_name, xmlDocPtr *out, hz_error *err)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	hz_code rc = HZ_OK;

	*out = NULL;
	if (len > HZ_MAX_PART_BYTES || len > INT32_MAX) {
		hz_error_part(err, part_name);
		return hz_error_set(err, HZ_E_LIMIT, "template part too large");
	}
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return hz_error_set(err, HZ_E_NOMEM, "xml parser");
	/* no XML_PARSE_NOENT, DTDLOAD or DTDATTR: nothing outside the part is
	 * read and no entity is expanded */
	doc = xmlCtxtReadMemory(ctxt, xml ? xml : "", (int)len, part_name, NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (!doc || !xmlDocGetRootElement(doc)) {
		hz_error_part(err, part_name);
		hz_error_where(err, "line %d column %d", ctxt->lastError.line, ctxt->lastError.int2);
		rc = hz_error_set(err, HZ_E_TEMPLATE, "malformed XML: %s",
				  ctxt->lastError.message ? ctxt->lastError.message : "no root element");
	} else if (doc->intSubset || doc->extSubset) {
		hz_error_part(err, part_name);
		rc = hz_error_set(err, HZ_E_TEMPLATE, "a DTD is not allowed in a template part");
	}
	xmlFreeParserCtxt(ctxt);
	if (rc) {
		xmlFreeDoc(doc);
		return rc;
	}
	*out = doc;
	return HZ_OK;
}

hz_code ooxml_xml_dump(xmlDocPtr doc, dynbuf *out)
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

/* Only the root is written again: the prolog (declaration, standalone, line
 * ends) and the epilog stay the template's own bytes. */
hz_code ooxml_xml_dump_in_place(xmlDocPtr doc, const char *xml, size_t len, dynbuf *out)
{
	xmlBufferPtr buf;
	size_t start = 0, end = len;
	hz_code rc;
	while (start < len && !(xml[start] == '<' && start + 1 < len && xml[start + 1] != '?' && xml[start + 1] != '!'))
		start++;
	while (end > start && xml[end - 1] != '>')
		end--;
	if (start >= end)
		return ooxml_xml_dump(doc, out);
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


bool ooxml_xml_is(xmlNodePtr n, const char *local)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, local);
}

bool ooxml_xml_in_list(const char *s, char *const *list, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

void ooxml_xml_drop_children(xmlDocPtr doc, const char *local, const char *attr, const char *prefix, char *const *list,
			     size_t n)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), next;
	size_t lp = strlen(prefix);
	for (xmlNodePtr c = root ? root->children : NULL; c; c = next) {
		xmlChar *v;
		next = c->next;
		if (!ooxml_xml_is(c, local))
			continue;
		v = xmlGetProp(c, (const xmlChar *)attr);
		if (v && !strncmp((const char *)v, prefix, lp) && ooxml_xml_in_list((const char *)v + lp, list, n)) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
		xmlFree(v);
	}
}
