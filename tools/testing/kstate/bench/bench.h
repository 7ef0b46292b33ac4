/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KSTATE benchmark: the reference workload of the design (PCI functions,
 * VFIO devices, IOMMU units with their domains) and the serializers that are
 * compared on it. The object shapes follow the Linux 7.2 structures the
 * adopters will describe: struct pci_dev, struct vfio_pci_core_device,
 * struct dmar_domain and struct intel_iommu, reduced to the members that
 * would be carried across a live update.
 */
#ifndef _KSTATE_BENCH_H
#define _KSTATE_BENCH_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kstate_host.h"
#include <linux/bits.h>
#include <linux/err.h>
#include <linux/list.h>

/* Generation N of the four types: what the writer (old kernel) has. */

/* struct pci_dev: identity, saved config space, BARs, state bits */
struct bench_pci {
	u16 segment;
	u8 bus;
	u8 devfn;
	u16 vendor;
	u16 device;
	u16 subsystem_vendor;
	u16 subsystem_device;
	u32 class;
	u8 revision;
	u8 hdr_type;
	u8 pcie_cap;
	u8 msi_cap;
	u8 msix_cap;
	u8 pm_cap;
	u16 pcie_flags_reg;
	s32 current_state;
	u32 irq;
	u64 dma_mask;
	u32 saved_config_space[16];
	u64 bar_start[6];
	u64 bar_end[6];
	u32 bar_flags[6];
	u16 num_vfs;
	char name[16];
	unsigned int is_physfn:1;
	unsigned int is_virtfn:1;
	unsigned int msi_enabled:1;
	unsigned int msix_enabled:1;
	unsigned int ari_enabled:1;
	unsigned int state_saved:1;
	unsigned int broken_intx_masking:1;
	unsigned int is_busmaster:1;
	bool match_driver;
};

/* struct vfio_pci_core_device: points to its PCI function */
struct bench_vfio {
	struct bench_pci *pdev;
	s32 irq_type;
	u32 num_ctx;
	u8 msi_qmax;
	u8 msix_bar;
	u32 msix_offset;
	u32 msix_size;
	u32 rbar[7];
	u32 open_count;
	char name[16];
	unsigned int reset_works:1;
	unsigned int extended_caps:1;
	unsigned int bardirty:1;
	unsigned int has_vga:1;
	unsigned int needs_reset:1;
	unsigned int nointx:1;
	unsigned int needs_pm_restore:1;
	unsigned int pm_intx_masked:1;
	unsigned int pm_runtime_engaged:1;
};

struct bench_iommu;

/* struct dmar_domain: on its unit's list, points back to the unit */
struct bench_domain {
	struct list_head link;
	struct bench_iommu *iommu;
	u16 did;
	s32 agaw;
	s32 gaw;
	u64 max_addr;
	u64 pgd_phys;
	u32 nr_devices;
	u8 iommu_superpage;
	unsigned int set_pte_snp:1;
	unsigned int force_snooping:1;
	unsigned int dirty_tracking:1;
	unsigned int nested_parent:1;
	unsigned int use_first_level:1;
	unsigned int iommu_coherency:1;
	unsigned int has_iotlb_device:1;
};

/* struct intel_iommu: registers, capabilities, the list of its domains */
struct bench_iommu {
	char name[16];
	u64 reg_phys;
	u64 reg_size;
	u64 cap;
	u64 ecap;
	u64 root_entry_phys;
	u32 gcmd;
	u32 seq_id;
	s32 agaw;
	s32 msagaw;
	s32 node;
	u16 segment;
	struct list_head domains;
};

/*
 * Generation N + 1, what the reader (new kernel) has: each type widens one
 * member and adds one with a default, so every plan converts.
 */
struct bench_iommu2;

struct bench_pci2 {
	u16 segment;
	u8 bus;
	u8 devfn;
	u16 vendor;
	u16 device;
	u16 subsystem_vendor;
	u16 subsystem_device;
	u32 class;
	u8 revision;
	u8 hdr_type;
	u8 pcie_cap;
	u8 msi_cap;
	u8 msix_cap;
	u8 pm_cap;
	u16 pcie_flags_reg;
	s32 current_state;
	u32 irq;
	u64 dma_mask;
	u32 saved_config_space[16];
	u64 bar_start[6];
	u64 bar_end[6];
	u32 bar_flags[6];
	u32 num_vfs;			/* widened from u16 */
	char name[16];
	unsigned int is_physfn:1;
	unsigned int is_virtfn:1;
	unsigned int msi_enabled:1;
	unsigned int msix_enabled:1;
	unsigned int ari_enabled:1;
	unsigned int state_saved:1;
	unsigned int broken_intx_masking:1;
	unsigned int is_busmaster:1;
	bool match_driver;
	u32 pasid_features;		/* new, default BENCH_DEF_PASID */
};

