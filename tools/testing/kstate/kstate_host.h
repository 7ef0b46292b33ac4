/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The small part of the kernel environment that the KSTATE codec, engine
 * and tests use, provided for a host (userspace) build.
 */
#ifndef _KSTATE_HOST_H
#define _KSTATE_HOST_H

#include <assert.h>
#include <endian.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>

#define CONFIG_KSTATE 1

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef unsigned int gfp_t;

#define GFP_KERNEL	0U
#define __packed	__attribute__((packed))
#define __init
#define __exit
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define EXPORT_SYMBOL_GPL(sym)
#define EXPORT_SYMBOL(sym)
#define MODULE_DESCRIPTION(s)
#define MODULE_LICENSE(s)

#define cpu_to_le16(x)	((__force __le16)htole16(x))
#define cpu_to_le32(x)	((__force __le32)htole32(x))
#define cpu_to_le64(x)	((__force __le64)htole64(x))
#define le16_to_cpu(x)	le16toh((__force u16)(x))
#define le32_to_cpu(x)	le32toh((__force u32)(x))
#define le64_to_cpu(x)	le64toh((__force u64)(x))
#ifndef __force
#define __force
#endif

/* Messages go to stderr when the harness runs with -v. */
extern int kstate_host_quiet;
#define pr_err(fmt, ...) do {						\
	if (!kstate_host_quiet)						\
		fprintf(stderr, "kstate: " fmt, ##__VA_ARGS__);	\
} while (0)
#define pr_warn pr_err
#define pr_info pr_err

u32 crc32c(u32 crc, const void *p, size_t len);

#endif /* _KSTATE_HOST_H */
