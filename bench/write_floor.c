/*
 * The write floor for `huizong run` (bench/part_11_whole_job.sh): the least
 * work any writer of the same outputs must do.  It takes a finished run's
 * output folder, loads every part of every package it holds (untimed), and
 * then, timed, writes the same number of zip files with the same
 * uncompressed parts into a scratch folder beside it:
 *
 *  - each part deflated (raw zlib, one call) at the level the run uses:
 *    DEFLATE_LEVEL_MANY for the letters in 反馈/ (write/ooxml/zip.c), 6 for
 *    the report, the notice and the workbook (libxlsxwriter's default too);
 *    parts the run stores uncompressed (images) are stored;
 *  - a part that is byte for byte the same in several files of one level
 *    (a template's styles, theme, fonts) deflated once and copied — the
 *    least a writer must do, and what ooxml_zip_cache already does;
 *  - the zip container written by hand (local headers, central directory):
 *    no library overhead at all;
 *  - the same syncs as the run: the top-level files under a temporary
 *    name, fsynced and renamed; the letters straight into a folder not yet
 *    in place, one syncfs for all of them, then the folder renamed; the
 *    output folder fsynced at the end; results.json written as it is.
 *
 * THREADS lanes take the files from one queue, largest first.
 *
 *   build/bench/write_floor OUTPUT_DIR THREADS
 *
 * Prints "files N parts N distinct N in N out N wall S" (in: uncompressed bytes, out:
 * bytes written) on stdout.
 */
#define _GNU_SOURCE /* syncfs */
#include <dirent.h>
#include <sched.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#define LEVEL_LETTERS 1 /* write/ooxml/zip.c: DEFLATE_LEVEL_MANY */
#define LEVEL_SINGLE 6

typedef struct part {
	char *name;
	unsigned char *data;
	size_t len;
	int stored;
	/* the deflated bytes, shared by every part with the same content */
	struct blob *z;
} part;

typedef struct blob {
	uint64_t hash;
	size_t len, rawlen;
	int level, stored;
	const unsigned char *raw;
	unsigned char *zdata;
	size_t zlen;
	uint32_t crc;       /* of raw: any writer computes it, so it is timed */
	atomic_int state; /* 0 none, 1 being made, 2 made */
	int owner_copies;  /* how many parts point here */
} blob;

typedef struct file {
	char *rel;   /* path below OUTPUT_DIR */
	int letter;  /* in 反馈/ */
	int plain;   /* not a zip: written as it is */
	part *parts;
	size_t nparts;
	size_t bytes;
} file;

static file *files;
static size_t nfiles, capfiles;
static size_t nblobs;
static const char *scratch;
static atomic_size_t next_file;
static atomic_ullong written;

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		perror("realloc");
		exit(2);
	}
	return p;
}

