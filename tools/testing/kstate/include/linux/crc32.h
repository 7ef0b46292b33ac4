/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSTATE_HOST_CRC32_H
#define _KSTATE_HOST_CRC32_H
#include <linux/types.h>
u32 crc32c(u32 crc, const void *p, size_t len);
u32 kstate_host_crc32c_sw(u32 crc, const void *p, size_t len);
#endif
