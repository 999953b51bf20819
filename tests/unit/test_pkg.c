/* pkg: opening by content, member names, bounded reads, hardened XML, rels. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "hz_limits.h"
#include "read/pkg.h"
#include "zipfix.h"

static hz_code open_code(const char *path)
{
	pkg *p = NULL;
	hz_error e;
	hz_code rc;
	hz_error_clear(&e);
	rc = pkg_open(&p, path, &e);
	assert_int_equal(rc, e.code);
	if (rc == HZ_OK)
		assert_non_null(p);
	else
		assert_string_equal(e.file, path);
	pkg_free(p);
	return rc;
}

static void opens_by_content(void **state)
{
	static const zipfix_member m[] = {{"a.txt", "hello", 0}};
	char *empty = zipfix_write_bytes("", 0);
	static const char ole_bytes[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest of an OLE file";
	char *ole = zipfix_write_bytes(ole_bytes, sizeof(ole_bytes) - 1);
	char *pdf = zipfix_write_bytes("%PDF-1.4\n...", 12);
	char *text = zipfix_write_bytes("just some text, not a zip at all", 32);
	char *zip = zipfix_write(m, 1, 0);
	char *trunc;
	FILE *f;
	char buf[4096];
	size_t n;
	(void)state;
	assert_int_equal(open_code(empty), HZ_E_EMPTY);
	assert_int_equal(open_code(ole), HZ_E_OLE);
	assert_int_equal(open_code(pdf), HZ_E_LEGACY);
	assert_int_equal(open_code(text), HZ_E_NOT_ZIP);
	assert_int_equal(open_code(zip), HZ_OK);
	assert_int_equal(open_code("/nonexistent/x.xlsx"), HZ_E_IO);
	/* A zip cut in half: starts like one, has no central directory. */
	f = fopen(zip, "rb");
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	trunc = zipfix_write_bytes(buf, n / 2);
	assert_int_equal(open_code(trunc), HZ_E_ZIP_CORRUPT);
	zipfix_remove(empty), zipfix_remove(ole), zipfix_remove(pdf), zipfix_remove(text), zipfix_remove(zip),
		zipfix_remove(trunc);
}

static void finds_names_loosely(void **state)
{
	/* "表格/数据.xml" in GBK, as Chinese zip tools write it without the UTF-8 flag */
	static const zipfix_member m[] = {
		{"xl\\worksheets\\Sheet1.xml", "<a/>", 0},
		{"\xb1\xed\xb8\xf1/\xca\xfd\xbe\xdd.xml", "<b/>", 0},
		{"[Content_Types].xml", "<Types/>", 0},
	};
	char *zip = zipfix_write(m, 3, 0);
	pkg *p = NULL;
	hz_error e;
	(void)state;
	assert_int_equal(pkg_open(&p, zip, &e), HZ_OK);
	assert_true(pkg_find(p, "xl/worksheets/sheet1.xml") >= 0);
	assert_true(pkg_find(p, "/XL/Worksheets/SHEET1.xml") >= 0);
	assert_true(pkg_find(p, "表格/数据.xml") >= 0);
	assert_true(pkg_find(p, "[content_types].xml") >= 0);
	assert_int_equal(pkg_find(p, "xl/worksheets/sheet2.xml"), -1);
	assert_string_equal(pkg_path(p), zip);
	pkg_free(p);
	zipfix_remove(zip);
}

static void reads_parts_and_checks_crc(void **state)
{
	static const zipfix_member m[] = {{"data.bin", "THE-PAYLOAD-0123456789", 0}};
	char *zip = zipfix_write(m, 1, 1);
	pkg *p = NULL;
	hz_error e;
	dynbuf b;
	FILE *f;
	char buf[4096], *hit;
	size_t n;
	(void)state;
	hz_error_clear(&e);
	assert_int_equal(pkg_open(&p, zip, &e), HZ_OK);
	dynbuf_init(&b, 1 << 20);
	assert_int_equal(pkg_read_part(p, "data.bin", &b, &e), HZ_OK);
	assert_string_equal(dynbuf_str(&b), "THE-PAYLOAD-0123456789");
	dynbuf_reset(&b);
	assert_int_equal(pkg_read_part(p, "missing.bin", &b, &e), HZ_E_NO_PART);
	assert_string_equal(e.part, "missing.bin");
	pkg_free(p);

	/* Flip one stored byte: the CRC at the end of the member must catch it. */
	f = fopen(zip, "rb");
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	hit = NULL;
	for (size_t i = 0; i + 7 <= n && !hit; i++)
		if (memcmp(buf + i, "PAYLOAD", 7) == 0)
			hit = buf + i;
	assert_non_null(hit);
	hit[0] = 'X';
	f = fopen(zip, "wb");
	fwrite(buf, 1, n, f);
	fclose(f);
	hz_error_clear(&e);
	assert_int_equal(pkg_open(&p, zip, &e), HZ_OK);
	dynbuf_reset(&b);
	assert_int_equal(pkg_read_part(p, "data.bin", &b, &e), HZ_E_ZIP_CORRUPT);
	pkg_free(p);
	dynbuf_release(&b);
	zipfix_remove(zip);
}

