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
 * the PCI adopter keeps the &struct pci_dev itself, and with it the PCI
 * state saved at the first open (loaded into the pci_dev at the freeze).
 *
 * What the kernel sets up anew is not described: BAR mappings, the MSI
 * permission table, interrupt contexts, regions, eventfds and locks.
 *
 * A VMM keeps a device by preserving its open cdev file in a LUO session
 * (the file handler below); in the next kernel it retrieves the file and
 * binds it to an iommufd again, and that open takes the state back instead
 * of clearing bus mastering, resetting the device and reading the config
 * space from the hardware (vfio_pci_kstate_kept(), vfio_pci_kstate_enable()).
 * With the VT-d adopter, the device's IOMMU domain (the iommufd IOAS's) is
 * preserved too: the device's DMA keeps being translated while the kernels
 * change, until the next kernel's VMM retrieves the device and attaches it
 * to a new IOAS.
 */
#define pr_fmt(fmt) "vfio-kstate: " fmt

#include <linux/anon_inodes.h>
#include <linux/crc32.h>
#include <linux/debugfs.h>
#include <linux/file.h>
#include <linux/intel-iommu-kstate.h>
#include <linux/iommu.h>
#include <linux/kstate.h>
#include <linux/liveupdate.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/pci-kstate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/string_choices.h>
#include <linux/vfio-kstate.h>
#include <linux/vfio_pci_core.h>

#include "vfio.h"

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

/*
 * The vfio-pci devices of this kernel, from registration to unregistration,
 * and what became of their handed-over state. vfio_kstate_lock nests inside
 * the device set's lock.
 */
enum vfio_kstate_state {
	VFIO_KSTATE_BOUND,	/* nothing to keep */
	VFIO_KSTATE_PRESERVED,	/* in a LUO session: handed over at the kexec */
	VFIO_KSTATE_INCOMING,	/* handed over to this kernel, not retrieved */
	VFIO_KSTATE_RETRIEVED,	/* retrieved: the next open keeps the device */
	VFIO_KSTATE_KEPT,	/* opened with the previous kernel's state */
	VFIO_KSTATE_FAILED,	/* the kept open failed: @err */
};

static const char *const vfio_kstate_state_str[] = {
	[VFIO_KSTATE_BOUND] = "bound",
	[VFIO_KSTATE_PRESERVED] = "preserved",
	[VFIO_KSTATE_INCOMING] = "incoming",
	[VFIO_KSTATE_RETRIEVED] = "retrieved",
	[VFIO_KSTATE_KEPT] = "kept",
	[VFIO_KSTATE_FAILED] = "failed",
};

struct vfio_kstate_dev {
	struct list_head node;
	struct vfio_pci_core_device *vdev;
	u64 key;
	enum vfio_kstate_state state;
	int err;
	bool dma_kept;		/* the IOMMU domain handed over too */
	u32 vconfig_crc;	/* at the freeze (A) or the kept open (B) */
	u32 saved_crc;		/* the saved config header, likewise */
	u16 cmd;		/* the command register at the kept open */
};

static LIST_HEAD(vfio_kstate_devs);
static DEFINE_MUTEX(vfio_kstate_lock);

static struct vfio_kstate_dev *vfio_kstate_find_key(u64 key)
{
	struct vfio_kstate_dev *d;

	lockdep_assert_held(&vfio_kstate_lock);
	list_for_each_entry(d, &vfio_kstate_devs, node)
		if (d->key == key)
			return d;
	return NULL;
}

/* one entry per PCI device: its key finds it */
static struct vfio_kstate_dev *vfio_kstate_find(struct vfio_pci_core_device *vdev)
{
	return vfio_kstate_find_key(pci_kstate_key(vdev->pdev));
}

static u32 vfio_kstate_crc(const void *p, size_t len)
{
	return p ? crc32_le(~0, p, len) ^ ~0 : 0;
}

/**
 * vfio_pci_kstate_probe() - keep a device with handed-over state in D0
 * @vdev: the device vfio-pci-core registers
 *
 * Called by vfio_pci_core_register_device() before it lets the device go
 * idle: a device whose state the previous kernel handed over stays in D0
 * while it is bound (a D3hot transition would lose the state it is kept
 * for).
 */
