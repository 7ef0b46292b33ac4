/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The description of struct vfio_pci_core_device, included by
 * drivers/vfio/kstate.c and, for the evolution cases, by its KUnit file,
 * with:
 *
 *   VFIO_KSTATE_TYPE  the name of the type object (vfio_pci_core);
 *   VFIO_KSTATE_V2    1 for version 2, 0 for version 1.
 *
 * Version 2 is built into the handover test's generation-2 kernels only
 * (CONFIG_KSTATE_TEST_GEN=2): it adds pm_intx_masked (kept as this kernel
 * has it when the writer lacks it).
 */
#ifndef VFIO_KSTATE_DEFINE
/* expands VFIO_KSTATE_TYPE before KSTATE_DEFINE() pastes it */
#define VFIO_KSTATE_DEFINE(n, ...)	KSTATE_DEFINE(n, __VA_ARGS__)
#endif

VFIO_KSTATE_DEFINE(VFIO_KSTATE_TYPE, struct vfio_pci_core_device,
		   KSTATE_NAME("vfio_pci_core_device"),
#if VFIO_KSTATE_V2
		   KSTATE_VERSION(2),
#endif
		   /* the config space the guest sees, and who may write what */
		   KSTATE_CUSTOM(vconfig, &vfio_kstate_cfg_ops),
		   KSTATE_CUSTOM(pci_config_map, &vfio_kstate_cfg_ops),
		   KSTATE_UINT_ARRAY(rbar),
		   KSTATE_BOOL(bardirty),
		   KSTATE_BOOL(virq_disabled),
		   /* interrupts, and the MSI/MSI-X layout */
		   KSTATE_SINT(irq_type),
		   KSTATE_U8(msi_qmax),
		   KSTATE_U8(msix_bar),
		   KSTATE_U16(msix_size),
		   KSTATE_U32(msix_offset),
		   /* what the first open found out about the device */
		   KSTATE_BITFIELD(pci_2_3),
		   KSTATE_BITFIELD(reset_works),
		   KSTATE_BITFIELD(extended_caps),
		   KSTATE_BITFIELD(has_vga),
		   KSTATE_BITFIELD(nointx),
		   KSTATE_BITFIELD(needs_pm_restore),
#if VFIO_KSTATE_V2
		   KSTATE_BOOL(pm_intx_masked, KSTATE_SINCE(2), KSTATE_KEEP),
#endif
		   KSTATE_BOOL(needs_reset));
