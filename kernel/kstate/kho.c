// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE handover backend: Kexec HandOver (KHO).
 *
 * Outgoing, on the kexec path: kstate_kexec_save() saves every registered
 * object into a blob, copies it into vmalloc memory that KHO preserves, and
 * publishes a one-page FDT envelope (envelope.c) as the KHO subtree
 * "kstate".
 *
 * Pages of PAGES fields are preserved while the blob is written, each range
 * once per save attempt, and held by a page reference (see "Preserving
 * pages" below). If anything fails, everything preserved so far is
 * unpreserved and the kexec is refused with the error.
 *
 * Incoming, at core_initcall: the envelope is checked, the stream restored
 * with kho_restore_vmalloc() and handed to the registry, so that drivers
 * probing from subsys_initcall on can restore their objects by key. The
 * stream stays until kstate_finish() (debugfs "finish"), the envelope page
 * for the life of the kernel (see kstate_kho_init()).
 *
 * KHO's kexec_handover.c has its own static kho_out, kho_in and kho_*
 * helpers: ours are named handover_* and kstate_* so as not to shadow them.
 */
#define pr_fmt(fmt) "kstate: " fmt

#include <linux/cleanup.h>
#include <linux/fault-inject.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/libfdt.h>
#include <linux/limits.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pfn.h>
#include <linux/sched/clock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/xarray.h>

#include "kstate_internal.h"
#include "kstate_kho.h"

/*
 * Serializes kstate_kexec_save() calls and protects handover_out. The
 * preserve callback also writes handover_out.pages: it runs in
 * kstate_save_with(), which only kstate_kexec_save() calls with these
 * memory ops, under this lock; kstate_save() preserves nothing.
 */
static DEFINE_MUTEX(handover_lock);

/*
 * What the current kexec attempt preserved and published. @pages holds the
 * ranges preserved for PAGES fields: first pfn -> xa_mk_value(order), each
 * range holding one reference on its pages.
 */
static struct {
	void *fdt;
	void *stream;
	struct kho_vmalloc vm;
	bool vm_preserved;
	struct xarray pages;
} handover_out = { .pages = XARRAY_INIT(handover_out.pages, 0) };

/*
 * Protects handover_in_pages: the ranges of PAGES fields taken back from KHO
 * in this kernel, first pfn -> xa_mk_value(order), each holding one
 * reference of its own until the incoming blob is released.
 */
static DEFINE_MUTEX(handover_in_lock);
static DEFINE_XARRAY(handover_in_pages);

struct kstate_kho_stats kstate_kho_stats;
u32 kstate_kho_corrupt_next_save;

/*
 * Fault injection at each KHO call of a save (debugfs kstate/fail_kho, or
 * a task's /proc/<pid>/fail-nth with the slab and page allocators'):
 * every one must fail the save cleanly.
 */
DECLARE_FAULT_ATTR(kstate_fail_kho);

static int handover_kho_fault(const char *call)
{
	if (!should_fail(&kstate_fail_kho, 1))
		return 0;
	pr_err("%s failed (fault injected)\n", call);
	return -ENOMEM;
}

/*
 * Find in @xa, a table of ranges (first pfn -> xa_mk_value(order)), one
 * that overlaps the 2^@order pages at @pfn. A range is at most
 * MAX_ORDER_NR_PAGES long, so only those starting in that window before
 * @pfn can. Return: true, with the range's first pfn and order in @first
 * and @found, if there is one.
 */
static bool handover_overlap(struct xarray *xa, unsigned long pfn,
			     unsigned int order, unsigned long *first,
			     unsigned int *found)
{
	unsigned long start, index;
	void *entry;

	start = pfn >= MAX_ORDER_NR_PAGES ? pfn - MAX_ORDER_NR_PAGES + 1 : 0;
	xa_for_each_range(xa, index, entry, start, pfn + (1UL << order) - 1) {
		if (index + (1UL << xa_to_value(entry)) > pfn) {
			*first = index;
			*found = xa_to_value(entry);
			return true;
		}
	}
	return false;
}

/*
 * Preserving pages.
 *
 * The save runs before device_shutdown(): kernel_kexec() calls
 * liveupdate_reboot(), and so kstate_kexec_save(), before
 * kernel_restart_prepare(). KHO takes no page
 * reference, so pages a driver's shutdown hook frees after the save could
 * be reused by this kernel and still be handed to the next one as the
 * object's. Each preserved range therefore holds one reference, from here
 * until the attempt is undone (a failed save, or the next attempt of a
 * kexec that did not happen); after a successful save it is never
 * dropped: the kernel is going away.
 *
 * One reference holds an order-0 page, or a compound page of any order
 * (folio_try_get() on its head holds the whole folio). It cannot hold a
 * non-compound high-order page: only its first page is reference counted,
 * and __free_pages() on it while another reference is held still frees
 * the other 2^order - 1 pages (see ___free_pages()). So order > 0 must be
 * a compound page of exactly that order (__GFP_COMP, folio_alloc()), and
 * a page without a reference (free, or inside a non-compound high-order
 * allocation) is refused, both with -EINVAL.
 *
 * The blob is a snapshot taken at the save. After it:
 * - changes to the saved objects' fields, registrations and
 *   unregistrations, and a PAGES member switched to other pages are lost:
 *   the next kernel gets what was saved;
 * - the pages themselves are not copied: what the CPU or a device (until
 *   it is shut down) writes into them up to the kexec is handed over;
 * - pages their owner frees after the save stay allocated (our reference)
 *   and are handed over as last written.
 *
 * KHO does not count preservations either: kho_preserve_pages() and
 * kho_preserve_folio() set one bit in KHO's radix tree, so preserving a
 * range again silently succeeds, and one unpreserve drops it for all its
 * preservers; a differently overlapping range gets a bit of its own, and
 * the next kernel can take back only one of the two. Ranges are therefore
 * deduplicated per save attempt: the same (page, order) again gives the
 * same address without preserving again, and a range overlapping a
 * preserved one differently is refused with -EINVAL. Against other KHO
 * users nothing can be checked: the memory of a PAGES field must be owned
 * by its registered object, and preserved by nobody else.
 */
static void handover_unpreserve(struct page *page, unsigned int order)
{
	if (order)
		kho_unpreserve_folio(page_folio(page));
	else
		kho_unpreserve_pages(page, 1);
}

static int kstate_mem_preserve(struct page *page, unsigned int order,
			       u64 *phys)
{
	unsigned long pfn = page_to_pfn(page), first;
	struct folio *folio = page_folio(page);
	phys_addr_t pa = PFN_PHYS(pfn), other;
	unsigned int found;
	int err;

	if (order > MAX_PAGE_ORDER) {
		pr_err("pages at %pa: order %u is above MAX_PAGE_ORDER\n",
		       &pa, order);
		return -EINVAL;
	}
	if (handover_overlap(&handover_out.pages, pfn, order, &first, &found)) {
		if (first == pfn && found == order) {
			*phys = pa;	/* another field's: preserved once */
			return 0;
		}
		other = PFN_PHYS(first);
		pr_err("pages at %pa of order %u overlap pages at %pa of order %u that another field preserves\n",
		       &pa, order, &other, found);
		return -EINVAL;
	}
	if (order && (&folio->page != page || folio_order(folio) != order)) {
		pr_err("pages at %pa of order %u are not a compound page of that order (__GFP_COMP): a reference cannot hold them\n",
		       &pa, order);
		return -EINVAL;
	}
	if (!folio_try_get(folio)) {
		pr_err("page at %pa has no reference (free, or in a non-compound high-order allocation): it cannot be held\n",
		       &pa);
		return -EINVAL;
	}
	err = handover_kho_fault("kho_preserve_folio");
	if (!err)
		err = order ? kho_preserve_folio(folio) : kho_preserve_pages(page, 1);
	if (err) {
		pr_err("KHO refused to preserve pages at %pa of order %u: %pe\n",
		       &pa, order, ERR_PTR(err));
		folio_put(folio);
		return err;
	}
	err = xa_err(xa_store(&handover_out.pages, pfn, xa_mk_value(order),
			      GFP_KERNEL));
	if (err) {
		handover_unpreserve(page, order);
		folio_put(folio);
		return err;
	}
	*phys = pa;
	return 0;
}

/*
 * Taking pages back. Each range comes back in the form it was preserved
 * in: kho_restore_folio() gives an order-0 page for an order-0
 * preservation (as kho_restore_pages(phys, 1) would) and a compound page
 * for a higher order, so the object owns what it owned in the old kernel
 * and frees it the same way (put_page(), __free_pages(), folio_put()),
 * and can preserve it again for the next kexec. kho_restore_pages() would
 * give 2^order independent order-0 pages with a reference each, not
 * compound: neither freeable with __free_pages(page, order) nor
 * preservable again. It also trusts the order recorded by KHO over the
 * one asked for; kho_restore_folio() reports it, so a range preserved with
 * another order than the blob says is detected, and freed whole.
 *
 * KHO takes a range back once; a range two fields shared is handed back
 * again from handover_in_pages, with a reference for each caller. The
 * table keeps one reference of its own on each range until the incoming
 * blob is released, so that no range it lists can be freed and reused
 * while it may still be handed out.
 */
static struct page *kstate_mem_restore(u64 phys, unsigned int order)
{
	unsigned long pfn, first;
	struct folio *folio;
	unsigned int found;

	if (order > MAX_PAGE_ORDER || (phys_addr_t)phys != phys ||
	    !IS_ALIGNED(phys, PAGE_SIZE << order)) {
		pr_err("pages at %#llx of order %u: not a range that can be preserved\n",
		       phys, order);
		return NULL;
	}
	pfn = PHYS_PFN(phys);
	guard(mutex)(&handover_in_lock);
	if (handover_overlap(&handover_in_pages, pfn, order, &first, &found)) {
		if (first != pfn || found != order) {
			pr_err("pages at %#llx of order %u overlap pages taken back at pfn %#lx of order %u\n",
			       phys, order, first, found);
			return NULL;
		}
		folio = pfn_folio(pfn);
		folio_get(folio);
		return &folio->page;
	}
	folio = kho_restore_folio(phys);
	if (!folio) {
		pr_err("KHO has no pages preserved at %#llx\n", phys);
		return NULL;
	}
	if (folio_order(folio) != order) {
		pr_err("pages at %#llx were preserved with order %u, not %u: freed\n",
		       phys, folio_order(folio), order);
		folio_put(folio);
		return NULL;
	}
	if (xa_err(xa_store(&handover_in_pages, pfn, xa_mk_value(order),
			    GFP_KERNEL))) {
		folio_put(folio);
		return NULL;
	}
	folio_get(folio);	/* the caller's; the table keeps KHO's one */
	return &folio->page;
}

/*
 * Drop the caller's reference of a range kstate_mem_restore() returned that
 * is not kept. A page this kernel did not take back from KHO is left alone
 * (leaked, with a warning) rather than freed under its owner.
 */
static void kstate_mem_release(struct page *page, unsigned int order)
{
	void *entry;

	guard(mutex)(&handover_in_lock);
	entry = xa_load(&handover_in_pages, page_to_pfn(page));
	if (WARN_ON_ONCE(!entry || xa_to_value(entry) != order))
		return;
	folio_put(page_folio(page));
}

static const struct kstate_mem_ops handover_mem_ops = {
	.preserve = kstate_mem_preserve,
	.restore = kstate_mem_restore,
	.release = kstate_mem_release,
};

/* Undo everything the current attempt preserved and published. */
static void handover_out_undo(void)
{
	unsigned long pfn;
	void *entry;

	lockdep_assert_held(&handover_lock);
	if (handover_out.fdt) {
		kho_remove_subtree(handover_out.fdt);
		kho_unpreserve_free(handover_out.fdt);
		handover_out.fdt = NULL;
	}
	if (handover_out.vm_preserved)
		kho_unpreserve_vmalloc(&handover_out.vm);
	handover_out.vm_preserved = false;
	vfree(handover_out.stream);
	handover_out.stream = NULL;
	xa_for_each(&handover_out.pages, pfn, entry) {
		struct page *page = pfn_to_page(pfn);

		handover_unpreserve(page, xa_to_value(entry));
		folio_put(page_folio(page));
	}
	xa_destroy(&handover_out.pages);
}

static int handover_out_envelope(size_t size, u32 crc, u64 save_ns)
{
	struct kstate_envelope env = {
		.stream = handover_out.vm,
		.size = size,
		.crc = crc,
		.save_ns = save_ns,
	};
	void *fdt;
	int err;

	err = handover_kho_fault("kho_alloc_preserve");
	fdt = err ? ERR_PTR(err) : kho_alloc_preserve(PAGE_SIZE);
	if (IS_ERR(fdt))
		return PTR_ERR(fdt);
	handover_out.fdt = fdt;
	err = kstate_envelope_build(fdt, PAGE_SIZE, &env);
	if (err)
		return err;
	return handover_kho_fault("kho_add_subtree") ?:
	       kho_add_subtree(KSTATE_KHO_NODE, fdt, fdt_totalsize(fdt));
}

/*
 * The handover test's knob (debugfs corrupt_next_save, test builds only):
 * damage what a successful save handed over, as a stray write or a buggy
 * kernel would, for the next kernel to refuse it. 1 flips a byte in the
 * middle of the stream, whose CRC the envelope already holds; 2 gives the
 * envelope a stream format no kernel knows.
 */
static void handover_out_corrupt(size_t size)
{
	u32 what = kstate_kho_corrupt_next_save;

	if (!IS_ENABLED(CONFIG_KSTATE_GEN_TEST) || !what)
		return;
	kstate_kho_corrupt_next_save = 0;
	if (what == 1) {
		((u8 *)handover_out.stream)[size / 2] ^= 0xff;
		pr_err("handed-over stream corrupted at byte %zu (debugfs corrupt_next_save)\n",
		       size / 2);
	} else if (what == 2 &&
		   !fdt_setprop_inplace_u32(handover_out.fdt, 0, "format", 0xdead)) {
		pr_err("handover envelope damaged: stream format 0xdead (debugfs corrupt_next_save)\n");
	}
}

/**
 * kstate_kexec_save() - hand every registered object over to the next kernel
 *
 * Called by liveupdate_reboot() on the kexec path, after LUO's file
 * handlers froze and serialized their sessions, when KHO is enabled. On
 * failure nothing stays preserved or published and the caller unfreezes
 * the sessions and refuses the kexec; calling it again retries from
 * scratch, and so does a call after a kexec that did not happen.
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
	guard(mutex)(&handover_lock);
	handover_out_undo();	/* an earlier attempt whose kexec did not happen */
	t0 = local_clock();
	err = kstate_save_with(&handover_mem_ops, &blob, &size);
	if (err)
		goto fail;
	kstate_kho_stats.save_ns = local_clock() - t0;
	handover_out.stream = vmalloc(size);
	if (!handover_out.stream) {
		kvfree(blob);
		err = -ENOMEM;
		goto fail;
	}
	memcpy(handover_out.stream, blob, size);
	kvfree(blob);
	err = handover_kho_fault("kho_preserve_vmalloc") ?:
	      kho_preserve_vmalloc(handover_out.stream, &handover_out.vm);
	if (err)
		goto fail;
	handover_out.vm_preserved = true;
	err = handover_out_envelope(size,
				    ~crc32c(~0U, handover_out.stream, size),
				    kstate_kho_stats.save_ns);
	if (err)
		goto fail;
	hdr = handover_out.stream;
	kstate_kho_stats.out_bytes = size;
	kstate_kho_stats.out_objects = le32_to_cpu(hdr->nr_objects);
	kstate_kho_stats.out_types = le32_to_cpu(hdr->nr_types);
	pr_info("saved %u objects of %u types, %zu bytes, in %llu us\n",
		kstate_kho_stats.out_objects, kstate_kho_stats.out_types, size,
		kstate_kho_stats.save_ns / NSEC_PER_USEC);
	handover_out_corrupt(size);
	return 0;
fail:
	handover_out_undo();
	pr_err("save failed (%pe): nothing handed over, kexec refused\n",
	       ERR_PTR(err));
	return err;
}

