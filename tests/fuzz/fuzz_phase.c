/*
 * libFuzzer: phase documents (recognise/phase_doc.c, SPEC 9.1, 9.2).  The
 * first byte picks a mode, the rest is its input, in fuzz_form.c's formats
 * (whose grid writers this harness reuses):
 *   0  a text grid written as an .xlsx, read by hz_phase_doc_read
 *   1  a text grid as a .docx (paragraphs: the title with 关于, the
 *      成文日期 as the last date paragraph)
 *   2  the bytes as sheet1.xml of an .xlsx (shared strings hold unit and
 *      date labels)
 *   3  the bytes as document.xml of a .docx
 *   4  the bytes as a .pdf file
 */
#define LLVMFuzzerInitialize fuzz_form_initialize
#define LLVMFuzzerTestOneInput fuzz_form_one_input
#include "fuzz_form.c"
#undef LLVMFuzzerInitialize
#undef LLVMFuzzerTestOneInput

#include "recognise/phase_doc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	return fuzz_form_initialize(argc, argv);
}

static void read_phase(const char *path, const char *rel)
{
	hz_phase_doc d;
	hz_error err;
	hz_error_clear(&err);
	if (hz_phase_doc_read(&d, path, rel, norm, &err) == HZ_OK)
		hz_phase_doc_release(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char xlsx[256], docx[256], pdf[256];
	fuzz_bytes expanded = {NULL, 0, 0, FUZZ_EXPAND_MAX};
	int mode;

	if (size < 1)
		return 0;
	mode = data[0] % 5;
	data++;
	size--;
	if (mode != 4) {
		fuzz_expand(&expanded, data, size, 0);
		data = expanded.p ? expanded.p : data;
		size = expanded.len;
	}
	snprintf(xlsx, sizeof(xlsx), "%s", fuzz_tmp_path(".xlsx"));
	snprintf(docx, sizeof(docx), "%s", fuzz_tmp_path(".docx"));
	snprintf(pdf, sizeof(pdf), "%s", fuzz_tmp_path(".pdf"));
	switch (mode) {
	case 0:
		if (write_grid_xlsx(xlsx, data, size))
			read_phase(xlsx, "phases/创建方案/某某局.xlsx");
		fuzz_done(xlsx);
		break;
	case 1:
		if (write_grid_docx(docx, data, size))
			read_phase(docx, "phases/创建方案/某某局创建方案.docx");
		fuzz_done(docx);
		break;
	case 2:
		if (fuzz_write_xlsx_sheet1(xlsx, data, size, S(form_sst)))
			read_phase(xlsx, "phases/工作总结/a.xlsx");
		fuzz_done(xlsx);
		break;
	case 3:
		if (fuzz_write_docx_document(docx, data, size))
			read_phase(docx, "phases/工作总结/a.docx");
		fuzz_done(docx);
		break;
	default:
		if (fuzz_write_file(pdf, data, size))
			read_phase(pdf, "phases/工作总结/a.pdf");
		fuzz_done(pdf);
		break;
	}
	free(expanded.p);
	return 0;
}
