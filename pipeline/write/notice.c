/*
 * 拟定名单公示.docx (SPEC 6.4): the proposed list of honoured units, from
 * templates/notice.docx.  The template sees campaign.* (docdata.h), the
 * notice.* fields below and the list `candidates` (items: no, name, group,
 * percent, grade), in r->candidates order, which judging has already cut
 * (the first [candidates] max plus the ties at the cut).
 *
 * notice.reviewed is not empty when the campaign has reviews (the list then
 * rests on 自评, 评审组实地考评 and 综合审定, its percent is the final
 * one); without reviews the notice says it rests on the self-assessment and
 * shows the self percent.  notice.percent_label names the column either way.
 */
#include <stdio.h>
#include <string.h>

#include "write/docdata.h"
#include "write/doc_template.h"
#include "write/docs.h"
#include "write/tmpl.h"

#include "banned.h"

enum {
	NF_HONOUR, NF_PUBLICITY, NF_CONTACT, NF_REVIEWED, NF_PERCENT_LABEL, NF_COUNT, NF_COUNT_CN, NF_MIN_GRADE,
	NF_CANDIDATES, NF__COUNT
};

static const tmpl_field candidate_fields[] = {
	{"no", TMPL_TEXT, NULL},      {"name", TMPL_TEXT, NULL},  {"group", TMPL_TEXT, NULL},
	{"percent", TMPL_TEXT, NULL}, {"grade", TMPL_TEXT, NULL},
};

static hz_code candidate_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	const docdata *d = ctx;
	const hz_candidate *c = obj;
	const hz_unit *u = c->unit < d->r->nunits ? &d->r->units[c->unit] : NULL;
	char buf[64];
	switch (field) {
	case 0: return dynbuf_printf(out, "%zu", (size_t)(c - d->r->candidates) + 1);
	case 1: return dynbuf_addstr(out, u && u->name ? u->name : "");
	case 2: return dynbuf_addstr(out, u && u->group ? u->group : "");
	case 3: docdata_num(buf, sizeof(buf), c->percent); return dynbuf_addstr(out, buf);
	case 4: return dynbuf_addstr(out, c->grade ? c->grade : "");
	default: return HZ_E_INTERNAL;
	}
}

static const tmpl_schema candidate_schema = {candidate_fields, sizeof(candidate_fields) / sizeof(candidate_fields[0]),
					     candidate_text, NULL, NULL};

static const tmpl_field notice_fields[NF__COUNT] = {
	{"notice.honour", TMPL_TEXT, NULL},    {"notice.publicity", TMPL_TEXT, NULL},
	{"notice.contact", TMPL_TEXT, NULL},   {"notice.reviewed", TMPL_TEXT, NULL},
	{"notice.percent_label", TMPL_TEXT, NULL}, {"notice.count", TMPL_TEXT, NULL},
	{"notice.count_cn", TMPL_TEXT, NULL},  {"notice.min_grade", TMPL_TEXT, NULL},
	{"candidates", TMPL_LIST, &candidate_schema},
};

/* "2024-12-02" (or 2024/12/2, 2024.12.2) at s: y, m, d and the length
 * read; 0 when s holds no such date. */
static size_t iso_date(const char *s, int *y, int *m, int *d)
{
	int n = 0;
	char sep1, sep2;
	if (sscanf(s, "%4d%c%2d%c%2d%n", y, &sep1, m, &sep2, d, &n) != 5 || n < 8 || sep1 != sep2 ||
	    (sep1 != '-' && sep1 != '/' && sep1 != '.') || *m < 1 || *m > 12 || *d < 1 || *d > 31 || *y < 1000)
		return 0;
	return (size_t)n;
}

/* SPEC 4: the 公示期 in Chinese dates — "2024-12-02 至 2024-12-08" is
 * printed 2024年12月2日至12月8日 (the year once when both share it); any
 * other wording as written. */
static hz_code publicity_text(const char *p, dynbuf *out)
{
	static const char *const joins[] = {"至", "到", "~", "～", "—", "-", "－"};
	int y1, m1, d1, y2, m2, d2;
	size_t a = iso_date(p, &y1, &m1, &d1), b = 0, j;
	const char *q = p + a;
	if (!a)
		return dynbuf_addstr(out, p);
	while (*q == ' ')
		q++;
	for (j = 0; j < sizeof(joins) / sizeof(joins[0]); j++)
		if (!strncmp(q, joins[j], strlen(joins[j]))) {
			q += strlen(joins[j]);
			break;
		}
	while (*q == ' ')
		q++;
	if (j < sizeof(joins) / sizeof(joins[0]))
		b = iso_date(q, &y2, &m2, &d2);
	if (!b || q[b] != '\0')
		return dynbuf_addstr(out, p);
	if (y1 == y2)
		return dynbuf_printf(out, "%d年%d月%d日至%d月%d日", y1, m1, d1, m2, d2);
	return dynbuf_printf(out, "%d年%d月%d日至%d年%d月%d日", y1, m1, d1, y2, m2, d2);
}

