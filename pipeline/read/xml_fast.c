#include "read/xml_fast.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "banned.h"

/* Bounds of the subset: a name, a namespace name, the attributes of one
 * element and the namespaces in scope.  Office's are far below them; past
 * them the part simply goes to libxml2. */
#define MAX_NAME 63
#define MAX_URI 255
#define MAX_ATTRS 64
#define MAX_NS 64

static const char XML_NS[] = "http://www.w3.org/XML/1998/namespace";
static const char XMLNS_NS[] = "http://www.w3.org/2000/xmlns/";

typedef struct ns_decl {
	char prefix[MAX_NAME + 1]; /* "" for the default namespace */
	size_t plen;
	char uri[MAX_URI + 1];
} ns_decl;

/* A name in buf: pointer and length (len 0: absent). */
typedef struct span {
	const char *p;
	size_t len;
} span;

typedef struct open_el {
	const char *q; /* the start tag's qualified name in buf (for the end tag) */
	size_t qlen;
	size_t ns_mark; /* declarations in scope before this element's */
	const char *uri;
	/* NUL-terminated copies, made only when events are delivered */
	char prefix[MAX_NAME + 1], local[MAX_NAME + 1];
	int has_prefix;
} open_el;

typedef struct attr_name {
	span prefix, local;
	const char *v, *vend;
	char cprefix[MAX_NAME + 1], clocal[MAX_NAME + 1];
} attr_name;

typedef struct scan {
	const unsigned char *p, *end;
	const xmlSAXHandler *sax;
	void *ctx;
	ns_decl ns[MAX_NS];
	size_t nns;
	/* the last lookup (nearly every name of a Word body is w:…), valid
	 * while no declaration comes into or goes out of scope */
	char last_prefix[MAX_NAME + 1];
	size_t last_plen;
	const char *last_uri;
	int last_valid;
	open_el el[XML_FAST_MAX_DEPTH];
	size_t depth;
	attr_name at[MAX_ATTRS];
	const xmlChar *attrs[MAX_ATTRS * 5];
} scan;

/* Byte classes, so that the loops over names and text test one table. */
enum { C_START = 1, C_NAME = 2, C_SPACE = 4, C_TEXT = 8, C_ATTR = 16 };
static unsigned char cls[256];
static pthread_once_t cls_once = PTHREAD_ONCE_INIT;

static void cls_init(void)
{
	for (int c = 0; c < 256; c++) {
		unsigned char k = 0;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
			k |= C_START | C_NAME;
		if ((c >= '0' && c <= '9') || c == '-' || c == '.')
			k |= C_NAME;
		if (c == ' ' || c == '\t' || c == '\n') /* '\r' (normalised by XML) is outside the subset */
			k |= C_SPACE;
		/* ASCII that text takes as it is: not '<', '&', ']' (of "]]>"), nor controls but tab and LF */
		if ((c >= 0x20 && c < 0x80 && c != '<' && c != '&' && c != ']') || c == '\t' || c == '\n')
			k |= C_TEXT;
		/* ASCII an attribute value takes as it is (tab and LF would be normalised) */
		if (c >= 0x20 && c < 0x80 && c != '<' && c != '&' && c != '"' && c != '\'')
			k |= C_ATTR;
		cls[c] = k;
	}
}

static int is_space(unsigned char c)
{
	return cls[c] & C_SPACE;
}

static void skip_space(scan *s)
{
	while (s->p < s->end && (cls[*s->p] & C_SPACE))
		s->p++;
}

static int name_start(unsigned char c)
{
	return cls[c] & C_START;
}

/* An ASCII NCName at s->p: its length (0: none, or too long). */
static size_t ncname(scan *s)
{
	const unsigned char *q = s->p;
	if (q >= s->end || !name_start(*q))
		return 0;
	while (q < s->end && (cls[*q] & C_NAME))
		q++;
	if ((size_t)(q - s->p) > MAX_NAME)
		return 0;
	return (size_t)(q - s->p);
}

