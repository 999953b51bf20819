#include "campaign_out.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

const char *const hz_input_folders[] = {"submissions", "reviews", "rectifications", "phases"};
const size_t hz_input_nfolders = sizeof(hz_input_folders) / sizeof(hz_input_folders[0]);

/* The absolute path path names, through links and "..", for a path whose
 * last components need not exist yet (an output folder about to be made).
 * 0, or -1 with errno. */
static int canon(const char *path, char out[PATH_MAX], int depth)
{
	char parent[PATH_MAX], up[PATH_MAX];
	const char *base;
	size_t len = strlen(path);

	if (depth > 64 || len == 0 || len >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (realpath(path, out))
		return 0;
	if (errno != ENOENT)
		return -1;
	memcpy(parent, path, len + 1);
	while (len > 1 && parent[len - 1] == '/')
		parent[--len] = '\0';
	base = strrchr(parent, '/');
	if (!base) {
		base = path;
		snprintf(up, sizeof(up), ".");
	} else {
		size_t plen = (size_t)(base - parent);
		base = path + plen + 1;
		memcpy(up, parent, plen);
		up[plen ? plen : 1] = '\0'; /* "/x": the root */
	}
	/* base may keep trailing slashes of path: cut them off in parent's copy */
	{
		char b[PATH_MAX];
		snprintf(b, sizeof(b), "%s", base);
		for (size_t k = strlen(b); k > 1 && b[k - 1] == '/'; k--)
			b[k - 1] = '\0';
		if (canon(up, out, depth + 1) != 0)
			return -1;
		if (!strcmp(b, "."))
			return 0;
		if (!strcmp(b, "..")) {
			char *s = strrchr(out, '/');
			if (s && s != out)
				*s = '\0';
			else
				snprintf(out, PATH_MAX, "/");
			return 0;
		}
		{
			size_t ol = strlen(out);
			if ((size_t)snprintf(out + ol, PATH_MAX - ol, "%s%s", strcmp(out, "/") ? "/" : "", b) >=
			    PATH_MAX - ol) {
				errno = ENAMETOOLONG;
				return -1;
			}
		}
	}
	return 0;
}

static bool inside(const char *path, const char *folder)
{
	size_t n = strlen(folder);
	return !strncmp(path, folder, n) && (path[n] == '\0' || path[n] == '/' || !strcmp(folder, "/"));
}

hz_code hz_output_check_place(const char *campaign_dir, const char *output_dir, hz_error *err)
{
	char out[PATH_MAX], camp[PATH_MAX], in[PATH_MAX], folder[PATH_MAX + 32];

	if (canon(output_dir, out, 0) != 0 || canon(campaign_dir, camp, 0) != 0)
		return HZ_OK; /* what cannot be resolved fails later, with its own message */
	for (size_t i = 0; i < hz_input_nfolders; i++) {
		snprintf(folder, sizeof(folder), "%s/%s", camp, hz_input_folders[i]);
		if (canon(folder, in, 0) != 0)
			continue;
		if (inside(out, in)) {
			hz_error_file(err, output_dir);
			return hz_error_set(err, HZ_E_USAGE,
					    "the output folder lies inside the campaign's %s/ folder (%s), whose files "
					    "are read as forms: the next run would read this run's outputs; choose an "
					    "output folder outside submissions/, reviews/, rectifications/ and phases/",
					    hz_input_folders[i], in);
		}
	}
	return HZ_OK;
}

bool hz_output_name_is_ours(const char *name)
{
	static const char *const ours[] = {"汇总报告.docx", "排名.xlsx", "反馈", "results.json", "拟定名单公示.docx",
					   ".huizong"};
	for (size_t i = 0; i < sizeof(ours) / sizeof(ours[0]); i++)
		if (!strcmp(name, ours[i]))
			return true;
	return false;
}
