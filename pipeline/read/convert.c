#include "read/convert.h"

#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dynbuf.h"
#include "hz_limits.h"
#include "hz_open.h"
#include "read/convert_files.h"
#include "read/digest.h"
#include "read/soffice.h"

#include "banned.h"

/* Reasons as results.json shows them (Chinese / English).  No time or path
 * in them: the same inputs give the same bytes, converted or cached. */
#define REASON_FAILED                                                                              \
	"无法转换（LibreOffice 无法打开：文件已损坏、已加密或不是 Word/Excel 97 格式） / could not be " \
	"converted (LibreOffice could not open it: damaged, encrypted, or not a Word/Excel 97 file)"
#define REASON_TIMEOUT "无法转换（超时） / could not be converted (timed out)"
#define REASON_STOPPED "无法转换（LibreOffice 意外退出） / could not be converted (LibreOffice stopped)"
#define REASON_OFF                                                                                   \
	"旧版 .%s 文件未读取：请另存为 .%s，或安装 LibreOffice 并设置 [input] convert = auto 以自动转换 / " \
	"a legacy .%s file is not read: save it as .%s, or install LibreOffice and set [input] convert = auto"
#define REASON_NO_SOFFICE                                                                        \
	"旧版 .%s 文件未读取：请另存为 .%s，或安装 LibreOffice 以自动转换（未找到 soffice） / "          \
	"a legacy .%s file is not read: save it as .%s, or install LibreOffice to have it converted " \
	"(soffice not found)"

typedef enum { T_DOCX, T_XLSX, T__COUNT } target;

static const struct {
	const char *as;      /* the converted file's extension */
	const char *staged;  /* the staged original's extension */
	const char *filter;  /* SPEC §10: named, or a damaged file "converts" as text */
} targets[T__COUNT] = {
	[T_DOCX] = {"docx", "doc", "MS Word 97"},
	[T_XLSX] = {"xlsx", "xls", "MS Excel 97"},
};

static const unsigned char ole_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

/* A file waiting for LibreOffice: one per distinct original (bytes and target). */
typedef struct pending {
	char hex[HZ_DIGEST_SIZE * 2 + 1];
	target t;
	int outcome;      /* 0 converted, else a REASON_ */
	const char *reason;
	bool cache_failure;
	bool timed_out;
} pending;

void hz_convert_init(hz_convert *c)
{
	memset(c, 0, sizeof(*c));
}

/* 1 when the cache holds an entry of that name, 0 when not, -1 out of memory. */
static int cache_has(const hz_convert *c, const char *name)
{
	char *entry = hz_path_join(c->cache_dir, name);
	int has;
	if (!entry)
		return -1;
	has = access(entry, F_OK) == 0;
	free(entry);
	return has;
}

/* The target of a legacy name, or -1.  An Office owner file (~$) is not a
 * document whatever its name (SPEC 5.11). */
static int legacy_target(const char *rel)
{
	const char *base = strrchr(rel, '/'), *ext;
	base = base ? base + 1 : rel;
	if (!strncmp(base, "~$", 2))
		return -1;
	ext = strrchr(base, '.');
	if (!ext)
		return -1;
	ext++;
	if (!strcasecmp(ext, "doc") || !strcasecmp(ext, "wps"))
		return T_DOCX;
	if (!strcasecmp(ext, "xls") || !strcasecmp(ext, "et"))
		return T_XLSX;
	return -1;
}

/* What a run killed while converting left in work (the caller holds the
 * output folder's lock: no other run is converting there). */
static void sweep_strays(const char *work)
{
	static const char *const names[] = {"converting", "lo-profile"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *p = hz_path_join(work, names[i]);
		if (p)
			convert_files_remove_tree(p);
		free(p);
	}
}

static hz_code note_used(hz_convert *c, const char *name)
{
	char **p = dynbuf_grow_array(c->used, c->nused, &c->used_alloc, 16, sizeof(*p));
	if (!p)
		return HZ_E_NOMEM;
	c->used = p;
	if (!(c->used[c->nused] = strdup(name)))
		return HZ_E_NOMEM;
	c->nused++;
	return HZ_OK;
}

