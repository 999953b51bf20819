/* report_progress: 报送进度's chart part (well-formed, cached values equal
 * to the history, two axes), its sheet and the sentence (SPEC 8.4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <string.h>

#include "write/report_progress.h"

static hz_history_row rows[] = {
	{"2022-10-20", 60, 18, 15, 3, 50, 1, 70.5},
	{"2022-10-25", 60, 36, 30, 6, 30, 0, 72},
	{"2022-10-31", 60, 54, 45, 9, 20, 2, 73.25},
};

static void test_present(void **state)
{
	hz_history h = {rows, 1};
	(void)state;
	assert_false(report_progress_present(&h));
	assert_false(report_progress_present(NULL));
	h.n = 2;
	assert_true(report_progress_present(&h));
}

/* The numbers of one c:numCache after the n-th occurrence of "<c:numCache>". */
static void cached(const char *xml, int which, char out[][16], size_t n)
{
	const char *p = xml;
	for (int k = 0; k <= which; k++) {
		p = strstr(p, "<c:numCache>");
		assert_non_null(p);
		p++;
	}
	for (size_t i = 0; i < n; i++) {
		const char *v = strstr(p, "<c:v>"), *e;
		assert_non_null(v);
		v += 5;
		e = strstr(v, "</c:v>");
		assert_true(e - v < 16);
		memcpy(out[i], v, (size_t)(e - v));
		out[i][e - v] = '\0';
		p = e;
	}
}

static void test_chart(void **state)
{
	hz_history h = {rows, 3};
	dynbuf b;
	xmlDocPtr doc;
	char v[3][16];
	(void)state;
	dynbuf_init(&b, 1u << 20);
	assert_int_equal(report_progress_chart_xml(&h, true, &b), HZ_OK);
	doc = xmlReadMemory(b.buf, (int)b.len, "chart.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	xmlFreeDoc(doc);
	cached(b.buf, 0, v, 3);
	assert_string_equal(v[0], "18");
	assert_string_equal(v[1], "36");
	assert_string_equal(v[2], "54");
	cached(b.buf, 1, v, 3);
	assert_string_equal(v[0], "70.5");
	assert_string_equal(v[1], "72");
	assert_string_equal(v[2], "73.25");
	assert_non_null(strstr(b.buf, "<c:v>10月25日</c:v>"));
	assert_non_null(strstr(b.buf, "Sheet1!$C$2:$C$4"));
	assert_non_null(strstr(b.buf, "<c:axPos val=\"r\"/>")); /* the percent's own axis */
	assert_non_null(strstr(b.buf, "r:id=\"rIdData\""));
	dynbuf_release(&b);
	dynbuf_init(&b, 1u << 20);
	assert_int_equal(report_progress_chart_xml(&h, false, &b), HZ_OK);
	assert_null(strstr(b.buf, "externalData"));
	dynbuf_release(&b);
}

static void test_sentence(void **state)
{
	hz_history_row r2[] = {rows[0], rows[0]};
	hz_history h = {rows, 3};
	dynbuf b;
	(void)state;
	dynbuf_init(&b, 4096);
	assert_int_equal(report_progress_sentence(&h, &b), HZ_OK);
	assert_string_equal(b.buf, "截至10月31日，已报送54个单位，比10月25日增加18个；平均得分率为73.25%，比10月25日提高1.25个百分点。");
	dynbuf_release(&b);
	/* the same figures on two dates; then fewer and lower */
	snprintf(r2[1].as_of, sizeof(r2[1].as_of), "2023-01-05");
	h = (hz_history){r2, 2};
	dynbuf_init(&b, 4096);
	assert_int_equal(report_progress_sentence(&h, &b), HZ_OK);
	assert_string_equal(b.buf, "截至2023年1月5日，已报送18个单位，与2022年10月20日持平；平均得分率为70.5%，与2022年10月20日持平。");
	dynbuf_release(&b);
	r2[1].submitted = 10;
	r2[1].average = 60;
	dynbuf_init(&b, 4096);
	assert_int_equal(report_progress_sentence(&h, &b), HZ_OK);
	assert_non_null(strstr(b.buf, "减少8个"));
	assert_non_null(strstr(b.buf, "降低10.5个百分点"));
	dynbuf_release(&b);
	h.n = 1;
	dynbuf_init(&b, 4096);
	assert_int_equal(report_progress_sentence(&h, &b), HZ_OK);
	assert_int_equal(b.len, 0);
	dynbuf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_present),
		cmocka_unit_test(test_chart),
		cmocka_unit_test(test_sentence),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
