// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit cases of the VT-d descriptors, without an IOMMU: included by
 * drivers/iommu/intel/kstate.c with CONFIG_KSTATE_KUNIT_TEST, run at
 * x86_64 boot (VT-d does not build on UML). A unit is a zeroed struct
 * intel_iommu whose registers are a page of memory; its tables are real
 * pages, kept in place by a memory backend that hands the same pages back.
 */
#include <kunit/test.h>

#define VTD_KT_REG_PHYS	0xfeedf000ULL
#define VTD_KT_KEY	7

KUNIT_DEFINE_ACTION_WRAPPER(vtd_kt_kvfree, kvfree, const void *);

static int vtd_kt_preserve(struct page *page, unsigned int order, u64 *phys)
{
	*phys = page_to_phys(page);
	return 0;
}

static struct page *vtd_kt_restore(u64 phys, unsigned int order)
{
	return pfn_valid(PHYS_PFN(phys)) ? phys_to_page(phys) : NULL;
}

static void vtd_kt_release(struct page *page, unsigned int order)
{
}

static const struct kstate_mem_ops vtd_kt_mem = {
	.preserve = vtd_kt_preserve,
	.restore = vtd_kt_restore,
	.release = vtd_kt_release,
};

static void vtd_kt_free_page(void *table)
{
	free_page((unsigned long)table);
}

static void *vtd_kt_table(struct kunit *test)
{
	void *table = (void *)get_zeroed_page(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, table);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, vtd_kt_free_page,
							table), 0);
	return table;
}

static void vtd_kt_unit_free(void *arg)
{
	struct intel_iommu *iommu = arg;

	ida_destroy(&iommu->domain_ida);
	bitmap_free(iommu->copied_tables);
}

/* A unit translating through @root (NULL: none yet), registers in memory */
static struct intel_iommu *vtd_kt_unit(struct kunit *test, void *regs,
				       struct root_entry *root)
{
	struct intel_iommu *iommu = kunit_kzalloc(test, sizeof(*iommu),
						  GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, iommu);
	iommu->reg = (void __force __iomem *)regs;
	iommu->reg_phys = VTD_KT_REG_PHYS;
	iommu->cap = 2;		/* 256 domains */
	iommu->ecap = 0x30;
	iommu->agaw = 2;
	iommu->msagaw = 2;
	iommu->gcmd = DMA_GCMD_TE;
	iommu->root_entry = root;
	strscpy(iommu->name, "dmar-kt");
	ida_init(&iommu->domain_ida);
	kunit_add_action(test, vtd_kt_unit_free, iommu);
	return iommu;
}

static void *vtd_kt_save(struct kunit *test, const struct kstate_type *t,
			 u64 key, void *obj, const struct kstate_type *t2,
			 u64 key2, void *obj2, size_t *size)
{
	struct kstate_out *out = kstate_out_create();
	void *blob = NULL;
	int err;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	kstate_out_set_mem(out, &vtd_kt_mem);
	err = kstate_out_add(out, t, key, obj);
	if (!err && t2)
		err = kstate_out_add(out, t2, key2, obj2);
	if (!err)
		err = kstate_out_save(out, &blob, size);
	kstate_out_destroy(out);
	KUNIT_ASSERT_EQ(test, err, 0);
	kunit_add_action(test, vtd_kt_kvfree, blob);
	return blob;
}

static void vtd_kt_in_close(void *in)
{
	kstate_in_close(in);
}

static struct kstate_in *vtd_kt_open(struct kunit *test, void *blob,
				     size_t size)
{
	struct kstate_in *in = kstate_in_open(blob, size);

	KUNIT_ASSERT_FALSE(test, IS_ERR(in));
	kstate_in_set_mem(in, &vtd_kt_mem);
	kunit_add_action(test, vtd_kt_in_close, in);
	return in;
}

/* Root table with bus 1's context table: devfn 0 in domain 5, 8 in 7 */
static struct root_entry *vtd_kt_tables(struct kunit *test, u32 *regs)
{
	struct root_entry *root = vtd_kt_table(test);
	struct context_entry *ctx = vtd_kt_table(test);

