#include "write/title_balance.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "hz_limits.h"

#include "banned.h"

/*
 * Title balancing (GB/T 9704-2012 7.3.3: a title that needs more than one
 * line keeps its words whole and its lines symmetric).  Word and LibreOffice
 * fill a centred title line by line and leave the last one or two characters
 * alone on the next line; once a Title paragraph is rendered its text is
 * measured and, when it needs more than one line, <w:br/> are put where the
 * lines come out as even as possible.
 *
 * Widths are in twentieths of an em.  A Chinese or full-width character is
 * one em.  A half-width one is half an em in 方正小标宋简体 but 0.56-0.64 em
 * in the fonts put in its place where it is missing (Arial, DejaVu: that is
 * how LibreOffice set "2024年度…汇总", 20 characters by the half-em count,
 * on two lines); 0.65 em counts it as the wide case, so a title that fits
 * only in the narrow font is balanced rather than left with a character
 * hanging.
 */
#define TITLE_EM 20u
#define TITLE_HALF 13u
/* Words whole before lines even (7.3.3 names them first): with no
 * dictionary, the edges of a field's value are the word boundaries we know
 * ("关于{{unit.name}}自查自评…": the unit's name).  A break there wins over
 * one up to three characters more even (关于区交通运输局 / 自查自评问题整改的
 * 反馈意见, not …自查 / 自评…): the squared-width cost of moving a two-line
 * break by d is 2d², so the bonus is that for d = 3 em. */
#define TITLE_EDGE_BONUS (2 * (3 * TITLE_EM) * (3 * TITLE_EM))
/* 2号 (22 pt) on the 156 mm (442.25 pt) type area: 20.1 em a line. */
#define TITLE_LINE ((442u * TITLE_EM + 11u) / 22u)

typedef struct title_char {
	size_t off, len;  /* the character as written (an entity is one) */
	size_t t_open;    /* where its <w:t> tag starts */
	uint32_t cp;
	unsigned width;
} title_char;

/* Decodes the XML character at s (an entity or a UTF-8 sequence); its
 * length in bytes goes to *len. */
static uint32_t title_decode(const char *s, size_t n, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k;
	if (u[0] == '&') {
		static const struct {
			const char *name;
			char ch;
		} named[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
		for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
			size_t ln = strlen(named[i].name);
			if (n >= ln && !memcmp(s, named[i].name, ln)) {
				*len = ln;
				return (uint32_t)named[i].ch;
			}
		}
		if (n >= 4 && s[1] == '#') {
			bool hex = s[2] == 'x';
			uint32_t v = 0;
			for (k = hex ? 3 : 2; k < n && k < 12 && s[k] != ';'; k++) {
				int d = s[k] >= '0' && s[k] <= '9'   ? s[k] - '0'
					: hex && s[k] >= 'a' && s[k] <= 'f' ? s[k] - 'a' + 10
					: hex && s[k] >= 'A' && s[k] <= 'F' ? s[k] - 'A' + 10
									    : -1;
				if (d < 0)
					break;
				v = v * (hex ? 16u : 10u) + (uint32_t)d;
			}
			if (k < n && s[k] == ';' && v <= 0x10FFFF) {
				*len = k + 1;
				return v;
			}
		}
		*len = 1;
		return '&';
	}
	{
		/* the output was escaped as it was written: valid UTF-8 */
		utf8proc_int32_t cp;
		utf8proc_ssize_t got = utf8proc_iterate(u, (utf8proc_ssize_t)(n < 4 ? n : 4), &cp);
		*len = got > 0 ? (size_t)got : 1;
		return got > 0 ? (uint32_t)cp : 0xFFFD;
	}
}

static unsigned title_width(uint32_t cp)
{
	/* ASCII and the half-width forms (ｱ, ｶ, ￩…) */
	if (cp < 0x80 || (cp >= 0xFF61 && cp <= 0xFFDC) || (cp >= 0xFFE8 && cp <= 0xFFEE))
		return TITLE_HALF;
	return TITLE_EM;
}

/* Letters and digits of a word or number that a break must not split. */
static bool title_wordch(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	       (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}

static bool title_in(uint32_t cp, const uint32_t *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == cp)
			return true;
	return false;
}

/* Whether a line may end before character k (GB/T 15834 punctuation: the
 * closing marks stay with the text before them, the opening ones with the
 * text after; a dash or an ellipsis is not split; names joined by a middle
 * dot stay whole). */
