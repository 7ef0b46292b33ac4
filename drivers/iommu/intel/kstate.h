/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel VT-d across a live update with KSTATE (drivers/iommu/intel/kstate.c):
 * the calls of the VT-d driver, and of the users that preserve domains.
 */
#ifndef _INTEL_IOMMU_KSTATE_H
#define _INTEL_IOMMU_KSTATE_H

#include <linux/types.h>

struct context_entry;
struct device;
struct intel_iommu;
struct iommu_domain;
struct pt_iommu_vtdss_hw_info;

#ifdef CONFIG_INTEL_IOMMU_KSTATE
int intel_iommu_kstate_preserve(struct device *dev,
				struct iommu_domain *domain, u64 key);
void intel_iommu_kstate_unpreserve(struct device *dev);
struct iommu_domain *intel_iommu_kstate_restore(struct device *dev, u64 key);
u64 intel_iommu_kstate_iova_to_phys(struct device *dev, u64 iova);
bool intel_iommu_kstate_adopt(struct intel_iommu *iommu);
bool intel_iommu_kstate_shutdown(struct intel_iommu *iommu);
bool intel_iommu_kstate_keep_context(struct intel_iommu *iommu,
				     struct context_entry *context, u8 bus,
				     u8 devfn, u16 did,
				     const struct pt_iommu_vtdss_hw_info *pt);
#else
static inline bool intel_iommu_kstate_adopt(struct intel_iommu *iommu)
{
	return false;
}

static inline bool intel_iommu_kstate_shutdown(struct intel_iommu *iommu)
{
	return false;
}

static inline bool
intel_iommu_kstate_keep_context(struct intel_iommu *iommu,
				struct context_entry *context, u8 bus, u8 devfn,
				u16 did, const struct pt_iommu_vtdss_hw_info *pt)
{
	return false;
}
#endif

#endif /* _INTEL_IOMMU_KSTATE_H */
