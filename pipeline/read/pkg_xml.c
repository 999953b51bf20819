/*
 * A package member streamed through libxml2's SAX2 push parser with the
 * network, DTD loading and entity expansion off, the depth and text caps
 * counted in callbacks that sit between libxml2 and the caller's, and
 * libxml2's errors turned into hz_error instead of stderr.
 */
#include "read/pkg.h"

#include <libxml/parserInternals.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hz_limits.h"
#include "read/pkg_internal.h"

#include "banned.h"

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
	xmlInitParser();
}

void pkg_xml_init(void)
{
	pthread_once(&xml_once, xml_init);
}

/* ------------------------------------------------------------------ XML */

struct pkg_xml {
	member_stream ms;
	xmlParserCtxtPtr ctxt;
	xmlSAXHandler user_sax; /* the caller's callbacks */
	void *user;
	int depth;
	size_t text_len;        /* current run of character data */
	hz_code stop;           /* a cap or a refusal hit inside a callback */
	char stop_detail[160];
	int err_line, err_col;  /* first libxml2 error */
	char err_msg[200];
	int finished;
	/* attributes handed on with "&#38;" turned back into "&" (libxml2
	 * keeps it escaped when entities are not substituted) */
	const xmlChar **attrs;
	size_t attrs_cap;
	dynbuf attr_text;
	char buf[HZ_XML_CHUNK_BYTES];
};

static void halt(pkg_xml *x, hz_code code, const char *detail)
{
	if (x->stop == HZ_OK) {
		x->stop = code;
		snprintf(x->stop_detail, sizeof(x->stop_detail), "%s", detail);
		if (x->ctxt && x->ctxt->input) {
			x->err_line = x->ctxt->input->line;
			x->err_col = x->ctxt->input->col;
		}
	}
	if (x->ctxt)
		xmlStopParser(x->ctxt);
}

/* A copy of the attribute array whose values have "&#38;" decoded; the
 * copies live in x->attr_text until the next element.  NULL when out of
 * memory (the parse is then stopped). */
static const xmlChar **unescape_attrs(pkg_xml *x, const xmlChar **attributes, int n)
{
	size_t need = (size_t)n * 5, total = 0;
	char *base;
	if (x->attrs_cap < need) {
		const xmlChar **g = realloc(x->attrs, need * sizeof(*g));
		if (!g) {
			halt(x, HZ_E_NOMEM, "attributes");
			return NULL;
		}
		x->attrs = g;
		x->attrs_cap = need;
	}
	dynbuf_reset(&x->attr_text);
	for (int i = 0; i < n; i++) {
		const char *v = (const char *)attributes[5 * i + 3], *e = (const char *)attributes[5 * i + 4];
		for (const char *c = v; c < e;) {
			if (c + 5 <= e && memcmp(c, "&#38;", 5) == 0) {
				c += 5;
				if (dynbuf_addc(&x->attr_text, '&') != HZ_OK)
					goto nomem;
			} else if (dynbuf_addc(&x->attr_text, *c++) != HZ_OK) {
				goto nomem;
			}
		}
	}
	base = x->attr_text.buf;
	for (int i = 0; i < n; i++) {
		const char *v = (const char *)attributes[5 * i + 3], *e = (const char *)attributes[5 * i + 4];
		size_t len = 0;
		for (const char *c = v; c < e; len++)
			c += (c + 5 <= e && memcmp(c, "&#38;", 5) == 0) ? 5 : 1;
		memcpy(x->attrs + 5 * i, attributes + 5 * i, 3 * sizeof(*x->attrs));
		x->attrs[5 * i + 3] = (const xmlChar *)(base ? base + total : "");
		x->attrs[5 * i + 4] = (const xmlChar *)(base ? base + total + len : "");
		total += len;
	}
	return x->attrs;
nomem:
	halt(x, HZ_E_LIMIT, "attributes too long");
	return NULL;
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
		     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		     const xmlChar **attributes)
{
	pkg_xml *x = ctx;
	if (x->stop)
		return;
	if (++x->depth > HZ_MAX_XML_DEPTH) {
		halt(x, HZ_E_LIMIT, "elements nested deeper than the limit");
		return;
	}
	x->text_len = 0;
	if (!x->user_sax.startElementNs)
		return;
	for (int i = 0; i < nb_attributes; i++) {
		const xmlChar *v = attributes[5 * i + 3], *e = attributes[5 * i + 4];
		if (memchr(v, '&', (size_t)(e - v))) {
			attributes = unescape_attrs(x, attributes, nb_attributes);
			if (!attributes)
				return;
			break;
		}
	}
	x->user_sax.startElementNs(x->user, localname, prefix, URI, nb_namespaces, namespaces, nb_attributes,
				   nb_defaulted, attributes);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI)
{
	pkg_xml *x = ctx;
	if (x->stop)
		return;
	x->depth--;
	x->text_len = 0;
	if (x->user_sax.endElementNs)
		x->user_sax.endElementNs(x->user, localname, prefix, URI);
}

