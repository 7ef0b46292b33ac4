/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel VT-d translation kept across a live update with KSTATE
 * (drivers/iommu/intel/kstate.c): the calls of the users that preserve a
 * device's domain (VFIO's live update, the VT-d test driver).
 */
#ifndef _LINUX_INTEL_IOMMU_KSTATE_H
#define _LINUX_INTEL_IOMMU_KSTATE_H

#include <linux/err.h>
#include <linux/types.h>

struct device;
struct iommu_domain;

#ifdef CONFIG_INTEL_IOMMU_KSTATE
int intel_iommu_kstate_preserve(struct device *dev,
				struct iommu_domain *domain, u64 key);
void intel_iommu_kstate_unpreserve(struct device *dev);
struct iommu_domain *intel_iommu_kstate_restore(struct device *dev, u64 key);
u64 intel_iommu_kstate_iova_to_phys(struct device *dev, u64 iova);
#else
static inline int intel_iommu_kstate_preserve(struct device *dev,
					      struct iommu_domain *domain,
					      u64 key)
{
	return -EOPNOTSUPP;
}

static inline void intel_iommu_kstate_unpreserve(struct device *dev)
{
}

static inline struct iommu_domain *
intel_iommu_kstate_restore(struct device *dev, u64 key)
{
	return ERR_PTR(-ENOENT);
}

static inline u64 intel_iommu_kstate_iova_to_phys(struct device *dev, u64 iova)
{
	return 0;
}
#endif

#endif /* _LINUX_INTEL_IOMMU_KSTATE_H */
