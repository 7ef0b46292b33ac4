// SPDX-License-Identifier: GPL-2.0
/*
 * Domains and devices of Intel VT-d across a live update: included by
 * drivers/iommu/intel/kstate.c.
 *
 * A paging domain's second-stage table (generic_pt's vtdss format) is
 * kept in place: every table page is preserved, and the next kernel takes
 * them back by walking the table from its top, so that a table entry that
 * points at memory the previous kernel did not preserve refuses the
 * domain.
 */

#define VTD_PT_ENTRIES		(VTD_PAGE_SIZE / sizeof(u64))
#define VTD_PT_OA		GENMASK_ULL(51, 12)
#define VTD_PT_PS		BIT(7)
#define VTD_PT_MAX_LEVEL	4

/* Is entry @e of a table at @level a pointer to a lower table? */
static bool vtd_pt_is_table(u64 e, unsigned int level)
{
	return e && level && !(level <= 2 && (e & VTD_PT_PS));
}

/*
 * Each table below @table (at @level), depth first: @fn(@arg, phys) for
 * each, which returns the table's kernel address or an ERR_PTR().
 * Returns the number of tables, or -errno.
 */
static int vtd_pt_walk_tables(u64 *table, unsigned int level,
			      u64 *(*fn)(void *arg, u64 phys), void *arg)
{
	int i, n = 0, sub;

	for (i = 0; i < VTD_PT_ENTRIES; i++) {
		u64 e = READ_ONCE(table[i]);
		u64 *lower;

		if (!vtd_pt_is_table(e, level))
			continue;
		lower = fn(arg, e & VTD_PT_OA);
		if (IS_ERR(lower))
			return PTR_ERR(lower);
		sub = vtd_pt_walk_tables(lower, level - 1, fn, arg);
		if (sub < 0)
			return sub;
		n += 1 + sub;
	}
	return n;
}

/**
 * vtd_kstate_iova_to_phys() - translate an IOVA through a second-stage table
 * @top: the table's top, a kernel address
 * @level: its level (3 for a 4-level table)
 * @iova: the address to translate
 *
 * A software walk of the vtdss format, independent of generic_pt's, for
 * checking adopted tables.
 *
 * Return: the physical address, or 0 if @iova is not mapped.
 */
static u64 vtd_kstate_iova_to_phys(u64 *top, unsigned int level, u64 iova)
{
	u64 *table = top;

	for (;;) {
		unsigned int shift = VTD_PAGE_SHIFT + 9 * level;
		u64 e = READ_ONCE(table[(iova >> shift) & (VTD_PT_ENTRIES - 1)]);

		if (!e)
			return 0;
		if (!vtd_pt_is_table(e, level))
			return (e & VTD_PT_OA & ~(BIT_ULL(shift) - 1)) |
			       (iova & (BIT_ULL(shift) - 1));
		table = phys_to_virt(e & VTD_PT_OA);
		level--;
	}
}

/*
 * sspt.vtdss_pt.common: the top of the table (address and level), its
 * address widths and format features, and the number of table pages; all
 * of them kept in place.
 */
#define VTD_PT_LEN	20

static u64 *vtd_pt_top(const struct pt_common *common, unsigned int *level)
{
	uintptr_t top = READ_ONCE(common->top_of_table);

	*level = top & PT_TOP_LEVEL_MASK;
	return (u64 *)(top & ~(uintptr_t)PT_TOP_LEVEL_MASK);
}

static size_t vtd_pt_size(const void *obj, const void *m)
{
	unsigned int level;

	return vtd_pt_top(m, &level) ? VTD_PT_LEN : 0;
}

struct vtd_pt_keep {
	struct kstate_mem *mem;
	int err;
};

static u64 *vtd_pt_preserve(void *arg, u64 phys)
{
	struct vtd_pt_keep *k = arg;
	u64 kept;
	int err;

	err = kstate_custom_preserve(k->mem, phys_to_page(phys), 0, &kept);
	return err ? ERR_PTR(err) : phys_to_virt(phys);
}

static int vtd_pt_save(const void *obj, const void *m, void *buf, size_t len,
		       struct kstate_mem *mem)
{
	const struct pt_common *common = m;
	struct vtd_pt_keep k = { .mem = mem };
	unsigned int level;
	u64 *top = vtd_pt_top(common, &level);
	u64 phys;
	int n, err;

