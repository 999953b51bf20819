/*
 * campaign.ini as text, through inih.  inih alone would misread what SPEC
 * 5.13 allows, so the text is cleaned first, line for line (line numbers
 * stay right): GB18030 becomes UTF-8, the BOM goes, comment lines become
 * blank, a value is cut at the first ';' or '#' that follows white space
 * (inih cuts only at ';'), and leading white space goes (inih would read
 * an indented line as the continuation of the previous value).  What the
 * names and values mean is settings_names.c's and settings.c's.
 */
#include "recognise/settings_ini.h"

#include <errno.h>
#include <ini.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "hz_limits.h"
#include "hz_open.h"
#include "read/utf8.h"
#include "text/encoding.h"

#include "banned.h"

/* The cleaned text as inih reads it, and the line it is at. */
typedef struct text_stream {
	const char *text;
	size_t pos, len;
	int *line;
} text_stream;

static int is_ws_at(const char *p, size_t *k)
{
	if (*p == ' ' || *p == '\t') {
		*k = 1;
		return 1;
	}
	if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) {
		*k = 2;
		return 1;
	}
	if ((unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80) {
		*k = 3;
		return 1;
	}
	return 0;
}

/* Trims ASCII, no-break and ideographic spaces in place. */
char *hz_ini_text_trim(char *s)
{
	size_t k;
	while (*s && is_ws_at(s, &k))
		s += k;
	size_t n = strlen(s);
	for (;;) {
		if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
			n--;
		else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
			n -= 2;
		else if (n >= 3 && (unsigned char)s[n - 3] == 0xE3 && (unsigned char)s[n - 2] == 0x80 &&
			 (unsigned char)s[n - 1] == 0x80)
			n -= 3;
		else
			break;
	}
	s[n] = '\0';
	return s;
}

/* SPEC 5.13 comments, one output line per input line. */
static hz_code clean_ini(const char *raw, size_t len, dynbuf *out)
{
	size_t i = 0;
	if (len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len) {
		size_t end = i, k;
		while (end < len && raw[end] != '\n')
			end++;
		size_t start = i;
		while (start < end && is_ws_at(raw + start, &k) && start + k <= end)
			start += k;
		size_t cut = end;
		if (start < end && (raw[start] == ';' || raw[start] == '#')) {
			cut = start;
		} else {
			int after_ws = 0;
			for (size_t j = start; j < end;) {
				if ((raw[j] == ';' || raw[j] == '#') && after_ws) {
					cut = j;
					break;
				}
				if (is_ws_at(raw + j, &k) && j + k <= end) {
					after_ws = 1;
					j += k;
				} else {
					after_ws = 0;
					j++;
				}
			}
		}
		hz_code rc = dynbuf_add(out, raw + start, cut - start);
		if (rc == HZ_OK)
			rc = dynbuf_addc(out, '\n');
		if (rc != HZ_OK)
			return rc;
		i = end + 1;
	}
	return HZ_OK;
}

static hz_code read_file(const char *path, char **out, size_t *len, int *missing, hz_error *err)
{
	FILE *f = NULL;
	struct stat sb;
	hz_code rc = HZ_OK;
	char *buf = NULL;

	*out = NULL;
	*len = 0;
	*missing = 0;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT) {
			*missing = 1;
			return HZ_OK;
		}
		return hz_error_set(err, HZ_E_IO, "cannot read it: %s", strerror(errno));
	}
	if (!S_ISREG(sb.st_mode))
		return hz_error_set(err, HZ_E_IO, "not a regular file");
	if (sb.st_size > (off_t)HZ_MAX_INI_BYTES)
		return hz_error_set(err, HZ_E_CONFIG, "larger than %u bytes: not a settings file",
				    (unsigned)HZ_MAX_INI_BYTES);
	f = hz_fopen_regular(path); /* replaced by a FIFO since stat: never blocks */
	if (!f)
		return hz_error_set(err, HZ_E_IO, "cannot read it: %s", hz_open_error(errno));
	buf = malloc((size_t)sb.st_size + 1);
	if (!buf) {
		rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
		goto done;
	}
	*len = fread(buf, 1, (size_t)sb.st_size + 1, f);
	if (ferror(f) || *len > (size_t)sb.st_size) {
		rc = hz_error_set(err, HZ_E_IO, "cannot read it (changed while read?)");
		goto done;
	}
	buf[*len] = '\0';
	*out = buf;
	buf = NULL;
