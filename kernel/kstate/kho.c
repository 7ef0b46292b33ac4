// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE handover backend: Kexec HandOver (KHO).
 *
 * Outgoing, on the kexec path: kstate_kexec_save() saves every registered
 * object into a blob, copies it into vmalloc memory that KHO preserves, and
 * publishes a one-page FDT envelope as the KHO subtree "kstate" (see
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
 * Pages of PAGES fields are preserved with kho_preserve_pages() while the
 * blob is written. If anything fails, everything preserved so far is
 * unpreserved and the kexec is refused with the error.
 *
 * Incoming, at core_initcall: the envelope is checked, the stream restored
 * with kho_restore_vmalloc() and handed to the registry, so that drivers
 * probing from subsys_initcall on can restore their objects by key. Both
 * stay until kstate_finish() (debugfs "finish").
 */
#define pr_fmt(fmt) "kstate: " fmt

#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/sched/clock.h>
#include <linux/libfdt.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/vmalloc.h>

#include "kstate_internal.h"
#include "kstate_kho.h"

#define KSTATE_KHO_COMPAT	"kstate-v1"

struct kho_pages {
	struct list_head node;
	struct page *page;
	unsigned int order;
};

static DEFINE_MUTEX(kho_lock);

/* What the current kexec attempt published; guarded by kho_lock. */
static struct {
	void *fdt;
	void *stream;
	struct kho_vmalloc vm;
	bool vm_preserved;
	struct list_head pages;
} kho_out = { .pages = LIST_HEAD_INIT(kho_out.pages) };

struct kstate_kho_stats kstate_kho_stats;
bool kstate_kho_fail_next_save;

static int kho_mem_preserve(struct page *page, unsigned int order, u64 *phys)
{
	struct kho_pages *p = kmalloc_obj(*p);
	int err;

	if (!p)
		return -ENOMEM;
	err = kho_preserve_pages(page, 1UL << order);
	if (err) {
		kfree(p);
		return err;
	}
	p->page = page;
	p->order = order;
	list_add(&p->node, &kho_out.pages);
	*phys = page_to_phys(page);
	return 0;
}

static struct page *kho_mem_restore(u64 phys, unsigned int order)
{
	return kho_restore_pages(phys, 1UL << order);
}

static const struct kstate_mem_ops kho_mem_ops = {
	.preserve = kho_mem_preserve,
	.restore = kho_mem_restore,
};

/* Undo everything the current attempt preserved and published. */
static void kho_out_undo(void)
{
	struct kho_pages *p, *tmp;

	lockdep_assert_held(&kho_lock);
	if (kho_out.fdt) {
		kho_remove_subtree(kho_out.fdt);
		kho_unpreserve_free(kho_out.fdt);
		kho_out.fdt = NULL;
	}
	if (kho_out.vm_preserved)
		kho_unpreserve_vmalloc(&kho_out.vm);
	kho_out.vm_preserved = false;
	vfree(kho_out.stream);
	kho_out.stream = NULL;
	list_for_each_entry_safe(p, tmp, &kho_out.pages, node) {
		kho_unpreserve_pages(p->page, 1UL << p->order);
		list_del(&p->node);
		kfree(p);
	}
}

static int kho_out_envelope(size_t size, u32 crc, u64 save_ns)
{
	void *fdt = kho_alloc_preserve(PAGE_SIZE);
	int err;

	if (IS_ERR(fdt))
		return PTR_ERR(fdt);
	kho_out.fdt = fdt;
	err = fdt_create(fdt, PAGE_SIZE);
	err |= fdt_finish_reservemap(fdt);
	err |= fdt_begin_node(fdt, "");
	err |= fdt_property_string(fdt, "compatible", KSTATE_KHO_COMPAT);
	err |= fdt_property_u32(fdt, "format", KSTATE_FORMAT_VERSION);
	err |= fdt_property(fdt, "stream", &kho_out.vm, sizeof(kho_out.vm));
	err |= fdt_property_u64(fdt, "size", size);
	err |= fdt_property_u32(fdt, "crc", crc);
	err |= fdt_property_u64(fdt, "save-ns", save_ns);
	err |= fdt_end_node(fdt);
	err |= fdt_finish(fdt);
	if (err) {
		pr_err("cannot build the KHO envelope: %d\n", err);
		return -EINVAL;
	}
	return kho_add_subtree(KSTATE_KHO_NODE, fdt, fdt_totalsize(fdt));
}

/**
 * kstate_kexec_save() - hand every registered object over to the next kernel
 *
 * Called on the kexec path, before LUO serializes its sessions, when KHO is
 * enabled. On failure nothing stays preserved or published and the caller
 * must refuse the kexec; calling it again retries from scratch.
 *
 * Context: Process context (the reboot() system call).
 * Return: 0, or the error of the save or of KHO.
 */
int kstate_kexec_save(void)
{
	const struct kstate_hdr_ser *hdr;
	size_t size;
	void *blob;
	u64 t0;
	int err;

	if (!kho_is_enabled())
		return 0;
	guard(mutex)(&kho_lock);
	kho_out_undo();		/* an earlier attempt whose kexec did not happen */
	t0 = local_clock();
	err = kstate_save_with(&kho_mem_ops, &blob, &size);
	if (err)
		goto fail;
	kstate_kho_stats.save_ns = local_clock() - t0;
	if (kstate_kho_fail_next_save) {
		kstate_kho_fail_next_save = false;
		kvfree(blob);
		err = -ENOMEM;
		pr_err("save failure injected (debugfs fail_next_save)\n");
		goto fail;
	}
	kho_out.stream = vmalloc(size);
	if (!kho_out.stream) {
		kvfree(blob);
		err = -ENOMEM;
		goto fail;
	}
	memcpy(kho_out.stream, blob, size);
	kvfree(blob);
	err = kho_preserve_vmalloc(kho_out.stream, &kho_out.vm);
	if (err)
		goto fail;
	kho_out.vm_preserved = true;
	err = kho_out_envelope(size, ~crc32c(~0U, kho_out.stream, size),
			       kstate_kho_stats.save_ns);
	if (err)
		goto fail;
	hdr = kho_out.stream;
	kstate_kho_stats.out_bytes = size;
	kstate_kho_stats.out_objects = le32_to_cpu(hdr->nr_objects);
	kstate_kho_stats.out_types = le32_to_cpu(hdr->nr_types);
	pr_info("saved %u objects of %u types, %zu bytes, in %llu us\n",
		kstate_kho_stats.out_objects, kstate_kho_stats.out_types, size,
		kstate_kho_stats.save_ns / NSEC_PER_USEC);
	return 0;
fail:
	kho_out_undo();
	pr_err("save failed (%d): nothing handed over, kexec refused\n", err);
	return err;
}

/**
 * kstate_kexec_abort() - take back a handover whose kexec will not happen
 *
 * Called when a later step of the kexec path failed after
 * kstate_kexec_save() succeeded.
 *
 * Context: Process context.
 */
void kstate_kexec_abort(void)
{
	if (!kho_is_enabled())
		return;
	guard(mutex)(&kho_lock);
	kho_out_undo();
}

/*
 * The outgoing dump walks the registered objects as a save does, but must
 * not preserve anything: this backend only tells where the pages are.
 */
static int kho_dry_preserve(struct page *page, unsigned int order, u64 *phys)
{
	*phys = page_to_phys(page);
	return 0;
}

const struct kstate_mem_ops kstate_kho_dry_ops = {
	.preserve = kho_dry_preserve,
};

/* The incoming envelope, kept while KHO's debugfs may show it. */
static void *kho_in_fdt;

static void kho_in_release(void *blob)
{
	vfree(blob);
	if (kho_in_fdt)
		kho_restore_free(kho_in_fdt);
	kho_in_fdt = NULL;
}

static int __init kho_in_open(const void *fdt, size_t fdt_size)
{
	const struct kho_vmalloc *vm;
	const fdt64_t *size, *save_ns;
	const fdt32_t *format, *crc;
	void *stream;
	u64 t0;
	int len, err;

	if (fdt_size < sizeof(struct fdt_header) || fdt_check_header(fdt) ||
	    fdt_totalsize(fdt) > fdt_size ||
	    fdt_node_check_compatible(fdt, 0, KSTATE_KHO_COMPAT)) {
		pr_err("handover envelope is not a %s FDT\n", KSTATE_KHO_COMPAT);
		return -EINVAL;
	}
	format = fdt_getprop(fdt, 0, "format", &len);
	if (!format || len != sizeof(*format) ||
	    fdt32_to_cpu(*format) != KSTATE_FORMAT_VERSION) {
		pr_err("handover envelope: unknown stream format %u\n",
		       format && len == sizeof(*format) ?
		       fdt32_to_cpu(*format) : 0);
		return -EPROTONOSUPPORT;
	}
	vm = fdt_getprop(fdt, 0, "stream", &len);
	if (!vm || len != sizeof(*vm))
		return -EINVAL;
	size = fdt_getprop(fdt, 0, "size", &len);
	if (!size || len != sizeof(*size))
		return -EINVAL;
	crc = fdt_getprop(fdt, 0, "crc", &len);
	if (!crc || len != sizeof(*crc))
		return -EINVAL;
	save_ns = fdt_getprop(fdt, 0, "save-ns", &len);
	if (save_ns && len == sizeof(*save_ns))
		kstate_kho_stats.prev_save_ns = fdt64_to_cpu(*save_ns);
	if (fdt64_to_cpu(*size) > (u64)vm->total_pages << PAGE_SHIFT) {
		pr_err("handover envelope: stream of %llu bytes in %u pages\n",
		       (unsigned long long)fdt64_to_cpu(*size), vm->total_pages);
		return -EINVAL;
	}
	stream = kho_restore_vmalloc(vm);
	if (!stream) {
		pr_err("cannot restore the handed-over stream\n");
		return -ENOMEM;
	}
	t0 = local_clock();
	kstate_kho_stats.in_bytes = fdt64_to_cpu(*size);
	if (~crc32c(~0U, stream, kstate_kho_stats.in_bytes) !=
	    fdt32_to_cpu(*crc)) {
		pr_err("handed-over stream: CRC mismatch with its envelope\n");
		err = -EBADMSG;
	} else {
		err = kstate_set_incoming(stream, kstate_kho_stats.in_bytes,
					  kho_in_release);
	}
	kstate_kho_stats.open_ns = local_clock() - t0;
	if (err) {
		vfree(stream);
		return err;
	}
	pr_info("incoming state: %llu bytes, validated in %llu us\n",
		(unsigned long long)kstate_kho_stats.in_bytes,
		kstate_kho_stats.open_ns / NSEC_PER_USEC);
	return 0;
}

/*
 * core_initcall: after the memory allocators and KHO's early setup, before
 * subsys_initcall, where PCI and the IOMMU drivers start enumerating and
 * may restore their objects.
 */
static int __init kstate_kho_init(void)
{
	phys_addr_t phys;
	size_t size;
	void *fdt;
	int err;

	if (!kho_is_enabled())
		return 0;
	kstate_set_mem_ops(&kho_mem_ops);
	err = kho_retrieve_subtree(KSTATE_KHO_NODE, &phys, &size);
	if (err) {
		if (err != -ENOENT)
			pr_err("cannot retrieve the KHO subtree: %d\n", err);
		return 0;
	}
	/*
	 * The envelope stays until kstate_finish() releases the stream, or
	 * for good if the stream is refused: KHO's debugfs shows it, as
	 * in/sub_fdts/kstate, for inspection with dtc.
	 */
	fdt = phys_to_virt(phys);
	kho_in_fdt = fdt;
	err = kho_in_open(fdt, size);
	kstate_kho_stats.in_err = err;
	if (err)
		pr_err("handed-over state refused (%d); nothing will restore\n",
		       err);
	return 0;
}
core_initcall(kstate_kho_init);
