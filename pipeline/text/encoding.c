/* UTF-8 checking and GB18030 conversion (encoding.h), through iconv. */
#include "text/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>

#include "banned.h"

int hz_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t k;
		uint32_t cp, min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0) {
			k = 1;
			cp = c & 0x1F;
			min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			k = 2;
			cp = c & 0x0F;
			min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			k = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return 0;
		}
		if (i + k >= len)
			return 0;
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + j] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += k + 1;
	}
	return 1;
}

hz_code hz_gb18030_to_utf8(const char *in, size_t len, dynbuf *out, hz_error *err)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	char *src = (char *)in; /* iconv's prototype; it only reads */
	size_t left = len;
	hz_code rc = HZ_OK;

	if (cd == (iconv_t)-1)
		return hz_error_set(err, HZ_E_INTERNAL, "iconv cannot convert GB18030");
	while (left > 0) {
		char chunk[4096], *dst = chunk;
		size_t room = sizeof(chunk);
		size_t r = iconv(cd, &src, &left, &dst, &room);

		if (dst > chunk && (rc = dynbuf_add(out, chunk, (size_t)(dst - chunk))) != HZ_OK) {
			rc = hz_error_set(err, rc, "too large once converted from GB18030");
			break;
		}
		if (r == (size_t)-1 && errno != E2BIG) {
			rc = hz_error_set(err, HZ_E_FORMAT, "neither UTF-8 nor GB18030 text (byte offset %zu)",
					  (size_t)(src - in));
			break;
		}
	}
	iconv_close(cd);
	return rc;
}