struct bench_vfio2 {
	struct bench_pci2 *pdev;
	s32 irq_type;
	u32 num_ctx;
	u16 msi_qmax;			/* widened from u8 */
	u8 msix_bar;
	u32 msix_offset;
	u32 msix_size;
	u32 rbar[7];
	u32 open_count;
	char name[16];
	unsigned int reset_works:1;
	unsigned int extended_caps:1;
	unsigned int bardirty:1;
	unsigned int has_vga:1;
	unsigned int needs_reset:1;
	unsigned int nointx:1;
	unsigned int needs_pm_restore:1;
	unsigned int pm_intx_masked:1;
	unsigned int pm_runtime_engaged:1;
	u32 dev_id;			/* new, default BENCH_DEF_DEVID */
};

struct bench_domain2 {
	struct list_head link;
	struct bench_iommu2 *iommu;
	u32 did;			/* widened from u16 */
	s32 agaw;
	s32 gaw;
	u64 max_addr;
	u64 pgd_phys;
	u32 nr_devices;
	u8 iommu_superpage;
	unsigned int set_pte_snp:1;
	unsigned int force_snooping:1;
	unsigned int dirty_tracking:1;
	unsigned int nested_parent:1;
	unsigned int use_first_level:1;
	unsigned int iommu_coherency:1;
	unsigned int has_iotlb_device:1;
	u32 pasid_max;			/* new, default BENCH_DEF_PASID_MAX */
};

struct bench_iommu2 {
	char name[16];
	u64 reg_phys;
	u64 reg_size;
	u64 cap;
	u64 ecap;
	u64 root_entry_phys;
	u32 gcmd;
	u64 seq_id;			/* widened from u32 */
	s32 agaw;
	s32 msagaw;
	s32 node;
	u16 segment;
	struct list_head domains;
	u64 ecap2;			/* new, default BENCH_DEF_ECAP2 */
};

#define BENCH_DEF_PASID		0x14
#define BENCH_DEF_DEVID		0xffffffffU
#define BENCH_DEF_PASID_MAX	0x100000
#define BENCH_DEF_ECAP2		0x5a5aULL
#define BENCH_NR_UNITS		2

/* The live objects (the writer's) and the objects restored into. */
struct bench_state {
	u32 n;				/* PCI functions = VFIO devices = domains */
	struct bench_pci *pci;
	struct bench_vfio *vfio;
	struct bench_iommu units[BENCH_NR_UNITS];
	struct bench_domain *domains;	/* storage of the writer's domains */
};

struct bench_state2 {
	u32 n;
	struct bench_pci2 *pci;
	struct bench_vfio2 *vfio;
	struct bench_iommu2 units[BENCH_NR_UNITS];
};

/* workload.c */
void bench_generate(struct bench_state *s, u32 n, u64 seed);
void bench_free(struct bench_state *s);
void bench_alloc_out(struct bench_state *s, u32 n);
void bench_alloc_out2(struct bench_state2 *s, u32 n);
void bench_reset_out(struct bench_state *s);
void bench_reset_out2(struct bench_state2 *s);
void bench_free_out(struct bench_state *s);
void bench_free_out2(struct bench_state2 *s);
int bench_compare(const struct bench_state *a, const struct bench_state *r,
		  const char *who);
int bench_compare2(const struct bench_state *a, const struct bench_state2 *r,
		   const char *who);
static inline u32 bench_nr_objects(u32 n)
{
	return 3 * n + BENCH_NR_UNITS;
}

/* kstate_lib.c: the engine's CRC32C, and a bytewise one to check it */
u32 crc32c(u32 crc, const void *p, size_t len);
u32 kstate_host_crc32c_sw(u32 crc, const void *p, size_t len);

/* handwritten.c: memcpy and the packed-struct serializer */
size_t hand_payload_size(u32 n);
int hand_save(const struct bench_state *s, void **blob, size_t *size);
int hand_restore(const void *blob, size_t size, struct bench_state *r);

/* bench_fdt.c: libfdt with one property per field */
int fdt_save(const struct bench_state *s, void **blob, size_t *size);
int fdt_restore(const void *blob, size_t size, struct bench_state *r);

/* bench_kstate.c: KSTATE, same version and across versions */
/* The worst case (worst.c): every object has a pointer and a list */
struct wc_state;
struct kstate_out;
struct wc_state *wc_new(u32 n);
struct wc_state *wc_empty(u32 n);
void wc_reset(struct wc_state *s);
void wc_free(struct wc_state *s);
int wc_compare(const struct wc_state *a, const struct wc_state *r);
int wc_hand_save(const struct wc_state *s, void **blob, size_t *size);
int wc_hand_restore(const void *blob, size_t size, struct wc_state *r);
struct kstate_out *wc_ks_register(const struct wc_state *s);
int wc_ks_restore(const void *blob, size_t size, struct wc_state *r);

struct kstate_out *ks_register(const struct bench_state *s);
void ks_unregister(struct kstate_out *out);
int ks_save(struct kstate_out *out, void **blob, size_t *size);
int ks_restore(const void *blob, size_t size, struct bench_state *r);
int ks_restore2(const void *blob, size_t size, struct bench_state2 *r);
size_t ks_schema_size(const void *blob, size_t size);

#endif /* _KSTATE_BENCH_H */
