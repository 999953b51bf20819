/* docx_reader: text rules of the oracle (make_oracle.py), the two text
 * modes, tables, text boxes, Strict OOXML, core.xml.  Each case zips its
 * own small package (libzip) from the XML written in the case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "cli/cli_dump_docx.h"
#include "read/docx_reader.h"
#include "hz_limits.h"
#include "read/pkg.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_STRICT_NS "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define DOC_OPEN(ns)                                                                                               \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"                                             \
	"<w:document xmlns:w=\"" ns "\" "                                                                          \
	"xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" "                                  \
	"xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" "                                        \
	"xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" "                           \
	"xmlns:v=\"urn:schemas-microsoft-com:vml\"><w:body>"
#define DOC_CLOSE "<w:sectPr/></w:body></w:document>"

static const char ROOT_RELS[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
	"xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
	"Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" "
	"Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
	"Target=\"docProps/core.xml\"/></Relationships>";

static const char STRICT_RELS[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
	"xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument\" "
	"Target=\"/word/main.xml\"/></Relationships>";

static const char CONTENT_TYPES[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
	"xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";

static char tmp_path[64];

/* Writes a package of (name, content) pairs, NULL-terminated. */
static const char *make_zip(const char *first, ...)
{
	va_list ap;
	const char *name;
	int fd, zerr;
	zip_t *z;
	snprintf(tmp_path, sizeof(tmp_path), "/tmp/hz_docx_XXXXXX");
	fd = mkstemp(tmp_path);
	assert_true(fd >= 0);
	close(fd);
	z = zip_open(tmp_path, ZIP_TRUNCATE, &zerr);
	assert_non_null(z);
	va_start(ap, first);
	for (name = first; name; name = va_arg(ap, const char *)) {
		const char *content = va_arg(ap, const char *);
		zip_source_t *src = zip_source_buffer(z, content, strlen(content), 0);
		assert_non_null(src);
		assert_true(zip_file_add(z, name, src, ZIP_FL_OVERWRITE) >= 0);
	}
	va_end(ap);
	assert_int_equal(zip_close(z), 0);
	return tmp_path;
}

static docx_document *read_body(const char *body, docx_text_mode mode)
{
	static char xml[16384];
	docx_document *doc = NULL;
	hz_error err;
	const char *path;
	snprintf(xml, sizeof(xml), "%s%s%s", DOC_OPEN(W_NS), body, DOC_CLOSE);
	path = make_zip("[Content_Types].xml", CONTENT_TYPES, "_rels/.rels", ROOT_RELS, "word/document.xml", xml,
			NULL);
	hz_error_clear(&err);
	assert_int_equal(docx_document_read(&doc, path, mode, &err), HZ_OK);
	unlink(path);
	assert_non_null(doc);
	return doc;
}

/* The dump of a body, as a malloc'd string. */
static char *dump_body(const char *body, docx_text_mode mode)
{
	docx_document *doc = read_body(body, mode);
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	assert_non_null(f);
	cli_dump_docx_json(f, doc);
	fclose(f);
	docx_document_free(doc);
	return buf;
}

static void assert_dump(const char *body, docx_text_mode mode, const char *want)
{
	char *got = dump_body(body, mode);
	assert_string_equal(got, want);
	free(got);
}

#define R(t) "<w:r><w:t>" t "</w:t></w:r>"

static void runs_tabs_breaks_and_wrappers(void **state)
{
	(void)state;
	assert_dump("<w:p><w:pPr><w:rPr><w:b/></w:rPr></w:pPr>" R("a") "<w:proofErr w:type=\"spellStart\"/>"
		    "<w:bookmarkStart w:id=\"1\" w:name=\"x\"/><w:r><w:tab/><w:t xml:space=\"preserve\"> b </w:t>"
		    "<w:br/><w:t>c</w:t><w:cr/></w:r><w:bookmarkEnd w:id=\"1\"/>"
		    "<w:hyperlink r:id=\"x\" xmlns:r=\"urn:r\">" R("link") "</w:hyperlink>"
		    "<w:smartTag w:uri=\"u\" w:element=\"e\">" R("st") "</w:smartTag>"
		    "<w:customXml w:element=\"c\">" R("cx") "</w:customXml></w:p>",
		    DOCX_TEXT_AS_STORED, "{\"blocks\":[\n{\"p\":\"a\\t b \\nc\\nlinkstcx\"}\n]}\n");
}