	if (!len)
		return 0;	/* no table */
	err = kstate_custom_preserve(mem, virt_to_page(top), 0, &phys);
	if (err)
		return err;
	n = vtd_pt_walk_tables(top, level, vtd_pt_preserve, &k);
	if (n < 0)
		return n;
	put_unaligned_le64(phys, buf);
	put_unaligned_le32(level, (u8 *)buf + 8);
	put_unaligned_le32(common->max_vasz_lg2 | common->max_oasz_lg2 << 8,
			   (u8 *)buf + 12);
	put_unaligned_le32(n + 1, (u8 *)buf + 16);
	return 0;
}

static u64 *vtd_pt_take(void *arg, u64 phys)
{
	struct page *page = kstate_custom_restore(arg, phys, 0);

	return page ? page_address(page) : ERR_PTR(-EINVAL);
}

/*
 * The table comes back where it was; the restored domain's own top (one
 * the next kernel allocated) is the caller's to free.
 */
static int vtd_pt_restore(void *obj, void *m, const void *buf, size_t len,
			  u32 writer_version, struct kstate_mem *mem)
{
	struct pt_common *common = m;
	unsigned int level, sz, cur;
	u64 *top;
	int n;

	if (len != VTD_PT_LEN)
		return len ? -EINVAL : -ENODATA;
	level = get_unaligned_le32((const u8 *)buf + 8);
	sz = get_unaligned_le32((const u8 *)buf + 12);
	if (level > VTD_PT_MAX_LEVEL || (sz & 0xff) > 57 || (sz >> 8) > 52)
		return -EINVAL;
	/* a domain this kernel allocated must have the same format */
	if (vtd_pt_top(common, &cur) &&
	    (cur != level || common->max_vasz_lg2 != (sz & 0xff)))
		return -EINVAL;
	top = vtd_pt_take(mem, get_unaligned_le64(buf));
	if (IS_ERR(top))
		return PTR_ERR(top);
	n = vtd_pt_walk_tables(top, level, vtd_pt_take, mem);
	if (n < 0)
		return n;
	if (n + 1 != get_unaligned_le32((const u8 *)buf + 16))
		return -EINVAL;
	WRITE_ONCE(common->top_of_table, (uintptr_t)top | level);
	common->max_vasz_lg2 = sz & 0xff;
	common->max_oasz_lg2 = sz >> 8;
	return 0;
}

static const struct kstate_custom_ops vtd_pt_ops = {
	.size = vtd_pt_size,
	.save = vtd_pt_save,
	.restore = vtd_pt_restore,
};

/* A domain's id on one unit; the unit is an object reference */
KSTATE_DEFINE(iommu_domain_info, struct iommu_domain_info,
	      KSTATE_PTR(iommu, vtd_unit),
	      KSTATE_U16(did));

/*
 * Once restored: the domain's ids indexed by this kernel's sequence
 * numbers of the units, which may differ from the previous kernel's; no
 * device counted yet (each attach counts its own).
 */
static int vtd_domain_post_restore(void *obj, u32 writer_version)
{
	struct dmar_domain *domain = obj;
	struct iommu_domain_info *info, *moved[8];
	unsigned long idx;
	int nr = 0, i, err = 0;

	xa_for_each(&domain->iommu_array, idx, info) {
		if (!info->iommu)
			return -ENODEV;	/* its unit was not adopted */
		info->refcnt = 0;
		if (info->iommu->seq_id == idx)
			continue;
		if (nr == ARRAY_SIZE(moved))
			return -E2BIG;
		moved[nr++] = xa_erase(&domain->iommu_array, idx);
	}
	for (i = 0; i < nr && !err; i++)
		err = xa_insert(&domain->iommu_array, moved[i]->iommu->seq_id,
				moved[i], GFP_KERNEL);
	return err;
}

static const struct kstate_ops vtd_domain_ops = {
	.post_restore = vtd_domain_post_restore,
};

