#include "write/tmpl.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "hz_limits.h"
#include "write/ooxml/xml.h"
#include "write/title_balance.h"

#include "banned.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define WP_NS "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define W14_NS "http://schemas.microsoft.com/office/word/2010/wordml"

/* Drawing ids given to copies made by loops start here, far above the ids
 * Word gives (1, 2, …), so they never meet. */
#define FRESH_ID_BASE 100000u

/* --------------------------------------------------------------- programs */

enum op_kind {
	OP_LIT,   /* a: offset in lits, b: length */
	OP_FIELD, /* level, a: field, b/c: offset/length of the w:t name in names */
	OP_LOOP,  /* level, a: field, b: index of the END, item: schema of items */
	OP_IF,    /* level, a: field, b: index of the END */
	OP_IFNOT,
	OP_END,   /* a: index of the opening op */
	OP_ID,    /* a fresh drawing id: a picture or chart repeated by a loop */
	OP_TITLE, /* a Title paragraph starts here */
	OP_TITLE_END /* …and ends: b/c: offset/length of its namespace prefix in names */
};

typedef struct op {
	enum op_kind kind;
	unsigned level;
	size_t a, b, c;
	const tmpl_schema *item;
} op;

struct tmpl_part {
	dynbuf lits, names;
	op *ops;
	size_t nops, aops;
	const tmpl_schema *root;
	char part_name[128];
	const wordbreak *words; /* where its titles may break (tmpl_part_set_words); NULL: common terms */
};

void tmpl_part_set_words(tmpl_part *p, const wordbreak *w)
{
	if (p)
		p->words = w;
}

void tmpl_part_free(tmpl_part *p)
{
	if (!p)
		return;
	dynbuf_release(&p->lits);
	dynbuf_release(&p->names);
	free(p->ops);
	free(p);
}

bool tmpl_part_constant(const tmpl_part *p)
{
	for (size_t i = 0; i < p->nops; i++)
		switch (p->ops[i].kind) {
		case OP_LIT:
		case OP_ID:   /* numbered from FRESH_ID_BASE in every render */
		case OP_TITLE:
		case OP_TITLE_END:
			break;
		default:
			return false;
		}
	return true;
}

/* --------------------------------------------------------------- compiler */

typedef struct tag_rec {
	char kind;          /* '=' field, '#' loop, '?' if, '^' if-not, '/' close */
	char *name;
	xmlNodePtr p;       /* the paragraph */
	char where[48];
	size_t pair;        /* structural tags: index in pairs */
} tag_rec;

typedef struct pair_rec {
	size_t open, close; /* tag indices */
	xmlNodePtr first, last;
	size_t begin_op;
} pair_rec;

typedef struct node_mark {
	size_t *begins, nbegins;
	size_t *ends, nends;
	bool drop;          /* a marker paragraph: only its tags' operations are emitted */
	bool only_struct;   /* paragraph: nothing but structural tags and white space */
	size_t tag_first, tag_count; /* paragraph: its tags */
	bool has_tags;      /* w:t: its text holds tags */
	bool preserve;      /* w:t: rewritten, white space must be kept */
	char where[48];
} node_mark;

typedef struct scope {
	size_t pair;
	bool loop;
} scope;

typedef struct compiler {
	const char *part;
	hz_error *err;
	tmpl_part *out;
	tag_rec *tags;
	size_t ntags, atags;
	pair_rec *pairs;
	size_t npairs, apairs;
	size_t *close_order;
	size_t nclosed;
	node_mark **marks;
	size_t nmarks, amarks;
	unsigned paragraphs, tables;
	unsigned tbl_no[HZ_MAX_XML_DEPTH], tbl_rows[HZ_MAX_XML_DEPTH];
	unsigned tdepth;
	/* emission */
	scope stack[HZ_TMPL_MAX_NEST];
	size_t nstack;
	const tmpl_schema *levels[HZ_TMPL_MAX_NEST + 1];
	size_t nlevels;
	bool in_title;      /* emitting a Title paragraph (one in its text box is not balanced) */
} compiler;

static bool ns_is_w(xmlNsPtr ns)
{
	return ns && ns->href &&
	       (!strcmp((const char *)ns->href, W_NS) || !strcmp((const char *)ns->href, W_NS_STRICT));
}

static bool is_w(xmlNodePtr n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && ns_is_w(n->ns) && !strcmp((const char *)n->name, local);
}

static hz_code fail(compiler *c, const char *where, const char *fmt, const char *a, const char *b)
{
	hz_error_part(c->err, c->part);
	if (where)
		hz_error_where(c->err, "%s", where);
	return hz_error_set(c->err, HZ_E_TEMPLATE, fmt, a ? a : "", b ? b : "");
}

