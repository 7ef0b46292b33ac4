// SPDX-License-Identifier: GPL-2.0
/*
 * PCI devices across a live update, described with KSTATE.
 *
 * A preserved device (pci_kstate_preserve(), or debugfs kstate/pci/preserve)
 * is registered with KSTATE under its key, segment:bus:devfn, together with
 * the bridges above it and, for a physical function with virtual functions
 * enabled, its VFs. At the kexec, KSTATE saves the described members of each
 * &struct pci_dev: identity, power state, BARs, bus mastering and the other
 * enablement bits, the saved config space and capability state, the reset
 * methods, the SR-IOV state of a PF (&struct pci_sriov) or the PF of a VF,
 * and the driver_override.
 *
 * In the next kernel, pci_device_add() calls pci_kstate_device_add() before
 * the capabilities are initialised: a device the previous kernel preserved
 * is restored by key into the live &struct pci_dev. Its identity must match
 * what this kernel read from the hardware; a device that moved, was replaced
 * or is gone is reported and initialised normally, never fatally. State that
 * this kernel's own initialisation rebuilds (the capability save buffers, the
 * reset methods, the SR-IOV structure) is put aside and applied once the
 * device is added. A restored device stays preserved, for the next update.
 * debugfs kstate/pci/status lists each device and what became of its state.
 */
#define pr_fmt(fmt) "pci-kstate: " fmt

#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/kstate.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/pci-kstate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/string_choices.h>
#include <linux/uaccess.h>
#include <linux/unaligned.h>

#include "pci.h"

/* A BAR or window: where it is decoded, and its kind */
KSTATE_DEFINE(pci_resource, struct resource,
	      KSTATE_UINT(start),
	      KSTATE_UINT(end),
	      KSTATE_UINT(flags));

/* One saved capability, pci_dev.saved_cap_space */
static size_t pci_cap_saved_len(const void *obj)
{
	return ((const struct pci_cap_saved_state *)obj)->cap.size;
}

KSTATE_DEFINE(pci_cap_saved, struct pci_cap_saved_state,
	      KSTATE_U16(cap.cap_nr),
	      KSTATE_BOOL(cap.cap_extended),
	      KSTATE_UINT(cap.size),
	      KSTATE_FLEX_BYTES(cap.data, pci_cap_saved_len));

#ifdef CONFIG_PCI_IOV
/* SR-IOV state of a physical function */
KSTATE_DEFINE(pci_sriov, struct pci_sriov,
	      KSTATE_SINT(pos),
	      KSTATE_SINT(nres),
	      KSTATE_U32(cap),
	      KSTATE_U16(ctrl),
	      KSTATE_U16(total_VFs),
	      KSTATE_U16(initial_VFs),
	      KSTATE_U16(num_VFs),
	      KSTATE_U16(offset),
	      KSTATE_U16(stride),
	      KSTATE_U16(vf_device),
	      KSTATE_U32(pgsz),
	      KSTATE_U8(link),
	      KSTATE_U8(max_VF_buses),
	      KSTATE_U16(driver_max_VFs),
	      KSTATE_U32(class),
	      KSTATE_U8(hdr_type),
	      KSTATE_U16(subsystem_vendor),
	      KSTATE_U16(subsystem_device),
	      KSTATE_UINT_ARRAY(barsz),
	      KSTATE_BOOL(drivers_autoprobe));

static bool pci_kstate_is_pf(const void *obj)
{
	const struct pci_dev *pdev = obj;

	return pdev->is_physfn && pdev->sriov;
}

static bool pci_kstate_is_vf(const void *obj)
{
	return ((const struct pci_dev *)obj)->is_virtfn;
}
#endif

/* current_state, a __bitwise pci_power_t: saved as a little-endian s32 */
static size_t pci_kstate_power_size(const void *obj, const void *m)
{
	return sizeof(__le32);
}

static int pci_kstate_power_save(const void *obj, const void *m, void *buf,
				 size_t len, struct kstate_mem *mem)
{
	put_unaligned_le32((__force int)*(const pci_power_t *)m, buf);
	return 0;
}

