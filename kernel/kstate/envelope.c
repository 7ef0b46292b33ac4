// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE handover envelope: the one-page FDT, published as the KHO subtree
 * "kstate", that tells the next kernel where the stream is (see
 * Documentation/core-api/kstate.rst, "Handover")::
 *
 *   / {
 *           compatible = "kstate-v1";
 *           format = <1>;             KSTATE_FORMAT_VERSION of the blob
 *           stream = [...];           its struct kho_vmalloc
 *           size = /bits/ 64 <...>;   bytes of the stream
 *           crc = <...>;              CRC32C of the whole stream
 *           save-ns = /bits/ 64 <...>; time the save took in the old kernel
 *   };
 *
 * kho.c builds it on the kexec path and reads it at boot. Both directions
 * touch only the FDT, so the userspace harness tests them against hostile
 * envelopes; the pages the stream descriptor points at are kho.c's to check.
 *
 * FDT property data is only 4-byte aligned: 64-bit values are read with
 * fdt64_ld() and structures are copied out, never dereferenced in place.
 */
#define pr_fmt(fmt) "kstate: " fmt

#include <linux/errno.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/libfdt.h>
#include <linux/mmzone.h>
#include <linux/pfn.h>
#include <linux/string.h>

#include "kstate_internal.h"
#include "kstate_kho.h"

/**
 * kstate_envelope_check_stream() - bound a stream descriptor by its size
 * @vm: the descriptor.
 * @min_bytes: the least the stream may hold.
 * @max_bytes: the most it may hold, at most %KSTATE_ENVELOPE_MAX_STREAM.
 *
 * kho_restore_vmalloc() trusts its descriptor: it allocates an array of
 * total_pages pointers and shifts by order. Accept only an order that KHO
 * could have preserved, and a page count, whole blocks of that order, that
 * a stream of @min_bytes to @max_bytes needs. The chunk list it points at
 * is not read here.
 *
 * Return: 0, or -EINVAL.
 */
int kstate_envelope_check_stream(const struct kho_vmalloc *vm, u64 min_bytes,
				 u64 max_bytes)
{
	unsigned long contig;

	if (vm->order > MAX_PAGE_ORDER || min_bytes > max_bytes ||
	    max_bytes > KSTATE_ENVELOPE_MAX_STREAM)
		return -EINVAL;
	contig = 1UL << vm->order;
	if (!vm->total_pages || !IS_ALIGNED(vm->total_pages, contig) ||
	    ((u64)vm->total_pages << PAGE_SHIFT) < min_bytes ||
	    vm->total_pages > round_up(PFN_UP(max_bytes), contig))
		return -EINVAL;
	return 0;
}

/* A property of the root of exactly @size bytes, or NULL. */
static const void *envelope_prop(const void *fdt, const char *name, int size)
{
	const void *p;
	int len;

	p = fdt_getprop(fdt, 0, name, &len);
	return p && len == size ? p : NULL;
}

/**
 * kstate_envelope_stream() - copy out the stream descriptor of an envelope
 * @fdt: an FDT whose header was checked (kstate_envelope_parse()).
 * @vm: where to copy it.
 *
 * Also for an envelope that kstate_envelope_parse() refused, so that the
 * stream can be freed.
 *
 * Return: true if the envelope has a "stream" property of the right size.
 */
bool kstate_envelope_stream(const void *fdt, struct kho_vmalloc *vm)
{
	const void *p = envelope_prop(fdt, "stream", sizeof(*vm));

	if (p)
		memcpy(vm, p, sizeof(*vm));
	return p;
}

/**
 * kstate_envelope_parse() - read and check an incoming envelope
 * @fdt: the envelope, as KHO handed it over.
 * @fdt_size: the size KHO recorded for it.
 * @env: filled on success; on failure, save_ns may be.
 *
 * The envelope must be a sound FDT of at most one page within @fdt_size,
 * compatible with "kstate-v1", of this kernel's stream format, with its
 * properties of their exact sizes, and a stream descriptor that
 * kstate_envelope_check_stream() accepts for the stated size.
 *
 * Return: 0; -EINVAL if @fdt is not a sound one-page FDT; -EPROTONOSUPPORT
 * for a stream of another format; -EBADMSG for another compatible, a
 * missing or malformed property or a refused descriptor.
 */
int kstate_envelope_parse(const void *fdt, size_t fdt_size,
			  struct kstate_envelope *env)
{
	const void *format, *size, *crc, *save_ns;

	if (fdt_size < sizeof(struct fdt_header) || fdt_size > PAGE_SIZE ||
	    fdt_check_header(fdt) || fdt_totalsize(fdt) > fdt_size) {
		pr_err("handover envelope is not a one-page FDT\n");
		return -EINVAL;
	}
	if (fdt_node_check_compatible(fdt, 0, KSTATE_ENVELOPE_COMPAT)) {
		pr_err("handover envelope is not %s\n", KSTATE_ENVELOPE_COMPAT);
		return -EBADMSG;
	}
	format = envelope_prop(fdt, "format", sizeof(fdt32_t));
	if (!format || fdt32_ld(format) != KSTATE_FORMAT_VERSION) {
		pr_err("handover envelope: unknown stream format %u\n",
		       format ? fdt32_ld(format) : 0);
		return -EPROTONOSUPPORT;
	}
	save_ns = envelope_prop(fdt, "save-ns", sizeof(fdt64_t));
	env->save_ns = save_ns ? fdt64_ld(save_ns) : 0;
	size = envelope_prop(fdt, "size", sizeof(fdt64_t));
	crc = envelope_prop(fdt, "crc", sizeof(fdt32_t));
	if (!kstate_envelope_stream(fdt, &env->stream) || !size || !crc) {
		pr_err("handover envelope: stream, size or crc missing\n");
		return -EBADMSG;
	}
	env->size = fdt64_ld(size);
	env->crc = fdt32_ld(crc);
	if (kstate_envelope_check_stream(&env->stream, env->size, env->size)) {
		pr_err("handover envelope: stream of %llu bytes in %u pages of order %u: descriptor refused\n",
		       (unsigned long long)env->size, env->stream.total_pages,
		       env->stream.order);
		return -EBADMSG;
	}
	return 0;
}

/**
 * kstate_envelope_build() - write an outgoing envelope
 * @fdt: a buffer of @fdt_size bytes.
 * @fdt_size: at most one page.
 * @env: what to say.
 *
 * Return: 0, or -EINVAL if it does not fit.
 */
int kstate_envelope_build(void *fdt, int fdt_size,
			  const struct kstate_envelope *env)
{
	int err;

	err = fdt_create(fdt, fdt_size) ?:
	      fdt_finish_reservemap(fdt) ?:
	      fdt_begin_node(fdt, "") ?:
	      fdt_property_string(fdt, "compatible", KSTATE_ENVELOPE_COMPAT) ?:
	      fdt_property_u32(fdt, "format", KSTATE_FORMAT_VERSION) ?:
	      fdt_property(fdt, "stream", &env->stream, sizeof(env->stream)) ?:
	      fdt_property_u64(fdt, "size", env->size) ?:
	      fdt_property_u32(fdt, "crc", env->crc) ?:
	      fdt_property_u64(fdt, "save-ns", env->save_ns) ?:
	      fdt_end_node(fdt) ?:
	      fdt_finish(fdt);
	if (err) {
		pr_err("cannot build the handover envelope: %s\n",
		       fdt_strerror(err));
		return -EINVAL;
	}
	return 0;
}