static node_mark *mark_of(compiler *c, xmlNodePtr n)
{
	node_mark *m = n->_private;
	if (m)
		return m;
	if (c->nmarks == c->amarks) {
		size_t a = c->amarks ? c->amarks * 2 : 64;
		node_mark **nm = realloc(c->marks, a * sizeof(*nm));
		if (!nm)
			return NULL;
		c->marks = nm;
		c->amarks = a;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	c->marks[c->nmarks++] = m;
	n->_private = m;
	return m;
}

static hz_code push_index(size_t **arr, size_t *n, size_t v)
{
	size_t *a = realloc(*arr, (*n + 1) * sizeof(**arr));
	if (!a)
		return HZ_E_NOMEM;
	a[(*n)++] = v;
	*arr = a;
	return HZ_OK;
}

static void where_of_paragraph(compiler *c, char *out, size_t n)
{
	if (c->tdepth)
		snprintf(out, n, "table %u row %u", c->tbl_no[c->tdepth - 1], c->tbl_rows[c->tdepth - 1]);
	else
		snprintf(out, n, "paragraph %u", c->paragraphs);
}

typedef struct tnodes {
	xmlNodePtr *v;
	size_t n, a;
} tnodes;

/* The w:t of a paragraph in document order, not those of paragraphs nested
 * in it (text boxes: they are paragraphs of their own). */
static hz_code collect_t(xmlNodePtr n, tnodes *ts)
{
	for (xmlNodePtr ch = n->children; ch; ch = ch->next) {
		if (ch->type != XML_ELEMENT_NODE || is_w(ch, "p"))
			continue;
		if (is_w(ch, "t")) {
			if (ts->n == ts->a) {
				size_t a = ts->a ? ts->a * 2 : 16;
				xmlNodePtr *v = realloc(ts->v, a * sizeof(*v));
				if (!v)
					return HZ_E_NOMEM;
				ts->v = v;
				ts->a = a;
			}
			ts->v[ts->n++] = ch;
		} else {
			hz_code rc = collect_t(ch, ts);
			if (rc)
				return rc;
		}
	}
	return HZ_OK;
}

/* Content that a marker paragraph must not lose. */
static bool has_content_beyond_text(xmlNodePtr n)
{
	static const char *const keep[] = {"drawing", "pict", "object", "fldChar", "fldSimple", "instrText",
					   "sectPr", "br", "footnoteReference", "endnoteReference", "sym"};
	for (xmlNodePtr ch = n->children; ch; ch = ch->next) {
		if (ch->type != XML_ELEMENT_NODE)
			continue;
		for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
			if (is_w(ch, keep[i]))
				return true;
		if (ch->ns && !ns_is_w(ch->ns) && strcmp((const char *)ch->name, "AlternateContent") == 0)
			return true;
		if (has_content_beyond_text(ch))
			return true;
	}
	return false;
}

static void trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
}