static int pci_kstate_power_restore(void *obj, void *m, const void *buf,
				    size_t len, u32 writer_version,
				    struct kstate_mem *mem)
{
	s32 state = buf && len == sizeof(__le32) ? get_unaligned_le32(buf) :
						   (__force int)PCI_UNKNOWN;

	if (state < (__force int)PCI_D0 || state > (__force int)PCI_UNKNOWN)
		return -ERANGE;
	*(pci_power_t *)m = (__force pci_power_t)state;
	return 0;
}

static const struct kstate_custom_ops pci_kstate_power_ops = {
	.size = pci_kstate_power_size,
	.save = pci_kstate_power_save,
	.restore = pci_kstate_power_restore,
};

/* driver_override: the string, or nothing */
static size_t pci_kstate_override_size(const void *obj, const void *m)
{
	const char *name = ((const struct pci_dev *)obj)->dev.driver_override.name;

	return name ? strlen(name) : 0;
}

static int pci_kstate_override_save(const void *obj, const void *m, void *buf,
				    size_t len, struct kstate_mem *mem)
{
	memcpy(buf, ((const struct pci_dev *)obj)->dev.driver_override.name, len);
	return 0;
}

/*
 * Only the name is set, in the scratch copy of a device that is not yet
 * added (nobody else can see it): device_set_driver_override()'s lock is
 * for devices in use.
 */
static int pci_kstate_override_restore(void *obj, void *m, const void *buf,
				       size_t len, u32 writer_version,
				       struct kstate_mem *mem)
{
	struct pci_dev *pdev = obj;
	const char *name = NULL;

	if (len) {
		name = kstrndup(buf, len, GFP_KERNEL);
		if (!name)
			return -ENOMEM;
	}
	pdev->dev.driver_override.name = name;
	return 0;
}

static void pci_kstate_override_undo(void *obj, void *m)
{
	kfree(((struct pci_dev *)obj)->dev.driver_override.name);
}

static const struct kstate_custom_ops pci_kstate_override_ops = {
	.size = pci_kstate_override_size,
	.save = pci_kstate_override_save,
	.restore = pci_kstate_override_restore,
	.undo = pci_kstate_override_undo,
};

/*
 * subordinate: a bridge's primary, secondary and subordinate bus numbers.
 * The next kernel reads them from the bridge again (pci_scan_bridge()), so
 * the restore only checks that the hardware still has them: a bridge whose
 * buses were renumbered is not the one the state describes.
 */
#define PCI_KSTATE_BUSNR_LEN	3

static size_t pci_kstate_busnr_size(const void *obj, const void *m)
{
	return *(struct pci_bus * const *)m ? PCI_KSTATE_BUSNR_LEN : 0;
}

static int pci_kstate_busnr_save(const void *obj, const void *m, void *buf,
				 size_t len, struct kstate_mem *mem)
{
	const struct pci_bus *sub = *(struct pci_bus * const *)m;
	u8 *nr = buf;

	if (!len)
		return 0;	/* not a bridge */
	nr[0] = sub->primary;
	nr[1] = sub->number;
	nr[2] = sub->busn_res.end;
	return 0;
}

static int pci_kstate_busnr_restore(void *obj, void *m, const void *buf,
				    size_t len, u32 writer_version,
				    struct kstate_mem *mem)
{
	const struct pci_dev *pdev = obj;
	const u8 *nr = buf;
	u32 hw;

	if (!len)
		return 0;
	if (len != PCI_KSTATE_BUSNR_LEN || !pdev->bus)
		return -EINVAL;
	if (pci_bus_read_config_dword(pdev->bus, pdev->devfn, PCI_PRIMARY_BUS,
				      &hw))
		return -EIO;
	if ((hw & 0xff) != nr[0] || (hw >> 8 & 0xff) != nr[1] ||
	    (hw >> 16 & 0xff) != nr[2]) {
		pr_warn("%s: buses %02x-%02x (primary %02x) were %02x-%02x (primary %02x)\n",
			pci_name(pdev), hw >> 8 & 0xff, hw >> 16 & 0xff,
			hw & 0xff, nr[1], nr[2], nr[0]);
		return -ESTALE;
	}
	return 0;
}

static const struct kstate_custom_ops pci_kstate_busnr_ops = {
	.size = pci_kstate_busnr_size,
	.save = pci_kstate_busnr_save,
	.restore = pci_kstate_busnr_restore,
};

