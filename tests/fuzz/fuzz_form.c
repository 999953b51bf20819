/*
 * libFuzzer: the recognition stage (form*.c).  The first byte picks a mode,
 * the rest is its input:
 *   0  a text grid (lines = rows, tabs = cells; a line "@@sheet" starts a
 *      second sheet; a cell "=N" is the number N, "=dN" the date serial N)
 *      written as an .xlsx submission, read by hz_form_read
 *   1  a text grid as a .docx submission (lines without a tab are
 *      paragraphs, lines with tabs rows of a table, an empty line ends the
 *      table; '|' separates paragraphs inside a cell)
 *   2  the bytes as sheet1.xml of an .xlsx submission (shared strings hold
 *      the header words)
 *   3  the bytes as document.xml of a .docx submission
 *   4  the bytes as an .xlsx file, 5 as a .docx file
 *   6  a grid as checklist.xlsx (hz_checklist_read), 7 as checklist.docx,
 *   8  a grid as units.xlsx (hz_roster_read), 9 the bytes as units.csv
 * Except for the raw files (4, 5), the input goes through fuzz_expand first
 * ("{{N*...}}" repeats), so rows and cells can be many.
 */
#include <sys/stat.h>

#include "recognise/form.h"
#include "fuzz_common.h"
#include "fuzz_pkgs.h"

static normalizer *norm;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	hz_error err;
	(void)argc;
	(void)argv;
	if (normalizer_new(&norm, &err) != HZ_OK)
		abort();
	return 0;
}