/* A short, UTF-8-whole excerpt of s for an error message. */
static void excerpt(char *out, size_t n, const char *s, size_t len)
{
	size_t k = len < 40 ? len : 40;
	while (k > 0 && k < len && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	snprintf(out, n, "%.*s%s", (int)k, s, k < len ? "…" : "");
}

/*
 * Chinese input methods type full-width forms: ｛｛ ｝｝ around a tag, ＃ ．
 * ／ and the ideographic space inside it.  Doubled full-width braces count
 * as tag delimiters, and a tag's text is folded to ASCII.
 */
static hz_code add_with_brace_pairs(dynbuf *out, const char *s)
{
	static const char open2[] = "\xEF\xBD\x9B\xEF\xBD\x9B", close2[] = "\xEF\xBD\x9D\xEF\xBD\x9D";
	hz_code rc = HZ_OK;
	while (*s && rc == HZ_OK) {
		if (!strncmp(s, open2, 6)) {
			rc = dynbuf_add(out, "{{", 2);
			s += 6;
		} else if (!strncmp(s, close2, 6)) {
			rc = dynbuf_add(out, "}}", 2);
			s += 6;
		} else {
			rc = dynbuf_addc(out, *s++);
		}
	}
	return rc;
}

/* Full-width ASCII forms (U+FF01–U+FF5E) and U+3000 to ASCII. */
static hz_code add_folded(dynbuf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	hz_code rc = HZ_OK;
	for (size_t i = 0; i < n && rc == HZ_OK;) {
		if (i + 2 < n && u[i] == 0xEF && u[i + 1] == 0xBC && u[i + 2] >= 0x81 && u[i + 2] <= 0xBF) {
			rc = dynbuf_addc(out, (char)(0x20 + (u[i + 2] - 0x80)));
			i += 3;
		} else if (i + 2 < n && u[i] == 0xEF && u[i + 1] == 0xBD && u[i + 2] >= 0x80 && u[i + 2] <= 0x9E) {
			rc = dynbuf_addc(out, (char)(0x60 + (u[i + 2] - 0x80)));
			i += 3;
		} else if (i + 2 < n && u[i] == 0xE3 && u[i + 1] == 0x80 && u[i + 2] == 0x80) {
			rc = dynbuf_addc(out, ' ');
			i += 3;
		} else {
			rc = dynbuf_addc(out, s[i++]);
		}
	}
	return rc;
}

typedef struct span {
	size_t start, end;
} span;

static hz_code set_text(xmlNodePtr t, const char *s, size_t len)
{
	xmlNodePtr txt = xmlNewDocTextLen(t->doc, (const xmlChar *)s, (int)len);
	xmlNodePtr ch;
	if (!txt)
		return HZ_E_NOMEM;
	while ((ch = t->children) != NULL) {
		xmlUnlinkNode(ch);
		xmlFreeNode(ch);
	}
	xmlAddChild(t, txt);
	return HZ_OK;
}

/* Finds the tags of one paragraph, moves each whole into the w:t where it
 * began, and records them. */
static hz_code do_paragraph(compiler *c, xmlNodePtr p)
{
	tnodes ts = {0};
	size_t *starts = NULL;
	span *sp = NULL;
	size_t nsp = 0, asp = 0;
	dynbuf text, nt;
	char where[48], ex[160];
	hz_code rc;
	size_t tag_first = c->ntags;
	bool only_struct = true;

	if (!c->tdepth)
		c->paragraphs++;
	where_of_paragraph(c, where, sizeof(where));
	dynbuf_init(&text, HZ_MAX_TEXT_BYTES);
	dynbuf_init(&nt, HZ_MAX_TEXT_BYTES);
	rc = collect_t(p, &ts);
	if (rc || ts.n == 0)
		goto done;
	starts = calloc(ts.n + 1, sizeof(*starts));
	if (!starts) {
		rc = HZ_E_NOMEM;
		goto done;
	}
	for (size_t i = 0; i < ts.n; i++) {
		xmlChar *s = xmlNodeGetContent(ts.v[i]);
		starts[i] = text.len;
		rc = s ? add_with_brace_pairs(&text, (const char *)s) : HZ_OK;
		xmlFree(s);
		if (rc)
			goto done;
	}
	starts[ts.n] = text.len;
	if (!strstr(dynbuf_str(&text), "{{"))
		goto done;

	/* the tags */
	for (const char *s = dynbuf_str(&text), *o; (o = strstr(s, "{{")) != NULL;) {
		const char *e = strstr(o + 2, "}}"), *again = strstr(o + 2, "{{");
		const char *ns, *ne;
		tag_rec *tr;
		if (!e || (again && again < e)) {
			excerpt(ex, sizeof(ex), o, strlen(o));
			rc = fail(c, where, "unclosed tag '%s' (no '}}' in the same paragraph)%s", ex, "");
			goto done;
		}
		if (nsp == asp) {
			size_t a = asp ? asp * 2 : 8;
			span *v = realloc(sp, a * sizeof(*v));
			if (!v) {
				rc = HZ_E_NOMEM;
				goto done;
			}
			sp = v;
			asp = a;
		}
		sp[nsp].start = (size_t)(o - dynbuf_str(&text));
		sp[nsp].end = (size_t)(e + 2 - dynbuf_str(&text));
		nsp++;
		if (c->ntags == c->atags) {
			size_t a = c->atags ? c->atags * 2 : 32;
			tag_rec *v = realloc(c->tags, a * sizeof(*v));
			if (!v) {
				rc = HZ_E_NOMEM;
				goto done;
			}
			c->tags = v;
			c->atags = a;
		}
		tr = &c->tags[c->ntags];
		memset(tr, 0, sizeof(*tr));
		dynbuf_reset(&nt);
		rc = add_folded(&nt, o + 2, (size_t)(e - o - 2));
		if (rc)
			goto done;
		ns = dynbuf_str(&nt);
		ne = ns + nt.len;
		trim(&ns, &ne);
		tr->kind = '=';
		if (ns < ne && strchr("#?^/", *ns)) {
			tr->kind = *ns++;
			trim(&ns, &ne);
		}
		if (ns == ne) {
			excerpt(ex, sizeof(ex), o, (size_t)(e + 2 - o));
			rc = fail(c, where, "empty tag '%s'%s", ex, "");
			goto done;
		}
		tr->name = strndup(ns, (size_t)(ne - ns));
		if (!tr->name) {
			rc = HZ_E_NOMEM;
			goto done;
		}
		tr->p = p;
		memcpy(tr->where, where, sizeof(where));
		c->ntags++;
		if (tr->kind == '=')
			only_struct = false;
		s = e + 2;
	}
	if (nsp == 0)
		goto done;

	/* rebuild each w:t: a tag goes whole into the one where it starts */
	{
		size_t ti = 0;
		const char *all = dynbuf_str(&text);
		size_t outside = 0; /* non-space bytes outside tags */
		for (size_t i = 0; i < ts.n; i++) {
			size_t pos = starts[i], end = starts[i + 1];
			bool tagged = false;
			node_mark *m;
			dynbuf_reset(&nt);
			while (pos < end) {
				while (ti < nsp && sp[ti].end <= pos)
					ti++;
				if (ti < nsp && sp[ti].start <= pos) {
					if (sp[ti].start == pos) {
						rc = add_folded(&nt, all + sp[ti].start, sp[ti].end - sp[ti].start);
						if (rc)
							goto done;
						tagged = true;
					}
					pos = sp[ti].end < end ? sp[ti].end : end;
				} else {
					size_t stop = ti < nsp && sp[ti].start < end ? sp[ti].start : end;
					for (size_t k = pos; k < stop; k++)
						if (!strchr(" \t\r\n", all[k]))
							outside++;
					rc = dynbuf_add(&nt, all + pos, stop - pos);
					if (rc)
						goto done;
					pos = stop;
				}
			}
			rc = set_text(ts.v[i], dynbuf_str(&nt), nt.len);
			if (rc)
				goto done;
			m = mark_of(c, ts.v[i]);
			if (!m) {
				rc = HZ_E_NOMEM;
				goto done;
			}
			m->preserve = true;
			m->has_tags = tagged;
			memcpy(m->where, where, sizeof(where));
		}
		if (outside)
			only_struct = false;
	}
	{
		node_mark *pm = mark_of(c, p);
		if (!pm) {
			rc = HZ_E_NOMEM;
			goto done;
		}
		pm->tag_first = tag_first;
		pm->tag_count = c->ntags - tag_first;
		pm->only_struct = only_struct && !has_content_beyond_text(p);
	}
done:
	free(ts.v);
	free(starts);
	free(sp);
	dynbuf_release(&text);
	dynbuf_release(&nt);
	return rc;
}

static hz_code prepass(compiler *c, xmlNodePtr n)
{
	for (xmlNodePtr ch = n->children; ch; ch = ch->next) {
		bool tbl;
		hz_code rc;
		if (ch->type != XML_ELEMENT_NODE)
			continue;
		tbl = is_w(ch, "tbl");
		if (tbl) {
			if (c->tdepth >= HZ_MAX_XML_DEPTH)
				return fail(c, NULL, "tables nested too deeply%s%s", NULL, NULL);
			c->tbl_no[c->tdepth] = ++c->tables;
			c->tbl_rows[c->tdepth] = 0;
			c->tdepth++;
		} else if (is_w(ch, "tr") && c->tdepth) {
			c->tbl_rows[c->tdepth - 1]++;
		} else if (is_w(ch, "p")) {
			rc = do_paragraph(c, ch);
			if (rc)
				return rc;
		}
		rc = prepass(c, ch);
		if (rc)
			return rc;
		if (tbl)
			c->tdepth--;
	}
	return HZ_OK;
}

static const char *kind_open(char k)
{
	return k == '#' ? "{{#" : k == '?' ? "{{?" : k == '^' ? "{{^" : k == '/' ? "{{/" : "{{";
}

static hz_code pair_tags(compiler *c)
{
	size_t *open = NULL, nopen = 0;
	char what[160], what2[256];
	hz_code rc = HZ_OK;

	c->close_order = calloc(c->ntags + 1, sizeof(*c->close_order));
	if (!c->close_order)
		return HZ_E_NOMEM;
	for (size_t i = 0; i < c->ntags && rc == HZ_OK; i++) {
		tag_rec *t = &c->tags[i];
		if (t->kind == '=')
			continue;
		if (t->kind != '/') {
			if (c->npairs == c->apairs) {
				size_t a = c->apairs ? c->apairs * 2 : 16;
				pair_rec *v = realloc(c->pairs, a * sizeof(*v));
				if (!v) {
					rc = HZ_E_NOMEM;
					break;
				}
				c->pairs = v;
				c->apairs = a;
			}
			memset(&c->pairs[c->npairs], 0, sizeof(pair_rec));
			c->pairs[c->npairs].open = i;
			t->pair = c->npairs++;
			rc = push_index(&open, &nopen, t->pair);
			continue;
		}
		if (nopen == 0) {
			snprintf(what, sizeof(what), "{{/%s}}", t->name);
			rc = fail(c, t->where, "tag %s closes nothing%s", what, "");
			break;
		}
		{
			pair_rec *pr = &c->pairs[open[nopen - 1]];
			tag_rec *o = &c->tags[pr->open];
			if (strcmp(o->name, t->name) != 0) {
				snprintf(what, sizeof(what), "{{/%s}}", t->name);
				snprintf(what2, sizeof(what2), "%s%s}} (opened at %s)", kind_open(o->kind), o->name, o->where);
				rc = fail(c, t->where, "tag %s does not close %s", what, what2);
				break;
			}
			pr->close = i;
			t->pair = open[nopen - 1];
			c->close_order[c->nclosed++] = t->pair;
			nopen--;
		}
	}
	if (rc == HZ_OK && nopen) {
		tag_rec *o = &c->tags[c->pairs[open[nopen - 1]].open];
		snprintf(what, sizeof(what), "%s%s}}", kind_open(o->kind), o->name);
		snprintf(what2, sizeof(what2), "{{/%s}}", o->name);
		rc = fail(c, o->where, "unclosed tag %s (no %s after it)", what, what2);
	}
	free(open);
	return rc;
}

/* Where each pair's operations go (see tmpl.h for the rules). */
static hz_code place_pairs(compiler *c)
{
	xmlNodePtr anc[HZ_MAX_XML_DEPTH * 2 + 8];
	char what[160], what2[256];

	for (size_t k = 0; k < c->npairs; k++) {
		pair_rec *pr = &c->pairs[k];
		tag_rec *o = &c->tags[pr->open], *cl = &c->tags[pr->close];
		size_t na = 0, j;
		xmlNodePtr a = NULL, xo = NULL, xc = NULL, up;
		node_mark *m;

		if (o->p == cl->p) {
			pr->first = pr->last = o->p;
		} else {
			for (up = o->p; up && na < sizeof(anc) / sizeof(anc[0]); up = up->parent)
				anc[na++] = up;
			for (up = cl->p, xc = NULL; up; xc = up, up = up->parent) {
				for (j = 0; j < na && anc[j] != up; j++)
					;
				if (j < na) {
					a = up;
					xo = j > 0 ? anc[j - 1] : NULL;
					break;
				}
			}
			if (!a || !xo || !xc || is_w(a, "p")) {
				snprintf(what, sizeof(what), "%s%s}}", kind_open(o->kind), o->name);
				snprintf(what2, sizeof(what2), "{{/%s}} (at %s)", cl->name, cl->where);
				return fail(c, o->where,
					    "tag %s and its closing %s must stand in one paragraph, one table row, or "
					    "paragraphs of the same level",
					    what, what2);
			}
			if (is_w(a, "tr"))
				pr->first = pr->last = a;
			else {
				pr->first = xo;
				pr->last = xc;
			}
		}
		m = mark_of(c, pr->first);
		if (!m || push_index(&m->begins, &m->nbegins, k))
			return HZ_E_NOMEM;
	}
	for (size_t i = 0; i < c->nclosed; i++) {
		pair_rec *pr = &c->pairs[c->close_order[i]];
		node_mark *m = mark_of(c, pr->last);
		if (!m || push_index(&m->ends, &m->nends, c->close_order[i]))
			return HZ_E_NOMEM;
	}
	/* marker paragraphs */
	for (size_t i = 0; i < c->nmarks; i++) {
		node_mark *m = c->marks[i];
		bool drop = m->tag_count > 0 && m->only_struct;
		for (size_t t = m->tag_first; drop && t < m->tag_first + m->tag_count; t++) {
			tag_rec *tr = &c->tags[t];
			pair_rec *pr = &c->pairs[tr->pair];
			if (pr->first == pr->last)
				drop = false;
			else if (tr->kind == '/' ? pr->last != tr->p : pr->first != tr->p)
				drop = false;
		}
		m->drop = drop;
	}
	return HZ_OK;
}

/* ---- emission */

static hz_code add_op(compiler *c, op o)
{
	tmpl_part *p = c->out;
	if (p->nops == p->aops) {
		size_t a = p->aops ? p->aops * 2 : 64;
		op *v = realloc(p->ops, a * sizeof(*v));
		if (!v)
			return HZ_E_NOMEM;
		p->ops = v;
		p->aops = a;
	}
	p->ops[p->nops++] = o;
	return HZ_OK;
}

static hz_code lit(compiler *c, const char *s, size_t n)
{
	tmpl_part *p = c->out;
	size_t at = p->lits.len;
	hz_code rc;
	if (n == 0)
		return HZ_OK;
	rc = dynbuf_add(&p->lits, s, n);
	if (rc)
		return rc;
	if (p->nops && p->ops[p->nops - 1].kind == OP_LIT && p->ops[p->nops - 1].a + p->ops[p->nops - 1].b == at) {
		p->ops[p->nops - 1].b += n;
		return HZ_OK;
	}
	return add_op(c, (op){.kind = OP_LIT, .a = at, .b = n});
}

static hz_code lits(compiler *c, const char *s)
{
	return lit(c, s, strlen(s));
}

static hz_code lit_escaped(compiler *c, const char *s, size_t n, bool attr)
{
	dynbuf b;
	hz_code rc = HZ_OK;
	size_t run = 0, i;
	dynbuf_init(&b, HZ_MAX_PART_BYTES);
	for (i = 0; i < n && rc == HZ_OK; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '\r': rep = "&#13;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		case '\n': rep = attr ? "&#10;" : NULL; break;
		case '\t': rep = attr ? "&#9;" : NULL; break;
		default: break;
		}
		if (rep) {
			if (run)
				rc = dynbuf_add(&b, s + i - run, run);
			if (rc == HZ_OK)
				rc = dynbuf_addstr(&b, rep);
			run = 0;
		} else {
			run++;
		}
	}
	if (rc == HZ_OK && run)
		rc = dynbuf_add(&b, s + i - run, run);
	if (rc == HZ_OK)
		rc = lit(c, dynbuf_str(&b), b.len);
	dynbuf_release(&b);
	return rc;
}

