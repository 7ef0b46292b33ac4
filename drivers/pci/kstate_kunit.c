// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit cases of the PCI descriptors, without hardware: included by
 * drivers/pci/kstate.c with CONFIG_KSTATE_KUNIT_TEST, run at x86_64 boot
 * (PCI does not build on UML). Devices are zeroed struct pci_dev that are
 * never added, saved and restored through the advanced API.
 */
#include <kunit/test.h>

static void pci_kt_blob_free(void *blob)
{
	kvfree(blob);
}

static void pci_kt_in_close(void *in)
{
	kstate_in_close(in);
}

static void *pci_kt_save_as(struct kunit *test, const struct kstate_type *t,
			    struct pci_dev *pdev, size_t *size)
{
	struct kstate_out *out = kstate_out_create();
	void *blob = NULL;
	int err;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	err = kstate_out_add(out, t, 0x100, pdev);
	if (!err)
		err = kstate_out_save(out, &blob, size);
	kstate_out_destroy(out);
	KUNIT_ASSERT_EQ(test, err, 0);
	kunit_add_action(test, pci_kt_blob_free, blob);
	return blob;
}

static int pci_kt_restore_as(struct kunit *test, const struct kstate_type *t,
			     const void *blob, size_t size, struct pci_dev *pdev)
{
	struct kstate_in *in = kstate_in_open(blob, size);

	KUNIT_ASSERT_FALSE(test, IS_ERR(in));
	kunit_add_action(test, pci_kt_in_close, in);
	return kstate_in_restore(in, t, 0x100, pdev);
}

/* As this kernel's version of the description */
static void *pci_kt_save(struct kunit *test, struct pci_dev *pdev,
			 size_t *size)
{
	return pci_kt_save_as(test, &pci_dev_kstate_type, pdev, size);
}

static int pci_kt_restore(struct kunit *test, const void *blob, size_t size,
			  struct pci_dev *pdev)
{
	return pci_kt_restore_as(test, &pci_dev_kstate_type, blob, size, pdev);
}

static struct pci_dev *pci_kt_dev(struct kunit *test)
{
	struct pci_dev *pdev = kunit_kzalloc(test, sizeof(*pdev), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, pdev);
	pdev->devfn = PCI_DEVFN(2, 0);
	pdev->vendor = 0x1b36;
	pdev->device = 0x0010;
	pdev->class = 0x010802;
	pdev->revision = 2;
	INIT_HLIST_HEAD(&pdev->saved_cap_space);
	return pdev;
}

static void pci_kt_free(void *arg)
{
	struct pci_dev *pdev = arg;

	pci_kstate_free_caps(&pdev->saved_cap_space);
	kfree(pdev->dev.driver_override.name);
#ifdef CONFIG_PCI_IOV
	if (pdev->is_physfn)
		kfree(pdev->sriov);
#endif
}

