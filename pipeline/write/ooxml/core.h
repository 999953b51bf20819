/*
 * docProps/core.xml, the package's core properties: title, creator and the
 * dates, all from what the caller passes (never the clock), so the same
 * results give the same bytes.
 */
#ifndef HZ_OOXML_CORE_H
#define HZ_OOXML_CORE_H

#include "dynbuf.h"
#include "hzerr.h"

#define OOXML_CORE_PART "docProps/core.xml"

/* Appends the part to out: title and creator escaped (NULL: empty),
 * created and modified both day ("YYYY-MM-DD") at 00:00 UTC; day empty or
 * NULL: 1980-01-01, the zip epoch. */
HZ_MUST_USE hz_code ooxml_core_xml(const char *title, const char *creator, const char *day, dynbuf *out);

#endif
