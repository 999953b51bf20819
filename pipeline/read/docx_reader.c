/*
 * docx_reader: one SAX2 pass over the main document part.
 *
 * Every open element has a frame holding two independent states:
 *  - its place in the block structure (body, table, row, cell, or nowhere):
 *    only w:p/w:tbl reached from w:body through the look-through wrappers
 *    (w:sdt, w:sdtContent, w:customXml, w:ins, w:moveTo, w:smartTag) are
 *    blocks, and only w:tr/w:tc reached likewise from them are rows/cells;
 *  - its text state relative to the innermost open w:p: walked (text of
 *    runs below counts), inside a counted run, inside its w:t, or dead
 *    (deletions, field instructions, text boxes, drawings ...).
 * Every w:p gets its own text buffer wherever it stands, so paragraphs of
 * text boxes (which nest inside runs of other paragraphs) come out too.
 */
#include "read/docx_reader.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "hz_limits.h"
#include "read/pkg.h"
#include "read/docx_wml.h"

#include "banned.h"

/* Frames kept: pkg stops the parse past HZ_MAX_XML_DEPTH, the margin only
 * guards against an off-by-one between the two counts. */
#define MAX_FRAMES (HZ_MAX_XML_DEPTH + 8)

enum place { PL_NONE, PL_ROOT, PL_BODY, PL_TC, PL_CELL, PL_TABLE, PL_ROW, PL_TCPR };
enum textst { TX_NONE, TX_WALK, TX_RUN, TX_T, TX_RUBY, TX_RUBYBASE };
enum home { HOME_NONE, HOME_BODY, HOME_CELL };

typedef struct frame {
	unsigned char el, place, text;
	unsigned char suppress;      /* inside a placeholder content control (FOR_FORMS) */
	unsigned char plc;           /* w:sdt whose sdtPr says showingPlcHdr */
	unsigned char t_closed;      /* w:t: a child element started; later text is not .text */
	unsigned char opened_para, opened_run, opened_table, opened_cell, opened_body;
	unsigned char fallback, txbx, counted_txbx, fldchar;
} frame;

typedef struct para_state {
	dynbuf text;
	enum home home;
	size_t tb, tb_slot; /* text box slot when has_tb */
	int has_tb;
} para_state;

typedef struct run_state {
	dynbuf *dest;  /* the paragraph, or the ruby text of the run whose base holds this one */
	dynbuf ruby;   /* rubyBase runs' text: appended after the run's own text */
} run_state;

typedef struct reader {
	docx_document *doc;
	docx_text_mode mode;
	hz_code rc;
	hz_error *err;
	frame frames[MAX_FRAMES];
	size_t depth;
	int root_seen, body_seen, in_body;
	size_t fallback_open, txbx_open;
	long cur_tb;
	para_state paras[MAX_FRAMES];
	size_t npara;
	run_state runs[MAX_FRAMES];
	size_t nrun;
	docx_table *tables[MAX_FRAMES];
	size_t ntables;
	docx_cell *cells[MAX_FRAMES];
	size_t ncells;
	/* legacy form checkbox: the w:fldChar being read */
	size_t fld_open;
	int fld_cb, fld_checked, fld_has_checked, fld_default;
	const xmlChar *wml_uri; /* the parse's WordprocessingML namespace string (classify) */
	size_t bytes, items; /* stored copies */
	size_t emitted;      /* text appended to working buffers */
} reader;

static int fail(reader *r, hz_code code, const char *detail)
{
	if (!r->rc) {
		r->rc = code;
		hz_error_set(r->err, code, "%s", detail);
	}
	return -1;
}

/* Makes room for index n of an array holding n elements: capacity doubles
 * at powers of two.  Returns the (maybe moved) array, NULL on failure (the
 * old one is then left as it was). */
static void *grow_array(reader *r, void *arr, size_t n, size_t elsize)
{
	size_t cap;
	void *p;
	if (n != 0 && (n < 4 || (n & (n - 1)) != 0))
		return arr;
	cap = n == 0 ? 4 : n * 2;
	if (cap > SIZE_MAX / elsize) {
		fail(r, HZ_E_NOMEM, "array too large");
		return NULL;
	}
	p = realloc(arr, cap * elsize);
	if (!p)
		fail(r, HZ_E_NOMEM, "out of memory");
	return p;
}

/* GROW(r, array lvalue, count): 0, or -1 with r->rc set.  Needs a local
 * `void *grown` (keeps the array's own type at the assignment). */
