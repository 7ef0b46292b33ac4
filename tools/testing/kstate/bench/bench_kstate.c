// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE benchmark: the workload's descriptors, in the writer's generation
 * N and the reader's generation N + 1, and save/restore through the KSTATE
 * API exactly as an adopter would call it: register by key, save; open,
 * restore each object by key, close.
 */
#include "bench.h"		/* first: the host environment, CONFIG_KSTATE */
#include <linux/kstate.h>

/* Generation N */
KSTATE_DECLARE(bench_iommu_v1, struct bench_iommu);

KSTATE_DEFINE(bench_pci_v1, struct bench_pci,
	      KSTATE_NAME("pci_function"),
	      KSTATE_U16(segment),
	      KSTATE_U8(bus),
	      KSTATE_U8(devfn),
	      KSTATE_U16(vendor),
	      KSTATE_U16(device),
	      KSTATE_U16(subsystem_vendor),
	      KSTATE_U16(subsystem_device),
	      KSTATE_U32(class),
	      KSTATE_U8(revision),
	      KSTATE_U8(hdr_type),
	      KSTATE_U8(pcie_cap),
	      KSTATE_U8(msi_cap),
	      KSTATE_U8(msix_cap),
	      KSTATE_U8(pm_cap),
	      KSTATE_U16(pcie_flags_reg),
	      KSTATE_S32(current_state),
	      KSTATE_U32(irq),
	      KSTATE_U64(dma_mask),
	      KSTATE_UINT_ARRAY(saved_config_space),
	      KSTATE_UINT_ARRAY(bar_start),
	      KSTATE_UINT_ARRAY(bar_end),
	      KSTATE_UINT_ARRAY(bar_flags),
	      KSTATE_UINT(num_vfs),
	      KSTATE_STRING(name),
	      KSTATE_BITFIELD(is_physfn),
	      KSTATE_BITFIELD(is_virtfn),
	      KSTATE_BITFIELD(msi_enabled),
	      KSTATE_BITFIELD(msix_enabled),
	      KSTATE_BITFIELD(ari_enabled),
	      KSTATE_BITFIELD(state_saved),
	      KSTATE_BITFIELD(broken_intx_masking),
	      KSTATE_BITFIELD(is_busmaster),
	      KSTATE_BOOL(match_driver));

KSTATE_DEFINE(bench_vfio_v1, struct bench_vfio,
	      KSTATE_NAME("vfio_pci_device"),
	      KSTATE_PTR(pdev, bench_pci_v1),
	      KSTATE_S32(irq_type),
	      KSTATE_U32(num_ctx),
	      KSTATE_UINT(msi_qmax),
	      KSTATE_U8(msix_bar),
	      KSTATE_U32(msix_offset),
	      KSTATE_U32(msix_size),
	      KSTATE_UINT_ARRAY(rbar),
	      KSTATE_U32(open_count),
	      KSTATE_STRING(name),
	      KSTATE_BITFIELD(reset_works),
	      KSTATE_BITFIELD(extended_caps),
	      KSTATE_BITFIELD(bardirty),
	      KSTATE_BITFIELD(has_vga),
	      KSTATE_BITFIELD(needs_reset),
	      KSTATE_BITFIELD(nointx),
	      KSTATE_BITFIELD(needs_pm_restore),
	      KSTATE_BITFIELD(pm_intx_masked),
	      KSTATE_BITFIELD(pm_runtime_engaged));

KSTATE_DEFINE(bench_domain_v1, struct bench_domain,
	      KSTATE_NAME("dmar_domain"),
	      KSTATE_PTR(iommu, bench_iommu_v1),
	      KSTATE_UINT(did),
	      KSTATE_S32(agaw),
	      KSTATE_S32(gaw),
	      KSTATE_U64(max_addr),
	      KSTATE_U64(pgd_phys),
	      KSTATE_U32(nr_devices),
	      KSTATE_U8(iommu_superpage),
	      KSTATE_BITFIELD(set_pte_snp),
	      KSTATE_BITFIELD(force_snooping),
	      KSTATE_BITFIELD(dirty_tracking),
	      KSTATE_BITFIELD(nested_parent),
	      KSTATE_BITFIELD(use_first_level),
	      KSTATE_BITFIELD(iommu_coherency),
	      KSTATE_BITFIELD(has_iotlb_device));

KSTATE_DEFINE(bench_iommu_v1, struct bench_iommu,
	      KSTATE_NAME("intel_iommu"),
	      KSTATE_STRING(name),
	      KSTATE_U64(reg_phys),
	      KSTATE_U64(reg_size),
	      KSTATE_U64(cap),
	      KSTATE_U64(ecap),
	      KSTATE_U64(root_entry_phys),
	      KSTATE_U32(gcmd),
	      KSTATE_UINT(seq_id),
	      KSTATE_S32(agaw),
	      KSTATE_S32(msagaw),
	      KSTATE_S32(node),
	      KSTATE_U16(segment),
	      KSTATE_LIST(domains, bench_domain_v1, link));