static void fields_keep_result_not_instructions(void **state)
{
	(void)state;
	assert_dump("<w:p><w:fldSimple w:instr=\" PAGE \">" R("3") "</w:fldSimple>"
		    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>"
		    "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" R("2022-10-28")
		    "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
		    DOCX_TEXT_AS_STORED, "{\"blocks\":[\n{\"p\":\"32022-10-28\"}\n]}\n");
}

static void tracked_changes(void **state)
{
	(void)state;
	assert_dump("<w:p><w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>未</w:delText></w:r></w:del>"
		    "<w:ins w:id=\"2\" w:author=\"a\">" R("完成") "</w:ins>"
		    "<w:moveFrom w:id=\"3\" w:author=\"a\">" R("旧") "</w:moveFrom>"
		    "<w:moveTo w:id=\"4\" w:author=\"a\">" R("新") "</w:moveTo>"
		    "<w:r><w:delText>x</w:delText></w:r></w:p>"
		    "<w:ins w:id=\"5\" w:author=\"a\"><w:p>" R("inserted paragraph") "</w:p></w:ins>",
		    DOCX_TEXT_AS_STORED, "{\"blocks\":[\n{\"p\":\"完成新\"},\n{\"p\":\"inserted paragraph\"}\n]}\n");
}

static const char PLACEHOLDER[] =
	"<w:tbl><w:tr><w:tc><w:p><w:sdt><w:sdtPr><w:alias w:val=\"完成情况\"/><w:showingPlcHdr/>"
	"<w:dropDownList><w:listItem w:displayText=\"已完成\" w:value=\"已完成\"/></w:dropDownList></w:sdtPr>"
	"<w:sdtContent>" R("选择一项。") "</w:sdtContent></w:sdt></w:p></w:tc>"
	"<w:tc><w:p><w:sdt><w:sdtPr><w:showingPlcHdr w:val=\"0\"/></w:sdtPr><w:sdtContent>" R("已完成")
	"</w:sdtContent></w:sdt></w:p></w:tc>"
	"<w:tc><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p>" R("单击此处") "</w:p>"
	"</w:sdtContent></w:sdt></w:tc></w:tr></w:tbl>";

static void placeholder_content_control_both_modes(void **state)
{
	(void)state;
	assert_dump(PLACEHOLDER, DOCX_TEXT_AS_STORED,
		    "{\"blocks\":[\n{\"table\":[[\"选择一项。\",\"已完成\",\"单击此处\"]]}\n]}\n");
	assert_dump(PLACEHOLDER, DOCX_TEXT_FOR_FORMS, "{\"blocks\":[\n{\"table\":[[\"\",\"已完成\",\"\"]]}\n]}\n");
}

#define LEGACY_CB(inner)                                                                                           \
	"<w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:name w:val=\"Check1\"/><w:enabled/>"                \
	"<w:checkBox><w:sizeAuto/>" inner "</w:checkBox></w:ffData></w:fldChar></w:r>"                             \
	"<w:r><w:instrText xml:space=\"preserve\"> FORMCHECKBOX </w:instrText></w:r>"                               \
	"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"

static const char LEGACY[] = "<w:p>" LEGACY_CB("<w:default w:val=\"0\"/><w:checked/>") R("是") "</w:p>"
			     "<w:p>" LEGACY_CB("<w:default w:val=\"1\"/><w:checked w:val=\"false\"/>") R("否") "</w:p>"
			     "<w:p>" LEGACY_CB("<w:default w:val=\"1\"/>") "</w:p>";

static void legacy_form_checkbox_both_modes(void **state)
{
	(void)state;
	assert_dump(LEGACY, DOCX_TEXT_AS_STORED, "{\"blocks\":[\n{\"p\":\"是\"},\n{\"p\":\"否\"},\n{\"p\":\"\"}\n]}\n");
	assert_dump(LEGACY, DOCX_TEXT_FOR_FORMS,
		    "{\"blocks\":[\n{\"p\":\"☑是\"},\n{\"p\":\"☐否\"},\n{\"p\":\"☑\"}\n]}\n");
}

static void w14_checkbox_keeps_its_glyph(void **state)
{
	static const char body[] =
		"<w:p><w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val=\"1\"/>"
		"<w14:checkedState w14:val=\"2612\" w14:font=\"MS Gothic\"/></w14:checkbox></w:sdtPr>"
		"<w:sdtContent>" R("☒") "</w:sdtContent></w:sdt></w:p>";
	(void)state;
	assert_dump(body, DOCX_TEXT_AS_STORED, "{\"blocks\":[\n{\"p\":\"☒\"}\n]}\n");
	assert_dump(body, DOCX_TEXT_FOR_FORMS, "{\"blocks\":[\n{\"p\":\"☒\"}\n]}\n");
}

