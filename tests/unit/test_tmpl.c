/* The .docx template engine: tags split by Word, escaping, loops, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <libxml/parser.h>
#include <string.h>
#include <zip.h>

#include "write/ooxml/xml.h"
#include "write/tmpl.h"

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
#define DOC(body) "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document " W "><w:body>" body "</w:body></w:document>"

typedef struct sub {
	const char *text;
} sub;
typedef struct item {
	const char *name, *score;
	const sub *subs;
	size_t nsubs;
} item;
typedef struct root {
	const char *title, *note;
	const item *items;
	size_t nitems;
} root;

static const tmpl_schema sub_schema, item_schema;

static hz_code sub_text(void *ctx, const void *obj, size_t f, dynbuf *out)
{
	(void)ctx;
	(void)f;
	return dynbuf_addstr(out, ((const sub *)obj)->text);
}

static const tmpl_field sub_fields[] = {{"text", TMPL_TEXT, NULL}};
static const tmpl_schema sub_schema = {sub_fields, 1, sub_text, NULL, NULL};

static hz_code item_text(void *ctx, const void *obj, size_t f, dynbuf *out)
{
	const item *it = obj;
	(void)ctx;
	return dynbuf_addstr(out, f == 0 ? it->name : it->score);
}
static size_t item_count(void *ctx, const void *obj, size_t f)
{
	(void)ctx;
	(void)f;
	return ((const item *)obj)->nsubs;
}
static const void *item_item(void *ctx, const void *obj, size_t f, size_t i)
{
	(void)ctx;
	(void)f;
	return &((const item *)obj)->subs[i];
}
static const tmpl_field item_fields[] = {
	{"name", TMPL_TEXT, NULL}, {"score", TMPL_TEXT, NULL}, {"subs", TMPL_LIST, &sub_schema}};
static const tmpl_schema item_schema = {item_fields, 3, item_text, item_count, item_item};

static hz_code root_text(void *ctx, const void *obj, size_t f, dynbuf *out)
{
	const root *r = obj;
	(void)ctx;
	return dynbuf_addstr(out, f == 0 ? r->title : r->note);
}
static size_t root_count(void *ctx, const void *obj, size_t f)
{
	(void)ctx;
	return f == 2 ? ((const root *)obj)->nitems : 0;
}
static const void *root_item(void *ctx, const void *obj, size_t f, size_t i)
{
	(void)ctx;
	(void)f;
	return &((const root *)obj)->items[i];
}
static const tmpl_field root_fields[] = {{"campaign.title", TMPL_TEXT, NULL},
					 {"note", TMPL_TEXT, NULL},
					 {"items", TMPL_LIST, &item_schema},
					 {"none", TMPL_LIST, &item_schema}};
static const tmpl_schema root_schema = {root_fields, 4, root_text, root_count, root_item};

static const sub subs_a[] = {{"a1"}, {"a2"}};
static const item items3[] = {{"甲局", "90", subs_a, 2}, {"乙局", "80", NULL, 0}, {"丙局", "70", subs_a, 1}};
static const root data = {"2022年度汇总", "A&B <c> \"q\" 'a'\x01\x7f end", items3, 3};

/* Renders xml with r; returns a malloc'd string (caller frees) or NULL
 * with *code set. */
static char *render_with(const char *xml, const root *r, hz_code *code, hz_error *err)
{
	tmpl_part *p = NULL;
	dynbuf out;
	hz_error e0;
	hz_code rc;
	if (!err)
		err = &e0;
	hz_error_clear(err);
	rc = tmpl_part_compile(xml, strlen(xml), "word/document.xml", &root_schema, &p, err);
	if (code)
		*code = rc;
	if (rc)
		return NULL;
	dynbuf_init(&out, 1 << 24);
	rc = tmpl_part_render(p, NULL, r, &out, err);
	tmpl_part_free(p);
	if (code)
		*code = rc;
	if (rc) {
		dynbuf_release(&out);
		return NULL;
	}
	return dynbuf_detach(&out, NULL);
}

/* A part with no field, list or condition renders the same for every
 * document (tmpl_part_constant: the letters' footers, deflated once). */
