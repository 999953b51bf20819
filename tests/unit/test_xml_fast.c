/* xml_fast: what it accepts it reads as libxml2's SAX2 parser does (event
 * by event, text joined), and what lies outside its subset it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "read/xml_fast.h"

/* A transcript: S(local|prefix|uri|attr=...) E(local) T(text), text runs joined. */
typedef struct log {
	dynbuf out;
	dynbuf text;
} log_t;

static void flush_text(log_t *l)
{
	if (l->text.len) {
		assert_int_equal(dynbuf_add(&l->out, "T(", 2), HZ_OK);
		assert_int_equal(dynbuf_add(&l->out, l->text.buf, l->text.len), HZ_OK);
		assert_int_equal(dynbuf_add(&l->out, ")", 1), HZ_OK);
		dynbuf_reset(&l->text);
	}
}

static void put(log_t *l, const char *s)
{
	assert_int_equal(dynbuf_add(&l->out, s ? s : "-", strlen(s ? s : "-")), HZ_OK);
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
		     const xmlChar **ns, int nat, int ndef, const xmlChar **at)
{
	log_t *l = ctx;
	(void)nns, (void)ns;
	assert_int_equal(ndef, 0);
	flush_text(l);
	put(l, "S(");
	put(l, (const char *)local);
	put(l, "|");
	put(l, (const char *)prefix);
	put(l, "|");
	put(l, (const char *)uri);
	for (int i = 0; i < nat; i++) {
		put(l, " ");
		put(l, (const char *)at[5 * i]);
		put(l, "|");
		put(l, (const char *)at[5 * i + 1]);
		put(l, "|");
		put(l, (const char *)at[5 * i + 2]);
		put(l, "=");
		assert_int_equal(dynbuf_add(&l->out, (const char *)at[5 * i + 3], (size_t)(at[5 * i + 4] - at[5 * i + 3])),
				 HZ_OK);
	}
	put(l, ")");
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	log_t *l = ctx;
	flush_text(l);
	put(l, "E(");
	put(l, (const char *)local);
	put(l, "|");
	put(l, (const char *)prefix);
	put(l, "|");
	put(l, (const char *)uri);
	put(l, ")");
}

static void on_chars(void *ctx, const xmlChar *ch, int len)
{
	log_t *l = ctx;
	assert_int_equal(dynbuf_add(&l->text, (const char *)ch, (size_t)len), HZ_OK);
}

static int libxml_errors;
static void on_error(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	if (e && e->level >= XML_ERR_ERROR)
		libxml_errors++;
}

static xmlSAXHandler handler(void)
{
	xmlSAXHandler h;
	memset(&h, 0, sizeof(h));
	h.initialized = XML_SAX2_MAGIC;
	h.startElementNs = on_start;
	h.endElementNs = on_end;
	h.characters = on_chars;
	h.ignorableWhitespace = on_chars;
	return h;
}

/* libxml2's transcript, as pkg parses (push parser, no entity
 * substitution); NULL when libxml2 finds the XML in error. */
static char *by_libxml(const char *xml)
{
	xmlSAXHandler h = handler();
	log_t l;
	xmlParserCtxtPtr c;
	char *s;
	int ok;
	h.serror = on_error;
	dynbuf_init(&l.out, 1u << 20);
	dynbuf_init(&l.text, 1u << 20);
	libxml_errors = 0;
	c = xmlCreatePushParserCtxt(&h, &l, NULL, 0, "t.xml");
	assert_non_null(c);
	xmlCtxtUseOptions(c, XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR);
	c->replaceEntities = 0;
	ok = xmlParseChunk(c, xml, (int)strlen(xml), 0) == 0;
	ok = xmlParseChunk(c, NULL, 0, 1) == 0 && ok && c->wellFormed && !libxml_errors;
	xmlFreeParserCtxt(c);
	flush_text(&l);
	s = ok ? strndup(l.out.buf ? l.out.buf : "", l.out.len) : NULL;
	dynbuf_release(&l.out);
	dynbuf_release(&l.text);
	return s;
}

