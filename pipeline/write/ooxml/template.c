#include "write/ooxml/template.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "hz_limits.h"
#include "read/pkg.h"

#include "banned.h"

typedef struct member {
	char *name;
	char *data;         /* NUL-terminated */
	size_t len;
	bool live;          /* written from what the caller renders */
	size_t cache_index; /* kept as it is: its number in cache */
} member;

struct ooxml_template {
	member *m;
	size_t n;
	ooxml_zip_cache *cache; /* the members kept as they are, deflated once */
};

void ooxml_template_free(ooxml_template *t)
{
	if (!t)
		return;
	ooxml_zip_cache_free(t->cache);
	for (size_t i = 0; i < t->n; i++) {
		free(t->m[i].name);
		free(t->m[i].data);
	}
	free(t->m);
	free(t);
}

/* What pkg_open or pkg_read_member said, as a template's fault unless the
 * file could not be read at all or memory ran out. */
static hz_code as_template_error(hz_code rc, hz_error *err)
{
	char was[sizeof(err->detail)];
	if (rc == HZ_E_IO || rc == HZ_E_NOMEM || !err)
		return rc;
	snprintf(was, sizeof(was), "%s", err->detail);
	return hz_error_set(err, HZ_E_TEMPLATE, "%s%s%s", hz_strerror(rc), was[0] ? ": " : "", was);
}

hz_code ooxml_template_load(const char *path, ooxml_template **out, hz_error *err)
{
	ooxml_template *t = NULL;
	pkg *p = NULL;
	size_t n;
	hz_code rc;

	*out = NULL;
	rc = pkg_open(&p, path, err);
	if (rc)
		return as_template_error(rc, err);
	n = pkg_member_count(p);
	t = calloc(1, sizeof(*t));
	if (t)
		t->m = calloc(n + 1, sizeof(*t->m));
	if (!t || !t->m) {
		rc = hz_error_set(err, HZ_E_NOMEM, "loading template");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = pkg_member_name(p, i);
		size_t ln = name ? strlen(name) : 0;
		member *m = &t->m[t->n];
		dynbuf b;
		if (!name) {
			rc = hz_error_set(err, HZ_E_TEMPLATE, "unreadable member %zu", i);
			goto done;
		}
		if (ln == 0 || name[ln - 1] == '/')
			continue; /* a folder */
		dynbuf_init(&b, HZ_MAX_PART_BYTES);
		rc = pkg_read_member(p, i, &b, err);
		if (rc) {
			dynbuf_release(&b);
			rc = as_template_error(rc, err);
			goto done;
		}
		m->name = strdup(name);
		m->data = dynbuf_detach(&b, &m->len);
		if (!m->name || !m->data) {
			free(m->name);
			free(m->data);
			rc = hz_error_set(err, HZ_E_NOMEM, "loading template");
			goto done;
		}
		t->n++;
	}
	/* [Content_Types].xml first, as Office writes it; the rest in template order */
	for (size_t i = 1; i < t->n; i++)
		if (!strcmp(t->m[i].name, "[Content_Types].xml")) {
			member ct = t->m[i];
			memmove(&t->m[1], &t->m[0], i * sizeof(member));
			t->m[0] = ct;
			break;
		}
done:
	pkg_free(p);
	if (rc) {
		hz_error_file(err, path);
		ooxml_template_free(t);
		return rc;
	}
	*out = t;
	return HZ_OK;
}

size_t ooxml_template_count(const ooxml_template *t)
{
	return t->n;
}

const char *ooxml_template_name(const ooxml_template *t, size_t i)
{
	return i < t->n ? t->m[i].name : NULL;
}

const char *ooxml_template_data(const ooxml_template *t, size_t i, size_t *len)
{
	if (i >= t->n)
		return NULL;
	if (len)
		*len = t->m[i].len;
	return t->m[i].data;
}

const char *ooxml_template_member(const ooxml_template *t, const char *name, size_t *len)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->m[i].name, name))
			return ooxml_template_data(t, i, len);
	return NULL;
}

const char *ooxml_template_find(const ooxml_template *t, const char *prefix, const char *suffix)
{
	size_t lp = strlen(prefix), ls = strlen(suffix);
	for (size_t i = 0; i < t->n; i++) {
		size_t ln = strlen(t->m[i].name);
		if (ln >= lp + ls && !strncmp(t->m[i].name, prefix, lp) && !strcmp(t->m[i].name + ln - ls, suffix))
			return t->m[i].name;
	}
	return NULL;
}

hz_code ooxml_template_seal(ooxml_template *t, const bool *live, hz_error *err)
{
	ooxml_member *kept = calloc(t->n + 1, sizeof(*kept));
	size_t nk = 0;
	hz_code rc;
	if (!kept)
		return hz_error_set(err, HZ_E_NOMEM, "loading template");
	for (size_t i = 0; i < t->n; i++) {
		t->m[i].live = live[i];
		if (!live[i]) {
			t->m[i].cache_index = nk;
			kept[nk++] = (ooxml_member){.name = t->m[i].name, .data = t->m[i].data, .len = t->m[i].len};
		}
	}
	ooxml_zip_cache_free(t->cache);
	t->cache = NULL;
	rc = ooxml_zip_cache_new(kept, nk, &t->cache, err);
	free(kept);
	return rc;
}

hz_code ooxml_template_write(const ooxml_template *t, const ooxml_member *rendered, const ooxml_member *replace,
			     size_t nreplace, const char *out_path, ooxml_write how, hz_error *err)
{
	ooxml_member *mem = calloc(t->n + nreplace + 1, sizeof(*mem));
	bool *used = calloc(nreplace + 1, sizeof(*used));
	size_t nm = 0;
	hz_code rc;

	if (!mem || !used) {
		free(mem);
		free(used);
		return hz_error_set(err, HZ_E_NOMEM, "rendering");
	}
	for (size_t i = 0; i < t->n; i++) {
		const member *m = &t->m[i];
		size_t r;
		for (r = 0; r < nreplace && strcmp(replace[r].name, m->name); r++)
			;
		if (r < nreplace) {
			used[r] = true;
			if (replace[r].data || replace[r].cache)
				mem[nm++] = replace[r];
		} else if (m->live) {
			mem[nm++] = (ooxml_member){.name = m->name, .data = rendered[i].data, .len = rendered[i].len,
						   .cache = rendered[i].cache, .cache_index = rendered[i].cache_index};
		} else {
			mem[nm++] = (ooxml_member){.name = m->name, .cache = t->cache, .cache_index = m->cache_index};
		}
	}
	for (size_t r = 0; r < nreplace; r++)
		if (!used[r] && (replace[r].data || replace[r].cache))
			mem[nm++] = replace[r];
	rc = how == OOXML_WRITE_NEW ? ooxml_zip_write_new(out_path, mem, nm, err) : ooxml_zip_write(out_path, mem, nm, err);
	free(mem);
	free(used);
	return rc;
}