static hz_code reject(hz_conv_file *f, hz_code code, const char *reason)
{
	f->state = HZ_CONV_REJECTED;
	f->code = code;
	free(f->reason);
	f->reason = strdup(reason);
	return f->reason ? HZ_OK : HZ_E_NOMEM;
}

static hz_code reject_legacy(hz_conv_file *f, const char *rel, target t, const char *fmt)
{
	char reason[1024];
	const char *ext = strrchr(rel, '.');
	ext = ext ? ext + 1 : targets[t].staged;
	snprintf(reason, sizeof(reason), fmt, ext, targets[t].as, ext, targets[t].as);
	return reject(f, HZ_E_LEGACY, reason);
}

static hz_code use_entry(hz_convert *c, hz_conv_file *f, const char *hex, target t, long long mtime)
{
	char name[HZ_DIGEST_SIZE * 2 + 8];
	snprintf(name, sizeof(name), "%s.%s", hex, targets[t].as);
	if (note_used(c, name) != HZ_OK || !(f->path = hz_path_join(c->cache_dir, name)))
		return HZ_E_NOMEM;
	f->state = HZ_CONV_DONE;
	f->as = targets[t].as;
	f->mtime = mtime;
	return HZ_OK;
}

/* The cache's answer for these bytes: a converted copy (the file is read
 * from it) or a remembered failure (the file is rejected).  1 when it
 * answered, 0 when nothing is cached, -1 out of memory. */
static int from_cache(hz_convert *c, hz_conv_file *f, const char *hex, target t, long long mtime)
{
	char name[HZ_DIGEST_SIZE * 2 + 16];
	int has;
	snprintf(name, sizeof(name), "%s.%s", hex, targets[t].as);
	if ((has = cache_has(c, name)) != 0) {
		if (has > 0)
			c->cached++;
		return has < 0 || use_entry(c, f, hex, t, mtime) != HZ_OK ? -1 : 1;
	}
	snprintf(name, sizeof(name), "%s.%s.failed", hex, targets[t].as);
	if ((has = cache_has(c, name)) <= 0)
		return has;
	c->cached++;
	c->failed++;
	return note_used(c, name) != HZ_OK || reject(f, HZ_E_OLE, REASON_FAILED) != HZ_OK ? -1 : 1;
}

static int cmp_pending(const void *a, const void *b)
{
	const pending *x = a, *y = b;
	int d = strcmp(x->hex, y->hex);
	return d ? d : (int)x->t - (int)y->t;
}

static pending *find_pending(pending *v, size_t n, const char *hex, target t)
{
	pending key;
	memset(&key, 0, sizeof(key));
	snprintf(key.hex, sizeof(key.hex), "%s", hex);
	key.t = t;
	return n ? bsearch(&key, v, n, sizeof(*v), cmp_pending) : NULL;
}

/* Converts the pending originals staged in stage/ (named <hex>.<staged>)
 * into outdir, then into the cache; fills each one's outcome. */