static void qname(xmlNodePtr n, xmlNsPtr ns, char *out, size_t len)
{
	if (ns && ns->prefix)
		snprintf(out, len, "%s:%s", ns->prefix, n->name);
	else
		snprintf(out, len, "%s", n->name);
}

static bool resolve(compiler *c, const char *name, size_t *level, size_t *field)
{
	bool dot = name[0] == '.';
	const char *nm = dot ? name + 1 : name;
	for (size_t l = c->nlevels; l-- > 0;) {
		const tmpl_schema *s = c->levels[l];
		for (size_t f = 0; f < s->nfields; f++)
			if (!strcmp(s->fields[f].name, nm)) {
				*level = l;
				*field = f;
				return true;
			}
		if (dot)
			break;
	}
	return false;
}

static hz_code emit_begin(compiler *c, size_t k)
{
	pair_rec *pr = &c->pairs[k];
	tag_rec *t = &c->tags[pr->open];
	size_t level, field;
	const tmpl_field *f;
	char what[160];
	op o = {0};

	snprintf(what, sizeof(what), "%s%s}}", kind_open(t->kind), t->name);
	if (!resolve(c, t->name, &level, &field))
		return fail(c, t->where, "unknown tag %s%s", what, "");
	f = &c->levels[level]->fields[field];
	if (t->kind == '#' && (f->kind != TMPL_LIST || !f->item))
		return fail(c, t->where, "tag %s repeats over a text, not a list%s", what, "");
	if (c->nstack >= HZ_TMPL_MAX_NEST)
		return fail(c, t->where, "tag %s is nested too deeply%s", what, "");
	o.kind = t->kind == '#' ? OP_LOOP : t->kind == '?' ? OP_IF : OP_IFNOT;
	o.level = (unsigned)level;
	o.a = field;
	o.item = f->item;
	pr->begin_op = c->out->nops;
	c->stack[c->nstack].pair = k;
	c->stack[c->nstack].loop = t->kind == '#';
	c->nstack++;
	if (t->kind == '#')
		c->levels[c->nlevels++] = f->item;
	return add_op(c, o);
}

