/*
 * Reading a written workbook back through openpyxl (/usr/bin/python3, the
 * Debian one that has it): every cell as "sheet\trow\tcol\tkind\tformat\tvalue"
 * and "meta\t..." lines for what is not a cell.  For tests only.
 */
#ifndef HZ_TEST_XLSX_READBACK_H
#define HZ_TEST_XLSX_READBACK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PY "/usr/bin/python3"

/* Dumps every cell of every sheet as "sheet\trow\tcol\tkind\tvalue" (rows and
 * columns 1-based, kind n/s/d), then "meta\t..." lines for what is not a
 * cell: freeze panes, filters, number formats, widths, charts. */
static const char dump_py[] =
	"import sys, zipfile, openpyxl\n"
	"wb = openpyxl.load_workbook(sys.argv[1])\n"
	"out = []\n"
	"out.append('meta\\tsheets\\t' + '|'.join(wb.sheetnames))\n"
	"for ws in wb.worksheets:\n"
	"    out.append('meta\\tfreeze\\t%s\\t%s' % (ws.title, ws.freeze_panes))\n"
	"    out.append('meta\\tfilter\\t%s\\t%s' % (ws.title, ws.auto_filter.ref))\n"
	"    out.append('meta\\tcolbreaks\\t%s\\t%s' % (ws.title, ','.join(str(b.id) for b in ws.col_breaks.brk)))\n"
	"    for letter, dim in sorted(ws.column_dimensions.items()):\n"
	"        out.append('meta\\twidth\\t%s\\t%s\\t%r' % (ws.title, letter, dim.width))\n"
	"    out.append('meta\\tprotected\\t%s\\t%s' % (ws.title, bool(ws.protection.sheet)))\n"
	"    out.append('meta\\theader\\t%s\\t%s' % (ws.title, ws.oddHeader.center.text))\n"
	"    for m in sorted(str(r) for r in ws.merged_cells.ranges):\n"
	"        out.append('meta\\tmerged\\t%s\\t%s' % (ws.title, m))\n"
	"    for dv in ws.data_validations.dataValidation:\n"
	"        out.append('meta\\tvalid\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s' % (ws.title, dv.sqref, dv.type, dv.operator, dv.formula1, dv.formula2, dv.errorStyle))\n"
	"    for row in ws.iter_rows():\n"
	"        for c in row:\n"
	"            if c.protection.locked is False:\n"
	"                out.append('meta\\tunlocked\\t%s\\t%s\\t%s' % (ws.title, c.coordinate, c.fill.fgColor.rgb))\n"
	"    for row in ws.iter_rows():\n"
	"        for c in row:\n"
	"            v = c.value\n"
	"            if v is None: continue\n"
	"            if isinstance(v, bool): k, s = 'b', str(v)\n"
	"            elif isinstance(v, (int, float)): k, s = 'n', repr(float(v))\n"
	"            elif hasattr(v, 'year'): k, s = 'd', v.strftime('%Y-%m-%d')\n"
	"            else: k, s = 's', v.replace('\\n', '\\\\n')\n"
	"            out.append('%s\\t%d\\t%d\\t%s\\t%s\\t%s' % (ws.title, c.row, c.column, k, c.number_format, s))\n"
	"z = zipfile.ZipFile(sys.argv[1])\n"
	"for n in sorted(z.namelist()):\n"
	"    if n.startswith('xl/charts/chart'):\n"
	"        x = z.read(n).decode()\n"
	"        out.append('meta\\tchart\\t' + ('bar' if '<c:barDir val=\"bar\"/>' in x else 'other') + '\\t' +\n"
	"                   '|'.join(f[f.index('<c:f>')+5:] for f in x.split('</c:f>') if '<c:f>' in f))\n"
	"    if n == 'docProps/core.xml':\n"
	"        x = z.read(n).decode()\n"
	"        i = x.index('<dcterms:created')\n"
	"        out.append('meta\\tcreated\\t' + x[x.index('>', i)+1:x.index('<', i+1)])\n"
	"sys.stdout.write('\\n'.join(out) + '\\n')\n";

typedef struct dump {
	char **lines;
	size_t n;
} dump;

static char tmpdir[256];

static int have_openpyxl(void)
{
	return access(PY, X_OK) == 0 && system(PY " -c 'import openpyxl' 2>/dev/null") == 0;
}

static void read_dump(dump *d, const char *xlsx)
{
	char script[512], cmd[1200], *line = NULL;
	size_t cap = 0;
	FILE *f, *p;
	snprintf(script, sizeof(script), "%s/dump.py", tmpdir);
	f = fopen(script, "w");
	assert_non_null(f);
	fputs(dump_py, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), PY " '%s' '%s'", script, xlsx);
	p = popen(cmd, "r");
	assert_non_null(p);
	memset(d, 0, sizeof(*d));
	while (getline(&line, &cap, p) > 0) {
		line[strcspn(line, "\n")] = '\0';
		d->lines = realloc(d->lines, (d->n + 1) * sizeof(*d->lines));
		assert_non_null(d->lines);
		d->lines[d->n++] = strdup(line);
	}
	free(line);
	assert_int_equal(pclose(p), 0);
	assert_true(d->n > 0);
}

static void free_dump(dump *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->lines[i]);
	free(d->lines);
}

/* The dump line of one cell ("kind\tformat\tvalue"), or NULL when empty. */
static const char *cell(const dump *d, const char *sheet, int row, int col)
{
	char prefix[256];
	size_t n = (size_t)snprintf(prefix, sizeof(prefix), "%s\t%d\t%d\t", sheet, row, col);
	for (size_t i = 0; i < d->n; i++)
		if (strncmp(d->lines[i], prefix, n) == 0)
			return d->lines[i] + n;
	return NULL;
}

static const char *meta(const dump *d, const char *what)
{
	size_t n = strlen(what);
	for (size_t i = 0; i < d->n; i++)
		if (strncmp(d->lines[i], "meta\t", 5) == 0 && strncmp(d->lines[i] + 5, what, n) == 0)
			return d->lines[i] + 5 + n;
	return NULL;
}

static void expect_text(const dump *d, const char *sheet, int row, int col, const char *want)
{
	const char *c = cell(d, sheet, row, col);
	if (!want || !*want) {
		if (c)
			fail_msg("%s!R%dC%d: expected empty, got %s", sheet, row, col, c);
		return;
	}
	if (!c)
		fail_msg("%s!R%dC%d: expected '%s', got nothing", sheet, row, col, want);
	assert_int_equal(c[0], 's');
	assert_string_equal(strrchr(c, '\t') + 1, want);
}

static void expect_number(const dump *d, const char *sheet, int row, int col, double want, const char *format)
{
	const char *c = cell(d, sheet, row, col);
	const char *tab;
	if (!c)
		fail_msg("%s!R%dC%d: expected %g, got nothing", sheet, row, col, want);
	if (c[0] != 'n')
		fail_msg("%s!R%dC%d: expected the number %g, got %s", sheet, row, col, want, c);
	tab = strchr(c + 2, '\t');
	if (format && (strlen(format) != (size_t)(tab - (c + 2)) || strncmp(c + 2, format, strlen(format)) != 0))
		fail_msg("%s!R%dC%d: number format %.*s, expected %s", sheet, row, col, (int)(tab - (c + 2)), c + 2,
			 format);
	if (fabs(strtod(tab + 1, NULL) - want) > 1e-9)
		fail_msg("%s!R%dC%d: %s, expected %.10g", sheet, row, col, tab + 1, want);
}

#endif