KSTATE_DEFINE(dmar_domain, struct dmar_domain,
	      KSTATE_OPS(&vtd_domain_ops),
	      KSTATE_XARRAY(iommu_array, iommu_domain_info),
	      KSTATE_BITFIELD(force_snooping),
	      KSTATE_BITFIELD(dirty_tracking),
	      KSTATE_BITFIELD(nested_parent),
	      KSTATE_BITFIELD(iotlb_sync_map),
	      KSTATE_CUSTOM(sspt.vtdss_pt.common, &vtd_pt_ops));

KSTATE_DECLARE(dmar_domain, struct dmar_domain);

/**
 * struct vtd_kstate_domain - a domain this kernel preserves
 * @node: in vtd_kstate_domains.
 * @key: its KSTATE key, the caller's.
 * @dmar: the domain.
 * @nr_devs: preserved devices attached to it.
 */
struct vtd_kstate_domain {
	struct list_head node;
	u64 key;
	struct dmar_domain *dmar;
	unsigned int nr_devs;
};

/**
 * struct vtd_kstate_dev - a device this kernel preserves
 * @node: in vtd_kstate_devs.
 * @info: its VT-d state, registered.
 * @dom: the domain it was preserved in.
 */
struct vtd_kstate_dev {
	struct list_head node;
	struct device_domain_info *info;
	struct vtd_kstate_domain *dom;
};

/**
 * struct vtd_kstate_restored - a device and domain the next kernel restored
 * @node: in vtd_kstate_restored.
 * @key: the domain's key.
 * @dev: the device, referenced.
 * @err: 0 if restored and attached, else why not (-errno).
 */
struct vtd_kstate_restored {
	struct list_head node;
	u64 key;
	struct device *dev;
	int err;
};

static LIST_HEAD(vtd_kstate_domains);
static LIST_HEAD(vtd_kstate_restored);
/* changed under vtd_kstate_lock and this lock; the save's check takes this */
static LIST_HEAD(vtd_kstate_devs);
static DEFINE_SPINLOCK(vtd_kstate_devs_lock);

/*
 * At the save: a preserved device must still be attached to the domain it
 * was preserved in (its tables are what the next kernel adopts).
 */
static int vtd_dev_pre_save(void *obj)
{
	struct device_domain_info *info = obj;
	struct vtd_kstate_dev *d;
	int err = -ESTALE;

	spin_lock(&vtd_kstate_devs_lock);
	list_for_each_entry(d, &vtd_kstate_devs, node) {
		if (d->info != info)
			continue;
		if (info->domain == d->dom->dmar)
			err = 0;
		break;
	}
	spin_unlock(&vtd_kstate_devs_lock);
	if (err)
		pr_err("%s: no longer attached to the domain it was preserved in\n",
		       info->dev ? dev_name(info->dev) : "device");
	return err;
}

static const struct kstate_ops vtd_dev_ops = {
	.pre_save = vtd_dev_pre_save,
};

/*
 * A device: its source id and ATS/PRI/PASID state, checked against what
 * this kernel probed (enablement is not carried yet: a device that had
 * any of it enabled does not restore), and its domain.
 */
KSTATE_DEFINE(device_domain_info, struct device_domain_info,
	      KSTATE_OPS(&vtd_dev_ops),
	      KSTATE_U32(segment, KSTATE_MUST_MATCH),
	      KSTATE_U8(bus, KSTATE_MUST_MATCH),
	      KSTATE_U8(devfn, KSTATE_MUST_MATCH),
	      KSTATE_U16(pfsid, KSTATE_MUST_MATCH),
	      KSTATE_BITFIELD(pasid_supported, KSTATE_MUST_MATCH),
	      KSTATE_BITFIELD(pasid_enabled, KSTATE_MUST_MATCH),
	      KSTATE_BITFIELD(pri_supported, KSTATE_MUST_MATCH),
	      KSTATE_BITFIELD(pri_enabled, KSTATE_MUST_MATCH),
	      KSTATE_BITFIELD(ats_supported, KSTATE_MUST_MATCH),
	      KSTATE_BITFIELD(ats_enabled, KSTATE_MUST_MATCH),
	      KSTATE_U8(ats_qdep),
	      KSTATE_PTR(domain, dmar_domain));

KSTATE_DECLARE(device_domain_info, struct device_domain_info);

static u64 vtd_dev_key(struct device_domain_info *info)
{
	return (u64)info->segment << 16 | info->bus << 8 | info->devfn;
}