/* A member encrypted at zip level (AES, as 7-Zip/WinRAR "password" zips). */
static void zip_encryption_is_named(void **state)
{
	char tmpl[] = "/tmp/hz_zipfix_XXXXXX";
	int fd = mkstemp(tmpl), zerr = 0;
	zip_t *za;
	zip_source_t *src;
	zip_int64_t idx;
	pkg *p = NULL;
	hz_error e;
	dynbuf b;
	(void)state;
	assert_true(fd >= 0);
	close(fd);
	if (!zip_encryption_method_supported(ZIP_EM_AES_256, 1)) {
		unlink(tmpl);
		skip();
	}
	za = zip_open(tmpl, ZIP_TRUNCATE, &zerr);
	assert_non_null(za);
	src = zip_source_buffer(za, "secret", 6, 0);
	idx = zip_file_add(za, "xl/workbook.xml", src, 0);
	assert_true(idx >= 0);
	assert_int_equal(zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_AES_256, "pw"), 0);
	assert_int_equal(zip_close(za), 0);
	hz_error_clear(&e);
	assert_int_equal(pkg_open(&p, tmpl, &e), HZ_OK);
	dynbuf_init(&b, 1024);
	assert_int_equal(pkg_read_part(p, "xl/workbook.xml", &b, &e), HZ_E_ZIP_ENCRYPTED);
	dynbuf_release(&b);
	pkg_free(p);
	unlink(tmpl);
}

typedef struct collect {
	int elements;
	dynbuf text;
} collect;

static void c_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
		    int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		    const xmlChar **attributes)
{
	((collect *)ctx)->elements++;
}

static void c_text(void *ctx, const xmlChar *ch, int len)
{
	assert_int_equal(dynbuf_add(&((collect *)ctx)->text, ch, (size_t)len), HZ_OK);
}

static hz_code parse_one(const char *xml, collect *c, hz_error *e)
{
	zipfix_member m[] = {{"x.xml", xml, 0}};
	char *zip = zipfix_write(m, 1, 0);
	pkg *p = NULL;
	xmlSAXHandler sax;
	hz_code rc;
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = c_start;
	sax.characters = c_text;
	memset(c, 0, sizeof(*c));
	dynbuf_init(&c->text, 1 << 24);
	hz_error_clear(e);
	assert_int_equal(pkg_open(&p, zip, e), HZ_OK);
	rc = pkg_parse_xml(p, "x.xml", &sax, c, e);
	pkg_free(p);
	zipfix_remove(zip);
	return rc;
}

static void xml_parses_and_refuses_entities(void **state)
{
	collect c;
	hz_error e;
	(void)state;
	assert_int_equal(parse_one("<?xml version=\"1.0\"?><a><b>x &amp; y &#x4E2D;</b><c/></a>", &c, &e), HZ_OK);
	assert_int_equal(c.elements, 3);
	assert_string_equal(dynbuf_str(&c.text), "x & y 中");
	dynbuf_release(&c.text);

	assert_int_equal(parse_one("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
				   "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
				   "<lolz>&lol1;</lolz>",
				   &c, &e),
			 HZ_E_ENTITY);
	assert_int_equal(c.text.len, 0);
	dynbuf_release(&c.text);

	assert_int_equal(parse_one("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
				   "<x>&xxe;</x>",
				   &c, &e),
			 HZ_E_ENTITY);
	assert_null(strstr(dynbuf_str(&c.text), "root:"));
	dynbuf_release(&c.text);

	/* An undeclared entity is not expanded either. */
	assert_int_not_equal(parse_one("<x>&undeclared;</x>", &c, &e), HZ_OK);
	dynbuf_release(&c.text);
}

static void xml_errors_have_positions(void **state)
{
	collect c;
	hz_error e;
	(void)state;
	assert_int_equal(parse_one("<a>\n<b>\n</a>", &c, &e), HZ_E_XML);
	assert_non_null(strstr(e.where, "line 3"));
	assert_string_equal(e.part, "x.xml");
	dynbuf_release(&c.text);
}

