// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE benchmark: the hand-written serializer, written the way live update
 * users write them today: one __packed _ser structure per object type,
 * copied member by member, bitfields folded into a flags word, references
 * by key or index, arrays of records one after the other. Its output is also
 * "the packed payload" that the memcpy variant copies.
 */
#include "bench.h"

#define HAND_MAGIC	0x444e4148U	/* "HAND" */

struct hand_hdr_ser {
	u32 magic;
	u32 nr_pci;
	u32 nr_vfio;
	u32 nr_units;
	u32 nr_domains;
} __packed;

struct hand_pci_ser {
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
	u32 flags;
	u8 match_driver;
} __packed;

#define PCI_F_PHYSFN		BIT(0)
#define PCI_F_VIRTFN		BIT(1)
#define PCI_F_MSI		BIT(2)
#define PCI_F_MSIX		BIT(3)
#define PCI_F_ARI		BIT(4)
#define PCI_F_SAVED		BIT(5)
#define PCI_F_BROKEN_INTX	BIT(6)
#define PCI_F_BUSMASTER		BIT(7)

struct hand_vfio_ser {
	u32 pdev_key;
	s32 irq_type;
	u32 num_ctx;
	u8 msi_qmax;
	u8 msix_bar;
	u32 msix_offset;
	u32 msix_size;
	u32 rbar[7];
	u32 open_count;
	char name[16];
	u32 flags;
} __packed;

#define VFIO_F_RESET_WORKS	BIT(0)
#define VFIO_F_EXT_CAPS		BIT(1)
#define VFIO_F_BARDIRTY		BIT(2)
#define VFIO_F_VGA		BIT(3)
#define VFIO_F_NEEDS_RESET	BIT(4)
#define VFIO_F_NOINTX		BIT(5)
#define VFIO_F_PM_RESTORE	BIT(6)
#define VFIO_F_PM_INTX_MASKED	BIT(7)
#define VFIO_F_PM_RUNTIME	BIT(8)

struct hand_unit_ser {
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
	u32 nr_domains;		/* domain records follow the unit's */
} __packed;

struct hand_domain_ser {
	u32 iommu_seq;
	u16 did;
	s32 agaw;
	s32 gaw;
	u64 max_addr;
	u64 pgd_phys;
	u32 nr_devices;
	u8 iommu_superpage;
	u32 flags;
} __packed;

#define DOM_F_SNP		BIT(0)
#define DOM_F_FORCE_SNOOP	BIT(1)
#define DOM_F_DIRTY		BIT(2)
#define DOM_F_NESTED_PARENT	BIT(3)
#define DOM_F_FIRST_LEVEL	BIT(4)
#define DOM_F_COHERENT		BIT(5)
#define DOM_F_IOTLB		BIT(6)

#define FLAG(cond, bit)		((cond) ? (bit) : 0)
#define HAS(flags, bit)		(!!((flags) & (bit)))

static u32 pci_key(const struct bench_pci *p)
{
	return (u32)p->segment << 16 | (u32)p->bus << 8 | p->devfn;
}

/**
 * hand_payload_size() - bytes of the packed payload for @n of each type
 * @n: PCI functions, VFIO devices and domains
 *
 * Return: the size of the records, without the small header.
 */
size_t hand_payload_size(u32 n)
{
	return (size_t)n * (sizeof(struct hand_pci_ser) +
			    sizeof(struct hand_vfio_ser) +
			    sizeof(struct hand_domain_ser)) +
	       BENCH_NR_UNITS * sizeof(struct hand_unit_ser);
}

static void save_pci(struct hand_pci_ser *s, const struct bench_pci *p)
{
	s->segment = p->segment;
	s->bus = p->bus;
	s->devfn = p->devfn;
	s->vendor = p->vendor;
	s->device = p->device;
	s->subsystem_vendor = p->subsystem_vendor;
	s->subsystem_device = p->subsystem_device;
	s->class = p->class;
	s->revision = p->revision;
	s->hdr_type = p->hdr_type;
	s->pcie_cap = p->pcie_cap;
	s->msi_cap = p->msi_cap;
	s->msix_cap = p->msix_cap;
	s->pm_cap = p->pm_cap;
	s->pcie_flags_reg = p->pcie_flags_reg;
	s->current_state = p->current_state;
	s->irq = p->irq;
	s->dma_mask = p->dma_mask;
	memcpy(s->saved_config_space, p->saved_config_space,
	       sizeof(s->saved_config_space));
	memcpy(s->bar_start, p->bar_start, sizeof(s->bar_start));
	memcpy(s->bar_end, p->bar_end, sizeof(s->bar_end));
	memcpy(s->bar_flags, p->bar_flags, sizeof(s->bar_flags));
	s->num_vfs = p->num_vfs;
	memcpy(s->name, p->name, sizeof(s->name));
	s->flags = FLAG(p->is_physfn, PCI_F_PHYSFN) |
		   FLAG(p->is_virtfn, PCI_F_VIRTFN) |
		   FLAG(p->msi_enabled, PCI_F_MSI) |
		   FLAG(p->msix_enabled, PCI_F_MSIX) |
		   FLAG(p->ari_enabled, PCI_F_ARI) |
		   FLAG(p->state_saved, PCI_F_SAVED) |
		   FLAG(p->broken_intx_masking, PCI_F_BROKEN_INTX) |
		   FLAG(p->is_busmaster, PCI_F_BUSMASTER);
	s->match_driver = p->match_driver;
}

