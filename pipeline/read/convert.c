/* nftw */
#define _XOPEN_SOURCE 700

#include "read/convert.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hz_limits.h"
#include "hz_open.h"

#include "banned.h"

extern char **environ;

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
	char hex[SHA256_DIGEST_SIZE * 2 + 1];
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

static char *join3(const char *a, const char *b, const char *c)
{
	size_t la = strlen(a), lb = strlen(b), lc = c ? strlen(c) : 0;
	char *s = malloc(la + lb + lc + 3);
	if (!s)
		return NULL;
	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb);
	if (c) {
		s[la + 1 + lb] = '.';
		memcpy(s + la + 2 + lb, c, lc);
		s[la + 2 + lb + lc] = '\0';
	} else {
		s[la + 1 + lb] = '\0';
	}
	return s;
}

/* 1 when the cache holds an entry of that name, 0 when not, -1 out of memory. */
static int cache_has(const hz_convert *c, const char *name)
{
	char *entry = join3(c->cache_dir, name, NULL);
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

/*
 * Reads a regular file whole (at most HZ_MAX_FILE_BYTES + 1 bytes: more is
 * "too big"); a FIFO put in its place since listing is not waited on
 * (hz_open_regular).  Returns 0 and *buf (caller frees), or -1.
 */
static int slurp(const char *path, unsigned char **buf, size_t *len, struct stat *st)
{
	int fd = hz_open_regular(path, st);
	unsigned char *b = NULL;
	size_t n = 0, cap;
	if (fd < 0)
		return -1;
	cap = (size_t)st->st_size < HZ_MAX_FILE_BYTES ? (size_t)st->st_size + 1 : HZ_MAX_FILE_BYTES + 1;
	if (!(b = malloc(cap ? cap : 1)))
		goto fail;
	while (n < cap) {
		ssize_t k = read(fd, b + n, cap - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			goto fail;
		if (k == 0)
			break;
		n += (size_t)k;
	}
	close(fd);
	*buf = b;
	*len = n;
	return 0;
fail:
	free(b);
	close(fd);
	return -1;
}

static void sha256_hex(const unsigned char *b, size_t n, char hex[SHA256_DIGEST_SIZE * 2 + 1])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	static const char digits[] = "0123456789abcdef";
	sha256_init(&ctx);
	sha256_update(&ctx, n, b);
	sha256_digest(&ctx, sizeof(d), d);
	for (size_t i = 0; i < sizeof(d); i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[sizeof(d) * 2] = '\0';
}

static int is_executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* SPEC §10: a configured soffice that cannot be found means "without
 * LibreOffice".  A name without '/' is looked for on PATH. */
static char *find_soffice(const char *name)
{
	const char *path = getenv("PATH");
	if (!name || !*name)
		name = "soffice";
	if (strchr(name, '/'))
		return is_executable(name) ? strdup(name) : NULL;
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *colon = strchr(path, ':');
		size_t len = colon ? (size_t)(colon - path) : strlen(path);
		char dir[PATH_MAX];
		if (len && len < sizeof(dir)) {
			char *cand;
			memcpy(dir, path, len);
			dir[len] = '\0';
			if ((cand = join3(dir, name, NULL)) != NULL) {
				if (is_executable(cand))
					return cand;
				free(cand);
			}
		}
		if (!colon)
			break;
		path = colon + 1;
	}
	return NULL;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Removes path and all below it, links not followed. */
static void rm_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* What a run killed while converting left in work (the caller holds the
 * output folder's lock: no other run is converting there). */
static void sweep_strays(const char *work)
{
	static const char *const names[] = {"converting", "lo-profile"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *p = join3(work, names[i], NULL);
		if (p)
			rm_tree(p);
		free(p);
	}
}

static int make_dir(const char *path)
{
	struct stat st;
	if (mkdir(path, 0700) == 0)
		return 0;
	return errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -1;
}

/* A file:// URL of an absolute path, bytes outside the unreserved set
 * percent-encoded (an output folder may have Chinese or spaces). */
static char *file_url(const char *abs)
{
	static const char digits[] = "0123456789ABCDEF";
	size_t n = strlen(abs);
	char *u = malloc(7 + 3 * n + 1), *p;
	if (!u)
		return NULL;
	memcpy(u, "file://", 7);
	p = u + 7;
	for (const unsigned char *s = (const unsigned char *)abs; *s; s++) {
		if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    strchr("/-._~", *s)) {
			*p++ = (char)*s;
		} else {
			*p++ = '%';
			*p++ = digits[*s >> 4];
			*p++ = digits[*s & 15];
		}
	}
	*p = '\0';
	return u;
}

static int write_file(const char *path, const void *b, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	const unsigned char *p = b;
	if (fd < 0)
		return -1;
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			close(fd);
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return close(fd);
}

/*
 * The private profile (SPEC §10): never the user's; macros off whatever a
 * document carries (security level "very high", execution disabled), and
 * no network: untrusted referer links blocked, every protocol through a
 * proxy that is not there.
 */
static int write_profile(const char *profile)
{
	static const char xcu[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" "
		"xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
		"<item oor:path=\"/org.openoffice.Office.Common/Security/Scripting\"><prop oor:name=\"MacroSecurityLevel\" "
		"oor:op=\"fuse\"><value>3</value></prop></item>\n"
		"<item oor:path=\"/org.openoffice.Office.Common/Security/Scripting\"><prop "
		"oor:name=\"DisableMacrosExecution\" oor:op=\"fuse\"><value>true</value></prop></item>\n"
		"<item oor:path=\"/org.openoffice.Office.Common/Security/Scripting\"><prop "
		"oor:name=\"BlockUntrustedRefererLinks\" oor:op=\"fuse\"><value>true</value></prop></item>\n"
		/* a manual proxy nothing listens on (the discard port of this
		 * machine): a picture or link in a document fetches nothing */
		"<item oor:path=\"/org.openoffice.Inet/Settings\"><prop oor:name=\"ooInetProxyType\" "
		"oor:op=\"fuse\"><value>2</value></prop></item>\n"
		"<item oor:path=\"/org.openoffice.Inet/Settings\"><prop oor:name=\"ooInetHTTPProxyName\" "
		"oor:op=\"fuse\"><value>127.0.0.1</value></prop></item>\n"
		"<item oor:path=\"/org.openoffice.Inet/Settings\"><prop oor:name=\"ooInetHTTPProxyPort\" "
		"oor:op=\"fuse\"><value>9</value></prop></item>\n"
		"<item oor:path=\"/org.openoffice.Inet/Settings\"><prop oor:name=\"ooInetHTTPSProxyName\" "
		"oor:op=\"fuse\"><value>127.0.0.1</value></prop></item>\n"
		"<item oor:path=\"/org.openoffice.Inet/Settings\"><prop oor:name=\"ooInetHTTPSProxyPort\" "
		"oor:op=\"fuse\"><value>9</value></prop></item>\n"
		"<item oor:path=\"/org.openoffice.Inet/Settings\"><prop oor:name=\"ooInetFTPProxyName\" "
		"oor:op=\"fuse\"><value>127.0.0.1</value></prop></item>\n"
		"<item oor:path=\"/org.openoffice.Inet/Settings\"><prop oor:name=\"ooInetFTPProxyPort\" "
		"oor:op=\"fuse\"><value>9</value></prop></item>\n"
		"<item oor:path=\"/org.openoffice.Inet/Settings\"><prop oor:name=\"ooInetNoProxy\" "
		"oor:op=\"fuse\"><value></value></prop></item>\n"
		"</oor:items>\n";
	char *user = join3(profile, "user", NULL), *file = NULL;
	int rc = -1;
	if (!user || make_dir(profile) != 0 || make_dir(user) != 0)
		goto out;
	if (!(file = join3(user, "registrymodifications.xcu", NULL)))
		goto out;
	rc = write_file(file, xcu, sizeof(xcu) - 1);
out:
	free(user);
	free(file);
	return rc;
}

/* LibreOffice writes its package in place: a file cut short by the end of
 * its batch must not be cached.  A complete zip ends with its end of
 * central directory record (LibreOffice writes no zip comment). */
static int zip_complete(const char *path)
{
	unsigned char tail[22];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), ok = 0;
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 22 &&
	    pread(fd, tail, sizeof(tail), st.st_size - 22) == (ssize_t)sizeof(tail))
		ok = tail[0] == 'P' && tail[1] == 'K' && tail[2] == 5 && tail[3] == 6 && tail[20] == 0 && tail[21] == 0;
	close(fd);
	return ok;
}

static double now_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
 * Runs one LibreOffice on the batch's staged files, every output into
 * outdir.  Returns 0 when it ended by itself with status 0 (it does so
 * when some files could not be opened), 3 with another status (LibreOffice
 * itself in trouble), 1 when it was ended for taking too long, 2 when it
 * could not start or stopped on a signal.
 */
static int run_soffice(const char *soffice, const char *profile_url, const char *filter, const char *as,
		       const char *outdir, char **inputs, size_t n, int timeout)
{
	size_t argc = 0;
	char **argv = calloc(n + 16, sizeof(*argv));
	char envarg[PATH_MAX * 3 + 64], infilter[64];
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	pid_t pid;
	int status = 0, result = 2, spawned;
	double deadline;

	if (!argv)
		return 2;
	snprintf(envarg, sizeof(envarg), "-env:UserInstallation=%s", profile_url);
	snprintf(infilter, sizeof(infilter), "--infilter=%s", filter);
	argv[argc++] = (char *)soffice;
	argv[argc++] = envarg;
	argv[argc++] = (char *)"--headless";
	argv[argc++] = (char *)"--invisible";
	argv[argc++] = (char *)"--norestore";
	argv[argc++] = (char *)"--nologo";
	argv[argc++] = (char *)"--nodefault";
	argv[argc++] = (char *)"--nolockcheck";
	argv[argc++] = infilter;
	argv[argc++] = (char *)"--convert-to";
	argv[argc++] = (char *)as;
	argv[argc++] = (char *)"--outdir";
	argv[argc++] = (char *)outdir;
	for (size_t i = 0; i < n; i++)
		argv[argc++] = inputs[i];
	argv[argc] = NULL;

	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	/* its own process group: ending it ends soffice.bin too */
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(&attr, 0);
	{
		sigset_t none, dfl;
		sigemptyset(&none);
		sigemptyset(&dfl);
		sigaddset(&dfl, SIGPIPE);
		sigaddset(&dfl, SIGINT);
		sigaddset(&dfl, SIGTERM);
		posix_spawnattr_setsigmask(&attr, &none);
		posix_spawnattr_setsigdefault(&attr, &dfl);
	}
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	spawned = posix_spawn(&pid, soffice, &fa, &attr, argv, environ) == 0;
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	free(argv);
	if (!spawned)
		return 2;

	/* SPEC §10: convert_timeout seconds per file of the batch, counted
	 * from its start */
	deadline = now_seconds() + (double)timeout * (double)n;
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid) {
			result = !WIFEXITED(status) ? 2 : WEXITSTATUS(status) == 0 ? 0 : 3;
			break;
		}
		if (w < 0 && errno != EINTR) {
			result = 2;
			break;
		}
		if (now_seconds() >= deadline) {
			kill(-pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			result = 1;
			break;
		}
		{
			struct timespec nap = {0, 20 * 1000 * 1000};
			nanosleep(&nap, NULL);
		}
	}
	/* whatever of its group outlived it (a helper it started) */
	kill(-pid, SIGKILL);
	return result;
}

