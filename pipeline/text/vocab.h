/*
 * The small languages of a form, on already-normalised text (norm.h):
 * status words, numbers (Arabic and Chinese, with unit suffixes), dates,
 * and the character-bigram Dice similarity of SPEC 5.3.
 */
#ifndef HZ_VOCAB_H
#define HZ_VOCAB_H

#include <stddef.h>

typedef enum hz_status {
	HZ_ST_MISSING = 0,
	HZ_ST_DONE,
	HZ_ST_PARTIAL,
	HZ_ST_NOT_STARTED,
	HZ_ST_MENTIONED,     /* narrative reports (SPEC 5.8) */
	HZ_ST_NOT_MENTIONED
} hz_status;

/* "done", "partial", ... as in results.json. */
const char *hz_status_name(hz_status s);

/* SPEC §2 status vocabulary (Latin case-insensitive, ☒ = done).  Empty text
 * gives MISSING with *known = 1; any other unknown text MISSING with
 * *known = 0 (the caller warns unknown_status). */
hz_status hz_parse_status(const char *norm, int *known);

/* SPEC §2 numbers: optional sign, Arabic digits with decimals or Chinese
 * numerals (一 … 九十九, 两, 〇/零), optional suffix 次 分 场 项 个.
 * Returns 1 and sets *out, or 0 when the text is not such a number. */
int hz_parse_number(const char *norm, double *out);

/* SPEC §1 date forms: 2022年10月28日, 2022-10-28, 2022.10.28, 2022/10/28,
 * single digits allowed; validates the calendar.  Returns 1 on success. */
int hz_parse_date(const char *norm, int *y, int *m, int *d);

/* An Excel serial (whole part) to a calendar date, 1900 or 1904 system
 * (1900 system: serial 60 is Excel's fictitious 1900-02-29).  Returns 1 on
 * success. */
int hz_serial_to_date(double serial, int date1904, int *y, int *m, int *d);

/* An ISO-8601 timestamp ("2022-10-28T17:30:00Z", with an offset or without;
 * no offset means UTC as dcterms:modified does) to seconds since the epoch. */
int hz_parse_timestamp(const char *iso, long long *epoch);

/* Seconds since the epoch to a calendar date at a UTC offset in minutes
 * (+08:00 = 480). */
void hz_epoch_to_date(long long epoch, int offset_minutes, int *y, int *m, int *d);

/* SPEC 5.3 multiset bigram Dice, exact: sets *common2 = 2·|A∩B| and
 * *total = |A|+|B| over the normalised titles with white space and
 * punctuation removed (a one-character title is its own single bigram).
 * Dice >= 0.6 exactly when common2 * 5 >= 3 * total. */
void hz_dice(const char *norm_a, const char *norm_b, unsigned *common2, unsigned *total);

/* The same in two steps, for matching many rows against many tasks: each
 * title's bigrams once (hz_bigrams_init: returns 0 when out of memory, b is
 * then empty; release with hz_bigrams_release), then hz_dice_bigrams per
 * pair (no allocation; a and b are only read, so threads may share them). */
typedef struct hz_bigrams {
	unsigned long long *keys;   /* sorted; two code points packed per key */
	size_t n;
} hz_bigrams;
int hz_bigrams_init(hz_bigrams *b, const char *norm);
void hz_bigrams_release(hz_bigrams *b);
void hz_dice_bigrams(const hz_bigrams *a, const hz_bigrams *b, unsigned *common2, unsigned *total);

/* Round half away from zero to `places` decimals after first rounding the
 * value to 9 decimals (SPEC 5.6). */
double hz_round(double v, int places);

#endif
