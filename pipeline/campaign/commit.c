#define _GNU_SOURCE /* renameat2 */
#include "campaign/commit.h"
#include "campaign/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hz_limits.h"
#include "write/outfile.h"
#include "write/safe_name.h"

#include "banned.h"

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
	for (size_t i = 0; i < hz_nrounds; i++) {
		snprintf(folder, sizeof(folder), "%s/%s", camp, hz_rounds[i].folder);
		if (canon(folder, in, 0) != 0)
			continue;
		if (inside(out, in)) {
			hz_error_file(err, output_dir);
			return hz_error_set(err, HZ_E_USAGE,
					    "the output folder lies inside the campaign's %s/ folder (%s), whose files "
					    "are read as forms: the next run would read this run's outputs; choose an "
					    "output folder outside submissions/, reviews/, rectifications/ and phases/",
					    hz_rounds[i].folder, in);
		}
	}
	return HZ_OK;
}

/* ---- the commit ---- */

void hz_output_warn_add(char *warn, size_t n, const char *fmt, ...)
{
	size_t len = strnlen(warn, n);
	va_list ap;
	if (len + 2 >= n)
		return;
	if (len)
		warn[len++] = '\n';
	va_start(ap, fmt);
	vsnprintf(warn + len, n - len, fmt, ap);
	va_end(ap);
}

hz_code hz_output_stage_begin(const char *out_dir, char *stage, size_t n, hz_error *err)
{
	char final[PATH_MAX];
	hz_code rc;
	if ((size_t)snprintf(final, sizeof(final), "%s/outputs", out_dir) >= sizeof(final)) {
		hz_error_file(err, out_dir);
		return hz_error_set(err, HZ_E_WRITE, "output path too long");
	}
	if ((rc = hz_tmp_path(final, stage, n, err)) != HZ_OK)
		return rc;
	if (mkdir(stage, 0777) != 0) {
		hz_error_file(err, out_dir);
		return hz_error_set(err, HZ_E_WRITE, "cannot create a folder in it: %s", strerror(errno));
	}
	return HZ_OK;
}

static void warn_not_removed(const char *path, int errnum, char *warn, size_t n)
{
	hz_output_warn_add(warn, n, "warning: cannot remove the temporary folder %s: %s (the next run tries again)", path,
			   strerror(errnum));
}

void hz_output_stage_abort(const char *stage, char *warn, size_t n)
{
	if (stage[0] && hz_tree_remove(stage) != 0)
		warn_not_removed(stage, errno, warn, n);
}

void hz_output_removal_end(hz_tree_removal *removal, char *warn, size_t n)
{
	if (hz_tree_removal_finish(removal) != 0)
		warn_not_removed(removal->path, removal->err, warn, n);
}

/* ---- the names of the letters (SPEC §4) ---- */

typedef struct name_list {
	char **v;
	size_t n, cap;
	bool present; /* read from a file that exists */
} name_list;

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int names_add(name_list *l, const char *s)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 64;
		char **p = realloc(l->v, nc * sizeof(*p));
		if (!p)
			return -1;
		l->v = p;
		l->cap = nc;
	}
	if (!(l->v[l->n] = strdup(s)))
		return -1;
	l->n++;
	return 0;
}

static void names_sort(name_list *l)
{
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), name_cmp);
}

static bool names_has(const name_list *l, const char *s)
{
	return l->n && bsearch(&s, l->v, l->n, sizeof(*l->v), name_cmp) != NULL;
}

static void names_free(name_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* One name a line; a list longer than any roster's letters is not ours. */
static int names_read(name_list *l, const char *path)
{
	char line[1024];
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno == ENOENT ? 0 : -1;
	l->present = true;
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len && names_add(l, line) != 0)
			break;
	}
	fclose(f);
	names_sort(l);
	return 0;
}

/* The entries of a folder (not "." and ".."), sorted. */
static int names_of_dir(name_list *l, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (names_add(l, e->d_name) != 0) {
			closedir(d);
			errno = ENOMEM;
			return -1;
		}
	}
	closedir(d);
	names_sort(l);
	return 0;
}