static hz_code convert_pending(hz_convert *c, const char *soffice, const char *work, const char *stage,
			       const char *outdir, pending *pv, size_t np, int timeout)
{
	char *profile = hz_path_join(work, "lo-profile"), *url = NULL;
	char **inputs = calloc(HZ_MAX_CONVERT_BATCH + 1, sizeof(*inputs));
	bool fresh = true;
	hz_code rc = HZ_OK;

	if (!profile || !inputs || !(url = hz_soffice_file_url(profile))) {
		rc = HZ_E_NOMEM;
		goto out;
	}
	for (int t = 0; t < T__COUNT; t++) {
		size_t i = 0;
		while (i < np) {
			size_t idx[HZ_MAX_CONVERT_BATCH], k = 0;
			int how;
			for (; i < np && k < HZ_MAX_CONVERT_BATCH; i++) {
				char name[HZ_DIGEST_SIZE * 2 + 8];
				if (pv[i].t != (target)t)
					continue;
				snprintf(name, sizeof(name), "%s.%s", pv[i].hex, targets[t].staged);
				if (!(inputs[k] = hz_path_join(stage, name))) {
					rc = HZ_E_NOMEM;
					goto batch_out;
				}
				idx[k++] = i;
			}
			if (!k)
				continue;
			/* the profile is made on the first start (a second or
			 * two) and kept for the next batch, unless the process
			 * was ended: it may have left a lock or a half-written
			 * registry behind */
			if (fresh)
				convert_files_remove_tree(profile);
			how = !fresh || hz_soffice_write_profile(profile) == 0
				      ? hz_soffice_run(soffice, url, targets[t].filter, targets[t].as, outdir, inputs, k, timeout)
				      : 2;
			fresh = how != 0;
			for (size_t j = 0; j < k; j++) {
				pending *p = &pv[idx[j]];
				char name[HZ_DIGEST_SIZE * 2 + 16];
				char *out, *dst;
				snprintf(name, sizeof(name), "%s.%s", p->hex, targets[t].as);
				out = hz_path_join(outdir, name);
				dst = hz_path_join(c->cache_dir, name);
				if (!out || !dst) {
					free(out);
					free(dst);
					rc = HZ_E_NOMEM;
					goto batch_out;
				}
				if (hz_soffice_output_complete(out) && rename(out, dst) == 0) {
					p->outcome = 0;
					c->converted++;
				} else if (how == 0 || how == 3) {
					/* it ended by itself without this file's output:
					 * LibreOffice could not convert it (SPEC §10:
					 * remembered, not retried every night — unless
					 * LibreOffice itself failed) */
					p->reason = REASON_FAILED;
					p->outcome = 1;
					p->cache_failure = how == 0;
				} else {
					p->reason = how == 1 ? REASON_TIMEOUT : REASON_STOPPED;
					p->timed_out = how == 1;
					p->outcome = 1;
				}
				unlink(out);
				free(out);
				free(dst);
			}
		batch_out:
			for (size_t j = 0; j < k; j++) {
				unlink(inputs[j]);
				free(inputs[j]);
				inputs[j] = NULL;
			}
			if (rc != HZ_OK)
				goto out;
		}
	}
out:
	if (profile)
		convert_files_remove_tree(profile);
	free(profile);
	free(url);
	free(inputs);
	return rc;
}