static hz_code emit_end(compiler *c, size_t k)
{
	pair_rec *pr = &c->pairs[k];
	char what[160], what2[256];
	if (c->nstack == 0 || c->stack[c->nstack - 1].pair != k) {
		tag_rec *o = &c->tags[pr->open];
		snprintf(what, sizeof(what), "%s%s}}", kind_open(o->kind), o->name);
		if (c->nstack) {
			tag_rec *o2 = &c->tags[c->pairs[c->stack[c->nstack - 1].pair].open];
			snprintf(what2, sizeof(what2), "%s%s}} (at %s)", kind_open(o2->kind), o2->name, o2->where);
		} else {
			snprintf(what2, sizeof(what2), "another tag");
		}
		return fail(c, o->where, "what tag %s covers overlaps %s; nest them instead", what, what2);
	}
	if (c->stack[c->nstack - 1].loop)
		c->nlevels--;
	c->nstack--;
	c->out->ops[pr->begin_op].b = c->out->nops;
	return add_op(c, (op){.kind = OP_END, .a = pr->begin_op});
}

/* The text of a w:t holding tags: literal pieces and field operations. */
static hz_code emit_tagged_text(compiler *c, xmlNodePtr t, const char *where)
{
	xmlChar *content = xmlNodeGetContent(t);
	const char *s = (const char *)content, *o;
	char tname[128];
	hz_code rc = HZ_OK;

	if (!content)
		return HZ_E_NOMEM;
	qname(t, t->ns, tname, sizeof(tname));
	while (rc == HZ_OK && (o = strstr(s, "{{")) != NULL) {
		const char *e = strstr(o + 2, "}}");
		const char *ns = o + 2, *ne = e;
		rc = lit_escaped(c, s, (size_t)(o - s), false);
		if (rc)
			break;
		trim(&ns, &ne);
		if (*ns != '#' && *ns != '?' && *ns != '^' && *ns != '/') {
			char name[256], what[300];
			size_t level, field, at;
			snprintf(name, sizeof(name), "%.*s", (int)(ne - ns), ns);
			snprintf(what, sizeof(what), "{{%s}}", name);
			if (!resolve(c, name, &level, &field)) {
				rc = fail(c, where, "unknown tag %s%s", what, "");
				break;
			}
			if (c->levels[level]->fields[field].kind != TMPL_TEXT) {
				rc = fail(c, where, "tag %s names a list: use {{#…}} … {{/…}} around it%s", what, "");
				break;
			}
			at = c->out->names.len;
			rc = dynbuf_add(&c->out->names, tname, strlen(tname));
			if (rc == HZ_OK)
				rc = add_op(c, (op){.kind = OP_FIELD, .level = (unsigned)level, .a = field, .b = at,
						    .c = strlen(tname)});
		}
		s = e + 2;
	}
	if (rc == HZ_OK)
		rc = lit_escaped(c, s, strlen(s), false);
	xmlFree(content);
	return rc;
}