/* SPEC 4: a phone number never breaks: 0000-12345678 with a non-breaking
 * hyphen (U+2011) between its digits. */
static hz_code contact_text(const char *c, dynbuf *out)
{
	hz_code rc = HZ_OK;
	for (const char *p = c; *p && rc == HZ_OK; p++) {
		if (*p == '-' && p > c && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' && p[1] <= '9')
			rc = dynbuf_addstr(out, "\xE2\x80\x91");
		else
			rc = dynbuf_add(out, p, 1);
	}
	return rc;
}

static hz_code notice_text(const docdata *d, size_t field, dynbuf *out)
{
	const hz_settings *s = &d->r->settings;
	char buf[64];
	switch (field) {
	case NF_HONOUR: return dynbuf_addstr(out, s->honour && *s->honour ? s->honour : "模范机关");
	case NF_PUBLICITY: return publicity_text(s->publicity ? s->publicity : "", out);
	case NF_CONTACT: return contact_text(s->contact ? s->contact : "", out);
	case NF_REVIEWED: return dynbuf_addstr(out, d->r->has_reviews ? "综合审定" : "");
	case NF_PERCENT_LABEL: return dynbuf_addstr(out, d->r->has_reviews ? "综合得分率（%）" : "自评得分率（%）");
	case NF_COUNT: return dynbuf_printf(out, "%zu", d->r->ncandidates);
	case NF_COUNT_CN:
		if (d->r->ncandidates == 0)
			return dynbuf_addstr(out, "零");
		docdata_cn_number(buf, sizeof(buf), d->r->ncandidates);
		return dynbuf_addstr(out, buf);
	case NF_MIN_GRADE:
		if (s->candidates_min_grade && *s->candidates_min_grade)
			return dynbuf_addstr(out, s->candidates_min_grade);
		return dynbuf_addstr(out, s->ngrades ? s->grades[0].name : "");
	default: return HZ_E_INTERNAL;
	}
}

/* campaign.* first, then notice.* and the list */
static tmpl_field root_fields[DOCDATA_MAX_CAMPAIGN_FIELDS + NF__COUNT];
static tmpl_schema root_schema;

static hz_code root_text(void *ctx, const void *obj, size_t field, dynbuf *out)
{
	(void)obj;
	if (field < docdata_ncampaign_fields)
		return docdata_campaign_text(ctx, field, out);
	return notice_text(ctx, field - docdata_ncampaign_fields, out);
}

static size_t root_count(void *ctx, const void *obj, size_t field)
{
	const docdata *d = ctx;
	(void)obj;
	return field == docdata_ncampaign_fields + NF_CANDIDATES ? d->r->ncandidates : 0;
}

static const void *root_item(void *ctx, const void *obj, size_t field, size_t i)
{
	const docdata *d = ctx;
	(void)obj;
	(void)field;
	return &d->r->candidates[i];
}

static const tmpl_schema *notice_schema(void)
{
	if (docdata_ncampaign_fields > DOCDATA_MAX_CAMPAIGN_FIELDS)
		return NULL;
	if (!root_schema.fields) {
		size_t n = 0;
		for (size_t i = 0; i < docdata_ncampaign_fields; i++)
			root_fields[n++] = docdata_campaign_fields[i];
		for (size_t i = 0; i < NF__COUNT; i++)
			root_fields[n++] = notice_fields[i];
		root_schema = (tmpl_schema){root_fields, n, root_text, root_count, root_item};
	}
	return &root_schema;
}

hz_code hz_notice_write(const hz_results *r, const char *templates_dir, const char *out_path, hz_error *err)
{
	doc_template t;
	docdata d;
	hz_code rc = docdata_init(&d, r, err);

	if (rc)
		return rc;
	rc = doc_template_open(&t, templates_dir, "notice.docx", "notice", notice_schema(), r, d.words, err);
	if (rc == HZ_OK)
		rc = tmpl_doc_render(t.doc, &d, NULL, &t.core, t.core.name ? 1 : 0, out_path, OOXML_WRITE_REPLACE, err);
	if (rc && err && !err->file[0])
		hz_error_file(err, out_path);
	doc_template_release(&t);
	docdata_release(&d);
	return rc;
}
