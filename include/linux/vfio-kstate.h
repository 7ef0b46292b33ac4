/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio-pci devices kept across a live update with KSTATE
 * (drivers/vfio/kstate.c): the hooks of vfio-pci-core.
 */
#ifndef _LINUX_VFIO_KSTATE_H
#define _LINUX_VFIO_KSTATE_H

#include <linux/types.h>

struct vfio_pci_core_device;

#ifdef CONFIG_VFIO_KSTATE
void vfio_pci_kstate_probe(struct vfio_pci_core_device *vdev);
void vfio_pci_kstate_add(struct vfio_pci_core_device *vdev);
void vfio_pci_kstate_remove(struct vfio_pci_core_device *vdev);
bool vfio_pci_kstate_kept(struct vfio_pci_core_device *vdev);
int vfio_pci_kstate_enable(struct vfio_pci_core_device *vdev);
#else
static inline void vfio_pci_kstate_probe(struct vfio_pci_core_device *vdev)
{
}

static inline void vfio_pci_kstate_add(struct vfio_pci_core_device *vdev)
{
}

static inline void vfio_pci_kstate_remove(struct vfio_pci_core_device *vdev)
{
}

static inline bool vfio_pci_kstate_kept(struct vfio_pci_core_device *vdev)
{
	return false;
}

static inline int vfio_pci_kstate_enable(struct vfio_pci_core_device *vdev)
{
	return 0;
}
#endif

#endif /* _LINUX_VFIO_KSTATE_H */
