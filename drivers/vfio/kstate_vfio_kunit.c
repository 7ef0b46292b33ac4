// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit cases of the vfio-pci descriptor, without a device: included by
 * drivers/vfio/kstate.c with CONFIG_KSTATE_KUNIT_TEST, run at x86_64 boot.
 * A device is a zeroed struct vfio_pci_core_device over a zeroed struct
 * pci_dev whose config space size is set.
 */
#include <kunit/test.h>

#define VFIO_KT_KEY	0x0600

KUNIT_DEFINE_ACTION_WRAPPER(vfio_kt_kvfree, kvfree, const void *);

static void vfio_kt_in_close(void *in)
{
	kstate_in_close(in);
}

static void *vfio_kt_save(struct kunit *test, const struct kstate_type *t,
			  struct vfio_pci_core_device *vdev, size_t *size)
{
	struct kstate_out *out = kstate_out_create();
	void *blob = NULL;
	int err;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	err = kstate_out_add(out, t, VFIO_KT_KEY, vdev);
	if (!err)
		err = kstate_out_save(out, &blob, size);
	kstate_out_destroy(out);
	KUNIT_ASSERT_EQ(test, err, 0);
	kunit_add_action(test, vfio_kt_kvfree, blob);
	return blob;
}

static int vfio_kt_restore(struct kunit *test, const struct kstate_type *t,
			   const void *blob, size_t size,
			   struct vfio_pci_core_device *vdev)
{
	struct kstate_in *in = kstate_in_open(blob, size);

	KUNIT_ASSERT_FALSE(test, IS_ERR(in));
	kunit_add_action(test, vfio_kt_in_close, in);
	return kstate_in_restore(in, t, VFIO_KT_KEY, vdev);
}

static void vfio_kt_free(void *arg)
{
	struct vfio_pci_core_device *vdev = arg;

	kfree(vdev->vconfig);
	kfree(vdev->pci_config_map);
}

/* A device of @cfg_size bytes of config space, its buffers freed after */
static struct vfio_pci_core_device *vfio_kt_dev(struct kunit *test,
						int cfg_size)
{
	struct vfio_pci_core_device *vdev;
	struct pci_dev *pdev;

	vdev = kunit_kzalloc(test, sizeof(*vdev), GFP_KERNEL);
	pdev = kunit_kzalloc(test, sizeof(*pdev), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, vdev);
	KUNIT_ASSERT_NOT_NULL(test, pdev);
	pdev->cfg_size = cfg_size;
	vdev->pdev = pdev;
	vdev->irq_type = VFIO_PCI_NUM_IRQS;
	kunit_add_action(test, vfio_kt_free, vdev);
	return vdev;
}

/*
 * The virtualised config space, its map, the real BARs, the interrupt
 * setup and the flags come back as they were.
 */
