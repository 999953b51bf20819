/*
 * libFuzzer: the template engine (tmpl_part_compile + tmpl_part_render),
 * Title balancing included.  Input: a field value, a 0 byte, then the body
 * of word/document.xml (wrapped in <w:document><w:body>…</w:body>): every
 * text field renders that value, the list "items" has three items.  The
 * value comes from data (a unit's name, a campaign title), the body from a
 * template office staff edit: neither is trusted.
 */
#include "fuzz_common.h"
#include "dynbuf.h"
#include "write/tmpl.h"

static const char *value;
static size_t value_len;

static hz_code text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	(void)ctx;
	(void)obj;
	(void)field;
	return dynbuf_add(out, value, value_len);
}

static size_t count(void *ctx, const void *obj, size_t field)
{
	(void)ctx;
	(void)obj;
	return field == 2 ? 3 : 0;
}

static const void *item(void *ctx, const void *obj, size_t field, size_t i)
{
	(void)ctx;
	(void)field;
	(void)i;
	return obj;
}

static const tmpl_field item_fields[] = {{"name", TMPL_TEXT, NULL}};
static const tmpl_schema item_schema = {item_fields, 1, text, count, item};
static const tmpl_field root_fields[] = {
	{"campaign.title", TMPL_TEXT, NULL}, {"unit.name", TMPL_TEXT, NULL}, {"items", TMPL_LIST, &item_schema}};
static const tmpl_schema root_schema = {root_fields, 3, text, count, item};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>";
	static const char tail[] = "</w:body></w:document>";
	const uint8_t *zero = memchr(data, 0, size);
	dynbuf xml, out;
	tmpl_part *p = NULL;
	hz_error err;
	int dummy = 0;

	if (!zero)
		return 0;
	value = (const char *)data;
	value_len = (size_t)(zero - data);
	dynbuf_init(&xml, 1u << 24);
	dynbuf_init(&out, 1u << 26);
	hz_error_clear(&err);
	if (dynbuf_add(&xml, head, sizeof(head) - 1) == HZ_OK &&
	    dynbuf_add(&xml, (const char *)zero + 1, size - value_len - 1) == HZ_OK &&
	    dynbuf_add(&xml, tail, sizeof(tail) - 1) == HZ_OK &&
	    tmpl_part_compile(dynbuf_str(&xml), xml.len, "word/document.xml", &root_schema, &p, &err) == HZ_OK)
		(void)tmpl_part_render(p, &dummy, &dummy, &out, &err);
	tmpl_part_free(p);
	dynbuf_release(&xml);
	dynbuf_release(&out);
	return 0;
}