/* Writes the list (a temporary of ours, synced, renamed). */
static int names_write(const name_list *a, const name_list *b, const char *path)
{
	char tmp[PATH_MAX];
	FILE *f;
	int ok;
	if (hz_tmp_path(path, tmp, sizeof(tmp), NULL) != HZ_OK) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (!(f = fopen(tmp, "wbx")))
		return -1;
	for (size_t i = 0; a && i < a->n; i++)
		fprintf(f, "%s\n", a->v[i]);
	for (size_t i = 0; b && i < b->n; i++)
		if (!a || !names_has(a, b->v[i]))
			fprintf(f, "%s\n", b->v[i]);
	ok = fflush(f) == 0 && !ferror(f) && hz_sync_fd(fileno(f)) == 0;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

/* ---- carrying the office's files (SPEC §4) ---- */

static int copy_file(const char *from, const char *to, const struct stat *st)
{
	char buf[65536];
	int in, out, ok = 1;
	struct stat fs;
	struct timespec times[2];
	in = open(from, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	if (in < 0)
		return -1;
	if (fstat(in, &fs) != 0 || !S_ISREG(fs.st_mode)) {
		close(in);
		errno = EINVAL;
		return -1;
	}
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (st->st_mode & 07777) | S_IWUSR);
	if (out < 0) {
		int e = errno;
		close(in);
		errno = e;
		return -1;
	}
	for (;;) {
		ssize_t got = read(in, buf, sizeof(buf));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			ok = got == 0;
			break;
		}
		for (ssize_t off = 0; off < got;) {
			ssize_t w = write(out, buf + off, (size_t)(got - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				ok = 0;
				break;
			}
			off += w;
		}
		if (!ok)
			break;
	}
	times[0] = fs.st_atim;
	times[1] = fs.st_mtim;
	if (ok) {
		(void)futimens(out, times);
		(void)fchmod(out, st->st_mode & 07777);
		ok = hz_sync_fd(out) == 0;
	}
	{
		int e = errno;
		close(in);
		ok = close(out) == 0 && ok;
		if (!ok) {
			unlink(to);
			errno = e ? e : EIO;
		}
	}
	return ok ? 0 : -1;
}

/* Puts from (an entry of the old 反馈/) at to, unchanged: a hard link
 * where the file system allows one (the same file, nothing copied), else a
 * copy; a folder with everything in it.  The old 反馈/ stays whole. */
static int carry(const char *from, const char *to, int depth, char *warn, size_t wn)
{
	struct stat st;
	if (depth > 64) {
		errno = ELOOP;
		return -1;
	}
	if (lstat(from, &st) != 0)
		return -1;
	if (S_ISREG(st.st_mode)) {
		if (link(from, to) == 0)
			return 0;
		return copy_file(from, to, &st);
	}
	if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t len = readlink(from, target, sizeof(target) - 1);
		if (len < 0)
			return -1;
		target[len] = '\0';
		return symlink(target, to);
	}
	if (S_ISDIR(st.st_mode)) {
		DIR *d;
		struct dirent *e;
		int rc = 0;
		if (mkdir(to, 0700) != 0 || !(d = opendir(from)))
			return -1;
		while (rc == 0 && (e = readdir(d)) != NULL) {
			char a[PATH_MAX], b[PATH_MAX];
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			if ((size_t)snprintf(a, sizeof(a), "%s/%s", from, e->d_name) >= sizeof(a) ||
			    (size_t)snprintf(b, sizeof(b), "%s/%s", to, e->d_name) >= sizeof(b)) {
				errno = ENAMETOOLONG;
				rc = -1;
				break;
			}
			rc = carry(a, b, depth + 1, warn, wn);
		}
		closedir(d);
		if (rc == 0 && (hz_sync_dir(to) != 0 || chmod(to, st.st_mode & 07777) != 0))
			rc = -1;
		return rc;
	}
	/* a FIFO, socket or device the office will not miss in a letter folder */
	hz_output_warn_add(warn, wn, "warning: %s is not a file or folder: not kept in the new 反馈/", from);
	return 0;
}

/* "区交通运输局.docx" is a letter huizong may have written. */
static bool is_unit_letter(const char *name, const char *const *units, size_t nunits)
{
	char safe[SAFE_NAME_ROOM], file[SAFE_NAME_ROOM + 16];
	for (size_t i = 0; i < nunits; i++) {
		safe_name_make(units[i], safe, sizeof(safe));
		snprintf(file, sizeof(file), "%s.docx", safe);
		if (!strcmp(name, file))
			return true;
	}
	return false;
}

/* Carries into new_dir every entry of old_dir that the previous run did
 * not write.  An office file named like a new letter is kept beside it. */
