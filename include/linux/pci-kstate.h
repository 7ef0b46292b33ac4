/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI devices kept across a live update with KSTATE (drivers/pci/kstate.c).
 */
#ifndef _LINUX_PCI_KSTATE_H
#define _LINUX_PCI_KSTATE_H

#include <linux/errno.h>
#include <linux/pci.h>
#include <linux/types.h>

/**
 * pci_kstate_key() - the KSTATE key of a PCI device: segment:bus:devfn
 * @pdev: the device
 *
 * Stable across kernels that keep the bus numbers (the PCI adopter keeps
 * a preserved device's bridges' numbers). The adopters that describe state
 * of a PCI device key it like this too.
 *
 * Return: the segment in bits 31:16, the bus in 15:8, the devfn in 7:0.
 */
static inline u64 pci_kstate_key(const struct pci_dev *pdev)
{
	return (u64)pci_domain_nr(pdev->bus) << 16 |
	       pdev->bus->number << 8 | pdev->devfn;
}

#ifdef CONFIG_PCI_KSTATE
int pci_kstate_preserve(struct pci_dev *pdev);
void pci_kstate_unpreserve(struct pci_dev *pdev);
bool pci_kstate_preserved(struct pci_dev *pdev);
int pci_kstate_load_saved_state(struct pci_dev *pdev);
void pci_kstate_device_add(struct pci_dev *pdev);
int pci_kstate_sriov_init(struct pci_dev *pdev, int pos, u16 ctrl);
#else
static inline int pci_kstate_preserve(struct pci_dev *pdev)
{
	return -EOPNOTSUPP;
}

static inline void pci_kstate_unpreserve(struct pci_dev *pdev)
{
}

static inline bool pci_kstate_preserved(struct pci_dev *pdev)
{
	return false;
}

static inline int pci_kstate_load_saved_state(struct pci_dev *pdev)
{
	return -ENOENT;
}

static inline void pci_kstate_device_add(struct pci_dev *pdev)
{
}

static inline int pci_kstate_sriov_init(struct pci_dev *pdev, int pos, u16 ctrl)
{
	return -ENOENT;
}
#endif

#endif /* _LINUX_PCI_KSTATE_H */
