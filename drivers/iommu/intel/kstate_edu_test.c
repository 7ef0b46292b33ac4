// SPDX-License-Identifier: GPL-2.0
/*
 * Test driver of the VT-d live-update handover, for QEMU's edu device
 * (1234:11e8) behind an emulated Intel IOMMU: tools/testing/kstate/ binds it
 * with driver_override in the first kernel, and the PCI adopter restores
 * the override, so that it binds again in the next one.
 *
 * First kernel: allocates a paging domain, attaches edu to it, maps two
 * IOVAs to two buffers, copies the first buffer to the second with edu's
 * DMA through the domain, registers the buffers (kept in place) and
 * preserves domain and device. Next kernel: takes the buffers back,
 * translates both IOVAs by walking the adopted tables in software, and
 * copies the first buffer, filled by the first kernel, to the second IOVA
 * again with edu's DMA, through the tables the first kernel built; then
 * restores the domain (intel_iommu_kstate_restore()), checks its
 * translations, maps a third IOVA in it and copies through that. A copy
 * edu starts at the first kernel's shutdown, nobody waiting, must have
 * landed in the second buffer when the next kernel looks. Each step logs
 * one "kstate-vtd-test: ok|not ok ..." line.
 */
#define pr_fmt(fmt) "kstate-vtd-test: " fmt

#include <linux/delay.h>
#include <linux/iommu.h>
#include <linux/kstate.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/string.h>

#include "kstate.h"

#define EDU_DMA_SRC	0x80
#define EDU_DMA_DST	0x88
#define EDU_DMA_COUNT	0x90
#define EDU_DMA_CMD	0x98
#define EDU_DMA_START	BIT(0)
#define EDU_DMA_TO_RAM	BIT(1)
#define EDU_BUFFER	0x40000
#define EDU_TEST_LEN	256

#define VTD_TEST_KEY		1
#define VTD_TEST_IOVA1		0x100000
#define VTD_TEST_IOVA2		0x200000
#define VTD_TEST_IOVA3		0x300000

/**
 * struct vtd_test - what the test hands over besides the VT-d state
 * @iova1: the IOVA of @buf1, filled by the first kernel.
 * @iova2: the IOVA of @buf2, where edu copies @buf1.
 * @buf1: a page, kept in place.
 * @buf2: another.
 */
struct vtd_test {
	u64 iova1;
	u64 iova2;
	void *buf1;
	void *buf2;
};

KSTATE_DEFINE(vtd_test, struct vtd_test,
	      KSTATE_U64(iova1),
	      KSTATE_U64(iova2),
	      KSTATE_PAGES_VIRT(buf1, 0),
	      KSTATE_PAGES_VIRT(buf2, 0));

KSTATE_DECLARE(vtd_test, struct vtd_test);

static struct vtd_test vtd_test;
static void __iomem *vtd_test_bar;	/* the first kernel's, for shutdown */

static void vtd_test_result(bool ok, const char *what)
{
	pr_info("%s %s\n", ok ? "ok" : "not ok", what);
}

/* edu starts copying @len bytes between @iova and its buffer */
static void vtd_test_dma_start(void __iomem *bar, u64 iova, bool to_ram,
			       size_t len)
{
	writeq(to_ram ? EDU_BUFFER : iova, bar + EDU_DMA_SRC);
	writeq(to_ram ? iova : EDU_BUFFER, bar + EDU_DMA_DST);
	writeq(len, bar + EDU_DMA_COUNT);
	writeq(EDU_DMA_START | (to_ram ? EDU_DMA_TO_RAM : 0), bar + EDU_DMA_CMD);
}

/* and waits for it, through the IOMMU */
static int vtd_test_dma(void __iomem *bar, u64 iova, bool to_ram, size_t len)
{
	int i;

	vtd_test_dma_start(bar, iova, to_ram, len);
	for (i = 0; i < 150; i++) {
		if (!(readq(bar + EDU_DMA_CMD) & EDU_DMA_START))
			return 0;
		msleep(20);
	}
	return -ETIMEDOUT;
}

/* buf1 -> edu -> buf2, and the two compared */
static bool vtd_test_copy(void __iomem *bar, struct vtd_test *t)
{
	memset(t->buf2, 0, EDU_TEST_LEN);
	if (vtd_test_dma(bar, t->iova1, false, EDU_TEST_LEN) ||
	    vtd_test_dma(bar, t->iova2, true, EDU_TEST_LEN))
		return false;
	return !memcmp(t->buf1, t->buf2, EDU_TEST_LEN);
}

