/* form_header: role aliases, header rows, labels, enumerations, lists. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "recognise/form_internal.h"

static normalizer *nz;

static int setup(void **state)
{
	hz_error err;
	(void)state;
	return normalizer_new(&nz, &err) == HZ_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	normalizer_free(nz);
	return 0;
}

static form_cell text_cell(uint32_t col, const char *s)
{
	form_cell c = {col, FCELL_TEXT, s, strlen(s), 0, 1};
	return c;
}

static void roles_are_equalities_not_substrings(void **state)
{
	(void)state;
	assert_int_equal(form_role_of(FORM_SUBMISSION, "完成情况"), ROLE_STATUS);
	assert_int_equal(form_role_of(FORM_SUBMISSION, "完成情况说明"), ROLE_EVIDENCE);
	assert_int_equal(form_role_of(FORM_SUBMISSION, "完成"), -1);
	assert_int_equal(form_role_of(FORM_SUBMISSION, "任务内容"), ROLE_TITLE);
	assert_int_equal(form_role_of(FORM_CHECKLIST, "任务内容"), -1);
	assert_int_equal(form_role_of(FORM_CHECKLIST, "二级指标"), ROLE_TITLE);
	assert_int_equal(form_role_of(FORM_SUBMISSION, "二级指标"), -1);
	assert_int_equal(form_role_of(FORM_ROSTER, "类别"), ROLE_GROUP);
	assert_int_equal(form_role_of(FORM_CHECKLIST, "类别"), ROLE_CATEGORY);
	assert_int_equal(form_role_of(FORM_ROSTER, "单位"), ROLE_UNIT);
	assert_int_equal(form_role_of(FORM_SUBMISSION, "单位"), -1);
}

static void header_needs_status_and_ref_or_title(void **state)
{
	form_header h;
	form_cell decoy[] = {text_cell(0, "序号"), text_cell(1, "任务名称"), text_cell(2, "分值")};
	form_cell evidence_only[] = {text_cell(0, "序号"), text_cell(1, "任务"), text_cell(2, "完成情况说明")};
	/* spread by spaces, traditional, a newline: still the status column */
	form_cell form[] = {text_cell(1, "序 号"), text_cell(2, "任務"), text_cell(4, "完成\n情況"),
			    text_cell(5, "完成状态"), text_cell(6, "得　分")};
	form_cell title_only[] = {text_cell(0, "具体任务"), text_cell(3, "是否完成")};
	(void)state;
	assert_int_equal(form_header_match(FORM_SUBMISSION, nz, decoy, 3, &h), 0);
	assert_int_equal(form_header_match(FORM_SUBMISSION, nz, evidence_only, 3, &h), 0);
	assert_int_equal(h.cols[ROLE_EVIDENCE], 2);
	assert_int_equal(form_header_match(FORM_SUBMISSION, nz, form, 5, &h), 1);
	assert_int_equal(h.cols[ROLE_ID], 1);
	assert_int_equal(h.cols[ROLE_TITLE], 2);
	assert_int_equal(h.cols[ROLE_STATUS], 4); /* the leftmost of two */
	assert_int_equal(h.cols[ROLE_SELF_SCORE], 6);
	assert_int_equal(h.cols[ROLE_COUNT], -1);
	assert_int_equal(form_header_match(FORM_SUBMISSION, nz, title_only, 2, &h), 1);
	assert_int_equal(h.cols[ROLE_ID], -1);
	assert_int_equal(form_header_match(FORM_CHECKLIST, nz, decoy, 3, &h), 1);
	assert_int_equal(h.cols[ROLE_MAX], 2);
	assert_int_equal(form_header_match(FORM_ROSTER, nz, decoy, 3, &h), 0);
}

/* The value of the k-th label found in norm_text(s). */
static char *label_value(const char *s, size_t k, form_label_kind *kind, size_t *nfound)
{
	form_label l[8];
	char *t = norm_text(nz, s, strlen(s)), *v;
	size_t n = form_find_labels(t, l, 8);

	*nfound = n;
	if (k >= n) {
		free(t);
		return NULL;
	}
	*kind = l[k].kind;
	v = form_strndup(t + l[k].value_off, l[k].value_len);
	free(t);
	return v;
}

