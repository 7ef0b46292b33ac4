/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KSTATE: declarative kernel state serialization for live update.
 *
 * See Documentation/core-api/kstate.rst.
 */
#ifndef _LINUX_KSTATE_H
#define _LINUX_KSTATE_H

#include <linux/errno.h>
#include <linux/types.h>

#ifdef CONFIG_KSTATE

u32 kstate_blob_crc(const void *blob, size_t size);
int kstate_blob_check(const void *blob, size_t size);

#else /* CONFIG_KSTATE */

static inline u32 kstate_blob_crc(const void *blob, size_t size)
{
	return 0;
}

static inline int kstate_blob_check(const void *blob, size_t size)
{
	return -EOPNOTSUPP;
}

#endif /* CONFIG_KSTATE */

#endif /* _LINUX_KSTATE_H */
