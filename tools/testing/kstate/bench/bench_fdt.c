// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE benchmark: the workload as a flattened device tree with one
 * property per field, the way KHO users describe state today. Built with
 * libfdt's sequential-write API, read back with fdt_path_offset(),
 * subnode iteration and fdt_getprop() by property name. Arrays are one
 * property each (their raw bytes), which favours libfdt: a careful user
 * would convert every cell to big endian.
 */
#include <libfdt.h>

#include "bench.h"

struct fdt_wr {
	void *fdt;
	int err;
};

static void w_begin(struct fdt_wr *w, const char *name)
{
	if (!w->err)
		w->err = fdt_begin_node(w->fdt, name);
}

static void w_end(struct fdt_wr *w)
{
	if (!w->err)
		w->err = fdt_end_node(w->fdt);
}

static void w32(struct fdt_wr *w, const char *name, u32 v)
{
	if (!w->err)
		w->err = fdt_property_u32(w->fdt, name, v);
}

static void w64(struct fdt_wr *w, const char *name, u64 v)
{
	if (!w->err)
		w->err = fdt_property_u64(w->fdt, name, v);
}

static void wbytes(struct fdt_wr *w, const char *name, const void *p, int len)
{
	if (!w->err)
		w->err = fdt_property(w->fdt, name, p, len);
}

static void wstr(struct fdt_wr *w, const char *name, const char *s)
{
	if (!w->err)
		w->err = fdt_property_string(w->fdt, name, s);
}

static void save_pci(struct fdt_wr *w, const struct bench_pci *p, u32 key)
{
	char node[24];

	snprintf(node, sizeof(node), "pci@%x", key);
	w_begin(w, node);
	w32(w, "segment", p->segment);
	w32(w, "bus", p->bus);
	w32(w, "devfn", p->devfn);
	w32(w, "vendor", p->vendor);
	w32(w, "device", p->device);
	w32(w, "subsystem-vendor", p->subsystem_vendor);
	w32(w, "subsystem-device", p->subsystem_device);
	w32(w, "class", p->class);
	w32(w, "revision", p->revision);
	w32(w, "hdr-type", p->hdr_type);
	w32(w, "pcie-cap", p->pcie_cap);
	w32(w, "msi-cap", p->msi_cap);
	w32(w, "msix-cap", p->msix_cap);
	w32(w, "pm-cap", p->pm_cap);
	w32(w, "pcie-flags-reg", p->pcie_flags_reg);
	w32(w, "current-state", p->current_state);
	w32(w, "irq", p->irq);
	w64(w, "dma-mask", p->dma_mask);
	wbytes(w, "saved-config-space", p->saved_config_space,
	       sizeof(p->saved_config_space));
	wbytes(w, "bar-start", p->bar_start, sizeof(p->bar_start));
	wbytes(w, "bar-end", p->bar_end, sizeof(p->bar_end));
	wbytes(w, "bar-flags", p->bar_flags, sizeof(p->bar_flags));
	w32(w, "num-vfs", p->num_vfs);
	wstr(w, "name", p->name);
	w32(w, "is-physfn", p->is_physfn);
	w32(w, "is-virtfn", p->is_virtfn);
	w32(w, "msi-enabled", p->msi_enabled);
	w32(w, "msix-enabled", p->msix_enabled);
	w32(w, "ari-enabled", p->ari_enabled);
	w32(w, "state-saved", p->state_saved);
	w32(w, "broken-intx-masking", p->broken_intx_masking);
	w32(w, "is-busmaster", p->is_busmaster);
	w32(w, "match-driver", p->match_driver);
	w_end(w);
}

static void save_vfio(struct fdt_wr *w, const struct bench_vfio *v, u32 key,
		      u32 pdev_key)
{
	char node[24];

	snprintf(node, sizeof(node), "vfio@%x", key);
	w_begin(w, node);
	w32(w, "pdev", pdev_key);
	w32(w, "irq-type", v->irq_type);
	w32(w, "num-ctx", v->num_ctx);
	w32(w, "msi-qmax", v->msi_qmax);
	w32(w, "msix-bar", v->msix_bar);
	w32(w, "msix-offset", v->msix_offset);
	w32(w, "msix-size", v->msix_size);
	wbytes(w, "rbar", v->rbar, sizeof(v->rbar));
	w32(w, "open-count", v->open_count);
	wstr(w, "name", v->name);
	w32(w, "reset-works", v->reset_works);
	w32(w, "extended-caps", v->extended_caps);
	w32(w, "bardirty", v->bardirty);
	w32(w, "has-vga", v->has_vga);
	w32(w, "needs-reset", v->needs_reset);
	w32(w, "nointx", v->nointx);
	w32(w, "needs-pm-restore", v->needs_pm_restore);
	w32(w, "pm-intx-masked", v->pm_intx_masked);
	w32(w, "pm-runtime-engaged", v->pm_runtime_engaged);
	w_end(w);
}