static void save_vfio(struct hand_vfio_ser *s, const struct bench_vfio *v)
{
	s->pdev_key = pci_key(v->pdev);
	s->irq_type = v->irq_type;
	s->num_ctx = v->num_ctx;
	s->msi_qmax = v->msi_qmax;
	s->msix_bar = v->msix_bar;
	s->msix_offset = v->msix_offset;
	s->msix_size = v->msix_size;
	memcpy(s->rbar, v->rbar, sizeof(s->rbar));
	s->open_count = v->open_count;
	memcpy(s->name, v->name, sizeof(s->name));
	s->flags = FLAG(v->reset_works, VFIO_F_RESET_WORKS) |
		   FLAG(v->extended_caps, VFIO_F_EXT_CAPS) |
		   FLAG(v->bardirty, VFIO_F_BARDIRTY) |
		   FLAG(v->has_vga, VFIO_F_VGA) |
		   FLAG(v->needs_reset, VFIO_F_NEEDS_RESET) |
		   FLAG(v->nointx, VFIO_F_NOINTX) |
		   FLAG(v->needs_pm_restore, VFIO_F_PM_RESTORE) |
		   FLAG(v->pm_intx_masked, VFIO_F_PM_INTX_MASKED) |
		   FLAG(v->pm_runtime_engaged, VFIO_F_PM_RUNTIME);
}

static void save_unit(struct hand_unit_ser *s, const struct bench_iommu *u,
		      u32 nr_domains)
{
	memcpy(s->name, u->name, sizeof(s->name));
	s->reg_phys = u->reg_phys;
	s->reg_size = u->reg_size;
	s->cap = u->cap;
	s->ecap = u->ecap;
	s->root_entry_phys = u->root_entry_phys;
	s->gcmd = u->gcmd;
	s->seq_id = u->seq_id;
	s->agaw = u->agaw;
	s->msagaw = u->msagaw;
	s->node = u->node;
	s->segment = u->segment;
	s->nr_domains = nr_domains;
}

static void save_domain(struct hand_domain_ser *s, const struct bench_domain *d)
{
	s->iommu_seq = d->iommu->seq_id;
	s->did = d->did;
	s->agaw = d->agaw;
	s->gaw = d->gaw;
	s->max_addr = d->max_addr;
	s->pgd_phys = d->pgd_phys;
	s->nr_devices = d->nr_devices;
	s->iommu_superpage = d->iommu_superpage;
	s->flags = FLAG(d->set_pte_snp, DOM_F_SNP) |
		   FLAG(d->force_snooping, DOM_F_FORCE_SNOOP) |
		   FLAG(d->dirty_tracking, DOM_F_DIRTY) |
		   FLAG(d->nested_parent, DOM_F_NESTED_PARENT) |
		   FLAG(d->use_first_level, DOM_F_FIRST_LEVEL) |
		   FLAG(d->iommu_coherency, DOM_F_COHERENT) |
		   FLAG(d->has_iotlb_device, DOM_F_IOTLB);
}

/**
 * hand_save() - serialize the workload into packed _ser records
 * @s: the workload
 * @blob: on success, the malloc()ed blob
 * @size: on success, its size
 *
 * Return: 0 or -ENOMEM.
 */
