/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The description of struct intel_iommu, included by
 * drivers/iommu/intel/kstate.c and, for the evolution cases, by its KUnit
 * file, with:
 *
 *   VTD_KSTATE_UNIT  the name of the type object (vtd_unit);
 *   VTD_KSTATE_V2    1 for version 2, 0 for version 1.
 *
 * Version 2 is built into the handover test's generation-2 kernels only
 * (CONFIG_KSTATE_TEST_GEN=2), so that QEMU can kexec between two versions
 * of the real description: it adds vccap (kept as this kernel read it
 * when the writer lacks it).
 */
#ifndef VTD_KSTATE_DEFINE
/* expands VTD_KSTATE_UNIT before KSTATE_DEFINE() pastes it */
#define VTD_KSTATE_DEFINE(n, ...)	KSTATE_DEFINE(n, __VA_ARGS__)
#endif

VTD_KSTATE_DEFINE(VTD_KSTATE_UNIT, struct intel_iommu,
		  KSTATE_NAME("intel_iommu"),
#if VTD_KSTATE_V2
		  KSTATE_VERSION(2),
#endif
		  KSTATE_OPS(&vtd_unit_ops),
		  /* identity: read from the hardware here, never overwritten */
		  KSTATE_U64(reg_phys, KSTATE_MUST_MATCH),
		  KSTATE_U64(cap, KSTATE_MUST_MATCH),
		  KSTATE_U64(ecap, KSTATE_MUST_MATCH),
		  KSTATE_SINT(agaw, KSTATE_MUST_MATCH),
		  KSTATE_SINT(msagaw, KSTATE_MUST_MATCH),
		  KSTATE_U16(segment, KSTATE_MUST_MATCH),
		  /* translation state: checked, never written */
		  KSTATE_CUSTOM(gcmd, &vtd_gcmd_ops),
		  KSTATE_CUSTOM(seq_id, &vtd_seq_ops),
#ifdef CONFIG_IRQ_REMAP
		  KSTATE_CUSTOM(ir_table, &vtd_irt_ops),
#endif
#if VTD_KSTATE_V2
		  KSTATE_U64(vccap, KSTATE_SINCE(2), KSTATE_KEEP),
#endif
		  /* the tables, in place; then the domain ids they use */
		  KSTATE_CUSTOM(root_entry, &vtd_root_ops),
		  KSTATE_CUSTOM(domain_ida, &vtd_dids_ops));
