/* libFuzzer: arbitrary bytes as an .xlsx file, every sheet read to its end. */
#include "fuzz_common.h"
#include "fuzz_readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_tmp_path(".xlsx");
	if (fuzz_write_file(path, data, size))
		fuzz_read_workbook(path);
	fuzz_done(path);
	return 0;
}
