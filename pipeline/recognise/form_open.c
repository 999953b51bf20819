/*
 * What a submission (form.c) and a review file (review_form.c) go through
 * before their tables are read: SPEC 5.11's refusals by name, and the
 * package opened with its kind (SPEC 6.1: every rule of 5.11 holds for
 * reviews/ too).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "read/pkg.h"
#include "recognise/form_internal.h"

#include "banned.h"

static int ext_is(const char *ext, const char *const *list)
{
	for (; *list; list++)
		if (!strcasecmp(ext, *list))
			return 1;
	return 0;
}

hz_code form_open_kind_by_name(const char *path, const char *relpath, form_pkg_kind *kind, hz_error *err)
{
	static const char *const xlsx_ext[] = {"xlsx", "xlsm", "xltx", "xltm", NULL};
	static const char *const docx_ext[] = {"docx", "docm", "dotx", "dotm", NULL};
	const char *base, *ext;

	base = strrchr(relpath, '/');
	base = base ? base + 1 : relpath;
	ext = strrchr(base, '.');
	ext = ext ? ext + 1 : "";
	if (!strncmp(base, "~$", 2))
		return hz_error_set(err, HZ_E_LOCKFILE, "an Office owner file, written while the document was open");
	if (!ext_is(ext, xlsx_ext) && !ext_is(ext, docx_ext)) {
		/* a converted legacy file (SPEC §10) is read from its
		 * .xlsx/.docx under the original's name */
		const char *dbase = strrchr(path, '/'), *dext;
		dbase = dbase ? dbase + 1 : path;
		dext = strrchr(dbase, '.');
		if (dext && (ext_is(dext + 1, xlsx_ext) || ext_is(dext + 1, docx_ext)))
			ext = dext + 1;
	}
	if (ext_is(ext, xlsx_ext))
		*kind = FORM_PKG_XLSX;
	else if (ext_is(ext, docx_ext))
		*kind = FORM_PKG_DOCX;
	else
		return hz_error_set(err, HZ_E_LEGACY, "a .%s file is not read; save it as .docx or .xlsx",
				    ext[0] ? ext : "(none)");
	return HZ_OK;
}

hz_code form_open_package(const char *path, const char *relpath, form_pkg_kind *kind, long long *mtime, pkg **out,
			  hz_error *err)
{
	struct stat st;
	pkg *p = NULL;
	char *main_part;
	hz_code rc;

	*out = NULL;
	if ((rc = form_open_kind_by_name(path, relpath, kind, err)) != HZ_OK)
		return rc;
	if (stat(path, &st) != 0)
		return hz_error_set(err, HZ_E_IO, "cannot stat the file");
	*mtime = (long long)st.st_mtime;
	rc = pkg_open(&p, path, err);
	if (rc != HZ_OK)
		return rc;
	main_part = pkg_rel_target(p, "", "/officeDocument", NULL);
	if (main_part) {
		if (!strncasecmp(main_part, "xl/", 3) || strstr(main_part, "workbook"))
			*kind = FORM_PKG_XLSX;
		else if (!strncasecmp(main_part, "word/", 5) || strstr(main_part, "document"))
			*kind = FORM_PKG_DOCX;
	}
	free(main_part);
	*out = p;
	return HZ_OK;
}