/* xml_fast's transcript; NULL when it refuses. */
static char *by_fast(const char *xml)
{
	xmlSAXHandler h = handler();
	log_t l;
	char *s;
	if (xml_fast_parse(xml, strlen(xml), NULL, NULL) != 1)
		return NULL;
	dynbuf_init(&l.out, 1u << 20);
	dynbuf_init(&l.text, 1u << 20);
	assert_int_equal(xml_fast_parse(xml, strlen(xml), &h, &l), 1);
	flush_text(&l);
	s = strndup(l.out.buf ? l.out.buf : "", l.out.len);
	dynbuf_release(&l.out);
	dynbuf_release(&l.text);
	return s;
}

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static void reads_as_libxml2_does(void **state)
{
	static const char *const accepted[] = {
		"<a/>",
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document " W "><w:body><w:p>"
		"<w:r><w:t xml:space=\"preserve\"> 单位名称：甲局 </w:t></w:r></w:p></w:body></w:document>",
		"<?xml version='1.0'?><r xmlns=\"urn:x:y\" a='1' b=\">2\"><c/>t&lt;&amp;&gt;&quot;&apos;&#65;&#x4E2D;"
		"&#x1F600;</r>\n",
		"<r xmlns:p=\"urn:a\" xmlns:q=\"urn:b\"><p:e p:a=\"1\" q:a=\"2\" a=\"3\"/><x xmlns:p=\"urn:c\"><p:e/></x>"
		"<p:e/></r>",
		"<r>\t\n  </r>  \n",
		"<r a=\"it's\" b='say \"hi\"'>x]y]]z&#13;</r>",
		"<r><a></a ><b\n/></r>",
	};
	static const char *const refused[] = {
		/* malformed: libxml2 reports them, xml_fast leaves them to it */
		"<a>", "<a></b>", "<a/><b/>", "text", "", "<a b=1/>", "<a b='1' b='2'/>", "<a>&nope;</a>",
		"<a>]]></a>", "<p:a/>", "<a xmlns:p='urn:a'><p:b/></a><!-- -->x",
		"<a xmlns:p='urn:a' xmlns:q='urn:a' p:x='1' q:x='2'/>", "<a>\x01</a>", "<a>\xff</a>",
		"<a>\xed\xa0\x80</a>", "<a>\xc0\xaf</a>", "<a>&#0;</a>", "<a>&#xD800;</a>",
		/* outside the subset though well-formed */
		"\xef\xbb\xbf<a/>", "<!-- c --><a/>", "<a><![CDATA[x]]></a>", "<?pi x?><a/>", "<!DOCTYPE a><a/>",
		"<a>x\r\ny</a>", "<a b='x\ty'/>", "<a b='&amp;'/>", "<?xml version=\"1.0\" encoding=\"GBK\"?><a/>",
		"<a xmlns=''/>", "<a xmlns:p='urn:a b'/>", "<名/>", "<a>&#X41;</a>",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
		char *want = by_libxml(accepted[i]), *got = by_fast(accepted[i]);
		assert_non_null(want);
		if (!got)
			fail_msg("xml_fast refused #%zu: %s", i, accepted[i]);
		assert_string_equal(got, want);
		free(want);
		free(got);
	}
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		char *got = by_fast(refused[i]);
		if (got)
			fail_msg("xml_fast accepted #%zu: %s -> %s", i, refused[i], got);
	}
}

/* Every truncation of a Word body: each one xml_fast accepts, libxml2
 * reads alike (most are refused: an element left open). */
static void truncations_agree(void **state)
{
	const char *doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " W "><w:body><w:p><w:r>"
			  "<w:rPr><w:rFonts w:ascii=\"仿宋\"/></w:rPr><w:t>日期：2022年8月1日&amp;</w:t></w:r></w:p>"
			  "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body></w:document>";
	size_t n = strlen(doc), accepted = 0;
	(void)state;
	for (size_t k = 0; k <= n; k++) {
		char *cut = strndup(doc, k), *got = by_fast(cut);
		if (got) {
			char *want = by_libxml(cut);
			assert_non_null(want);
			assert_string_equal(got, want);
			free(want);
			accepted++;
		}
		free(got);
		free(cut);
	}
	assert_int_equal(accepted, 1); /* only the whole document */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_as_libxml2_does),
		cmocka_unit_test(truncations_agree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