static uint64_t fnv(const unsigned char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

/* open addressing over blobs, by content hash */
static blob **table;
static size_t tcap;

static void table_put(blob *b)
{
	size_t i = (size_t)b->hash & (tcap - 1);
	while (table[i])
		i = (i + 1) & (tcap - 1);
	table[i] = b;
}

static blob *intern(const unsigned char *data, size_t len, int level, int stored)
{
	uint64_t h = fnv(data, len) ^ (uint64_t)(level * 2 + stored);
	blob *b;
	if (tcap == 0 || nblobs * 2 >= tcap) {
		blob **old = table;
		size_t ocap = tcap;
		tcap = tcap ? tcap * 2 : 1024;
		table = calloc(tcap, sizeof(*table));
		if (!table)
			exit(2);
		for (size_t i = 0; i < ocap; i++)
			if (old[i])
				table_put(old[i]);
		free(old);
	}
	for (size_t i = (size_t)h & (tcap - 1); (b = table[i]) != NULL; i = (i + 1) & (tcap - 1))
		if (b->hash == h && b->rawlen == len && b->level == level && b->stored == stored &&
		    memcmp(b->raw, data, len) == 0) {
			b->owner_copies++;
			return b;
		}
	b = calloc(1, sizeof(*b));
	if (!b)
		exit(2);
	b->hash = h;
	b->rawlen = len;
	b->raw = data;
	b->level = level;
	b->stored = stored;
	b->owner_copies = 1;
	nblobs++;
	table_put(b);
	return b;
}

static void load_zip(file *f, const char *path)
{
	int zerr = 0;
	zip_t *z = zip_open(path, ZIP_RDONLY, &zerr);
	zip_int64_t n;
	if (!z) {
		fprintf(stderr, "write_floor: cannot open %s\n", path);
		exit(2);
	}
	n = zip_get_num_entries(z, 0);
	f->parts = calloc((size_t)n, sizeof(part));
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		zip_file_t *zf;
		part *p = &f->parts[f->nparts];
		if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0 || !(zf = zip_fopen_index(z, (zip_uint64_t)i, 0)))
			continue;
		p->name = strdup(st.name);
		p->len = (size_t)st.size;
		p->data = malloc(p->len + 1);
		if (zip_fread(zf, p->data, p->len) != (zip_int64_t)p->len) {
			fprintf(stderr, "write_floor: cannot read %s in %s\n", st.name, path);
			exit(2);
		}
		zip_fclose(zf);
		p->stored = st.comp_method == ZIP_CM_STORE;
		p->z = intern(p->data, p->len, f->letter ? LEVEL_LETTERS : LEVEL_SINGLE, p->stored);
		f->bytes += p->len;
		f->nparts++;
	}
	zip_discard(z);
}

static void add_file(const char *dir, const char *rel, int letter)
{
	char path[8192];
	file *f;
	size_t rl = strlen(rel);
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (nfiles == capfiles) {
		capfiles = capfiles ? capfiles * 2 : 256;
		files = xrealloc(files, capfiles * sizeof(*files));
	}
	f = &files[nfiles++];
	memset(f, 0, sizeof(*f));
	f->rel = strdup(rel);
	f->letter = letter;
	if (rl > 5 && (strcmp(rel + rl - 5, ".docx") == 0 || strcmp(rel + rl - 5, ".xlsx") == 0)) {
		load_zip(f, path);
	} else {
		FILE *in = fopen(path, "rb");
		long sz;
		f->plain = 1;
		f->parts = calloc(1, sizeof(part));
		f->nparts = 1;
		if (!in || fseek(in, 0, SEEK_END) != 0 || (sz = ftell(in)) < 0 || fseek(in, 0, SEEK_SET) != 0) {
			fprintf(stderr, "write_floor: cannot read %s\n", path);
			exit(2);
		}
		f->parts[0].len = (size_t)sz;
		f->parts[0].data = malloc((size_t)sz + 1);
		if (fread(f->parts[0].data, 1, (size_t)sz, in) != (size_t)sz)
			exit(2);
		fclose(in);
		f->bytes = (size_t)sz;
	}
}

static void scan(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char sub[8192];
	if (!d) {
		perror(dir);
		exit(2);
	}
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		char path[8192];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISREG(st.st_mode))
			add_file(dir, e->d_name, 0);
		else if (S_ISDIR(st.st_mode) && strcmp(e->d_name, "反馈") == 0) {
			DIR *l = opendir(path);
			struct dirent *le;
			while (l && (le = readdir(l)) != NULL) {
				if (le->d_name[0] == '.')
					continue;
				snprintf(sub, sizeof(sub), "反馈/%s", le->d_name);
				add_file(dir, sub, 1);
			}
			if (l)
				closedir(l);
		}
	}
	closedir(d);
}