/* Generation N + 1: one member widened, one added with a default */
KSTATE_DECLARE(bench_iommu_v2, struct bench_iommu2);

KSTATE_DEFINE(bench_pci_v2, struct bench_pci2,
	      KSTATE_NAME("pci_function"), KSTATE_VERSION(2),
	      KSTATE_U16(segment),
	      KSTATE_U8(bus),
	      KSTATE_U8(devfn),
	      KSTATE_U16(vendor),
	      KSTATE_U16(device),
	      KSTATE_U16(subsystem_vendor),
	      KSTATE_U16(subsystem_device),
	      KSTATE_U32(class),
	      KSTATE_U8(revision),
	      KSTATE_U8(hdr_type),
	      KSTATE_U8(pcie_cap),
	      KSTATE_U8(msi_cap),
	      KSTATE_U8(msix_cap),
	      KSTATE_U8(pm_cap),
	      KSTATE_U16(pcie_flags_reg),
	      KSTATE_S32(current_state),
	      KSTATE_U32(irq),
	      KSTATE_U64(dma_mask),
	      KSTATE_UINT_ARRAY(saved_config_space),
	      KSTATE_UINT_ARRAY(bar_start),
	      KSTATE_UINT_ARRAY(bar_end),
	      KSTATE_UINT_ARRAY(bar_flags),
	      KSTATE_UINT(num_vfs),
	      KSTATE_STRING(name),
	      KSTATE_BITFIELD(is_physfn),
	      KSTATE_BITFIELD(is_virtfn),
	      KSTATE_BITFIELD(msi_enabled),
	      KSTATE_BITFIELD(msix_enabled),
	      KSTATE_BITFIELD(ari_enabled),
	      KSTATE_BITFIELD(state_saved),
	      KSTATE_BITFIELD(broken_intx_masking),
	      KSTATE_BITFIELD(is_busmaster),
	      KSTATE_BOOL(match_driver),
	      KSTATE_U32(pasid_features, KSTATE_SINCE(2),
			 KSTATE_DEFAULT(BENCH_DEF_PASID)));

KSTATE_DEFINE(bench_vfio_v2, struct bench_vfio2,
	      KSTATE_NAME("vfio_pci_device"), KSTATE_VERSION(2),
	      KSTATE_PTR(pdev, bench_pci_v2),
	      KSTATE_S32(irq_type),
	      KSTATE_U32(num_ctx),
	      KSTATE_UINT(msi_qmax),
	      KSTATE_U8(msix_bar),
	      KSTATE_U32(msix_offset),
	      KSTATE_U32(msix_size),
	      KSTATE_UINT_ARRAY(rbar),
	      KSTATE_U32(open_count),
	      KSTATE_STRING(name),
	      KSTATE_BITFIELD(reset_works),
	      KSTATE_BITFIELD(extended_caps),
	      KSTATE_BITFIELD(bardirty),
	      KSTATE_BITFIELD(has_vga),
	      KSTATE_BITFIELD(needs_reset),
	      KSTATE_BITFIELD(nointx),
	      KSTATE_BITFIELD(needs_pm_restore),
	      KSTATE_BITFIELD(pm_intx_masked),
	      KSTATE_BITFIELD(pm_runtime_engaged),
	      KSTATE_U32(dev_id, KSTATE_SINCE(2),
			 KSTATE_DEFAULT(BENCH_DEF_DEVID)));

KSTATE_DEFINE(bench_domain_v2, struct bench_domain2,
	      KSTATE_NAME("dmar_domain"), KSTATE_VERSION(2),
	      KSTATE_PTR(iommu, bench_iommu_v2),
	      KSTATE_UINT(did),
	      KSTATE_S32(agaw),
	      KSTATE_S32(gaw),
	      KSTATE_U64(max_addr),
	      KSTATE_U64(pgd_phys),
	      KSTATE_U32(nr_devices),
	      KSTATE_U8(iommu_superpage),
	      KSTATE_BITFIELD(set_pte_snp),
	      KSTATE_BITFIELD(force_snooping),
	      KSTATE_BITFIELD(dirty_tracking),
	      KSTATE_BITFIELD(nested_parent),
	      KSTATE_BITFIELD(use_first_level),
	      KSTATE_BITFIELD(iommu_coherency),
	      KSTATE_BITFIELD(has_iotlb_device),
	      KSTATE_U32(pasid_max, KSTATE_SINCE(2),
			 KSTATE_DEFAULT(BENCH_DEF_PASID_MAX)));

KSTATE_DEFINE(bench_iommu_v2, struct bench_iommu2,
	      KSTATE_NAME("intel_iommu"), KSTATE_VERSION(2),
	      KSTATE_STRING(name),
	      KSTATE_U64(reg_phys),
	      KSTATE_U64(reg_size),
	      KSTATE_U64(cap),
	      KSTATE_U64(ecap),
	      KSTATE_U64(root_entry_phys),
	      KSTATE_U32(gcmd),
	      KSTATE_UINT(seq_id),
	      KSTATE_S32(agaw),
	      KSTATE_S32(msagaw),
	      KSTATE_S32(node),
	      KSTATE_U16(segment),
	      KSTATE_LIST(domains, bench_domain_v2, link),
	      KSTATE_U64(ecap2, KSTATE_SINCE(2),
			 KSTATE_DEFAULT(BENCH_DEF_ECAP2)));

