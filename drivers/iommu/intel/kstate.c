// SPDX-License-Identifier: GPL-2.0
/*
 * Intel VT-d across a live update, described with KSTATE.
 *
 * A device kept running through the kexec goes on doing DMA: the IOMMU must
 * go on translating it, through the same tables. A user (VFIO's live update,
 * or the test driver) preserves a device and its paging domain with
 * intel_iommu_kstate_preserve(): KSTATE then hands over
 *
 * - the unit (&struct intel_iommu, keyed by its register base): its
 *   identity (cap, ecap, address widths, segment), its command state, its
 *   sequence number in this kernel, the root table and the context tables
 *   in place, the domain ids the context entries use, and where its
 *   interrupt-remapping table was;
 * - the domain (&struct dmar_domain, keyed by the user): its domain id on
 *   each unit, its second-stage page table (root, levels, width) with every
 *   table page in place, and its flags;
 * - the device (&struct device_domain_info, keyed by segment:bus:devfn like
 *   the PCI device): its source id, its ATS/PRI/PASID state and the domain
 *   it is attached to, as an object reference.
 *
 * At the kexec, a unit with preserved devices keeps translating
 * (intel_iommu_shutdown() asks intel_iommu_kstate_shutdown()), after the
 * context entries of every device that is not preserved were cleared. The
 * next kernel's init_dmars() asks intel_iommu_kstate_adopt() for each unit:
 * if the unit is the one described (identity, translation on, through that
 * root table), the restore takes the root and context tables back in place
 * and the unit adopts them, translation never switched off; the entries
 * are marked copied (the attach path treats them as the kdump path's) and
 * their domain ids reserved. A unit that does not restore is reported and
 * initialised as usual. debugfs kstate/vtd/status lists each unit.
 */
#define pr_fmt(fmt) "DMAR-kstate: " fmt

#include <linux/bitmap.h>
#include <linux/debugfs.h>
#include <linux/iommu.h>
#include <linux/kstate.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/pci-kstate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string_choices.h>
#include <linux/unaligned.h>

#include "../iommu-pages.h"
#include "iommu.h"
#include "kstate.h"

#define VTD_ROOT_ENTRIES	(VTD_PAGE_SIZE / sizeof(struct root_entry))
#define VTD_NR_SID		BIT(16)

/**
 * struct vtd_kstate_unit - what this kernel knows of a unit, beyond its state
 * @node: in vtd_kstate_units.
 * @iommu: the unit.
 * @keep: source ids (bus << 8 | devfn) whose context entries are handed
 *	over; NULL if none.
 * @preserved: registered with KSTATE.
 * @restore: 0 if adopted, -errno if refused, %VTD_KSTATE_NEW if the
 *	previous kernel handed none over.
 * @prev_seq_id: the unit's sequence number in the previous kernel.
 * @prev_irt: where the previous kernel's interrupt-remapping table was.
 * @prev_irt_entries: and its number of entries.
 * @nr_dids: domain ids in use, as the previous kernel recorded them.
 * @nr_tables: context tables adopted.
 * @prev_version: the previous kernel's version of the unit's description.
 * @dids_err: the error of the domain ids' size pass in the current save,
 *	which the save pass returns.
 */
struct vtd_kstate_unit {
	struct list_head node;
	struct intel_iommu *iommu;
	unsigned long *keep;
	bool preserved;
	int restore;
	int prev_seq_id;
	u64 prev_irt;
	u32 prev_irt_entries;
	u32 nr_dids;
	u32 nr_tables;
	u32 prev_version;
	int dids_err;
};

#define VTD_KSTATE_NEW	1

static LIST_HEAD(vtd_kstate_units);
static DEFINE_MUTEX(vtd_kstate_lock);

static struct vtd_kstate_unit *vtd_unit_find(u64 reg_phys)
{
	struct vtd_kstate_unit *u;

	list_for_each_entry(u, &vtd_kstate_units, node)
		if (u->iommu->reg_phys == reg_phys)
			return u;
	return NULL;
}

static struct vtd_kstate_unit *vtd_unit_get(struct intel_iommu *iommu)
{
	struct vtd_kstate_unit *u = vtd_unit_find(iommu->reg_phys);

