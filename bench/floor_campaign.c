/*
 * The floor for `huizong run` (bench/part_3_campaign.sh): the least work any
 * reader of the same campaign must do — open every submission under
 * CAMPAIGN/submissions (and reviews/, rectifications/ when the campaign has
 * those rounds: the run reads them too) with libzip, inflate the parts huizong reads (xlsx:
 * workbook, its rels, shared strings, styles, worksheets, core properties;
 * docx: document, core properties) and walk their XML with libxml2's
 * xmlTextReader — and nothing else: no normalising, no judging, no output.
 *
 *   build/bench/floor_campaign CAMPAIGN_DIR THREADS
 *
 * Prints "files N parts N bytes N nodes N wall S" on stdout.
 */
#include <dirent.h>
#include <fcntl.h>
#include <libxml/xmlreader.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

typedef struct list {
	char **v;
	size_t n, cap;
} list;

static void add(list *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		if (!l->v) {
			perror("realloc");
			exit(2);
		}
	}
	l->v[l->n++] = strdup(s);
}

static void walk(const char *dir, list *l, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d || depth > 64) {
		if (d)
			closedir(d);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		char path[8192];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(path, l, depth + 1);
		else if (S_ISREG(st.st_mode))
			add(l, path);
	}
	closedir(d);
}

static int wanted(const char *name)
{
	static const char *exact[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml",
				      "xl/styles.xml",   "docProps/core.xml",         "word/document.xml"};
	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (strcmp(name, exact[i]) == 0)
			return 1;
	return strncmp(name, "xl/worksheets/", 14) == 0 && strstr(name, ".xml") && !strstr(name, "_rels");
}

typedef struct job {
	list *files;
	atomic_size_t next;
	atomic_ullong parts, bytes, nodes;
} job;

static void read_file(job *j, const char *path, char **buf, size_t *cap)
{
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
	zip_int64_t n;
	if (!z)
		return;
	n = zip_get_num_entries(z, 0);
	for (zip_int64_t i = 0; i < n; i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
		zip_stat_t st;
		zip_file_t *f;
		zip_int64_t got, len = 0;
		xmlTextReaderPtr r;
		unsigned long long nodes = 0;
		if (!name || !wanted(name) || zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0)
			continue;
		f = zip_fopen_index(z, (zip_uint64_t)i, 0);
		if (!f)
			continue;
		for (;;) {
			if ((size_t)len + 65536 > *cap) {
				*cap = (*cap + 65536) * 2;
				*buf = realloc(*buf, *cap);
				if (!*buf) {
					perror("realloc");
					exit(2);
				}
			}
			got = zip_fread(f, *buf + len, 65536);
			if (got <= 0)
				break;
			len += got;
		}
		zip_fclose(f);
		r = xmlReaderForMemory(*buf, (int)len, name, NULL, XML_PARSE_NONET);
		if (r) {
			while (xmlTextReaderRead(r) == 1)
				nodes++;
			xmlFreeTextReader(r);
		}
		atomic_fetch_add(&j->parts, 1);
		atomic_fetch_add(&j->bytes, (unsigned long long)len);
		atomic_fetch_add(&j->nodes, nodes);
	}
	zip_discard(z);
}

static void *worker(void *arg)
{
	job *j = arg;
	char *buf = NULL;
	size_t cap = 0;
	for (;;) {
		size_t i = atomic_fetch_add(&j->next, 1);
		if (i >= j->files->n)
			break;
		read_file(j, j->files->v[i], &buf, &cap);
	}
	free(buf);
	return NULL;
}

int main(int argc, char **argv)
{
	list files = {0};
	job j;
	pthread_t t[64];
	int threads;
	struct timespec a, b;
	char sub[8192];

	if (argc != 3 || (threads = (int)strtol(argv[2], NULL, 10)) < 1 || threads > 64) {
		fprintf(stderr, "usage: floor_campaign CAMPAIGN_DIR THREADS(1-64)\n");
		return 64;
	}
	xmlInitParser();
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (size_t k = 0; k < 3; k++) {
		static const char *dirs[] = {"submissions", "reviews", "rectifications"};
		snprintf(sub, sizeof(sub), "%s/%s", argv[1], dirs[k]);
		walk(sub, &files, 0);
	}
	memset(&j, 0, sizeof(j));
	j.files = &files;
	for (int i = 1; i < threads; i++)
		pthread_create(&t[i], NULL, worker, &j);
	worker(&j);
	for (int i = 1; i < threads; i++)
		pthread_join(t[i], NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("files %zu parts %llu bytes %llu nodes %llu wall %.3f\n", files.n, (unsigned long long)j.parts,
	       (unsigned long long)j.bytes, (unsigned long long)j.nodes,
	       (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
	for (size_t i = 0; i < files.n; i++)
		free(files.v[i]);
	free(files.v);
	xmlCleanupParser();
	return 0;
}
