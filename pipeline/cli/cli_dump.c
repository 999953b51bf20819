/*
 * `huizong dump FILE`: what huizong reads in one .xlsx/.docx, as the JSON
 * of the corpus oracle (corpus/external/make_oracle.py):
 *   xlsx {"sheets":[{"name","kind","state","cells":[[ref,type,value],...]}]}
 *   docx {"blocks":[...]} (cli_dump_docx.c)
 * The kind of package is told by content (the main part named in
 * _rels/.rels), never by the file name.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_dump_docx.h"
#include "read/docx_reader.h"
#include "read/pkg.h"
#include "read/xlsx_reader.h"

#include "banned.h"

/* Python's repr of a float: shortest digits that read back the same,
 * fixed notation for 1e-4 <= |v| < 1e16 (with ".0" when integral),
 * otherwise d.ddde+XX. */
static void print_float(FILE *out, double v)
{
	char buf[40], digits[24], *e;
	int prec, exp10, nd = 0;
	if (!isfinite(v)) {
		fputs("null", out);
		return;
	}
	if (v == 0) {
		fputs(signbit(v) ? "-0.0" : "0.0", out);
		return;
	}
	for (prec = 0; prec < 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*e", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	e = strchr(buf, 'e');
	exp10 = (int)strtol(e + 1, NULL, 10);
	for (char *p = buf; p < e; p++)
		if (*p >= '0' && *p <= '9')
			digits[nd++] = *p;
	digits[nd] = '\0';
	if (v < 0)
		putc('-', out);
	if (exp10 >= -4 && exp10 < 16) {
		if (exp10 < 0) {
			fputs("0.", out);
			for (int k = 0; k < -exp10 - 1; k++)
				putc('0', out);
			fputs(digits, out);
		} else if (nd <= exp10 + 1) {
			fputs(digits, out);
			for (int k = nd; k < exp10 + 1; k++)
				putc('0', out);
			fputs(".0", out);
		} else {
			fwrite(digits, 1, (size_t)exp10 + 1, out);
			putc('.', out);
			fputs(digits + exp10 + 1, out);
		}
	} else {
		putc(digits[0], out);
		if (nd > 1) {
			putc('.', out);
			fputs(digits + 1, out);
		}
		fprintf(out, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
	}
}

/* A number as openpyxl gives it: an int when the stored text is an integer
 * (any size, printed as its digits), else a float. */
static void print_number(FILE *out, const xlsx_cell *c)
{
	const char *s = c->text;
	size_t n = c->len, i = 0;
	int neg = 0, integer = n > 0;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	if (i == n)
		integer = 0;
	for (size_t k = i; k < n && integer; k++)
		if (s[k] < '0' || s[k] > '9')
			integer = 0;
	if (!integer) {
		print_float(out, c->num);
		return;
	}
	while (i + 1 < n && s[i] == '0')
		i++;
	if (neg && !(n - i == 1 && s[i] == '0'))
		putc('-', out);
	fwrite(s + i, 1, n - i, out);
}

static const char *state_name(xlsx_state s)
{
	return s == XLSX_HIDDEN ? "hidden" : s == XLSX_VERY_HIDDEN ? "veryHidden" : "visible";
}

static int merge_cmp(const void *a, const void *b)
{
	const xlsx_merge *x = a, *y = b;
	return x->r1 < y->r1 ? -1 : x->r1 > y->r1;
}

/* Merged ranges of sheet i, sorted by first row (caller frees).  They follow
 * the cells in the XML, so this is a pass of its own. */
static hz_code sheet_merges(xlsx_workbook *wb, size_t i, xlsx_merge **out, size_t *n, hz_error *err)
{
	xlsx_sheet_reader *sr = NULL;
	const xlsx_row *row;
	const xlsx_merge *m;
	int got;
	hz_code rc = xlsx_sheet_open(wb, i, &sr, err);
	*out = NULL;
	*n = 0;
	if (rc != HZ_OK)
		return rc;
	while ((got = xlsx_sheet_next_row(sr, &row, err)) > 0)
		;
	if (got < 0) {
		xlsx_sheet_free(sr);
		return (hz_code)-got;
	}
	m = xlsx_sheet_merges(sr, n);
	if (*n) {
		*out = malloc(*n * sizeof(**out));
		if (!*out) {
			xlsx_sheet_free(sr);
			return hz_error_set(err, HZ_E_NOMEM, NULL);
		}
		memcpy(*out, m, *n * sizeof(**out));
		qsort(*out, *n, sizeof(**out), merge_cmp);
	}
	xlsx_sheet_free(sr);
	return HZ_OK;
}

/* Inside a merged range but not its top-left cell: Excel shows nothing
 * there (and openpyxl turns it into an empty MergedCell). */
static int merged_away(const xlsx_merge *m, size_t n, uint32_t row, uint32_t col)
{
	size_t lo = 0, hi = n;
	while (lo < hi) { /* merges with r1 <= row are m[0 .. lo) */
		size_t mid = lo + (hi - lo) / 2;
		if (m[mid].r1 <= row)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t k = lo; k-- > 0;)
		if (row <= m[k].r2 && col >= m[k].c1 && col <= m[k].c2 && !(row == m[k].r1 && col == m[k].c1))
			return 1;
	return 0;
}

static hz_code dump_xlsx(FILE *out, const char *path, hz_error *err)
{
	xlsx_workbook *wb = NULL;
	hz_code rc = xlsx_workbook_open(&wb, path, err);
	if (rc != HZ_OK)
		return rc;
	fputs("{\"sheets\":[", out);
	for (size_t i = 0; i < xlsx_workbook_sheet_count(wb); i++) {
		const xlsx_sheet_info *si = xlsx_workbook_sheet(wb, i);
		xlsx_sheet_reader *sr = NULL;
		const xlsx_row *row;
		xlsx_merge *merges = NULL;
		size_t nmerges = 0;
		int got, first = 1;
		if (i)
			putc(',', out);
		fputs("\n{\"name\":", out);
		cli_dump_json_string(out, si->name);
		fprintf(out, ",\"kind\":\"%s\",\"state\":\"%s\",\"cells\":[", si->is_chartsheet ? "chartsheet" : "worksheet",
			state_name(si->state));
		rc = sheet_merges(wb, i, &merges, &nmerges, err);
		if (rc == HZ_OK)
			rc = xlsx_sheet_open(wb, i, &sr, err);
		if (rc != HZ_OK) {
			free(merges);
			goto done;
		}
		while ((got = xlsx_sheet_next_row(sr, &row, err)) > 0) {
			for (size_t k = 0; k < row->ncells; k++) {
				const xlsx_cell *c = &row->cells[k];
				char ref[16];
				static const char type_code[] = {[XLSX_NUMBER] = 'n', [XLSX_STRING] = 's', [XLSX_BOOL] = 'b',
								 [XLSX_ERROR] = 'e', [XLSX_DATE] = 'd'};
				if (nmerges && merged_away(merges, nmerges, row->row, c->col))
					continue;
				if (!first)
					putc(',', out);
				first = 0;
				xlsx_cell_ref(row->row, c->col, ref, sizeof(ref));
				fprintf(out, "\n[\"%s\",\"%c\",", ref, type_code[c->type]);
				if (c->type == XLSX_NUMBER)
					print_number(out, c);
				else if (c->type == XLSX_BOOL)
					fputs(c->num != 0 ? "true" : "false", out);
				else
					cli_dump_json_string(out, c->text);
				putc(']', out);
			}
		}
		xlsx_sheet_free(sr);
		free(merges);
		if (got < 0) {
			rc = (hz_code)-got;
			goto done;
		}
		fputs("]}", out);
	}
	fputs("\n]}\n", out);
done:
	xlsx_workbook_free(wb);
	return rc;
}

static hz_code dump_docx(FILE *out, const char *path, hz_error *err)
{
	docx_document *doc = NULL;
	hz_code rc = docx_document_read(&doc, path, DOCX_TEXT_AS_STORED, err);
	if (rc != HZ_OK)
		return rc;
	cli_dump_docx_json(out, doc);
	docx_document_free(doc);
	return HZ_OK;
}

/* docx when the main part is a word-processing document, else xlsx. */
static hz_code package_kind(const char *path, int *is_docx, hz_error *err)
{
	pkg *p = NULL;
	char *main_part;
	hz_code rc = pkg_open(&p, path, err);
	if (rc != HZ_OK)
		return rc;
	main_part = pkg_rel_target(p, "", "/officeDocument", err);
	if (main_part) {
		const char *base = strrchr(main_part, '/');
		base = base ? base + 1 : main_part;
		*is_docx = strncmp(main_part, "word/", 5) == 0 || strcmp(base, "document.xml") == 0;
	} else {
		*is_docx = pkg_find(p, "word/document.xml") >= 0 && pkg_find(p, "xl/workbook.xml") < 0;
	}
	free(main_part);
	pkg_free(p);
	return HZ_OK;
}

int cmd_dump(const cli_opts *o)
{
	const char *path = o->args[0];
	hz_error err;
	int is_docx = 0;
	hz_code rc;
	char line[2048];
	hz_error_clear(&err);
	rc = package_kind(path, &is_docx, &err);
	if (rc == HZ_OK) {
		/* The JSON goes to a buffer first: a file refused halfway prints
		 * nothing on stdout, only its one line on stderr. */
		char *mem = NULL;
		size_t memlen = 0;
		FILE *buf = open_memstream(&mem, &memlen);
		if (!buf) {
			rc = hz_error_set(&err, HZ_E_NOMEM, NULL);
		} else {
			rc = is_docx ? dump_docx(buf, path, &err) : dump_xlsx(buf, path, &err);
			fclose(buf);
			if (rc == HZ_OK)
				fwrite(mem, 1, memlen, stdout);
			free(mem);
		}
	}
	if (rc != HZ_OK) {
		hz_error_file(&err, path);
		err.code = rc;
		fprintf(stderr, "%s\n", hz_error_line(&err, line, sizeof(line)));
		return HZ_EXIT_PARTIAL;
	}
	if (fflush(stdout) != 0)
		return HZ_EXIT_FATAL;
	return HZ_EXIT_OK;
}