/* Everything described comes back; identity is checked, never written. */
static void pci_kstate_test_roundtrip(struct kunit *test)
{
	struct pci_dev *w = pci_kt_dev(test), *r = pci_kt_dev(test);
	struct pci_cap_saved_state *cap, *rc;
	size_t size;
	void *blob;

	w->current_state = PCI_D0;
	w->resource[0] = (struct resource){ .start = 0xfe000000,
					    .end = 0xfe003fff,
					    .flags = IORESOURCE_MEM };
	w->is_busmaster = 1;
	w->ari_enabled = 1;
	w->state_saved = 1;
	w->saved_config_space[1] = 0x00100406;
	w->reset_methods[0] = 2;
	w->dev.driver_override.name = "vfio-pci";
	cap = kunit_kzalloc(test, sizeof(*cap) + 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cap);
	cap->cap.cap_nr = PCI_CAP_ID_EXP;
	cap->cap.size = 8;
	cap->cap.data[1] = 0xabcd;
	hlist_add_head(&cap->next, &w->saved_cap_space);
#ifdef CONFIG_PCI_IOV
	w->is_physfn = 1;
	w->sriov = kunit_kzalloc(test, sizeof(*w->sriov), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w->sriov);
	w->sriov->num_VFs = 4;
	w->sriov->offset = 2;
	w->sriov->stride = 1;
	w->sriov->barsz[0] = 0x4000;
#endif
	blob = pci_kt_save(test, w, &size);

	kunit_add_action(test, pci_kt_free, r);
	KUNIT_ASSERT_EQ(test, pci_kt_restore(test, blob, size, r), 0);
	KUNIT_EXPECT_EQ(test, r->resource[0].start, 0xfe000000);
	KUNIT_EXPECT_EQ(test, r->resource[0].end, 0xfe003fff);
	KUNIT_EXPECT_EQ(test, r->resource[0].flags, IORESOURCE_MEM);
	KUNIT_EXPECT_EQ(test, (int)r->is_busmaster, 1);
	KUNIT_EXPECT_EQ(test, (int)r->ari_enabled, 1);
	KUNIT_EXPECT_EQ(test, (int)r->state_saved, 1);
	KUNIT_EXPECT_EQ(test, r->saved_config_space[1], 0x00100406);
	KUNIT_EXPECT_EQ(test, r->reset_methods[0], 2);
	KUNIT_ASSERT_NOT_NULL(test, r->dev.driver_override.name);
	KUNIT_EXPECT_STREQ(test, r->dev.driver_override.name, "vfio-pci");
	rc = hlist_entry_safe(r->saved_cap_space.first,
			      struct pci_cap_saved_state, next);
	KUNIT_ASSERT_NOT_NULL(test, rc);
	KUNIT_EXPECT_EQ(test, rc->cap.cap_nr, PCI_CAP_ID_EXP);
	KUNIT_EXPECT_EQ(test, rc->cap.size, 8);
	KUNIT_EXPECT_EQ(test, rc->cap.data[1], 0xabcd);
#ifdef CONFIG_PCI_IOV
	KUNIT_EXPECT_EQ(test, (int)r->is_physfn, 1);
	KUNIT_ASSERT_NOT_NULL(test, r->sriov);
	KUNIT_EXPECT_EQ(test, r->sriov->num_VFs, 4);
	KUNIT_EXPECT_EQ(test, r->sriov->offset, 2);
	KUNIT_EXPECT_EQ(test, r->sriov->barsz[0], 0x4000);
#endif
}

/* Another device at that address: refused before anything is written. */
static void pci_kstate_test_identity(struct kunit *test)
{
	struct pci_dev *w = pci_kt_dev(test), *r = pci_kt_dev(test);
	size_t size;
	void *blob;

	w->is_busmaster = 1;
	w->dev.driver_override.name = "pci-stub";
	blob = pci_kt_save(test, w, &size);
	r->device = 0x0011;
	KUNIT_EXPECT_EQ(test, pci_kt_restore(test, blob, size, r), -ENXIO);
	KUNIT_EXPECT_EQ(test, (int)r->is_busmaster, 0);
	KUNIT_EXPECT_NULL(test, r->dev.driver_override.name);
}

/* The other version of the description than this kernel's. */
#define PCI_KSTATE_V2		(!PCI_KSTATE_THIS_V2)
#define PCI_KSTATE_TYPE		pci_dev_other
#include "kstate_pci_dev.h"
#undef PCI_KSTATE_TYPE
#undef PCI_KSTATE_V2

/*
 * Version 2 adds acs_capabilities (kept as probed when the writer lacks
 * it) and renames dev.driver_override: both directions, whichever
 * version this kernel has.
 */
static void pci_kstate_test_evolution(struct kunit *test)
{
	const struct kstate_type *v1 = PCI_KSTATE_THIS_V2 ?
		&pci_dev_other_kstate_type : &pci_dev_kstate_type;
	const struct kstate_type *v2 = PCI_KSTATE_THIS_V2 ?
		&pci_dev_kstate_type : &pci_dev_other_kstate_type;
	struct pci_dev *w = pci_kt_dev(test), *r = pci_kt_dev(test);
	size_t size;
	void *blob;

	KUNIT_ASSERT_EQ(test, v1->version, 1);
	KUNIT_ASSERT_EQ(test, v2->version, 2);
	w->is_busmaster = 1;
	w->acs_capabilities = 0x1f;
	w->dev.driver_override.name = "vfio-pci";

	/* upgrade: the renamed field by its alias, the added one kept */
	blob = pci_kt_save_as(test, v1, w, &size);
	kunit_add_action(test, pci_kt_free, r);
	r->acs_capabilities = 0x55;
	KUNIT_ASSERT_EQ(test, pci_kt_restore_as(test, v2, blob, size, r), 0);
	KUNIT_EXPECT_EQ(test, (int)r->is_busmaster, 1);
	KUNIT_EXPECT_EQ(test, r->acs_capabilities, 0x55);
	KUNIT_ASSERT_NOT_NULL(test, r->dev.driver_override.name);
	KUNIT_EXPECT_STREQ(test, r->dev.driver_override.name, "vfio-pci");

	/* rollback: the old reader finds its name among the writer's aliases */
	w->dev.driver_override.name = "pci-stub";
	blob = pci_kt_save_as(test, v2, w, &size);
	r = pci_kt_dev(test);
	kunit_add_action(test, pci_kt_free, r);
	KUNIT_ASSERT_EQ(test, pci_kt_restore_as(test, v1, blob, size, r), 0);
	KUNIT_EXPECT_EQ(test, (int)r->is_busmaster, 1);
	KUNIT_EXPECT_EQ(test, r->acs_capabilities, 0);
	KUNIT_ASSERT_NOT_NULL(test, r->dev.driver_override.name);
	KUNIT_EXPECT_STREQ(test, r->dev.driver_override.name, "pci-stub");
}

