/*
 * `huizong dump` for .docx: the body as the corpus oracle lists it
 * (corpus/external/make_oracle.py), one JSON object:
 *   {"blocks":[{"p":text} | {"table":[[cell,...],...]}, ...], "textboxes":[[para,...],...]}
 * "textboxes" only when the body has text boxes.
 */
#ifndef HZ_CLI_DUMP_DOCX_H
#define HZ_CLI_DUMP_DOCX_H

#include <stdio.h>

#include "read/docx_reader.h"

void cli_dump_docx_json(FILE *out, const docx_document *doc);

/* One JSON string (quotes included): hz_json_put_string, the writer of
 * results.json (control characters escaped, invalid UTF-8 as U+FFFD). */
void cli_dump_json_string(FILE *out, const char *s);

#endif
