#include "write/json_string.h"

#include "banned.h"

void hz_json_put_string(FILE *o, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : ""), *run = p;
	putc('"', o);
	/* What goes out as it is (printable ASCII, valid UTF-8) is written a
	 * run at a time: a byte at a time was most of results.json's cost. */
	while (*p) {
		unsigned char c = *p;
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			p++;
			continue;
		}
		if (c >= 0x80) {
			size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
			unsigned long cp = n == 4 ? (c & 0x07u) : n == 3 ? (c & 0x0Fu) : (c & 0x1Fu);
			int ok = n != 0 && c < 0xF5 && c != 0xC0 && c != 0xC1;
			for (size_t i = 1; ok && i < n; i++) {
				if ((p[i] & 0xC0) != 0x80)
					ok = 0;
				else
					cp = (cp << 6) | (p[i] & 0x3Fu);
			}
			if (ok && ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
				   (cp >= 0xD800 && cp <= 0xDFFF)))
				ok = 0;
			if (ok) {
				p += n;
				continue;
			}
		}
		if (run < p)
			fwrite(run, 1, (size_t)(p - run), o);
		switch (c) {
		case '"':
			fputs("\\\"", o);
			break;
		case '\\':
			fputs("\\\\", o);
			break;
		case '\n':
			fputs("\\n", o);
			break;
		case '\r':
			fputs("\\r", o);
			break;
		case '\t':
			fputs("\\t", o);
			break;
		case '\b':
			fputs("\\b", o);
			break;
		case '\f':
			fputs("\\f", o);
			break;
		default:
			if (c < 0x20)
				fprintf(o, "\\u%04x", c);
			else /* a byte that starts no valid UTF-8 character */
				fputs("\xEF\xBF\xBD", o);
		}
		run = ++p;
	}
	if (run < p)
		fwrite(run, 1, (size_t)(p - run), o);
	putc('"', o);
}
