/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host test shim of <linux/xarray.h>: the subset that KSTATE and its tests
 * use, on an array of (index, entry) pairs sorted by index instead of the
 * radix tree of lib/xarray.c. For that subset the semantics are those of
 * lib/xarray.c:
 *
 * - an all-zero struct xarray, DEFINE_XARRAY() and xa_init() give an empty
 *   xarray; xa_destroy() frees the storage and leaves an empty, usable one;
 * - xa_store() returns the entry it replaced (NULL if none) or an error
 *   entry (xa_is_err(), xa_err()): -ENOMEM, or -EINVAL for an internal
 *   entry; storing NULL erases;
 * - xa_load() and xa_erase() return the entry at the index, or NULL;
 * - xa_for_each() visits the present entries in increasing index order and
 *   tolerates changes to the array during the walk.
 *
 * There is no locking (the harness is single-threaded) and there are no
 * marks: XA_FLAGS_* values are only kept in @xa_flags. Memory comes from the
 * host kvrealloc()/kfree(), so fault injection reaches xa_store() too.
 */
#ifndef _KSTATE_HOST_XARRAY_H
#define _KSTATE_HOST_XARRAY_H

#include <limits.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/types.h>

typedef unsigned int __bitwise xa_mark_t;

#define XA_PRESENT		((__force xa_mark_t)8U)

#define XA_FLAGS_LOCK_IRQ	((__force gfp_t)1U)
#define XA_FLAGS_LOCK_BH	((__force gfp_t)2U)
#define XA_FLAGS_TRACK_FREE	((__force gfp_t)4U)
#define XA_FLAGS_ZERO_BUSY	((__force gfp_t)8U)
/* the free mark lives above the GFP bits in the kernel; any high bit here */
#define XA_FLAGS_ALLOC		((__force gfp_t)(4U | (1U << 30)))
#define XA_FLAGS_ALLOC1		((__force gfp_t)(4U | 8U))

struct xa_host_entry {
	unsigned long index;
	void *entry;
};

struct xarray {
	gfp_t xa_flags;
	unsigned int nr;
	unsigned int cap;
	struct xa_host_entry *ents;
};

#define XARRAY_INIT(name, flags)	{ .xa_flags = (flags) }
#define DEFINE_XARRAY_FLAGS(name, flags) \
	struct xarray name = XARRAY_INIT(name, flags)
#define DEFINE_XARRAY(name)		DEFINE_XARRAY_FLAGS(name, 0)

static inline void xa_init_flags(struct xarray *xa, gfp_t flags)
{
	memset(xa, 0, sizeof(*xa));
	xa->xa_flags = flags;
}

static inline void xa_init(struct xarray *xa)
{
	xa_init_flags(xa, 0);
}

static inline void *xa_mk_value(unsigned long v)
{
	return (void *)((v << 1) | 1);
}

static inline unsigned long xa_to_value(const void *entry)
{
	return (unsigned long)entry >> 1;
}

static inline bool xa_is_value(const void *entry)
{
	return (unsigned long)entry & 1;
}

static inline void *xa_mk_internal(unsigned long v)
{
	return (void *)((v << 2) | 2);
}

static inline bool xa_is_internal(const void *entry)
{
	return ((unsigned long)entry & 3) == 2;
}

static inline bool xa_is_err(const void *entry)
{
	return xa_is_internal(entry) &&
	       entry >= xa_mk_internal(-MAX_ERRNO);
}

static inline int xa_err(void *entry)
{
	return xa_is_err(entry) ? (long)entry >> 2 : 0;
}

static inline bool xa_empty(const struct xarray *xa)
{
	return !xa->nr;
}

/* Position of the first entry whose index is @index or more. */
static inline unsigned int xa_host_pos(const struct xarray *xa,
				       unsigned long index)
{
	unsigned int lo = 0, hi = xa->nr;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (xa->ents[mid].index < index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static inline void *xa_load(struct xarray *xa, unsigned long index)
{
	unsigned int i = xa_host_pos(xa, index);

	return i < xa->nr && xa->ents[i].index == index ? xa->ents[i].entry :
							   NULL;
}

static inline void *xa_erase(struct xarray *xa, unsigned long index)
{
	unsigned int i = xa_host_pos(xa, index);
	void *old;

	if (i == xa->nr || xa->ents[i].index != index)
		return NULL;
	old = xa->ents[i].entry;
	memmove(&xa->ents[i], &xa->ents[i + 1],
		(xa->nr - i - 1) * sizeof(*xa->ents));
	if (!--xa->nr) {
		kfree(xa->ents);
		xa->ents = NULL;
		xa->cap = 0;
	}
	return old;
}

static inline void *xa_store(struct xarray *xa, unsigned long index,
			     void *entry, gfp_t gfp)
{
	unsigned int i;
	void *old;

	if (xa_is_internal(entry))
		return xa_mk_internal(-EINVAL);
	if (!entry)
		return xa_erase(xa, index);
	i = xa_host_pos(xa, index);
	if (i < xa->nr && xa->ents[i].index == index) {
		old = xa->ents[i].entry;
		xa->ents[i].entry = entry;
		return old;
	}
	if (xa->nr == xa->cap) {
		unsigned int cap = xa->cap ? 2 * xa->cap : 4;
		struct xa_host_entry *p;

		p = kvrealloc(xa->ents, cap * sizeof(*p), gfp);
		if (!p)
			return xa_mk_internal(-ENOMEM);
		xa->ents = p;
		xa->cap = cap;
	}
	memmove(&xa->ents[i + 1], &xa->ents[i],
		(xa->nr - i) * sizeof(*xa->ents));
	xa->ents[i].index = index;
	xa->ents[i].entry = entry;
	xa->nr++;
	return NULL;
}

static inline void xa_destroy(struct xarray *xa)
{
	kfree(xa->ents);
	xa->ents = NULL;
	xa->nr = 0;
	xa->cap = 0;
}

/* The first entry at an index in [*@indexp, @max]; marks are not modelled. */
static inline void *xa_find(struct xarray *xa, unsigned long *indexp,
			    unsigned long max, xa_mark_t filter)
{
	unsigned int i = xa_host_pos(xa, *indexp);

	if (i == xa->nr || xa->ents[i].index > max)
		return NULL;
	*indexp = xa->ents[i].index;
	return xa->ents[i].entry;
}

static inline void *xa_find_after(struct xarray *xa, unsigned long *indexp,
				  unsigned long max, xa_mark_t filter)
{
	unsigned long index;
	void *entry;

	if (*indexp >= max)
		return NULL;
	index = *indexp + 1;
	entry = xa_find(xa, &index, max, filter);
	if (entry)
		*indexp = index;
	return entry;
}

#define xa_for_each_range(xa, index, entry, start, last)		\
	for (index = start,						\
	     entry = xa_find(xa, &index, last, XA_PRESENT);		\
	     entry;							\
	     entry = xa_find_after(xa, &index, last, XA_PRESENT))
#define xa_for_each_start(xa, index, entry, start)			\
	xa_for_each_range(xa, index, entry, start, ULONG_MAX)
#define xa_for_each(xa, index, entry)	xa_for_each_start(xa, index, entry, 0)

#endif /* _KSTATE_HOST_XARRAY_H */