static hz_code emit_node(compiler *c, xmlNodePtr n);

static hz_code emit_children(compiler *c, xmlNodePtr n)
{
	for (xmlNodePtr ch = n->children; ch; ch = ch->next) {
		hz_code rc = emit_node(c, ch);
		if (rc)
			return rc;
	}
	return HZ_OK;
}

static bool in_loop(const compiler *c)
{
	for (size_t i = 0; i < c->nstack; i++)
		if (c->stack[i].loop)
			return true;
	return false;
}

static hz_code emit_element(compiler *c, xmlNodePtr n, node_mark *m)
{
	char name[256], buf[512];
	bool has_space = false;
	bool looped = in_loop(c);
	bool is_docpr = n->ns && n->ns->href && !strcmp((const char *)n->ns->href, WP_NS) &&
			!strcmp((const char *)n->name, "docPr");
	hz_code rc;

	qname(n, n->ns, name, sizeof(name));
	rc = lits(c, "<");
	if (rc == HZ_OK)
		rc = lits(c, name);
	for (xmlNsPtr ns = n->nsDef; ns && rc == HZ_OK; ns = ns->next) {
		if (ns->prefix)
			snprintf(buf, sizeof(buf), " xmlns:%s=\"", ns->prefix);
		else
			snprintf(buf, sizeof(buf), " xmlns=\"");
		rc = lits(c, buf);
		if (rc == HZ_OK)
			rc = lit_escaped(c, (const char *)ns->href, strlen((const char *)ns->href), true);
		if (rc == HZ_OK)
			rc = lits(c, "\"");
	}
	for (xmlAttrPtr a = n->properties; a && rc == HZ_OK; a = a->next) {
		dynbuf v;
		char an[256];
		if (looped && a->ns && a->ns->href && !strcmp((const char *)a->ns->href, W14_NS) &&
		    (!strcmp((const char *)a->name, "paraId") || !strcmp((const char *)a->name, "textId")))
			continue; /* optional, and must be unique */
		if (looped && is_docpr && !a->ns && !strcmp((const char *)a->name, "id")) {
			rc = lits(c, " id=\"");
			if (rc == HZ_OK)
				rc = add_op(c, (op){.kind = OP_ID});
			if (rc == HZ_OK)
				rc = lits(c, "\"");
			continue;
		}
		dynbuf_init(&v, HZ_MAX_TEXT_BYTES);
		for (xmlNodePtr t = a->children; t && rc == HZ_OK; t = t->next)
			if (t->content)
				rc = dynbuf_addstr(&v, (const char *)t->content);
		if (rc) {
			dynbuf_release(&v);
			return rc;
		}
		qname((xmlNodePtr)a, a->ns, an, sizeof(an));
		if (a->ns && a->ns->prefix && !strcmp((const char *)a->ns->prefix, "xml") &&
		    !strcmp((const char *)a->name, "space"))
			has_space = true;
		snprintf(buf, sizeof(buf), " %s=\"", an);
		rc = lits(c, buf);
		if (rc == HZ_OK)
			rc = lit_escaped(c, dynbuf_str(&v), v.len, true);
		if (rc == HZ_OK)
			rc = lits(c, "\"");
		dynbuf_release(&v);
	}
	if (rc == HZ_OK && m && m->preserve && !has_space)
		rc = lits(c, " xml:space=\"preserve\"");
	if (rc)
		return rc;
	if (!n->children)
		return lits(c, "/>");
	rc = lits(c, ">");
	if (rc == HZ_OK)
		rc = m && m->has_tags ? emit_tagged_text(c, n, m->where) : emit_children(c, n);
	if (rc == HZ_OK) {
		snprintf(buf, sizeof(buf), "</%s>", name);
		rc = lits(c, buf);
	}
	return rc;
}