#define GROW(r, arr, n) ((grown = grow_array((r), (arr), (n), sizeof(*(arr)))) == NULL ? -1 : ((arr) = grown, 0))

static int count_item(reader *r, size_t bytes)
{
	if (++r->items > HZ_MAX_DOCX_ITEMS)
		return fail(r, HZ_E_LIMIT, "too many table cells and paragraphs (HZ_MAX_DOCX_ITEMS)");
	if (bytes > HZ_MAX_DOCX_BODY_BYTES - r->bytes)
		return fail(r, HZ_E_LIMIT, "body text too large (HZ_MAX_DOCX_BODY_BYTES)");
	r->bytes += bytes;
	return 0;
}

static void emit(reader *r, const frame *f, dynbuf *dest, const char *s, size_t n)
{
	hz_code rc;
	if (f->suppress || !dest)
		return;
	/* every byte of text handed to a buffer, copies up a ruby chain
	 * included: bounds the memory of all live buffers together */
	if (n > HZ_MAX_DOCX_BODY_BYTES - r->emitted) {
		fail(r, HZ_E_LIMIT, "body text too large (HZ_MAX_DOCX_BODY_BYTES)");
		return;
	}
	r->emitted += n;
	rc = dynbuf_add(dest, s, n);
	if (rc)
		fail(r, rc, rc == HZ_E_LIMIT ? "paragraph text too large (HZ_MAX_DOCX_BODY_BYTES)" : "out of memory");
}

static docx_table *new_table(reader *r)
{
	docx_table *t;
	if (r->ntables >= MAX_FRAMES) {
		fail(r, HZ_E_LIMIT, "tables nested too deep");
		return NULL;
	}
	if (count_item(r, 0))
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		fail(r, HZ_E_NOMEM, "out of memory");
	return t;
}

static void open_table(reader *r, frame *f, enum place parent_place)
{
	void *grown;
	docx_table *t;
	docx_document *doc = r->doc;
	if (parent_place == PL_BODY) {
		if (doc->nblocks >= HZ_MAX_DOCX_BLOCKS) {
			fail(r, HZ_E_LIMIT, "too many paragraphs and tables (HZ_MAX_DOCX_BLOCKS)");
			return;
		}
		if (GROW(r, doc->blocks, doc->nblocks))
			return;
		if (!(t = new_table(r)))
			return;
		doc->blocks[doc->nblocks].kind = DOCX_TABLE;
		doc->blocks[doc->nblocks].text = NULL;
		doc->blocks[doc->nblocks].table = t;
		doc->nblocks++;
	} else {
		docx_cell *c = r->cells[r->ncells - 1];
		if (GROW(r, c->nested, c->nnested))
			return;
		if (!(t = new_table(r)))
			return;
		c->nested[c->nnested++] = t;
	}
	r->tables[r->ntables++] = t;
	f->opened_table = 1;
	f->place = PL_TABLE;
}

static void open_row(reader *r, frame *f)
{
	void *grown;
	docx_table *t = r->tables[r->ntables - 1];
	if (count_item(r, 0) || GROW(r, t->rows, t->nrows))
		return;
	t->rows[t->nrows].cells = NULL;
	t->rows[t->nrows].ncells = 0;
	t->nrows++;
	f->place = PL_ROW;
}

static void open_cell(reader *r, frame *f)
{
	void *grown;
	docx_table *t = r->tables[r->ntables - 1];
	docx_row *row;
	docx_cell *c;
	if (t->nrows == 0)
		return; /* cannot happen: a row frame is open */
	row = &t->rows[t->nrows - 1];
	if (count_item(r, 0) || GROW(r, row->cells, row->ncells))
		return;
	c = &row->cells[row->ncells++];
	memset(c, 0, sizeof(*c));
	c->grid_span = 1;
	c->vmerge = DOCX_VMERGE_NONE;
	r->cells[r->ncells++] = c;
	f->opened_cell = 1;
	f->place = PL_TC;
}

static void close_cell(reader *r)
{
	docx_cell *c = r->cells[--r->ncells];
	dynbuf b;
	size_t i;
	hz_code rc = HZ_OK;
	dynbuf_init(&b, HZ_MAX_DOCX_BODY_BYTES);
	for (i = 0; i < c->nparas && !rc; i++) {
		if (i)
			rc = dynbuf_addc(&b, '\n');
		if (!rc)
			rc = dynbuf_addstr(&b, c->paras[i]);
	}
	if (rc) {
		dynbuf_release(&b);
		fail(r, rc, "cell text too large");
		return;
	}
	c->text = dynbuf_detach(&b, NULL);
	if (!c->text)
		fail(r, HZ_E_NOMEM, "out of memory");
	else
		count_item(r, strlen(c->text));
}