int hand_save(const struct bench_state *s, void **blob, size_t *size)
{
	size_t len = sizeof(struct hand_hdr_ser) + hand_payload_size(s->n);
	struct hand_hdr_ser *hdr;
	struct hand_pci_ser *ps;
	struct hand_vfio_ser *vs;
	struct hand_unit_ser *us;
	struct hand_domain_ser *ds;
	struct bench_domain *d;
	u32 i, u, nd;
	u8 *p;

	p = malloc(len);
	if (!p)
		return -ENOMEM;
	hdr = (void *)p;
	hdr->magic = HAND_MAGIC;
	hdr->nr_pci = s->n;
	hdr->nr_vfio = s->n;
	hdr->nr_units = BENCH_NR_UNITS;
	hdr->nr_domains = s->n;
	ps = (void *)(hdr + 1);
	for (i = 0; i < s->n; i++)
		save_pci(ps++, &s->pci[i]);
	vs = (void *)ps;
	for (i = 0; i < s->n; i++)
		save_vfio(vs++, &s->vfio[i]);
	us = (void *)vs;
	for (u = 0; u < BENCH_NR_UNITS; u++) {
		nd = 0;
		list_for_each_entry(d, &s->units[u].domains, link)
			nd++;
		save_unit(us, &s->units[u], nd);
		ds = (void *)(us + 1);
		list_for_each_entry(d, &s->units[u].domains, link)
			save_domain(ds++, d);
		us = (void *)ds;
	}
	*blob = p;
	*size = len;
	return 0;
}

static void restore_pci(struct bench_pci *p, const struct hand_pci_ser *s)
{
	p->segment = s->segment;
	p->bus = s->bus;
	p->devfn = s->devfn;
	p->vendor = s->vendor;
	p->device = s->device;
	p->subsystem_vendor = s->subsystem_vendor;
	p->subsystem_device = s->subsystem_device;
	p->class = s->class;
	p->revision = s->revision;
	p->hdr_type = s->hdr_type;
	p->pcie_cap = s->pcie_cap;
	p->msi_cap = s->msi_cap;
	p->msix_cap = s->msix_cap;
	p->pm_cap = s->pm_cap;
	p->pcie_flags_reg = s->pcie_flags_reg;
	p->current_state = s->current_state;
	p->irq = s->irq;
	p->dma_mask = s->dma_mask;
	memcpy(p->saved_config_space, s->saved_config_space,
	       sizeof(p->saved_config_space));
	memcpy(p->bar_start, s->bar_start, sizeof(p->bar_start));
	memcpy(p->bar_end, s->bar_end, sizeof(p->bar_end));
	memcpy(p->bar_flags, s->bar_flags, sizeof(p->bar_flags));
	p->num_vfs = s->num_vfs;
	memcpy(p->name, s->name, sizeof(p->name));
	p->name[sizeof(p->name) - 1] = 0;
	p->is_physfn = HAS(s->flags, PCI_F_PHYSFN);
	p->is_virtfn = HAS(s->flags, PCI_F_VIRTFN);
	p->msi_enabled = HAS(s->flags, PCI_F_MSI);
	p->msix_enabled = HAS(s->flags, PCI_F_MSIX);
	p->ari_enabled = HAS(s->flags, PCI_F_ARI);
	p->state_saved = HAS(s->flags, PCI_F_SAVED);
	p->broken_intx_masking = HAS(s->flags, PCI_F_BROKEN_INTX);
	p->is_busmaster = HAS(s->flags, PCI_F_BUSMASTER);
	p->match_driver = s->match_driver;
}

/* The PCI core's lookup by segment/bus/devfn, over the restored functions. */
static struct bench_pci *find_pci(struct bench_state *r, u32 key)
{
	u32 lo = 0, hi = r->n;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2, k = pci_key(&r->pci[mid]);