/* A paragraph of style Title set on the type area: one in a table cell, a
 * text box or a drawing has a width of its own, which is not measured. */
static bool is_title_paragraph(xmlNodePtr p)
{
	if (!is_w(p, "p"))
		return false;
	for (xmlNodePtr up = p->parent; up && up->type == XML_ELEMENT_NODE; up = up->parent)
		if (!ns_is_w(up->ns) || is_w(up, "tc") || is_w(up, "txbxContent"))
			return false;
	for (xmlNodePtr ppr = p->children; ppr; ppr = ppr->next) {
		if (!is_w(ppr, "pPr"))
			continue;
		for (xmlNodePtr st = ppr->children; st; st = st->next) {
			xmlChar *v;
			bool title;
			if (!is_w(st, "pStyle"))
				continue;
			v = xmlGetNsProp(st, (const xmlChar *)"val", st->ns->href);
			title = v && !strcmp((const char *)v, "Title");
			xmlFree(v);
			return title;
		}
		return false;
	}
	return false;
}

/* A Title paragraph between the two operations that have it balanced once
 * it is rendered (title_balance, write/title_balance.h). */
static hz_code emit_title(compiler *c, xmlNodePtr p, node_mark *m)
{
	const char *prefix = p->ns->prefix ? (const char *)p->ns->prefix : "";
	size_t at = c->out->names.len;
	hz_code rc = dynbuf_addstr(&c->out->names, prefix);
	if (rc == HZ_OK)
		rc = add_op(c, (op){.kind = OP_TITLE});
	c->in_title = true;
	if (rc == HZ_OK)
		rc = emit_element(c, p, m);
	c->in_title = false;
	if (rc == HZ_OK)
		rc = add_op(c, (op){.kind = OP_TITLE_END, .b = at, .c = strlen(prefix)});
	return rc;
}

static hz_code emit_node(compiler *c, xmlNodePtr n)
{
	node_mark *m = n->_private;
	hz_code rc = HZ_OK;

	switch (n->type) {
	case XML_ELEMENT_NODE:
		if (m && m->drop) {
			for (size_t t = m->tag_first; t < m->tag_first + m->tag_count && rc == HZ_OK; t++)
				rc = c->tags[t].kind == '/' ? emit_end(c, c->tags[t].pair)
							   : emit_begin(c, c->tags[t].pair);
			return rc;
		}
		for (size_t i = 0; m && i < m->nbegins && rc == HZ_OK; i++)
			rc = emit_begin(c, m->begins[i]);
		/* repeated bookmarks would share ids and names */
		if (rc == HZ_OK && !c->in_title && is_title_paragraph(n))
			rc = emit_title(c, n, m);
		else if (rc == HZ_OK && !((is_w(n, "bookmarkStart") || is_w(n, "bookmarkEnd")) && in_loop(c)))
			rc = emit_element(c, n, m);
		for (size_t i = 0; m && i < m->nends && rc == HZ_OK; i++)
			rc = emit_end(c, m->ends[i]);
		return rc;
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		return n->content ? lit_escaped(c, (const char *)n->content, strlen((const char *)n->content), false)
				  : HZ_OK;
	case XML_COMMENT_NODE:
		rc = lits(c, "<!--");
		if (rc == HZ_OK && n->content)
			rc = lits(c, (const char *)n->content);
		return rc ? rc : lits(c, "-->");
	case XML_PI_NODE:
		rc = lits(c, "<?");
		if (rc == HZ_OK)
			rc = lits(c, (const char *)n->name);
		if (rc == HZ_OK && n->content && *n->content) {
			rc = lits(c, " ");
			if (rc == HZ_OK)
				rc = lits(c, (const char *)n->content);
		}
		return rc ? rc : lits(c, "?>");
	default:
		return HZ_OK;
	}
}

static void compiler_release(compiler *c)
{
	for (size_t i = 0; i < c->ntags; i++)
		free(c->tags[i].name);
	free(c->tags);
	free(c->pairs);
	free(c->close_order);
	for (size_t i = 0; i < c->nmarks; i++) {
		free(c->marks[i]->begins);
		free(c->marks[i]->ends);
		free(c->marks[i]);
	}
	free(c->marks);
}

