/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI devices kept across a live update with KSTATE (drivers/pci/kstate.c).
 */
#ifndef _LINUX_PCI_KSTATE_H
#define _LINUX_PCI_KSTATE_H

#include <linux/errno.h>
#include <linux/types.h>

struct pci_dev;

#ifdef CONFIG_PCI_KSTATE
int pci_kstate_preserve(struct pci_dev *pdev);
void pci_kstate_unpreserve(struct pci_dev *pdev);
bool pci_kstate_preserved(struct pci_dev *pdev);
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

static inline void pci_kstate_device_add(struct pci_dev *pdev)
{
}

static inline int pci_kstate_sriov_init(struct pci_dev *pdev, int pos, u16 ctrl)
{
	return -ENOENT;
}
#endif

#endif /* _LINUX_PCI_KSTATE_H */