/* A QName at s->p into prefix (len 0 when none) and local; 0 when not one. */
static int qname(scan *s, span *prefix, span *local)
{
	size_t a = ncname(s), b;
	if (!a)
		return 0;
	if (s->p + a < s->end && s->p[a] == ':') {
		prefix->p = (const char *)s->p;
		prefix->len = a;
		s->p += a + 1;
		if (!(b = ncname(s)))
			return 0;
		local->p = (const char *)s->p;
		local->len = b;
		s->p += b;
	} else {
		prefix->p = NULL;
		prefix->len = 0;
		local->p = (const char *)s->p;
		local->len = a;
		s->p += a;
	}
	/* a second colon: libxml2 reports a namespace error */
	return !(s->p < s->end && *s->p == ':');
}

static int span_is(span n, const char *lit, size_t litlen)
{
	return n.len == litlen && !memcmp(n.p, lit, litlen);
}

static void copy_name(char *dst, span n)
{
	memcpy(dst, n.p, n.len);
	dst[n.len] = '\0';
}

/* One UTF-8 sequence at q (lead byte >= 0x80) that XML allows as a Char:
 * its length, 0 when malformed, overlong, a surrogate, U+FFFE/U+FFFF or
 * beyond U+10FFFF. */
static size_t utf8_char(const unsigned char *q, const unsigned char *end)
{
	uint32_t c;
	size_t n, i;
	if (*q >= 0xC2 && *q <= 0xDF) {
		n = 2;
		c = *q & 0x1Fu;
	} else if (*q >= 0xE0 && *q <= 0xEF) {
		n = 3;
		c = *q & 0x0Fu;
	} else if (*q >= 0xF0 && *q <= 0xF4) {
		n = 4;
		c = *q & 0x07u;
	} else {
		return 0;
	}
	if ((size_t)(end - q) < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((q[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (q[i] & 0x3Fu);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) || (c >= 0xD800 && c <= 0xDFFF) ||
	    c == 0xFFFE || c == 0xFFFF)
		return 0;
	return n;
}

/* An attribute value after its opening quote: sets v/vend, moves past the
 * closing quote.  Refused: '<' (an error), '&' (references), tab and line
 * feed (normalised to spaces by XML), control characters, bad UTF-8. */
static int att_value(scan *s, unsigned char quote, const char **v, const char **vend)
{
	const unsigned char *q = s->p;
	*v = (const char *)q;
	while (q < s->end && *q != quote) {
		unsigned char c = *q;
		if (cls[c] & C_ATTR) {
			q++;
		} else if (c < 0x80) {
			if (c == '"' || c == '\'') {
				q++; /* the other quote */
				continue;
			}
			if (c < 0x20 || c == '<' || c == '&')
				return 0;
			q++;
		} else {
			size_t k = utf8_char(q, s->end);
			if (!k)
				return 0;
			q += k;
		}
	}
	if (q >= s->end)
		return 0;
	*vend = (const char *)q;
	s->p = q + 1;
	return 1;
}

/* A namespace name libxml2 takes without a word: scheme ":" then letters,
 * digits and / . _ - : only (no escapes, queries or fragments to check). */
static int plain_uri(const char *v, const char *e)
{
	const char *q = v;
	if (e - v > MAX_URI || q == e || !((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z')))
		return 0;
	while (q < e && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9')))
		q++;
	if (q == e || *q != ':')
		return 0;
	for (; q < e; q++) {
		char c = *q;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
		      c == '.' || c == '_' || c == '-' || c == ':'))
			return 0;
	}
	/* the two names no prefix may be bound to (libxml2: an error) */
	return !((size_t)(e - v) == sizeof(XML_NS) - 1 && !memcmp(v, XML_NS, sizeof(XML_NS) - 1)) &&
	       !((size_t)(e - v) == sizeof(XMLNS_NS) - 1 && !memcmp(v, XMLNS_NS, sizeof(XMLNS_NS) - 1));
}

/* The namespace bound to prefix (len 0: the default): NULL when none. */
static const char *lookup(scan *s, span prefix)
{
	size_t len = prefix.len;
	const char *uri = NULL;
	if (s->last_valid && len == s->last_plen && (!len || !memcmp(prefix.p, s->last_prefix, len)))
		return s->last_uri;
	for (size_t i = s->nns; i-- > 0;)
		if (s->ns[i].plen == len && (!len || !memcmp(s->ns[i].prefix, prefix.p, len))) {
			uri = s->ns[i].uri;
			break;
		}
	if (len)
		memcpy(s->last_prefix, prefix.p, len);
	s->last_plen = len;
	s->last_uri = uri;
	s->last_valid = 1;
	return uri;
}

static void deliver_text(scan *s, const unsigned char *a, const unsigned char *b)
{
	if (s->sax && b > a && s->sax->characters)
		s->sax->characters(s->ctx, a, (int)(b - a));
}

static void deliver_end(scan *s, open_el *e)
{
	if (s->sax && s->sax->endElementNs)
		s->sax->endElementNs(s->ctx, (const xmlChar *)e->local, e->has_prefix ? (const xmlChar *)e->prefix : NULL,
				     (const xmlChar *)e->uri);
}

/* After "<" of a start tag. */
static int start_tag(scan *s)
{
	open_el *e;
	size_t nat = 0, mark = s->nns;
	const unsigned char *q0 = s->p;
	span eprefix, elocal;
	int empty = 0;

	if (s->depth >= XML_FAST_MAX_DEPTH)
		return 0;
	e = &s->el[s->depth];
	if (!qname(s, &eprefix, &elocal))
		return 0;
	e->q = (const char *)q0;
	e->qlen = (size_t)(s->p - q0);
	e->ns_mark = mark;
	for (;;) {
		const unsigned char *before = s->p;
		attr_name *a;
		unsigned char quote;
		skip_space(s);
		if (s->p >= s->end)
			return 0;
		if (*s->p == '>') {
			s->p++;
			break;
		}
		if (*s->p == '/') {
			if (s->p + 1 >= s->end || s->p[1] != '>')
				return 0;
			s->p += 2;
			empty = 1;
			break;
		}
		if (s->p == before || nat >= MAX_ATTRS) /* attributes need white space between */
			return 0;
		a = &s->at[nat];
		if (!qname(s, &a->prefix, &a->local))
			return 0;
		skip_space(s);
		if (s->p >= s->end || *s->p != '=')
			return 0;
		s->p++;
		skip_space(s);
		if (s->p >= s->end || (*s->p != '"' && *s->p != '\''))
			return 0;
		quote = *s->p++;
		if (!att_value(s, quote, &a->v, &a->vend))
			return 0;
		if (span_is(a->prefix, "xmlns", 5) || (!a->prefix.len && span_is(a->local, "xmlns", 5))) {
			/* a namespace declaration: in scope from this element on */
			span pfx = a->prefix.len ? a->local : a->prefix;
			ns_decl *d;
			if (!plain_uri(a->v, a->vend) || span_is(pfx, "xml", 3) || span_is(pfx, "xmlns", 5) ||
			    s->nns >= MAX_NS)
				return 0;
			for (size_t i = mark; i < s->nns; i++)
				if (s->ns[i].plen == pfx.len && (!pfx.len || !memcmp(s->ns[i].prefix, pfx.p, pfx.len)))
					return 0; /* declared twice on one element */
			d = &s->ns[s->nns++];
			if (pfx.len)
				memcpy(d->prefix, pfx.p, pfx.len);
			d->prefix[pfx.len] = '\0';
			d->plen = pfx.len;
			memcpy(d->uri, a->v, (size_t)(a->vend - a->v));
			d->uri[a->vend - a->v] = '\0';
			s->last_valid = 0;
			continue;
		}
		nat++;
	}
	/* the element's namespace, then its attributes' */
	if (eprefix.len && (span_is(eprefix, "xml", 3) || span_is(eprefix, "xmlns", 5)))
		return 0;
	e->uri = lookup(s, eprefix);
	if (eprefix.len && !e->uri)
		return 0;
	for (size_t i = 0; i < nat; i++) {
		attr_name *a = &s->at[i];
		const char *uri = NULL;
		if (a->prefix.len) {
			if (span_is(a->prefix, "xml", 3))
				uri = XML_NS;
			else if (!(uri = lookup(s, a->prefix)))
				return 0;
		}
		if (!s->sax) {
			for (size_t j = 0; j < i; j++) {
				const xmlChar *u = s->attrs[5 * j + 2];
				if (s->at[j].local.len == a->local.len && !memcmp(s->at[j].local.p, a->local.p, a->local.len) &&
				    ((!u && !uri) || (u && uri && (u == (const xmlChar *)uri || !strcmp((const char *)u, uri)))))
					return 0; /* an attribute given twice */
			}
		} else {
			copy_name(a->clocal, a->local);
			copy_name(a->cprefix, a->prefix);
			s->attrs[5 * i] = (const xmlChar *)a->clocal;
			s->attrs[5 * i + 1] = a->prefix.len ? (const xmlChar *)a->cprefix : NULL;
			s->attrs[5 * i + 3] = (const xmlChar *)a->v;
			s->attrs[5 * i + 4] = (const xmlChar *)a->vend;
		}
		s->attrs[5 * i + 2] = (const xmlChar *)uri;
	}
	s->depth++;
	e->has_prefix = eprefix.len != 0;
	if (s->sax) {
		copy_name(e->local, elocal);
		copy_name(e->prefix, eprefix);
		if (s->sax->startElementNs)
			s->sax->startElementNs(s->ctx, (const xmlChar *)e->local,
					       e->has_prefix ? (const xmlChar *)e->prefix : NULL, (const xmlChar *)e->uri, 0,
					       NULL, (int)nat, 0, s->attrs);
	}
	if (empty) {
		deliver_end(s, e);
		if (s->nns != e->ns_mark)
			s->last_valid = 0;
		s->nns = e->ns_mark;
		s->depth--;
	}
	return 1;
}

/* After "</": the name of the element open, then optional space and ">". */
static int end_tag(scan *s)
{
	open_el *e;
	if (!s->depth)
		return 0;
	e = &s->el[s->depth - 1];
	if ((size_t)(s->end - s->p) <= e->qlen || memcmp(s->p, e->q, e->qlen) != 0)
		return 0;
	s->p += e->qlen;
	skip_space(s);
	if (s->p >= s->end || *s->p != '>')
		return 0;
	s->p++;
	deliver_end(s, e);
	if (s->nns != e->ns_mark)
		s->last_valid = 0;
	s->nns = e->ns_mark;
	s->depth--;
	return 1;
}

/* "&...;" in text: the character it stands for, delivered. */
static int reference(scan *s)
{
	static const struct {
		const char *name;
		char c;
	} predef[] = {{"lt;", '<'}, {"gt;", '>'}, {"amp;", '&'}, {"quot;", '"'}, {"apos;", '\''}};
	const unsigned char *q = s->p + 1;
	unsigned char out[4];
	uint32_t v = 0;
	size_t n = 0, digits = 0;

	if (q < s->end && *q == '#') {
		int hex = q + 1 < s->end && q[1] == 'x';
		q += hex ? 2 : 1;
		for (; q < s->end && *q != ';'; q++, digits++) {
			unsigned c = *q, d;
			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				d = c - 'A' + 10;
			else
				return 0;
			if (digits >= 7)
				return 0;
			v = v * (hex ? 16u : 10u) + d;
		}
		if (q >= s->end || !digits)
			return 0;
		if (!(v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) ||
		      (v >= 0x10000 && v <= 0x10FFFF)))
			return 0;
		if (v < 0x80) {
			out[n++] = (unsigned char)v;
		} else if (v < 0x800) {
			out[n++] = (unsigned char)(0xC0 | (v >> 6));
			out[n++] = (unsigned char)(0x80 | (v & 0x3F));
		} else if (v < 0x10000) {
			out[n++] = (unsigned char)(0xE0 | (v >> 12));
			out[n++] = (unsigned char)(0x80 | ((v >> 6) & 0x3F));
			out[n++] = (unsigned char)(0x80 | (v & 0x3F));
		} else {
			out[n++] = (unsigned char)(0xF0 | (v >> 18));
			out[n++] = (unsigned char)(0x80 | ((v >> 12) & 0x3F));
			out[n++] = (unsigned char)(0x80 | ((v >> 6) & 0x3F));
			out[n++] = (unsigned char)(0x80 | (v & 0x3F));
		}
		s->p = q + 1;
		deliver_text(s, out, out + n);
		return 1;
	}
	for (size_t i = 0; i < sizeof(predef) / sizeof(predef[0]); i++) {
		size_t len = strlen(predef[i].name);
		if ((size_t)(s->end - q) >= len && !memcmp(q, predef[i].name, len)) {
			out[0] = (unsigned char)predef[i].c;
			s->p = q + len;
			deliver_text(s, out, out + 1);
			return 1;
		}
	}
	return 0;
}

/* Character data up to the next '<' (or the end). */
static int text(scan *s)
{
	const unsigned char *a = s->p, *q = s->p;
	while (q < s->end && *q != '<') {
		unsigned char c = *q;
		if (cls[c] & C_TEXT) {
			q++;
		} else if (c >= 0x80) {
			size_t k = utf8_char(q, s->end);
			if (!k)
				return 0;
			q += k;
		} else if (c == '&') {
			deliver_text(s, a, q);
			s->p = q;
			if (!reference(s))
				return 0;
			a = q = s->p;
		} else if (c < 0x20 && c != '\t' && c != '\n') {
			return 0;
		} else if (c == ']' && s->end - q >= 3 && q[1] == ']' && q[2] == '>') {
			return 0; /* "]]>" is not allowed in content */
		} else {
			q++;
		}
	}
	deliver_text(s, a, q);
	s->p = q;
	return 1;
}

/* The XML declaration, when there is one: version 1.0, encoding UTF-8 if
 * named, standalone yes or no. */
static int xml_decl(scan *s)
{
	static const char *const names[] = {"version", "encoding", "standalone"};
	size_t k = 0;
	if ((size_t)(s->end - s->p) < 6 || memcmp(s->p, "<?xml", 5) != 0)
		return 1;
	if (!is_space(s->p[5]))
		return 0; /* <?xml-stylesheet …: a processing instruction */
	s->p += 5;
	for (;;) {
		const unsigned char *before = s->p;
		const char *v, *ve;
		unsigned char quote;
		size_t len;
		skip_space(s);
		if ((size_t)(s->end - s->p) >= 2 && s->p[0] == '?' && s->p[1] == '>') {
			s->p += 2;
			return k > 0; /* version is required */
		}
		if (s->p == before)
			return 0;
		while (k < 3 && ((size_t)(s->end - s->p) < strlen(names[k]) ||
				 memcmp(s->p, names[k], strlen(names[k])) != 0))
			if (k++ == 0)
				return 0; /* version first */
		if (k >= 3)
			return 0;
		s->p += strlen(names[k]);
		skip_space(s);
		if (s->p >= s->end || *s->p != '=')
			return 0;
		s->p++;
		skip_space(s);
		if (s->p >= s->end || (*s->p != '"' && *s->p != '\''))
			return 0;
		quote = *s->p++;
		if (!att_value(s, quote, &v, &ve))
			return 0;
		len = (size_t)(ve - v);
		if (k == 0 && !(len == 3 && !memcmp(v, "1.0", 3)))
			return 0;
		if (k == 1 && !(len == 5 && !strncasecmp(v, "UTF-8", 5)))
			return 0;
		if (k == 2 && !((len == 3 && !memcmp(v, "yes", 3)) || (len == 2 && !memcmp(v, "no", 2))))
			return 0;
		k++;
	}
}

static int run(scan *s)
{
	int root_done = 0;
	if (!xml_decl(s))
		return 0;
	for (;;) {
		if (s->depth == 0) {
			/* before or after the root: white space only */
			skip_space(s);
			if (s->p >= s->end)
				return root_done;
			if (root_done || *s->p != '<')
				return 0;
		} else if (s->p >= s->end) {
			return 0; /* an element left open */
		}
		if (*s->p == '<') {
			if (s->p + 1 >= s->end)
				return 0;
			if (s->p[1] == '/') {
				s->p += 2;
				if (!end_tag(s))
					return 0;
				root_done = s->depth == 0;
			} else if (name_start(s->p[1])) {
				s->p++;
				if (!start_tag(s))
					return 0;
				root_done = s->depth == 0;
			} else {
				return 0; /* comment, CDATA, PI, DOCTYPE, or an error */
			}
		} else if (!text(s)) {
			return 0;
		}
	}
}

int xml_fast_parse(const char *buf, size_t n, const xmlSAXHandler *sax, void *ctx)
{
	scan *s = malloc(sizeof(*s));
	int ok;
	if (!s)
		return -1;
	s->p = (const unsigned char *)buf;
	s->end = s->p + n;
	s->sax = sax;
	s->ctx = ctx;
	s->nns = 0;
	s->depth = 0;
	s->last_valid = 0;
	pthread_once(&cls_once, cls_init);
	ok = run(s);
	free(s);
	return ok;
}