done:
	free(buf);
	fclose(f);
	return rc;
}

hz_code hz_ini_text_read(const char *ini_path, dynbuf *clean, int *missing, hz_error *err)
{
	char *raw = NULL;
	size_t rawlen = 0;
	hz_code rc;

	rc = read_file(ini_path, &raw, &rawlen, missing, err);
	if (rc != HZ_OK || *missing)
		goto done;
	if (memchr(raw, '\0', rawlen)) {
		rc = hz_error_set(err, HZ_E_CONFIG, "含有空字节，不是文本文件 / holds NUL bytes: not a text file");
		goto done;
	}
	if (!hz_utf8_valid(raw, rawlen)) {
		/* SPEC 5.13: GB18030 (GBK) when not valid UTF-8, as units.csv */
		dynbuf conv;
		dynbuf_init(&conv, (size_t)HZ_MAX_INI_BYTES * 2 + 16);
		rc = hz_gb18030_to_utf8(raw, rawlen, &conv, err);
		if (rc == HZ_OK) {
			free(raw);
			rawlen = conv.len;
			raw = dynbuf_detach(&conv, NULL);
			if (!raw)
				rc = hz_error_set(err, HZ_E_NOMEM, "out of memory");
		} else {
			rc = hz_error_set(err, HZ_E_CONFIG,
					  "既不是 UTF-8 也不是 GB18030 文本（请另存为 UTF-8） / neither UTF-8 nor GB18030 "
					  "text (save campaign.ini as UTF-8)");
		}
		dynbuf_release(&conv);
		if (rc != HZ_OK)
			goto done;
	}
	rc = clean_ini(raw, rawlen, clean);
	if (rc != HZ_OK)
		rc = hz_error_set(err, rc, "cannot hold the settings in memory");
done:
	free(raw);
	return rc;
}

/* Whether the cleaned text has a [name] line (any case, spaces inside the
 * brackets allowed): inih reports keys only, and an empty [candidates]
 * section still asks for the list (SPEC 6.4). */
bool hz_ini_text_has_section(const char *text, size_t len, const char *name)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i < len;) {
		size_t end = i;
		while (end < len && text[end] != '\n')
			end++;
		if (text[i] == '[') {
			size_t a = i + 1, b = end;
			while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\r'))
				b--;
			if (b > a && text[b - 1] == ']') {
				b--;
				while (a < b && (text[a] == ' ' || text[a] == '\t'))
					a++;
				while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t'))
					b--;
				if (b - a == nl && strncasecmp(text + a, name, nl) == 0)
					return true;
			}
		}
		i = end + 1;
	}
	return false;
}

/* fgets-like reader over the cleaned text, counting lines for messages. */
static char *reader(char *str, int num, void *stream)
{
	text_stream *st = stream;
	size_t n = 0;
	if (st->pos >= st->len || num <= 1)
		return NULL;
	if (st->pos == 0 || st->text[st->pos - 1] == '\n')
		(*st->line)++;
	while (n + 1 < (size_t)num && st->pos < st->len) {
		char c = st->text[st->pos++];
		str[n++] = c;
		if (c == '\n')
			break;
	}
	str[n] = '\0';
	return str;
}

/* inih's line buffer settings are process-wide: one parse at a time, with
 * heap lines long enough for any title. */
static pthread_mutex_t ini_lock = PTHREAD_MUTEX_INITIALIZER;

int hz_ini_text_parse(const char *text, size_t len, hz_ini_text_handler handler, void *user, int *line)
{
	text_stream ts = {text, 0, len, line};
	pthread_mutex_lock(&ini_lock);
	bool old_stack = ini_use_stack, old_realloc = ini_allow_realloc, old_multi = ini_allow_multiline;
	int old_max = ini_max_line;
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_allow_multiline = false;
	ini_max_line = (int)HZ_MAX_INI_BYTES + 4;
	int r = ini_parse_stream(reader, &ts, handler, user);
	ini_use_stack = old_stack;
	ini_allow_realloc = old_realloc;
	ini_allow_multiline = old_multi;
	ini_max_line = old_max;
	pthread_mutex_unlock(&ini_lock);
	return r;
}