/**
 * ks_register() - register every top-level object by key
 * @s: the workload; domains are reached through their unit's list
 *
 * What adopters do when a device or domain is preserved, before the
 * live update's blackout.
 *
 * Return: the set, or an ERR_PTR() of the first KSTATE error.
 */
struct kstate_out *ks_register(const struct bench_state *s)
{
	struct kstate_out *out = kstate_out_create();
	int err = 0;
	u32 i;

	if (IS_ERR(out))
		return out;
	for (i = 0; i < s->n && !err; i++)
		err = kstate_out_add(out, &bench_pci_v1_kstate_type, i, &s->pci[i]);
	for (i = 0; i < s->n && !err; i++)
		err = kstate_out_add(out, &bench_vfio_v1_kstate_type, i, &s->vfio[i]);
	for (i = 0; i < BENCH_NR_UNITS && !err; i++)
		err = kstate_out_add(out, &bench_iommu_v1_kstate_type, i,
				     (void *)&s->units[i]);
	if (err) {
		kstate_out_destroy(out);
		return ERR_PTR(err);
	}
	return out;
}

/**
 * ks_unregister() - drop the set ks_register() made
 * @out: the set
 */
void ks_unregister(struct kstate_out *out)
{
	kstate_out_destroy(out);
}

/**
 * ks_save() - save the registered objects: the work of the blackout
 * @out: the set of ks_register()
 * @blob: on success, the blob
 * @size: on success, its size
 *
 * Return: 0 or the first KSTATE error.
 */
int ks_save(struct kstate_out *out, void **blob, size_t *size)
{
	return kstate_out_save(out, blob, size);
}

/*
 * Restore every keyed object by key, in probe order: PCI functions, then
 * VFIO devices (pointing to them), then IOMMU units (with their domains).
 */
static int ks_restore_all(struct kstate_in *in, u32 n,
			  const struct kstate_type *tpci, void *pci,
			  const struct kstate_type *tvfio, void *vfio,
			  const struct kstate_type *tiommu, void *units)
{
	int err = 0;
	u32 i;

	for (i = 0; i < n && !err; i++)
		err = kstate_in_restore(in, tpci, i, (u8 *)pci + i * tpci->size);
	for (i = 0; i < n && !err; i++)
		err = kstate_in_restore(in, tvfio, i, (u8 *)vfio + i * tvfio->size);
	for (i = 0; i < BENCH_NR_UNITS && !err; i++)
		err = kstate_in_restore(in, tiommu, i,
					(u8 *)units + i * tiommu->size);
	return err;
}

/**
 * ks_restore() - restore every object by key, same generation
 * @blob: the blob
 * @size: its size
 * @r: zeroed objects to restore into
 *
 * Return: 0 or the first KSTATE error.
 */
int ks_restore(const void *blob, size_t size, struct bench_state *r)
{
	struct kstate_in *in = kstate_in_open(blob, size);
	int err;

	if (IS_ERR(in))
		return PTR_ERR(in);
	err = ks_restore_all(in, r->n, &bench_pci_v1_kstate_type, r->pci,
			     &bench_vfio_v1_kstate_type, r->vfio,
			     &bench_iommu_v1_kstate_type, r->units);
	kstate_in_close(in);
	return err;
}

/**
 * ks_restore2() - restore every object by key into generation N + 1
 * @blob: a blob of generation N
 * @size: its size
 * @r: zeroed objects to restore into
 *
 * Return: 0 or the first KSTATE error.
 */
int ks_restore2(const void *blob, size_t size, struct bench_state2 *r)
{
	struct kstate_in *in = kstate_in_open(blob, size);
	struct kstate_in_stats st;
	int err;

	if (IS_ERR(in))
		return PTR_ERR(in);
	err = ks_restore_all(in, r->n, &bench_pci_v2_kstate_type, r->pci,
			     &bench_vfio_v2_kstate_type, r->vfio,
			     &bench_iommu_v2_kstate_type, r->units);
	kstate_in_get_stats(in, &st);
	if (!err && st.converted != 4) {
		fprintf(stderr, "bench: %u of 4 types converted\n", st.converted);
		err = -EINVAL;
	}
	kstate_in_close(in);
	return err;
}

/**
 * ks_schema_size() - bytes of a blob that describe types, not objects
 * @blob: a blob
 * @size: its size
 *
 * Return: header, string, type and field sections: everything but the
 * object table and the records.
 */
size_t ks_schema_size(const void *blob, size_t size)
{
	const struct kstate_hdr_ser *h = blob;
	size_t nr_keyed = le32_to_cpu(h->nr_keyed);

	return size - le64_to_cpu(h->data_len) -
	       nr_keyed * sizeof(struct kstate_keyed_ser) -
	       (le32_to_cpu(h->nr_objects) - nr_keyed) * sizeof(struct kstate_anon_ser);
}
