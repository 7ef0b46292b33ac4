/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for the allocators KSTATE uses: libc malloc underneath. */
#ifndef _KSTATE_HOST_SLAB_H
#define _KSTATE_HOST_SLAB_H

#include <stdlib.h>
#include <string.h>
#include <linux/gfp.h>
#include <linux/overflow.h>

/* Fault injection for tests: fail the Nth allocation from now (0: never). */
extern unsigned long kstate_host_fail_nth;

static inline void *kmalloc(size_t size, gfp_t gfp)
{
	if (kstate_host_fail_nth && !--kstate_host_fail_nth)
		return NULL;
	return malloc(size ?: 1);
}

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	void *p = kmalloc(size, gfp);

	if (p)
		memset(p, 0, size);
	return p;
}

static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (check_mul_overflow(n, size, &bytes))
		return NULL;
	return kzalloc(bytes, gfp);
}

static inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (check_mul_overflow(n, size, &bytes))
		return NULL;
	return kmalloc(bytes, gfp);
}

static inline void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = kmalloc(len, gfp);

	if (p)
		memcpy(p, src, len);
	return p;
}

static inline void *kvrealloc(const void *p, size_t size, gfp_t gfp)
{
	if (kstate_host_fail_nth && !--kstate_host_fail_nth)
		return NULL;
	return realloc((void *)p, size ?: 1);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}

#define kzalloc_obj(P, ...)	((typeof(P) *)kzalloc(sizeof(P), GFP_KERNEL))
#define kvmalloc(s, g)		kmalloc(s, g)
#define kvzalloc(s, g)		kzalloc(s, g)
#define kvcalloc(n, s, g)	kcalloc(n, s, g)
#define kvfree(p)		kfree(p)

#endif /* _KSTATE_HOST_SLAB_H */
