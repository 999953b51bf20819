/*
 * libFuzzer: the rectification round (SPEC §7): a form read from
 * rectifications/ (recognise/form.c) and judged by hz_rectify_judge
 * (judge/rectify.c) against a campaign whose three units are all lagging.
 * The first byte picks a mode, the rest is its input, in fuzz_form.c's
 * formats (whose grid writers this harness reuses):
 *   0  a text grid written as an .xlsx, 1 as a .docx
 *   2  the bytes as sheet1.xml of an .xlsx (shared strings hold the form's
 *      header words, statuses and the unit's label)
 *   3  the bytes as document.xml of a .docx
 * The checklist is four tasks: ids 1, 2, 1.1, 4; the units 某某局,
 * 区财政局, 区审计局; as_of 2022-11-08 after the deadline 2022-10-30,
 * rectify_by 2022-11-30.
 */
#define LLVMFuzzerInitialize fuzz_form_initialize
#define LLVMFuzzerTestOneInput fuzz_form_one_input
#include "fuzz_form.c"
#undef LLVMFuzzerInitialize
#undef LLVMFuzzerTestOneInput

#include "judge/judge.h"
#include "judge/rectify.h"
#include "recognise/settings.h"

static char ini[512];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char text[] = "[campaign]\ntitle = 整改\nas_of = 2022-11-08\ndeadline = 2022-10-30\n"
				   "rectify_by = 2022-11-30\n[grades]\n优秀 = 90\n良好 = 80\n合格 = 60\n不合格 = 0\n"
				   "[lagging]\nbelow = 优秀\n";
	snprintf(ini, sizeof(ini), "%s/campaign.ini", campaign_dir());
	if (!fuzz_write_file(ini, text, sizeof(text) - 1))
		abort();
	return fuzz_form_initialize(argc, argv);
}

static char *dup_or_die(const char *s)
{
	char *d = strdup(s);
	if (!d)
		abort();
	return d;
}

/* The campaign of the header comment, judged with no submission. */
static int campaign(hz_results *r)
{
	static const char *const ids[] = {"1", "2", "1.1", "4"};
	static const char *const titles[] = {"理论学习", "主题党日", "警示教育", "志愿服务"};
	static const char *const units[] = {"某某局", "区财政局", "区审计局"};
	hz_file_note *warnings = NULL;
	size_t nwarnings = 0;
	hz_error err;

	hz_error_clear(&err);
	if (hz_settings_load(&r->settings, ini, &warnings, &nwarnings, &err) != HZ_OK)
		abort();
	hz_file_notes_free(warnings, nwarnings);
	r->tasks = calloc(4, sizeof(*r->tasks));
	r->units = calloc(3, sizeof(*r->units));
	r->categories = calloc(1, sizeof(*r->categories));
	if (!r->tasks || !r->units || !r->categories)
		abort();
	r->categories[0] = dup_or_die("学习");
	r->ncategories = 1;
	for (size_t i = 0; i < 4; i++) {
		hz_task *t = &r->tasks[r->ntasks++];
		t->id = dup_or_die(ids[i]);
		t->category = dup_or_die("学习");
		t->title = dup_or_die(titles[i]);
		t->requirement = dup_or_die("");
		t->max = 5;
		t->min_count = i == 1 ? 2 : 0;
	}
	for (size_t i = 0; i < 3; i++) {
		hz_unit *u = &r->units[r->nunits++];
		u->name = dup_or_die(units[i]);
		u->group = dup_or_die("");
	}
	hz_error_clear(&err);
	return hz_judge(r, NULL, 0, norm, &err) == HZ_OK;
}

static void rectify(const char *path, const char *rel)
{
	hz_results r;
	hz_form f;
	hz_rectify_file file = {rel, NULL, "could not be read"};
	hz_error err;
	int read;

	hz_results_init(&r);
	hz_error_clear(&err);
	read = hz_form_read(&f, path, rel, norm, &err) == HZ_OK;
	if (read)
		file.form = &f;
	if (campaign(&r)) {
		hz_error_clear(&err);
		(void)hz_rectify_judge(&r, &file, 1, norm, &err);
	}
	hz_results_release(&r);
	if (read)
		hz_form_release(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const rel[4] = {"rectifications/某某局整改表.xlsx", "rectifications/某某局整改表.docx", "rectifications/a.xlsx", "rectifications/a.docx"};
	return fuzz_four_shapes(data, size, rectify, rel, S(form_sst));
}