static void vfio_kstate_test_roundtrip(struct kunit *test)
{
	struct vfio_pci_core_device *w = vfio_kt_dev(test, PCI_CFG_SPACE_SIZE);
	struct vfio_pci_core_device *r = vfio_kt_dev(test, PCI_CFG_SPACE_SIZE);
	size_t size;
	void *blob;
	int i;

	w->vconfig = kzalloc(PCI_CFG_SPACE_SIZE, GFP_KERNEL);
	w->pci_config_map = kzalloc(PCI_CFG_SPACE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w->vconfig);
	KUNIT_ASSERT_NOT_NULL(test, w->pci_config_map);
	for (i = 0; i < PCI_CFG_SPACE_SIZE; i++) {
		w->vconfig[i] = i ^ 0x3c;
		w->pci_config_map[i] = i / 16;
	}
	w->rbar[0] = 0xfe000000;
	w->rbar[6] = 0xfeb00000;
	w->bardirty = true;
	w->msix_bar = 2;
	w->msix_size = 4;
	w->msix_offset = 0x2000;
	w->msi_qmax = 3;
	w->pci_2_3 = 1;
	w->reset_works = 1;
	w->nointx = 1;
	w->needs_reset = true;
	blob = vfio_kt_save(test, &vfio_pci_core_kstate_type, w, &size);

	KUNIT_ASSERT_EQ(test, vfio_kt_restore(test, &vfio_pci_core_kstate_type,
					      blob, size, r), 0);
	KUNIT_ASSERT_NOT_NULL(test, r->vconfig);
	KUNIT_ASSERT_NOT_NULL(test, r->pci_config_map);
	KUNIT_EXPECT_MEMEQ(test, r->vconfig, w->vconfig, PCI_CFG_SPACE_SIZE);
	KUNIT_EXPECT_MEMEQ(test, r->pci_config_map, w->pci_config_map,
			   PCI_CFG_SPACE_SIZE);
	KUNIT_EXPECT_MEMEQ(test, r->rbar, w->rbar, sizeof(w->rbar));
	KUNIT_EXPECT_TRUE(test, r->bardirty);
	KUNIT_EXPECT_EQ(test, r->irq_type, VFIO_PCI_NUM_IRQS);
	KUNIT_EXPECT_EQ(test, r->msix_bar, 2);
	KUNIT_EXPECT_EQ(test, r->msix_size, 4);
	KUNIT_EXPECT_EQ(test, r->msix_offset, 0x2000);
	KUNIT_EXPECT_EQ(test, r->msi_qmax, 3);
	KUNIT_EXPECT_TRUE(test, r->pci_2_3);
	KUNIT_EXPECT_TRUE(test, r->reset_works);
	KUNIT_EXPECT_TRUE(test, r->nointx);
	KUNIT_EXPECT_FALSE(test, r->has_vga);
	KUNIT_EXPECT_TRUE(test, r->needs_reset);
}

/* A device with another config space size: refused, nothing written */
static void vfio_kstate_test_other_device(struct kunit *test)
{
	struct vfio_pci_core_device *w = vfio_kt_dev(test, PCI_CFG_SPACE_SIZE);
	struct vfio_pci_core_device *r = vfio_kt_dev(test,
						     PCI_CFG_SPACE_EXP_SIZE);
	size_t size;
	void *blob;

	w->vconfig = kzalloc(PCI_CFG_SPACE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w->vconfig);
	w->bardirty = true;
	blob = vfio_kt_save(test, &vfio_pci_core_kstate_type, w, &size);
	KUNIT_EXPECT_EQ(test, vfio_kt_restore(test, &vfio_pci_core_kstate_type,
					      blob, size, r), -EMSGSIZE);
	KUNIT_EXPECT_NULL(test, r->vconfig);
	KUNIT_EXPECT_FALSE(test, r->bardirty);
}

/* The other version of the description than this kernel's. */
#define VFIO_KSTATE_V2		(!VFIO_KSTATE_THIS_V2)
#define VFIO_KSTATE_TYPE	vfio_pci_core_other
#include "kstate_vfio_dev.h"
#undef VFIO_KSTATE_TYPE
#undef VFIO_KSTATE_V2