/**
 * kstate_kho_save_test() - a kexec save, then undone as if no kexec followed
 *
 * For the fault injection test (debugfs kstate/save_and_undo, test builds
 * only): the whole save path runs, allocations and KHO calls included,
 * and a success leaves nothing preserved.
 *
 * Return: what kstate_kexec_save() returned.
 */
int kstate_kho_save_test(void)
{
	int err = kstate_kexec_save();

	if (!err) {
		guard(mutex)(&handover_lock);
		handover_out_undo();
	}
	return err;
}

/*
 * The outgoing dump walks the registered objects as a save does, but must
 * not preserve anything: this backend only tells where the pages are.
 */
static int kstate_dry_preserve(struct page *page, unsigned int order,
			       u64 *phys)
{
	*phys = page_to_phys(page);
	return 0;
}

static const struct kstate_mem_ops kstate_kho_dry_ops = {
	.preserve = kstate_dry_preserve,
};

/*
 * What a refused stream leaves behind.
 *
 * kho_restore_vmalloc() takes back every page of the stream and every
 * chunk page of its struct kho_vmalloc list. It frees the chunk pages
 * itself, each once read, and returns a vmalloc area whose pages are
 * order-0 pages with one reference each, in an area->pages array from
 * kvmalloc(): vfree() frees all of it, pages, array and area, and is what
 * KHO's own users do (mm/memfd_luo.c). It also subtracts the pages from
 * NR_VMALLOC, which kho_restore_vmalloc() never added: a skew of KHO's
 * statistics, not a leak.
 *
 * So a stream refused after it was restored (CRC mismatch, refused by
 * kstate_set_incoming()) is vfree()d; one refused before (envelope of
 * another compatible or format, or with a missing property) is restored
 * only to be vfree()d, if its descriptor passes handover_check_vmalloc().
 * What stays reserved for the life of the kernel:
 * - the envelope page (see kstate_kho_init());
 * - a stream whose descriptor is malformed: its pages cannot be found
 *   safely;
 * - if kho_restore_vmalloc() fails halfway (a page or a chunk KHO does not
 *   know as preserved), the pages it took back so far (it frees only its
 *   array) and the chunks and pages it did not reach;
 * - the pages of PAGES fields that nobody takes back, unless the engine
 *   takes them back and releases them (&kstate_mem_ops.release).
 */