/* version 2 only in the handover test's generation-2 kernels */
#define PCI_KSTATE_THIS_V2	0
#ifdef CONFIG_KSTATE_TEST_GEN
#if CONFIG_KSTATE_TEST_GEN >= 2
#undef PCI_KSTATE_THIS_V2
#define PCI_KSTATE_THIS_V2	1
#endif
#endif
#define PCI_KSTATE_V2		PCI_KSTATE_THIS_V2
#define PCI_KSTATE_TYPE		pci_dev
#include "kstate_pci_dev.h"
#undef PCI_KSTATE_TYPE
#undef PCI_KSTATE_V2

KSTATE_DECLARE(pci_dev, struct pci_dev);

/**
 * struct pci_kstate_dev - a device this kernel preserves, or restored
 * @node: in pci_kstate_devs.
 * @pdev: the device, referenced while listed.
 * @key: its KSTATE key.
 * @preserved: registered with KSTATE: handed over at the next kexec.
 * @restore: 0 if the previous kernel's state was restored, else why not
 *	(-errno); %PCI_KSTATE_NEW if the previous kernel had none.
 * @state_saved: the previous kernel had saved the device's state.
 * @saved_config: the config header it saved, which the PCI core saves
 *	anew as it adds the device; for pci_kstate_load_saved_state().
 * @caps: restored saved capability state, applied once the device's own
 *	buffers exist, and by pci_kstate_load_saved_state().
 * @reset_methods: restored reset methods, applied once the device's own
 *	are set.
 * @sriov: the restored SR-IOV state of a PF, for sriov_init().
 * @vfs_kept: VFs sriov_init() kept enabled, whose pci_devs are to add.
 * @res: where the restored resources were, to check that this kernel
 *	leaves them there.
 * @busnr: the buses below a restored bridge (secondary, subordinate), as
 *	the previous kernel had them and the hardware still has them.
 * @moved: resources this kernel moved (bit per resource), then or later.
 * @buses_moved: this kernel renumbered the buses below the bridge.
 */
struct pci_kstate_dev {
	struct list_head node;
	struct pci_dev *pdev;
	u64 key;
	bool preserved;
	int restore;
	bool state_saved;
	u32 saved_config[16];
	struct hlist_head caps;
	u8 reset_methods[PCI_NUM_RESET_METHODS];
	struct pci_sriov *sriov;
	u16 vfs_kept;
	struct {
		resource_size_t start, end;
	} res[PCI_NUM_RESOURCES];
	u8 busnr[2];
	u32 moved;
	bool buses_moved;
};

#define PCI_KSTATE_NEW	1

static LIST_HEAD(pci_kstate_devs);
static DEFINE_MUTEX(pci_kstate_lock);

static struct pci_kstate_dev *pci_kstate_find(const struct pci_dev *pdev)
{
	struct pci_kstate_dev *d;

	lockdep_assert_held(&pci_kstate_lock);
	list_for_each_entry(d, &pci_kstate_devs, node)
		if (d->pdev == pdev)
			return d;
	return NULL;
}

static struct pci_kstate_dev *pci_kstate_get(struct pci_dev *pdev)
{
	struct pci_kstate_dev *d = pci_kstate_find(pdev);

	if (d)
		return d;
	d = kzalloc_obj(*d);
	if (!d)
		return NULL;
	d->pdev = pci_dev_get(pdev);
	d->key = pci_kstate_key(pdev);
	d->restore = PCI_KSTATE_NEW;
	INIT_HLIST_HEAD(&d->caps);
	list_add_tail(&d->node, &pci_kstate_devs);
	return d;
}

static void pci_kstate_free_caps(struct hlist_head *caps)
{
	struct pci_cap_saved_state *st;
	struct hlist_node *n;

	hlist_for_each_entry_safe(st, n, caps, next) {
		hlist_del(&st->next);
		kfree(st);
	}
}

static void pci_kstate_put(struct pci_kstate_dev *d)
{
	list_del(&d->node);
	pci_kstate_free_caps(&d->caps);
	kfree(d->sriov);
	pci_dev_put(d->pdev);
	kfree(d);
}