/* A bus whose config reads give a bridge's bus number register */
struct pci_kt_bus {
	struct pci_bus bus;
	u32 primary_bus;
};

static int pci_kt_read(struct pci_bus *bus, unsigned int devfn, int where,
		       int size, u32 *val)
{
	*val = where == PCI_PRIMARY_BUS ?
	       container_of(bus, struct pci_kt_bus, bus)->primary_bus : 0;
	return PCIBIOS_SUCCESSFUL;
}

static struct pci_ops pci_kt_ops = {
	.read = pci_kt_read,
};

static struct pci_dev *pci_kt_bridge(struct kunit *test, u32 primary_bus)
{
	struct pci_kt_bus *b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	struct pci_dev *pdev = pci_kt_dev(test);

	KUNIT_ASSERT_NOT_NULL(test, b);
	b->bus.ops = &pci_kt_ops;
	b->primary_bus = primary_bus;
	pdev->bus = &b->bus;
	pdev->hdr_type = PCI_HEADER_TYPE_BRIDGE;
	return pdev;
}

/*
 * A bridge's buses are checked against the hardware, never written: the
 * next kernel reads them from the bridge again. Renumbered: refused.
 */
static void pci_kstate_test_buses(struct kunit *test)
{
	struct pci_dev *w = pci_kt_dev(test), *r;
	struct pci_bus *sub = kunit_kzalloc(test, sizeof(*sub), GFP_KERNEL);
	size_t size;
	void *blob;

	KUNIT_ASSERT_NOT_NULL(test, sub);
	sub->primary = 0;
	sub->number = 1;
	sub->busn_res.end = 3;
	w->hdr_type = PCI_HEADER_TYPE_BRIDGE;
	w->subordinate = sub;
	w->is_busmaster = 1;
	blob = pci_kt_save(test, w, &size);

	r = pci_kt_bridge(test, 0x00030100);
	kunit_add_action(test, pci_kt_free, r);
	KUNIT_ASSERT_EQ(test, pci_kt_restore(test, blob, size, r), 0);
	KUNIT_EXPECT_EQ(test, (int)r->is_busmaster, 1);
	KUNIT_EXPECT_NULL(test, r->subordinate);

	r = pci_kt_bridge(test, 0x00040100);
	kunit_add_action(test, pci_kt_free, r);
	KUNIT_EXPECT_EQ(test, pci_kt_restore(test, blob, size, r), -ESTALE);
	KUNIT_EXPECT_EQ(test, (int)r->is_busmaster, 0);

	/* an endpoint's record has no buses: nothing read, nothing checked */
	w->subordinate = NULL;
	w->hdr_type = PCI_HEADER_TYPE_NORMAL;
	blob = pci_kt_save(test, w, &size);
	r = pci_kt_dev(test);
	kunit_add_action(test, pci_kt_free, r);
	KUNIT_EXPECT_EQ(test, pci_kt_restore(test, blob, size, r), 0);
}

static struct kunit_case pci_kstate_test_cases[] = {
	KUNIT_CASE(pci_kstate_test_roundtrip),
	KUNIT_CASE(pci_kstate_test_identity),
	KUNIT_CASE(pci_kstate_test_evolution),
	KUNIT_CASE(pci_kstate_test_buses),
	{}
};

static struct kunit_suite pci_kstate_test_suite = {
	.name = "kstate_pci",
	.test_cases = pci_kstate_test_cases,
};

kunit_test_suite(pci_kstate_test_suite);