static void constant_parts(void **state)
{
#define W_FTR "<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	static const char footer[] = W_FTR "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
				     "<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>1</w:t></w:r></w:p></w:ftr>";
	static const char field[] = W_FTR "<w:p><w:r><w:t>{{campaign.title}}</w:t></w:r></w:p></w:ftr>";
	tmpl_part *p = NULL;
	hz_error err;
	(void)state;
	hz_error_clear(&err);
	assert_int_equal(tmpl_part_compile(footer, strlen(footer), "word/footer1.xml", &root_schema, &p, &err), HZ_OK);
	assert_true(tmpl_part_constant(p));
	tmpl_part_free(p);
	p = NULL;
	assert_int_equal(tmpl_part_compile(field, strlen(field), "word/footer1.xml", &root_schema, &p, &err), HZ_OK);
	assert_false(tmpl_part_constant(p));
	tmpl_part_free(p);
}

static char *render(const char *xml, hz_code *code, hz_error *err)
{
	return render_with(xml, &data, code, err);
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void plain_field(void **state)
{
	char *s = render(DOC("<w:p><w:r><w:t>题目：{{campaign.title}}。</w:t></w:r></w:p>"), NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_non_null(strstr(s, "题目：2022年度汇总。"));
	assert_null(strstr(s, "{{"));
	assert_non_null(strstr(s, "<?xml"));
	free(s);
}

static void tag_split_across_runs_keeps_first_format(void **state)
{
	/* Word: "{{" in a bold run, "campaign." with a proofErr and a bookmark
	 * in between, "title}}" in an italic run */
	char *s = render(DOC("<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>前{{</w:t></w:r>"
			     "<w:proofErr w:type=\"spellStart\"/>"
			     "<w:r><w:rPr><w:sz w:val=\"30\"/></w:rPr><w:t>camp</w:t></w:r>"
			     "<w:bookmarkStart w:id=\"0\" w:name=\"x\"/>"
			     "<w:r w:rsidR=\"00AB\"><w:t>aign.</w:t></w:r><w:bookmarkEnd w:id=\"0\"/>"
			     "<w:proofErr w:type=\"spellEnd\"/>"
			     "<w:r><w:rPr><w:i/></w:rPr><w:t>title}}后</w:t></w:r></w:p>"),
			 NULL, NULL);
	const char *b, *v, *i;
	(void)state;
	assert_non_null(s);
	b = strstr(s, "<w:b/>");
	v = strstr(s, "2022年度汇总");
	i = strstr(s, "<w:i/>");
	assert_non_null(b);
	assert_non_null(v);
	assert_non_null(i);
	/* the value sits in the bold run (after <w:b/>, before the next run) */
	assert_true(b < v && v < strstr(b, "</w:r>"));
	assert_true(v < i);
	assert_non_null(strstr(s, "前2022年度汇总</w:t>"));
	assert_non_null(strstr(s, ">后</w:t>"));
	assert_null(strstr(s, "camp<"));
	assert_null(strstr(s, "{{"));
	assert_null(strstr(s, "}}"));
	free(s);
}

static void tag_split_in_every_character(void **state)
{
	char *s = render(DOC("<w:p><w:r><w:t>{</w:t></w:r><w:r><w:t>{</w:t></w:r><w:r><w:t> no</w:t></w:r>"
			     "<w:r><w:t>te </w:t></w:r><w:r><w:t>}</w:t></w:r><w:r><w:t>}</w:t></w:r></w:p>"),
			 NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_non_null(strstr(s, "A&amp;B"));
	assert_null(strstr(s, "{"));
	free(s);
}

static void full_width_tags_from_chinese_input(void **state)
{
	char *s = render(DOC("<w:p><w:r><w:t>｛｛＃items｝｝｛｛　．name　｝｝（全角）｛｛／items｝｝</w:t></w:r></w:p>"
			     "<w:p><w:r><w:t>｛单括号｝</w:t></w:r></w:p>"),
			 NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_non_null(strstr(s, "甲局（全角）"));
	assert_non_null(strstr(s, "丙局（全角）"));
	assert_non_null(strstr(s, "｛单括号｝"));
	free(s);
}

static void escaping_and_control_characters(void **state)
{
	char *s = render(DOC("<w:p><w:r><w:t>{{note}}</w:t></w:r></w:p>"), NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_non_null(strstr(s, "A&amp;B &lt;c&gt; &quot;q&quot; &apos;a&apos; end"));
	assert_null(strchr(s, '\x01'));
	assert_null(strchr(s, '\x7f'));
	free(s);
}

static void escape_function_handles_bad_utf8_and_breaks(void **state)
{
	dynbuf b;
	(void)state;
	dynbuf_init(&b, 1024);
	assert_int_equal(ooxml_xml_escape(&b, "a\xff" "b\xe6\x88" "c", 7, NULL), HZ_OK);
	assert_string_equal(dynbuf_str(&b), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD" "c");
	dynbuf_reset(&b);
	assert_int_equal(ooxml_xml_escape(&b, "x\ny\tz\r", 6, "w:t"), HZ_OK);
	assert_string_equal(dynbuf_str(&b), "x</w:t><w:br/><w:t xml:space=\"preserve\">y</w:t><w:tab/><w:t "
					    "xml:space=\"preserve\">z");
	dynbuf_reset(&b);
	/* a surrogate and a C1 control are not XML characters */
	assert_int_equal(ooxml_xml_escape(&b, "\xed\xa0\x80|\xc2\x85|\xe6\xb1\x87", 10, NULL), HZ_OK);
	assert_string_equal(dynbuf_str(&b), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD||汇");
	dynbuf_release(&b);
}

static void row_loop(void **state)
{
	char *s = render(DOC("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>单位</w:t></w:r></w:p></w:tc></w:tr>"
			     "<w:tr><w:tc><w:p><w:r><w:t>{{#items}}{{.name}}</w:t></w:r></w:p></w:tc>"
			     "<w:tc><w:p><w:r><w:t>{{score}}{{/</w:t></w:r><w:r><w:t>items}}</w:t></w:r></w:p></w:tc></w:tr>"
			     "</w:tbl><w:p/>"),
			 NULL, NULL);
	const char *a, *b, *c;
	(void)state;
	assert_non_null(s);
	assert_int_equal(count_of(s, "<w:tr>"), 4);
	a = strstr(s, "甲局");
	b = strstr(s, "乙局");
	c = strstr(s, "丙局");
	assert_true(a && b && c && a < b && b < c);
	assert_non_null(strstr(s, ">90<"));
	assert_non_null(strstr(s, ">70<"));
	free(s);
}

static void paragraph_loop_and_nested_list(void **state)
{
	char *s = render(DOC("<w:p><w:r><w:t>{{#items}}{{name}}：</w:t></w:r>"
			     "<w:r><w:t>{{#subs}}[{{text}}]{{/subs}}{{/items}}</w:t></w:r></w:p>"),
			 NULL, NULL);
	(void)state;
	assert_non_null(s);
	/* a paragraph per item; the inner list repeats inside it */
	assert_int_equal(count_of(s, "<w:p>"), 3);
	assert_non_null(strstr(s, "甲局："));
	free(s);
	s = render(DOC("<w:p><w:r><w:t>{{#items}}</w:t></w:r></w:p>"
		       "<w:p><w:pPr><w:pStyle w:val=\"H2\"/></w:pPr><w:r><w:t>{{name}}</w:t></w:r></w:p>"
		       "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{#subs}}{{text}}-{{name}}{{/subs}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
		       "<w:p><w:r><w:t>{{/items}}</w:t></w:r></w:p><w:p><w:r><w:t>end</w:t></w:r></w:p>"),
		   NULL, NULL);
	assert_non_null(s);
	/* block loop: marker paragraphs gone, heading + table per item */
	assert_int_equal(count_of(s, "<w:pStyle w:val=\"H2\"/>"), 3);
	assert_int_equal(count_of(s, "<w:tbl>"), 3);
	assert_non_null(strstr(s, "a1-甲局"));
	assert_non_null(strstr(s, "a2-甲局"));
	assert_non_null(strstr(s, "a1-丙局"));
	assert_int_equal(count_of(s, "<w:p>"), 1 + 3 + 3); /* end + headings + one per cell paragraph */
	free(s);
}

static void conditions_and_empty_list(void **state)
{
	char *s = render(DOC("<w:p><w:r><w:t>{{?none}}</w:t></w:r></w:p><w:p><w:r><w:t>HIDDEN</w:t></w:r></w:p>"
			     "<w:p><w:r><w:t>{{/none}}</w:t></w:r></w:p>"
			     "<w:p><w:r><w:t>{{^none}}无。{{/none}}</w:t></w:r></w:p>"
			     "<w:p><w:r><w:t>{{?items}}有{{/items}}</w:t></w:r></w:p>"
			     "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{#none}}{{.name}}</w:t></w:r></w:p></w:tc>"
			     "<w:tc><w:p><w:r><w:t>{{/none}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
			     "<w:p/>"),
			 NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_null(strstr(s, "HIDDEN"));
	assert_non_null(strstr(s, "无。"));
	assert_non_null(strstr(s, "有"));
	/* the empty list's row is gone; the table stays (Word needs one row,
	 * which is the template author's business) */
	assert_null(strstr(s, "<w:tr>"));
	free(s);
}

static void unknown_tag_names_tag_and_place(void **state)
{
	hz_error e;
	hz_code rc;
	char *s = render(DOC("<w:p><w:r><w:t>x</w:t></w:r></w:p><w:p><w:r><w:t>{{campaign.titel}}</w:t></w:r></w:p>"),
			 &rc, &e);
	(void)state;
	assert_null(s);
	assert_int_equal(rc, HZ_E_TEMPLATE);
	assert_non_null(strstr(e.detail, "{{campaign.titel}}"));
	assert_string_equal(e.where, "paragraph 2");
	assert_string_equal(e.part, "word/document.xml");

	s = render(DOC("<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>{{#items}}{{.nm</w:t></w:r>"
		       "<w:r><w:t>e}}{{/items}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"),
		   &rc, &e);
	assert_null(s);
	assert_int_equal(rc, HZ_E_TEMPLATE);
	assert_non_null(strstr(e.detail, "{{.nme}}"));
	assert_string_equal(e.where, "table 1 row 2");
	/* .name is not a root field outside a loop */
	s = render(DOC("<w:p><w:r><w:t>{{.title}}</w:t></w:r></w:p>"), &rc, &e);
	assert_null(s);
	assert_int_equal(rc, HZ_E_TEMPLATE);
}

static void unclosed_and_mismatched_tags(void **state)
{
	hz_error e;
	hz_code rc;
	char *s = render(DOC("<w:p><w:r><w:t>{{#items}}{{.name}}</w:t></w:r></w:p><w:p/>"), &rc, &e);
	(void)state;
	assert_null(s);
	assert_int_equal(rc, HZ_E_TEMPLATE);
	assert_non_null(strstr(e.detail, "{{#items}}"));
	assert_non_null(strstr(e.detail, "{{/items}}"));
	assert_string_equal(e.where, "paragraph 1");

	s = render(DOC("<w:p><w:r><w:t>abc {{campaign.title</w:t></w:r></w:p>"), &rc, &e);
	assert_null(s);
	assert_int_equal(rc, HZ_E_TEMPLATE);
	assert_non_null(strstr(e.detail, "unclosed tag"));

	s = render(DOC("<w:p><w:r><w:t>{{#items}}{{/none}}</w:t></w:r></w:p>"), &rc, &e);
	assert_null(s);
	assert_int_equal(rc, HZ_E_TEMPLATE);
	assert_non_null(strstr(e.detail, "{{/none}}"));

	s = render(DOC("<w:p><w:r><w:t>{{/items}}</w:t></w:r></w:p>"), &rc, &e);
	assert_null(s);
	assert_int_equal(rc, HZ_E_TEMPLATE);

	/* a loop over a text field, a list used as text */
	s = render(DOC("<w:p><w:r><w:t>{{#note}}{{/note}}</w:t></w:r></w:p>"), &rc, &e);
	assert_null(s);
	assert_int_equal(rc, HZ_E_TEMPLATE);
	s = render(DOC("<w:p><w:r><w:t>{{items}}</w:t></w:r></w:p>"), &rc, &e);
	assert_null(s);
	assert_int_equal(rc, HZ_E_TEMPLATE);
	/* malformed XML */
	s = render("<w:document " W "><w:body>", &rc, &e);
	assert_null(s);
	assert_int_equal(rc, HZ_E_TEMPLATE);
}

static void overlapping_scopes_refused(void **state)
{
	hz_error e;
	hz_code rc;
	/* a row loop opened in a table, closed in a paragraph of the body */
	char *s = render(DOC("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{#items}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
			     "<w:p><w:r><w:t>{{/items}}</w:t></w:r></w:p>"),
			 &rc, &e);
	(void)state;
	/* allowed: a block from the table to the paragraph */
	assert_non_null(s);
	free(s);
	s = render(DOC("<w:p><w:r><w:t>{{#items}}</w:t></w:r></w:p>"
		       "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{{?none}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
		       "<w:p><w:r><w:t>{{/items}}</w:t></w:r></w:p><w:p><w:r><w:t>{{/none}}</w:t></w:r></w:p>"),
		   &rc, &e);
	assert_null(s);
	assert_int_equal(rc, HZ_E_TEMPLATE);
}

static void bookmarks_dropped_inside_loops(void **state)
{
	char *s = render(DOC("<w:p><w:bookmarkStart w:id=\"1\" w:name=\"a\"/><w:r><w:t>{{#items}}{{name}}{{/items}}</w:t></w:r>"
			     "<w:bookmarkEnd w:id=\"1\"/></w:p><w:p><w:bookmarkStart w:id=\"2\" w:name=\"b\"/></w:p>"),
			 NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_int_equal(count_of(s, "w:bookmarkStart"), 1);
	free(s);
}


/* Text of every w:t, in order, of a WordprocessingML part. */
static void collect_text(xmlNodePtr n, dynbuf *out)
{
	for (xmlNodePtr c = n; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "t")) {
			xmlChar *s = xmlNodeGetContent(c);
			assert_int_equal(dynbuf_addstr(out, (const char *)s), HZ_OK);
			assert_int_equal(dynbuf_addc(out, '|'), HZ_OK);
			xmlFree(s);
		} else if (c->children) {
			collect_text(c->children, out);
		}
	}
}

static int text_of(const char *xml, size_t len, dynbuf *out)
{
	xmlDocPtr d = xmlReadMemory(xml, (int)len, "x.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!d)
		return -1;
	collect_text(xmlDocGetRootElement(d), out);
	xmlFreeDoc(d);
	return 0;
}

/* Real documents from Word, WPS and others (../shared corpus) as templates
 * without tags: what comes out is well-formed and says the same text. */
static void corpus_documents_pass_through(void **state)
{
	const char *shared = getenv("HZ_SHARED");
	char dirpath[1024];
	DIR *dir;
	struct dirent *e;
	size_t tried = 0, same = 0;
	(void)state;
	if (!shared || !*shared)
		shared = "../shared";
	snprintf(dirpath, sizeof(dirpath), "%s/corpus/external/docx", shared);
	dir = opendir(dirpath);
	if (!dir)
		skip();
	while ((e = readdir(dir)) != NULL) {
		char path[2048];
		int zerr;
		zip_t *z;
		zip_stat_t st;
		zip_file_t *f;
		char *xml;
		tmpl_part *p = NULL;
		hz_error err;
		dynbuf out, t1, t2;
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 5, ".docx"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dirpath, e->d_name);
		z = zip_open(path, ZIP_RDONLY, &zerr);
		if (!z)
			continue;
		if (zip_stat(z, "word/document.xml", 0, &st) != 0 || st.size > 64u << 20) {
			zip_discard(z);
			continue;
		}
		xml = malloc(st.size + 1);
		f = zip_fopen(z, "word/document.xml", 0);
		if (!xml || !f || zip_fread(f, xml, st.size) != (zip_int64_t)st.size) {
			if (f)
				zip_fclose(f);
			zip_discard(z);
			free(xml);
			continue;
		}
		zip_fclose(f);
		zip_discard(z);
		xml[st.size] = '\0';
		hz_error_clear(&err);
		if (tmpl_part_compile(xml, st.size, "word/document.xml", &root_schema, &p, &err) != HZ_OK) {
			/* only a document that itself holds "{{" may be refused */
			assert_int_equal(err.code, HZ_E_TEMPLATE);
			free(xml);
			continue;
		}
		tried++;
		dynbuf_init(&out, 1u << 30);
		dynbuf_init(&t1, 1u << 30);
		dynbuf_init(&t2, 1u << 30);
		assert_int_equal(tmpl_part_render(p, NULL, &data, &out, &err), HZ_OK);
		if (text_of(xml, st.size, &t1) == 0) {
			if (text_of(dynbuf_str(&out), out.len, &t2) != 0)
				fail_msg("%s: output is not well-formed XML", e->d_name);
			if (t1.len == t2.len && !memcmp(dynbuf_str(&t1), dynbuf_str(&t2), t1.len))
				same++;
			else
				fail_msg("%s: text differs after a pass through the engine", e->d_name);
		}
		dynbuf_release(&out);
		dynbuf_release(&t1);
		dynbuf_release(&t2);
		tmpl_part_free(p);
		free(xml);
	}
	closedir(dir);
	assert_true(tried > 0);
	assert_int_equal(same, tried);
}

static void drawings_in_loops_get_fresh_ids(void **state)
{
	char *s = render("<w:document " W " xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
			 "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\"><w:body>"
			 "<w:p w14:paraId=\"1A2B3C4D\"><w:r><w:t>{{#items}}{{name}}</w:t></w:r><w:r><w:drawing><wp:inline>"
			 "<wp:docPr id=\"1\" name=\"图片 1\"/></wp:inline></w:drawing></w:r><w:r><w:t>{{/items}}</w:t></w:r></w:p>"
			 "<w:p w14:paraId=\"00000001\"><w:r><w:drawing><wp:inline><wp:docPr id=\"2\" name=\"x\"/></wp:inline></w:drawing></w:r></w:p>"
			 "</w:body></w:document>",
			 NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_non_null(strstr(s, "<wp:docPr id=\"100000\" name=\"图片 1\"/>"));
	assert_non_null(strstr(s, "<wp:docPr id=\"100001\""));
	assert_non_null(strstr(s, "<wp:docPr id=\"100002\""));
	assert_null(strstr(s, "1A2B3C4D"));
	/* outside loops, nothing changes */
	assert_non_null(strstr(s, "<wp:docPr id=\"2\" name=\"x\"/>"));
	assert_non_null(strstr(s, "w14:paraId=\"00000001\""));
	free(s);
}

/* ---- Title paragraphs: balanced lines (GB/T 9704 7.3.3) */

#define TITLE_P(runs) "<w:p><w:pPr><w:pStyle w:val=\"Title\"/><w:jc w:val=\"center\"/></w:pPr>" runs "</w:p>"
#define BR_T "</w:t><w:br/><w:t xml:space=\"preserve\">"

/* The rendered part parses as XML. */
static bool well_formed(const char *s)
{
	xmlDocPtr d = xmlReadMemory(s, (int)strlen(s), "x.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!d)
		return false;
	xmlFreeDoc(d);
	return true;
}

static void title_long_gets_one_balanced_break(void **state)
{
	/* 21 characters: two lines, not 20 + 1, and between words (SPEC 4):
	 * 自查自评 whole */
	char *s = render(DOC(TITLE_P("<w:r><w:rPr><w:b/></w:rPr><w:t>关于区交通运输局自查自评问题整改的反馈意见</w:t></w:r>")),
			 NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_int_equal(count_of(s, "<w:br/>"), 1);
	assert_non_null(strstr(s, "<w:t>关于区交通运输局自查自评" BR_T "问题整改的反馈意见</w:t></w:r>"));
	assert_true(well_formed(s));
	free(s);
}

static void title_from_a_field_counts_digits_wide(void **state)
{
	/* 18 characters and "2024": 20 em by the half-em count, but digits are
	 * wider in the fonts LibreOffice puts in for 方正小标宋简体, and it set
	 * this title as 19 characters and "总" alone */
	static const root r = {"2024年度区级机关模范机关创建自查情况汇总", "", NULL, 0};
	char *s = render_with(DOC(TITLE_P("<w:r><w:t>{{campaign.title}}</w:t></w:r>")), &r, NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_int_equal(count_of(s, "<w:br/>"), 1);
	/* …and 模范机关 whole (SPEC 4; ICU alone splits it 模范+机关) */
	assert_non_null(strstr(s, ">2024年度区级机关" BR_T "模范机关创建自查情况汇总</w:t>"));
	free(s);
}

static void title_breaks_at_a_field_edge(void **state)
{
	/* a unit's name from a field: the break after it keeps 自查自评 whole,
	 * though 8/13 is 2.5 characters less even than 10/11 */
	static const root r = {"区交通运输局", "", NULL, 0};
	/* an edge ten characters off the middle is not taken */
	static const root far = {"区局", "", NULL, 0};
	/* and the break falls where it is most even when there is no field
	 * edge near it: the same text typed into the template */
	char *s = render_with(DOC(TITLE_P("<w:r><w:t>关于{{campaign.title}}自查自评问题整改的反馈意见</w:t></w:r>")), &r,
			      NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_int_equal(count_of(s, "<w:br/>"), 1);
	assert_non_null(strstr(s, ">关于区交通运输局" BR_T "自查自评问题整改的反馈意见</w:t>"));
	free(s);
	s = render_with(DOC(TITLE_P("<w:r><w:t>关于{{campaign.title}}开展自查自评工作中发现问题整改落实情况的反馈意见</w:t>"
				    "</w:r>")),
			&far, NULL, NULL);
	assert_non_null(s);
	assert_int_equal(count_of(s, "<w:br/>"), 1);
	assert_non_null(strstr(s, ">关于区局开展自查自评工作中" BR_T "发现问题整改落实情况的反馈意见</w:t>"));
	free(s);
	s = render(DOC(TITLE_P("<w:r><w:t>关于区交通运输局自查自评问题整改的反馈意见</w:t></w:r>")), NULL, NULL);
	assert_non_null(s);
	assert_non_null(strstr(s, ">关于区交通运输局自查自评" BR_T "问题整改的反馈意见</w:t>"));
	free(s);
}

static void title_split_across_runs(void **state)
{
	/* the break point inside the second run: that w:t is split */
	char *s = render(DOC(TITLE_P("<w:r><w:rPr><w:b/></w:rPr><w:t>关于区交通运输局</w:t></w:r>"
				     "<w:r><w:rPr><w:i/></w:rPr><w:t>自查自评问题整改的反馈意见</w:t></w:r>")),
			 NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_int_equal(count_of(s, "<w:br/>"), 1);
	assert_non_null(strstr(s, "<w:b/></w:rPr><w:t>关于区交通运输局</w:t></w:r>"));
	assert_non_null(strstr(s, "<w:i/></w:rPr><w:t>自查自评" BR_T "问题整改的反馈意见</w:t></w:r>"));
	assert_true(well_formed(s));
	free(s);

	/* the break point where a run begins: the break goes before its w:t,
	 * in that run */
	s = render(DOC(TITLE_P("<w:r><w:t>关于区交通运输局自查自评</w:t></w:r>"
			       "<w:r><w:rPr><w:i/></w:rPr><w:t>问题整改的反馈意见</w:t></w:r>")),
		   NULL, NULL);
	assert_non_null(s);
	assert_int_equal(count_of(s, "<w:br/>"), 1);
	assert_non_null(strstr(s, "<w:t>关于区交通运输局自查自评</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:br/><w:t>问题"));
	assert_true(well_formed(s));
	free(s);
}

static void title_keeps_numbers_and_punctuation_whole(void **state)
{
	/* the even point falls in the middle of 12345678: the break goes
	 * before the number (the earlier of the two equal choices) */
	char *s = render(DOC(TITLE_P("<w:r><w:t>甲乙丙丁戊己庚辛壬癸12345678子丑寅卯辰巳午未申酉</w:t></w:r>")), NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_int_equal(count_of(s, "<w:br/>"), 1);
	assert_non_null(strstr(s, "壬癸" BR_T "12345678子丑"));
	free(s);

	/* never before a closing mark: the even break before "，" moves after it */
	s = render(DOC(TITLE_P("<w:r><w:t>甲乙丙丁戊己庚辛壬癸，子丑寅卯辰巳午未申酉</w:t></w:r>")), NULL, NULL);
	assert_non_null(s);
	assert_int_equal(count_of(s, "<w:br/>"), 1);
	assert_non_null(strstr(s, "壬癸，" BR_T "子丑"));
	free(s);

	/* never after an opening mark: not 甲…“ / 乙…, but 甲…“乙 / … */
	s = render(DOC(TITLE_P("<w:r><w:t>甲乙丙丁戊己庚辛壬“子丑寅卯辰巳午未申酉戌</w:t></w:r>")), NULL, NULL);
	assert_non_null(s);
	assert_int_equal(count_of(s, "<w:br/>"), 1);
	assert_non_null(strstr(s, "壬“子" BR_T "丑寅"));
	free(s);
}

static void title_short_or_already_broken_untouched(void **state)
{
	/* 20 characters fill the line exactly and stay on it */
	const char *one = DOC(TITLE_P("<w:r><w:t>未报送单位名单</w:t></w:r>")
			      TITLE_P("<w:r><w:t>甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉</w:t></w:r>"));
	const char *broken = DOC(TITLE_P("<w:r><w:t>关于区交通运输局自查自评问题整改的反馈</w:t><w:br/><w:t>意见</w:t></w:r>"));
	char *s = render(one, NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_null(strstr(s, "<w:br/>"));
	assert_non_null(strstr(s, "<w:t>未报送单位名单</w:t>"));
	assert_non_null(strstr(s, "<w:t>甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉</w:t>"));
	free(s);
	s = render(broken, NULL, NULL);
	assert_non_null(s);
	assert_int_equal(count_of(s, "<w:br/>"), 1);
	assert_non_null(strstr(s, "整改的反馈</w:t><w:br/><w:t>意见"));
	free(s);
}

static void non_title_paragraph_untouched(void **state)
{
	char *s = render(DOC("<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>关于区交通运输局自查自评问题整改的反馈意见</w:t></w:r></w:p>"
			     "<w:p><w:r><w:t>关于区交通运输局自查自评问题整改的反馈意见</w:t></w:r></w:p>"),
			 NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_null(strstr(s, "<w:br/>"));
	assert_int_equal(count_of(s, "<w:t>关于区交通运输局自查自评问题整改的反馈意见</w:t>"), 2);
	free(s);

	/* a Title in a table cell is as wide as the cell, not the type area */
	s = render(DOC("<w:tbl><w:tr><w:tc>" TITLE_P("<w:r><w:t>关于区交通运输局自查自评问题整改的反馈意见</w:t></w:r>")
		       "</w:tc></w:tr></w:tbl>"),
		   NULL, NULL);
	assert_non_null(s);
	assert_null(strstr(s, "<w:br/>"));
	free(s);
}

static void title_entities_count_as_one_character(void **state)
{
	/* 19 characters and "&": under one line; &amp; counted as its five
	 * bytes would be over */
	char *s = render(DOC(TITLE_P("<w:r><w:t>甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申&amp;</w:t></w:r>")), NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_null(strstr(s, "<w:br/>"));
	free(s);

	/* 10 + "&" + 10: the break goes before the entity, never inside it */
	s = render(DOC(TITLE_P("<w:r><w:t>甲乙丙丁戊己庚辛壬癸&amp;子丑寅卯辰巳午未申酉</w:t></w:r>")), NULL, NULL);
	assert_non_null(s);
	assert_int_equal(count_of(s, "<w:br/>"), 1);
	assert_non_null(strstr(s, "壬癸" BR_T "&amp;子丑"));
	assert_true(well_formed(s));
	free(s);

	/* a field's value escaped on the way in is measured the same way */
	{
		static const root r = {"甲乙丙丁戊己庚辛壬癸<子丑寅卯辰巳午未申酉", "", NULL, 0};
		s = render_with(DOC(TITLE_P("<w:r><w:t>{{campaign.title}}</w:t></w:r>")), &r, NULL, NULL);
		assert_non_null(s);
		assert_non_null(strstr(s, "壬癸" BR_T "&lt;子丑"));
		assert_true(well_formed(s));
		free(s);
	}
}

static void title_three_lines_and_loops(void **state)
{
	/* 50 characters: three lines of 16, 17, 17 */
	static const root r = {"甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸",
			       "", items3, 3};
	char *s = render_with(DOC(TITLE_P("<w:r><w:t>{{campaign.title}}</w:t></w:r>")), &r, NULL, NULL);
	(void)state;
	assert_non_null(s);
	assert_int_equal(count_of(s, "<w:br/>"), 2);
	/* ICU's dictionary finds words in 甲乙丙丁…: the breaks fall between
	 * them, the lines 18, 17 and 16 */
	assert_non_null(strstr(s, ">甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚" BR_T "辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁" BR_T
			       "戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸</w:t>"));
	free(s);

	/* a Title paragraph repeated by a loop: each copy balanced */
	s = render(DOC(TITLE_P("<w:r><w:t>{{#items}}关于{{.name}}自查自评问题整改工作情况的反馈意见{{/items}}</w:t></w:r>")),
		   NULL, NULL);
	assert_non_null(s);
	assert_int_equal(count_of(s, "<w:br/>"), 3);
	assert_non_null(strstr(s, ">关于甲局自查自评问题" BR_T "整改工作情况的反馈意见</w:t>"));
	assert_non_null(strstr(s, ">关于乙局自查自评问题" BR_T "整改工作情况的反馈意见</w:t>"));
	assert_non_null(strstr(s, ">关于丙局自查自评问题" BR_T "整改工作情况的反馈意见</w:t>"));
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_field),
		cmocka_unit_test(tag_split_across_runs_keeps_first_format),
		cmocka_unit_test(tag_split_in_every_character),
		cmocka_unit_test(full_width_tags_from_chinese_input),
		cmocka_unit_test(escaping_and_control_characters),
		cmocka_unit_test(escape_function_handles_bad_utf8_and_breaks),
		cmocka_unit_test(row_loop),
		cmocka_unit_test(paragraph_loop_and_nested_list),
		cmocka_unit_test(conditions_and_empty_list),
		cmocka_unit_test(unknown_tag_names_tag_and_place),
		cmocka_unit_test(unclosed_and_mismatched_tags),
		cmocka_unit_test(overlapping_scopes_refused),
		cmocka_unit_test(bookmarks_dropped_inside_loops),
		cmocka_unit_test(drawings_in_loops_get_fresh_ids),
		cmocka_unit_test(corpus_documents_pass_through),
		cmocka_unit_test(title_long_gets_one_balanced_break),
		cmocka_unit_test(title_from_a_field_counts_digits_wide),
		cmocka_unit_test(title_breaks_at_a_field_edge),
		cmocka_unit_test(title_split_across_runs),
		cmocka_unit_test(title_keeps_numbers_and_punctuation_whole),
		cmocka_unit_test(title_short_or_already_broken_untouched),
		cmocka_unit_test(non_title_paragraph_untouched),
		cmocka_unit_test(title_entities_count_as_one_character),
		cmocka_unit_test(title_three_lines_and_loops),
		cmocka_unit_test(constant_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
