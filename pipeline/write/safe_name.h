/*
 * The one file-name policy of the documents named after a unit or a group:
 * the letters (反馈/<unit>.docx, write/feedback.c), the forms
 * (<unit>自查自评表.xlsx, write/forms.c) and the review forms
 * (<group>考评表.xlsx, write/review_forms.c).  Names come from the roster,
 * that is from anybody: a name must never leave its folder, and the files
 * are copied to the Windows machines of the office, so what Windows
 * refuses is refused here too.
 */
#ifndef HZ_SAFE_NAME_H
#define HZ_SAFE_NAME_H

#include <stdbool.h>
#include <stddef.h>

#include "hzerr.h"
#include "hz_limits.h"

/* What a name with nothing left becomes. */
#define SAFE_NAME_FALLBACK "未命名单位"
/* Room safe_name_make needs in out: the cap, a '_' before a device name,
 * and the NUL. */
#define SAFE_NAME_ROOM (HZ_MAX_FILENAME_BYTES + 2)

/*
 * A file-name stem for any name: path separators and the characters
 * Windows refuses (\ / : * ? " < > |) become '_'; control characters (C0,
 * DEL, C1) and broken UTF-8 are dropped; runs of dots shrink to one (no
 * ".."); no leading dot or space, no trailing dot or space (Windows drops
 * them); at most HZ_MAX_FILENAME_BYTES bytes cut at a character boundary;
 * SAFE_NAME_FALLBACK when nothing is left; and '_' before it when Windows
 * would take it for a device (safe_name_is_device).  outsz ≥ SAFE_NAME_ROOM.
 */
void safe_name_make(const char *name, char *out, size_t outsz);

/*
 * Whether Windows opens file as a device rather than a file: CON, PRN,
 * AUX, NUL, COM0–COM9, LPT0–LPT9 (and COM¹²³, LPT¹²³), CONIN$, CONOUT$,
 * in any ASCII case, alone or before an extension ("nul.docx",
 * "Com1.tar.gz"), spaces before the dot ignored.
 */
bool safe_name_is_device(const char *file);

/*
 * The file names a folder already has, compared with ASCII letters folded
 * (Windows and macOS folders are case-insensitive).  safe_name_set_init
 * sizes it for about `expected` names (it grows past them);
 * safe_name_set_release frees it (a zeroed set is fine).
 */
typedef struct safe_name_set {
	char **slot;            /* open addressing; owned copies */
	size_t cap, n;
} safe_name_set;

HZ_MUST_USE hz_code safe_name_set_init(safe_name_set *s, size_t expected);
void safe_name_set_release(safe_name_set *s);
/* Takes a file name as it is (the blank form, the summary workbook), so no
 * unit gets it.  HZ_E_NOMEM. */
HZ_MUST_USE hz_code safe_name_set_reserve(safe_name_set *s, const char *file);

/*
 * A file name for name, new in s and added to it: stem + tail, the stem
 * safe_name_make's; when taken, stem + "（2）" + tail, "（3）" … with the
 * stem cut so that it and its number keep within HZ_MAX_FILENAME_BYTES.
 * tail: the extension (".docx"), or what follows the name ("考评表.xlsx").
 * out: at least SAFE_NAME_ROOM + 16 + strlen(tail) bytes.  HZ_E_NOMEM.
 */
HZ_MUST_USE hz_code safe_name_unique(safe_name_set *s, const char *name, const char *tail, char *out, size_t outsz);

#endif