		if (k == key)
			return &r->pci[mid];
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int restore_vfio(struct bench_state *r, struct bench_vfio *v,
			const struct hand_vfio_ser *s)
{
	v->pdev = find_pci(r, s->pdev_key);
	if (!v->pdev)
		return -ENOENT;
	v->irq_type = s->irq_type;
	v->num_ctx = s->num_ctx;
	v->msi_qmax = s->msi_qmax;
	v->msix_bar = s->msix_bar;
	v->msix_offset = s->msix_offset;
	v->msix_size = s->msix_size;
	memcpy(v->rbar, s->rbar, sizeof(v->rbar));
	v->open_count = s->open_count;
	memcpy(v->name, s->name, sizeof(v->name));
	v->name[sizeof(v->name) - 1] = 0;
	v->reset_works = HAS(s->flags, VFIO_F_RESET_WORKS);
	v->extended_caps = HAS(s->flags, VFIO_F_EXT_CAPS);
	v->bardirty = HAS(s->flags, VFIO_F_BARDIRTY);
	v->has_vga = HAS(s->flags, VFIO_F_VGA);
	v->needs_reset = HAS(s->flags, VFIO_F_NEEDS_RESET);
	v->nointx = HAS(s->flags, VFIO_F_NOINTX);
	v->needs_pm_restore = HAS(s->flags, VFIO_F_PM_RESTORE);
	v->pm_intx_masked = HAS(s->flags, VFIO_F_PM_INTX_MASKED);
	v->pm_runtime_engaged = HAS(s->flags, VFIO_F_PM_RUNTIME);
	return 0;
}

static void restore_unit(struct bench_iommu *u, const struct hand_unit_ser *s)
{
	memcpy(u->name, s->name, sizeof(u->name));
	u->name[sizeof(u->name) - 1] = 0;
	u->reg_phys = s->reg_phys;
	u->reg_size = s->reg_size;
	u->cap = s->cap;
	u->ecap = s->ecap;
	u->root_entry_phys = s->root_entry_phys;
	u->gcmd = s->gcmd;
	u->seq_id = s->seq_id;
	u->agaw = s->agaw;
	u->msagaw = s->msagaw;
	u->node = s->node;
	u->segment = s->segment;
	INIT_LIST_HEAD(&u->domains);
}

static int restore_domain(struct bench_state *r, const struct hand_domain_ser *s)
{
	struct bench_domain *d;

	if (s->iommu_seq >= BENCH_NR_UNITS)
		return -EINVAL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->iommu = &r->units[s->iommu_seq];
	d->did = s->did;
	d->agaw = s->agaw;
	d->gaw = s->gaw;
	d->max_addr = s->max_addr;
	d->pgd_phys = s->pgd_phys;
	d->nr_devices = s->nr_devices;
	d->iommu_superpage = s->iommu_superpage;
	d->set_pte_snp = HAS(s->flags, DOM_F_SNP);
	d->force_snooping = HAS(s->flags, DOM_F_FORCE_SNOOP);
	d->dirty_tracking = HAS(s->flags, DOM_F_DIRTY);
	d->nested_parent = HAS(s->flags, DOM_F_NESTED_PARENT);
	d->use_first_level = HAS(s->flags, DOM_F_FIRST_LEVEL);
	d->iommu_coherency = HAS(s->flags, DOM_F_COHERENT);
	d->has_iotlb_device = HAS(s->flags, DOM_F_IOTLB);
	list_add_tail(&d->link, &d->iommu->domains);
	return 0;
}

/**
 * hand_restore() - rebuild the workload from hand_save()'s blob
 * @blob: the blob
 * @size: its size
 * @r: zeroed objects, as many as were saved; domains are allocated
 *
 * Checks the counts against the size, as careful users do; nothing more.
 *
 * Return: 0, -EINVAL for a blob of the wrong shape, -ENOMEM.
 */
int hand_restore(const void *blob, size_t size, struct bench_state *r)
{
	const struct hand_hdr_ser *hdr = blob;
	const struct hand_pci_ser *ps;
	const struct hand_vfio_ser *vs;
	const struct hand_unit_ser *us;
	const struct hand_domain_ser *ds;
	const u8 *end = (const u8 *)blob + size;
	u32 i, u, nd = 0;
	int err;

	if (size < sizeof(*hdr) || hdr->magic != HAND_MAGIC ||
	    hdr->nr_pci != r->n || hdr->nr_vfio != r->n ||
	    hdr->nr_units != BENCH_NR_UNITS ||
	    size != sizeof(*hdr) + hand_payload_size(hdr->nr_pci))
		return -EINVAL;
	ps = (const void *)(hdr + 1);
	for (i = 0; i < hdr->nr_pci; i++)
		restore_pci(&r->pci[i], ps++);
	vs = (const void *)ps;
	for (i = 0; i < hdr->nr_vfio; i++) {
		err = restore_vfio(r, &r->vfio[i], vs++);
		if (err)
			return err;
	}
	us = (const void *)vs;
	for (u = 0; u < hdr->nr_units; u++) {
		if ((const u8 *)(us + 1) > end ||
		    us->nr_domains > hdr->nr_domains - nd)
			return -EINVAL;
		restore_unit(&r->units[u], us);
		ds = (const void *)(us + 1);
		for (i = 0; i < us->nr_domains; i++) {
			err = restore_domain(r, ds++);
			if (err)
				return err;
		}
		nd += us->nr_domains;
		us = (const void *)ds;
	}
	return nd == hdr->nr_domains ? 0 : -EINVAL;
}