/* The chunk list is read before KHO checks it: stay in online memory. */
static bool __init handover_ram_page(u64 phys)
{
	return phys && (phys_addr_t)phys == phys &&
	       IS_ALIGNED(phys, PAGE_SIZE) && pfn_to_online_page(PHYS_PFN(phys));
}

/*
 * kho_restore_vmalloc() reads each chunk of the stream (first, then each
 * one's next) before checking that it is a preserved page; and when it
 * fails halfway, what it took back so far leaks. Check first the
 * descriptor's bounds (kstate_envelope_check_stream()), then a chunk list
 * in online memory whose entries add up to exactly its page count, as
 * kho_restore_vmalloc() will require.
 */
static int __init handover_check_vmalloc(const struct kho_vmalloc *vm,
					 u64 min_bytes, u64 max_bytes)
{
	unsigned long contig, nr = 0, chunks, n;
	const struct kho_vmalloc_chunk *chunk;
	unsigned int i;
	u64 phys;

	if (kstate_envelope_check_stream(vm, min_bytes, max_bytes))
		return -EINVAL;
	contig = 1UL << vm->order;	/* bounded by the check */
	/* kho_preserve_vmalloc() starts a new chunk when one is full */
	chunks = vm->total_pages / contig / KHO_VMALLOC_SIZE + 1;
	phys = vm->first.phys;
	for (n = 0; phys; n++) {
		if (n == chunks || !handover_ram_page(phys))
			return -EINVAL;
		chunk = phys_to_virt(phys);
		for (i = 0; i < KHO_VMALLOC_SIZE && chunk->phys[i]; i++) {
			if (!handover_ram_page(chunk->phys[i]) ||
			    !IS_ALIGNED(chunk->phys[i], PAGE_SIZE << vm->order))
				return -EINVAL;
			nr += contig;
			if (nr > vm->total_pages)
				return -EINVAL;
		}
		phys = chunk->hdr.next.phys;
	}
	return nr == vm->total_pages ? 0 : -EINVAL;
}

