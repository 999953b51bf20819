/* libFuzzer: arbitrary bytes as campaign.ini (hz_settings_load_at). */
#include "fuzz_common.h"
#include "model.h"
#include "recognise/settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_tmp_path(".ini");
	hz_settings s;
	hz_file_note *notes = NULL;
	size_t nnotes = 0;
	hz_error err;

	if (!fuzz_write_file(path, data, size))
		return 0;
	hz_error_clear(&err);
	memset(&s, 0, sizeof(s));
	if (hz_settings_load_at(&s, path, 1666915200LL, &notes, &nnotes, &err) == HZ_OK)
		hz_settings_release(&s);
	for (size_t i = 0; i < nnotes; i++) {
		free(notes[i].file);
		free(notes[i].kind);
		free(notes[i].text);
		free(notes[i].unit);
		free(notes[i].by);
	}
	free(notes);
	fuzz_done(path);
	return 0;
}
