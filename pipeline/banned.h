/*
 * Functions that have bitten C programs too often (as in git's banned.h).
 * Included last by every pipeline .c file; using one is a compile error.
 *   strcpy/strcat/sprintf/vsprintf: no bound.  Use snprintf, dynbuf.
 *   strncpy/strncat: silent truncation without NUL.  Use snprintf, memcpy.
 *   atoi/atol/atof: no error reporting.  Use strtol/strtod with end checks.
 *   gets: no bound.  strtok: hidden state, not thread-safe.
 */
#ifndef HZ_BANNED_H
#define HZ_BANNED_H

#define HZ_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) HZ_BANNED(strcpy)
#undef strcat
#define strcat(x, y) HZ_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) HZ_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) HZ_BANNED(strncat)
#undef sprintf
#define sprintf(...) HZ_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) HZ_BANNED(vsprintf)
#undef atoi
#define atoi(x) HZ_BANNED(atoi)
#undef atol
#define atol(x) HZ_BANNED(atol)
#undef atof
#define atof(x) HZ_BANNED(atof)
#undef gets
#define gets(x) HZ_BANNED(gets)
#undef strtok
#define strtok(x, y) HZ_BANNED(strtok)

#endif
