/*
 * libFuzzer, structure-aware: the input is up to four parts separated by
 * FUZZ_SEP, in this order: word/document.xml, _rels/.rels,
 * docProps/core.xml, [Content_Types].xml.  A missing or empty piece keeps a
 * small valid default, so the mutations land in docx_reader's XML handling.
 * Each piece goes through fuzz_expand ("{{N*...}}" repeats a part of it).
 */
#include "fuzz_common.h"
#include "fuzz_readers.h"

#include "fuzz_pkgs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_member m[] = {
		{"word/document.xml", S(docx_doc)},
		{"_rels/.rels", S(docx_rels)},
		{"docProps/core.xml", S(docx_core)},
		{"[Content_Types].xml", S(docx_ct)},
	};
	static const size_t order[] = {0, 1, 2, 3};
	const char *path = fuzz_tmp_path(".docx");

	fuzz_bytes owned[4] = {{0}};

	fuzz_apply_pieces(m, order, sizeof(order) / sizeof(order[0]), data, size, owned);
	if (fuzz_write_zip(path, m, sizeof(m) / sizeof(m[0])))
		fuzz_read_docx(path);
	fuzz_done(path);
	for (size_t i = 0; i < sizeof(owned) / sizeof(owned[0]); i++)
		free(owned[i].p);
	return 0;
}
