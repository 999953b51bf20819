/*
 * libFuzzer: review forms (recognise/review_form.c, SPEC 6.1).  The first
 * byte picks a mode, the rest is its input, in fuzz_form.c's formats (whose
 * grid writers this harness reuses):
 *   0  a text grid written as an .xlsx (two sheets), read by hz_review_file_read
 *   1  a text grid as a .docx (paragraphs and tables)
 *   2  the bytes as sheet1.xml of an .xlsx (shared strings hold the review
 *      header words, task ids and labels; mergeCells reach the two-row
 *      header code)
 *   3  the bytes as document.xml of a .docx
 * The checklist is four tasks: ids 1, 2, 1.1, 4; titles 理论学习, 主题党日,
 * 警示教育, 志愿服务.
 */
#define LLVMFuzzerInitialize fuzz_form_initialize
#define LLVMFuzzerTestOneInput fuzz_form_one_input
#include "fuzz_form.c"
#undef LLVMFuzzerInitialize
#undef LLVMFuzzerTestOneInput

#include "recognise/review_form.h"

static char *ids[] = {"1", "2", "1.1", "4"};
static char *titles[] = {"理论学习", "主题党日", "警示教育", "志愿服务"};
static const hz_review_keys keys = {ids, titles, 4};

static const char review_sst[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<si><t>序号</t></si><si><t>任务</t></si><si><t>考评得分</t></si><si><t>扣分原因</t></si>"
	"<si><t>单位名称</t></si><si><t>任务2</t></si><si><t>1.1（7分）</t></si><si><t>被考评单位：某某局</t></si>"
	"<si><t>评审组：第一评审组</t></si><si><t>考评日期：2022年10月28日</t></si><si><t>理论学习</t></si>"
	"<si><t>合计</t></si><si><t>7分</t></si><si><t>评审组长（签字）：</t></si></sst>";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_form_initialize(argc, argv);
}

static void read_review(const char *path, const char *rel)
{
	hz_review_file f;
	hz_error err;
	hz_error_clear(&err);
	if (hz_review_file_read(&f, path, rel, &keys, norm, &err) == HZ_OK)
		hz_review_file_release(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const rel[4] = {"reviews/第一评审组.xlsx", "reviews/某局考评表.docx", "reviews/a.xlsx", "reviews/a.docx"};
	return fuzz_four_shapes(data, size, read_review, rel, S(review_sst));
}