static bool title_may_break(const title_char *ch, size_t k)
{
	static const uint32_t closing[] = {
		0xFF09, ')', ']', '}', 0xFF3D, 0xFF5D, 0xFF0C, ',', 0x3002, '.', 0xFF0E, 0x3001, 0xFF1B, ';',
		0xFF1A, ':', 0xFF01, '!', 0xFF1F, '?', 0x201D, 0x2019, '"', '\'', 0x300B, 0x3009, 0x300D, 0x300F,
		0x3011, 0x3015, 0x3017, 0x3019, 0x301B, 0x2026, '%', 0xFF05, 0x2030, 0x2103, 0x00B7, 0x30FB,
		0xFF65, 0x2022, 0x0020, 0x3000};
	static const uint32_t opening[] = {0xFF08, '(', '[', '{', 0xFF3B, 0xFF5B, 0x201C, 0x2018, 0x300A,
					   0x3008, 0x300C, 0x300E, 0x3010, 0x3014, 0x3016, 0x3018, 0x301A,
					   0x00B7, 0x30FB, 0xFF65, 0x2022};
	uint32_t a = ch[k - 1].cp, b = ch[k].cp;
	if (title_wordch(a) && title_wordch(b))
		return false;
	if (a == b && (a == 0x2014 || a == 0x2015 || a == 0x2026))
		return false;
	return !title_in(b, closing, sizeof(closing) / sizeof(closing[0])) &&
	       !title_in(a, opening, sizeof(opening) / sizeof(opening[0]));
}

static bool title_tag_is(const char *name, size_t n, const char *prefix, size_t np, const char *local)
{
	size_t nl = strlen(local);
	if (np == 0)
		return n == nl && !memcmp(name, local, nl);
	return n == np + 1 + nl && !memcmp(name, prefix, np) && name[np] == ':' && !memcmp(name + np + 1, local, nl);
}

/*
 * The characters of the paragraph rendered at out[start…], the text of its
 * w:t.  Returns false (leave the paragraph as it is) when it already breaks
 * its lines, holds another paragraph (a text box) or is longer than any
 * title.
 */
static bool title_chars(const dynbuf *out, size_t start, const char *prefix, size_t np, title_char *ch,
			size_t *nch)
{
	const char *s = out->buf + start, *end = out->buf + out->len;
	size_t n = 0, t_open = 0;
	bool in_t = false, first = true;

	while (s < end) {
		if (*s == '<') {
			const char *name = s + 1, *ne, *close;
			bool closing_tag = false, empty;
			if (end - s >= 4 && !memcmp(s, "<!--", 4)) {
				const char *e = strstr(s + 4, "-->");
				s = e ? e + 3 : end;
				continue;
			}
			close = memchr(s, '>', (size_t)(end - s));
			if (!close)
				return false;
			if (*name == '/') {
				closing_tag = true;
				name++;
			}
			for (ne = name; ne < close && *ne != ' ' && *ne != '/' && *ne != '\t' && *ne != '\r' && *ne != '\n';
			     ne++)
				;
			empty = close[-1] == '/';
			if (title_tag_is(name, (size_t)(ne - name), prefix, np, "t")) {
				in_t = !closing_tag && !empty;
				t_open = (size_t)(s - out->buf);
			} else if (title_tag_is(name, (size_t)(ne - name), prefix, np, "br") ||
				   title_tag_is(name, (size_t)(ne - name), prefix, np, "cr") ||
				   (!first && !closing_tag && title_tag_is(name, (size_t)(ne - name), prefix, np, "p"))) {
				return false;
			}
			first = false;
			s = close + 1;
		} else if (in_t) {
			size_t len;
			uint32_t cp = title_decode(s, (size_t)(end - s), &len);
			if (n == HZ_TITLE_MAX_CHARS)
				return false;
			ch[n] = (title_char){.off = (size_t)(s - out->buf), .len = len, .t_open = t_open, .cp = cp,
					     .width = title_width(cp)};
			n++;
			s += len;
		} else {
			s++;
		}
	}
	*nch = n;
	return true;
}

/* Whether a line starting at ch[k] starts at the edge of a field's value:
 * an edge offset lies between the end of ch[k-1] and the start of ch[k]
 * (there may be run tags between them). */
static bool title_at_edge(const title_char *ch, size_t k, const size_t *edges, size_t nedges)
{
	for (size_t e = 0; e < nedges; e++)
		if (ch[k - 1].off + ch[k - 1].len <= edges[e] && edges[e] <= ch[k].off)
			return true;
	return false;
}

/*
 * Line starts for ch[0…n): the fewest lines of at most TITLE_LINE, and
 * among those the most even (least sum of squared widths, less
 * TITLE_EDGE_BONUS for each break at a field's edge); of equally even ones,
 * the earlier breaks, so an odd one out goes to the later line.
 * starts[0] is 0; returns the number of lines, 0 when no break fits.
 */