/* A growable byte buffer that aborts on out-of-memory (a harness). */
typedef struct buf {
	char *p;
	size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void puts_(buf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* Text content: the XML specials escaped, control characters dropped (they
 * would only make every document malformed). */
static void put_text(buf *b, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = s[i];
		if (c == '&')
			puts_(b, "&amp;");
		else if (c == '<')
			puts_(b, "&lt;");
		else if (c == '>')
			puts_(b, "&gt;");
		else if (c == '"')
			puts_(b, "&quot;");
		else if (c >= 0x20 || c == '\t' || c == '\n')
			put(b, (const char *)&c, 1);
	}
}

static const uint8_t *next_line(const uint8_t *p, const uint8_t *end, size_t *len)
{
	const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
	*len = (size_t)((nl ? nl : end) - p);
	return nl ? nl + 1 : end;
}

static int is_number(const uint8_t *s, size_t n)
{
	char tmp[40], *e;
	if (n == 0 || n >= sizeof(tmp))
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	(void)strtod(tmp, &e);
	return *e == '\0';
}

static void grid_sheet(buf *b, const uint8_t *p, const uint8_t *end, const uint8_t **rest)
{
	uint32_t r = 0;
	puts_(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
	while (p < end) {
		size_t len;
		const uint8_t *line = p, *cell;
		char tmp[64];
		uint32_t c = 0;

		p = next_line(p, end, &len);
		if (len == 7 && !memcmp(line, "@@sheet", 7))
			break;
		snprintf(tmp, sizeof(tmp), "<row r=\"%u\">", ++r);
		puts_(b, tmp);
		cell = line;
		while (cell <= line + len && c < 64) {
			const uint8_t *tab = memchr(cell, '\t', (size_t)(line + len - cell));
			size_t clen = (size_t)((tab ? tab : line + len) - cell);
			char ref[16];
			if (c < 26)
				snprintf(ref, sizeof(ref), "%c%u", 'A' + (int)c, r);
			else
				snprintf(ref, sizeof(ref), "%c%c%u", 'A' + (int)(c / 26 - 1), 'A' + (int)(c % 26), r);
			if (clen > 1 && cell[0] == '=' && is_number(cell + 1, clen - 1)) {
				snprintf(tmp, sizeof(tmp), "<c r=\"%s\"><v>", ref);
				puts_(b, tmp);
				put(b, (const char *)cell + 1, clen - 1);
				puts_(b, "</v></c>");
			} else if (clen > 2 && cell[0] == '=' && cell[1] == 'd' && is_number(cell + 2, clen - 2)) {
				snprintf(tmp, sizeof(tmp), "<c r=\"%s\" s=\"1\"><v>", ref);
				puts_(b, tmp);
				put(b, (const char *)cell + 2, clen - 2);
				puts_(b, "</v></c>");
			} else if (clen) {
				snprintf(tmp, sizeof(tmp), "<c r=\"%s\" t=\"inlineStr\"><is><t xml:space=\"preserve\">", ref);
				puts_(b, tmp);
				put_text(b, cell, clen);
				puts_(b, "</t></is></c>");
			}
			c++;
			if (!tab)
				break;
			cell = tab + 1;
		}
		puts_(b, "</row>");
	}
	puts_(b, "</sheetData></worksheet>");
	*rest = p;
}

static int write_grid_xlsx(const char *path, const uint8_t *p, size_t n)
{
	buf s1 = {0}, s2 = {0};
	const uint8_t *rest;
	int ok;
	grid_sheet(&s1, p, p + n, &rest);
	grid_sheet(&s2, rest, p + n, &rest);
	fuzz_member m[] = {
		{"xl/worksheets/sheet1.xml", s1.p, s1.len},
		{"xl/worksheets/sheet2.xml", s2.p, s2.len},
		{"xl/sharedStrings.xml", S(xlsx_sst)},
		{"xl/styles.xml", S(xlsx_styles)},
		{"xl/workbook.xml", S(xlsx_wb)},
		{"xl/_rels/workbook.xml.rels", S(xlsx_wb_rels)},
		{"[Content_Types].xml", S(xlsx_ct)},
		{"docProps/core.xml", S(xlsx_core)},
		{"_rels/.rels", S(xlsx_rels)},
	};
	ok = fuzz_write_zip(path, m, sizeof(m) / sizeof(m[0]));
	free(s1.p);
	free(s2.p);
	return ok;
}

static void docx_para(buf *b, const uint8_t *s, size_t n)
{
	puts_(b, "<w:p><w:r><w:t xml:space=\"preserve\">");
	put_text(b, s, n);
	puts_(b, "</w:t></w:r></w:p>");
}

static int write_grid_docx(const char *path, const uint8_t *p, size_t n)
{
	const uint8_t *end = p + n;
	buf d = {0};
	int in_table = 0, ok;

	puts_(&d, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
	while (p < end) {
		size_t len;
		const uint8_t *line = p;
		p = next_line(p, end, &len);
		if (!memchr(line, '\t', len)) {
			if (in_table) {
				puts_(&d, "</w:tbl>");
				in_table = 0;
			}
			if (len)
				docx_para(&d, line, len);
			continue;
		}
		if (!in_table) {
			puts_(&d, "<w:tbl>");
			in_table = 1;
		}
		puts_(&d, "<w:tr>");
		for (const uint8_t *cell = line; cell <= line + len;) {
			const uint8_t *tab = memchr(cell, '\t', (size_t)(line + len - cell));
			const uint8_t *cend = tab ? tab : line + len;
			puts_(&d, "<w:tc>");
			for (const uint8_t *q = cell; q <= cend;) {
				const uint8_t *bar = memchr(q, '|', (size_t)(cend - q));
				docx_para(&d, q, (size_t)((bar ? bar : cend) - q));
				if (!bar)
					break;
				q = bar + 1;
			}
			puts_(&d, "</w:tc>");
			if (!tab)
				break;
			cell = tab + 1;
		}
		puts_(&d, "</w:tr>");
	}
	if (in_table)
		puts_(&d, "</w:tbl>");
	puts_(&d, "</w:body></w:document>");
	fuzz_member m[] = {
		{"word/document.xml", d.p, d.len},
		{"_rels/.rels", S(docx_rels)},
		{"docProps/core.xml", S(docx_core)},
		{"[Content_Types].xml", S(docx_ct)},
	};
	ok = fuzz_write_zip(path, m, sizeof(m) / sizeof(m[0]));
	free(d.p);
	return ok;
}

static const char form_sst[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<si><t>序号</t></si><si><t>任务名称</t></si><si><t>完成情况</t></si><si><t>自评分</t></si>"
	"<si><t>完成次数</t></si><si><t>存在问题</t></si><si><t>填报单位：某某局</t></si><si><t>填报日期：2022年10月28日</t></si>"
	"<si><t>已完成</t></si><si><t>推进中</t></si><si><t>未开始</t></si><si><t>1.1</t></si></sst>";

/* The fuzzed bytes as the worksheet of a workbook whose other parts are
 * sound (sst: the shared strings the sheet may point at); 1 when written.
 * Every reader's harness (forms, reviews, rectifications, phases) tries it. */
static __attribute__((unused)) int fuzz_write_xlsx_sheet1(const char *path, const uint8_t *data, size_t size,
							   const char *sst, size_t sst_len)
{
	fuzz_member m[] = {
		{"xl/worksheets/sheet1.xml", data, size},
		{"xl/worksheets/sheet2.xml", S(xlsx_sheet)},
		{"xl/sharedStrings.xml", sst, sst_len},
		{"xl/styles.xml", S(xlsx_styles)},
		{"xl/workbook.xml", S(xlsx_wb)},
		{"xl/_rels/workbook.xml.rels", S(xlsx_wb_rels)},
		{"[Content_Types].xml", S(xlsx_ct)},
		{"docProps/core.xml", S(xlsx_core)},
		{"_rels/.rels", S(xlsx_rels)},
	};
	return fuzz_write_zip(path, m, sizeof(m) / sizeof(m[0]));
}

/* The fuzzed bytes as word/document.xml of a sound package. */
static __attribute__((unused)) int fuzz_write_docx_document(const char *path, const uint8_t *data, size_t size)
{
	fuzz_member m[] = {
		{"word/document.xml", data, size},
		{"_rels/.rels", S(docx_rels)},
		{"docProps/core.xml", S(docx_core)},
		{"[Content_Types].xml", S(docx_ct)},
	};
	return fuzz_write_zip(path, m, sizeof(m) / sizeof(m[0]));
}

static void read_form(const char *path, const char *rel)
{
	hz_form f;
	hz_error err;
	hz_error_clear(&err);
	if (hz_form_read(&f, path, rel, norm, &err) == HZ_OK)
		hz_form_release(&f);
}

/* A campaign folder per process for the checklist and roster readers. */
static const char *campaign_dir(void)
{
	static char dir[256];
	if (!dir[0]) {
		const char *f = fuzz_tmp_path(".campaign");
		snprintf(dir, sizeof(dir), "%s", f);
		mkdir(dir, 0700);
	}
	return dir;
}

static void read_campaign_file(int checklist, const char *name)
{
	hz_results r;
	hz_error err;
	char path[512];
	hz_results_init(&r);
	hz_error_clear(&err);
	if (checklist)
		(void)hz_checklist_read(&r, campaign_dir(), norm, &err);
	else
		(void)hz_roster_read(&r, campaign_dir(), norm, &err);
	hz_results_release(&r);
	snprintf(path, sizeof(path), "%s/%s", campaign_dir(), name);
	fuzz_done(path);
}

/*
 * The four shapes a later round's harness tries, data[0] choosing: a grid
 * as .xlsx, a grid as .docx, the bytes as sheet1.xml (sst: the shared
 * strings it may point at) and as document.xml.  rel[i]: the name the
 * reader is told for shape i.
 */
typedef void (*fuzz_read_fn)(const char *path, const char *rel);
static __attribute__((unused)) int fuzz_four_shapes(const uint8_t *data, size_t size, fuzz_read_fn read,
						    const char *const rel[4], const char *sst, size_t sst_len)
{
	char xlsx[256], docx[256];
	fuzz_bytes expanded = {NULL, 0, 0, FUZZ_EXPAND_MAX};
	int mode;

	if (size < 1)
		return 0;
	mode = data[0] % 4;
	fuzz_expand(&expanded, data + 1, size - 1, 0);
	data = expanded.p ? expanded.p : data + 1;
	size = expanded.len;
	snprintf(xlsx, sizeof(xlsx), "%s", fuzz_tmp_path(".xlsx"));
	snprintf(docx, sizeof(docx), "%s", fuzz_tmp_path(".docx"));
	if (mode == 0 ? write_grid_xlsx(xlsx, data, size)
	    : mode == 1 ? write_grid_docx(docx, data, size)
	    : mode == 2 ? fuzz_write_xlsx_sheet1(xlsx, data, size, sst, sst_len)
	    : fuzz_write_docx_document(docx, data, size))
		read(mode == 0 || mode == 2 ? xlsx : docx, rel[mode]);
	fuzz_done(mode == 0 || mode == 2 ? xlsx : docx);
	free(expanded.p);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char xlsx[256], docx[256], path[512];
	fuzz_bytes expanded = {NULL, 0, 0, FUZZ_EXPAND_MAX};
	int mode;

	if (size < 1)
		return 0;
	mode = data[0] % 10;
	data++;
	size--;
	if (mode != 4 && mode != 5) {
		fuzz_expand(&expanded, data, size, 0);
		data = expanded.p ? expanded.p : data;
		size = expanded.len;
	}
	snprintf(xlsx, sizeof(xlsx), "%s", fuzz_tmp_path(".xlsx"));
	snprintf(docx, sizeof(docx), "%s", fuzz_tmp_path(".docx"));
	switch (mode) {
	case 0:
		if (write_grid_xlsx(xlsx, data, size))
			read_form(xlsx, "submissions/某局自查表.xlsx");
		fuzz_done(xlsx);
		break;
	case 1:
		if (write_grid_docx(docx, data, size))
			read_form(docx, "submissions/某局自查表.docx");
		fuzz_done(docx);
		break;
	case 2:
		if (fuzz_write_xlsx_sheet1(xlsx, data, size, S(form_sst)))
			read_form(xlsx, "a.xlsx");
		fuzz_done(xlsx);
		break;
	case 3:
		if (fuzz_write_docx_document(docx, data, size))
			read_form(docx, "a.docx");
		fuzz_done(docx);
		break;
	case 4:
		if (fuzz_write_file(xlsx, data, size))
			read_form(xlsx, "a.xlsx");
		fuzz_done(xlsx);
		break;
	case 5:
		if (fuzz_write_file(docx, data, size))
			read_form(docx, "a.docx");
		fuzz_done(docx);
		break;
	case 6:
		snprintf(path, sizeof(path), "%s/checklist.xlsx", campaign_dir());
		if (write_grid_xlsx(path, data, size))
			read_campaign_file(1, "checklist.xlsx");
		break;
	case 7:
		snprintf(path, sizeof(path), "%s/checklist.docx", campaign_dir());
		if (write_grid_docx(path, data, size))
			read_campaign_file(1, "checklist.docx");
		break;
	case 8:
		snprintf(path, sizeof(path), "%s/units.xlsx", campaign_dir());
		if (write_grid_xlsx(path, data, size))
			read_campaign_file(0, "units.xlsx");
		break;
	default:
		snprintf(path, sizeof(path), "%s/units.csv", campaign_dir());
		if (fuzz_write_file(path, data, size))
			read_campaign_file(0, "units.csv");
		break;
	}
	free(expanded.p);
	return 0;
}
