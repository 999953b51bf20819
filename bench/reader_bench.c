/*
 * Reader benchmark (bench/part_1_reader.sh drives it):
 *   reader_bench gen FILE ROWS   write a ROWS x 20 sheet with libxlsxwriter
 *                                (constant_memory), numbers and strings mixed
 *   reader_bench floor FILE      inflate the first sheet's member with libzip
 *                                alone: the floor any reader stands on
 *   reader_bench read FILE       stream every cell through xlsx_reader
 * Each prints one line of figures; peak RSS is measured outside (GNU time).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "read/pkg.h"
#include "read/xlsx_reader.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int gen(const char *path, long rows)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	lxw_worksheet *ws;
	char text[64];
	if (!wb)
		return 1;
	ws = workbook_add_worksheet(wb, "数据");
	for (long r = 0; r < rows; r++) {
		for (int c = 0; c < 20; c++) {
			if (c % 4 == 1) {
				snprintf(text, sizeof(text), "单位%ld-%d", r % 997, c);
				worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, text, NULL);
			} else {
				worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, (double)(r * 20 + c) / 8.0, NULL);
			}
		}
	}
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}

static int floor_inflate(const char *path)
{
	int zerr = 0;
	zip_t *za = zip_open(path, ZIP_RDONLY, &zerr);
	zip_file_t *zf;
	static char buf[64 * 1024];
	zip_int64_t n;
	double t0, secs;
	unsigned long long total = 0;
	if (!za)
		return 1;
	t0 = now();
	zf = zip_fopen(za, "xl/worksheets/sheet1.xml", 0);
	if (!zf)
		return 1;
	while ((n = zip_fread(zf, buf, sizeof(buf))) > 0)
		total += (unsigned long long)n;
	zip_fclose(zf);
	secs = now() - t0;
	printf("floor: inflated %.1f MB in %.3f s = %.0f MB/s\n", (double)total / 1e6, secs, (double)total / 1e6 / secs);
	zip_discard(za);
	return n < 0;
}

static void noop_start(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *URI,
		       int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
		       const xmlChar **attributes)
{
	(*(unsigned long long *)ctx)++;
}

/* libxml2's SAX2 push parser with callbacks that do nothing: the XML
 * floor under the reader. */
static int sax_only(const char *path)
{
	pkg *p = NULL;
	hz_error err;
	xmlSAXHandler sax;
	unsigned long long elements = 0;
	double t0, secs;
	hz_error_clear(&err);
	if (pkg_open(&p, path, &err) != HZ_OK)
		return 1;
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = noop_start;
	t0 = now();
	if (pkg_parse_xml(p, "xl/worksheets/sheet1.xml", &sax, &elements, &err) != HZ_OK)
		return 1;
	secs = now() - t0;
	printf("sax only: %llu elements in %.3f s\n", elements, secs);
	pkg_free(p);
	return 0;
}

static int read_all(const char *path)
{
	xlsx_workbook *wb = NULL;
	xlsx_sheet_reader *sr = NULL;
	const xlsx_row *row;
	hz_error err;
	double t0 = now(), secs, sum = 0;
	unsigned long long cells = 0, rows = 0, bytes = 0;
	int got = 0;
	hz_error_clear(&err);
	if (xlsx_workbook_open(&wb, path, &err) != HZ_OK)
		return 1;
	for (size_t i = 0; i < xlsx_workbook_sheet_count(wb); i++) {
		if (xlsx_sheet_open(wb, i, &sr, &err) != HZ_OK)
			return 1;
		while ((got = xlsx_sheet_next_row(sr, &row, &err)) > 0) {
			rows++;
			cells += row->ncells;
			for (size_t k = 0; k < row->ncells; k++) {
				sum += row->cells[k].num; /* touch every cell */
				bytes += row->cells[k].len;
			}
		}
		xlsx_sheet_free(sr);
		if (got < 0)
			return 1;
	}
	secs = now() - t0;
	printf("reader: %llu rows, %llu cells in %.3f s = %.2f M cells/s (checksum %.0f, %llu text bytes)\n", rows,
	       cells, secs, (double)cells / 1e6 / secs, sum, bytes);
	xlsx_workbook_free(wb);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "gen") == 0)
		return gen(argv[2], strtol(argv[3], NULL, 10));
	if (argc == 3 && strcmp(argv[1], "floor") == 0)
		return floor_inflate(argv[2]);
	if (argc == 3 && strcmp(argv[1], "sax") == 0)
		return sax_only(argv[2]);
	if (argc == 3 && strcmp(argv[1], "read") == 0)
		return read_all(argv[2]);
	fprintf(stderr, "usage: reader_bench gen FILE ROWS | floor FILE | read FILE\n");
	return 64;
}
