/*
 * The two encodings a hand-saved text file of a campaign comes in (SPEC §1
 * units.csv, 5.13 campaign.ini): UTF-8, or, when the bytes are not valid
 * UTF-8, GB18030 (which contains GBK), as Chinese Windows and WPS save
 * "ANSI" text.  Which one it is, read/utf8.h tells.
 */
#ifndef HZ_ENCODING_H
#define HZ_ENCODING_H

#include <stddef.h>

#include "dynbuf.h"
#include "hzerr.h"

/* Appends in[0..len), read as GB18030, to out as UTF-8.  Bytes that are not
 * GB18030: HZ_E_FORMAT, with the byte offset in err's detail ("neither
 * UTF-8 nor GB18030 text"); out's cap reached: HZ_E_LIMIT. */
HZ_MUST_USE hz_code hz_gb18030_to_utf8(const char *in, size_t len, dynbuf *out, hz_error *err);

#endif
