/*
 * libFuzzer, structure-aware: the input is up to seven XML parts separated
 * by FUZZ_SEP, in this order: sheet1.xml, sharedStrings.xml, styles.xml,
 * workbook.xml, workbook.xml.rels, [Content_Types].xml, docProps/core.xml.
 * A missing or empty piece keeps a small valid default, so the package
 * always opens and the mutations land in xlsx_reader's XML handling.
 * Each piece goes through fuzz_expand ("{{N*...}}" repeats a part of it).
 */
#include "fuzz_common.h"
#include "fuzz_readers.h"

#include "fuzz_pkgs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_member m[] = {
		{"xl/worksheets/sheet1.xml", S(xlsx_sheet)},
		{"xl/sharedStrings.xml", S(xlsx_sst)},
		{"xl/styles.xml", S(xlsx_styles)},
		{"xl/workbook.xml", S(xlsx_wb)},
		{"xl/_rels/workbook.xml.rels", S(xlsx_wb_rels)},
		{"[Content_Types].xml", S(xlsx_ct)},
		{"docProps/core.xml", S(xlsx_core)},
		{"_rels/.rels", S(xlsx_rels)},
		{"xl/worksheets/sheet2.xml", S(xlsx_sheet)},
	};
	static const size_t order[] = {0, 1, 2, 3, 4, 5, 6};
	const char *path = fuzz_tmp_path(".xlsx");

	fuzz_bytes owned[7] = {{0}};

	fuzz_apply_pieces(m, order, sizeof(order) / sizeof(order[0]), data, size, owned);
	if (fuzz_write_zip(path, m, sizeof(m) / sizeof(m[0])))
		fuzz_read_workbook(path);
	fuzz_done(path);
	for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++)
		free(owned[i].p);
	return 0;
}
