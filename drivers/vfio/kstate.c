// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-pci devices across a live update, described with KSTATE.
 *
 * The soft state of a &struct vfio_pci_core_device that a VMM's guest sees
 * and that the next kernel would otherwise rebuild from the hardware (after
 * a reset) when the device is opened again: the virtualised config space
 * and its permission map, the real BARs, whether the virtual BARs were
 * written, the interrupt type and the MSI/MSI-X layout, the device's
 * bitfield flags. Keyed like the PCI device it wraps (segment:bus:devfn);
 * the PCI adopter keeps the &struct pci_dev itself. Not yet: the PCI state
 * saved before the first open, which the last close restores (struct
 * pci_saved_state is private to the PCI core).
 *
 * What the kernel sets up anew is not described: BAR mappings, the MSI
 * permission table, interrupt contexts, regions, eventfds and locks.
 */
#define pr_fmt(fmt) "vfio-kstate: " fmt

#include <linux/kstate.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vfio_pci_core.h>

/*
 * vconfig and pci_config_map: a buffer of the device's config space size,
 * or nothing. The restore allocates it (kfree()d by vfio as its own).
 */
static size_t vfio_kstate_cfg_size(const void *obj, const void *m)
{
	const struct vfio_pci_core_device *vdev = obj;

	return *(u8 * const *)m && vdev->pdev ? vdev->pdev->cfg_size : 0;
}

static int vfio_kstate_cfg_save(const void *obj, const void *m, void *buf,
				size_t len, struct kstate_mem *mem)
{
	if (len)
		memcpy(buf, *(u8 * const *)m, len);
	return 0;
}

static int vfio_kstate_cfg_restore(void *obj, void *m, const void *buf,
				   size_t len, u32 writer_version,
				   struct kstate_mem *mem)
{
	const struct vfio_pci_core_device *vdev = obj;
	u8 *cfg = NULL;

	/* the config space this kernel found: a mismatch is another device */
	if (len && vdev->pdev && len != vdev->pdev->cfg_size)
		return -EMSGSIZE;
	if (len > PCI_CFG_SPACE_EXP_SIZE)
		return -EMSGSIZE;
	if (len) {
		cfg = kmemdup(buf, len, GFP_KERNEL);
		if (!cfg)
			return -ENOMEM;
	}
	*(u8 **)m = cfg;
	return 0;
}

static void vfio_kstate_cfg_undo(void *obj, void *m)
{
	kfree(*(u8 **)m);
}

static const struct kstate_custom_ops vfio_kstate_cfg_ops = {
	.size = vfio_kstate_cfg_size,
	.save = vfio_kstate_cfg_save,
	.restore = vfio_kstate_cfg_restore,
	.undo = vfio_kstate_cfg_undo,
};

/* version 2 only in the handover test's generation-2 kernels */
#define VFIO_KSTATE_THIS_V2	0
#ifdef CONFIG_KSTATE_TEST_GEN
#if CONFIG_KSTATE_TEST_GEN >= 2
#undef VFIO_KSTATE_THIS_V2
#define VFIO_KSTATE_THIS_V2	1
#endif
#endif

#define VFIO_KSTATE_V2		VFIO_KSTATE_THIS_V2
#define VFIO_KSTATE_TYPE	vfio_pci_core
#include "kstate_vfio_dev.h"
#undef VFIO_KSTATE_TYPE
#undef VFIO_KSTATE_V2

#if IS_ENABLED(CONFIG_KSTATE_KUNIT_TEST)
#include "kstate_vfio_kunit.c"
#endif