static int vtd_keep_alias(struct pci_dev *pdev, u16 alias, void *data)
{
	__set_bit(alias, data);
	return 0;
}

static int vtd_unkeep_alias(struct pci_dev *pdev, u16 alias, void *data)
{
	__clear_bit(alias, data);
	return 0;
}

static struct vtd_kstate_domain *vtd_domain_find(u64 key)
{
	struct vtd_kstate_domain *d;

	list_for_each_entry(d, &vtd_kstate_domains, node)
		if (d->key == key)
			return d;
	return NULL;
}

static struct vtd_kstate_dev *vtd_dev_find(struct device_domain_info *info)
{
	struct vtd_kstate_dev *d;

	list_for_each_entry(d, &vtd_kstate_devs, node)
		if (d->info == info)
			return d;
	return NULL;
}

/* One device less in @dom, and the unit keeps nothing: registrations go */
static void vtd_put_domain(struct vtd_kstate_domain *dom)
{
	if (--dom->nr_devs)
		return;
	dmar_domain_kstate_unregister(dom->key);
	list_del(&dom->node);
	kfree(dom);
}

static void vtd_put_unit(struct vtd_kstate_unit *u)
{
	if (!u->preserved || !bitmap_empty(u->keep, VTD_NR_SID))
		return;
	vtd_unit_kstate_unregister(u->iommu->reg_phys);
	u->preserved = false;
}

/**
 * intel_iommu_kstate_preserve() - keep a device's translation across the update
 * @dev: a PCI device attached to @domain
 * @domain: a second-stage paging domain of a legacy-mode unit
 * @key: the domain's key, chosen by the caller (the same for every device
 *	of the domain), to find it again in the next kernel
 *
 * Registers with KSTATE the device's unit, @domain and the device, and
 * preserves the PCI device (pci_kstate_preserve(): its bus mastering stays
 * on). At the kexec, the unit keeps translating the device through
 * @domain's tables, which stay in place; the next kernel adopts them.
 *
 * Context: Process context.
 * Return: 0; -EINVAL if @dev is not attached to @domain; -EOPNOTSUPP for
 * a scalable-mode unit or a domain without a second-stage table; or the
 * error of a registration (nothing is preserved then).
 */
int intel_iommu_kstate_preserve(struct device *dev,
				struct iommu_domain *domain, u64 key)
{
	struct device_domain_info *info = dev_iommu_priv_get(dev);
	struct dmar_domain *dmar = to_dmar_domain(domain);
	struct vtd_kstate_domain *dom;
	struct vtd_kstate_dev *rec;
	struct intel_iommu *iommu;
	struct vtd_kstate_unit *u;
	int err;

	if (!dev_is_pci(dev) || !info || info->domain != dmar)
		return -EINVAL;
	iommu = info->iommu;
	if (sm_supported(iommu) || dmar->domain.type & __IOMMU_DOMAIN_SVA ||
	    !(dmar->domain.type & __IOMMU_DOMAIN_PAGING) || dmar->nested_parent) {
		dev_err(dev, "VT-d state not preserved: only second-stage domains of legacy-mode units are carried\n");
		return -EOPNOTSUPP;
	}
	guard(mutex)(&vtd_kstate_lock);
	if (vtd_dev_find(info))
		return -EALREADY;
	dom = vtd_domain_find(key);
	if (dom && dom->dmar != dmar) {
		dev_err(dev, "VT-d state not preserved: key %llu is another domain's\n",
			key);
		return -EEXIST;
	}
	u = vtd_unit_get(iommu);
	rec = kzalloc_obj(*rec);
	if (!u || !rec) {
		kfree(rec);
		return -ENOMEM;
	}
	if (!u->keep) {
		u->keep = bitmap_zalloc(VTD_NR_SID, GFP_KERNEL);
		if (!u->keep) {
			kfree(rec);
			return -ENOMEM;
		}
	}
	if (!u->preserved) {
		err = vtd_unit_kstate_register(iommu->reg_phys, iommu);
		if (err)
			goto fail;
		u->preserved = true;
	}
	if (!dom) {
		dom = kzalloc_obj(*dom);
		err = dom ? dmar_domain_kstate_register(key, dmar) : -ENOMEM;
		if (err) {
			kfree(dom);
			goto fail_unit;
		}
		dom->key = key;
		dom->dmar = dmar;
		list_add_tail(&dom->node, &vtd_kstate_domains);
	}
	dom->nr_devs++;
	rec->info = info;
	rec->dom = dom;
	scoped_guard(spinlock, &vtd_kstate_devs_lock)
		list_add_tail(&rec->node, &vtd_kstate_devs);
	err = device_domain_info_kstate_register(vtd_dev_key(info), info);
	/* and the device itself, whose bus mastering stays on */
	if (!err) {
		err = pci_kstate_preserve(to_pci_dev(dev));
		if (err)
			device_domain_info_kstate_unregister(vtd_dev_key(info));
	}
	if (err)
		goto fail_dev;
	pci_for_each_dma_alias(to_pci_dev(dev), vtd_keep_alias, u->keep);
	dev_info(dev, "translation through domain %llu kept across the live update\n",
		 key);
	return 0;

fail_dev:
	scoped_guard(spinlock, &vtd_kstate_devs_lock)
		list_del(&rec->node);
	vtd_put_domain(dom);
fail_unit:
	vtd_put_unit(u);
fail:
	kfree(rec);
	dev_err(dev, "VT-d state not preserved: %pe\n", ERR_PTR(err));
	return err;
}
EXPORT_SYMBOL_GPL(intel_iommu_kstate_preserve);

