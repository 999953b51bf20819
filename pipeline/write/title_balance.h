/*
 * Title balancing (GB/T 9704-2012 7.3.3): a Title paragraph that comes out
 * longer than one line of the 2号 title on the 156 mm type area gets <w:br/>
 * where its lines are most even, never inside a number or a Latin word, nor
 * before a closing or after an opening punctuation mark.  The template
 * engine (write/tmpl.c) calls it on each Title paragraph once rendered.
 */
#ifndef HZ_TITLE_BALANCE_H
#define HZ_TITLE_BALANCE_H

#include <stddef.h>

#include "dynbuf.h"
#include "hzerr.h"
#include "write/wordbreak.h"

/* Field edges remembered per Title paragraph; more are ignored. */
#define TITLE_MAX_EDGES 32

/* Balances the Title paragraph rendered at out->buf[start…out->len): its
 * w:t text is measured and, when it needs more than one line, breaks are
 * put in, in place.  prefix (np bytes) is the WordprocessingML namespace
 * prefix of that part ("w"); edges (nedges) are the offsets in out where
 * field values begin and end: word boundaries a break may prefer.  A title
 * that already breaks its lines, or fits on one, is left alone.  words:
 * where a line may end (write/wordbreak.h; NULL: the common terms). */
HZ_MUST_USE hz_code title_balance(dynbuf *out, size_t start, const char *prefix, size_t np, const size_t *edges,
		      size_t nedges, const wordbreak *words);

#endif
