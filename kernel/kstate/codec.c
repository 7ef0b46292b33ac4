// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE codec: encode, decode and validate KSTATE blobs on byte buffers.
 *
 * Pure functions over memory: no KHO, no global state. This file is built
 * both into the kernel and, through tools/testing/kstate/, into host tools.
 */
#define pr_fmt(fmt) "kstate: " fmt

#include "kstate_internal.h"

/**
 * kstate_blob_crc() - compute the checksum a blob header must carry
 * @blob: the blob, starting with &struct kstate_hdr_ser
 * @size: size of the blob in bytes, at least sizeof(struct kstate_hdr_ser)
 *
 * Context: Any context.
 * Return: CRC32C of the bytes after the header.
 */
u32 kstate_blob_crc(const void *blob, size_t size)
{
	const size_t hdr = sizeof(struct kstate_hdr_ser);

	return ~crc32c(~0U, (const u8 *)blob + hdr, size - hdr);
}
EXPORT_SYMBOL_GPL(kstate_blob_crc);

/**
 * kstate_blob_check() - validate the header and checksum of a blob
 * @blob: the blob, as received from the previous kernel
 * @size: number of bytes available at @blob
 *
 * Checks, in this order, that the buffer holds a header, the magic, the
 * format version, that the size recorded in the header fits in @size, that
 * the reserved word is zero and that the CRC32C matches.
 *
 * Context: Any context.
 * Return: 0 if the blob may be decoded; -EINVAL for a short buffer, a bad
 * magic or a non-zero reserved word; -EPROTONOSUPPORT for an unknown format
 * version; -EOVERFLOW if the recorded size exceeds @size; -EBADMSG if the
 * checksum does not match.
 */
int kstate_blob_check(const void *blob, size_t size)
{
	const struct kstate_hdr_ser *hdr = blob;
	u64 blob_size;
	u32 format;

	if (!blob || size < sizeof(*hdr)) {
		pr_err("blob of %zu bytes is shorter than its header\n", size);
		return -EINVAL;
	}
	if (le32_to_cpu(hdr->magic) != KSTATE_MAGIC) {
		pr_err("bad blob magic %#x\n", le32_to_cpu(hdr->magic));
		return -EINVAL;
	}
	format = le32_to_cpu(hdr->format);
	if (format != KSTATE_FORMAT_VERSION) {
		pr_err("blob format %u, this kernel reads format %u\n",
		       format, KSTATE_FORMAT_VERSION);
		return -EPROTONOSUPPORT;
	}
	blob_size = le64_to_cpu(hdr->size);
	if (blob_size < sizeof(*hdr) || blob_size > size) {
		pr_err("blob claims %llu bytes, %zu available\n",
		       (unsigned long long)blob_size, size);
		return -EOVERFLOW;
	}
	if (hdr->reserved) {
		pr_err("blob header reserved word is %#x\n",
		       le32_to_cpu(hdr->reserved));
		return -EINVAL;
	}
	if (kstate_blob_crc(blob, blob_size) != le32_to_cpu(hdr->crc)) {
		pr_err("blob checksum mismatch\n");
		return -EBADMSG;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(kstate_blob_check);