/**
 * intel_iommu_kstate_unpreserve() - no longer keep a device's translation
 * @dev: a device intel_iommu_kstate_preserve() preserved
 *
 * Undoes intel_iommu_kstate_preserve() for @dev, and for its domain and
 * unit once no preserved device is left in them. The PCI device is no
 * longer preserved either. Call it before detaching @dev from the domain
 * or freeing the domain; a preserved device found in another domain at
 * the kexec refuses the live update.
 *
 * Context: Process context.
 */
void intel_iommu_kstate_unpreserve(struct device *dev)
{
	struct device_domain_info *info = dev_iommu_priv_get(dev);
	struct vtd_kstate_unit *u;
	struct vtd_kstate_dev *rec;

	if (!info)
		return;
	scoped_guard(mutex, &vtd_kstate_lock) {
		rec = vtd_dev_find(info);
		if (!rec)
			return;
		device_domain_info_kstate_unregister(vtd_dev_key(info));
		scoped_guard(spinlock, &vtd_kstate_devs_lock)
			list_del(&rec->node);
		u = vtd_unit_find(info->iommu->reg_phys);
		if (u && u->keep)
			pci_for_each_dma_alias(to_pci_dev(dev), vtd_unkeep_alias,
					       u->keep);
		vtd_put_domain(rec->dom);
		if (u)
			vtd_put_unit(u);
		kfree(rec);
	}
	pci_kstate_unpreserve(to_pci_dev(dev));
}
EXPORT_SYMBOL_GPL(intel_iommu_kstate_unpreserve);

/**
 * intel_iommu_kstate_keep_context() - keep an adopted entry for its domain
 * @iommu: the unit
 * @context: the context entry of @bus:@devfn, marked copied
 * @bus: the device's bus
 * @devfn: and its devfn
 * @did: the domain id of the domain being attached
 * @pt: and its second-stage table
 *
 * Called by domain_context_mapping_one() under the unit's lock: an entry
 * the previous kernel handed over that already translates through the
 * domain being attached (the domain restored from its state) stays as it
 * is, only no longer marked copied; any other one is torn down and
 * written again as usual.
 *
 * Return: true if the entry was kept.
 */
bool intel_iommu_kstate_keep_context(struct intel_iommu *iommu,
				     struct context_entry *context, u8 bus,
				     u8 devfn, u16 did,
				     const struct pt_iommu_vtdss_hw_info *pt)
{
	lockdep_assert_held(&iommu->lock);
	if (!context_copied(iommu, bus, devfn) || !context_present(context) ||
	    context_domain_id(context) != did ||
	    (context->lo & VTD_PAGE_MASK) != pt->ssptptr ||
	    (context->hi & 7) != pt->aw)
		return false;
	clear_context_copied(iommu, bus, devfn);
	return true;
}