/* The deflated bytes of b, made by whichever lane needs them first. */
static void make_blob(blob *b, z_stream *zs)
{
	int expect = 0;
	if (atomic_load(&b->state) == 2)
		return;
	if (!atomic_compare_exchange_strong(&b->state, &expect, 1)) {
		while (atomic_load(&b->state) != 2)
			sched_yield();
		return;
	}
	b->crc = (uint32_t)crc32(0, b->raw, (uInt)b->rawlen);
	if (b->stored) {
		b->zdata = (unsigned char *)b->raw;
		b->zlen = b->rawlen;
	} else {
		size_t cap = deflateBound(zs, (uLong)b->rawlen);
		b->zdata = malloc(cap);
		/* reset first: deflateParams on a finished stream would flush */
		deflateReset(zs);
		deflateParams(zs, b->level, Z_DEFAULT_STRATEGY);
		zs->next_in = (Bytef *)b->raw;
		zs->avail_in = (uInt)b->rawlen;
		zs->next_out = b->zdata;
		zs->avail_out = (uInt)cap;
		if (deflate(zs, Z_FINISH) != Z_STREAM_END) {
			fprintf(stderr, "write_floor: deflate failed\n");
			exit(2);
		}
		b->zlen = cap - zs->avail_out;
	}
	atomic_store(&b->state, 2);
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}
static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

typedef struct buf {
	unsigned char *p;
	size_t len, cap;
} buf;

static unsigned char *grow(buf *b, size_t n)
{
	if (b->len + n > b->cap) {
		while (b->len + n > b->cap)
			b->cap = b->cap ? b->cap * 2 : 1 << 20;
		b->p = xrealloc(b->p, b->cap);
	}
	b->len += n;
	return b->p + b->len - n;
}

/* 1980-01-01 00:00, as the run writes */
#define DOS_DATE 0x21u

static void zip_file(const file *f, buf *out, buf *cd)
{
	out->len = cd->len = 0;
	for (size_t i = 0; i < f->nparts; i++) {
		const part *p = &f->parts[i];
		size_t nl = strlen(p->name);
		uint32_t off = (uint32_t)out->len;
		unsigned char *h = grow(out, 30 + nl);
		put32(h, 0x04034b50);
		put16(h + 4, 20);
		put16(h + 6, 0x0800);
		put16(h + 8, p->z->stored ? 0 : 8);
		put16(h + 10, 0);
		put16(h + 12, DOS_DATE);
		put32(h + 14, p->z->crc);
		put32(h + 18, (uint32_t)p->z->zlen);
		put32(h + 22, (uint32_t)p->len);
		put16(h + 26, (unsigned)nl);
		put16(h + 28, 0);
		memcpy(h + 30, p->name, nl);
		memcpy(grow(out, p->z->zlen), p->z->zdata, p->z->zlen);
		h = grow(cd, 46 + nl);
		put32(h, 0x02014b50);
		put16(h + 4, 20);
		put16(h + 6, 20);
		put16(h + 8, 0x0800);
		put16(h + 10, p->z->stored ? 0 : 8);
		put16(h + 12, 0);
		put16(h + 14, DOS_DATE);
		put32(h + 16, p->z->crc);
		put32(h + 20, (uint32_t)p->z->zlen);
		put32(h + 24, (uint32_t)p->len);
		put16(h + 28, (unsigned)nl);
		memset(h + 30, 0, 12);
		put32(h + 42, off);
		memcpy(h + 46, p->name, nl);
	}
	uint32_t cdoff = (uint32_t)out->len;
	memcpy(grow(out, cd->len), cd->p, cd->len);
	unsigned char *e = grow(out, 22);
	put32(e, 0x06054b50);
	put16(e + 4, 0);
	put16(e + 6, 0);
	put16(e + 8, (unsigned)f->nparts);
	put16(e + 10, (unsigned)f->nparts);
	put32(e + 12, (uint32_t)cd->len);
	put32(e + 16, cdoff);
	put16(e + 20, 0);
}

static void write_all(const char *path, const unsigned char *p, size_t n, int durable)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	size_t off = 0;
	if (fd < 0) {
		fprintf(stderr, "write_floor: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	while (off < n) {
		ssize_t w = write(fd, p + off, n - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			perror(path);
			exit(2);
		}
		off += (size_t)w;
	}
	if (durable && fsync(fd) != 0) {
		perror(path);
		exit(2);
	}
	close(fd);
	atomic_fetch_add(&written, (unsigned long long)n);
}