static void labels_found_with_notes_colons_and_two_in_a_cell(void **state)
{
	form_label_kind kind;
	size_t n;
	char *v;
	(void)state;

	v = label_value("填报单位（盖章）：某某区审计局", 0, &kind, &n);
	assert_int_equal(n, 1);
	assert_int_equal(kind, LABEL_UNIT);
	assert_string_equal(v, "某某区审计局");
	free(v);

	/* notes in the other brackets Chinese forms use (NFKC leaves them) */
	v = label_value("填报单位【盖章】：某某区审计局", 0, &kind, &n);
	assert_non_null(v);
	assert_string_equal(v, "某某区审计局");
	free(v);
	v = label_value("填报单位〔公章〕：某某区财政局", 0, &kind, &n);
	assert_non_null(v);
	assert_string_equal(v, "某某区财政局");
	free(v);

	v = label_value("单位名称:", 0, &kind, &n);
	assert_int_equal(n, 1);
	assert_string_equal(v, "");
	free(v);

	v = label_value("填报单位：某某局　　填报日期：2022年10月28日", 0, &kind, &n);
	assert_int_equal(n, 2);
	assert_string_equal(v, "某某局");
	free(v);
	v = label_value("填报单位：某某局　　填报日期：2022年10月28日", 1, &kind, &n);
	assert_int_equal(kind, LABEL_DATE);
	assert_string_equal(v, "2022年10月28日");
	free(v);

	v = label_value("填 报 日 期 ： 2022.9.5", 0, &kind, &n);
	assert_int_equal(kind, LABEL_DATE);
	assert_string_equal(v, "2022.9.5");
	free(v);

	/* a four-character label ends a value even without a space */
	v = label_value("填报单位：某某局填报日期：2022.9.5", 1, &kind, &n);
	assert_int_equal(n, 2);
	assert_int_equal(kind, LABEL_DATE);
	assert_string_equal(v, "2022.9.5");
	free(v);
	v = label_value("填报单位：某某局填报日期：2022.9.5", 0, &kind, &n);
	assert_string_equal(v, "某某局");
	free(v);
	/* but 单位 inside a name does not */
	v = label_value("填报单位：某某单位：x", 0, &kind, &n);
	assert_int_equal(n, 1);
	assert_string_equal(v, "某某单位:x");
	free(v);

	/* not at the start: a salutation or a sentence, not a label */
	v = label_value("打印日期：2022-10-01", 0, &kind, &n);
	assert_null(v);
	assert_int_equal(n, 0);
	v = label_value("区直机关工委：", 0, &kind, &n);
	assert_null(v);
	/* no colon, no label */
	v = label_value("填报单位 某某局", 0, &kind, &n);
	assert_null(v);
	assert_true(form_maybe_label("填报单位：", strlen("填报单位：")));
	assert_false(form_maybe_label("填报单位", strlen("填报单位")));
}

static void enumerations_stripped(void **state)
{
	(void)state;
	assert_string_equal(form_strip_enumeration("一、对党忠诚，建设政治过硬的模范机关"), "对党忠诚，建设政治过硬的模范机关");
	assert_string_equal(form_strip_enumeration("（二）守纪律"), "守纪律");
	assert_string_equal(form_strip_enumeration("(三) 负责任"), "负责任");
	assert_string_equal(form_strip_enumeration("1. 讲政治"), "讲政治");
	assert_string_equal(form_strip_enumeration("12、有效率"), "有效率");
	assert_string_equal(form_strip_enumeration("第一部分 政治建设"), "政治建设");
	assert_string_equal(form_strip_enumeration("十大任务"), "十大任务");
	assert_string_equal(form_strip_enumeration("1.2 任务"), "1.2 任务");
	assert_string_equal(form_strip_enumeration("讲政治"), "讲政治");
}

static void lists_split_on_every_separator(void **state)
{
	char **items;
	size_t n;
	const char *s = "警示教育、 廉政党课;党纪 学习，参观/ 主题党日　志愿服务,,";
	(void)state;

	assert_int_equal(form_split_list(s, strlen(s), 1, nz, &items, &n), HZ_OK);
	assert_int_equal(n, 7);
	assert_string_equal(items[0], "警示教育");
	assert_string_equal(items[2], "党纪");
	assert_string_equal(items[3], "学习");
	assert_string_equal(items[6], "志愿服务");
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
	/* without white space splitting, aliases keep their inner spaces */
	assert_int_equal(form_split_list(s, strlen(s), 0, NULL, &items, &n), HZ_OK);
	assert_int_equal(n, 5);
	assert_string_equal(items[2], "党纪 学习");
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

static void ids_from_numbers_and_text(void **state)
{
	form_cell num = {0, FCELL_NUMBER, "3.0", 3, 3.0, 1};
	form_cell dotted = text_cell(0, "１.２");
	char *k;
	(void)state;
	k = form_id_key(nz, &num);
	assert_string_equal(k, "3");
	free(k);
	k = form_id_key(nz, &dotted);
	assert_string_equal(k, "1.2");
	free(k);
	char cn[16];
	form_col_name(0, cn, sizeof(cn));
	assert_string_equal(cn, "A");
	form_col_name(27, cn, sizeof(cn));
	assert_string_equal(cn, "AB");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roles_are_equalities_not_substrings),
		cmocka_unit_test(header_needs_status_and_ref_or_title),
		cmocka_unit_test(labels_found_with_notes_colons_and_two_in_a_cell),
		cmocka_unit_test(enumerations_stripped),
		cmocka_unit_test(lists_split_on_every_separator),
		cmocka_unit_test(ids_from_numbers_and_text),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