/* A piece of character data (text or CDATA) counted against the cap on
 * one run of it; 0 when the parse has stopped. */
static int text_counted(pkg_xml *x, int len)
{
	if (x->stop)
		return 0;
	x->text_len += (size_t)len;
	if (x->text_len > HZ_MAX_TEXT_BYTES) {
		halt(x, HZ_E_LIMIT, "text longer than the limit");
		return 0;
	}
	return 1;
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	pkg_xml *x = ctx;
	if (text_counted(x, len) && x->user_sax.characters)
		x->user_sax.characters(x->user, ch, len);
}

static void on_cdata(void *ctx, const xmlChar *ch, int len)
{
	pkg_xml *x = ctx;
	if (!text_counted(x, len))
		return;
	if (x->user_sax.cdataBlock)
		x->user_sax.cdataBlock(x->user, ch, len);
	else if (x->user_sax.characters)
		x->user_sax.characters(x->user, ch, len);
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *publicId,
			   const xmlChar *systemId, xmlChar *content)
{
	(void)name, (void)type, (void)publicId, (void)systemId, (void)content;
	halt(ctx, HZ_E_ENTITY, "entity declaration");
}

static void on_unparsed_entity_decl(void *ctx, const xmlChar *name, const xmlChar *publicId,
				    const xmlChar *systemId, const xmlChar *notationName)
{
	(void)name, (void)publicId, (void)systemId, (void)notationName;
	halt(ctx, HZ_E_ENTITY, "entity declaration");
}

/* Never resolve an entity, not even one libxml2 recorded: no expansion. */
static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
	(void)ctx;
	return xmlGetPredefinedEntity(name);
}

static void on_reference(void *ctx, const xmlChar *name)
{
	(void)name;
	halt(ctx, HZ_E_ENTITY, "entity reference");
}

/* libxml2 reports here instead of printing on stderr. */
static void on_error(void *ctx, xmlErrorPtr e)
{
	pkg_xml *x = ctx;
	if (!e || x->err_msg[0] || x->stop)
		return;
	if (e->level < XML_ERR_ERROR)
		return;
	x->err_line = e->line;
	x->err_col = e->int2;
	snprintf(x->err_msg, sizeof(x->err_msg), "%s", e->message ? e->message : "XML error");
	/* drop the trailing newline libxml2 puts on messages */
	for (size_t n = strlen(x->err_msg); n > 0 && (x->err_msg[n - 1] == '\n' || x->err_msg[n - 1] == ' ');)
		x->err_msg[--n] = '\0';
}

xmlSAXHandler pkg_xml_handler(startElementNsSAX2Func start, endElementNsSAX2Func end, charactersSAXFunc text)
{
	xmlSAXHandler h;
	memset(&h, 0, sizeof(h));
	h.initialized = XML_SAX2_MAGIC;
	h.startElementNs = start;
	h.endElementNs = end;
	h.characters = text;
	return h;
}