/* Version 2 adds pm_intx_masked, kept when the writer lacks it: both ways */
static void vfio_kstate_test_evolution(struct kunit *test)
{
	const struct kstate_type *v1 = VFIO_KSTATE_THIS_V2 ?
		&vfio_pci_core_other_kstate_type : &vfio_pci_core_kstate_type;
	const struct kstate_type *v2 = VFIO_KSTATE_THIS_V2 ?
		&vfio_pci_core_kstate_type : &vfio_pci_core_other_kstate_type;
	struct vfio_pci_core_device *w = vfio_kt_dev(test, PCI_CFG_SPACE_SIZE);
	struct vfio_pci_core_device *r;
	size_t size;
	void *blob;

	KUNIT_ASSERT_EQ(test, v1->version, 1);
	KUNIT_ASSERT_EQ(test, v2->version, 2);
	w->rbar[2] = 0xfd000000;
	w->pm_intx_masked = true;

	/* upgrade: pm_intx_masked as this kernel has it */
	blob = vfio_kt_save(test, v1, w, &size);
	r = vfio_kt_dev(test, PCI_CFG_SPACE_SIZE);
	KUNIT_ASSERT_EQ(test, vfio_kt_restore(test, v2, blob, size, r), 0);
	KUNIT_EXPECT_EQ(test, r->rbar[2], 0xfd000000);
	KUNIT_EXPECT_FALSE(test, r->pm_intx_masked);

	/* and with a version-2 writer, the writer's */
	blob = vfio_kt_save(test, v2, w, &size);
	r = vfio_kt_dev(test, PCI_CFG_SPACE_SIZE);
	KUNIT_ASSERT_EQ(test, vfio_kt_restore(test, v2, blob, size, r), 0);
	KUNIT_EXPECT_TRUE(test, r->pm_intx_masked);

	/* rollback: the old reader skips it */
	r = vfio_kt_dev(test, PCI_CFG_SPACE_SIZE);
	KUNIT_ASSERT_EQ(test, vfio_kt_restore(test, v1, blob, size, r), 0);
	KUNIT_EXPECT_EQ(test, r->rbar[2], 0xfd000000);
	KUNIT_EXPECT_FALSE(test, r->pm_intx_masked);
}

/* What cannot be carried is refused at the preserve, each for its reason */
static void vfio_kstate_test_refusal(struct kunit *test)
{
	struct vfio_pci_core_device *vdev = vfio_kt_dev(test, PCI_CFG_SPACE_SIZE);
	struct vfio_pci_vf_token *token = kunit_kzalloc(test, 16, GFP_KERNEL);
	struct pci_saved_state *saved = kunit_kzalloc(test, 64, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, token);
	KUNIT_ASSERT_NOT_NULL(test, saved);
	KUNIT_EXPECT_STREQ(test, vfio_kstate_refusal(vdev),
			   "the first open could not save its PCI state");
	vdev->pci_saved_state = saved;
	KUNIT_EXPECT_STREQ(test, vfio_kstate_refusal(vdev), "the device is not open");
	vdev->vconfig = kzalloc(PCI_CFG_SPACE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, vdev->vconfig);
	KUNIT_EXPECT_NULL(test, vfio_kstate_refusal(vdev));

	vdev->irq_type = VFIO_PCI_MSIX_IRQ_INDEX;
	KUNIT_EXPECT_NOT_NULL(test, strstr(vfio_kstate_refusal(vdev) ?: "",
					   "interrupts are enabled"));
	vdev->irq_type = VFIO_PCI_NUM_IRQS;
	vdev->vf_token = token;
	KUNIT_EXPECT_NOT_NULL(test, strstr(vfio_kstate_refusal(vdev) ?: "",
					   "SR-IOV"));
	vdev->vf_token = NULL;
	vdev->num_regions = 1;
	KUNIT_EXPECT_NOT_NULL(test, strstr(vfio_kstate_refusal(vdev) ?: "",
					   "regions"));
	vdev->num_regions = 0;
	vdev->pm_runtime_engaged = true;
	KUNIT_EXPECT_NOT_NULL(test, strstr(vfio_kstate_refusal(vdev) ?: "",
					   "low-power"));
	vdev->pm_runtime_engaged = false;
	KUNIT_EXPECT_NULL(test, vfio_kstate_refusal(vdev));
}

static struct kunit_case vfio_kstate_test_cases[] = {
	KUNIT_CASE(vfio_kstate_test_roundtrip),
	KUNIT_CASE(vfio_kstate_test_other_device),
	KUNIT_CASE(vfio_kstate_test_evolution),
	KUNIT_CASE(vfio_kstate_test_refusal),
	{}
};

static struct kunit_suite vfio_kstate_test_suite = {
	.name = "kstate_vfio",
	.test_cases = vfio_kstate_test_cases,
};

kunit_test_suite(vfio_kstate_test_suite);
