// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE benchmark: generate the reference workload deterministically, hold
 * the objects restored into, and compare restored objects with the
 * originals, pointers and lists included.
 */
#include "bench.h"

static u64 rnd_state;

static u64 rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ?: 1, size);

	if (!p) {
		fprintf(stderr, "bench: out of memory\n");
		exit(2);
	}
	return p;
}

static void gen_pci(struct bench_pci *p, u32 i)
{
	int k;

	p->segment = i >> 16;
	p->bus = i >> 8;
	p->devfn = i;
	p->vendor = 0x8086;
	p->device = 0x1500 + (rnd() & 0xff);
	p->subsystem_vendor = rnd();
	p->subsystem_device = rnd();
	p->class = 0x020000 | (rnd() & 0xff);
	p->revision = rnd();
	p->hdr_type = i % 8 ? 0 : 0x80;
	p->pcie_cap = 0x40 + (rnd() & 0x3c);
	p->msi_cap = 0x50;
	p->msix_cap = 0x70;
	p->pm_cap = 0xc8;
	p->pcie_flags_reg = rnd();
	p->current_state = (s32)(rnd() % 5) - 1;
	p->irq = 32 + (rnd() & 0xfff);
	p->dma_mask = ~0ULL >> (rnd() & 31);
	for (k = 0; k < 16; k++)
		p->saved_config_space[k] = rnd();
	for (k = 0; k < 6; k++) {
		p->bar_start[k] = (rnd() & 0xffffff) << 20;
		p->bar_end[k] = p->bar_start[k] + (1ULL << (12 + k)) - 1;
		p->bar_flags[k] = 0x40200 | (rnd() & 0xf);
	}
	p->num_vfs = i % 64 ? 0 : 63;
	snprintf(p->name, sizeof(p->name), "%04x:%02x:%02x.%u", p->segment,
		 p->bus, p->devfn >> 3, p->devfn & 7);
	p->is_physfn = !(i % 64);
	p->is_virtfn = !!(i % 64);
	p->msi_enabled = rnd() & 1;
	p->msix_enabled = !p->msi_enabled;
	p->ari_enabled = rnd() & 1;
	p->state_saved = 1;
	p->broken_intx_masking = rnd() & 1;
	p->is_busmaster = 1;
	p->match_driver = true;
}

static void gen_vfio(struct bench_vfio *v, struct bench_pci *p, u32 i)
{
	int k;

	v->pdev = p;
	v->irq_type = rnd() % 4;
	v->num_ctx = rnd() & 0x7ff;
	v->msi_qmax = rnd() & 5;
	v->msix_bar = rnd() % 6;
	v->msix_offset = (rnd() & 0xff) << 12;
	v->msix_size = (rnd() & 0x7ff) * 16;
	for (k = 0; k < 7; k++)
		v->rbar[k] = rnd();
	v->open_count = 1 + (rnd() & 3);
	snprintf(v->name, sizeof(v->name), "vfio%u", i);
	v->reset_works = rnd() & 1;
	v->extended_caps = 1;
	v->bardirty = rnd() & 1;
	v->has_vga = 0;
	v->needs_reset = rnd() & 1;
	v->nointx = rnd() & 1;
	v->needs_pm_restore = rnd() & 1;
	v->pm_intx_masked = rnd() & 1;
	v->pm_runtime_engaged = rnd() & 1;
}

static void gen_domain(struct bench_domain *d, struct bench_iommu *u, u32 i)
{
	d->iommu = u;
	d->did = 1 + i / BENCH_NR_UNITS;
	d->agaw = 2 + (rnd() & 1);
	d->gaw = d->agaw == 3 ? 57 : 48;
	d->max_addr = rnd() & ((1ULL << d->gaw) - 1);
	d->pgd_phys = (rnd() & 0xffffffffffULL) << 12;
	d->nr_devices = 1 + (rnd() & 7);
	d->iommu_superpage = rnd() & 3;
	d->set_pte_snp = rnd() & 1;
	d->force_snooping = rnd() & 1;
	d->dirty_tracking = rnd() & 1;
	d->nested_parent = rnd() & 1;
	d->use_first_level = rnd() & 1;
	d->iommu_coherency = 1;
	d->has_iotlb_device = rnd() & 1;
	list_add_tail(&d->link, &u->domains);
}

