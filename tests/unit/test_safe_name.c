/* The one file-name policy of letters and forms (write/safe_name.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "hz_limits.h"
#include "write/safe_name.h"

static const char *made(const char *name)
{
	static char out[SAFE_NAME_ROOM];
	safe_name_make(name, out, sizeof(out));
	return out;
}

static void makes_a_stem_that_stays_in_its_folder(void **state)
{
	char longname[1024] = "";
	(void)state;
	assert_string_equal(made("某某区审计局"), "某某区审计局");
	assert_null(strchr(made("../../etc/passwd"), '/'));
	assert_null(strstr(made("../../etc/passwd"), ".."));
	assert_string_equal(made("../../etc/passwd"), "_._etc_passwd");
	assert_string_equal(made("a\\b/c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
	assert_string_equal(made(".hidden"), "hidden");
	assert_string_equal(made(" 前导空格"), "前导空格");
	assert_string_equal(made("x. "), "x");
	assert_string_equal(made("a..b"), "a.b");
	/* control characters (C0, DEL, C1) and broken UTF-8 dropped */
	assert_string_equal(made("a\x01\x1f\x7f" "b\n"), "ab");
	assert_string_equal(made("a\tb\nc"), "abc");
	assert_string_equal(made("a\xC2\x85" "b"), "ab");
	assert_string_equal(made("bad\xff\xfeutf8"), "badutf8");
	assert_string_equal(made("x\xED\xA0\x80y"), "xy"); /* a surrogate */
	assert_string_equal(made("..."), SAFE_NAME_FALLBACK);
	assert_string_equal(made(""), SAFE_NAME_FALLBACK);
	assert_string_equal(made(NULL), SAFE_NAME_FALLBACK);
	for (int i = 0; i < 100; i++)
		memcpy(longname + i * 3, "汇", 3);
	assert_true(strlen(made(longname)) <= HZ_MAX_FILENAME_BYTES);
	assert_int_equal(strlen(made(longname)) % 3, 0); /* cut at a character boundary */
	assert_true(strlen(made(longname)) > HZ_MAX_FILENAME_BYTES - 3);
}

/* Windows opens these as devices, with or without an extension. */
static void windows_device_names(void **state)
{
	static const char *const devices[] = {
		"CON", "con", "Prn", "AUX", "nul", "NUL.docx", "nul.tar.gz", "CON .docx", "conin$", "CONOUT$",
		"COM0", "COM1", "com5", "COM9", "LPT1", "lpt9.xlsx", "LPT0", "COM\xC2\xB9", "LPT\xC2\xB3.docx"};
	static const char *const files[] = {
		"CONSOLE", "CON自查自评表.xlsx", "COM10", "LPT", "COMA", "xCON", "PRN1.docx", "AUX_", "NU", "COM\xC2\xB4",
		"_CON.docx", ".con"};
	char out[SAFE_NAME_ROOM];
	(void)state;
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		if (!safe_name_is_device(devices[i]))
			fail_msg("%s is a device name", devices[i]);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (safe_name_is_device(files[i]))
			fail_msg("%s is no device name", files[i]);
	/* a stem that names a device gets a '_' before it, extension or not */
	assert_string_equal(made("con"), "_con");
	assert_string_equal(made("LPT9"), "_LPT9");
	assert_string_equal(made("Nul.txt"), "_Nul.txt");
	assert_string_equal(made("COM3 ."), "_COM3");
	assert_string_equal(made("COM10"), "COM10");
	safe_name_make("CON", out, sizeof(out));
	assert_false(safe_name_is_device(out));
}

/* Two units that come out the same get （2）, （3） …, compared without ASCII
 * case; reserved names are never given; the number stays within the cap. */
static void unique_names_in_a_folder(void **state)
{
	safe_name_set s = {0};
	char out[SAFE_NAME_ROOM + 64], longname[1024] = "";
	(void)state;
	assert_int_equal(safe_name_set_init(&s, 2), HZ_OK);
	assert_int_equal(safe_name_set_reserve(&s, "空白自查自评表.xlsx"), HZ_OK);
	assert_int_equal(safe_name_unique(&s, "空白", "自查自评表.xlsx", out, sizeof(out)), HZ_OK);
	assert_string_equal(out, "空白（2）自查自评表.xlsx");
	assert_int_equal(safe_name_unique(&s, "Abc", ".docx", out, sizeof(out)), HZ_OK);
	assert_string_equal(out, "Abc.docx");
	assert_int_equal(safe_name_unique(&s, "aBC", ".docx", out, sizeof(out)), HZ_OK);
	assert_string_equal(out, "aBC（2）.docx");
	assert_int_equal(safe_name_unique(&s, "a/c", ".docx", out, sizeof(out)), HZ_OK);
	assert_string_equal(out, "a_c.docx");
	assert_int_equal(safe_name_unique(&s, "a:c", ".docx", out, sizeof(out)), HZ_OK);
	assert_string_equal(out, "a_c（2）.docx");
	for (int i = 0; i < 100; i++)
		memcpy(longname + i * 3, "长", 3);
	assert_int_equal(safe_name_unique(&s, longname, ".docx", out, sizeof(out)), HZ_OK);
	assert_int_equal(strlen(out), HZ_MAX_FILENAME_BYTES / 3 * 3 + strlen(".docx"));
	assert_int_equal(safe_name_unique(&s, longname, ".docx", out, sizeof(out)), HZ_OK);
	assert_true(strlen(out) <= HZ_MAX_FILENAME_BYTES + strlen(".docx"));
	assert_non_null(strstr(out, "（2）.docx"));
	/* past the first sizing: the set grows */
	for (int i = 0; i < 200; i++) {
		assert_int_equal(safe_name_unique(&s, "同名单位", ".docx", out, sizeof(out)), HZ_OK);
		if (i == 199)
			assert_string_equal(out, "同名单位（200）.docx");
	}
	assert_int_equal(s.n, 208);
	safe_name_set_release(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(makes_a_stem_that_stays_in_its_folder),
		cmocka_unit_test(windows_device_names),
		cmocka_unit_test(unique_names_in_a_folder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