static hz_code carry_office_files(const char *old_dir, const char *new_dir, const name_list *old_letters,
				  const char *const *units, size_t nunits, char *warn, size_t wn, hz_error *err)
{
	name_list old = {0};
	hz_code rc = HZ_OK;
	if (names_of_dir(&old, old_dir) != 0) {
		hz_error_file(err, old_dir);
		rc = hz_error_set(err, HZ_E_WRITE,
				  "cannot read it to keep the office's own files in the new 反馈/: %s", strerror(errno));
		names_free(&old);
		return rc;
	}
	for (size_t i = 0; i < old.n && rc == HZ_OK; i++) {
		const char *name = old.v[i];
		char from[PATH_MAX], to[PATH_MAX];
		struct stat st;
		if (old_letters->present ? names_has(old_letters, name) : is_unit_letter(name, units, nunits))
			continue; /* a letter of the previous run: replaced */
		if (hz_tmp_name_is_ours(name))
			continue;
		if ((size_t)snprintf(from, sizeof(from), "%s/%s", old_dir, name) >= sizeof(from) ||
		    (size_t)snprintf(to, sizeof(to), "%s/%s", new_dir, name) >= sizeof(to))
			continue;
		if (lstat(to, &st) == 0) {
			/* this run's letter has the office's name: both stay */
			const char *dot = strrchr(name, '.');
			int stem = dot && dot != name ? (int)(dot - name) : (int)strlen(name);
			if ((size_t)snprintf(to, sizeof(to), "%s/%.*s（办公室保存）%s", new_dir, stem, name, name + stem) >=
			    sizeof(to))
				continue;
			hz_output_warn_add(warn, wn, "warning: 反馈/%s of the office has a letter's name: kept as %s", name,
				    strrchr(to, '/') + 1);
		}
		if (carry(from, to, 0, warn, wn) != 0) {
			hz_error_file(err, from);
			rc = hz_error_set(err, HZ_E_WRITE, "cannot keep the office's file in the new 反馈/: %s",
					  strerror(errno));
		}
	}
	names_free(&old);
	return rc;
}

/* ---- the renames ---- */