static void gen_unit(struct bench_iommu *u, u32 i)
{
	snprintf(u->name, sizeof(u->name), "dmar%u", i);
	u->reg_phys = 0xfed90000ULL + 0x1000 * i;
	u->reg_size = 0x1000;
	u->cap = rnd();
	u->ecap = rnd();
	u->root_entry_phys = (rnd() & 0xffffffffULL) << 12;
	u->gcmd = 0xc0000000;
	u->seq_id = i;
	u->agaw = 3;
	u->msagaw = 3;
	u->node = i;
	u->segment = 0;
	INIT_LIST_HEAD(&u->domains);
}

/**
 * bench_generate() - build the workload: @n of each, two units
 * @s: filled in
 * @n: number of PCI functions, VFIO devices and domains
 * @seed: non-zero seed of the values
 */
void bench_generate(struct bench_state *s, u32 n, u64 seed)
{
	u32 i;

	memset(s, 0, sizeof(*s));
	rnd_state = seed;
	s->n = n;
	s->pci = xcalloc(n, sizeof(*s->pci));
	s->vfio = xcalloc(n, sizeof(*s->vfio));
	s->domains = xcalloc(n, sizeof(*s->domains));
	for (i = 0; i < BENCH_NR_UNITS; i++)
		gen_unit(&s->units[i], i);
	for (i = 0; i < n; i++) {
		gen_pci(&s->pci[i], i);
		gen_vfio(&s->vfio[i], &s->pci[i], i);
		gen_domain(&s->domains[i], &s->units[i % BENCH_NR_UNITS], i);
	}
}

void bench_free(struct bench_state *s)
{
	free(s->pci);
	free(s->vfio);
	free(s->domains);
	memset(s, 0, sizeof(*s));
}

void bench_alloc_out(struct bench_state *s, u32 n)
{
	memset(s, 0, sizeof(*s));
	s->n = n;
	s->pci = xcalloc(n, sizeof(*s->pci));
	s->vfio = xcalloc(n, sizeof(*s->vfio));
}

void bench_alloc_out2(struct bench_state2 *s, u32 n)
{
	memset(s, 0, sizeof(*s));
	s->n = n;
	s->pci = xcalloc(n, sizeof(*s->pci));
	s->vfio = xcalloc(n, sizeof(*s->vfio));
}

/* Free what a restore allocated (the domains) and zero the objects. */
void bench_reset_out(struct bench_state *s)
{
	struct bench_domain *d, *tmp;
	int i;

	for (i = 0; i < BENCH_NR_UNITS; i++) {
		if (!s->units[i].domains.next)
			continue;
		list_for_each_entry_safe(d, tmp, &s->units[i].domains, link)
			free(d);
	}
	memset(s->units, 0, sizeof(s->units));
	memset(s->pci, 0, s->n * sizeof(*s->pci));
	memset(s->vfio, 0, s->n * sizeof(*s->vfio));
}

void bench_reset_out2(struct bench_state2 *s)
{
	struct bench_domain2 *d, *tmp;
	int i;

	for (i = 0; i < BENCH_NR_UNITS; i++) {
		if (!s->units[i].domains.next)
			continue;
		list_for_each_entry_safe(d, tmp, &s->units[i].domains, link)
			free(d);
	}
	memset(s->units, 0, sizeof(s->units));
	memset(s->pci, 0, s->n * sizeof(*s->pci));
	memset(s->vfio, 0, s->n * sizeof(*s->vfio));
}

void bench_free_out(struct bench_state *s)
{
	bench_reset_out(s);
	free(s->pci);
	free(s->vfio);
}

void bench_free_out2(struct bench_state2 *s)
{
	bench_reset_out2(s);
	free(s->pci);
	free(s->vfio);
}

/*
 * Both sides start zeroed (calloc(), kzalloc(), or a restore into a zeroed
 * object): padding is zero, so a byte compare with the pointers and list
 * links cleared compares every member, bitfields included.
 */