void vfio_pci_kstate_probe(struct vfio_pci_core_device *vdev)
{
	if (kstate_present(&vfio_pci_core_kstate_type,
			   pci_kstate_key(vdev->pdev))) {
		vdev->disable_idle_d3 = true;
		pci_info(vdev->pdev, "vfio state of the previous kernel: kept in D0 until retrieved\n");
	}
}

/**
 * vfio_pci_kstate_add() - note a registered vfio-pci device
 * @vdev: the device, registered with vfio
 *
 * Called by vfio_pci_core_register_device() once the device is registered.
 * Without memory the device cannot be preserved, nothing else changes.
 */
void vfio_pci_kstate_add(struct vfio_pci_core_device *vdev)
{
	struct vfio_kstate_dev *d = kzalloc_obj(*d, GFP_KERNEL);

	if (!d) {
		pci_warn(vdev->pdev, "cannot be kept across a live update: no memory\n");
		return;
	}
	d->vdev = vdev;
	d->key = pci_kstate_key(vdev->pdev);
	d->state = kstate_present(&vfio_pci_core_kstate_type, d->key) ?
		   VFIO_KSTATE_INCOMING : VFIO_KSTATE_BOUND;
	guard(mutex)(&vfio_kstate_lock);
	list_add_tail(&d->node, &vfio_kstate_devs);
}

/* Undo a preserve: the registration, the IOMMU domain, the PCI device */
static void vfio_kstate_drop(struct vfio_kstate_dev *d)
{
	struct pci_dev *pdev = d->vdev->pdev;

	kstate_unregister(&vfio_pci_core_kstate_type, d->key);
	if (d->dma_kept)
		intel_iommu_kstate_unpreserve(&pdev->dev);
	pci_kstate_unpreserve(pdev);
	d->dma_kept = false;
	d->state = VFIO_KSTATE_BOUND;
}

/**
 * vfio_pci_kstate_remove() - forget a vfio-pci device being unregistered
 * @vdev: the device
 *
 * Called by vfio_pci_core_unregister_device() once the device is
 * unregistered from vfio: no file of it is open any more, so none is in a
 * live update session.
 */
void vfio_pci_kstate_remove(struct vfio_pci_core_device *vdev)
{
	struct vfio_kstate_dev *d;

	mutex_lock(&vfio_kstate_lock);
	d = vfio_kstate_find(vdev);
	if (d)
		list_del(&d->node);
	mutex_unlock(&vfio_kstate_lock);
	if (d && WARN_ON(d->state == VFIO_KSTATE_PRESERVED))
		vfio_kstate_drop(d);
	kfree(d);
}

/**
 * vfio_pci_kstate_kept() - does this open keep the device as it was?
 * @vdev: the device being opened (its first open)
 *
 * If the device's file was retrieved from a live update session and its
 * state not taken back yet, loads the PCI state the previous kernel's first
 * open saved back into the pci_dev (pci_kstate_load_saved_state()), where
 * vfio_pci_core_enable() stores it as the state the last close restores.
 *
 * Context: Under the device set's lock, from vfio_pci_core_enable().
 * Return: true if the device is kept: the open does not clear bus
 * mastering, does not reset the device and does not save its PCI state
 * again, and vfio_pci_kstate_enable() takes the rest back. False for any
 * other open, and for a kept device whose saved PCI state did not arrive
 * (its open is then an ordinary one).
 */
bool vfio_pci_kstate_kept(struct vfio_pci_core_device *vdev)
{
	struct vfio_kstate_dev *d;
	int err;

	guard(mutex)(&vfio_kstate_lock);
	d = vfio_kstate_find(vdev);
	if (!d || d->state != VFIO_KSTATE_RETRIEVED)
		return false;
	err = pci_kstate_load_saved_state(vdev->pdev);
	if (err) {
		pci_err(vdev->pdev, "vfio: the PCI state of the previous kernel did not arrive (%d): opened anew, with a reset\n",
			err);
		d->state = VFIO_KSTATE_FAILED;
		d->err = err;
		return false;
	}
	return true;
}

