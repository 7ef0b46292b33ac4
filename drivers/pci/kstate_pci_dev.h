/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The description of struct pci_dev, included by drivers/pci/kstate.c and,
 * for the evolution cases, by its KUnit file, with:
 *
 *   PCI_KSTATE_TYPE  the name of the type object (pci_dev);
 *   PCI_KSTATE_V2    1 for version 2, 0 for version 1.
 *
 * Version 2 is built into the handover test's generation-2 kernels only
 * (CONFIG_KSTATE_TEST_GEN=2), so that QEMU can kexec between two versions
 * of the real description: it adds acs_capabilities (kept as this kernel
 * probed it when the writer lacks it) and renames dev.driver_override to
 * dev.driver_override.name, the way struct device grew the lock beside
 * the string.
 */
#ifndef PCI_KSTATE_DEFINE
/* expands PCI_KSTATE_TYPE before KSTATE_DEFINE() pastes it */
#define PCI_KSTATE_DEFINE(n, ...)	KSTATE_DEFINE(n, __VA_ARGS__)
#endif

PCI_KSTATE_DEFINE(PCI_KSTATE_TYPE, struct pci_dev,
		  KSTATE_NAME("pci_dev"),
#if PCI_KSTATE_V2
		  KSTATE_VERSION(2),
#endif
		  /* identity: read from the hardware here, never overwritten */
		  KSTATE_UINT(devfn, KSTATE_MUST_MATCH),
		  KSTATE_U16(vendor, KSTATE_MUST_MATCH),
		  KSTATE_U16(device, KSTATE_MUST_MATCH),
		  KSTATE_U16(subsystem_vendor, KSTATE_MUST_MATCH),
		  KSTATE_U16(subsystem_device, KSTATE_MUST_MATCH),
		  KSTATE_UINT(class, KSTATE_MUST_MATCH),
		  KSTATE_U8(revision, KSTATE_MUST_MATCH),
		  KSTATE_U8(hdr_type, KSTATE_MUST_MATCH),
		  KSTATE_BITFIELD(is_virtfn, KSTATE_MUST_MATCH),
		  /* live state */
		  KSTATE_CUSTOM(current_state, &pci_kstate_power_ops),
		  KSTATE_STRUCT_ARRAY(resource, pci_resource),
		  KSTATE_BITFIELD(is_busmaster),
		  KSTATE_BITFIELD(msi_enabled),
		  KSTATE_BITFIELD(msix_enabled),
		  KSTATE_BITFIELD(ari_enabled),
		  KSTATE_BITFIELD(ats_enabled),
		  KSTATE_BITFIELD(pasid_enabled),
		  KSTATE_BITFIELD(pri_enabled),
		  KSTATE_BITFIELD(state_saved),
		  KSTATE_BITFIELD(is_physfn),
		  KSTATE_UINT_ARRAY(saved_config_space),
		  KSTATE_HLIST(saved_cap_space, pci_cap_saved, next),
		  KSTATE_UINT_ARRAY(reset_methods),
		  /* a bridge's buses: checked against the hardware */
		  KSTATE_CUSTOM(subordinate, &pci_kstate_busnr_ops),
#ifdef CONFIG_PCI_IOV
		  /* the union: a PF's SR-IOV state, or a VF's PF */
		  KSTATE_PTR(sriov, pci_sriov, KSTATE_SAVE_IF(pci_kstate_is_pf)),
		  KSTATE_PTR(physfn, PCI_KSTATE_TYPE,
			     KSTATE_SAVE_IF(pci_kstate_is_vf)),
#endif
#if PCI_KSTATE_V2
		  KSTATE_U16(acs_capabilities, KSTATE_SINCE(2), KSTATE_KEEP),
		  KSTATE_CUSTOM(dev.driver_override.name, &pci_kstate_override_ops,
				KSTATE_ALIASES("dev.driver_override")));
#else
		  KSTATE_CUSTOM(dev.driver_override, &pci_kstate_override_ops));
#endif
