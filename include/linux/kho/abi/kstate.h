/* SPDX-License-Identifier: GPL-2.0 */

/**
 * DOC: KSTATE blob ABI
 *
 * KSTATE passes the state of registered kernel objects from a pre-update
 * kernel to a post-update kernel in one self-describing blob. The layout
 * defined below is a contract between two kernels that may be of different
 * versions, and between a kernel and host tools: it uses only fixed-width
 * little-endian integers, never kernel pointers, and every structure has a
 * size asserted at build time.
 *
 * A blob starts with &struct kstate_hdr_ser. Its @format field is the one
 * integer version of this layout, %KSTATE_FORMAT_VERSION. A reader refuses a
 * blob whose format it does not know; any change to the layout of a
 * structure in this file requires a new format number. Changes to the state
 * of a subsystem never do: those are described by the type descriptions the
 * blob carries, and resolved field by field by the reader.
 *
 * The header's CRC32C covers every byte after the header, up to @size.
 */

#ifndef _LINUX_KHO_ABI_KSTATE_H
#define _LINUX_KHO_ABI_KSTATE_H

#include <linux/types.h>

/* "KSTA" in little-endian byte order */
#define KSTATE_MAGIC		0x4154534bU
#define KSTATE_FORMAT_VERSION	1

/**
 * struct kstate_hdr_ser - header at offset 0 of every KSTATE blob
 * @magic:	%KSTATE_MAGIC.
 * @format:	%KSTATE_FORMAT_VERSION of the writer.
 * @size:	total size of the blob in bytes, this header included.
 * @crc:	CRC32C (seed ~0, final inversion) of bytes [sizeof(header), @size).
 * @reserved:	written as zero, refused otherwise.
 */
struct kstate_hdr_ser {
	__le32 magic;
	__le32 format;
	__le64 size;
	__le32 crc;
	__le32 reserved;
} __packed;

static_assert(sizeof(struct kstate_hdr_ser) == 24);

#endif /* _LINUX_KHO_ABI_KSTATE_H */
