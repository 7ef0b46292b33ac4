// SPDX-License-Identifier: GPL-2.0
/*
 * The real KSTATE codec and engine, built for the benchmark as one
 * translation unit against the host stand-ins of tools/testing/kstate
 * (as the harness does, without sanitizers), plus what the stand-ins
 * leave to their user: CRC32C and the two knobs of the allocator and
 * printk stand-ins.
 */
#include <limits.h>

#include "../kstate_host.h"

#include "../../../../kernel/kstate/blob.c"
#include "../../../../kernel/kstate/type.c"
#include "../../../../kernel/kstate/outgoing.c"
#include "../../../../kernel/kstate/save.c"
#include "../../../../kernel/kstate/plan.c"
#include "../../../../kernel/kstate/restore.c"
#include "../../../../kernel/kstate/dump.c"
#include "../../../lib/rbtree.c"
#include "../crc32c_sw.c"

int kstate_host_quiet;
unsigned long kstate_host_fail_nth;

#if defined(__x86_64__)
/*
 * The SSE4.2 instruction, as the kernel's crc32c() uses on x86 (which, for
 * long buffers, runs three streams at once: unrolled here).
 */
__attribute__((target("sse4.2")))
static u32 crc32c_hw(u32 crc, const u8 *b, size_t len)
{
	u64 c = crc;

	for (; len >= 64; len -= 64, b += 64) {
		c = __builtin_ia32_crc32di(c, get_unaligned((const u64 *)b));
		c = __builtin_ia32_crc32di(c, get_unaligned((const u64 *)b + 1));
		c = __builtin_ia32_crc32di(c, get_unaligned((const u64 *)b + 2));
		c = __builtin_ia32_crc32di(c, get_unaligned((const u64 *)b + 3));
		c = __builtin_ia32_crc32di(c, get_unaligned((const u64 *)b + 4));
		c = __builtin_ia32_crc32di(c, get_unaligned((const u64 *)b + 5));
		c = __builtin_ia32_crc32di(c, get_unaligned((const u64 *)b + 6));
		c = __builtin_ia32_crc32di(c, get_unaligned((const u64 *)b + 7));
	}
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
	return kstate_host_crc32c_sw(crc, p, len);
}
#else
u32 crc32c(u32 crc, const void *p, size_t len)
{
	return kstate_host_crc32c_sw(crc, p, len);
}
#endif