hz_code hz_output_commit(const char *out_dir, const char *stage, const char *const *unit_names, size_t nunits,
			 const hz_output_item *all, size_t nitems, hz_tree_removal *removal, char *warn, size_t wn,
			 hz_error *err)
{
	const hz_output_item *items[HZ_CAMPAIGN_MAX_OUTPUTS];
	size_t nordered = 0;
	char from[PATH_MAX], to[PATH_MAX], list_path[PATH_MAX], done[1024] = "", beside[PATH_MAX] = "";
	name_list old_letters = {0}, new_letters = {0};
	struct stat st;
	hz_code rc = HZ_OK;
	size_t replaced = 0;

	/* the order of the renames: folders, files, the last */
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < nitems && nordered < HZ_CAMPAIGN_MAX_OUTPUTS; i++)
			if ((pass == 0 && all[i].folder) || (pass == 1 && !all[i].folder && !all[i].last) ||
			    (pass == 2 && !all[i].folder && all[i].last))
				items[nordered++] = &all[i];
	snprintf(list_path, sizeof(list_path), "%s/.huizong/letters", out_dir);
	snprintf(from, sizeof(from), "%s/" HZ_OUT_LETTERS, stage);
	snprintf(to, sizeof(to), "%s/" HZ_OUT_LETTERS, out_dir);
	if (names_of_dir(&new_letters, from) != 0) {
		hz_error_file(err, from);
		rc = hz_error_set(err, HZ_E_INTERNAL, "the new letters' folder is missing: %s", strerror(errno));
		goto done;
	}
	/* what is there already, and whether the renames can go through */
	for (size_t i = 0; i < nordered; i++) {
		snprintf(to, sizeof(to), "%s/%s", out_dir, items[i]->name);
		if (lstat(to, &st) != 0)
			continue;
		if (items[i]->folder && !S_ISDIR(st.st_mode)) {
			hz_error_file(err, to);
			rc = hz_error_set(err, HZ_E_WRITE,
					  "not a folder (%s): 反馈/ is replaced as a whole and a link is not followed; "
					  "move it away",
					  S_ISLNK(st.st_mode) ? "a link" : "a file");
			goto done;
		}
		if (!items[i]->folder && S_ISDIR(st.st_mode)) {
			hz_error_file(err, to);
			rc = hz_error_set(err, HZ_E_WRITE, "a folder has the name of an output: move it away");
			goto done;
		}
	}
	/* the office's own files into the new 反馈/ (SPEC §4) */
	snprintf(to, sizeof(to), "%s/" HZ_OUT_LETTERS, out_dir);
	if (names_read(&old_letters, list_path) != 0) {
		hz_error_file(err, list_path);
		rc = hz_error_set(err, HZ_E_WRITE, "cannot read the list of the letters written: %s", strerror(errno));
		goto done;
	}
	if (lstat(to, &st) == 0 &&
	    (rc = carry_office_files(to, from, &old_letters, unit_names, nunits, warn, wn, err)) != HZ_OK)
		goto done;
	/* both lists until the renames are done: a run killed among them
	 * leaves a list naming every letter that may be in 反馈/ */
	if (names_write(&old_letters, &new_letters, list_path) != 0) {
		hz_error_file(err, list_path);
		rc = hz_error_set(err, HZ_E_WRITE, "cannot write the list of the letters: %s", strerror(errno));
		goto done;
	}
	if (hz_sync_dir(from) != 0 || hz_sync_dir(stage) != 0) {
		hz_error_file(err, out_dir);
		rc = hz_error_set(err, HZ_E_WRITE, "cannot sync the new outputs: %s", strerror(errno));
		goto done;
	}
	/* the new 反馈/ beside the old one: exchanged within one folder, a
	 * read-only 反馈/ of the office moves too (across folders it could not) */
	snprintf(to, sizeof(to), "%s/" HZ_OUT_LETTERS, out_dir);
	if (hz_tmp_path(to, beside, sizeof(beside), err) != HZ_OK) {
		rc = HZ_E_WRITE;
		goto done;
	}
	if (rename(from, beside) != 0) {
		hz_error_file(err, out_dir);
		rc = hz_error_set(err, HZ_E_WRITE, "cannot move the new 反馈/ into it: %s", strerror(errno));
		beside[0] = '\0';
		goto done;
	}
	for (size_t i = 0; i < nordered; i++) {
		int ok;
		if (!items[i]->written)
			continue;
		snprintf(from, sizeof(from), "%s/%s", stage, items[i]->name);
		snprintf(to, sizeof(to), "%s/%s", out_dir, items[i]->name);
		if (items[i]->folder && lstat(to, &st) == 0) {
			/* the old letters go where the new were, and from there */
			ok = renameat2(AT_FDCWD, beside, AT_FDCWD, to, RENAME_EXCHANGE) == 0;
			if (!ok && (errno == EINVAL || errno == ENOSYS)) {
				char old[PATH_MAX];
				ok = hz_tmp_path(to, old, sizeof(old), NULL) == HZ_OK && rename(to, old) == 0;
				if (ok && !(ok = rename(beside, to) == 0)) {
					int e = errno;
					(void)rename(old, to);
					errno = e;
				} else if (ok) {
					snprintf(beside, sizeof(beside), "%s", old);
				}
			}
		} else if (items[i]->folder) {
			ok = rename(beside, to) == 0;
			if (ok)
				beside[0] = '\0';
		} else {
			ok = rename(from, to) == 0;
		}
		if (!ok) {
			hz_error_file(err, to);
			if (replaced)
				rc = hz_error_set(err, HZ_E_WRITE,
						  "cannot put it in place: %s; already replaced: %s (the other outputs "
						  "are the previous run's)",
						  strerror(errno), done);
			else
				rc = hz_error_set(err, HZ_E_WRITE, "cannot put it in place: %s", strerror(errno));
			goto done;
		}
		snprintf(done + strlen(done), sizeof(done) - strlen(done), "%s%s", replaced ? ", " : "",
			 items[i]->name);
		replaced++;
	}
	for (size_t i = 0; i < nordered; i++) {
		/* a notice of an earlier run with [candidates] would outlive its list */
		if (items[i]->written || items[i]->folder)
			continue;
		snprintf(to, sizeof(to), "%s/%s", out_dir, items[i]->name);
		if (unlink(to) != 0 && errno != ENOENT)
			hz_output_warn_add(warn, wn, "warning: cannot remove the earlier %s: %s", to, strerror(errno));
	}
	/* the renames themselves on disk (SPEC 8.2) */
	if (hz_sync_dir(out_dir) != 0)
		hz_output_warn_add(warn, wn, "warning: cannot sync the output folder %s: %s", out_dir, strerror(errno));
	if (names_write(&new_letters, NULL, list_path) != 0)
		hz_output_warn_add(warn, wn, "warning: cannot write %s: %s", list_path, strerror(errno));
done:
	/* after a commit beside holds the old letters: nothing waits for them */
	if (beside[0] && rc == HZ_OK && removal)
		hz_tree_removal_start(removal, beside);
	else if (beside[0])
		hz_output_stage_abort(beside, warn, wn);
	hz_output_stage_abort(stage, warn, wn);
	names_free(&old_letters);
	names_free(&new_letters);
	return rc;
}