static size_t title_breaks(const title_char *ch, size_t n, const size_t *edges, size_t nedges, const int64_t *wcost,
			   size_t *starts)
{
	size_t *lines = calloc(n + 1, sizeof(*lines)), *from = calloc(n + 1, sizeof(*from));
	int64_t *sq = calloc(n + 1, sizeof(*sq));
	uint64_t *pre = calloc(n + 1, sizeof(*pre));
	size_t nl = 0;

	if (!lines || !from || !sq || !pre)
		goto done;
	for (size_t k = 0; k < n; k++)
		pre[k + 1] = pre[k] + ch[k].width;
	/* lines[k] == 0: no way to end a line before character k */
	for (size_t k = 1; k <= n; k++) {
		int64_t bonus;
		if (k < n && !title_may_break(ch, k))
			continue;
		bonus = k < n && title_at_edge(ch, k, edges, nedges) ? TITLE_EDGE_BONUS : 0;
		/* words whole (write/wordbreak.c): a break inside one costs more
		 * than any evenness, a preferred one counts as a field's edge */
		if (k < n)
			bonus -= wcost[k];
		for (size_t j = k; j-- > 0;) {
			uint64_t w = pre[k] - pre[j];
			int64_t cost;
			if (w > TITLE_LINE)
				break;
			if (j > 0 && lines[j] == 0)
				continue;
			cost = sq[j] + (int64_t)(w * w) - bonus;
			if (lines[k] == 0 || lines[j] + 1 < lines[k] || (lines[j] + 1 == lines[k] && cost <= sq[k])) {
				lines[k] = lines[j] + 1;
				sq[k] = cost;
				from[k] = j;
			}
		}
	}
	nl = lines[n];
	for (size_t k = n, i = nl; i > 0; k = from[k])
		starts[--i] = from[k];
done:
	free(lines);
	free(from);
	free(sq);
	free(pre);
	return nl;
}

hz_code title_balance(dynbuf *out, size_t start, const char *prefix, size_t np, const size_t *edges,
			     size_t nedges, const wordbreak *words)
{
	title_char *ch = calloc(HZ_TITLE_MAX_CHARS, sizeof(*ch));
	size_t *starts = calloc(HZ_TITLE_MAX_CHARS + 1, sizeof(*starts));
	uint32_t *cps = calloc(HZ_TITLE_MAX_CHARS, sizeof(*cps));
	int64_t *wcost = calloc(HZ_TITLE_MAX_CHARS + 1, sizeof(*wcost));
	size_t n = 0, nl, total = 0, copied;
	dynbuf para;
	hz_code rc = HZ_OK;

	dynbuf_init(&para, out->toobig);
	if (!ch || !starts || !cps || !wcost) {
		rc = HZ_E_NOMEM;
		goto done;
	}
	if (!title_chars(out, start, prefix, np, ch, &n))
		goto done;
	for (size_t k = 0; k < n; k++)
		total += ch[k].width;
	if (total <= TITLE_LINE)
		goto done;
	for (size_t k = 0; k < n; k++)
		cps[k] = ch[k].cp;
	if ((rc = wordbreak_costs(words, cps, n, wcost)) != HZ_OK)
		goto done;
	nl = title_breaks(ch, n, edges, nedges, wcost, starts);
	if (nl < 2)
		goto done;
	/* a break within a w:t splits it in the same run; one before a w:t's
	 * first character goes in front of that w:t */
	copied = start;
	for (size_t i = 1; i < nl && rc == HZ_OK; i++) {
		const title_char *c = &ch[starts[i]];
		bool first_in_t = ch[starts[i] - 1].t_open != c->t_open;
		size_t at = first_in_t ? c->t_open : c->off;
		rc = dynbuf_add(&para, out->buf + copied, at - copied);
		copied = at;
		if (rc == HZ_OK && first_in_t)
			rc = dynbuf_printf(&para, "<%.*s%sbr/>", (int)np, prefix, np ? ":" : "");
		else if (rc == HZ_OK)
			rc = dynbuf_printf(&para, "</%.*s%st><%.*s%sbr/><%.*s%st xml:space=\"preserve\">", (int)np, prefix,
					   np ? ":" : "", (int)np, prefix, np ? ":" : "", (int)np, prefix, np ? ":" : "");
	}
	if (rc == HZ_OK)
		rc = dynbuf_add(&para, out->buf + copied, out->len - copied);
	if (rc == HZ_OK) {
		out->len = start;
		out->buf[start] = '\0';
		rc = dynbuf_add(out, para.buf, para.len);
	}
done:
	dynbuf_release(&para);
	free(ch);
	free(starts);
	free(cps);
	free(wcost);
	return rc;
}