/* intel_iommu_kstate_restore(), noted by it */
static struct iommu_domain *vtd_restore(struct device *dev, u64 key)
{
	struct device_domain_info *info = dev_iommu_priv_get(dev);
	struct iommu_domain *domain;
	struct dmar_domain *dmar;
	unsigned int level;
	u64 *fresh;
	int err;

	if (!dev_is_pci(dev) || !info)
		return ERR_PTR(-EINVAL);
	if (!context_copied(info->iommu, info->bus, info->devfn))
		return ERR_PTR(-ENOENT);
	domain = iommu_paging_domain_alloc(dev);
	if (IS_ERR(domain))
		return domain;
	dmar = to_dmar_domain(domain);
	if (!intel_domain_is_ss_paging(dmar)) {
		err = -EOPNOTSUPP;
		goto free;
	}
	fresh = vtd_pt_top(&dmar->sspt.vtdss_pt.common, &level);
	err = dmar_domain_kstate_restore(key, dmar);
	if (err)
		goto free;
	iommu_free_pages(fresh);
	err = iommu_attach_device(domain, dev);
	if (err)
		goto fail;
	/* the domain works: a device state that does not restore is noted */
	err = device_domain_info_kstate_restore(vtd_dev_key(info), info);
	if (err)
		dev_warn(dev, "VT-d device state not restored: %pe\n",
			 ERR_PTR(err));
	dev_info(dev, "attached to domain %llu, restored with its tables in place\n",
		 key);
	return domain;

free:
	iommu_domain_free(domain);
	dev_err(dev, "domain %llu not restored: %pe\n", key, ERR_PTR(err));
	return ERR_PTR(err);
fail:
	/* the handed-over tables stay with the adopted entry */
	WRITE_ONCE(dmar->sspt.vtdss_pt.common.top_of_table, 0);
	dev_err(dev, "domain %llu restored, not attached: %pe\n", key,
		ERR_PTR(err));
	return ERR_PTR(err);
}

/* Noted for kstate/vtd/status */
static void vtd_note_restore(struct device *dev, u64 key, int err)
{
	struct vtd_kstate_restored *r = kzalloc_obj(*r);

	if (!r)
		return;
	r->key = key;
	r->dev = get_device(dev);
	r->err = err;
	guard(mutex)(&vtd_kstate_lock);
	list_add_tail(&r->node, &vtd_kstate_restored);
}

/**
 * intel_iommu_kstate_restore() - a preserved device back in its domain
 * @dev: the device, probed, its context entry adopted from the previous
 *	kernel
 * @key: the key its domain was preserved with
 *
 * Allocates a paging domain for @dev and restores the previous kernel's
 * domain into it: the handed-over page table takes the place of the new
 * one (which is freed), and the domain keeps its domain ids. Then attaches
 * @dev, which keeps its adopted context entry as it is (its DMA is never
 * blocked), and restores the device's state. VFIO's live update, or the
 * test driver, calls this from the device's probe.
 *
 * Context: Process context.
 * Return: the domain, for the caller to use and free as any paging
 * domain, or an ERR_PTR(): -ENOENT if @dev's entry was not adopted, the
 * domain's restore error (the new domain is freed; @dev stays in its
 * adopted entry), or the attach's (the restored domain is left alone:
 * freeing it would free tables the unit may still use).
 */
struct iommu_domain *intel_iommu_kstate_restore(struct device *dev, u64 key)
{
	struct iommu_domain *domain = vtd_restore(dev, key);

	vtd_note_restore(dev, key, PTR_ERR_OR_ZERO(domain));
	return domain;
}
EXPORT_SYMBOL_GPL(intel_iommu_kstate_restore);

/* The restored devices and domains, for kstate/vtd/status */
static void vtd_restored_show(struct seq_file *m)
{
	struct vtd_kstate_restored *r;

	lockdep_assert_held(&vtd_kstate_lock);
	if (list_empty(&vtd_kstate_restored))
		return;
	seq_puts(m, "\ndevice        domain   restore\n");
	list_for_each_entry(r, &vtd_kstate_restored, node) {
		seq_printf(m, "%-13s %-8llu %s", dev_name(r->dev), r->key,
			   r->err ? "refused" : "restored");
		if (r->err)
			seq_printf(m, " (%d)", r->err);
		seq_putc(m, '\n');
	}
}
