/*
 * libFuzzer: text normalisation (norm.c) and the small languages of a form
 * (vocab.c) on arbitrary bytes: each parser on the raw text and on its
 * normalised form; the Dice similarity of the two halves of the input
 * (split at the first NUL, or in the middle), both ways and through
 * hz_bigrams; an Excel serial and an epoch from the first bytes.
 */
#include <math.h>

#include "fuzz_common.h"
#include "text/norm.h"
#include "text/vocab.h"

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

static void parse_all(const char *s)
{
	double v;
	int y, m, d, known;
	long long epoch;

	if (hz_parse_number(s, &v) && isnan(v))
		abort(); /* a number the judge would compare */
	if (hz_parse_date(s, &y, &m, &d) && (m < 1 || m > 12 || d < 1 || d > 31))
		abort();
	if (hz_parse_timestamp(s, &epoch))
		hz_epoch_to_date(epoch, 480, &y, &m, &d);
	(void)hz_status_name(hz_parse_status(s, &known));
}

static void dice_both(const char *a, const char *b)
{
	unsigned c1, t1, c2, t2, c3, t3;
	hz_bigrams ba, bb;

	hz_dice(a, b, &c1, &t1);
	hz_dice(b, a, &c2, &t2);
	if (c1 != c2 || t1 != t2 || c1 > t1)
		abort(); /* symmetric, and common2 <= total */
	if (hz_bigrams_init(&ba, a) && hz_bigrams_init(&bb, b)) {
		hz_dice_bigrams(&ba, &bb, &c3, &t3);
		if (c3 != c1 || t3 != t1)
			abort(); /* the two-step form agrees */
	}
	hz_bigrams_release(&ba);
	hz_bigrams_release(&bb);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw = malloc(size + 1), *a, *b, *t, *k;
	const uint8_t *nul = memchr(data, 0, size);
	size_t half = nul ? (size_t)(nul - data) : size / 2;

	if (!raw)
		return 0;
	memcpy(raw, data, size);
	raw[size] = '\0';
	parse_all(raw);
	t = norm_text(norm, (const char *)data, size);
	k = norm_key(norm, (const char *)data, size);
	a = norm_key(norm, (const char *)data, half);
	b = norm_key(norm, (const char *)data + half, size - half);
	if (!t || !k || !a || !b)
		abort();
	parse_all(t);
	parse_all(k);
	dice_both(a, b);
	if (size >= 8) {
		double serial;
		long long epoch;
		int y, m, d;
		memcpy(&serial, data, sizeof(serial));
		memcpy(&epoch, data, sizeof(epoch));
		epoch %= 400000000000LL; /* callers pass times of years 1..9999 */
		(void)hz_serial_to_date(serial, data[0] & 1, &y, &m, &d);
		hz_epoch_to_date(epoch, (int)(int8_t)data[1] * 15, &y, &m, &d);
		(void)hz_round(serial, data[2] % 8);
	}
	free(raw);
	free(t);
	free(k);
	free(a);
	free(b);
	return 0;
}
