/* libFuzzer: arbitrary bytes as a .docx file, read in both text modes. */
#include "fuzz_common.h"
#include "fuzz_readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_tmp_path(".docx");
	if (fuzz_write_file(path, data, size))
		fuzz_read_docx(path);
	fuzz_done(path);
	return 0;
}