static void wingdings_symbols_for_forms(void **state)
{
	static const char body[] = "<w:p><w:r><w:sym w:font=\"Wingdings 2\" w:char=\"F052\"/><w:t>已完成</w:t>"
				   "<w:sym w:font=\"Wingdings 2\" w:char=\"00A3\"/><w:t>未完成</w:t>"
				   "<w:sym w:font=\"Wingdings\" w:char=\"F0FE\"/><w:sym w:font=\"Wingdings\" w:char=\"A8\"/>"
				   "<w:sym w:font=\"Symbol\" w:char=\"F052\"/><w:sym w:font=\"Wingdings 3\" w:char=\"F052\"/>"
				   "</w:r></w:p>";
	(void)state;
	assert_dump(body, DOCX_TEXT_AS_STORED, "{\"blocks\":[\n{\"p\":\"已完成未完成\"}\n]}\n");
	assert_dump(body, DOCX_TEXT_FOR_FORMS, "{\"blocks\":[\n{\"p\":\"☑已完成☐未完成☑☐\"}\n]}\n");
}

static void nested_table_and_merges(void **state)
{
	docx_document *doc;
	docx_table *t;
	(void)state;
	doc = read_body("<w:p>" R("before") "</w:p>"
			"<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid>"
			"<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/></w:tcPr>"
			"<w:p>" R("A") "</w:p></w:tc><w:tc><w:p/></w:tc></w:tr>"
			"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
			"<w:tc><w:p>" R("x") "</w:p><w:tbl><w:tr><w:tc><w:p>" R("n1") "</w:p></w:tc>"
			"<w:tc><w:p>" R("n2") "</w:p><w:p>" R("n3") "</w:p></w:tc></w:tr></w:tbl>"
			"<w:p>" R("y") "</w:p></w:tc></w:tr></w:tbl>",
			DOCX_TEXT_AS_STORED);
	assert_int_equal(doc->nblocks, 2);
	assert_int_equal(doc->blocks[0].kind, DOCX_PARAGRAPH);
	assert_string_equal(doc->blocks[0].text, "before");
	assert_int_equal(doc->blocks[1].kind, DOCX_TABLE);
	t = doc->blocks[1].table;
	assert_int_equal(t->nrows, 2);
	assert_int_equal(t->rows[0].ncells, 2);
	assert_int_equal(t->rows[0].cells[0].grid_span, 2);
	assert_int_equal(t->rows[0].cells[0].vmerge, DOCX_VMERGE_RESTART);
	assert_int_equal(t->rows[0].cells[1].grid_span, 1);
	assert_int_equal(t->rows[0].cells[1].vmerge, DOCX_VMERGE_NONE);
	assert_int_equal(t->rows[1].cells[0].vmerge, DOCX_VMERGE_CONTINUE);
	assert_string_equal(t->rows[1].cells[0].text, "");
	/* the oracle's cell text: all paragraphs, nested tables' included */
	assert_string_equal(t->rows[1].cells[1].text, "x\nn1\nn2\nn3\ny");
	assert_int_equal(t->rows[1].cells[1].nparas, 5);
	assert_string_equal(t->rows[1].cells[1].paras[2], "n2");
	assert_int_equal(t->rows[1].cells[1].nnested, 1);
	assert_int_equal(t->rows[1].cells[1].nested[0]->nrows, 1);
	assert_string_equal(t->rows[1].cells[1].nested[0]->rows[0].cells[1].text, "n2\nn3");
	docx_document_free(doc);
}

static void text_boxes_are_apart(void **state)
{
	(void)state;
	assert_dump("<w:p>" R("body") "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>"
		    "<w:txbxContent><w:p>" R("box") "</w:p><w:p>" R("two") "</w:p></w:txbxContent>"
		    "</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p>"
		    R("box") "</w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent>"
		    "<w:t>after</w:t></w:r></w:p>",
		    DOCX_TEXT_AS_STORED,
		    "{\"blocks\":[\n{\"p\":\"bodyafter\"}\n],\"textboxes\":[\n[\"box\",\"two\"]\n]}\n");
}

static void ruby_keeps_base(void **state)
{
	(void)state;
	assert_dump("<w:p><w:r><w:ruby><w:rubyPr/><w:rt>" R("zhǎng") "</w:rt><w:rubyBase>" R("長")
		    "</w:rubyBase></w:ruby></w:r>" R("寧") "</w:p>",
		    DOCX_TEXT_AS_STORED, "{\"blocks\":[\n{\"p\":\"長寧\"}\n]}\n");
}

