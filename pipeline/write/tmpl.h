/*
 * The .docx template engine: placeholders and loops typed in Word or WPS
 * into an ordinary document, filled from data the caller describes.
 *
 * Tag language (inside the document's text, in any run formatting):
 *   {{name}}        the text of a field, XML-escaped, in the formatting of
 *                   the run where the tag begins.  A line break in the
 *                   value becomes <w:br/>, a tab <w:tab/>.
 *   {{#list}} … {{/list}}   repeated once per item of a list
 *   {{?name}} … {{/name}}   kept once when the list has items (or the text
 *                           field is not empty), dropped otherwise
 *   {{^name}} … {{/name}}   the opposite: kept only when empty
 *
 * What a pair of {{#x}}/{{/x}} (or ?, ^) repeats or hides depends on where
 * its two tags stand:
 *   - both in one paragraph: that paragraph;
 *   - in two cells of one table row: that row;
 *   - in two paragraphs of the same level (body, one table cell, a header):
 *     every paragraph and table from the first to the second.  A paragraph
 *     holding nothing but such tags is a marker and is left out of the
 *     output, so a block loop adds no empty lines;
 *   - in rows of one table (tags in the first and last row): those rows.
 *
 * Names: inside a loop, {{.x}} is the field x of the current item; a name
 * without the leading '.' is looked up in the current item, then in the
 * items of the enclosing loops, then among the document's own fields (such
 * as {{campaign.title}}; the dots there are part of the name).  A name that
 * is not known, a loop over a text field, an opening tag without its
 * closing one (or the reverse), and tags that overlap fail with
 * HZ_E_TEMPLATE; err->part names the part and err->where the place
 * ("paragraph 12", "table 2 row 3"), err->detail the tag.  The checks all
 * happen when the template is compiled, before anything is written.
 *
 * Word splits typed text into several runs (spelling marks, bookmarks,
 * revision ids, formatting changes): a tag split that way is still found,
 * and the whole tag is moved into the run where it began.  Chinese input
 * methods type full-width forms: ｛｛…｝｝ delimit a tag too, and ＃ ． ／
 * and the ideographic space inside a tag are read as # . / and a space.
 *
 * Titles: a paragraph of style "Title" (on the page, not in a table cell or
 * text box) that comes out longer than one line of the GB/T 9704 title (2号
 * on the 156 mm type area, 20 characters) is given <w:br/> so that its lines
 * are as even as possible (GB/T 9704-2012 7.3.3), never inside a number or
 * a Latin word, before a closing or after an opening punctuation mark; with
 * an odd count the longer line is the later one.  A title that already
 * breaks its lines is left alone.  Only the text of its w:t is measured.
 *
 * Cost: a part is parsed once (a DOM of the template only) and compiled into
 * a flat program of literal XML and field/loop operations; rendering runs
 * that program, writing each item once, so time is linear in the data.
 */
#ifndef HZ_TMPL_H
#define HZ_TMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "write/wordbreak.h"
#include "dynbuf.h"
#include "hzerr.h"

typedef enum tmpl_kind {
	TMPL_TEXT,
	TMPL_LIST
} tmpl_kind;

typedef struct tmpl_schema tmpl_schema;

typedef struct tmpl_field {
	const char *name;
	tmpl_kind kind;
	const tmpl_schema *item; /* TMPL_LIST: the schema of each item */
} tmpl_field;

/*
 * What an object of one kind offers to a template.  obj is the object
 * (the root passed to render, or an item handed out by `item`); ctx is the
 * caller's context passed to render.  `field` indexes `fields`.
 */
struct tmpl_schema {
	const tmpl_field *fields;
	size_t nfields;
	/* TMPL_TEXT: appends the raw UTF-8 value (the engine escapes it). */
	hz_code (*text)(void *ctx, const void *obj, size_t field, dynbuf *out);
	/* TMPL_LIST: number of items, and item i (an object of `item`). */
	size_t (*count)(void *ctx, const void *obj, size_t field);
	const void *(*item)(void *ctx, const void *obj, size_t field, size_t i);
};

/* One compiled XML part (word/document.xml, a header, a footer). */
typedef struct tmpl_part tmpl_part;

/* Compiles the part's XML against the root schema.  part_name is used in
 * errors.  On success *out is set; caller frees with tmpl_part_free. */
HZ_MUST_USE hz_code tmpl_part_compile(const char *xml, size_t len, const char *part_name, const tmpl_schema *root,
			  tmpl_part **out, hz_error *err);
/* Appends the filled XML to out. */
HZ_MUST_USE hz_code tmpl_part_render(const tmpl_part *p, void *ctx, const void *root, dynbuf *out, hz_error *err);
void tmpl_part_free(tmpl_part *p);
/* The part renders the same whatever ctx and root: it has no field, list
 * or condition (a footer with a page number). */
bool tmpl_part_constant(const tmpl_part *p);

/* Where the part's titles may break their lines (write/wordbreak.h): w
 * must outlive the renders; NULL (the default) knows the common terms only. */
void tmpl_part_set_words(tmpl_part *p, const wordbreak *w);

#endif