	if (u)
		return u;
	u = kzalloc_obj(*u);
	if (!u)
		return NULL;
	u->iommu = iommu;
	u->restore = VTD_KSTATE_NEW;
	u->prev_seq_id = -1;
	list_add_tail(&u->node, &vtd_kstate_units);
	return u;
}

/*
 * Each present context entry of a legacy-mode root table: @fn(@arg, bus,
 * devfn, entry) until it returns non-zero.
 */
typedef int (*vtd_context_fn)(void *arg, int bus, int devfn,
			      struct context_entry *ce);

static int vtd_walk_contexts(struct root_entry *root, vtd_context_fn fn,
			     void *arg)
{
	int bus, devfn, ret;

	for (bus = 0; bus < VTD_ROOT_ENTRIES; bus++) {
		struct context_entry *ctx;

		if (!(root[bus].lo & 1))
			continue;
		ctx = phys_to_virt(root[bus].lo & VTD_PAGE_MASK);
		for (devfn = 0; devfn < 256; devfn++) {
			if (!context_present(&ctx[devfn]))
				continue;
			ret = fn(arg, bus, devfn, &ctx[devfn]);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/*
 * root_entry: the root table and the context tables it points to, kept in
 * place; saved as the root table's address and the number of context
 * tables. The restore takes each back (a root entry pointing at memory the
 * previous kernel did not preserve refuses the unit) and, on hardware,
 * checks that the unit still translates through that root table.
 */
#define VTD_ROOT_LEN	12

static size_t vtd_root_size(const void *obj, const void *m)
{
	return *(struct root_entry * const *)m ? VTD_ROOT_LEN : 0;
}

static int vtd_root_save(const void *obj, const void *m, void *buf,
			 size_t len, struct kstate_mem *mem)
{
	struct root_entry *root = *(struct root_entry * const *)m;
	u32 nr = 0;
	u64 phys;
	int i, err;

	if (!len)
		return 0;	/* no root table yet */
	err = kstate_custom_preserve(mem, virt_to_page(root), 0, &phys);
	if (err)
		return err;
	put_unaligned_le64(phys, buf);
	for (i = 0; i < VTD_ROOT_ENTRIES; i++) {
		u64 ctp = root[i].lo;

		if (!(ctp & 1))
			continue;
		err = kstate_custom_preserve(mem, phys_to_page(ctp & VTD_PAGE_MASK),
					     0, &phys);
		if (err)
			return err;
		nr++;
	}
	put_unaligned_le32(nr, (u8 *)buf + 8);
	return 0;
}

static int vtd_root_restore(void *obj, void *m, const void *buf, size_t len,
			    u32 writer_version, struct kstate_mem *mem)
{
	struct intel_iommu *iommu = obj;
	struct vtd_kstate_unit *u;
	struct root_entry *root;
	struct page *page;
	u32 nr, n = 0;
	u64 phys;
	int i;

	if (len != VTD_ROOT_LEN)
		return len ? -EINVAL : -ENODATA;
	phys = get_unaligned_le64(buf);
	nr = get_unaligned_le32((const u8 *)buf + 8);
	if (iommu->reg) {
		u64 rtaddr = readq(iommu->reg + DMAR_RTADDR_REG);

		if (!(readl(iommu->reg + DMAR_GSTS_REG) & DMA_GSTS_TES) ||
		    (rtaddr & VTD_PAGE_MASK) != phys) {
			pr_warn("%s: not translating through the handed-over root table %#llx (root %#llx)\n",
				iommu->name, phys, rtaddr);
			return -ESTALE;
		}
		if (rtaddr & DMA_RTADDR_SMT)
			return -EOPNOTSUPP;
	}
	page = kstate_custom_restore(mem, phys, 0);
	if (!page)
		return -EINVAL;
	root = page_address(page);
	for (i = 0; i < VTD_ROOT_ENTRIES; i++) {
		u64 ctp = root[i].lo;

		if (!(ctp & 1))
			continue;
		if (++n > nr || !kstate_custom_restore(mem, ctp & VTD_PAGE_MASK, 0))
			return -EINVAL;
	}
	if (n != nr)
		return -EINVAL;
	*(struct root_entry **)m = root;
	u = vtd_unit_find(iommu->reg_phys);
	if (u)
		u->nr_tables = nr;
	return 0;
}

static const struct kstate_custom_ops vtd_root_ops = {
	.size = vtd_root_size,
	.save = vtd_root_save,
	.restore = vtd_root_restore,
};

/*
 * domain_ida: the domain ids the handed-over context entries use (those of
 * the preserved devices: the others are cleared at shutdown), each once,
 * in ascending order. The restore checks them against the adopted context
 * entries (the root_entry field comes first) and the unit's number of
 * domains; the post_restore hook reserves them.
 */
struct vtd_dids {
	unsigned long *seen;
	const unsigned long *keep;
	unsigned int nr;
	u32 ndoms;
};

static int vtd_did_seen(void *arg, int bus, int devfn, struct context_entry *ce)
{
	struct vtd_dids *d = arg;
	int did = context_domain_id(ce);

	if (d->keep && !test_bit(bus << 8 | devfn, d->keep))
		return 0;
	if (did >= d->ndoms)
		return -ERANGE;
	if (!__test_and_set_bit(did, d->seen))
		d->nr++;
	return 0;
}

static int vtd_dids_collect(const struct intel_iommu *iommu,
			    struct root_entry *root, struct vtd_dids *d,
			    const unsigned long *keep)
{
	d->keep = keep;
	d->nr = 0;
	d->ndoms = cap_ndoms(iommu->cap);
	d->seen = bitmap_zalloc(VTD_NR_SID, GFP_KERNEL);
	if (!d->seen)
		return -ENOMEM;
	return root ? vtd_walk_contexts(root, vtd_did_seen, d) : 0;
}

/*
 * The size callback cannot fail: a failure of its walk is noted in the
 * unit and returned by the save that follows, instead of a mismatch.
 */
static size_t vtd_dids_size(const void *obj, const void *m)
{
	const struct intel_iommu *iommu = obj;
	struct vtd_kstate_unit *u = vtd_unit_find(iommu->reg_phys);
	struct vtd_dids d;
	size_t n = 0;
	int err;

	err = vtd_dids_collect(iommu, iommu->root_entry, &d,
			       u ? u->keep : NULL);
	if (!err)
		n = d.nr * sizeof(__le16);
	if (u)
		u->dids_err = err;
	bitmap_free(d.seen);
	return n;
}

static int vtd_dids_save(const void *obj, const void *m, void *buf,
			 size_t len, struct kstate_mem *mem)
{
	const struct intel_iommu *iommu = obj;
	struct vtd_kstate_unit *u = vtd_unit_find(iommu->reg_phys);
	unsigned int did, i = 0;
	struct vtd_dids d;
	int err;

	if (u && u->dids_err)
		return u->dids_err;	/* the size pass's */
	err = vtd_dids_collect(iommu, iommu->root_entry, &d,
			       u ? u->keep : NULL);
	if (!err && d.nr * sizeof(__le16) != len)
		err = -EAGAIN;	/* the context entries changed meanwhile */
	if (!err)
		for_each_set_bit(did, d.seen, VTD_NR_SID)
			put_unaligned_le16(did, (u8 *)buf + 2 * i++);
	bitmap_free(d.seen);
	return err;
}

static int vtd_dids_restore(void *obj, void *m, const void *buf, size_t len,
			    u32 writer_version, struct kstate_mem *mem)
{
	struct intel_iommu *iommu = obj;
	struct vtd_kstate_unit *u;
	unsigned int i, prev = 0;
	struct vtd_dids d;
	int err;

	if (len % sizeof(__le16))
		return -EINVAL;
	err = vtd_dids_collect(iommu, iommu->root_entry, &d, NULL);
	for (i = 0; !err && i < len / 2; i++) {
		unsigned int did = get_unaligned_le16((const u8 *)buf + 2 * i);

		if ((i && did <= prev) || !test_bit(did, d.seen))
			err = -EINVAL;
		prev = did;
	}
	if (!err && d.nr != len / 2)
		err = -EINVAL;
	bitmap_free(d.seen);
	if (err == -EINVAL)
		pr_warn("%s: the context entries do not use the domain ids the previous kernel recorded\n",
			iommu->name);
	u = err ? NULL : vtd_unit_find(iommu->reg_phys);
	if (u)
		u->nr_dids = len / 2;
	return err;
}

static const struct kstate_custom_ops vtd_dids_ops = {
	.size = vtd_dids_size,
	.save = vtd_dids_save,
	.restore = vtd_dids_restore,
};

/*
 * gcmd: saved as is; the restore requires translation enabled on both
 * sides (this kernel's gcmd inherits TE from the hardware) and writes
 * nothing.
 */
static size_t vtd_u32_size(const void *obj, const void *m)
{
	return sizeof(__le32);
}

static int vtd_u32_save(const void *obj, const void *m, void *buf,
			size_t len, struct kstate_mem *mem)
{
	put_unaligned_le32(*(const u32 *)m, buf);
	return 0;
}

static int vtd_gcmd_restore(void *obj, void *m, const void *buf, size_t len,
			    u32 writer_version, struct kstate_mem *mem)
{
	if (len != sizeof(__le32))
		return -EINVAL;
	if (!(get_unaligned_le32(buf) & DMA_GCMD_TE) ||
	    !(*(u32 *)m & DMA_GCMD_TE))
		return -ESTALE;
	return 0;
}

static const struct kstate_custom_ops vtd_gcmd_ops = {
	.size = vtd_u32_size,
	.save = vtd_u32_save,
	.restore = vtd_gcmd_restore,
};

/* seq_id: this kernel numbers its units itself; the previous one's noted */
static int vtd_seq_restore(void *obj, void *m, const void *buf, size_t len,
			   u32 writer_version, struct kstate_mem *mem)
{
	struct vtd_kstate_unit *u;

	if (len != sizeof(__le32))
		return -EINVAL;
	u = vtd_unit_find(((struct intel_iommu *)obj)->reg_phys);
	if (u)
		u->prev_seq_id = get_unaligned_le32(buf);
	return 0;
}

static const struct kstate_custom_ops vtd_seq_ops = {
	.size = vtd_u32_size,
	.save = vtd_u32_save,
	.restore = vtd_seq_restore,
};

#ifdef CONFIG_IRQ_REMAP
/*
 * ir_table: where the interrupt-remapping table was and its size. Outside
 * kdump this kernel sets up interrupt remapping anew (the table is not
 * kept); noted for the status.
 */
#define VTD_IRT_LEN	12

static size_t vtd_irt_size(const void *obj, const void *m)
{
	return *(struct ir_table * const *)m ? VTD_IRT_LEN : 0;
}

static int vtd_irt_save(const void *obj, const void *m, void *buf,
			size_t len, struct kstate_mem *mem)
{
	const struct ir_table *irt = *(struct ir_table * const *)m;

	if (!len)
		return 0;	/* no interrupt remapping */
	put_unaligned_le64(virt_to_phys(irt->base), buf);
	put_unaligned_le32(INTR_REMAP_TABLE_ENTRIES, (u8 *)buf + 8);
	return 0;
}

static int vtd_irt_restore(void *obj, void *m, const void *buf, size_t len,
			   u32 writer_version, struct kstate_mem *mem)
{
	struct vtd_kstate_unit *u;

	if (len && len != VTD_IRT_LEN)
		return -EINVAL;
	u = vtd_unit_find(((struct intel_iommu *)obj)->reg_phys);
	if (u && len) {
		u->prev_irt = get_unaligned_le64(buf);
		u->prev_irt_entries = get_unaligned_le32((const u8 *)buf + 8);
	}
	return 0;
}

static const struct kstate_custom_ops vtd_irt_ops = {
	.size = vtd_irt_size,
	.save = vtd_irt_save,
	.restore = vtd_irt_restore,
};
#endif

/*
 * Once restored: the adopted entries are marked copied (the attach path
 * then replaces them instead of keeping them silently, and lookups skip
 * them), and their domain ids are reserved.
 */
static int vtd_mark_copied(void *arg, int bus, int devfn,
			   struct context_entry *ce)
{
	struct intel_iommu *iommu = arg;
	int did = context_domain_id(ce);

	if (!ida_exists(&iommu->domain_ida, did) &&
	    ida_alloc_range(&iommu->domain_ida, did, did, GFP_KERNEL) < 0)
		return -ENOMEM;
	set_context_copied(iommu, bus, devfn);
	return 0;
}

static int vtd_unit_post_restore(void *obj, u32 writer_version)
{
	struct intel_iommu *iommu = obj;
	struct vtd_kstate_unit *u = vtd_unit_find(iommu->reg_phys);

	if (u)
		u->prev_version = writer_version;

	if (!iommu->copied_tables) {
		iommu->copied_tables = bitmap_zalloc(VTD_NR_SID, GFP_KERNEL);
		if (!iommu->copied_tables)
			return -ENOMEM;
	}
	return vtd_walk_contexts(iommu->root_entry, vtd_mark_copied, iommu);
}

static const struct kstate_ops vtd_unit_ops = {
	.post_restore = vtd_unit_post_restore,
};

/* version 2 only in the handover test's generation-2 kernels */
#define VTD_KSTATE_THIS_V2	0
#ifdef CONFIG_KSTATE_TEST_GEN
#if CONFIG_KSTATE_TEST_GEN >= 2
#undef VTD_KSTATE_THIS_V2
#define VTD_KSTATE_THIS_V2	1
#endif
#endif

#define VTD_KSTATE_V2		VTD_KSTATE_THIS_V2
#define VTD_KSTATE_UNIT		vtd_unit
#include "kstate_unit.h"
#undef VTD_KSTATE_UNIT
#undef VTD_KSTATE_V2

KSTATE_DECLARE(vtd_unit, struct intel_iommu);

/* the unit as the previous kernel had it, for status and adopt messages */
static const char *vtd_restore_str(int restore)
{
	return restore == VTD_KSTATE_NEW ? "new" : restore ? "refused" : "adopted";
}

/**
 * intel_iommu_kstate_adopt() - take over the previous kernel's tables
 * @iommu: a unit, before init_dmars() allocates its root table
 *
 * Called by init_dmars(). If the previous kernel handed this unit over,
 * restores its state in place: the root and context tables are adopted,
 * translation stays on, the entries are marked copied and their domain
 * ids reserved; init_dmars() then neither switches translation off nor
 * allocates a root table. A mismatch (another unit, translation off, a
 * root table that is not the one handed over) or a refused state is
 * reported, and the unit initialised as usual.
 *
 * Return: true if the unit adopted the tables.
 */
bool intel_iommu_kstate_adopt(struct intel_iommu *iommu)
{
	struct vtd_kstate_unit *u;
	int err;

	if (!vtd_unit_kstate_present(iommu->reg_phys))
		return false;
	guard(mutex)(&vtd_kstate_lock);
	u = vtd_unit_get(iommu);
	if (!u) {
		pr_err("%s: state of the previous kernel not restored: %pe\n",
		       iommu->name, ERR_PTR(-ENOMEM));
		return false;
	}
	err = -ESTALE;
	if (iommu->flags & VTD_FLAG_TRANS_PRE_ENABLED)
		err = vtd_unit_kstate_restore(iommu->reg_phys, iommu);
	u->restore = err;
	if (err) {
		pr_warn("%s: tables of the previous kernel not adopted (%pe): initialised anew\n",
			iommu->name, ERR_PTR(err));
		return false;
	}
	pr_info("%s: adopted the previous kernel's root table and %u context tables, %u domain ids; translation kept on (intel_iommu v%u, written by v%u)\n",
		iommu->name, u->nr_tables, u->nr_dids,
		vtd_unit_kstate_type.version, u->prev_version);
	return true;
}

/* Clear the context entries that are not handed over. */
static int vtd_clear_unkept(void *arg, int bus, int devfn,
			    struct context_entry *ce)
{
	struct vtd_kstate_unit *u = arg;

	if (u->keep && test_bit(bus << 8 | devfn, u->keep))
		return 0;
	context_clear_entry(ce);
	__iommu_flush_cache(u->iommu, ce, sizeof(*ce));
	return 0;
}

/**
 * intel_iommu_kstate_shutdown() - keep a unit translating through the kexec
 * @iommu: a unit, at shutdown
 *
 * Called by intel_iommu_shutdown(), with the other CPUs stopped and
 * interrupts off (no lock taken). For a unit whose state is handed over,
 * clears the context entries of the devices that are not preserved (their
 * DMA stops being translated) and flushes the caches.
 *
 * Return: true if the unit keeps translating: intel_iommu_shutdown() does
 * not disable it.
 */
bool intel_iommu_kstate_shutdown(struct intel_iommu *iommu)
{
	struct vtd_kstate_unit *u = vtd_unit_find(iommu->reg_phys);

	if (!u || !u->preserved || !iommu->root_entry)
		return false;
	vtd_walk_contexts(iommu->root_entry, vtd_clear_unkept, u);
	iommu->flush.flush_context(iommu, 0, 0, 0, DMA_CCMD_GLOBAL_INVL);
	iommu->flush.flush_iotlb(iommu, 0, 0, 0, DMA_TLB_GLOBAL_FLUSH);
	return true;
}

#include "kstate_domain.c"

/**
 * intel_iommu_kstate_iova_to_phys() - translate through a device's entry
 * @dev: a device behind a legacy-mode unit
 * @iova: the address to translate
 *
 * Walks, in software, the second-stage table that the device's context
 * entry points to, whether this kernel built it or adopted it (an entry
 * marked copied included): what the unit translates @iova to for @dev.
 *
 * Return: the physical address, or 0 if the entry or the mapping is absent.
 */
u64 intel_iommu_kstate_iova_to_phys(struct device *dev, u64 iova)
{
	struct device_domain_info *info = dev_iommu_priv_get(dev);
	struct context_entry *ctx;
	struct intel_iommu *iommu;
	u64 lo, hi;

	if (!info || !info->iommu || !info->iommu->root_entry ||
	    sm_supported(info->iommu))
		return 0;
	iommu = info->iommu;
	lo = READ_ONCE(iommu->root_entry[info->bus].lo);
	if (!(lo & 1))
		return 0;
	ctx = (struct context_entry *)phys_to_virt(lo & VTD_PAGE_MASK) +
	      info->devfn;
	lo = READ_ONCE(ctx->lo);
	hi = READ_ONCE(ctx->hi);
	if (!(lo & 1) || (lo >> 2 & 3) != CONTEXT_TT_MULTI_LEVEL ||
	    (hi & 7) + 1 > VTD_PT_MAX_LEVEL)
		return 0;
	return vtd_kstate_iova_to_phys(phys_to_virt(lo & VTD_PAGE_MASK),
				       (hi & 7) + 1, iova);
}
EXPORT_SYMBOL_GPL(intel_iommu_kstate_iova_to_phys);

/* debugfs kstate/vtd/status */
static int vtd_kstate_status_show(struct seq_file *m, void *v)
{
	struct vtd_kstate_unit *u;

	seq_puts(m, "unit      reg_phys          preserved restore  prev_seq tables dids irt\n");
	guard(mutex)(&vtd_kstate_lock);
	list_for_each_entry(u, &vtd_kstate_units, node) {
		seq_printf(m, "%-9s %#-17llx %-9s %-8s %-8d %-6u %-4u",
			   u->iommu->name, u->iommu->reg_phys,
			   str_yes_no(u->preserved), vtd_restore_str(u->restore),
			   u->prev_seq_id, u->nr_tables, u->nr_dids);
		if (u->prev_irt)
			seq_printf(m, " %#llx/%u", u->prev_irt,
				   u->prev_irt_entries);
		else
			seq_puts(m, " -");
		if (u->restore && u->restore != VTD_KSTATE_NEW)
			seq_printf(m, " (%d)", u->restore);
		seq_putc(m, '\n');
	}
	vtd_restored_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vtd_kstate_status);

static int __init vtd_kstate_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("vtd", kstate_debugfs_root());

	debugfs_create_file("status", 0400, dir, NULL, &vtd_kstate_status_fops);
	return 0;
}
late_initcall(vtd_kstate_debugfs_init);

#if IS_ENABLED(CONFIG_KSTATE_KUNIT_TEST)
#include "kstate_vtd_kunit.c"
#endif
