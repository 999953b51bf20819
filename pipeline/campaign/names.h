/*
 * File names that are not UTF-8 (issue 20.2): names unpacked from a
 * Windows zip are often GBK bytes.  Every output shows the same text for
 * one: the name decoded as GB18030 when it is valid GB18030, else its bytes
 * escaped ("\xFF"); distinct names stay distinct.
 */
#ifndef HZ_CAMPAIGN_NAMES_H
#define HZ_CAMPAIGN_NAMES_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A listed path as the listing keeps it: the text shown in every output,
 * a NUL, then the bytes of the path on disk (empty when they are the same).
 * raw (len bytes, '/'-separated) is taken segment by segment; escape: no
 * GB18030 decoding, every byte that is not UTF-8 escaped.  malloc'd
 * (caller frees), NULL when out of memory.
 */
char *hz_name_listed(const char *raw, size_t len, bool escape);

/* The bytes on disk of a listed path (hz_name_listed's second string). */
const char *hz_name_disk(const char *listed);

/* Makes the shown names of paths (n, sorted by shown name) distinct: a
 * decoded name equal to another is shown escaped instead; sorts again.
 * -1 when out of memory. */
int hz_names_distinct(char **paths, size_t n);

#endif
