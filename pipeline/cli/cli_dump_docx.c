#include "cli/cli_dump_docx.h"

#include <stddef.h>

#include "write/results_json.h"

#include "banned.h"

void cli_dump_json_string(FILE *out, const char *str)
{
	hz_json_put_string(out, str);
}

static void dump_paras(FILE *out, char *const *paras, size_t n)
{
	size_t i;
	putc('[', out);
	for (i = 0; i < n; i++) {
		if (i)
			putc(',', out);
		cli_dump_json_string(out, paras[i]);
	}
	putc(']', out);
}

static void dump_table(FILE *out, const docx_table *t)
{
	size_t i, j;
	putc('[', out);
	for (i = 0; i < t->nrows; i++) {
		if (i)
			putc(',', out);
		putc('[', out);
		for (j = 0; j < t->rows[i].ncells; j++) {
			if (j)
				putc(',', out);
			cli_dump_json_string(out, t->rows[i].cells[j].text);
		}
		putc(']', out);
	}
	putc(']', out);
}

void cli_dump_docx_json(FILE *out, const docx_document *doc)
{
	size_t i;
	fputs("{\"blocks\":[", out);
	for (i = 0; i < doc->nblocks; i++) {
		const docx_block *b = &doc->blocks[i];
		fputs(i ? ",\n" : "\n", out);
		if (b->kind == DOCX_PARAGRAPH) {
			fputs("{\"p\":", out);
			cli_dump_json_string(out, b->text);
		} else {
			fputs("{\"table\":", out);
			dump_table(out, b->table);
		}
		putc('}', out);
	}
	fputs("\n]", out);
	if (doc->ntextboxes) {
		fputs(",\"textboxes\":[", out);
		for (i = 0; i < doc->ntextboxes; i++) {
			fputs(i ? ",\n" : "\n", out);
			dump_paras(out, doc->textboxes[i].paras, doc->textboxes[i].nparas);
		}
		fputs("\n]", out);
	}
	fputs("}\n", out);
}
