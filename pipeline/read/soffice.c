/*
 * LibreOffice as the conversion step runs it (SPEC §10): found on PATH or
 * as configured, started headless on a private profile with macros and the
 * network off, in its own process group so that a batch past its time is
 * ended whole.  convert.c decides what to convert and caches the results.
 */
#include "read/soffice.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hz_open.h"
#include "read/convert_files.h"

#include "banned.h"

extern char **environ;

static int is_executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* SPEC §10: a configured soffice that cannot be found means "without
 * LibreOffice".  A name without '/' is looked for on PATH. */
char *hz_soffice_find(const char *name)
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
			if ((cand = hz_path_join(dir, name)) != NULL) {
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

/* A file:// URL of an absolute path, bytes outside the unreserved set
 * percent-encoded (an output folder may have Chinese or spaces). */
char *hz_soffice_file_url(const char *abs)
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

/*
 * The private profile (SPEC §10): never the user's; macros off whatever a
 * document carries (security level "very high", execution disabled), and
 * no network: untrusted referer links blocked, every protocol through a
 * proxy that is not there.
 */
int hz_soffice_write_profile(const char *profile)
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
	char *user = hz_path_join(profile, "user"), *file = NULL;
	int rc = -1;
	if (!user || convert_files_make_dir(profile) != 0 || convert_files_make_dir(user) != 0)
		goto out;
	if (!(file = hz_path_join(user, "registrymodifications.xcu")))
		goto out;
	rc = convert_files_write(file, xcu, sizeof(xcu) - 1);
out:
	free(user);
	free(file);
	return rc;
}

/* LibreOffice writes its package in place: a file cut short by the end of
 * its batch must not be cached.  A complete zip ends with its end of
 * central directory record (LibreOffice writes no zip comment). */
int hz_soffice_output_complete(const char *path)
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

double hz_soffice_now(void)
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
int hz_soffice_run(const char *soffice, const char *profile_url, const char *filter, const char *as,
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
	deadline = hz_soffice_now() + (double)timeout * (double)n;
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
		if (hz_soffice_now() >= deadline) {
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
