/*
 * The report's package around word/document.xml (report_package.h): which
 * of the template's charts are redrawn and which taken out, their embedded
 * workbooks; the package layer (write/ooxml/) finds the charts and edits
 * the relationships and content types.
 */
#include "write/report_package.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hz_limits.h"
#include "write/ooxml/content_types.h"
#include "write/ooxml/drawing.h"
#include "write/ooxml/rels.h"

#include "banned.h"

/* ------------------------------------------------- assembling the package */

/* The packed buffer: per chart, an 8-byte length (little-endian) and that
 * many bytes of workbook (0: the chart is absent). */
hz_code report_pkg_pack_workbooks(const docdata *d, const report_chart *charts, const bool *present, size_t ncharts,
				  const char *out_path, dynbuf *packed, hz_error *err)
{
	hz_code rc = HZ_OK;
	for (size_t k = 0; k < ncharts && rc == HZ_OK; k++) {
		dynbuf one;
		unsigned char len[8];
		dynbuf_init(&one, HZ_MAX_PART_BYTES);
		if (present[k])
			rc = report_chart_workbook(d, charts[k].sheet, charts[k].title, out_path, &one, err);
		for (size_t b = 0; b < 8; b++)
			len[b] = (unsigned char)((uint64_t)one.len >> (8 * b));
		if (rc == HZ_OK)
			rc = dynbuf_add(packed, (const char *)len, sizeof(len));
		if (rc == HZ_OK && one.len)
			rc = dynbuf_add(packed, dynbuf_str(&one), one.len);
		dynbuf_release(&one);
	}
	return rc;
}

/* Chart k's workbook in a packed buffer, or NULL. */
static const char *unpack_workbook(const dynbuf *packed, size_t k, size_t *len)
{
	size_t at = 0;
	for (size_t i = 0; i <= k; i++) {
		uint64_t n = 0;
		if (packed->len - at < 8)
			return NULL;
		for (size_t b = 0; b < 8; b++)
			n |= (uint64_t)(unsigned char)dynbuf_str(packed)[at + b] << (8 * b);
		at += 8;
		if (n > packed->len - at)
			return NULL;
		if (i == k) {
			*len = (size_t)n;
			return n ? dynbuf_str(packed) + at : NULL;
		}
		at += (size_t)n;
	}
	return NULL;
}

void report_pkg_release(report_package *p)
{
	if (p->bufs)
		for (size_t i = 0; i < p->nbufs; i++)
			dynbuf_release(&p->bufs[i]);
	for (size_t i = 0; i < p->nnames; i++)
		free(p->names[i]);
	for (size_t i = 0; i < p->ndropped; i++)
		free(p->dropped_parts[i]);
	for (size_t i = 0; i < p->ndropped_rels; i++)
		free(p->dropped_rels[i]);
	free(p->members);
	free(p->bufs);
	free(p->names);
	free(p->dropped_parts);
	free(p->dropped_rels);
	memset(p, 0, sizeof(*p));
}

static hz_code own(char ***list, size_t *n, const char *s, char **out)
{
	char **grown = realloc(*list, (*n + 1) * sizeof(char *));
	if (!grown)
		return HZ_E_NOMEM;
	*list = grown;
	if (!(grown[*n] = strdup(s)))
		return HZ_E_NOMEM;
	if (out)
		*out = grown[*n];
	(*n)++;
	return HZ_OK;
}

static hz_code add_member(report_package *p, const char *name, const char *data, size_t len)
{
	char *owned;
	hz_code rc;
	if (p->n >= p->max)
		return HZ_E_INTERNAL;
	rc = own(&p->names, &p->nnames, name, &owned);
	if (rc == HZ_OK)
		p->members[p->n++] = (ooxml_member){.name = owned, .data = data, .len = len};
	return rc;
}

/* A chart whose section is absent: its part, its rels and what they name
 * go, and so do its relationship and content types. */
static hz_code drop_chart(report_package *p, const ooxml_template *doc, const ooxml_chart_place *ch, hz_error *err)
{
	char **targets = NULL;
	size_t nt = 0;
	hz_code rc = ooxml_chart_targets(doc, ch, &targets, &nt, err);
	for (size_t i = 0; i < nt && rc == HZ_OK; i++)
		rc = own(&p->dropped_parts, &p->ndropped, targets[i], NULL);
	for (size_t i = 0; i < nt; i++)
		free(targets[i]);
	free(targets);
	if (rc == HZ_OK)
		rc = own(&p->dropped_parts, &p->ndropped, ch->part, NULL);
	if (rc == HZ_OK && ooxml_template_member(doc, ch->rels, NULL))
		rc = own(&p->dropped_parts, &p->ndropped, ch->rels, NULL);
	if (rc == HZ_OK)
		rc = own(&p->dropped_rels, &p->ndropped_rels, ch->rel_id, NULL);
	return rc;
}

/* A chart whose section is present: its part redrawn, its rels naming its
 * workbook, the workbook. */