static void block_level_wrappers(void **state)
{
	(void)state;
	/* block-level sdt, customXml are looked through; what else stands at
	 * body level (mc:AlternateContent, a w:del) is not a block */
	assert_dump("<w:sdt><w:sdtPr/><w:sdtContent><w:p>" R("s") "</w:p></w:sdtContent></w:sdt>"
		    "<w:customXml><w:tbl><w:customXml><w:tr><w:sdt><w:sdtContent><w:tc><w:p>" R("c")
		    "</w:p></w:tc></w:sdtContent></w:sdt></w:tr></w:customXml></w:tbl></w:customXml>"
		    "<w:del><w:p>" R("gone") "</w:p></w:del>",
		    DOCX_TEXT_AS_STORED, "{\"blocks\":[\n{\"p\":\"s\"},\n{\"table\":[[\"c\"]]}\n]}\n");
}

static void strict_package_and_core_modified(void **state)
{
	docx_document *doc = NULL;
	hz_error err;
	const char *path = make_zip(
		"[Content_Types].xml", CONTENT_TYPES, "_rels/.rels", STRICT_RELS, "word/main.xml",
		DOC_OPEN(W_STRICT_NS) "<w:p><w:r><w:t>严格</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:tcPr>"
				      "<w:gridSpan w:val=\"3\"/></w:tcPr><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr>"
				      "</w:tbl>" DOC_CLOSE,
		"docProps/core.xml",
		"<?xml version=\"1.0\"?><cp:coreProperties "
		"xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
		"xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
		"<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2022-10-28T09:30:00Z</dcterms:modified>"
		"</cp:coreProperties>",
		NULL);
	(void)state;
	hz_error_clear(&err);
	assert_int_equal(docx_document_read(&doc, path, DOCX_TEXT_AS_STORED, &err), HZ_OK);
	unlink(path);
	assert_int_equal(doc->nblocks, 2);
	assert_string_equal(doc->blocks[0].text, "严格");
	assert_int_equal(doc->blocks[1].table->rows[0].cells[0].grid_span, 3);
	assert_string_equal(doc->modified, "2022-10-28T09:30:00Z");
	docx_document_free(doc);
}

static void refusals(void **state)
{
	docx_document *doc = NULL;
	hz_error err;
	const char *path;
	(void)state;
	/* an .xlsx named .docx: the main part is no Word document */
	path = make_zip("[Content_Types].xml", CONTENT_TYPES, "_rels/.rels", ROOT_RELS, "word/document.xml",
			"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>", NULL);
	hz_error_clear(&err);
	assert_int_equal(docx_document_read(&doc, path, DOCX_TEXT_AS_STORED, &err), HZ_E_FORMAT);
	assert_null(doc);
	assert_string_equal(err.part, "word/document.xml");
	unlink(path);
	/* no body */
	path = make_zip("_rels/.rels", ROOT_RELS, "word/document.xml", "<w:document xmlns:w=\"" W_NS "\"/>", NULL);
	assert_int_equal(docx_document_read(&doc, path, DOCX_TEXT_AS_STORED, &err), HZ_E_FORMAT);
	unlink(path);
	/* relationship to a missing part */
	path = make_zip("_rels/.rels", ROOT_RELS, "word/other.xml", "<x/>", NULL);
	assert_int_not_equal(docx_document_read(&doc, path, DOCX_TEXT_AS_STORED, &err), HZ_OK);
	assert_null(doc);
	unlink(path);
	/* not well-formed */
	path = make_zip("_rels/.rels", ROOT_RELS, "word/document.xml", DOC_OPEN(W_NS) "<w:p>", NULL);
	assert_int_equal(docx_document_read(&doc, path, DOCX_TEXT_AS_STORED, &err), HZ_E_XML);
	unlink(path);
	/* no _rels/.rels: Word's usual part name is tried */
	path = make_zip("word/document.xml", DOC_OPEN(W_NS) "<w:p>" R("ok") "</w:p>" DOC_CLOSE, NULL);
	assert_int_equal(docx_document_read(&doc, path, DOCX_TEXT_AS_STORED, &err), HZ_OK);
	assert_string_equal(doc->blocks[0].text, "ok");
	docx_document_free(doc);
	unlink(path);
}

/* Form reading opens the package once, asks for the main part, then hands
 * the package over: same document as from the path; p is the reader's on
 * failure too (a leak here shows under make asan / valgrind). */
