/* report_review: 考评验收情况's figures (SPEC 6.5) computed again here from
 * the units by the plain definitions — counts, averages over the reviewed
 * units (self 0 for one that sent no form), the overrated units largest
 * gap first, the per-category self and review rates — and its chart part:
 * well-formed, two series whose cached values are those rates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libxml/parser.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "write/report_review.h"

#include "synth_reviews.h"

static void test_figures(void **state)
{
	hz_results r;
	docdata d;
	report_review v;
	hz_error err = {0};
	size_t reviewed = 0, overrated = 0;
	double self = 0, review = 0, fin = 0;
	(void)state;
	synth_results(&r, 40, 7);
	synth_reviews(&r, 11);
	assert_true(r.has_reviews);
	assert_int_equal(docdata_init(&d, &r, &err), HZ_OK);
	assert_int_equal(report_review_init(&v, &d, &err), HZ_OK);
	for (size_t i = 0; i < r.nunits; i++) {
		const hz_unit *u = &r.units[i];
		if (!u->review)
			continue;
		reviewed++;
		self += u->submitted && !u->narrative ? u->percent : 0;
		review += u->review->percent;
		fin += u->review->final_percent;
		overrated += u->overrated && u->submitted;
	}
	assert_true(reviewed > 0 && overrated > 0);
	assert_true(v.on);
	assert_int_equal(v.reviewed, reviewed);
	assert_int_equal(v.not_reviewed, r.nunits - reviewed);
	assert_true(fabs(v.avg_self - self / (double)reviewed) < 1e-9);
	assert_true(fabs(v.avg_review - review / (double)reviewed) < 1e-9);
	assert_true(fabs(v.avg_final - fin / (double)reviewed) < 1e-9);
	assert_int_equal(v.noverrated, overrated);
	for (size_t k = 0; k < v.noverrated; k++) {
		const hz_unit *u = v.overrated[k].u;
		assert_int_equal(v.overrated[k].no, k + 1);
		assert_true(u->overrated && u->review);
		if (k > 0) {
			const hz_unit *p = v.overrated[k - 1].u;
			double gp = p->percent - p->review->percent, gu = u->percent - u->review->percent;
			assert_true(gp > gu || (gp == gu && p < u)); /* largest gap first, roster order in a tie */
		}
	}
	for (size_t c = 0; c < r.ncategories; c++) {
		double s = 0, rv = 0, max = 0;
		for (size_t t = 0; t < r.ntasks; t++)
			if (!strcmp(r.tasks[t].category, r.categories[c]))
				max += r.tasks[t].max;
		for (size_t i = 0; i < r.nunits; i++) {
			const hz_unit *u = &r.units[i];
			if (!u->review)
				continue;
			if (u->submitted && !u->narrative)
				s += u->categories[c].score;
			for (size_t t = 0; t < r.ntasks; t++)
				if (!strcmp(r.tasks[t].category, r.categories[c]))
					rv += u->review->tasks[t].score;
		}
		assert_true(fabs(v.cat_self[c] - s * 100 / (max * (double)reviewed)) < 1e-9);
		assert_true(fabs(v.cat_review[c] - rv * 100 / (max * (double)reviewed)) < 1e-9);
	}
	report_review_release(&v);
	docdata_release(&d);
	hz_results_release(&r);
}

static void test_chart(void **state)
{
	hz_results r;
	docdata d;
	report_review v;
	hz_error err = {0};
	dynbuf b;
	xmlDocPtr doc;
	const char *p;
	(void)state;
	synth_results(&r, 30, 3);
	synth_reviews(&r, 5);
	assert_int_equal(docdata_init(&d, &r, &err), HZ_OK);
	assert_int_equal(report_review_init(&v, &d, &err), HZ_OK);
	dynbuf_init(&b, 1u << 20);
	assert_int_equal(report_chart_review_xml(&d, &b), HZ_OK);
	doc = xmlReadMemory(b.buf, (int)b.len, "chart.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	xmlFreeDoc(doc);
	assert_non_null(strstr(b.buf, "<c:grouping val=\"clustered\"/>"));
	assert_non_null(strstr(b.buf, "r:id=\"rIdData\""));
	/* series 0 then 1: each category's cached value, as docdata_num writes it */
	p = b.buf;
	for (int s = 0; s < 2; s++) {
		p = strstr(p, "<c:numCache>");
		assert_non_null(p);
		for (size_t c = 0; c < r.ncategories; c++) {
			char want[160], num[64];
			docdata_num(num, sizeof(num), s ? v.cat_review[c] : v.cat_self[c]);
			snprintf(want, sizeof(want), "<c:pt idx=\"%zu\"><c:v>%s</c:v></c:pt>", c, num);
			p = strstr(p, want);
			assert_non_null(p);
		}
	}
	assert_null(strstr(p, "<c:numCache>"));
	dynbuf_release(&b);
	report_review_release(&v);
	docdata_release(&d);
	hz_results_release(&r);
}

static void test_without_reviews(void **state)
{
	hz_results r;
	docdata d;
	report_review v;
	hz_error err = {0};
	(void)state;
	synth_results(&r, 12, 1);
	assert_int_equal(docdata_init(&d, &r, &err), HZ_OK);
	assert_int_equal(report_review_init(&v, &d, &err), HZ_OK);
	assert_false(v.on);
	assert_int_equal(v.reviewed, 0);
	assert_null(v.overrated);
	report_review_release(&v);
	docdata_release(&d);
	hz_results_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_chart),
		cmocka_unit_test(test_without_reviews),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
