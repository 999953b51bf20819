/* GB18030 conversion (encoding.h), through iconv. */
#include "text/encoding.h"

#include <errno.h>
#include <iconv.h>

#include "banned.h"

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