static void reads_from_an_open_package(void **state)
{
	docx_document *doc = NULL;
	hz_error err;
	pkg *p = NULL;
	char *main_part;
	const char *path = make_zip("[Content_Types].xml", CONTENT_TYPES, "_rels/.rels", ROOT_RELS, "word/document.xml",
				    DOC_OPEN(W_NS) "<w:p>" R("一次") "</w:p>" DOC_CLOSE, NULL);
	(void)state;
	hz_error_clear(&err);
	assert_int_equal(pkg_open(&p, path, &err), HZ_OK);
	main_part = pkg_rel_target(p, "", "/officeDocument", NULL);
	assert_string_equal(main_part, "word/document.xml");
	free(main_part);
	assert_int_equal(docx_document_read_pkg(&doc, p, DOCX_TEXT_AS_STORED, &err), HZ_OK);
	assert_int_equal(doc->nblocks, 1);
	assert_string_equal(doc->blocks[0].text, "一次");
	docx_document_free(doc);
	doc = NULL;
	unlink(path);
	/* an .xlsx named .docx: refused, and p freed by the reader */
	path = make_zip("_rels/.rels", ROOT_RELS, "word/document.xml",
			"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>", NULL);
	hz_error_clear(&err);
	assert_int_equal(pkg_open(&p, path, &err), HZ_OK);
	assert_int_equal(docx_document_read_pkg(&doc, p, DOCX_TEXT_AS_STORED, &err), HZ_E_FORMAT);
	assert_null(doc);
	assert_string_equal(err.part, "word/document.xml");
	assert_string_equal(err.file, path);
	/* unreadable _rels/.rels, already asked about once without an error
	 * sink (as form.c's sniff does): the reader still sees the failure */
	unlink(path);
	path = make_zip("_rels/.rels", "<Relationships", "word/document.xml", "<x/>", NULL);
	hz_error_clear(&err);
	assert_int_equal(pkg_open(&p, path, &err), HZ_OK);
	assert_null(pkg_rel_target(p, "", "/officeDocument", NULL));
	assert_int_equal(docx_document_read_pkg(&doc, p, DOCX_TEXT_AS_STORED, &err), HZ_E_FORMAT);
	assert_null(doc);
	unlink(path);
}

static void block_cap_refuses(void **state)
{
	/* one paragraph more than HZ_MAX_DOCX_BLOCKS: a clean HZ_E_LIMIT */
	static const char open[] = DOC_OPEN(W_NS), close_[] = DOC_CLOSE;
	size_t n = HZ_MAX_DOCX_BLOCKS + 1, len = sizeof(open) - 1 + n * 6 + sizeof(close_);
	char *xml = malloc(len), *w = xml;
	docx_document *doc = NULL;
	hz_error err;
	const char *path;
	(void)state;
	assert_non_null(xml);
	memcpy(w, open, sizeof(open) - 1);
	w += sizeof(open) - 1;
	for (size_t i = 0; i < n; i++, w += 6)
		memcpy(w, "<w:p/>", 6);
	memcpy(w, close_, sizeof(close_));
	path = make_zip("_rels/.rels", ROOT_RELS, "word/document.xml", xml, NULL);
	hz_error_clear(&err);
	assert_int_equal(docx_document_read(&doc, path, DOCX_TEXT_AS_STORED, &err), HZ_E_LIMIT);
	assert_null(doc);
	assert_non_null(strstr(err.detail, "HZ_MAX_DOCX_BLOCKS"));
	unlink(path);
	free(xml);
}

static void json_strings_are_escaped_and_valid(void **state)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	(void)state;
	cli_dump_json_string(f, "a\"b\\c\x01\x1f\r\n\t汇\xff\xc3");
	fclose(f);
	assert_string_equal(buf, "\"a\\\"b\\\\c\\u0001\\u001f\\r\\n\\t汇\xef\xbf\xbd\xef\xbf\xbd\"");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(runs_tabs_breaks_and_wrappers),
		cmocka_unit_test(fields_keep_result_not_instructions),
		cmocka_unit_test(tracked_changes),
		cmocka_unit_test(placeholder_content_control_both_modes),
		cmocka_unit_test(legacy_form_checkbox_both_modes),
		cmocka_unit_test(w14_checkbox_keeps_its_glyph),
		cmocka_unit_test(wingdings_symbols_for_forms),
		cmocka_unit_test(nested_table_and_merges),
		cmocka_unit_test(text_boxes_are_apart),
		cmocka_unit_test(ruby_keeps_base),
		cmocka_unit_test(block_level_wrappers),
		cmocka_unit_test(strict_package_and_core_modified),
		cmocka_unit_test(refusals),
		cmocka_unit_test(reads_from_an_open_package),
		cmocka_unit_test(block_cap_refuses),
		cmocka_unit_test(json_strings_are_escaped_and_valid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