	root[1].lo = virt_to_phys(ctx) | 1;
	ctx[0].lo = 0x1234000 | 1;
	ctx[0].hi = 5 << 8 | 2;
	ctx[8].lo = 0x5678000 | 1;
	ctx[8].hi = 7 << 8 | 2;
	regs[DMAR_GSTS_REG / 4] = DMA_GSTS_TES;
	put_unaligned_le64(virt_to_phys(root), &regs[DMAR_RTADDR_REG / 4]);
	return root;
}

/*
 * The unit adopts the root and context tables in place: the entries are
 * marked copied, their domain ids reserved; identity and the command
 * state are never written.
 */
static void vtd_kstate_test_unit(struct kunit *test)
{
	u32 *regs = vtd_kt_table(test);
	struct root_entry *root = vtd_kt_tables(test, regs);
	struct intel_iommu *w = vtd_kt_unit(test, regs, root), *r;
	struct kstate_in *in;
	size_t size;
	void *blob;

	w->seq_id = 3;
	blob = vtd_kt_save(test, &vtd_unit_kstate_type, VTD_KT_REG_PHYS, w,
			   NULL, 0, NULL, &size);
	r = vtd_kt_unit(test, regs, NULL);
	r->seq_id = 0;
	in = vtd_kt_open(test, blob, size);
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &vtd_unit_kstate_type,
						VTD_KT_REG_PHYS, r), 0);
	KUNIT_EXPECT_PTR_EQ(test, r->root_entry, root);
	KUNIT_EXPECT_EQ(test, r->seq_id, 0);
	KUNIT_EXPECT_TRUE(test, context_copied(r, 1, 0));
	KUNIT_EXPECT_TRUE(test, context_copied(r, 1, 8));
	KUNIT_EXPECT_FALSE(test, context_copied(r, 1, 1));
	KUNIT_EXPECT_TRUE(test, ida_exists(&r->domain_ida, 5));
	KUNIT_EXPECT_TRUE(test, ida_exists(&r->domain_ida, 7));
	KUNIT_EXPECT_FALSE(test, ida_exists(&r->domain_ida, 6));
}

/*
 * Refused before anything is written: the unit translates through another
 * root table, or does not translate, or is another unit.
 */
static void vtd_kstate_test_unit_refused(struct kunit *test)
{
	u32 *regs = vtd_kt_table(test);
	struct root_entry *root = vtd_kt_tables(test, regs);
	struct intel_iommu *w = vtd_kt_unit(test, regs, root), *r;
	struct kstate_in *in;
	size_t size;
	void *blob;

	blob = vtd_kt_save(test, &vtd_unit_kstate_type, VTD_KT_REG_PHYS, w,
			   NULL, 0, NULL, &size);
	in = vtd_kt_open(test, blob, size);
	r = vtd_kt_unit(test, regs, NULL);

	put_unaligned_le64(virt_to_phys(root) + VTD_PAGE_SIZE,
			   &regs[DMAR_RTADDR_REG / 4]);
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &vtd_unit_kstate_type,
						VTD_KT_REG_PHYS, r), -ESTALE);
	put_unaligned_le64(virt_to_phys(root), &regs[DMAR_RTADDR_REG / 4]);
	regs[DMAR_GSTS_REG / 4] = 0;
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &vtd_unit_kstate_type,
						VTD_KT_REG_PHYS, r), -ESTALE);
	regs[DMAR_GSTS_REG / 4] = DMA_GSTS_TES;
	r->ecap = 0x31;
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &vtd_unit_kstate_type,
						VTD_KT_REG_PHYS, r), -ENXIO);
	KUNIT_EXPECT_NULL(test, r->root_entry);
	KUNIT_EXPECT_NULL(test, r->copied_tables);
	KUNIT_EXPECT_TRUE(test, ida_is_empty(&r->domain_ida));

	/* and the retry, on the right unit, adopts */
	r->ecap = 0x30;
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &vtd_unit_kstate_type,
						VTD_KT_REG_PHYS, r), 0);
	KUNIT_EXPECT_PTR_EQ(test, r->root_entry, root);
}

static void vtd_kt_domain_free(void *arg)
{
	struct dmar_domain *domain = arg;
	struct iommu_domain_info *info;
	unsigned long idx;

	xa_for_each(&domain->iommu_array, idx, info)
		kfree(info);
	xa_destroy(&domain->iommu_array);
}