static void save_domain(struct fdt_wr *w, const struct bench_domain *d, u32 i)
{
	char node[24];

	snprintf(node, sizeof(node), "domain@%x", i);
	w_begin(w, node);
	w32(w, "iommu", d->iommu->seq_id);
	w32(w, "did", d->did);
	w32(w, "agaw", d->agaw);
	w32(w, "gaw", d->gaw);
	w64(w, "max-addr", d->max_addr);
	w64(w, "pgd-phys", d->pgd_phys);
	w32(w, "nr-devices", d->nr_devices);
	w32(w, "iommu-superpage", d->iommu_superpage);
	w32(w, "set-pte-snp", d->set_pte_snp);
	w32(w, "force-snooping", d->force_snooping);
	w32(w, "dirty-tracking", d->dirty_tracking);
	w32(w, "nested-parent", d->nested_parent);
	w32(w, "use-first-level", d->use_first_level);
	w32(w, "iommu-coherency", d->iommu_coherency);
	w32(w, "has-iotlb-device", d->has_iotlb_device);
	w_end(w);
}

static void save_unit(struct fdt_wr *w, const struct bench_iommu *u)
{
	const struct bench_domain *d;
	char node[24];
	u32 i = 0;

	snprintf(node, sizeof(node), "dmar@%x", u->seq_id);
	w_begin(w, node);
	wstr(w, "name", u->name);
	w64(w, "reg-phys", u->reg_phys);
	w64(w, "reg-size", u->reg_size);
	w64(w, "cap", u->cap);
	w64(w, "ecap", u->ecap);
	w64(w, "root-entry-phys", u->root_entry_phys);
	w32(w, "gcmd", u->gcmd);
	w32(w, "seq-id", u->seq_id);
	w32(w, "agaw", u->agaw);
	w32(w, "msagaw", u->msagaw);
	w32(w, "node", u->node);
	w32(w, "segment", u->segment);
	list_for_each_entry(d, &u->domains, link)
		save_domain(w, d, i++);
	w_end(w);
}

/**
 * fdt_save() - build the workload's device tree
 * @s: the workload
 * @blob: on success, the malloc()ed tree
 * @size: on success, its total size
 *
 * Return: 0, -ENOMEM, or -EIO if libfdt fails.
 */
int fdt_save(const struct bench_state *s, void **blob, size_t *size)
{
	size_t cap = (size_t)bench_nr_objects(s->n) * 1024 + 65536;
	struct fdt_wr w = { .fdt = malloc(cap) };
	u32 i;

	if (!w.fdt)
		return -ENOMEM;
	w.err = fdt_create(w.fdt, cap);
	if (!w.err)
		w.err = fdt_finish_reservemap(w.fdt);
	w_begin(&w, "");
	w_begin(&w, "pci");
	for (i = 0; i < s->n; i++)
		save_pci(&w, &s->pci[i], i);
	w_end(&w);
	w_begin(&w, "vfio");
	for (i = 0; i < s->n; i++)
		save_vfio(&w, &s->vfio[i], i, s->vfio[i].pdev - s->pci);
	w_end(&w);
	w_begin(&w, "iommu");
	for (i = 0; i < BENCH_NR_UNITS; i++)
		save_unit(&w, &s->units[i]);
	w_end(&w);
	w_end(&w);
	if (!w.err)
		w.err = fdt_finish(w.fdt);
	if (w.err) {
		fprintf(stderr, "bench: libfdt: %s\n", fdt_strerror(w.err));
		free(w.fdt);
		return -EIO;
	}
	*blob = w.fdt;
	*size = fdt_totalsize(w.fdt);
	return 0;
}

