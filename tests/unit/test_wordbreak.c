/* Where a title may break (write/wordbreak.h, SPEC 4): ICU's word
 * boundaries, never inside the campaign's compounds (模范机关, which ICU
 * splits), preferred after 关于/的 and at the issuer's edges, numbers whole;
 * and title_balance puts its <w:br/> there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "model.h"
#include "write/title_balance.h"
#include "write/wordbreak.h"

/* Decodes s into cp (at most 128); returns the count. */
static size_t decode(const char *s, uint32_t *cp)
{
	size_t n = 0;
	utf8proc_int32_t c;
	for (utf8proc_ssize_t got; *s && n < 128; s += got) {
		got = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &c);
		assert_true(got > 0);
		cp[n++] = (uint32_t)c;
	}
	return n;
}

/* The cost of a break after the first `before` characters of s. */
static int64_t cost_at(const wordbreak *w, const char *s, size_t before)
{
	uint32_t cp[128];
	int64_t cost[129];
	size_t n = decode(s, cp);
	assert_true(before > 0 && before < n);
	assert_int_equal(wordbreak_costs(w, cp, n, cost), HZ_OK);
	return cost[before];
}

static void common_terms_whole(void **state)
{
	static const char t[] = "2024年度区级机关模范机关创建自查情况汇总";
	(void)state;
	/* 2024|年: a number and its unit */
	assert_true(cost_at(NULL, t, 4) >= WB_INSIDE_COMPOUND);
	/* 模范|机关 and 汇|总: ICU splits them, the campaign does not */
	assert_true(cost_at(NULL, t, 12) >= WB_INSIDE_COMPOUND);
	assert_true(cost_at(NULL, t, 21) >= WB_INSIDE_COMPOUND);
	assert_true(cost_at(NULL, t, 17) >= WB_INSIDE_COMPOUND); /* 自查|情况 */
	/* 区级机关|模范机关: a word boundary */
	assert_true(cost_at(NULL, t, 10) <= 0);
}

static void campaign_words(void **state)
{
	static const char t[] = "关于区交通运输局自查自评问题整改的反馈意见";
	hz_results r;
	hz_unit u;
	wordbreak *w = NULL;
	(void)state;
	memset(&r, 0, sizeof(r));
	memset(&u, 0, sizeof(u));
	u.name = (char *)"区交通运输局";
	r.units = &u;
	r.nunits = 1;
	r.settings.title = (char *)"";
	r.settings.issuer = (char *)"中共某某区区级机关工作委员会";
	assert_int_equal(wordbreak_new(&w, &r), HZ_OK);
	assert_true(cost_at(w, t, 2) < 0);                       /* 关于| preferred */
	assert_true(cost_at(w, t, 4) >= WB_INSIDE_COMPOUND);     /* 区交通|运输局: a roster name */
	assert_true(cost_at(w, t, 10) >= WB_INSIDE_COMPOUND);    /* 自查|自评 */
	assert_true(cost_at(w, t, 17) < 0);                      /* …的|反馈意见 */
	assert_true(cost_at(w, "中共某某区区级机关工作委员会关于表彰的决定", 14) < 0); /* issuer|subject */
	wordbreak_free(w);
}

/* Characters of t before the first occurrence of sub. */
static size_t chars_before(const char *t, const char *sub)
{
	const char *at = strstr(t, sub);
	size_t n = 0;
	assert_non_null(at);
	for (const char *p = t; p < at; p++)
		n += ((unsigned char)*p & 0xC0) != 0x80;
	return n;
}

/* A roster of thousands: every name is found wherever it starts, names
 * sharing their first characters (区交通局, 区交通运输局) and names too
 * short for the index (X局) alike, at the title's end too. */
static void vocabulary_of_a_large_roster(void **state)
{
	static const char t[] = "关于区交通局和X局及区交通运输局的反馈区交通运输局";
	enum { NFILL = 3000 };
	static char fill[NFILL][32];
	hz_unit *u = calloc(NFILL + 3, sizeof(*u));
	hz_results r;
	wordbreak *w = NULL;
	size_t k;
	(void)state;
	assert_non_null(u);
	memset(&r, 0, sizeof(r));
	for (size_t i = 0; i < NFILL; i++) {
		snprintf(fill[i], sizeof(fill[i]), "区交%04zu局", i);
		u[i].name = fill[i];
	}
	u[NFILL].name = (char *)"区交通运输局";
	u[NFILL + 1].name = (char *)"区交通局";
	u[NFILL + 2].name = (char *)"X局";
	r.units = u;
	r.nunits = NFILL + 3;
	r.settings.title = (char *)"";
	assert_int_equal(wordbreak_new(&w, &r), HZ_OK);
	k = chars_before(t, "区交通局");
	for (size_t i = 1; i < 4; i++)
		assert_true(cost_at(w, t, k + i) >= WB_INSIDE_COMPOUND);
	assert_true(cost_at(w, t, chars_before(t, "X局") + 1) >= WB_INSIDE_COMPOUND);
	k = chars_before(t, "区交通运输局");
	for (size_t i = 1; i < 6; i++)
		assert_true(cost_at(w, t, k + i) >= WB_INSIDE_COMPOUND);
	k = chars_before(t, "反馈区") + 2; /* the last name, up to the end */
	for (size_t i = 1; i < 6; i++)
		assert_true(cost_at(w, t, k + i) >= WB_INSIDE_COMPOUND);
	assert_true(cost_at(w, t, k) < WB_INSIDE_COMPOUND); /* 反馈|区交通运输局 */
	wordbreak_free(w);
	free(u);
}

/* title_balance breaks the report's title between its words. */
static void title_broken_between_words(void **state)
{
	static const char para[] = "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t>"
				   "2024年度区级机关模范机关创建自查情况汇总</w:t></w:r></w:p>";
	dynbuf out;
	(void)state;
	dynbuf_init(&out, 1u << 20);
	assert_int_equal(dynbuf_addstr(&out, para), HZ_OK);
	assert_int_equal(title_balance(&out, 0, "w", 1, NULL, 0, NULL), HZ_OK);
	assert_non_null(strstr(out.buf, "区级机关</w:t><w:br/><w:t xml:space=\"preserve\">模范机关"));
	dynbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(common_terms_whole),
		cmocka_unit_test(campaign_words),
		cmocka_unit_test(vocabulary_of_a_large_roster),
		cmocka_unit_test(title_broken_between_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