static int vtd_test_first(struct pci_dev *pdev, void __iomem *bar)
{
	struct vtd_test *t = &vtd_test;
	struct iommu_domain *domain;
	int i, err;

	domain = iommu_paging_domain_alloc(&pdev->dev);
	if (IS_ERR(domain))
		return PTR_ERR(domain);
	err = iommu_attach_device(domain, &pdev->dev);
	if (err)
		goto free_domain;
	err = -ENOMEM;
	t->buf1 = (void *)get_zeroed_page(GFP_KERNEL);
	t->buf2 = (void *)get_zeroed_page(GFP_KERNEL);
	if (!t->buf1 || !t->buf2)
		goto detach;
	for (i = 0; i < EDU_TEST_LEN; i++)
		((u8 *)t->buf1)[i] = i ^ 0x5a;
	t->iova1 = VTD_TEST_IOVA1;
	t->iova2 = VTD_TEST_IOVA2;
	err = iommu_map(domain, t->iova1, virt_to_phys(t->buf1), PAGE_SIZE,
			IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);
	if (!err)
		err = iommu_map(domain, t->iova2, virt_to_phys(t->buf2),
				PAGE_SIZE, IOMMU_READ | IOMMU_WRITE, GFP_KERNEL);
	if (err)
		goto detach;
	vtd_test_result(vtd_test_copy(bar, t), "A: edu DMA through the paging domain");
	pr_info("A: iova %#llx -> phys %#llx, iova %#llx -> phys %#llx\n",
		t->iova1, (u64)virt_to_phys(t->buf1), t->iova2,
		(u64)virt_to_phys(t->buf2));
	memset(t->buf2, 0, PAGE_SIZE);
	err = vtd_test_kstate_register(VTD_TEST_KEY, t);
	if (!err)
		err = intel_iommu_kstate_preserve(&pdev->dev, domain,
						  VTD_TEST_KEY);
	/* undone completely: preserving again registers everything anew */
	if (!err) {
		intel_iommu_kstate_unpreserve(&pdev->dev);
		err = intel_iommu_kstate_preserve(&pdev->dev, domain,
						  VTD_TEST_KEY);
	}
	vtd_test_result(!err, "A: domain, device and buffers preserved");
	if (!err)
		vtd_test_bar = bar;
	return err;

detach:
	iommu_detach_device(domain, &pdev->dev);
free_domain:
	iommu_domain_free(domain);
	free_page((unsigned long)t->buf1);
	free_page((unsigned long)t->buf2);
	return err;
}

static int vtd_test_next(struct pci_dev *pdev, void __iomem *bar)
{
	struct vtd_test *t = &vtd_test;
	struct iommu_domain *domain;
	struct vtd_test t3;
	u64 p1, p2;
	int err;

	err = vtd_test_kstate_restore(VTD_TEST_KEY, t);
	vtd_test_result(!err, "B: buffers taken back");
	if (err)
		return err;
	vtd_test_result(!memcmp(t->buf1, t->buf2, EDU_TEST_LEN),
			"B: the DMA edu started at A's shutdown landed in A's buffer");
	p1 = intel_iommu_kstate_iova_to_phys(&pdev->dev, t->iova1);
	p2 = intel_iommu_kstate_iova_to_phys(&pdev->dev, t->iova2);
	pr_info("B: walk: iova %#llx -> phys %#llx, iova %#llx -> phys %#llx\n",
		t->iova1, p1, t->iova2, p2);
	vtd_test_result(p1 == virt_to_phys(t->buf1) &&
			p2 == virt_to_phys(t->buf2),
			"B: the adopted tables translate A's IOVAs to A's buffers");
	vtd_test_result(vtd_test_copy(bar, t),
			"B: edu DMA through the adopted tables, A's data");

	domain = intel_iommu_kstate_restore(&pdev->dev, VTD_TEST_KEY);
	vtd_test_result(!IS_ERR(domain), "B: domain restored, edu attached to it");
	if (IS_ERR(domain))
		return PTR_ERR(domain);
	vtd_test_result(intel_iommu_kstate_iova_to_phys(&pdev->dev, t->iova1) == p1 &&
			iommu_iova_to_phys(domain, t->iova1) == p1 &&
			iommu_iova_to_phys(domain, t->iova2) == p2,
			"B: the restored domain translates as A's did");

	/* a new mapping in the restored domain, used by edu */
	t3 = *t;
	t3.iova2 = VTD_TEST_IOVA3;
	t3.buf2 = (void *)get_zeroed_page(GFP_KERNEL);
	err = t3.buf2 ? iommu_map(domain, t3.iova2, virt_to_phys(t3.buf2),
				  PAGE_SIZE, IOMMU_READ | IOMMU_WRITE,
				  GFP_KERNEL) : -ENOMEM;
	vtd_test_result(!err && vtd_test_copy(bar, &t3),
			"B: new mapping in the restored domain, edu DMA through it");
	vtd_test_result(vtd_test_copy(bar, t),
			"B: A's mappings still used after the attach");
	return 0;
}

/*
 * At the kexec: edu starts copying its buffer (the first buffer's data, from
 * the test) to the second buffer, zeroed since, and nobody waits: the copy
 * lands while the kernels change, through the translation kept on.
 */
static void vtd_test_shutdown(struct pci_dev *pdev)
{
	if (vtd_test_bar)
		vtd_test_dma_start(vtd_test_bar, vtd_test.iova2, true,
				   EDU_TEST_LEN);
}

static int vtd_test_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	void __iomem *bar;
	int err;

	err = pcim_enable_device(pdev);
	if (err)
		return err;
	bar = pcim_iomap_region(pdev, 0, "kstate-vtd-test");
	if (IS_ERR(bar))
		return PTR_ERR(bar);
	pci_set_master(pdev);
	if (vtd_test_kstate_present(VTD_TEST_KEY))
		return vtd_test_next(pdev, bar);
	return vtd_test_first(pdev, bar);
}

/* no ids: bound through driver_override only */
static const struct pci_device_id vtd_test_ids[] = {
	{}
};

static struct pci_driver vtd_test_driver = {
	.name = "kstate-vtd-test",
	.id_table = vtd_test_ids,
	.probe = vtd_test_probe,
	.shutdown = vtd_test_shutdown,
	.driver_managed_dma = true,
};
builtin_pci_driver(vtd_test_driver);
