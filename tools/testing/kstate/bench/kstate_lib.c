// SPDX-License-Identifier: GPL-2.0
/*
 * The real KSTATE codec and engine, built for the benchmark as one
 * translation unit against the host stand-ins of tools/testing/kstate
 * (as the harness does, without sanitizers), plus what the stand-ins
 * leave to their user: CRC32C and the two knobs of the allocator and
 * printk stand-ins.
 */
#include <limits.h>

#include "../kstate_internal.h"

#include "../../../../kernel/kstate/codec.c"
#include "../../../../kernel/kstate/core.c"
#if __has_include("../../../../kernel/kstate/dump.c")
#include "../../../../kernel/kstate/dump.c"
#endif
#include "../../../lib/rbtree.c"

int kstate_host_quiet;
unsigned long kstate_host_fail_nth;

/* Bytewise reflected CRC-32C (Castagnoli), raw (no inversion). */
u32 bench_crc32c_sw(u32 crc, const void *p, size_t len)
{
	static u32 table[256];
	const u8 *b = p;
	size_t i;

	if (!table[1]) {
		for (i = 0; i < 256; i++) {
			u32 c = i;
			int k;

			for (k = 0; k < 8; k++)
				c = c & 1 ? (c >> 1) ^ 0x82f63b78U : c >> 1;
			table[i] = c;
		}
	}
	for (i = 0; i < len; i++)
		crc = table[(crc ^ b[i]) & 0xff] ^ (crc >> 8);
	return crc;
}

#if defined(__x86_64__)
/* The SSE4.2 instruction, as the kernel's crc32c() uses on x86. */
__attribute__((target("sse4.2")))
static u32 crc32c_hw(u32 crc, const u8 *b, size_t len)
{
	u64 c = crc;

	for (; len >= 8; len -= 8, b += 8)
		c = __builtin_ia32_crc32di(c, get_unaligned((const u64 *)b));
	for (; len; len--, b++)
		c = __builtin_ia32_crc32qi(c, *b);
	return c;
}

u32 crc32c(u32 crc, const void *p, size_t len)
{
	if (__builtin_cpu_supports("sse4.2"))
		return crc32c_hw(crc, p, len);
	return bench_crc32c_sw(crc, p, len);
}
#else
u32 crc32c(u32 crc, const void *p, size_t len)
{
	return bench_crc32c_sw(crc, p, len);
}
#endif