static int pci_kstate_preserve_one(struct pci_dev *pdev)
{
	struct pci_kstate_dev *d = pci_kstate_get(pdev);
	int err;

	if (!d)
		return -ENOMEM;
	if (d->preserved)
		return 0;
	err = pci_dev_kstate_register(d->key, pdev);
	if (err) {
		pci_err(pdev, "cannot preserve: %pe\n", ERR_PTR(err));
		if (d->restore == PCI_KSTATE_NEW)
			pci_kstate_put(d);
		return err;
	}
	d->preserved = true;
	return 0;
}

static void pci_kstate_unpreserve_one(struct pci_dev *pdev)
{
	struct pci_kstate_dev *d = pci_kstate_find(pdev);

	if (!d || !d->preserved)
		return;
	pci_dev_kstate_unregister(d->key);
	d->preserved = false;
	if (d->restore == PCI_KSTATE_NEW)
		pci_kstate_put(d);
}

/**
 * pci_kstate_preserve() - keep a PCI device's state across the live update
 * @pdev: the device
 *
 * Registers @pdev with KSTATE, with the bridges above it (their bus numbers,
 * windows and bus mastering carry its traffic) and, for a physical function
 * with virtual functions enabled, its VFs (and VFs enabled later). From now
 * on a kexec does not clear the bus mastering of these devices. VFIO's live
 * update calls this for the devices a VMM keeps.
 *
 * Context: Process context; takes the PCI rescan/remove lock.
 * Return: 0, or -errno (nothing is preserved then).
 */
int pci_kstate_preserve(struct pci_dev *pdev)
{
	struct pci_dev *up;
	int err = 0;

	pci_lock_rescan_remove();
	mutex_lock(&pci_kstate_lock);
	for (up = pci_upstream_bridge(pdev); up && !err;
	     up = pci_upstream_bridge(up))
		err = pci_kstate_preserve_one(up);
	if (!err)
		err = pci_kstate_preserve_one(pdev);
#ifdef CONFIG_PCI_IOV
	if (!err && pdev->is_physfn && pdev->sriov) {
		int i;

		for (i = 0; i < pdev->sriov->num_VFs && !err; i++) {
			int bus = pci_iov_virtfn_bus(pdev, i);
			struct pci_dev *vf;

			vf = pci_get_domain_bus_and_slot(pci_domain_nr(pdev->bus),
							 bus,
							 pci_iov_virtfn_devfn(pdev, i));

			if (vf)
				err = pci_kstate_preserve_one(vf);
			pci_dev_put(vf);
		}
	}
#endif
	mutex_unlock(&pci_kstate_lock);
	pci_unlock_rescan_remove();
	if (err)
		pci_kstate_unpreserve(pdev);
	else
		pci_info(pdev, "preserved for the live update\n");
	return err;
}
EXPORT_SYMBOL_GPL(pci_kstate_preserve);

/**
 * pci_kstate_unpreserve() - no longer keep a PCI device across the update
 * @pdev: the device
 *
 * Undoes pci_kstate_preserve() for @pdev and its VFs; the bridges above
 * stay preserved (other devices may need them).
 *
 * Context: Process context.
 */
void pci_kstate_unpreserve(struct pci_dev *pdev)
{
	struct pci_kstate_dev *d, *n;

	mutex_lock(&pci_kstate_lock);
	list_for_each_entry_safe(d, n, &pci_kstate_devs, node)
		if (d->pdev->is_virtfn && d->pdev->physfn == pdev)
			pci_kstate_unpreserve_one(d->pdev);
	pci_kstate_unpreserve_one(pdev);
	mutex_unlock(&pci_kstate_lock);
}
EXPORT_SYMBOL_GPL(pci_kstate_unpreserve);

/**
 * pci_kstate_preserved() - is the device's state kept across the update
 * @pdev: the device
 *
 * Return: true if the next kexec hands @pdev's state over.
 */
bool pci_kstate_preserved(struct pci_dev *pdev)
{
	struct pci_kstate_dev *d;

	guard(mutex)(&pci_kstate_lock);
	d = pci_kstate_find(pdev);
	return d && d->preserved;
}

/*
 * A BAR the device decodes elsewhere than the previous kernel recorded (it
 * was moved behind that kernel's back): the device is where it decodes.
 * Then the resources and buses as restored, for pci_kstate_check_moved().
 */