/**
 * vfio_pci_kstate_enable() - take a kept device's state back at its open
 * @vdev: the device, its config space set up from the hardware
 *
 * Replaces what vfio_config_init() read from the hardware (the virtualised
 * config space and its map, the real BARs) and the flags the open found by
 * the previous kernel's, restored with KSTATE, and stores the PCI state
 * the previous kernel saved at its first open (handed over with the PCI
 * device) as the state the last close restores. Does nothing for a device
 * that is not kept. On failure the open fails, the device is left as the
 * hardware showed it, and its next open is an ordinary one.
 *
 * Context: Under the device set's lock, from vfio_pci_core_enable().
 * Return: 0 or the restore's -errno.
 */
int vfio_pci_kstate_enable(struct vfio_pci_core_device *vdev)
{
	struct pci_dev *pdev = vdev->pdev;
	u8 *vconfig = vdev->vconfig, *map = vdev->pci_config_map;
	struct vfio_kstate_dev *d;
	int err;

	guard(mutex)(&vfio_kstate_lock);
	d = vfio_kstate_find(vdev);
	if (!d || d->state != VFIO_KSTATE_RETRIEVED)
		return 0;
	err = -ENODATA;
	if (!pci_kstate_preserved(pdev) || !vdev->pci_saved_state) {
		pci_err(pdev, "vfio: the PCI state of the previous kernel did not arrive\n");
		goto fail;
	}
	vdev->vconfig = NULL;
	vdev->pci_config_map = NULL;
	err = kstate_restore(&vfio_pci_core_kstate_type, d->key, vdev);
	if (err) {
		pci_err(pdev, "vfio: the state of the previous kernel not restored: %d\n",
			err);
		vdev->vconfig = vconfig;
		vdev->pci_config_map = map;
		goto fail;
	}
	if (!vdev->vconfig || !vdev->pci_config_map) {
		/* a writer without them: keep what the hardware showed */
		swap(vdev->vconfig, vconfig);
		swap(vdev->pci_config_map, map);
	}
	kfree(vconfig);
	kfree(map);
	pci_read_config_word(pdev, PCI_COMMAND, &d->cmd);
	d->vconfig_crc = vfio_kstate_crc(vdev->vconfig, pdev->cfg_size);
	d->saved_crc = vfio_kstate_crc(pdev->saved_config_space,
				       sizeof(pdev->saved_config_space));
	d->state = VFIO_KSTATE_KEPT;
	pci_info(pdev, "vfio: kept as %s v%u: not reset, bus mastering %s, config space of the previous kernel (crc %08x)\n",
		 vfio_pci_core_kstate_type.name, vfio_pci_core_kstate_type.version,
		 str_on_off(d->cmd & PCI_COMMAND_MASTER), d->vconfig_crc);
	return 0;
fail:
	d->state = VFIO_KSTATE_FAILED;
	d->err = err;
	return err;
}

/*
 * The LUO file handler of vfio-pci device files: a cdev file bound to an
 * iommufd is preserved in a session, retrieved in the next kernel as a
 * fresh cdev file of the same device, which the VMM binds again.
 */
static struct vfio_kstate_dev *vfio_kstate_file_dev(struct file *file)
{
	struct vfio_device_file *df = file->private_data;
	struct vfio_kstate_dev *d;

	lockdep_assert_held(&vfio_kstate_lock);
	if (file->f_op != &vfio_device_fops)
		return NULL;
	list_for_each_entry(d, &vfio_kstate_devs, node)
		if (&d->vdev->vdev == df->device)
			return d;
	return NULL;
}

static bool vfio_kstate_can_preserve(struct liveupdate_file_handler *handler,
				     struct file *file)
{
	guard(mutex)(&vfio_kstate_lock);
	return vfio_kstate_file_dev(file);
}