/* A zeroed domain, its xarray empty, and what a restore puts in it freed */
static struct dmar_domain *vtd_kt_domain(struct kunit *test)
{
	struct dmar_domain *domain = kunit_kzalloc(test, sizeof(*domain),
						   GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, domain);
	xa_init(&domain->iommu_array);
	kunit_add_action(test, vtd_kt_domain_free, domain);
	return domain;
}

/*
 * A 4-level table: 0x100000 -> 0x42000 (4 KiB), 0x40000000 -> 0x80200000
 * (2 MiB), through four table pages besides the top.
 */
static u64 *vtd_kt_pt(struct kunit *test)
{
	u64 *top = vtd_kt_table(test), *l2 = vtd_kt_table(test);
	u64 *l1a = vtd_kt_table(test), *l0 = vtd_kt_table(test);
	u64 *l1b = vtd_kt_table(test);

	top[0] = virt_to_phys(l2) | 3;
	l2[0] = virt_to_phys(l1a) | 3;
	l2[1] = virt_to_phys(l1b) | 3;
	l1a[0] = virt_to_phys(l0) | 3;
	l0[0x100] = 0x42000 | 3;
	l1b[0] = 0x80200000 | VTD_PT_PS | 3;
	return top;
}

/*
 * The domain's table comes back in place, the software walk translates
 * through it, and its domain id is indexed by this kernel's sequence
 * number of its unit, restored before it.
 */
static void vtd_kstate_test_domain(struct kunit *test)
{
	u32 *regs = vtd_kt_table(test);
	struct root_entry *root = vtd_kt_tables(test, regs);
	struct intel_iommu *wu = vtd_kt_unit(test, regs, root), *ru;
	struct dmar_domain *w = vtd_kt_domain(test), *r = vtd_kt_domain(test);
	struct iommu_domain_info *info, *wi;
	unsigned int level;
	struct kstate_in *in;
	size_t size;
	void *blob;
	u64 *top;

	wi = kzalloc_obj(*wi);
	KUNIT_ASSERT_NOT_NULL(test, wi);
	wi->iommu = wu;
	wi->refcnt = 2;
	wi->did = 5;
	KUNIT_ASSERT_EQ(test, xa_insert(&w->iommu_array, 0, wi, GFP_KERNEL), 0);
	top = vtd_kt_pt(test);
	w->sspt.vtdss_pt.common.top_of_table = (uintptr_t)top | 3;
	w->sspt.vtdss_pt.common.max_vasz_lg2 = 48;
	w->sspt.vtdss_pt.common.max_oasz_lg2 = 46;
	w->iotlb_sync_map = 1;
	wu->seq_id = 0;
	blob = vtd_kt_save(test, &vtd_unit_kstate_type, VTD_KT_REG_PHYS, wu,
			   &dmar_domain_kstate_type, VTD_KT_KEY, w, &size);
	/* the soft state against the 7 table pages it keeps in place */
	kunit_info(test, "unit and domain: %zu bytes of stream (with the types' schemas), %lu bytes of tables kept in place\n",
		   size, 7 * VTD_PAGE_SIZE);

	in = vtd_kt_open(test, blob, size);
	ru = vtd_kt_unit(test, regs, NULL);
	ru->seq_id = 1;
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &vtd_unit_kstate_type,
						VTD_KT_REG_PHYS, ru), 0);
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &dmar_domain_kstate_type,
						VTD_KT_KEY, r), 0);
	KUNIT_EXPECT_PTR_EQ(test, vtd_pt_top(&r->sspt.vtdss_pt.common, &level),
			    top);
	KUNIT_EXPECT_EQ(test, level, 3);
	KUNIT_EXPECT_EQ(test, r->sspt.vtdss_pt.common.max_vasz_lg2, 48);
	KUNIT_EXPECT_EQ(test, r->sspt.vtdss_pt.common.max_oasz_lg2, 46);
	KUNIT_EXPECT_EQ(test, (int)r->iotlb_sync_map, 1);
	KUNIT_EXPECT_EQ(test, vtd_kstate_iova_to_phys(top, level, 0x100abc),
			0x42abc);
	KUNIT_EXPECT_EQ(test, vtd_kstate_iova_to_phys(top, level, 0x40012345),
			0x80212345);
	KUNIT_EXPECT_EQ(test, vtd_kstate_iova_to_phys(top, level, 0x200000), 0);
	KUNIT_EXPECT_NULL(test, xa_load(&r->iommu_array, 0));
	info = xa_load(&r->iommu_array, 1);
	KUNIT_ASSERT_NOT_NULL(test, info);
	KUNIT_EXPECT_PTR_EQ(test, info->iommu, ru);
	KUNIT_EXPECT_EQ(test, info->did, 5);
	KUNIT_EXPECT_EQ(test, info->refcnt, 0);
}

