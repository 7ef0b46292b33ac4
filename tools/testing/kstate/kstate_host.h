/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What tools/include lacks of the kernel environment that the KSTATE codec,
 * engine and tests use.
 */
#ifndef _KSTATE_HOST_H
#define _KSTATE_HOST_H

#include <endian.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/align.h>
#include <linux/kconfig.h>

#define CONFIG_KSTATE 1

/* the kernel's meaning: kept even if unreferenced (the type catalog) */
#undef __used
#define __used			__attribute__((__used__))

#ifndef sizeof_field
#define sizeof_field(T, m)	sizeof((((T *)0)->m))
#endif
#ifndef __counted_by
#define __counted_by(m)
#endif
#ifndef __is_array
#define __is_array(a)	(!__same_type((a), &(a)[0]))
#endif
#ifndef U32_MAX
#define U32_MAX		((u32)~0U)
#endif
#ifndef S64_MAX
#define S64_MAX		((s64)(~0ULL >> 1))
#endif

#ifndef DECLARE_BITMAP
#define DECLARE_BITMAP(name, bits) \
	unsigned long name[((bits) + 8 * sizeof(long) - 1) / (8 * sizeof(long))]
#endif

#ifndef swap
#define swap(a, b) \
	do { typeof(a) __tmp = (a); (a) = (b); (b) = __tmp; } while (0)
#endif

#define MODULE_DESCRIPTION(s)
#define MODULE_LICENSE(s)
#define THIS_MODULE		((struct module *)0)

static inline unsigned int kstate_host_fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}
#ifndef fls64
#define fls64 kstate_host_fls64
#endif

static inline unsigned int kstate_host_ffs64(u64 x)
{
	return __builtin_ctzll(x);
}

#ifndef __ffs64
#define __ffs64 kstate_host_ffs64
#endif

#endif /* _KSTATE_HOST_H */
