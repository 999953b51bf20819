#include "cli_dump_docx.h"

#include <stddef.h>
#include <stdint.h>

#include "banned.h"

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned c = s[0];
	size_t n, i;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
		return 0;
	return n;
}

void dump_json_string(FILE *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	putc('"', out);
	while (*s) {
		size_t n;
		switch (*s) {
		case '"': fputs("\\\"", out); s++; continue;
		case '\\': fputs("\\\\", out); s++; continue;
		case '\n': fputs("\\n", out); s++; continue;
		case '\t': fputs("\\t", out); s++; continue;
		case '\r': fputs("\\r", out); s++; continue;
		default: break;
		}
		if (*s < 0x20) {
			fprintf(out, "\\u%04x", *s);
			s++;
			continue;
		}
		n = utf8_len(s);
		if (n == 0) {
			fputs("\xef\xbf\xbd", out);
			s++;
			continue;
		}
		fwrite(s, 1, n, out);
		s += n;
	}
	putc('"', out);
}

static void dump_paras(FILE *out, char *const *paras, size_t n)
{
	size_t i;
	putc('[', out);
	for (i = 0; i < n; i++) {
		if (i)
			putc(',', out);
		dump_json_string(out, paras[i]);
	}
	putc(']', out);
}

static void dump_table(FILE *out, const docx_table *t)
{
	size_t i, j;
	putc('[', out);
	for (i = 0; i < t->nrows; i++) {
		if (i)
			putc(',', out);
		putc('[', out);
		for (j = 0; j < t->rows[i].ncells; j++) {
			if (j)
				putc(',', out);
			dump_json_string(out, t->rows[i].cells[j].text);
		}
		putc(']', out);
	}
	putc(']', out);
}

void dump_docx_json(FILE *out, const docx_document *doc)
{
	size_t i;
	fputs("{\"blocks\":[", out);
	for (i = 0; i < doc->nblocks; i++) {
		const docx_block *b = &doc->blocks[i];
		fputs(i ? ",\n" : "\n", out);
		if (b->kind == DOCX_PARAGRAPH) {
			fputs("{\"p\":", out);
			dump_json_string(out, b->text);
		} else {
			fputs("{\"table\":", out);
			dump_table(out, b->table);
		}
		putc('}', out);
	}
	fputs("\n]", out);
	if (doc->ntextboxes) {
		fputs(",\"textboxes\":[", out);
		for (i = 0; i < doc->ntextboxes; i++) {
			fputs(i ? ",\n" : "\n", out);
			dump_paras(out, doc->textboxes[i].paras, doc->textboxes[i].nparas);
		}
		fputs("\n]", out);
	}
	fputs("}\n", out);
}