static void pci_kstate_check_bars(struct pci_kstate_dev *d,
				  const struct resource *hw)
{
	struct pci_dev *pdev = d->pdev;
	int i;

	for (i = 0; i <= PCI_ROM_RESOURCE; i++) {
		struct resource *r = &pdev->resource[i];

		if (r->start == hw[i].start && r->end == hw[i].end)
			continue;
		pci_warn(pdev, "BAR %d: the previous kernel had %pR, the device decodes %pR: keeping the device's\n",
			 i, r, &hw[i]);
		*r = hw[i];
		d->moved |= BIT(i);
	}
	for (i = 0; i < PCI_NUM_RESOURCES; i++) {
		d->res[i].start = pdev->resource[i].start;
		d->res[i].end = pdev->resource[i].end;
	}
	if (pci_is_bridge(pdev)) {
		u32 hwbus;

		pci_read_config_dword(pdev, PCI_PRIMARY_BUS, &hwbus);
		d->busnr[0] = hwbus >> 8;
		d->busnr[1] = hwbus >> 16;
	}
}

/*
 * Once this kernel has assigned resources: the restored devices' BARs and
 * windows, and their bridges' buses, must be where they were (a preserved
 * device goes on decoding there, its DMA keeps using those buses).
 */
static void pci_kstate_check_moved(void)
{
	struct pci_kstate_dev *d;
	int i;

	guard(mutex)(&pci_kstate_lock);
	list_for_each_entry(d, &pci_kstate_devs, node) {
		struct pci_dev *pdev = d->pdev;
		struct pci_bus *sub = pdev->subordinate;

		if (d->restore)
			continue;
		for (i = 0; i < PCI_NUM_RESOURCES; i++) {
			struct resource *r = &pdev->resource[i];

			if (d->moved & BIT(i) || (r->start == d->res[i].start &&
						  r->end == d->res[i].end))
				continue;
			pci_err(pdev, "resource %d moved from [%#llx-%#llx] to %pR\n",
				i, (unsigned long long)d->res[i].start,
				(unsigned long long)d->res[i].end, r);
			d->moved |= BIT(i);
		}
		if (sub && (sub->number != d->busnr[0] ||
			    sub->busn_res.end != d->busnr[1])) {
			pci_err(pdev, "buses renumbered from %02x-%02x to %pR\n",
				d->busnr[0], d->busnr[1], &sub->busn_res);
			d->buses_moved = true;
		}
	}
}

/**
 * pci_kstate_device_add() - restore a device the previous kernel preserved
 * @pdev: the device, set up from its config space, not yet added, its
 *	capabilities not yet initialised
 *
 * Called by pci_device_add(). A mismatch (another device at that address)
 * or a refused state is reported, and the device is initialised normally.
 */