static void *lane(void *arg)
{
	z_stream zs;
	buf out = {0}, cd = {0};
	(void)arg;
	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, LEVEL_SINGLE, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		exit(2);
	for (;;) {
		size_t i = atomic_fetch_add(&next_file, 1);
		const file *f;
		char path[8192], tmp[8192];
		if (i >= nfiles)
			break;
		f = &files[i];
		if (f->plain) {
			snprintf(tmp, sizeof(tmp), "%s/.tmp-%s", scratch, f->rel);
			snprintf(path, sizeof(path), "%s/%s", scratch, f->rel);
			write_all(tmp, f->parts[0].data, f->parts[0].len, 1);
			rename(tmp, path);
			continue;
		}
		for (size_t k = 0; k < f->nparts; k++)
			make_blob(f->parts[k].z, &zs);
		zip_file(f, &out, &cd);
		if (f->letter) {
			snprintf(path, sizeof(path), "%s/.tmp-%s", scratch, f->rel);
			write_all(path, out.p, out.len, 0);
		} else {
			snprintf(tmp, sizeof(tmp), "%s/.tmp-%s", scratch, f->rel);
			snprintf(path, sizeof(path), "%s/%s", scratch, f->rel);
			write_all(tmp, out.p, out.len, 1);
			rename(tmp, path);
		}
	}
	deflateEnd(&zs);
	free(out.p);
	free(cd.p);
	return NULL;
}

static int by_size(const void *a, const void *b)
{
	const file *x = a, *y = b;
	return x->bytes < y->bytes ? 1 : x->bytes > y->bytes ? -1 : strcmp(x->rel, y->rel);
}

static void rm_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[8192];
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(path);
		else
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	pthread_t t[64];
	int threads, dfd;
	struct timespec a, b;
	char sdir[4096], letters[4096 + 32], placed[4096 + 32];
	unsigned long long parts = 0, in = 0;

	if (argc != 3 || (threads = (int)strtol(argv[2], NULL, 10)) < 1 || threads > 64) {
		fprintf(stderr, "usage: write_floor OUTPUT_DIR THREADS(1-64)\n");
		return 64;
	}
	scan(argv[1]);
	qsort(files, nfiles, sizeof(*files), by_size);
	for (size_t i = 0; i < nfiles; i++) {
		parts += files[i].nparts;
		in += files[i].bytes;
	}
	/* the scratch folder beside the outputs: the same file system */
	snprintf(sdir, sizeof(sdir), "%s.write_floor", argv[1]);
	rm_tree(sdir);
	if (mkdir(sdir, 0777) != 0) {
		perror(sdir);
		return 2;
	}
	scratch = sdir;

	clock_gettime(CLOCK_MONOTONIC, &a);
	snprintf(letters, sizeof(letters), "%s/.tmp-反馈", sdir);
	snprintf(placed, sizeof(placed), "%s/反馈", sdir);
	if (mkdir(letters, 0777) != 0) {
		perror(letters);
		return 2;
	}
	for (int i = 1; i < threads; i++)
		pthread_create(&t[i], NULL, lane, NULL);
	lane(NULL);
	for (int i = 1; i < threads; i++)
		pthread_join(t[i], NULL);
	dfd = open(sdir, O_RDONLY | O_DIRECTORY);
	if (dfd < 0 || syncfs(dfd) != 0 || rename(letters, placed) != 0 || fsync(dfd) != 0) {
		perror(sdir);
		return 2;
	}
	close(dfd);
	clock_gettime(CLOCK_MONOTONIC, &b);

	printf("files %zu parts %llu distinct %zu in %llu out %llu wall %.3f\n", nfiles, parts, nblobs, in,
	       (unsigned long long)written, (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9);
	if (!getenv("HZ_WRITE_FLOOR_KEEP")) /* kept: to check the zips it wrote */
		rm_tree(sdir);
	return 0;
}