/* What cannot be carried yet, refused before the blackout: why, or NULL */
static const char *vfio_kstate_refusal(struct vfio_pci_core_device *vdev)
{
	if (vdev->irq_type != VFIO_PCI_NUM_IRQS)
		return "interrupts are enabled: disable them (their setup is not carried yet)";
	if (vdev->vf_token || vdev->sriov_pf_core_dev)
		return "SR-IOV PFs and their VFs are not carried yet (the VF token)";
	if (vdev->num_regions)
		return "device-specific regions are not carried";
	if (vdev->has_vga)
		return "VGA ranges are not carried";
	if (vdev->pm_runtime_engaged)
		return "the device is in a low-power state";
	if (!vdev->pci_saved_state)
		return "the first open could not save its PCI state";
	if (!vdev->vconfig)
		return "the device is not open";
	return NULL;
}

/*
 * Load the PCI state saved at the first open into the pci_dev, whose saved
 * state the PCI adopter hands over: the next kernel's open stores it back
 * as the state the last close restores. The pci_dev's saved state is only
 * a staging area (a reset or a suspend saves it again before restoring
 * it), so this is done at the preserve, and again at the freeze in case
 * the VMM reset the device in between. Checksums for debugfs.
 */
static int vfio_kstate_stage(struct vfio_kstate_dev *d)
{
	struct pci_dev *pdev = d->vdev->pdev;
	int err;

	err = pci_load_saved_state(pdev, d->vdev->pci_saved_state);
	if (err) {
		pci_err(pdev, "vfio: the saved PCI state cannot be handed over: %d\n",
			err);
		return err;
	}
	d->vconfig_crc = vfio_kstate_crc(d->vdev->vconfig, pdev->cfg_size);
	d->saved_crc = vfio_kstate_crc(pdev->saved_config_space,
				       sizeof(pdev->saved_config_space));
	return 0;
}

/*
 * The device's IOMMU domain, if the VT-d adopter can keep it: its DMA then
 * keeps being translated through the kexec. Without it (another IOMMU, a
 * scalable-mode unit), the device is kept all the same, its DMA blocked
 * from the kexec until the next kernel's VMM attaches it again.
 */
static int vfio_kstate_preserve_dma(struct vfio_kstate_dev *d)
{
	struct device *dev = &d->vdev->pdev->dev;
	struct iommu_domain *domain = iommu_get_domain_for_dev(dev);
	int err = -EOPNOTSUPP;

	if (domain && (domain->type & __IOMMU_DOMAIN_PAGING))
		err = intel_iommu_kstate_preserve(dev, domain, d->key);
	d->dma_kept = !err;
	if (err == -EOPNOTSUPP) {
		pci_info(d->vdev->pdev, "vfio: its DMA is blocked from the kexec until attached again: the IOMMU domain cannot be kept\n");
		return 0;
	}
	return err;
}

/* LUO holds the file, whose device stays registered: @d stays listed */
static int vfio_kstate_preserve(struct liveupdate_file_op_args *args)
{
	struct vfio_device_file *df = args->file->private_data;
	struct vfio_pci_core_device *vdev;
	struct vfio_kstate_dev *d;
	const char *why;
	int err;

	if (df->group) {
		pr_err("%s: only the device's cdev file can be preserved, not a group's\n",
		       dev_name(df->device->dev));
		return -EOPNOTSUPP;
	}
	/* Paired with smp_store_release() in vfio_df_ioctl_bind_iommufd() */
	if (!smp_load_acquire(&df->access_granted)) {
		pr_err("%s: bind the file to an iommufd before preserving it\n",
		       dev_name(df->device->dev));
		return -EBADFD;
	}
	guard(mutex)(&df->device->dev_set->lock);
	mutex_lock(&vfio_kstate_lock);
	d = vfio_kstate_file_dev(args->file);
	err = !d ? -ENODEV : d->state == VFIO_KSTATE_PRESERVED ? -EBUSY : 0;
	if (!err)
		d->state = VFIO_KSTATE_PRESERVED;
	mutex_unlock(&vfio_kstate_lock);
	if (err) {
		if (d)
			pci_err(d->vdev->pdev, "vfio: already preserved in a live update session\n");
		return err;
	}
	vdev = d->vdev;
	why = vfio_kstate_refusal(vdev);
	if (why) {
		pci_err(vdev->pdev, "vfio: cannot be preserved: %s\n", why);
		err = -EBUSY;
		goto fail;
	}
	err = vfio_kstate_stage(d);
	if (err)
		goto fail;
	err = pci_kstate_preserve(vdev->pdev);
	if (err) {
		pci_err(vdev->pdev, "vfio: cannot be preserved: the PCI device is not (%d)\n",
			err);
		goto fail;
	}
	err = vfio_kstate_preserve_dma(d);
	if (err) {
		pci_err(vdev->pdev, "vfio: cannot be preserved: its IOMMU domain is not (%d)\n",
			err);
		goto fail_pci;
	}
	err = kstate_register(&vfio_pci_core_kstate_type, d->key, vdev);
	if (err) {
		pci_err(vdev->pdev, "vfio: cannot be preserved: %d\n", err);
		if (d->dma_kept)
			intel_iommu_kstate_unpreserve(&vdev->pdev->dev);
		goto fail_pci;
	}
	args->serialized_data = d->key;
	pci_info(vdev->pdev, "vfio: preserved for the live update%s\n",
		 d->dma_kept ? ", with its IOMMU domain" : "");
	return 0;

fail_pci:
	pci_kstate_unpreserve(vdev->pdev);
fail:
	d->dma_kept = false;
	guard(mutex)(&vfio_kstate_lock);
	d->state = VFIO_KSTATE_BOUND;
	return err;
}

