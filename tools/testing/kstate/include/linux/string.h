/* SPDX-License-Identifier: GPL-2.0 */
/* tools/include's string.h, with the kernel's three-argument strscpy(). */
#ifndef _KSTATE_HOST_STRING_H
#define _KSTATE_HOST_STRING_H

#include_next <linux/string.h>
#include <sys/types.h>

#undef strscpy
static inline ssize_t kstate_host_strscpy(char *dst, const char *src,
					  size_t size)
{
	size_t i;

	for (i = 0; i < size; i++) {
		dst[i] = src[i];
		if (!src[i])
			return i;
	}
	if (size)
		dst[size - 1] = 0;
	return -E2BIG;
}
#define strscpy kstate_host_strscpy

/* tools/include declares it; tools/lib/string.c is not built here */
static inline void *kstate_host_memchr_inv(const void *start, int c,
					   size_t bytes)
{
	const unsigned char *p = start;
	size_t i;

	for (i = 0; i < bytes; i++)
		if (p[i] != (unsigned char)c)
			return (void *)(p + i);
	return NULL;
}
#define memchr_inv kstate_host_memchr_inv

#endif /* _KSTATE_HOST_STRING_H */