static void open_para(reader *r, frame *f, enum place parent_place)
{
	void *grown;
	para_state *ps;
	if (r->npara >= MAX_FRAMES) {
		fail(r, HZ_E_LIMIT, "paragraphs nested too deep");
		return;
	}
	ps = &r->paras[r->npara];
	dynbuf_reset(&ps->text);
	ps->home = parent_place == PL_BODY ? HOME_BODY
		   : (parent_place == PL_TC || parent_place == PL_CELL) ? HOME_CELL
									: HOME_NONE;
	ps->has_tb = 0;
	if (r->cur_tb >= 0) {
		docx_textbox *tb = &r->doc->textboxes[r->cur_tb];
		if (count_item(r, 0) || GROW(r, tb->paras, tb->nparas))
			return;
		tb->paras[tb->nparas] = NULL;
		ps->tb = (size_t)r->cur_tb;
		ps->tb_slot = tb->nparas++;
		ps->has_tb = 1;
	}
	r->npara++;
	f->opened_para = 1;
	f->text = TX_WALK;
}

static char *dup_text(reader *r, const char *s, size_t n)
{
	char *d;
	if (count_item(r, n))
		return NULL;
	d = malloc(n + 1);
	if (!d) {
		fail(r, HZ_E_NOMEM, "out of memory");
		return NULL;
	}
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static void close_para(reader *r)
{
	void *grown;
	para_state *ps = &r->paras[--r->npara];
	const char *s = dynbuf_str(&ps->text);
	size_t n = ps->text.len, i;
	docx_document *doc = r->doc;

	if (ps->home == HOME_BODY) {
		char *d;
		if (doc->nblocks >= HZ_MAX_DOCX_BLOCKS) {
			fail(r, HZ_E_LIMIT, "too many paragraphs and tables (HZ_MAX_DOCX_BLOCKS)");
			return;
		}
		if (GROW(r, doc->blocks, doc->nblocks))
			return;
		if (!(d = dup_text(r, s, n)))
			return;
		doc->blocks[doc->nblocks].kind = DOCX_PARAGRAPH;
		doc->blocks[doc->nblocks].text = d;
		doc->blocks[doc->nblocks].table = NULL;
		doc->nblocks++;
	} else if (ps->home == HOME_CELL) {
		/* the oracle's cell text holds its nested tables' paragraphs:
		 * every open cell encloses this one */
		for (i = 0; i < r->ncells; i++) {
			docx_cell *c = r->cells[i];
			char *d;
			if (GROW(r, c->paras, c->nparas))
				return;
			if (!(d = dup_text(r, s, n)))
				return;
			c->paras[c->nparas++] = d;
		}
	}
	if (ps->has_tb) {
		char *d = dup_text(r, s, n);
		if (d)
			doc->textboxes[ps->tb].paras[ps->tb_slot] = d;
	}
}

static void open_textbox(reader *r, frame *f)
{
	void *grown;
	docx_document *doc = r->doc;
	if (count_item(r, 0) || GROW(r, doc->textboxes, doc->ntextboxes))
		return;
	doc->textboxes[doc->ntextboxes].paras = NULL;
	doc->textboxes[doc->ntextboxes].nparas = 0;
	r->cur_tb = (long)doc->ntextboxes++;
	f->counted_txbx = 1;
}

static int is_look_through(enum el e)
{
	return e == EL_SDT || e == EL_SDTCONTENT || e == EL_CUSTOMXML || e == EL_INS || e == EL_MOVETO ||
	       e == EL_SMARTTAG;
}

/* Elements whose content is never paragraph text, when met while walking a
 * paragraph (outside runs). */
static int is_walk_skip(enum el e)
{
	return e == EL_DEL || e == EL_MOVEFROM || e == EL_TXBX || e == EL_PPR || e == EL_RPR ||
	       e == EL_INSTRTEXT || e == EL_DELTEXT || e == EL_FALLBACK;
}

/* Where a child of a frame in place `pp` stands; opens tables/rows/cells. */
static void place_child(reader *r, frame *f, const frame *parent, int nb_attributes, const xmlChar **attrs)
{
	enum el e = (enum el)f->el;
	switch (parent->place) {
	case PL_ROOT:
		if (e == EL_BODY && !r->body_seen) {
			r->body_seen = 1;
			r->in_body = 1;
			f->opened_body = 1;
			f->place = PL_BODY;
		}
		break;
	case PL_BODY:
	case PL_TC:
	case PL_CELL:
		if (e == EL_TBL)
			open_table(r, f, (enum place)parent->place);
		else if (is_look_through(e))
			f->place = parent->place == PL_BODY ? PL_BODY : PL_CELL;
		else if (e == EL_TCPR && parent->place == PL_TC)
			f->place = PL_TCPR;
		break;
	case PL_TABLE:
		if (e == EL_TR)
			open_row(r, f);
		else if (is_look_through(e))
			f->place = PL_TABLE;
		break;
	case PL_ROW:
		if (e == EL_TC)
			open_cell(r, f);
		else if (is_look_through(e))
			f->place = PL_ROW;
		break;
	case PL_TCPR:
		if (r->ncells && (e == EL_GRIDSPAN || e == EL_VMERGE)) {
			docx_cell *c = r->cells[r->ncells - 1];
			const char *v = NULL;
			long n = docx_wml_attr_val(nb_attributes, attrs, "val", &v);
			if (e == EL_VMERGE) {
				c->vmerge = docx_wml_val_is(v, n, "restart") ? DOCX_VMERGE_RESTART : DOCX_VMERGE_CONTINUE;
			} else if (n > 0 && n < 12) {
				char tmp[12], *end;
				long span;
				memcpy(tmp, v, (size_t)n);
				tmp[n] = '\0';
				span = strtol(tmp, &end, 10);
				if (*end == '\0' && span >= 1 && span <= (long)HZ_MAX_COLS)
					c->grid_span = (int)span;
			}
		}
		break;
	default:
		break;
	}
}

static void text_child(reader *r, frame *f, const frame *parent, int nb_attributes, const xmlChar **attrs)
{
	enum el e = (enum el)f->el;
	int new_run = 0, to_ruby = 0;

	switch (parent->text) {
	case TX_WALK:
		if (e == EL_R)
			new_run = 1;
		else if (!is_walk_skip(e))
			f->text = TX_WALK;
		break;
	case TX_RUN: {
		dynbuf *dest = r->runs[r->nrun - 1].dest;
		if (e == EL_T)
			f->text = TX_T;
		else if (e == EL_TAB)
			emit(r, f, dest, "\t", 1);
		else if (e == EL_BR || e == EL_CR)
			emit(r, f, dest, "\n", 1);
		else if (e == EL_RUBY)
			f->text = TX_RUBY;
		else if (e == EL_SYM && r->mode == DOCX_TEXT_FOR_FORMS) {
			const char *glyph = docx_wml_sym_glyph(nb_attributes, attrs);
			if (glyph)
				emit(r, f, dest, glyph, strlen(glyph));
		} else if (e == EL_FLDCHAR) {
			const char *v = NULL;
			long n = docx_wml_attr_val(nb_attributes, attrs, "fldCharType", &v);
			if (docx_wml_val_is(v, n, "begin")) {
				f->fldchar = 1;
				r->fld_open++;
				r->fld_cb = r->fld_checked = r->fld_has_checked = r->fld_default = 0;
			}
		}
		break;
	}
	case TX_RUBY:
		if (e == EL_RUBYBASE)
			f->text = TX_RUBYBASE;
		break;
	case TX_RUBYBASE:
		if (e == EL_R)
			new_run = to_ruby = 1;
		else
			f->text = TX_RUBYBASE;
		break;
	default:
		break;
	}
	if (new_run && r->npara) {
		run_state *rs;
		if (r->nrun >= MAX_FRAMES) {
			fail(r, HZ_E_LIMIT, "runs nested too deep");
			return;
		}
		rs = &r->runs[r->nrun];
		rs->dest = to_ruby && r->nrun ? &r->runs[r->nrun - 1].ruby : &r->paras[r->npara - 1].text;
		dynbuf_reset(&rs->ruby);
		r->nrun++;
		f->opened_run = 1;
		f->text = TX_RUN;
	}
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
		     int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		     const xmlChar **attrs)
{
	reader *r = ctx;
	frame *f, *parent;
	enum el e;
	(void)prefix;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;

	if (r->rc)
		return;
	if (r->depth >= MAX_FRAMES) {
		fail(r, HZ_E_LIMIT, "elements nested too deep");
		return;
	}
	e = docx_wml_classify(localname, uri, &r->wml_uri);
	parent = r->depth ? &r->frames[r->depth - 1] : NULL;
	f = &r->frames[r->depth++];
	memset(f, 0, sizeof(*f));
	f->el = (unsigned char)e;

	if (!parent) {
		/* the oracle takes the w:body child of whatever w:-root it finds */
		if (!docx_wml_is_ns(uri)) {
			hz_error_set(r->err, HZ_E_FORMAT, "not a Word document: main part root is <%.60s>",
				     (const char *)localname);
			r->rc = HZ_E_FORMAT;
			return;
		}
		r->root_seen = 1;
		f->place = PL_ROOT;
		return;
	}
	f->suppress = parent->suppress;
	if (parent->text == TX_T)
		parent->t_closed = 1;

	/* content controls: placeholder text is no value (SPEC 5.12) */
	if (e == EL_SHOWINGPLCHDR && parent->el == EL_SDTPR && r->depth >= 3 &&
	    r->frames[r->depth - 3].el == EL_SDT && docx_wml_onoff(nb_attributes, attrs))
		r->frames[r->depth - 3].plc = 1;
	if (e == EL_SDTCONTENT && parent->el == EL_SDT && parent->plc && r->mode == DOCX_TEXT_FOR_FORMS)
		f->suppress = 1;

	/* legacy form checkbox state, inside the w:fldChar being read */
	if (r->fld_open) {
		if (e == EL_CHECKBOX)
			r->fld_cb = 1;
		else if (e == EL_DEFAULT && parent->el == EL_CHECKBOX)
			r->fld_default = docx_wml_onoff(nb_attributes, attrs);
		else if (e == EL_CHECKED && parent->el == EL_CHECKBOX) {
			r->fld_has_checked = 1;
			r->fld_checked = docx_wml_onoff(nb_attributes, attrs);
		}
	}

	/* text boxes: the oracle lists those outside mc:Fallback and outside
	 * another text box */
	if (e == EL_FALLBACK) {
		r->fallback_open++;
		f->fallback = 1;
	} else if (e == EL_TXBX) {
		if (r->in_body && r->fallback_open == 0 && r->txbx_open == 0)
			open_textbox(r, f);
		r->txbx_open++;
		f->txbx = 1;
	}

	if (e == EL_P) {
		open_para(r, f, (enum place)parent->place);
		return;
	}
	place_child(r, f, parent, nb_attributes, attrs);
	text_child(r, f, parent, nb_attributes, attrs);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri)
{
	reader *r = ctx;
	frame *f;
	(void)localname;
	(void)prefix;
	(void)uri;
	if (r->rc || r->depth == 0)
		return;
	f = &r->frames[r->depth - 1];
	if (f->fldchar && r->fld_cb && r->mode == DOCX_TEXT_FOR_FORMS && r->nrun) {
		int checked = r->fld_has_checked ? r->fld_checked : r->fld_default;
		const char *glyph = checked ? "\xe2\x98\x91" : "\xe2\x98\x90"; /* ☑ ☐ */
		emit(r, f, r->runs[r->nrun - 1].dest, glyph, strlen(glyph));
	}
	if (f->fldchar)
		r->fld_open--;
	if (f->opened_run) {
		run_state *rs = &r->runs[--r->nrun];
		if (rs->ruby.len)
			emit(r, f, rs->dest, rs->ruby.buf, rs->ruby.len);
	}
	if (f->opened_para)
		close_para(r);
	if (f->opened_cell)
		close_cell(r);
	if (f->opened_table)
		r->ntables--;
	if (f->opened_body)
		r->in_body = 0;
	if (f->fallback)
		r->fallback_open--;
	if (f->txbx)
		r->txbx_open--;
	if (f->counted_txbx)
		r->cur_tb = -1;
	r->depth--;
}

static void on_chars(void *ctx, const xmlChar *ch, int len)
{
	reader *r = ctx;
	frame *f;
	if (r->rc || r->depth == 0 || len <= 0)
		return;
	f = &r->frames[r->depth - 1];
	if (f->text == TX_T && !f->t_closed && r->nrun)
		emit(r, f, r->runs[r->nrun - 1].dest, (const char *)ch, (size_t)len);
}

/* A comment or processing instruction ends w:t's leading text (as lxml's
 * .text, which the oracle reads, stops at the first child node). */
static void on_comment(void *ctx, const xmlChar *value)
{
	reader *r = ctx;
	(void)value;
	if (!r->rc && r->depth && r->frames[r->depth - 1].text == TX_T)
		r->frames[r->depth - 1].t_closed = 1;
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	(void)target;
	on_comment(ctx, data);
}

static void free_table(docx_table *t);

static void free_cell(docx_cell *c)
{
	size_t i;
	free(c->text);
	for (i = 0; i < c->nparas; i++)
		free(c->paras[i]);
	free(c->paras);
	for (i = 0; i < c->nnested; i++)
		free_table(c->nested[i]);
	free(c->nested);
}

static void free_table(docx_table *t)
{
	size_t i, j;
	if (!t)
		return;
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->rows[i].ncells; j++)
			free_cell(&t->rows[i].cells[j]);
		free(t->rows[i].cells);
	}
	free(t->rows);
	free(t);
}

