/* dynbuf and hzerr: the two conventions every stage builds on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "dynbuf.h"
#include "hzerr.h"

static void dynbuf_grows_and_stays_terminated(void **state)
{
	dynbuf b;
	(void)state;
	dynbuf_init(&b, 1 << 20);
	assert_string_equal(dynbuf_str(&b), "");
	for (int i = 0; i < 1000; i++)
		assert_int_equal(dynbuf_printf(&b, "%d,", i), HZ_OK);
	assert_int_equal(strncmp(dynbuf_str(&b), "0,1,2,", 6), 0);
	assert_int_equal(b.buf[b.len], '\0');
	dynbuf_release(&b);
}

static void dynbuf_refuses_past_toobig(void **state)
{
	dynbuf b;
	char big[300];
	(void)state;
	memset(big, 'x', sizeof(big));
	dynbuf_init(&b, 100);
	assert_int_equal(dynbuf_add(&b, big, 99), HZ_OK);
	assert_int_equal(dynbuf_add(&b, big, 1), HZ_E_LIMIT);
	assert_int_equal(b.len, 99); /* unchanged by the refused add */
	assert_int_equal(dynbuf_printf(&b, "%s", "y"), HZ_E_LIMIT);
	dynbuf_release(&b);
}

static void dynbuf_detach_hands_over(void **state)
{
	dynbuf b;
	size_t n;
	char *s;
	(void)state;
	dynbuf_init(&b, 64);
	s = dynbuf_detach(&b, &n);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(dynbuf_addstr(&b, "汇总"), HZ_OK);
	s = dynbuf_detach(&b, &n);
	assert_int_equal(n, strlen("汇总"));
	assert_null(b.buf);
	free(s);
}

static void error_line_names_file_and_reason(void **state)
{
	hz_error e;
	char line[2048];
	(void)state;
	hz_error_clear(&e);
	hz_error_file(&e, "submissions/x.docx");
	assert_int_equal(hz_error_set(&e, HZ_E_OLE, NULL), HZ_E_OLE);
	hz_error_line(&e, line, sizeof(line));
	assert_non_null(strstr(line, "无法读取 x.docx："));
	assert_non_null(strstr(line, "cannot read 'submissions/x.docx': encrypted or legacy OLE file"));
	hz_error_part(&e, "xl/worksheets/sheet1.xml");
	hz_error_where(&e, "line %d", 3);
	hz_error_set(&e, HZ_E_XML, "tag mismatch");
	hz_error_reason(&e, line, sizeof(line));
	assert_string_equal(line, "文件内部 XML 格式错误 / malformed XML inside the file (xl/worksheets/sheet1.xml, line 3: tag mismatch)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dynbuf_grows_and_stays_terminated),
		cmocka_unit_test(dynbuf_refuses_past_toobig),
		cmocka_unit_test(dynbuf_detach_hands_over),
		cmocka_unit_test(error_line_names_file_and_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