static hz_code draw_chart(report_package *p, const docdata *d, const report_chart *chart, size_t k,
			  const ooxml_chart_place *ch, const char *xlsx, size_t xlsx_len)
{
	const char *slash = strrchr(ch->part, '/'), *stem = slash ? slash + 1 : ch->part;
	size_t stem_len = strlen(stem) > 4 ? strlen(stem) - 4 : strlen(stem); /* chart1.xml → chart1 */
	char file[OOXML_PART_MAX + 64], book[sizeof(file) + 32], target[sizeof(file) + 32];
	dynbuf *part = &p->bufs[2 * k], *rels = &p->bufs[2 * k + 1];
	hz_code rc;

	snprintf(file, sizeof(file), "Microsoft_Excel_Worksheet_huizong_%.*s.xlsx", (int)stem_len, stem);
	snprintf(book, sizeof(book), "word/embeddings/%s", file);
	snprintf(target, sizeof(target), "../embeddings/%s", file);
	rc = chart->xml(d, part);
	if (rc == HZ_OK)
		rc = ooxml_rels_one(rels, REPORT_CHART_DATA_REL, OOXML_REL_PACKAGE, target);
	if (rc == HZ_OK)
		rc = add_member(p, ch->part, dynbuf_str(part), part->len);
	if (rc == HZ_OK)
		rc = add_member(p, ch->rels, dynbuf_str(rels), rels->len);
	if (rc == HZ_OK)
		rc = add_member(p, book, xlsx, xlsx_len);
	return rc;
}

hz_code report_pkg_assemble(report_package *p, const docdata *d, const report_chart *charts, const bool *present,
			    size_t ncharts, const ooxml_template *doc, const dynbuf *workbooks, const ooxml_member *core,
			    hz_error *err)
{
	dynbuf *ct, *drels;
	bool any_chart = false, any_drawn = false;
	hz_code rc = HZ_OK;
	size_t len;
	const char *xml;

	memset(p, 0, sizeof(*p));
	p->max = ncharts * 16 + 8;
	p->nbufs = ncharts * 2 + 2;
	p->members = calloc(p->max, sizeof(*p->members));
	p->bufs = calloc(p->nbufs, sizeof(*p->bufs));
	if (!p->members || !p->bufs)
		return hz_error_set(err, HZ_E_NOMEM, "building the report");
	for (size_t i = 0; i < p->nbufs; i++)
		dynbuf_init(&p->bufs[i], HZ_MAX_PART_BYTES);
	ct = &p->bufs[2 * ncharts];
	drels = &p->bufs[2 * ncharts + 1];
	for (size_t k = 0; k < ncharts && rc == HZ_OK; k++) {
		ooxml_chart_place ch;
		bool found;
		rc = ooxml_chart_find(doc, charts[k].name, &ch, &found, err);
		if (rc || !found)
			continue;
		any_chart = true;
		if (present[k]) {
			size_t n = 0;
			const char *book = unpack_workbook(workbooks, k, &n);
			if (!book) {
				rc = hz_error_set(err, HZ_E_INTERNAL, "no workbook for the chart %s", charts[k].name);
				break;
			}
			rc = draw_chart(p, d, &charts[k], k, &ch, book, n);
			any_drawn = true;
		} else {
			rc = drop_chart(p, doc, &ch, err);
		}
		if (rc && err && !err->detail[0])
			hz_error_set(err, rc, "the chart %s", charts[k].name);
	}
	if (rc == HZ_OK && any_chart) {
		xml = ooxml_template_member(doc, OOXML_CONTENT_TYPES_PART, &len);
		if (!xml)
			rc = hz_error_set(err, HZ_E_TEMPLATE, "the template has no " OOXML_CONTENT_TYPES_PART);
		else
			rc = ooxml_content_types_edit(xml, len, p->dropped_parts, p->ndropped, any_drawn ? "xlsx" : NULL,
						      OOXML_XLSX_CONTENT_TYPE, ct, err);
		if (rc == HZ_OK)
			rc = add_member(p, OOXML_CONTENT_TYPES_PART, dynbuf_str(ct), ct->len);
	}
	if (rc == HZ_OK && p->ndropped_rels) {
		xml = ooxml_template_member(doc, "word/_rels/document.xml.rels", &len);
		rc = ooxml_rels_drop(xml, len, "word/_rels/document.xml.rels", p->dropped_rels, p->ndropped_rels, drels,
				     err);
		if (rc == HZ_OK)
			rc = add_member(p, "word/_rels/document.xml.rels", dynbuf_str(drels), drels->len);
	}
	for (size_t i = 0; i < p->ndropped && rc == HZ_OK; i++)
		rc = add_member(p, p->dropped_parts[i], NULL, 0); /* tmpl_doc_render: left out */
	if (rc == HZ_OK && core && core->name)
		rc = add_member(p, core->name, core->data, core->len);
	return rc;
}
