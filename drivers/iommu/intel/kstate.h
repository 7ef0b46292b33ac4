/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel VT-d across a live update with KSTATE (drivers/iommu/intel/kstate.c):
 * the calls of the VT-d driver; those of the users that preserve domains are
 * in <linux/intel-iommu-kstate.h>.
 */
#ifndef _INTEL_IOMMU_KSTATE_H
#define _INTEL_IOMMU_KSTATE_H

#include <linux/intel-iommu-kstate.h>
#include <linux/types.h>

struct context_entry;
struct intel_iommu;
struct pt_iommu_vtdss_hw_info;

#ifdef CONFIG_INTEL_IOMMU_KSTATE
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
