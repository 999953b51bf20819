#include "write/tmpl_doc.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "hz_limits.h"

#include "banned.h"

struct tmpl_doc {
	ooxml_template *pkg;
	tmpl_part **part; /* per member of pkg: compiled, or NULL when kept as it is */
	/* tmpl_doc_fix_constant_parts: the constant parts, rendered and
	 * compressed for writing fixed_how; fixed_index per member (SIZE_MAX:
	 * rendered each time) */
	ooxml_zip_cache *fixed;
	size_t *fixed_index;
	ooxml_write fixed_how;
};

void tmpl_doc_set_words(tmpl_doc *d, const wordbreak *w)
{
	for (size_t i = 0; d && i < ooxml_template_count(d->pkg); i++)
		tmpl_part_set_words(d->part[i], w);
}

void tmpl_doc_free(tmpl_doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; d->pkg && d->part && i < ooxml_template_count(d->pkg); i++)
		tmpl_part_free(d->part[i]);
	free(d->part);
	ooxml_zip_cache_free(d->fixed);
	free(d->fixed_index);
	ooxml_template_free(d->pkg);
	free(d);
}

const ooxml_template *tmpl_doc_package(const tmpl_doc *d)
{
	return d->pkg;
}

/* The parts the tags are looked for in: the body, headers and footers. */
static bool templated_part(const char *name)
{
	const char *rest;
	size_t n = strlen(name);
	if (!strcmp(name, "word/document.xml"))
		return true;
	if (strncmp(name, "word/header", 11) && strncmp(name, "word/footer", 11))
		return false;
	rest = name + 11;
	return !strchr(rest, '/') && n > 4 && !strcmp(name + n - 4, ".xml");
}

hz_code tmpl_doc_load(const char *path, const tmpl_schema *root, tmpl_doc **out, hz_error *err)
{
	tmpl_doc *d = calloc(1, sizeof(*d));
	bool *live = NULL, has_doc = false;
	size_t n;
	hz_code rc;

	*out = NULL;
	if (!d)
		return hz_error_set(err, HZ_E_NOMEM, "loading template");
	rc = ooxml_template_load(path, &d->pkg, err);
	if (rc) {
		free(d);
		return rc;
	}
	n = ooxml_template_count(d->pkg);
	d->part = calloc(n + 1, sizeof(*d->part));
	live = calloc(n + 1, sizeof(*live));
	if (!d->part || !live) {
		rc = hz_error_set(err, HZ_E_NOMEM, "loading template");
		goto done;
	}
	for (size_t i = 0; i < n && rc == HZ_OK; i++) {
		const char *name = ooxml_template_name(d->pkg, i);
		size_t len;
		const char *xml = ooxml_template_data(d->pkg, i, &len);
		if (!templated_part(name))
			continue;
		has_doc |= !strcmp(name, "word/document.xml");
		live[i] = true;
		rc = tmpl_part_compile(xml, len, name, root, &d->part[i], err);
	}
	if (rc == HZ_OK && !has_doc)
		rc = hz_error_set(err, HZ_E_TEMPLATE, "the template has no word/document.xml");
	if (rc == HZ_OK)
		rc = ooxml_template_seal(d->pkg, live, err);
done:
	free(live);
	if (rc == HZ_OK) {
		*out = d;
		return HZ_OK;
	}
	tmpl_doc_free(d);
	hz_error_file(err, path); /* the template is at fault, not the output */
	return rc;
}

hz_code tmpl_doc_fix_constant_parts(tmpl_doc *d, ooxml_write how, hz_error *err)
{
	size_t n = ooxml_template_count(d->pkg), nc = 0;
	ooxml_member *mem = calloc(n + 1, sizeof(*mem));
	dynbuf *bufs = calloc(n + 1, sizeof(*bufs));
	size_t *index = malloc((n + 1) * sizeof(*index));
	hz_code rc = HZ_OK;

	if (!mem || !bufs || !index) {
		rc = hz_error_set(err, HZ_E_NOMEM, "rendering");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		dynbuf_init(&bufs[i], HZ_MAX_DOC_OUTPUT_BYTES);
		index[i] = SIZE_MAX;
	}
	for (size_t i = 0; i < n && rc == HZ_OK; i++) {
		if (!d->part[i] || !tmpl_part_constant(d->part[i]))
			continue;
		rc = tmpl_part_render(d->part[i], NULL, NULL, &bufs[i], err);
		mem[nc] = (ooxml_member){.name = ooxml_template_name(d->pkg, i), .data = dynbuf_str(&bufs[i]),
					 .len = bufs[i].len};
		index[i] = nc++;
	}
	if (rc == HZ_OK && nc > 0) {
		ooxml_zip_cache_free(d->fixed);
		d->fixed = NULL;
		rc = how == OOXML_WRITE_NEW ? ooxml_zip_cache_new_fast(mem, nc, &d->fixed, err)
					    : ooxml_zip_cache_new(mem, nc, &d->fixed, err);
		if (rc == HZ_OK) {
			free(d->fixed_index);
			d->fixed_index = index;
			index = NULL;
			d->fixed_how = how;
		}
	}
done:
	if (bufs)
		for (size_t i = 0; i < n; i++)
			dynbuf_release(&bufs[i]);
	free(bufs);
	free(mem);
	free(index);
	return rc;
}

static bool replaced(const char *name, const ooxml_member *replace, size_t nreplace)
{
	for (size_t r = 0; r < nreplace; r++)
		if (!strcmp(replace[r].name, name))
			return true;
	return false;
}

hz_code tmpl_doc_render(const tmpl_doc *d, void *ctx, const void *root, const ooxml_member *replace,
			size_t nreplace, const char *out_path, ooxml_write how, hz_error *err)
{
	size_t n = ooxml_template_count(d->pkg);
	ooxml_member *rendered = calloc(n + 1, sizeof(*rendered));
	dynbuf *bufs = calloc(n + 1, sizeof(*bufs));
	hz_code rc = HZ_OK;

	if (!rendered || !bufs) {
		rc = hz_error_set(err, HZ_E_NOMEM, "rendering");
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		dynbuf_init(&bufs[i], HZ_MAX_DOC_OUTPUT_BYTES);
	for (size_t i = 0; i < n && rc == HZ_OK; i++) {
		const char *name = ooxml_template_name(d->pkg, i);
		if (!d->part[i] || replaced(name, replace, nreplace))
			continue;
		if (d->fixed && how == d->fixed_how && d->fixed_index[i] != SIZE_MAX) {
			rendered[i] = (ooxml_member){.name = name, .cache = d->fixed, .cache_index = d->fixed_index[i]};
			continue;
		}
		rc = tmpl_part_render(d->part[i], ctx, root, &bufs[i], err);
		rendered[i] = (ooxml_member){.name = name, .data = dynbuf_str(&bufs[i]), .len = bufs[i].len};
	}
	if (rc == HZ_OK)
		rc = ooxml_template_write(d->pkg, rendered, replace, nreplace, out_path, how, err);
done:
	if (bufs)
		for (size_t i = 0; i < n; i++)
			dynbuf_release(&bufs[i]);
	free(bufs);
	free(rendered);
	return rc;
}