struct fdt_rd {
	const void *fdt;
	int node;
	int err;
};

static const void *rprop(struct fdt_rd *r, const char *name, int len)
{
	int got;
	const void *p = fdt_getprop(r->fdt, r->node, name, &got);

	if (!p || got != len) {
		r->err = -EINVAL;
		return NULL;
	}
	return p;
}

static u32 r32(struct fdt_rd *r, const char *name)
{
	const fdt32_t *p = rprop(r, name, sizeof(*p));

	return p ? fdt32_ld(p) : 0;
}

static u64 r64(struct fdt_rd *r, const char *name)
{
	const fdt64_t *p = rprop(r, name, sizeof(*p));

	return p ? fdt64_ld(p) : 0;
}

static void rbytes(struct fdt_rd *r, const char *name, void *dst, int len)
{
	const void *p = rprop(r, name, len);

	if (p)
		memcpy(dst, p, len);
}

static void rstr(struct fdt_rd *r, const char *name, char *dst, size_t size)
{
	int len;
	const char *p = fdt_getprop(r->fdt, r->node, name, &len);

	if (!p || len < 1 || (size_t)len > size || p[len - 1]) {
		r->err = -EINVAL;
		return;
	}
	memcpy(dst, p, len);
}

static void restore_pci(struct fdt_rd *r, struct bench_pci *p)
{
	p->segment = r32(r, "segment");
	p->bus = r32(r, "bus");
	p->devfn = r32(r, "devfn");
	p->vendor = r32(r, "vendor");
	p->device = r32(r, "device");
	p->subsystem_vendor = r32(r, "subsystem-vendor");
	p->subsystem_device = r32(r, "subsystem-device");
	p->class = r32(r, "class");
	p->revision = r32(r, "revision");
	p->hdr_type = r32(r, "hdr-type");
	p->pcie_cap = r32(r, "pcie-cap");
	p->msi_cap = r32(r, "msi-cap");
	p->msix_cap = r32(r, "msix-cap");
	p->pm_cap = r32(r, "pm-cap");
	p->pcie_flags_reg = r32(r, "pcie-flags-reg");
	p->current_state = r32(r, "current-state");
	p->irq = r32(r, "irq");
	p->dma_mask = r64(r, "dma-mask");
	rbytes(r, "saved-config-space", p->saved_config_space,
	       sizeof(p->saved_config_space));
	rbytes(r, "bar-start", p->bar_start, sizeof(p->bar_start));
	rbytes(r, "bar-end", p->bar_end, sizeof(p->bar_end));
	rbytes(r, "bar-flags", p->bar_flags, sizeof(p->bar_flags));
	p->num_vfs = r32(r, "num-vfs");
	rstr(r, "name", p->name, sizeof(p->name));
	p->is_physfn = r32(r, "is-physfn");
	p->is_virtfn = r32(r, "is-virtfn");
	p->msi_enabled = r32(r, "msi-enabled");
	p->msix_enabled = r32(r, "msix-enabled");
	p->ari_enabled = r32(r, "ari-enabled");
	p->state_saved = r32(r, "state-saved");
	p->broken_intx_masking = r32(r, "broken-intx-masking");
	p->is_busmaster = r32(r, "is-busmaster");
	p->match_driver = r32(r, "match-driver");
}

static void restore_vfio(struct fdt_rd *r, struct bench_vfio *v,
			 struct bench_state *st)
{
	u32 pdev = r32(r, "pdev");

	if (pdev >= st->n)
		r->err = -EINVAL;
	else
		v->pdev = &st->pci[pdev];
	v->irq_type = r32(r, "irq-type");
	v->num_ctx = r32(r, "num-ctx");
	v->msi_qmax = r32(r, "msi-qmax");
	v->msix_bar = r32(r, "msix-bar");
	v->msix_offset = r32(r, "msix-offset");
	v->msix_size = r32(r, "msix-size");
	rbytes(r, "rbar", v->rbar, sizeof(v->rbar));
	v->open_count = r32(r, "open-count");
	rstr(r, "name", v->name, sizeof(v->name));
	v->reset_works = r32(r, "reset-works");
	v->extended_caps = r32(r, "extended-caps");
	v->bardirty = r32(r, "bardirty");
	v->has_vga = r32(r, "has-vga");
	v->needs_reset = r32(r, "needs-reset");
	v->nointx = r32(r, "nointx");
	v->needs_pm_restore = r32(r, "needs-pm-restore");
	v->pm_intx_masked = r32(r, "pm-intx-masked");
	v->pm_runtime_engaged = r32(r, "pm-runtime-engaged");
}