static hz_code note_used(hz_convert *c, const char *name)
{
	if (c->nused == c->used_alloc) {
		size_t na = c->used_alloc ? c->used_alloc * 2 : 16;
		char **p = realloc(c->used, na * sizeof(*p));
		if (!p)
			return HZ_E_NOMEM;
		c->used = p;
		c->used_alloc = na;
	}
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
	char name[SHA256_DIGEST_SIZE * 2 + 8];
	snprintf(name, sizeof(name), "%s.%s", hex, targets[t].as);
	if (note_used(c, name) != HZ_OK || !(f->path = join3(c->cache_dir, name, NULL)))
		return HZ_E_NOMEM;
	f->state = HZ_CONV_DONE;
	f->as = targets[t].as;
	f->mtime = mtime;
	return HZ_OK;
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
	char *profile = join3(work, "lo-profile", NULL), *url = NULL;
	char **inputs = calloc(HZ_MAX_CONVERT_BATCH + 1, sizeof(*inputs));
	bool fresh = true;
	hz_code rc = HZ_OK;

	if (!profile || !inputs || !(url = file_url(profile))) {
		rc = HZ_E_NOMEM;
		goto out;
	}
	for (int t = 0; t < T__COUNT; t++) {
		size_t i = 0;
		while (i < np) {
			size_t idx[HZ_MAX_CONVERT_BATCH], k = 0;
			int how;
			for (; i < np && k < HZ_MAX_CONVERT_BATCH; i++) {
				char name[SHA256_DIGEST_SIZE * 2 + 8];
				if (pv[i].t != (target)t)
					continue;
				snprintf(name, sizeof(name), "%s.%s", pv[i].hex, targets[t].staged);
				if (!(inputs[k] = join3(stage, name, NULL))) {
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
				rm_tree(profile);
			how = !fresh || write_profile(profile) == 0
				      ? run_soffice(soffice, url, targets[t].filter, targets[t].as, outdir, inputs, k, timeout)
				      : 2;
			fresh = how != 0;
			for (size_t j = 0; j < k; j++) {
				pending *p = &pv[idx[j]];
				char name[SHA256_DIGEST_SIZE * 2 + 16];
				char *out, *dst;
				snprintf(name, sizeof(name), "%s.%s", p->hex, targets[t].as);
				out = join3(outdir, name, NULL);
				dst = join3(c->cache_dir, name, NULL);
				if (!out || !dst) {
					free(out);
					free(dst);
					rc = HZ_E_NOMEM;
					goto batch_out;
				}
				if (zip_complete(out) && rename(out, dst) == 0) {
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
		rm_tree(profile);
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
		char hex[SHA256_DIGEST_SIZE * 2 + 1];
		int t;
		long long mtime;
	} *wants = NULL;
	double t0 = now_seconds();
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
		if (!(c->cache_dir = join3(o->work_dir, "converted", NULL)))
			rc = hz_error_set(err, HZ_E_NOMEM, "converting legacy files");
		goto out;
	}
	/* the cache's place, absolute: LibreOffice runs elsewhere */
	{
		char abs[PATH_MAX];
		if (make_dir(o->work_dir) != 0 || !realpath(o->work_dir, abs)) {
			hz_error_file(err, o->work_dir);
			rc = hz_error_set(err, HZ_E_WRITE, "cannot create the folder: %s", strerror(errno));
			goto out;
		}
		if (!(work = strdup(abs)) || !(c->cache_dir = join3(work, "converted", NULL))) {
			rc = hz_error_set(err, HZ_E_NOMEM, "converting legacy files");
			goto out;
		}
	}
	if (!o->off)
		soffice = find_soffice(o->soffice);
	c->soffice_found = soffice != NULL;

	for (size_t i = 0; i < n; i++) {
		hz_conv_file *f = &c->files[i];
		unsigned char *buf = NULL;
		size_t len = 0;
		struct stat st;
		char *path, name[SHA256_DIGEST_SIZE * 2 + 16];
		int has;
		int t = wants[i].t;

		if (t < 0)
			continue;
		if (!(path = join3(campaign_dir, rel[i], NULL))) {
			rc = hz_error_set(err, HZ_E_NOMEM, "converting legacy files");
			goto out;
		}
		if (slurp(path, &buf, &len, &st) != 0 || len < sizeof(ole_magic) ||
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
		sha256_hex(buf, len, wants[i].hex);
		wants[i].mtime = (long long)st.st_mtime;
		snprintf(name, sizeof(name), "%s.%s", wants[i].hex, targets[t].as);
		if ((has = cache_has(c, name)) < 0) {
			free(buf);
			goto nomem;
		}
		if (has) {
			free(buf);
			c->cached++;
			if ((rc = use_entry(c, f, wants[i].hex, (target)t, wants[i].mtime)) != HZ_OK)
				goto nomem;
			wants[i].t = -1;
			continue;
		}
		snprintf(name, sizeof(name), "%s.%s.failed", wants[i].hex, targets[t].as);
		if ((has = cache_has(c, name)) < 0) {
			free(buf);
			goto nomem;
		}
		if (has) {
			free(buf);
			c->cached++;
			c->failed++;
			if (note_used(c, name) != HZ_OK || reject(f, HZ_E_OLE, REASON_FAILED) != HZ_OK)
				goto nomem;
			wants[i].t = -1;
			continue;
		}
		/* to LibreOffice: staged under its hash, so one batch never
		 * sees two inputs of one name, and the bytes converted are
		 * the bytes hashed */
		if (!stage) {
			if (make_dir(c->cache_dir) != 0) {
				free(buf);
				hz_error_file(err, c->cache_dir);
				rc = hz_error_set(err, HZ_E_WRITE, "cannot create the folder: %s", strerror(errno));
				goto out;
			}
			if (!(tmp = join3(work, "converting", NULL)) || !(stage = join3(tmp, "in", NULL)) ||
			    !(outdir = join3(tmp, "out", NULL))) {
				free(buf);
				goto nomem;
			}
			if (make_dir(tmp) != 0 || make_dir(stage) != 0 || make_dir(outdir) != 0) {
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
			if (!(sp = join3(stage, name, NULL))) {
				free(buf);
				goto nomem;
			}
			if (write_file(sp, buf, len) != 0) {
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
			char name[SHA256_DIGEST_SIZE * 2 + 16];
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
				if (note_used(c, name) != HZ_OK || !(marker = join3(c->cache_dir, name, NULL)))
					goto nomem;
				write_file(marker, "", 0); /* unwritten: merely tried again next time */
				free(marker);
			}
		}
	}
	goto out;
nomem:
	rc = hz_error_set(err, HZ_E_NOMEM, "converting legacy files");
out:
	if (tmp)
		rm_tree(tmp);
	free(tmp);
	free(stage);
	free(outdir);
	free(pv);
	free(wants);
	free(soffice);
	free(work);
	c->seconds = now_seconds() - t0;
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
		rm_tree(c->cache_dir);
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