static bool pci_eq(const struct bench_pci *a, const struct bench_pci *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static bool vfio_eq(const struct bench_vfio *a, const struct bench_vfio *b)
{
	struct bench_vfio x, y;

	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	x.pdev = NULL;
	y.pdev = NULL;
	return !memcmp(&x, &y, sizeof(x));
}

static bool domain_eq(const struct bench_domain *a, const struct bench_domain *b)
{
	struct bench_domain x, y;

	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	memset(&x.link, 0, sizeof(x.link));
	memset(&y.link, 0, sizeof(y.link));
	x.iommu = NULL;
	y.iommu = NULL;
	return !memcmp(&x, &y, sizeof(x));
}

static bool unit_eq(const struct bench_iommu *a, const struct bench_iommu *b)
{
	struct bench_iommu x, y;

	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	memset(&x.domains, 0, sizeof(x.domains));
	memset(&y.domains, 0, sizeof(y.domains));
	return !memcmp(&x, &y, sizeof(x));
}

/* Generation N + 1 back to N, member by member, for the same compares. */
static void pci_down(struct bench_pci *p, const struct bench_pci2 *q)
{
	memset(p, 0, sizeof(*p));
	p->segment = q->segment;
	p->bus = q->bus;
	p->devfn = q->devfn;
	p->vendor = q->vendor;
	p->device = q->device;
	p->subsystem_vendor = q->subsystem_vendor;
	p->subsystem_device = q->subsystem_device;
	p->class = q->class;
	p->revision = q->revision;
	p->hdr_type = q->hdr_type;
	p->pcie_cap = q->pcie_cap;
	p->msi_cap = q->msi_cap;
	p->msix_cap = q->msix_cap;
	p->pm_cap = q->pm_cap;
	p->pcie_flags_reg = q->pcie_flags_reg;
	p->current_state = q->current_state;
	p->irq = q->irq;
	p->dma_mask = q->dma_mask;
	memcpy(p->saved_config_space, q->saved_config_space,
	       sizeof(p->saved_config_space));
	memcpy(p->bar_start, q->bar_start, sizeof(p->bar_start));
	memcpy(p->bar_end, q->bar_end, sizeof(p->bar_end));
	memcpy(p->bar_flags, q->bar_flags, sizeof(p->bar_flags));
	p->num_vfs = q->num_vfs;
	memcpy(p->name, q->name, sizeof(p->name));
	p->is_physfn = q->is_physfn;
	p->is_virtfn = q->is_virtfn;
	p->msi_enabled = q->msi_enabled;
	p->msix_enabled = q->msix_enabled;
	p->ari_enabled = q->ari_enabled;
	p->state_saved = q->state_saved;
	p->broken_intx_masking = q->broken_intx_masking;
	p->is_busmaster = q->is_busmaster;
	p->match_driver = q->match_driver;
}

static void vfio_down(struct bench_vfio *v, const struct bench_vfio2 *w)
{
	memset(v, 0, sizeof(*v));
	v->irq_type = w->irq_type;
	v->num_ctx = w->num_ctx;
	v->msi_qmax = w->msi_qmax;
	v->msix_bar = w->msix_bar;
	v->msix_offset = w->msix_offset;
	v->msix_size = w->msix_size;
	memcpy(v->rbar, w->rbar, sizeof(v->rbar));
	v->open_count = w->open_count;
	memcpy(v->name, w->name, sizeof(v->name));
	v->reset_works = w->reset_works;
	v->extended_caps = w->extended_caps;
	v->bardirty = w->bardirty;
	v->has_vga = w->has_vga;
	v->needs_reset = w->needs_reset;
	v->nointx = w->nointx;
	v->needs_pm_restore = w->needs_pm_restore;
	v->pm_intx_masked = w->pm_intx_masked;
	v->pm_runtime_engaged = w->pm_runtime_engaged;
}

static void domain_down(struct bench_domain *d, const struct bench_domain2 *e)
{
	memset(d, 0, sizeof(*d));
	d->did = e->did;
	d->agaw = e->agaw;
	d->gaw = e->gaw;
	d->max_addr = e->max_addr;
	d->pgd_phys = e->pgd_phys;
	d->nr_devices = e->nr_devices;
	d->iommu_superpage = e->iommu_superpage;
	d->set_pte_snp = e->set_pte_snp;
	d->force_snooping = e->force_snooping;
	d->dirty_tracking = e->dirty_tracking;
	d->nested_parent = e->nested_parent;
	d->use_first_level = e->use_first_level;
	d->iommu_coherency = e->iommu_coherency;
	d->has_iotlb_device = e->has_iotlb_device;
}

static void unit_down(struct bench_iommu *u, const struct bench_iommu2 *v)
{
	memset(u, 0, sizeof(*u));
	memcpy(u->name, v->name, sizeof(u->name));
	u->reg_phys = v->reg_phys;
	u->reg_size = v->reg_size;
	u->cap = v->cap;
	u->ecap = v->ecap;
	u->root_entry_phys = v->root_entry_phys;
	u->gcmd = v->gcmd;
	u->seq_id = v->seq_id;
	u->agaw = v->agaw;
	u->msagaw = v->msagaw;
	u->node = v->node;
	u->segment = v->segment;
}

static int mismatch(const char *who, const char *what, u32 i)
{
	fprintf(stderr, "bench: %s: restored %s %u differs from the original\n",
		who, what, i);
	return -1;
}

/**
 * bench_compare() - do the restored objects equal the originals?
 * @a: the originals
 * @r: the restored objects (same generation)
 * @who: variant name for the message
 *
 * Pointers must point to the restored counterpart of the original target,
 * lists must hold equal domains in the same order.
 *
 * Return: 0 if equal, -1 (with a message) otherwise.
 */
int bench_compare(const struct bench_state *a, const struct bench_state *r,
		  const char *who)
{
	u32 i, u;

	for (i = 0; i < a->n; i++) {
		if (!pci_eq(&a->pci[i], &r->pci[i]))
			return mismatch(who, "PCI function", i);
		if (!vfio_eq(&a->vfio[i], &r->vfio[i]) ||
		    r->vfio[i].pdev != &r->pci[a->vfio[i].pdev - a->pci])
			return mismatch(who, "VFIO device", i);
	}
	for (u = 0; u < BENCH_NR_UNITS; u++) {
		const struct list_head *ha = &a->units[u].domains;
		const struct list_head *hr = &r->units[u].domains;
		const struct list_head *pa, *pr;

		if (!unit_eq(&a->units[u], &r->units[u]) || !hr->next)
			return mismatch(who, "IOMMU unit", u);
		for (i = 0, pa = ha->next, pr = hr->next; pa != ha;
		     i++, pa = pa->next, pr = pr->next) {
			const struct bench_domain *da, *dr;

			if (pr == hr)
				return mismatch(who, "domain list of unit", u);
			da = list_entry(pa, struct bench_domain, link);
			dr = list_entry(pr, struct bench_domain, link);
			if (!domain_eq(da, dr) || pr->next->prev != pr ||
			    dr->iommu != &r->units[da->iommu - a->units])
				return mismatch(who, "domain", i);
		}
		if (pr != hr)
			return mismatch(who, "domain list of unit", u);
	}
	return 0;
}

/**
 * bench_compare2() - compare objects restored into generation N + 1
 * @a: the originals (generation N)
 * @r: the restored objects
 * @who: variant name for the message
 *
 * As bench_compare(), and each new member must hold its default.
 *
 * Return: 0 if equal, -1 (with a message) otherwise.
 */
int bench_compare2(const struct bench_state *a, const struct bench_state2 *r,
		   const char *who)
{
	struct bench_pci p;
	struct bench_vfio v;
	struct bench_iommu un;
	struct bench_domain dd;
	u32 i, u;

	for (i = 0; i < a->n; i++) {
		pci_down(&p, &r->pci[i]);
		if (!pci_eq(&a->pci[i], &p) ||
		    r->pci[i].pasid_features != BENCH_DEF_PASID)
			return mismatch(who, "PCI function", i);
		vfio_down(&v, &r->vfio[i]);
		if (!vfio_eq(&a->vfio[i], &v) ||
		    r->vfio[i].dev_id != BENCH_DEF_DEVID ||
		    r->vfio[i].pdev != &r->pci[a->vfio[i].pdev - a->pci])
			return mismatch(who, "VFIO device", i);
	}
	for (u = 0; u < BENCH_NR_UNITS; u++) {
		const struct list_head *ha = &a->units[u].domains;
		const struct list_head *hr = &r->units[u].domains;
		const struct list_head *pa, *pr;

		unit_down(&un, &r->units[u]);
		if (!unit_eq(&a->units[u], &un) || !hr->next ||
		    r->units[u].ecap2 != BENCH_DEF_ECAP2)
			return mismatch(who, "IOMMU unit", u);
		for (i = 0, pa = ha->next, pr = hr->next; pa != ha;
		     i++, pa = pa->next, pr = pr->next) {
			const struct bench_domain *da;
			const struct bench_domain2 *dr;

			if (pr == hr)
				return mismatch(who, "domain list of unit", u);
			da = list_entry(pa, struct bench_domain, link);
			dr = list_entry(pr, struct bench_domain2, link);
			domain_down(&dd, dr);
			if (!domain_eq(da, &dd) || pr->next->prev != pr ||
			    dr->pasid_max != BENCH_DEF_PASID_MAX ||
			    dr->iommu != &r->units[da->iommu - a->units])
				return mismatch(who, "domain", i);
		}
		if (pr != hr)
			return mismatch(who, "domain list of unit", u);
	}
	return 0;
}
