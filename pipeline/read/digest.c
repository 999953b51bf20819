#include "read/digest.h"

#include <errno.h>
#include <nettle/sha2.h>
#include <unistd.h>

#include "hz_open.h"

#include "banned.h"

/* A read of the file at a time: the phase documents are a few KB, a form
 * rarely more than this. */
#define DIGEST_CHUNK (64 * 1024)

_Static_assert(HZ_DIGEST_SIZE == SHA256_DIGEST_SIZE, "HZ_DIGEST_SIZE is SHA-256's");

void hz_digest_bytes(const void *b, size_t n, unsigned char out[HZ_DIGEST_SIZE])
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	sha256_update(&ctx, n, b);
	sha256_digest(&ctx, HZ_DIGEST_SIZE, out);
}

void hz_digest_hex(const unsigned char d[HZ_DIGEST_SIZE], char hex[HZ_DIGEST_SIZE * 2 + 1])
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < HZ_DIGEST_SIZE; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[HZ_DIGEST_SIZE * 2] = '\0';
}

hz_code hz_digest_file(const char *path, size_t max_bytes, unsigned char out[HZ_DIGEST_SIZE], struct stat *st)
{
	unsigned char buf[DIGEST_CHUNK];
	struct sha256_ctx ctx;
	size_t total = 0;
	hz_code rc = HZ_OK;
	int fd = hz_open_regular(path, st);

	if (fd < 0)
		return HZ_E_IO;
	if ((unsigned long long)st->st_size > max_bytes) {
		close(fd);
		return HZ_E_TOO_BIG;
	}
	sha256_init(&ctx);
	for (;;) {
		ssize_t k = read(fd, buf, sizeof(buf));
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			rc = HZ_E_IO;
			break;
		}
		if (k == 0)
			break;
		/* the file may have grown since fstat */
		if ((total += (size_t)k) > max_bytes) {
			rc = HZ_E_TOO_BIG;
			break;
		}
		sha256_update(&ctx, (size_t)k, buf);
	}
	close(fd);
	if (rc == HZ_OK)
		sha256_digest(&ctx, HZ_DIGEST_SIZE, out);
	return rc;
}