void pkg_xml_close(pkg_xml *x)
{
	if (!x)
		return;
	if (x->ctxt) {
		if (x->ctxt->myDoc)
			xmlFreeDoc(x->ctxt->myDoc);
		xmlFreeParserCtxt(x->ctxt);
	}
	pkg_stream_close(&x->ms);
	free(x->attrs);
	dynbuf_release(&x->attr_text);
	free(x);
}

hz_code pkg_xml_open(pkg *p, const char *part, const xmlSAXHandler *sax, void *ctx, pkg_xml **out, hz_error *err)
{
	pkg_xml *x;
	xmlSAXHandler h;
	hz_code rc;

	*out = NULL;
	pkg_xml_init();
	/* Not calloc: buf (64 KiB) is always written before it is read, and
	 * zeroing it for each of the ~15 parts of every file was a tenth of
	 * the reading's instructions. */
	x = malloc(sizeof(*x));
	if (!x)
		return hz_error_set(err, HZ_E_NOMEM, NULL);
	memset(x, 0, offsetof(pkg_xml, buf));
	rc = pkg_stream_open(p, part, &x->ms, err);
	if (rc != HZ_OK)
		goto fail;
	x->user_sax = *sax;
	x->user = ctx;
	dynbuf_init(&x->attr_text, HZ_MAX_ATTR_BYTES);

	h = pkg_xml_handler(on_start, on_end, on_text);
	h.ignorableWhitespace = on_text;
	h.cdataBlock = on_cdata;
	h.entityDecl = on_entity_decl;
	h.unparsedEntityDecl = on_unparsed_entity_decl;
	h.getEntity = on_get_entity;
	h.getParameterEntity = NULL;
	h.reference = on_reference;
	h.serror = on_error;

	x->ctxt = xmlCreatePushParserCtxt(&h, x, NULL, 0, part);
	if (!x->ctxt) {
		rc = hz_error_set(err, HZ_E_NOMEM, "cannot create XML parser");
		goto fail;
	}
	/* No NOENT, no DTDLOAD, no DTDATTR: nothing outside the part is read
	 * and no entity is expanded. */
	xmlCtxtUseOptions(x->ctxt, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
	x->ctxt->replaceEntities = 0;
	x->ctxt->loadsubset = 0;
	x->ctxt->validate = 0;
	*out = x;
	return HZ_OK;
fail:
	pkg_xml_close(x);
	return rc;
}

static hz_code xml_failure(pkg_xml *x, hz_error *err)
{
	if (x->stop != HZ_OK) {
		if (x->err_line > 0)
			hz_error_where(err, "line %d column %d", x->err_line, x->err_col);
		return hz_error_set(err, x->stop, "%s", x->stop_detail);
	}
	if (x->err_line > 0)
		hz_error_where(err, "line %d column %d", x->err_line, x->err_col);
	return hz_error_set(err, HZ_E_XML, "%s", x->err_msg[0] ? x->err_msg : "not well-formed");
}

hz_code pkg_xml_feed(pkg_xml *x, int *done, hz_error *err)
{
	size_t got = 0;
	hz_code rc;
	int perr;
	*done = 0;
	if (x->finished) {
		*done = 1;
		return HZ_OK;
	}
	rc = pkg_stream_read(&x->ms, x->buf, sizeof(x->buf), &got, err);
	if (rc != HZ_OK)
		return rc;
	perr = xmlParseChunk(x->ctxt, got ? x->buf : NULL, (int)got, got == 0);
	if (x->stop != HZ_OK || perr != 0 || !x->ctxt->wellFormed || x->err_msg[0])
		return xml_failure(x, err);
	if (got == 0) {
		x->finished = 1;
		*done = 1;
	}
	return HZ_OK;
}

hz_code pkg_parse_xml(pkg *p, const char *part, const xmlSAXHandler *sax, void *ctx, hz_error *err)
{
	pkg_xml *x = NULL;
	int done = 0;
	hz_code rc = pkg_xml_open(p, part, sax, ctx, &x, err);
	while (rc == HZ_OK && !done)
		rc = pkg_xml_feed(x, &done, err);
	pkg_xml_close(x);
	return rc;
}