static void vfio_kstate_unpreserve(struct liveupdate_file_op_args *args)
{
	struct vfio_kstate_dev *d;

	mutex_lock(&vfio_kstate_lock);
	d = vfio_kstate_file_dev(args->file);
	mutex_unlock(&vfio_kstate_lock);
	if (d && d->state == VFIO_KSTATE_PRESERVED)
		vfio_kstate_drop(d);
}

/*
 * At the kexec, before KSTATE's snapshot: check again what the VMM may have
 * changed since the preserve, and stage the saved PCI state again.
 */
static int vfio_kstate_freeze(struct liveupdate_file_op_args *args)
{
	struct vfio_device_file *df = args->file->private_data;
	struct vfio_pci_core_device *vdev;
	struct vfio_kstate_dev *d;
	const char *why;

	guard(mutex)(&df->device->dev_set->lock);
	guard(mutex)(&vfio_kstate_lock);
	d = vfio_kstate_file_dev(args->file);
	if (!d || d->state != VFIO_KSTATE_PRESERVED)
		return -ENODEV;
	vdev = d->vdev;
	why = vfio_kstate_refusal(vdev);
	if (why) {
		pci_err(vdev->pdev, "vfio: the live update is refused: %s\n", why);
		return -EBUSY;
	}
	return vfio_kstate_stage(d);
}

/*
 * The device's DMA was translated through the previous kernel's IOMMU
 * domain until now; the VMM is about to bind and attach it to a new IOAS.
 * Take the domain back and free it (the binding would block the device's
 * DMA anyway): its tables and domain ids return to this kernel. iommufd
 * cannot adopt a domain yet, so there is a window without translation
 * from here to the VMM's attach.
 */
static void vfio_kstate_retrieve_dma(struct vfio_kstate_dev *d)
{
	struct device *dev = &d->vdev->pdev->dev;
	struct iommu_domain *domain;

	domain = intel_iommu_kstate_restore(dev, d->key);
	if (IS_ERR(domain)) {
		if (PTR_ERR(domain) != -ENOENT)
			pci_warn(d->vdev->pdev, "vfio: the IOMMU domain of the previous kernel not taken back: %pe\n",
				 domain);
		return;
	}
	iommu_detach_device(domain, dev);
	iommu_domain_free(domain);
	d->dma_kept = true;
	pci_info(d->vdev->pdev, "vfio: translated through the previous kernel's IOMMU domain until retrieved\n");
}