static void restore_domain(struct fdt_rd *r, struct bench_state *st)
{
	struct bench_domain *d = calloc(1, sizeof(*d));
	u32 unit;

	if (!d) {
		r->err = -ENOMEM;
		return;
	}
	unit = r32(r, "iommu");
	if (unit >= BENCH_NR_UNITS) {
		free(d);
		r->err = -EINVAL;
		return;
	}
	d->iommu = &st->units[unit];
	d->did = r32(r, "did");
	d->agaw = r32(r, "agaw");
	d->gaw = r32(r, "gaw");
	d->max_addr = r64(r, "max-addr");
	d->pgd_phys = r64(r, "pgd-phys");
	d->nr_devices = r32(r, "nr-devices");
	d->iommu_superpage = r32(r, "iommu-superpage");
	d->set_pte_snp = r32(r, "set-pte-snp");
	d->force_snooping = r32(r, "force-snooping");
	d->dirty_tracking = r32(r, "dirty-tracking");
	d->nested_parent = r32(r, "nested-parent");
	d->use_first_level = r32(r, "use-first-level");
	d->iommu_coherency = r32(r, "iommu-coherency");
	d->has_iotlb_device = r32(r, "has-iotlb-device");
	list_add_tail(&d->link, &d->iommu->domains);
}

static void restore_unit(struct fdt_rd *r, struct bench_state *st)
{
	u32 seq = r32(r, "seq-id");
	struct bench_iommu *u;
	int unit = r->node;

	if (r->err || seq >= BENCH_NR_UNITS) {
		r->err = -EINVAL;
		return;
	}
	u = &st->units[seq];
	INIT_LIST_HEAD(&u->domains);
	u->seq_id = seq;
	rstr(r, "name", u->name, sizeof(u->name));
	u->reg_phys = r64(r, "reg-phys");
	u->reg_size = r64(r, "reg-size");
	u->cap = r64(r, "cap");
	u->ecap = r64(r, "ecap");
	u->root_entry_phys = r64(r, "root-entry-phys");
	u->gcmd = r32(r, "gcmd");
	u->agaw = r32(r, "agaw");
	u->msagaw = r32(r, "msagaw");
	u->node = r32(r, "node");
	u->segment = r32(r, "segment");
	fdt_for_each_subnode(r->node, r->fdt, unit) {
		restore_domain(r, st);
		if (r->err)
			return;
	}
	r->node = unit;
}

/**
 * fdt_restore() - rebuild the workload from fdt_save()'s tree
 * @blob: the tree
 * @size: bytes available at @blob
 * @r: zeroed objects, as many as were saved; domains are allocated
 *
 * Return: 0, -EINVAL for a tree of the wrong shape, -ENOMEM.
 */
int fdt_restore(const void *blob, size_t size, struct bench_state *r)
{
	struct fdt_rd rd = { .fdt = blob };
	int parent;
	u32 i;

	if (fdt_check_header(blob) || fdt_totalsize(blob) > size)
		return -EINVAL;

	parent = fdt_path_offset(blob, "/pci");
	i = 0;
	fdt_for_each_subnode(rd.node, blob, parent) {
		if (i == r->n)
			return -EINVAL;
		restore_pci(&rd, &r->pci[i++]);
		if (rd.err)
			return rd.err;
	}
	if (i != r->n)
		return -EINVAL;

	parent = fdt_path_offset(blob, "/vfio");
	i = 0;
	fdt_for_each_subnode(rd.node, blob, parent) {
		if (i == r->n)
			return -EINVAL;
		restore_vfio(&rd, &r->vfio[i++], r);
		if (rd.err)
			return rd.err;
	}
	if (i != r->n)
		return -EINVAL;

	parent = fdt_path_offset(blob, "/iommu");
	i = 0;
	fdt_for_each_subnode(rd.node, blob, parent) {
		restore_unit(&rd, r);
		if (rd.err)
			return rd.err;
		i++;
	}
	return i == BENCH_NR_UNITS ? 0 : -EINVAL;
}