hz_code hz_convert_run(hz_convert *c, const char *campaign_dir, const char *const *rel, size_t n,
		       const hz_convert_opts *o, hz_error *err)
{
	char *soffice = NULL, *work = NULL, *stage = NULL, *outdir = NULL, *tmp = NULL;
	pending *pv = NULL;
	size_t np = 0;
	/* per file: its hash and target while LibreOffice runs */
	struct want {
		char hex[HZ_DIGEST_SIZE * 2 + 1];
		int t;
		long long mtime;
	} *wants = NULL;
	double t0 = hz_soffice_now();
	size_t named = 0;
	hz_code rc = HZ_OK;

	c->files = calloc(n ? n : 1, sizeof(*c->files));
	wants = calloc(n ? n : 1, sizeof(*wants));
	if (!c->files || !wants) {
		rc = hz_error_set(err, HZ_E_NOMEM, "converting legacy files");
		goto out;
	}
	c->n = n;
	for (size_t i = 0; i < n; i++) {
		wants[i].t = legacy_target(rel[i]);
		named += wants[i].t >= 0;
	}
	if (!o->work_dir)
		goto out;
	sweep_strays(o->work_dir);
	if (!named) {
		/* nothing to convert: only the sweep needs the cache's place,
		 * and nothing is created for it */
		if (!(c->cache_dir = hz_path_join(o->work_dir, "converted")))
			rc = hz_error_set(err, HZ_E_NOMEM, "converting legacy files");
		goto out;
	}
	/* the cache's place, absolute: LibreOffice runs elsewhere */
	{
		char abs[PATH_MAX];
		if (convert_files_make_dir(o->work_dir) != 0 || !realpath(o->work_dir, abs)) {
			hz_error_file(err, o->work_dir);
			rc = hz_error_set(err, HZ_E_WRITE, "cannot create the folder: %s", strerror(errno));
			goto out;
		}
		if (!(work = strdup(abs)) || !(c->cache_dir = hz_path_join(work, "converted"))) {
			rc = hz_error_set(err, HZ_E_NOMEM, "converting legacy files");
			goto out;
		}
	}
	if (!o->off)
		soffice = hz_soffice_find(o->soffice);
	c->soffice_found = soffice != NULL;

	for (size_t i = 0; i < n; i++) {
		hz_conv_file *f = &c->files[i];
		unsigned char *buf = NULL;
		size_t len = 0;
		struct stat st;
		char *path, name[HZ_DIGEST_SIZE * 2 + 16];
		int has;
		int t = wants[i].t;

		if (t < 0)
			continue;
		if (!(path = hz_path_join(campaign_dir, rel[i]))) {
			rc = hz_error_set(err, HZ_E_NOMEM, "converting legacy files");
			goto out;
		}
		if (convert_files_read(path, &buf, &len, &st) != 0 || len < sizeof(ole_magic) ||
		    memcmp(buf, ole_magic, sizeof(ole_magic)) != 0) {
			/* not an OLE2 file (or unreadable): the readers
			 * reject it as SPEC 5.11 says */
			free(buf);
			free(path);
			wants[i].t = -1;
			continue;
		}
		free(path);
		c->legacy++;
		if (len > HZ_MAX_FILE_BYTES) {
			free(buf);
			wants[i].t = -1;
			if ((rc = reject(f, HZ_E_TOO_BIG, "文件超过 50 MiB / file larger than 50 MiB")) != HZ_OK)
				goto nomem;
			continue;
		}
		if (!soffice) {
			free(buf);
			wants[i].t = -1;
			if ((rc = reject_legacy(f, rel[i], (target)t, o->off ? REASON_OFF : REASON_NO_SOFFICE)) != HZ_OK)
				goto nomem;
			continue;
		}
		{
			unsigned char d[HZ_DIGEST_SIZE];
			hz_digest_bytes(buf, len, d);
			hz_digest_hex(d, wants[i].hex);
		}
		wants[i].mtime = (long long)st.st_mtime;
		if ((has = from_cache(c, f, wants[i].hex, (target)t, wants[i].mtime)) != 0) {
			free(buf);
			if (has < 0)
				goto nomem;
			wants[i].t = -1;
			continue;
		}
		/* to LibreOffice: staged under its hash, so one batch never
		 * sees two inputs of one name, and the bytes converted are
		 * the bytes hashed */
		if (!stage) {
			if (convert_files_make_dir(c->cache_dir) != 0) {
				free(buf);
				hz_error_file(err, c->cache_dir);
				rc = hz_error_set(err, HZ_E_WRITE, "cannot create the folder: %s", strerror(errno));
				goto out;
			}
			if (!(tmp = hz_path_join(work, "converting")) || !(stage = hz_path_join(tmp, "in")) ||
			    !(outdir = hz_path_join(tmp, "out"))) {
				free(buf);
				goto nomem;
			}
			if (convert_files_make_dir(tmp) != 0 || convert_files_make_dir(stage) != 0 || convert_files_make_dir(outdir) != 0) {
				free(buf);
				hz_error_file(err, tmp);
				rc = hz_error_set(err, HZ_E_WRITE, "cannot create the folder: %s", strerror(errno));
				goto out;
			}
		}
		if (!find_pending(pv, np, wants[i].hex, (target)t)) {
			pending *q = realloc(pv, (np + 1) * sizeof(*pv));
			char *sp;
			if (!q) {
				free(buf);
				goto nomem;
			}
			pv = q;
			memset(&pv[np], 0, sizeof(pv[np]));
			memcpy(pv[np].hex, wants[i].hex, sizeof(pv[np].hex));
			pv[np].t = (target)t;
			snprintf(name, sizeof(name), "%s.%s", wants[i].hex, targets[t].staged);
			if (!(sp = hz_path_join(stage, name))) {
				free(buf);
				goto nomem;
			}
			if (convert_files_write(sp, buf, len) != 0) {
				free(sp);
				free(buf);
				hz_error_file(err, stage);
				rc = hz_error_set(err, HZ_E_WRITE, "cannot write a file to convert: %s", strerror(errno));
				goto out;
			}
			free(sp);
			np++;
			qsort(pv, np, sizeof(*pv), cmp_pending);
		}
		free(buf);
	}
	if (np) {
		if ((rc = convert_pending(c, soffice, work, stage, outdir, pv, np, o->timeout)) != HZ_OK)
			goto nomem;
		for (size_t i = 0; i < n; i++) {
			pending *p;
			char name[HZ_DIGEST_SIZE * 2 + 16];
			if (wants[i].t < 0)
				continue;
			p = find_pending(pv, np, wants[i].hex, (target)wants[i].t);
			if (!p)
				continue;
			if (p->outcome == 0) {
				if (use_entry(c, &c->files[i], p->hex, p->t, wants[i].mtime) != HZ_OK)
					goto nomem;
				continue;
			}
			if (p->timed_out)
				c->timed_out++;
			else
				c->failed++;
			if (reject(&c->files[i], HZ_E_OLE, p->reason) != HZ_OK)
				goto nomem;
			if (p->cache_failure) {
				char *marker;
				snprintf(name, sizeof(name), "%s.%s.failed", p->hex, targets[p->t].as);
				if (note_used(c, name) != HZ_OK || !(marker = hz_path_join(c->cache_dir, name)))
					goto nomem;
				convert_files_write(marker, "", 0); /* unwritten: merely tried again next time */
				free(marker);
			}
		}
	}
	goto out;
nomem:
	rc = hz_error_set(err, HZ_E_NOMEM, "converting legacy files");
out:
	if (tmp)
		convert_files_remove_tree(tmp);
	free(tmp);
	free(stage);
	free(outdir);
	free(pv);
	free(wants);
	free(soffice);
	free(work);
	c->seconds = hz_soffice_now() - t0;
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

hz_code hz_convert_sweep(hz_convert *c, hz_error *err)
{
	DIR *d;
	struct dirent *e;
	size_t kept = 0;
	hz_code rc = HZ_OK;

	if (!c->cache_dir || !(d = opendir(c->cache_dir)))
		return HZ_OK;
	if (c->nused)
		qsort(c->used, c->nused, sizeof(*c->used), cmp_str);
	while ((e = readdir(d)) != NULL) {
		const char *name = e->d_name;
		if (!strcmp(name, ".") || !strcmp(name, ".."))
			continue;
		if (c->nused && bsearch(&name, c->used, c->nused, sizeof(*c->used), cmp_str)) {
			kept++;
			continue;
		}
		if (unlinkat(dirfd(d), name, 0) != 0 && errno != ENOENT && rc == HZ_OK) {
			hz_error_file(err, c->cache_dir);
			rc = hz_error_set(err, HZ_E_WRITE, "cannot remove the unused conversion '%s': %s", name,
					  strerror(errno));
		}
	}
	closedir(d);
	/* no legacy file any more: no folder either */
	if (!kept && rc == HZ_OK)
		rmdir(c->cache_dir);
	return rc;
}

void hz_convert_discard(hz_convert *c, const char *work_dir)
{
	if (c->cache_dir)
		convert_files_remove_tree(c->cache_dir);
	if (work_dir)
		rmdir(work_dir);
}

void hz_convert_release(hz_convert *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->files[i].path);
		free(c->files[i].reason);
	}
	free(c->files);
	for (size_t i = 0; i < c->nused; i++)
		free(c->used[i]);
	free(c->used);
	free(c->cache_dir);
	memset(c, 0, sizeof(*c));
}
