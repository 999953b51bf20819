/*
 * Where a title may break its lines (SPEC 4; GB/T 9704 7.3.1 词意完整):
 * between words — ICU's dictionary word break for Chinese — and never
 * inside a compound of the campaign's own vocabulary (its title, issuer,
 * honour, roster names, categories and task titles, and the terms every
 * campaign uses: 模范机关, 自查自评 …), which ICU splits (模范+机关, 汇+总).
 * A person breaks after 关于/的/和/及/与 and between the issuer and the
 * subject: those are preferred.  Numbers and dates stay whole.
 */
#ifndef HZ_WORDBREAK_H
#define HZ_WORDBREAK_H

#include <stddef.h>
#include <stdint.h>

#include "hzerr.h"
#include "model.h"

/* Costs of ending a line before a character, added to the squared line
 * widths of write/title_balance.c (twentieths of an em, squared). */
#define WB_PREFERRED (-7200)           /* as much as 3 em of evenness */
#define WB_INSIDE_WORD 1000000000LL    /* only where no word boundary fits */
#define WB_INSIDE_COMPOUND 1000000000000LL

typedef struct wordbreak wordbreak;

/* The vocabulary of r (NULL: the common terms only).  Copies what it keeps;
 * caller frees with wordbreak_free.  Read-only once made: threads may share
 * it. */
HZ_MUST_USE hz_code wordbreak_new(wordbreak **out, const hz_results *r);
void wordbreak_free(wordbreak *w);

/* cost[k], 1 <= k < n: the cost of a line break before cp[k] (cost[0] is
 * set to 0).  w may be NULL (the common terms only). */
HZ_MUST_USE hz_code wordbreak_costs(const wordbreak *w, const uint32_t *cp, size_t n, int64_t *cost);

#endif