/* Free the stream of a refused envelope, if its descriptor is sound. */
static void __init handover_in_discard(const void *fdt)
{
	struct kho_vmalloc vm;
	void *stream;

	if (!kstate_envelope_stream(fdt, &vm) ||
	    handover_check_vmalloc(&vm, 0, KSTATE_ENVELOPE_MAX_STREAM)) {
		pr_warn("refused stream has no sound descriptor: its pages stay reserved\n");
		return;
	}
	stream = kho_restore_vmalloc(&vm);
	if (!stream) {
		pr_warn("cannot take back the refused stream: its pages stay reserved\n");
		return;
	}
	vfree(stream);
	pr_info("refused stream taken back and freed, %u pages\n",
		vm.total_pages);
}

/* Release callback of the incoming blob, called by kstate_finish(). */
static void handover_in_release(void *blob)
{
	unsigned long pfn;
	void *entry;

	vfree(blob);
	guard(mutex)(&handover_in_lock);
	xa_for_each(&handover_in_pages, pfn, entry)
		folio_put(pfn_folio(pfn));
	xa_destroy(&handover_in_pages);
}

static int __init handover_in_open(const void *fdt, size_t fdt_size)
{
	struct kstate_envelope env = {};
	void *stream;
	u64 t0;
	int err;

	err = kstate_envelope_parse(fdt, fdt_size, &env);
	kstate_kho_stats.prev_save_ns = env.save_ns;
	if (!err && handover_check_vmalloc(&env.stream, env.size, env.size)) {
		pr_err("handover envelope: the chunk list of the stream is not sound\n");
		err = -EBADMSG;
	}
	if (err) {
		if (err != -EINVAL)	/* an FDT: it may say where its stream is */
			handover_in_discard(fdt);
		return err;
	}
	stream = kho_restore_vmalloc(&env.stream);
	if (!stream) {
		pr_err("cannot restore the handed-over stream\n");
		return -ENOMEM;
	}
	t0 = local_clock();
	kstate_kho_stats.in_bytes = env.size;
	if (~crc32c(~0U, stream, env.size) != env.crc) {
		pr_err("handed-over stream: CRC mismatch with its envelope\n");
		err = -EBADMSG;
	} else {
		err = kstate_set_incoming(stream, env.size, &handover_mem_ops,
					  handover_in_release);
	}
	kstate_kho_stats.open_ns = local_clock() - t0;
	if (err) {
		vfree(stream);
		return err;
	}
	pr_info("incoming state: %llu bytes, validated in %llu us\n",
		env.size, kstate_kho_stats.open_ns / NSEC_PER_USEC);
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
	int err;

	if (!kho_is_enabled())
		return 0;
	kstate_set_dry_ops(&kstate_kho_dry_ops);
	err = kho_retrieve_subtree(KSTATE_KHO_NODE, &phys, &size);
	if (err) {
		if (err != -ENOENT)
			pr_err("cannot retrieve the KHO subtree: %pe\n",
			       ERR_PTR(err));
		return 0;
	}
	/*
	 * The envelope page is never taken back from KHO nor freed: it stays
	 * reserved, for the life of the kernel, after kstate_finish() too.
	 * KHO's debugfs file in/sub_fdts/kstate, which kho_in_debugfs_init()
	 * creates at fs_initcall from KHO's own FDT and never removes, points
	 * at it: kho_restore_free() would make reading it a read after free.
	 * It is one page.
	 */
	if (!handover_ram_page(phys)) {
		pr_err("handover envelope at %pa is not in memory\n", &phys);
		err = -EINVAL;
	} else {
		err = handover_in_open(phys_to_virt(phys), size);
	}
	kstate_kho_stats.in_err = err;
	if (err)
		pr_err("handed-over state refused (%pe); nothing will restore\n",
		       ERR_PTR(err));
	return 0;
}
core_initcall(kstate_kho_init);