void docx_document_free(docx_document *doc)
{
	size_t i, j;
	if (!doc)
		return;
	for (i = 0; i < doc->nblocks; i++) {
		free(doc->blocks[i].text);
		free_table(doc->blocks[i].table);
	}
	free(doc->blocks);
	for (i = 0; i < doc->ntextboxes; i++) {
		for (j = 0; j < doc->textboxes[i].nparas; j++)
			free(doc->textboxes[i].paras[j]);
		free(doc->textboxes[i].paras);
	}
	free(doc->textboxes);
	free(doc);
}

static void reader_release(reader *r)
{
	size_t i;
	for (i = 0; i < MAX_FRAMES; i++) {
		dynbuf_release(&r->paras[i].text);
		dynbuf_release(&r->runs[i].ruby);
	}
}

hz_code docx_document_read(docx_document **out, const char *path, docx_text_mode mode, hz_error *err)
{
	pkg *p = NULL;
	hz_code rc;

	*out = NULL;
	rc = pkg_open(&p, path, err);
	if (rc)
		return rc;
	return docx_document_read_pkg(out, p, mode, err);
}

hz_code docx_document_read_pkg(docx_document **out, pkg *p, docx_text_mode mode, hz_error *err)
{
	const char *path = pkg_path(p);
	char *main_part = NULL;
	reader *r = NULL;
	docx_document *doc = NULL;
	pkg_xml *x = NULL;
	xmlSAXHandler sax;
	hz_code rc;
	size_t i;
	int done = 0;

	*out = NULL;
	hz_error_file(err, path);
	main_part = pkg_rel_target(p, "", "/officeDocument", err);
	if (!main_part) {
		/* no usable package relationship: Word's own name, if present */
		if (pkg_find(p, "word/document.xml") < 0) {
			rc = hz_error_set(err, HZ_E_NO_PART, "no officeDocument relationship and no word/document.xml");
			goto done;
		}
		main_part = malloc(sizeof("word/document.xml"));
		if (!main_part) {
			rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
			goto done;
		}
		memcpy(main_part, "word/document.xml", sizeof("word/document.xml"));
	}
	hz_error_clear(err);
	hz_error_file(err, path);
	hz_error_part(err, main_part);

	doc = calloc(1, sizeof(*doc));
	r = calloc(1, sizeof(*r));
	if (!doc || !r) {
		rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < MAX_FRAMES; i++) {
		dynbuf_init(&r->paras[i].text, HZ_MAX_DOCX_BODY_BYTES);
		dynbuf_init(&r->runs[i].ruby, HZ_MAX_DOCX_BODY_BYTES);
	}
	r->doc = doc;
	r->mode = mode;
	r->err = err;
	r->cur_tb = -1;

	sax = pkg_xml_handler(on_start, on_end, on_chars);
	sax.cdataBlock = on_chars;
	sax.comment = on_comment;
	sax.processingInstruction = on_pi;

	/* fed chunk by chunk so that a cap hit in a callback stops the read */
	rc = pkg_xml_open(p, main_part, &sax, r, &x, err);
	while (rc == HZ_OK && !done && !r->rc)
		rc = pkg_xml_feed(x, &done, err);
	pkg_xml_close(x);
	x = NULL;
	if (r->rc) {
		rc = r->rc;
		hz_error_part(err, main_part);
		goto done;
	}
	if (rc)
		goto done;
	if (!r->root_seen || !r->body_seen) {
		rc = hz_error_set(err, HZ_E_FORMAT, r->root_seen ? "no w:body in the main document part"
								  : "empty main document part");
		goto done;
	}
	pkg_core_modified(p, doc->modified, sizeof(doc->modified));
	*out = doc;
	doc = NULL;
	hz_error_clear(err);
done:
	if (r) {
		reader_release(r);
		free(r);
	}
	docx_document_free(doc);
	free(main_part);
	pkg_free(p);
	return rc;
}
