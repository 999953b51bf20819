/*
 * One error convention for every stage (after libxlsxwriter's enum +
 * lxw_strerror and curl's code + detail message with context).
 *
 * A stage returns an hz_code and, when it is not HZ_OK, fills the caller's
 * hz_error with the context it knows (file, part, position) and a detail.
 * Only cli.c/main.c turn an hz_error into text on a terminal or an exit code.
 */
#ifndef HZ_ERR_H
#define HZ_ERR_H

#include <stddef.h>

typedef enum hz_code {
	HZ_OK = 0,
	HZ_E_NOMEM,        /* out of memory */
	HZ_E_IO,           /* cannot open or read the file */
	HZ_E_TOO_BIG,      /* file over HZ_MAX_FILE_BYTES */
	HZ_E_EMPTY,        /* zero-byte file */
	HZ_E_NOT_ZIP,      /* not a zip (and not one of the known other formats) */
	HZ_E_OLE,          /* OLE/CFB container: encrypted OOXML or legacy .doc/.xls */
	HZ_E_LEGACY,       /* a legacy or foreign format recognised by content/name (.wps .et .pdf ...) */
	HZ_E_LOCKFILE,     /* an Office owner/lock file (~$name) */
	HZ_E_ZIP_CORRUPT,  /* truncated archive, bad CRC, unsupported method */
	HZ_E_ZIP_ENCRYPTED,/* zip-level encryption */
	HZ_E_NO_PART,      /* the main part (workbook/document) is missing */
	HZ_E_LIMIT,        /* a cap of hz_limits.h: zip bomb, absurd size, depth */
	HZ_E_XML,          /* malformed XML */
	HZ_E_ENTITY,       /* DTD / entity declarations refused (billion laughs, XXE) */
	HZ_E_FORMAT,       /* well-formed but not what the format requires */
	HZ_E_NO_TABLE,     /* no recognisable form table (and, for docx, no text) */
	HZ_E_CONFIG,       /* bad campaign settings, checklist or roster */
	HZ_E_TEMPLATE,     /* bad report/feedback template */
	HZ_E_WRITE,        /* cannot write an output */
	HZ_E_USAGE,        /* the command line is wrong */
	HZ_E_INTERNAL,
	HZ_E_BUSY,         /* another run holds the output folder's lock (SPEC 8.1) */
	HZ_E__COUNT
} hz_code;

/* On every function that returns an hz_code: a caller that drops the code
 * drops an error, and -Werror makes that a build failure. */
#define HZ_MUST_USE __attribute__((warn_unused_result))

/* The one early exit of a function built around one cleanup label (as
 * libxlsxwriter's functions are): it declares `hz_code rc` and ends with
 * `out:` releasing what it holds.  A failing step sets rc and jumps there. */
#define HZ_TRY(expr)                       \
	do {                               \
		if ((rc = (expr)) != HZ_OK) \
			goto out;          \
	} while (0)

typedef struct hz_error {
	hz_code code;
	char file[1024];   /* path as given, or relative to the campaign folder */
	char part[256];    /* zip member, e.g. xl/worksheets/sheet1.xml */
	char where[160];   /* position: "sheet '自评表' row 12 column C", "line 3 column 40" */
	char detail[512];  /* what exactly went wrong, English */
} hz_error;

/* English and Chinese one-phrase descriptions of a code.  Static strings. */
const char *hz_strerror(hz_code code);
const char *hz_strerror_zh(hz_code code);

/* Clears the whole error (code HZ_OK, empty strings). */
void hz_error_clear(hz_error *err);

/* Sets code and detail (printf-style); keeps file/part/where already set.
 * Returns code so a stage can write `return hz_error_set(err, ...)`.
 * err may be NULL. */
hz_code hz_error_set(hz_error *err, hz_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Context setters; NULL leaves a field unchanged.  err may be NULL. */
void hz_error_file(hz_error *err, const char *file);
void hz_error_part(hz_error *err, const char *part);
void hz_error_where(hz_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One line for people, Chinese then English, e.g.
 *   无法读取 x.docx：文件已加密或为旧版 .doc 格式 / cannot read 'x.docx': encrypted or legacy OLE file (word/document.xml, line 3)
 * Writes at most n bytes (NUL included) into out; returns out. */
char *hz_error_line(const hz_error *err, char *out, size_t n);

/* The reason alone (no "cannot read"), Chinese / English, for results.json
 * `rejected[].reason`. */
char *hz_error_reason(const hz_error *err, char *out, size_t n);

#endif