/* A table entry pointing at memory that was not kept refuses the domain */
static void vtd_kstate_test_domain_bad_table(struct kunit *test)
{
	struct dmar_domain *w = vtd_kt_domain(test), *r = vtd_kt_domain(test);
	struct kstate_in *in;
	size_t size;
	void *blob;
	u64 *top;

	top = vtd_kt_pt(test);
	w->sspt.vtdss_pt.common.top_of_table = (uintptr_t)top | 3;
	blob = vtd_kt_save(test, &dmar_domain_kstate_type, VTD_KT_KEY, w,
			   NULL, 0, NULL, &size);
	in = vtd_kt_open(test, blob, size);
	/* one more table after the save: the count no longer matches */
	top[1] = virt_to_phys(vtd_kt_table(test)) | 3;
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &dmar_domain_kstate_type,
						VTD_KT_KEY, r), -EINVAL);
	KUNIT_EXPECT_EQ(test, r->sspt.vtdss_pt.common.top_of_table, 0);
	top[1] = 0;
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &dmar_domain_kstate_type,
						VTD_KT_KEY, r), 0);
}

/* The other version of the unit's description than this kernel's. */
#define VTD_KSTATE_V2		(!VTD_KSTATE_THIS_V2)
#define VTD_KSTATE_UNIT		vtd_unit_other
#include "kstate_unit.h"
#undef VTD_KSTATE_UNIT
#undef VTD_KSTATE_V2

/* Version 2 adds vccap, kept as read when the writer lacks it: both ways */
static void vtd_kstate_test_evolution(struct kunit *test)
{
	const struct kstate_type *v1 = VTD_KSTATE_THIS_V2 ?
		&vtd_unit_other_kstate_type : &vtd_unit_kstate_type;
	const struct kstate_type *v2 = VTD_KSTATE_THIS_V2 ?
		&vtd_unit_kstate_type : &vtd_unit_other_kstate_type;
	u32 *regs = vtd_kt_table(test);
	struct root_entry *root = vtd_kt_tables(test, regs);
	struct intel_iommu *w = vtd_kt_unit(test, regs, root), *r;
	struct kstate_in *in;
	size_t size;
	void *blob;

	KUNIT_ASSERT_EQ(test, v1->version, 1);
	KUNIT_ASSERT_EQ(test, v2->version, 2);
	w->vccap = 0x11;

	/* upgrade: vccap as this kernel read it */
	blob = vtd_kt_save(test, v1, VTD_KT_REG_PHYS, w, NULL, 0, NULL, &size);
	in = vtd_kt_open(test, blob, size);
	r = vtd_kt_unit(test, regs, NULL);
	r->vccap = 0x22;
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, v2, VTD_KT_REG_PHYS, r), 0);
	KUNIT_EXPECT_EQ(test, r->vccap, 0x22);
	KUNIT_EXPECT_PTR_EQ(test, r->root_entry, root);

	/* rollback: the old reader skips it */
	blob = vtd_kt_save(test, v2, VTD_KT_REG_PHYS, w, NULL, 0, NULL, &size);
	in = vtd_kt_open(test, blob, size);
	r = vtd_kt_unit(test, regs, NULL);
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, v1, VTD_KT_REG_PHYS, r), 0);
	KUNIT_EXPECT_EQ(test, r->vccap, 0);
	KUNIT_EXPECT_TRUE(test, ida_exists(&r->domain_ida, 7));
}

static struct kunit_case vtd_kstate_test_cases[] = {
	KUNIT_CASE(vtd_kstate_test_unit),
	KUNIT_CASE(vtd_kstate_test_unit_refused),
	KUNIT_CASE(vtd_kstate_test_domain),
	KUNIT_CASE(vtd_kstate_test_domain_bad_table),
	KUNIT_CASE(vtd_kstate_test_evolution),
	{}
};

static struct kunit_suite vtd_kstate_test_suite = {
	.name = "kstate_vtd",
	.test_cases = vtd_kstate_test_cases,
};

kunit_test_suite(vtd_kstate_test_suite);