static int vfio_kstate_retrieve(struct liveupdate_file_op_args *args)
{
	struct vfio_device_file *df;
	struct vfio_device *device;
	struct vfio_kstate_dev *d;
	struct file *file;
	u64 key = args->serialized_data;

	mutex_lock(&vfio_kstate_lock);
	d = vfio_kstate_find_key(key);
	if (!d || d->state != VFIO_KSTATE_INCOMING) {
		mutex_unlock(&vfio_kstate_lock);
		pr_err("%04llx:%02llx:%02llx.%llx: %s\n", key >> 16,
		       (key >> 8) & 0xff, (key & 0xff) >> 3, key & 7,
		       d ? "already retrieved" :
		       "not bound to vfio-pci: bind it before retrieving");
		return d ? -EBUSY : -ENODEV;
	}
	device = &d->vdev->vdev;
	/* the device stays registered while its entry is listed */
	if (!vfio_device_try_get_registration(device)) {
		mutex_unlock(&vfio_kstate_lock);
		return -ENODEV;
	}
	if (device->open_count) {
		mutex_unlock(&vfio_kstate_lock);
		pci_err(d->vdev->pdev, "vfio: opened in this kernel before being retrieved\n");
		vfio_device_put_registration(device);
		return -EBUSY;
	}
	d->state = VFIO_KSTATE_RETRIEVED;
	mutex_unlock(&vfio_kstate_lock);

	/* what opening /dev/vfio/devices/vfioN makes: bound by the VMM next */
	df = vfio_allocate_device_file(device);
	if (IS_ERR(df)) {
		file = ERR_CAST(df);
		goto fail;
	}
	file = anon_inode_getfile_fmode("[vfio-device]", &vfio_device_fops, df,
					O_RDWR, FMODE_PREAD | FMODE_PWRITE);
	if (IS_ERR(file)) {
		kfree(df);
		goto fail;
	}
	file->f_mapping = device->inode->i_mapping;
	args->file = file;
	vfio_kstate_retrieve_dma(d);
	return 0;
fail:
	vfio_device_put_registration(device);
	guard(mutex)(&vfio_kstate_lock);
	d->state = VFIO_KSTATE_INCOMING;
	return PTR_ERR(file);
}

static void vfio_kstate_finish(struct liveupdate_file_op_args *args)
{
}

static const struct liveupdate_file_ops vfio_kstate_luo_ops = {
	.can_preserve = vfio_kstate_can_preserve,
	.preserve = vfio_kstate_preserve,
	.unpreserve = vfio_kstate_unpreserve,
	.freeze = vfio_kstate_freeze,
	.retrieve = vfio_kstate_retrieve,
	.finish = vfio_kstate_finish,
	.owner = THIS_MODULE,
};

/* the handover format of the file handler's own data (the KSTATE key) */
#define VFIO_KSTATE_LUO_COMPATIBLE	"vfio-pci-kstate-v1"

static struct liveupdate_file_handler vfio_kstate_luo_handler = {
	.ops = &vfio_kstate_luo_ops,
	.compatible = VFIO_KSTATE_LUO_COMPATIBLE,
};

/* debugfs kstate/vfio/status: each vfio-pci device and its state */
static int vfio_kstate_status_show(struct seq_file *m, void *v)
{
	struct vfio_kstate_dev *d;

	seq_puts(m, "device        state      opens dma  cmd   vconfig  saved\n");
	guard(mutex)(&vfio_kstate_lock);
	list_for_each_entry(d, &vfio_kstate_devs, node) {
		seq_printf(m, "%s  %-10s %-5u %-4s %04x  %08x %08x",
			   pci_name(d->vdev->pdev), vfio_kstate_state_str[d->state],
			   d->vdev->vdev.open_count, d->dma_kept ? "kept" : "-",
			   d->cmd, d->vconfig_crc, d->saved_crc);
		if (d->state == VFIO_KSTATE_FAILED)
			seq_printf(m, " (%d)", d->err);
		seq_putc(m, '\n');
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vfio_kstate_status);

static int __init vfio_kstate_init(void)
{
	struct dentry *dir = debugfs_create_dir("vfio", kstate_debugfs_root());
	int err;

	debugfs_create_file("status", 0400, dir, NULL, &vfio_kstate_status_fops);
	err = liveupdate_register_file_handler(&vfio_kstate_luo_handler);
	if (err && err != -EOPNOTSUPP)
		pr_err("the live update file handler is not registered: %d\n", err);
	return 0;
}
late_initcall(vfio_kstate_init);

#if IS_ENABLED(CONFIG_KSTATE_KUNIT_TEST)
#include "kstate_vfio_kunit.c"
#endif
