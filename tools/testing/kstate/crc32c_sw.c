// SPDX-License-Identifier: GPL-2.0
/*
 * The reflected CRC-32C (Castagnoli) a byte at a time, raw (no inversion)
 * like the kernel's crc32c(): the host harness's crc32c(), and the
 * benchmark's reference for its hardware one.
 */
#include "kstate_host.h"

u32 kstate_host_crc32c_sw(u32 crc, const void *p, size_t len)
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
