/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in: snprintf() and friends come from the C library. */
#ifndef _KSTATE_HOST_SPRINTF_H
#define _KSTATE_HOST_SPRINTF_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* kfree() is free() on the host */
static inline __attribute__((format(printf, 2, 3)))
char *kasprintf(gfp_t gfp, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

#endif /* _KSTATE_HOST_SPRINTF_H */