void pci_kstate_device_add(struct pci_dev *pdev)
{
	struct resource hw[PCI_ROM_RESOURCE + 1];
	u64 key = pci_kstate_key(pdev);
	struct pci_kstate_dev *d;
	struct pci_dev *physfn = NULL;
	int err;

	if (!pci_dev_kstate_present(key))
		return;
	guard(mutex)(&pci_kstate_lock);
	d = pci_kstate_get(pdev);
	if (!d) {
		pci_err(pdev, "state of the previous kernel not restored: %pe\n",
			ERR_PTR(-ENOMEM));
		return;
	}
#ifdef CONFIG_PCI_IOV
	if (pdev->is_virtfn)
		physfn = pdev->physfn;
#endif
	/* the BARs as the device decodes them (read, or set for a VF) */
	memcpy(hw, pdev->resource, sizeof(hw));
	err = pci_dev_kstate_restore(key, pdev);
	d->restore = err;
	if (err) {
		pci_warn(pdev, "state of the previous kernel not restored (%pe): initialised anew\n",
			 ERR_PTR(err));
		return;
	}
	pci_kstate_check_bars(d, hw);
#ifdef CONFIG_PCI_IOV
	/* a VF whose PF was not restored keeps the PF it was added under */
	if (pdev->is_virtfn && pdev->physfn != physfn) {
		pci_dev_kstate_release(key);
		pdev->physfn = physfn;
	}
	/* sriov_init() builds the PF's own; the restored one is put aside */
	if (pdev->is_physfn) {
		d->sriov = pdev->sriov;
		pdev->sriov = NULL;
		pdev->is_physfn = 0;
	}
#endif
	/*
	 * Interrupts and ATS/PRI/PASID are set up again by this kernel's
	 * drivers; until then MSI and MSI-X stay enabled in the hardware
	 * (pci_msi_init() leaves a preserved device alone) with the
	 * previous kernel's messages. Their enablement is in the
	 * handed-over state for the adopters that will carry the vectors,
	 * not in this kernel's bookkeeping, which has no vectors for them.
	 */
	pdev->msi_enabled = 0;
	pdev->msix_enabled = 0;
	pdev->ats_enabled = 0;
	pdev->pri_enabled = 0;
	pdev->pasid_enabled = 0;
	/* the capability buffers and reset methods are set up anew */
	d->state_saved = pdev->state_saved;
	memcpy(d->saved_config, pdev->saved_config_space, sizeof(d->saved_config));
	hlist_move_list(&pdev->saved_cap_space, &d->caps);
	memcpy(d->reset_methods, pdev->reset_methods, sizeof(d->reset_methods));
	pci_info(pdev, "state of the previous kernel restored\n");
	/* and kept for the next update */
	pci_kstate_preserve_one(pdev);
}

/* The handed-over capability state into the buffers this kernel made */
static void pci_kstate_load_caps(struct pci_kstate_dev *d, bool warn)
{
	struct pci_dev *pdev = d->pdev;
	struct pci_cap_saved_state *st, *mine;

	hlist_for_each_entry(st, &d->caps, next) {
		mine = st->cap.cap_extended ?
		       pci_find_saved_ext_cap(pdev, st->cap.cap_nr) :
		       pci_find_saved_cap(pdev, st->cap.cap_nr);
		if (!mine || mine->cap.size != st->cap.size) {
			if (warn)
				pci_warn(pdev, "saved state of capability %#x not restored\n",
					 st->cap.cap_nr);
			continue;
		}
		memcpy(mine->cap.data, st->cap.data, st->cap.size);
	}
}

/*
 * Once added: the saved capability state and the reset methods restored.
 * The handed-over saved state is kept for pci_kstate_load_saved_state().
 */
static void pci_kstate_added(struct pci_dev *pdev)
{
	struct pci_kstate_dev *d;

	guard(mutex)(&pci_kstate_lock);
	d = pci_kstate_find(pdev);
	if (!d || d->restore)
		return;
	pci_kstate_load_caps(d, true);
	memcpy(pdev->reset_methods, d->reset_methods, sizeof(d->reset_methods));
}

/**
 * pci_kstate_load_saved_state() - load the saved state of the previous kernel
 * @pdev: a device restored from the previous kernel's state
 *
 * The PCI core saves a device's state again when it adds the device (for
 * error recovery), over the saved state that was handed over. A driver that
 * takes the device over as the previous kernel left it loads the previous
 * kernel's back into @pdev with this (VFIO: the state its first open saved,
 * which its last close restores), then pci_store_saved_state() or
 * pci_restore_state() as usual.
 *
 * Context: Process context; takes the PCI adopter's mutex.
 * Return: 0, or -ENOENT if @pdev's state was not restored from the previous
 * kernel or had no saved state.
 */
int pci_kstate_load_saved_state(struct pci_dev *pdev)
{
	struct pci_kstate_dev *d;

	guard(mutex)(&pci_kstate_lock);
	d = pci_kstate_find(pdev);
	if (!d || d->restore || !d->state_saved)
		return -ENOENT;
	memcpy(pdev->saved_config_space, d->saved_config,
	       sizeof(pdev->saved_config_space));
	pci_kstate_load_caps(d, false);
	pdev->state_saved = true;
	return 0;
}
EXPORT_SYMBOL_GPL(pci_kstate_load_saved_state);