hz_code tmpl_part_compile(const char *xml, size_t len, const char *part_name, const tmpl_schema *root,
			  tmpl_part **out, hz_error *err)
{
	compiler *c = NULL;
	tmpl_part *p = NULL;
	xmlDocPtr doc = NULL;
	xmlNodePtr top;
	hz_code rc = HZ_OK;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	p = calloc(1, sizeof(*p));
	if (!c || !p) {
		rc = hz_error_set(err, HZ_E_NOMEM, "compiling template");
		goto done;
	}
	dynbuf_init(&p->lits, HZ_MAX_PART_BYTES);
	dynbuf_init(&p->names, HZ_MAX_PART_BYTES);
	p->root = root;
	snprintf(p->part_name, sizeof(p->part_name), "%s", part_name);
	c->part = part_name;
	c->err = err;
	c->out = p;
	c->levels[0] = root;
	c->nlevels = 1;

	rc = ooxml_xml_parse(xml, len, part_name, &doc, err);
	if (rc)
		goto done;
	top = xmlDocGetRootElement(doc);
	rc = prepass(c, top);
	if (rc == HZ_OK)
		rc = pair_tags(c);
	if (rc == HZ_OK)
		rc = place_pairs(c);
	if (rc == HZ_OK)
		rc = lits(c, doc->standalone == 1 ? "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"
						  : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n");
	if (rc == HZ_OK)
		rc = emit_node(c, top);
	if (rc == HZ_OK && c->nstack)
		rc = fail(c, c->tags[c->pairs[c->stack[c->nstack - 1].pair].open].where,
			  "tag %s%s is not closed at its level", kind_open(c->tags[c->pairs[c->stack[c->nstack - 1].pair].open].kind),
			  c->tags[c->pairs[c->stack[c->nstack - 1].pair].open].name);
	if (rc != HZ_OK && err && err->code == HZ_OK)
		hz_error_set(err, rc, "compiling template part %s", part_name);
done:
	if (c) {
		compiler_release(c);
		free(c);
	}
	if (doc)
		xmlFreeDoc(doc);
	if (rc) {
		tmpl_part_free(p);
		return rc;
	}
	*out = p;
	return HZ_OK;
}

/* ---------------------------------------------------------------- render */

typedef struct frame {
	const tmpl_schema *schema; /* of obj */
	const void *obj;
	const tmpl_schema *parent; /* the schema that handed out obj */
	const void *parent_obj;
	size_t field, i, n;
} frame;

static bool truthy(const frame *fr, void *ctx, size_t field, dynbuf *scratch, hz_code *rc)
{
	const tmpl_field *f = &fr->schema->fields[field];
	if (f->kind == TMPL_LIST)
		return fr->schema->count(ctx, fr->obj, field) > 0;
	dynbuf_reset(scratch);
	*rc = fr->schema->text(ctx, fr->obj, field, scratch);
	return scratch->len > 0;
}

hz_code tmpl_part_render(const tmpl_part *p, void *ctx, const void *root, dynbuf *out, hz_error *err)
{
	frame fr[HZ_TMPL_MAX_NEST + 1];
	size_t nf = 1;
	unsigned fresh_id = FRESH_ID_BASE;
	size_t title_at = SIZE_MAX; /* where the Title paragraph being rendered starts */
	size_t edges[TITLE_MAX_EDGES], nedges = 0; /* where its fields' values begin and end */
	dynbuf val;
	hz_code rc = HZ_OK;

	memset(fr, 0, sizeof(fr));
	fr[0].schema = p->root;
	fr[0].obj = root;
	dynbuf_init(&val, HZ_MAX_TEXT_BYTES * 4);
	for (size_t pc = 0; pc < p->nops && rc == HZ_OK; pc++) {
		const op *o = &p->ops[pc];
		const frame *f = &fr[o->level];
		switch (o->kind) {
		case OP_LIT:
			rc = dynbuf_add(out, p->lits.buf + o->a, o->b);
			break;
		case OP_FIELD: {
			char tname[128];
			snprintf(tname, sizeof(tname), "%.*s", (int)o->c, p->names.buf + o->b);
			dynbuf_reset(&val);
			rc = f->schema->text(ctx, f->obj, o->a, &val);
			if (rc == HZ_OK && title_at != SIZE_MAX && nedges < TITLE_MAX_EDGES)
				edges[nedges++] = out->len;
			if (rc == HZ_OK)
				rc = ooxml_xml_escape(out, dynbuf_str(&val), val.len, tname);
			if (rc == HZ_OK && title_at != SIZE_MAX && nedges < TITLE_MAX_EDGES)
				edges[nedges++] = out->len;
			break;
		}
		case OP_LOOP: {
			size_t n = f->schema->count(ctx, f->obj, o->a);
			if (n == 0) {
				pc = o->b;
				break;
			}
			fr[nf].parent = f->schema;
			fr[nf].parent_obj = f->obj;
			fr[nf].field = o->a;
			fr[nf].schema = o->item;
			fr[nf].i = 0;
			fr[nf].n = n;
			fr[nf].obj = f->schema->item(ctx, f->obj, o->a, 0);
			nf++;
			break;
		}
		case OP_IF:
		case OP_IFNOT: {
			bool t = truthy(f, ctx, o->a, &val, &rc);
			if (t != (o->kind == OP_IF))
				pc = o->b;
			break;
		}
		case OP_ID:
			rc = dynbuf_printf(out, "%u", fresh_id++);
			break;
		case OP_TITLE:
			title_at = out->len;
			nedges = 0;
			break;
		case OP_TITLE_END:
			if (title_at != SIZE_MAX)
				rc = title_balance(out, title_at, p->names.buf + o->b, o->c, edges, nedges, p->words);
			title_at = SIZE_MAX;
			break;
		case OP_END:
			if (p->ops[o->a].kind == OP_LOOP) {
				frame *top = &fr[nf - 1];
				if (++top->i < top->n) {
					top->obj = top->parent->item(ctx, top->parent_obj, top->field, top->i);
					pc = o->a;
				} else {
					nf--;
				}
			}
			break;
		}
	}
	dynbuf_release(&val);
	if (rc) {
		hz_error_part(err, p->part_name);
		if (err && err->code == HZ_OK)
			hz_error_set(err, rc, rc == HZ_E_LIMIT ? "document larger than the output limit"
							       : "filling the template");
	}
	return rc;
}