static void xml_depth_is_capped(void **state)
{
	dynbuf doc;
	collect c;
	hz_error e;
	(void)state;
	dynbuf_init(&doc, 1 << 24);
	for (int i = 0; i < 100000; i++)
		assert_int_equal(dynbuf_add(&doc, "<a>", 3), HZ_OK);
	assert_int_equal(parse_one(dynbuf_str(&doc), &c, &e), HZ_E_LIMIT);
	assert_true(c.elements <= HZ_MAX_XML_DEPTH + 1);
	dynbuf_release(&c.text);
	dynbuf_release(&doc);
}

static void relationships_resolve(void **state)
{
	static const zipfix_member m[] = {
		{"_rels/.rels",
		 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		 "<Relationship Id=\"rId1\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument\""
		 " Target=\"/xl/wb.xml\"/>"
		 "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/"
		 "metadata/core-properties\" Target=\"docProps/core.xml\"/>"
		 "</Relationships>",
		 0},
		{"xl/_rels/wb.xml.rels",
		 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		 "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
		 "worksheet\" Target=\"sheets/./s1.xml\"/>"
		 "<Relationship Id=\"rId2\" Type=\"x/styles\" Target=\"../shared/st.xml\"/>"
		 "<Relationship Id=\"rId3\" Type=\"x/hyperlink\" Target=\"http://e.com/\" TargetMode=\"External\"/>"
		 "</Relationships>",
		 0},
		{"xl/wb.xml", "<workbook/>", 0},
		{"docProps/core.xml",
		 "<cp:coreProperties xmlns:cp=\"c\" xmlns:dcterms=\"http://purl.org/dc/terms/\">"
		 "<dcterms:created>2020-01-01T00:00:00Z</dcterms:created>"
		 "<dcterms:modified> 2022-10-28T09:30:00Z </dcterms:modified></cp:coreProperties>",
		 0},
	};
	char *zip = zipfix_write(m, 4, 0);
	pkg *p = NULL;
	hz_error e;
	char *t, mod[40];
	(void)state;
	hz_error_clear(&e);
	assert_int_equal(pkg_open(&p, zip, &e), HZ_OK);
	t = pkg_rel_target(p, "", "/officeDocument", &e);
	assert_string_equal(t, "xl/wb.xml");
	free(t);
	t = pkg_rel_target_by_id(p, "xl/wb.xml", "rId1", &e);
	assert_string_equal(t, "xl/sheets/s1.xml");
	free(t);
	t = pkg_rel_target(p, "xl/wb.xml", "/styles", &e);
	assert_string_equal(t, "shared/st.xml");
	free(t);
	assert_null(pkg_rel_target(p, "xl/wb.xml", "/hyperlink", &e));
	assert_null(pkg_rel_target(p, "xl/wb.xml", "/sharedStrings", &e));
	assert_int_equal(pkg_core_modified(p, mod, sizeof(mod)), 1);
	assert_string_equal(mod, "2022-10-28T09:30:00Z");
	pkg_free(p);
	zipfix_remove(zip);
}

/* A failed relationships load asked first with no error sink (form.c's
 * sniff) is still reported, whole, to the next caller on the package. */
static void relationships_failure_is_kept(void **state)
{
	static const zipfix_member m[] = {
		{"_rels/.rels", "<Relationships><Relationship Id=\"rId1\"", 0},
		{"word/document.xml", "<x/>", 0},
	};
	char *zip = zipfix_write(m, 2, 0);
	pkg *p = NULL;
	hz_error e, again;
	(void)state;
	hz_error_clear(&e);
	assert_int_equal(pkg_open(&p, zip, &e), HZ_OK);
	assert_null(pkg_rel_target(p, "", "/officeDocument", NULL));
	hz_error_clear(&e);
	assert_null(pkg_rel_target(p, "", "/officeDocument", &e));
	assert_int_equal(e.code, HZ_E_XML);
	assert_string_equal(e.part, "_rels/.rels");
	assert_true(e.where[0] != '\0');
	hz_error_clear(&again);
	assert_null(pkg_rel_target_by_id(p, "", "rId1", &again));
	assert_int_equal(again.code, e.code);
	assert_string_equal(again.part, e.part);
	assert_string_equal(again.where, e.where);
	assert_string_equal(again.detail, e.detail);
	assert_int_equal(pkg_core_modified(p, (char[8]){0}, 8), 0);
	pkg_free(p);
	zipfix_remove(zip);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(opens_by_content),
		cmocka_unit_test(finds_names_loosely),
		cmocka_unit_test(reads_parts_and_checks_crc),
		cmocka_unit_test(zip_encryption_is_named),
		cmocka_unit_test(xml_parses_and_refuses_entities),
		cmocka_unit_test(xml_errors_have_positions),
		cmocka_unit_test(xml_depth_is_capped),
		cmocka_unit_test(relationships_resolve),
		cmocka_unit_test(relationships_failure_is_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