/* VFs enabled after their PF was preserved are preserved; gone is gone. */
static int pci_kstate_notify(struct notifier_block *nb, unsigned long action,
			     void *data)
{
	struct pci_dev *pdev = to_pci_dev(data);
	struct pci_kstate_dev *d;

	switch (action) {
	case BUS_NOTIFY_ADD_DEVICE:
		pci_kstate_added(pdev);
#ifdef CONFIG_PCI_IOV
		if (pdev->is_virtfn && pci_kstate_preserved(pdev->physfn)) {
			guard(mutex)(&pci_kstate_lock);
			pci_kstate_preserve_one(pdev);
		}
#endif
		break;
	case BUS_NOTIFY_DEL_DEVICE:
		mutex_lock(&pci_kstate_lock);
		d = pci_kstate_find(pdev);
		if (d && d->preserved)
			pci_dev_kstate_unregister(d->key);
		if (d)
			pci_kstate_put(d);
		mutex_unlock(&pci_kstate_lock);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block pci_kstate_nb = {
	.notifier_call = pci_kstate_notify,
};

static int __init pci_kstate_init(void)
{
	return bus_register_notifier(&pci_bus_type, &pci_kstate_nb);
}

/* after the PCI bus type, before enumeration (subsys_initcall) */
arch_initcall(pci_kstate_init);

#ifdef CONFIG_PCI_IOV
/**
 * pci_kstate_sriov_init() - keep the VFs of a preserved PF enabled
 * @pdev: the PF, its state restored
 * @pos: its SR-IOV capability
 * @ctrl: its SR-IOV Control register, VF Enable set
 *
 * Called by sriov_init() when it finds VF Enable set. Clearing it there
 * would destroy every VF (and sleep a second); sizing the VF BARs again
 * would stop their decoding. A PF the previous kernel preserved instead
 * takes the SR-IOV state that kernel had, checked against the hardware:
 * the VFs stay enabled, their BARs where they were, and their pci_devs are
 * added back once the PF's resources are claimed.
 *
 * Return: 0 if the VFs are kept; -ENOENT if the PF has no such state (not
 * preserved, or not matching the hardware): sriov_init() goes on as usual.
 */
int pci_kstate_sriov_init(struct pci_dev *pdev, int pos, u16 ctrl)
{
	struct pci_kstate_dev *d;
	struct pci_sriov *iov;
	struct pci_dev *other;
	u16 total, vf_device;
	int i;

	guard(mutex)(&pci_kstate_lock);
	d = pci_kstate_find(pdev);
	if (!d || d->restore || !d->sriov)
		return -ENOENT;
	iov = d->sriov;
	pci_read_config_word(pdev, pos + PCI_SRIOV_TOTAL_VF, &total);
	pci_read_config_word(pdev, pos + PCI_SRIOV_VF_DID, &vf_device);
	if (iov->pos != pos || !iov->num_VFs || iov->num_VFs > total ||
	    iov->total_VFs != total || iov->vf_device != vf_device) {
		pci_warn(pdev, "SR-IOV state of the previous kernel does not match the device: VFs reset\n");
		return -ENOENT;
	}
	d->sriov = NULL;
	iov->ctrl = ctrl;
	iov->self = pdev;
	iov->dev = pdev;
	list_for_each_entry(other, &pdev->bus->devices, bus_list) {
		if (other->is_physfn) {
			iov->dev = pci_dev_get(other);
			break;
		}
	}
	pci_read_config_dword(pdev, pos + PCI_SRIOV_CAP, &iov->cap);
	pci_read_config_byte(pdev, pos + PCI_SRIOV_FUNC_LINK, &iov->link);
	if (pci_pcie_type(pdev) == PCI_EXP_TYPE_RC_END)
		iov->link = PCI_DEVFN(PCI_SLOT(pdev->devfn), iov->link);
	iov->vf_rebar_cap = pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_VF_REBAR);
	/* the VF BARs, as restored: sized for all VFs, where A put them */
	iov->nres = 0;
	for (i = 0; i < PCI_SRIOV_NUM_BARS; i++)
		if (pdev->resource[pci_resource_num_from_vf_bar(i)].flags)
			iov->nres++;
	pdev->sriov = iov;
	pdev->is_physfn = 1;
	d->vfs_kept = iov->num_VFs;
	pci_info(pdev, "SR-IOV: %u VFs kept enabled through the live update\n",
		 iov->num_VFs);
	return 0;
}

/*
 * The pci_devs of the kept VFs, added once the PFs' resources are claimed
 * (fs_initcall on x86): each VF is then restored by key in
 * pci_device_add() like any preserved device.
 */
static void __init pci_kstate_add_vfs(void)
{
	struct pci_kstate_dev *d;
	struct pci_dev *pdev;
	u16 i, n;

	for (;;) {
		pdev = NULL;
		scoped_guard(mutex, &pci_kstate_lock) {
			list_for_each_entry(d, &pci_kstate_devs, node) {
				if (d->vfs_kept) {
					pdev = pci_dev_get(d->pdev);
					n = d->vfs_kept;
					d->vfs_kept = 0;
					break;
				}
			}
		}
		if (!pdev)
			return;
		pci_lock_rescan_remove();
		for (i = 0; i < n; i++) {
			int err = pci_iov_add_virtfn(pdev, i);

			if (err)
				pci_err(pdev, "kept VF %u not added: %pe\n", i,
					ERR_PTR(err));
		}
		pci_unlock_rescan_remove();
		pci_dev_put(pdev);
	}
}
#else
static inline void pci_kstate_add_vfs(void) { }
#endif

static int __init pci_kstate_late(void)
{
	pci_kstate_add_vfs();
	pci_kstate_check_moved();
	return 0;
}
late_initcall(pci_kstate_late);

/* debugfs kstate/pci/: preserve (write a device name), status */
static const char *pci_kstate_restore_str(int restore)
{
	return restore == PCI_KSTATE_NEW ? "new" : restore ? "refused" : "restored";
}

static int pci_kstate_status_show(struct seq_file *m, void *v)
{
	struct pci_kstate_dev *d;
	int i;

	seq_puts(m, "device        preserved restore  buses  moved\n");
	guard(mutex)(&pci_kstate_lock);
	list_for_each_entry(d, &pci_kstate_devs, node) {
		struct pci_bus *sub = d->pdev->subordinate;

		seq_printf(m, "%s  %-9s %-8s", pci_name(d->pdev),
			   str_yes_no(d->preserved),
			   pci_kstate_restore_str(d->restore));
		if (sub)
			seq_printf(m, " %02x-%02x%s", sub->number,
				   (u8)sub->busn_res.end,
				   d->buses_moved ? "!" : " ");
		else
			seq_puts(m, " -     ");
		if (!d->moved)
			seq_puts(m, " -");
		for (i = 0; i < PCI_NUM_RESOURCES; i++)
			if (d->moved & BIT(i))
				seq_printf(m, "%c%d", d->moved & (BIT(i) - 1) ?
					   ',' : ' ', i);
		if (d->restore && d->restore != PCI_KSTATE_NEW)
			seq_printf(m, " (%d)", d->restore);
		seq_putc(m, '\n');
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(pci_kstate_status);

static ssize_t pci_kstate_preserve_write(struct file *file,
					 const char __user *ubuf, size_t count,
					 loff_t *ppos)
{
	unsigned int domain, bus, slot, fn;
	struct pci_dev *pdev;
	char buf[32];
	int err;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sscanf(buf, "%x:%x:%x.%x", &domain, &bus, &slot, &fn) != 4 ||
	    bus > 0xff || slot > 0x1f || fn > 7)
		return -EINVAL;
	pdev = pci_get_domain_bus_and_slot(domain, bus, PCI_DEVFN(slot, fn));
	if (!pdev)
		return -ENODEV;
	err = pci_kstate_preserve(pdev);
	pci_dev_put(pdev);
	return err ?: count;
}

static const struct file_operations pci_kstate_preserve_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = pci_kstate_preserve_write,
	.llseek = noop_llseek,
};

static int __init pci_kstate_debugfs_init(void)
{
	struct dentry *dir = debugfs_create_dir("pci", kstate_debugfs_root());

	debugfs_create_file("preserve", 0200, dir, NULL,
			    &pci_kstate_preserve_fops);
	debugfs_create_file("status", 0400, dir, NULL, &pci_kstate_status_fops);
	return 0;
}
late_initcall(pci_kstate_debugfs_init);

#if IS_ENABLED(CONFIG_KSTATE_KUNIT_TEST)
#include "kstate_kunit.c"
#endif
