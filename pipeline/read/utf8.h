/*
 * Whether bytes are UTF-8: zip member names (read/pkg.c) and the hand-saved
 * text files of a campaign, which are GB18030 when they are not
 * (text/encoding.h).
 */
#ifndef HZ_UTF8_H
#define HZ_UTF8_H

#include <stddef.h>

/* 1 when s[0..len) is well-formed UTF-8 (no overlong forms, surrogates or
 * code points past U+10FFFF), else 0.  NUL bytes are allowed. */
int hz_utf8_valid(const char *s, size_t len);

#endif
