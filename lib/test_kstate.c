// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE cross-version handover test: built-in test state in one of two
 * descriptor generations (CONFIG_KSTATE_TEST_GEN), handed over by a real
 * kexec between kernels of either generation. Driven by
 * tools/testing/kstate/ (the vmtest harness), which compares the dumps of
 * both kernels.
 *
 * At boot (late_initcall) the test restores whatever the previous kernel
 * handed over: IOMMU-unit-like objects first (each with a list of domains
 * and preserved pages), then device-like objects that point at those
 * domains. Objects that were not handed over, or that failed to restore,
 * are created fresh from their key. Everything is then registered, so
 * debugfs "outgoing" shows this kernel's view and the next kexec hands it
 * over again. The kernel log gets one "kstate-gen-test:" line per result.
 *
 * Generation 2 changes against generation 1, one per versioning rule:
 * kgt_domain widens did (u16 -> u32) and prio (s8 -> s32) and adds
 * "pasid_bits" (default 20); kgt_dev renames "irq" to "irq_vector" (alias),
 * drops "legacy" and grows "bars" from 4 to 6; kgt_feature adds a critical
 * field, registered only with test_kstate.critical=1 on the command
 * line, which a generation-1 kernel must refuse.
 *
 * Two runs of the robustness tests: test_kstate.stress=S has threads
 * register and unregister objects for S seconds while another saves
 * snapshots and checks each (no object lost, none twice);
 * test_kstate.scale=N registers N bulk objects of 700 bytes, handed over
 * and checked byte for byte by the next kernel (N = 100000: a 70 MB
 * stream). test_kstate.defer_devs=1 leaves the devices that were handed
 * over to debugfs kstate-test/restore_devs: writing a device's key
 * restores it, for a test that makes each allocation fail in turn. With
 * test_kstate.scale, the stream written to kstate-test/bulk_blob is opened
 * a second time by writing kstate-test/bulk_reopen, for a test that runs
 * the open and the restore of every bulk object with allocations failing.
 */
#define pr_fmt(fmt) "kstate-gen-test: " fmt

#include <linux/crc32.h>
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/kstate.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/unaligned.h>
#include <linux/xarray.h>

#define GEN		CONFIG_KSTATE_TEST_GEN
#define NR_UNITS	2
#define NR_DOMAINS	4	/* per unit */
#define NR_DEVS		8
#define PAGES_ORDER	1

static bool critical;
module_param(critical, bool, 0444);
MODULE_PARM_DESC(critical, "register the type with a generation-2 critical field");

static unsigned int stress;
module_param(stress, uint, 0444);
MODULE_PARM_DESC(stress, "seconds of registrations racing snapshots, at boot");

static unsigned int scale;
module_param(scale, uint, 0444);
MODULE_PARM_DESC(scale, "bulk objects to hand over and check");

static bool defer_devs;
module_param(defer_devs, bool, 0444);
MODULE_PARM_DESC(defer_devs, "restore handed-over devices from debugfs, not at boot");

struct kgt_range {
	u64 start;
	u64 end;
};

struct kgt_unit;

/* per-unit information of a domain, like struct iommu_domain_info */
struct kgt_info {
	u16 refcnt;
	u16 did;
};

struct kgt_domain {
	struct list_head node;
#if GEN >= 2
	u32 did;
	s32 prio;
	u8 pasid_bits;
#else
	u16 did;
	s8 prio;
#endif
	unsigned int force_snooping:1;
	unsigned int nested:1;
	bool dirty_tracking;
	struct kgt_unit *unit;
	struct kgt_range ranges[2];
	u64 *pgd;
	u32 nr_pgd;
	struct xarray iommu_array;	/* unit seq_id -> struct kgt_info */
};

struct kgt_unit {
	u64 reg_phys;
	char name[16];
	u8 cap[8];
	u32 seq_id;
	struct list_head domains;
	struct page *pages;
	struct page *mirror;	/* the same pages again: preserved once */
};

struct kgt_dev {
	u32 bdf;
#if GEN >= 2
	u32 irq_vector;
	u32 bars[6];
#else
	u32 irq;
	u32 bars[4];
	u8 legacy;
#endif
	s16 numa_node;
	u16 msix[8];
	struct kgt_domain *domain;
	struct kgt_range *windows;
	u16 nr_windows;
};

struct kgt_feature {
	u32 mode;
#if GEN >= 2
	u64 secret;
#endif
};

/* MSI-X vectors, saved without their trailing zeros. */
static size_t msix_size(const void *obj, const void *m)
{
	const u16 *v = m;
	size_t n = 8;

	while (n && !v[n - 1])
		n--;
	return n * sizeof(__le16);
}

static int msix_save(const void *obj, const void *m, void *buf, size_t len,
		     struct kstate_mem *mem)
{
	const u16 *v = m;
	size_t i;

	for (i = 0; i < len / sizeof(__le16); i++)
		put_unaligned_le16(v[i], buf + i * sizeof(__le16));
	return 0;
}

static int msix_restore(void *obj, void *m, const void *buf, size_t len,
			u32 writer_version, struct kstate_mem *mem)
{
	u16 *v = m;
	size_t i;

	if (len % sizeof(__le16) || len > 8 * sizeof(__le16))
		return -EINVAL;
	memset(v, 0, 8 * sizeof(u16));
	for (i = 0; i < len / sizeof(__le16); i++)
		v[i] = get_unaligned_le16(buf + i * sizeof(__le16));
	return 0;
}

static const struct kstate_custom_ops msix_ops = {
	.size = msix_size,
	.save = msix_save,
	.restore = msix_restore,
};

KSTATE_DEFINE(kgt_info, struct kgt_info,
	      KSTATE_U16(refcnt),
	      KSTATE_U16(did));

KSTATE_DEFINE(kgt_range, struct kgt_range,
	      KSTATE_U64(start),
	      KSTATE_U64(end));

KSTATE_DECLARE(kgt_unit, struct kgt_unit);

#if GEN >= 2
KSTATE_DEFINE(kgt_domain, struct kgt_domain,
	      KSTATE_VERSION(2),
	      KSTATE_UINT(did),
	      KSTATE_SINT(prio),
	      KSTATE_U8(pasid_bits, KSTATE_SINCE(2), KSTATE_DEFAULT(20)),
	      KSTATE_BITFIELD(force_snooping),
	      KSTATE_BITFIELD(nested),
	      KSTATE_BOOL(dirty_tracking),
	      KSTATE_PTR(unit, kgt_unit),
	      KSTATE_STRUCT_ARRAY(ranges, kgt_range),
	      KSTATE_VARRAY(pgd, nr_pgd),
	      KSTATE_XARRAY(iommu_array, kgt_info));

KSTATE_DEFINE(kgt_dev, struct kgt_dev,
	      KSTATE_VERSION(2),
	      KSTATE_U32(bdf),
	      KSTATE_U32(irq_vector, KSTATE_ALIASES("irq")),
	      KSTATE_UINT_ARRAY(bars),
	      KSTATE_S16(numa_node),
	      KSTATE_CUSTOM(msix, &msix_ops),
	      KSTATE_PTR(domain, kgt_domain),
	      KSTATE_VARRAY_STRUCT(windows, nr_windows, kgt_range));

KSTATE_DEFINE(kgt_feature, struct kgt_feature,
	      KSTATE_VERSION(2),
	      KSTATE_U32(mode),
	      KSTATE_U64(secret, KSTATE_SINCE(2), KSTATE_CRITICAL));
#else
KSTATE_DEFINE(kgt_domain, struct kgt_domain,
	      KSTATE_UINT(did),
	      KSTATE_SINT(prio),
	      KSTATE_BITFIELD(force_snooping),
	      KSTATE_BITFIELD(nested),
	      KSTATE_BOOL(dirty_tracking),
	      KSTATE_PTR(unit, kgt_unit),
	      KSTATE_STRUCT_ARRAY(ranges, kgt_range),
	      KSTATE_VARRAY(pgd, nr_pgd),
	      KSTATE_XARRAY(iommu_array, kgt_info));

KSTATE_DEFINE(kgt_dev, struct kgt_dev,
	      KSTATE_U32(irq),
	      KSTATE_U32(bdf),
	      KSTATE_UINT_ARRAY(bars),
	      KSTATE_U8(legacy),
	      KSTATE_S16(numa_node),
	      KSTATE_CUSTOM(msix, &msix_ops),
	      KSTATE_PTR(domain, kgt_domain),
	      KSTATE_VARRAY_STRUCT(windows, nr_windows, kgt_range));

KSTATE_DEFINE(kgt_feature, struct kgt_feature,
	      KSTATE_U32(mode));
#endif

KSTATE_DEFINE(kgt_unit, struct kgt_unit,
	      KSTATE_U64(reg_phys),
	      KSTATE_STRING(name),
	      KSTATE_BYTES(cap),
	      KSTATE_U32(seq_id),
	      KSTATE_LIST(domains, kgt_domain, node),
	      KSTATE_PAGES(pages, PAGES_ORDER),
	      KSTATE_PAGES(mirror, PAGES_ORDER));

/* The scale run's objects: identity, a sequence, a payload, flags. */
#define BULK_DATA	672

struct kgt_bulk {
	u64 key;
	u32 seq;
	u8 data[BULK_DATA];
	unsigned int odd:1;
	unsigned int low:3;
};

KSTATE_DEFINE(kgt_bulk, struct kgt_bulk,
	      KSTATE_U64(key),
	      KSTATE_U32(seq),
	      KSTATE_BYTES(data),
	      KSTATE_BITFIELD(odd),
	      KSTATE_BITFIELD(low));

/* The stress run's objects. */
struct kgt_stress {
	u64 key;
	u32 check;
};

KSTATE_DEFINE(kgt_stress, struct kgt_stress,
	      KSTATE_U64(key),
	      KSTATE_U32(check));

static struct kgt_unit *units[NR_UNITS];
static struct kgt_dev *devs[NR_DEVS];
static struct kgt_feature feature;

static u64 unit_key(int i)
{
	return 0xfed90000ULL + i * 0x1000;
}

static u32 pages_crc(struct page *pages)
{
	return ~crc32c(~0U, page_address(pages), PAGE_SIZE << PAGES_ORDER);
}

static int unit_fresh(struct kgt_unit *u, int i)
{
	unsigned int d, j;

	u->reg_phys = unit_key(i);
	snprintf(u->name, sizeof(u->name), "dmar%d", i);
	for (j = 0; j < sizeof(u->cap); j++)
		u->cap[j] = 0xc0 + i * 8 + j;
	u->seq_id = i;
	u->pages = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_COMP, PAGES_ORDER);
	if (!u->pages)
		return -ENOMEM;
	u->mirror = u->pages;
	for (j = 0; j < (PAGE_SIZE << PAGES_ORDER) / sizeof(u32); j++)
		((u32 *)page_address(u->pages))[j] = j * 2654435761U + i;
	for (d = 0; d < NR_DOMAINS; d++) {
		struct kgt_domain *dom = kzalloc_obj(*dom);

		if (!dom)
			return -ENOMEM;
		dom->did = 1000 + i * NR_DOMAINS + d;
		dom->prio = -3 + d;
		dom->force_snooping = d & 1;
		dom->nested = !!(d & 2);
		dom->dirty_tracking = d == 3;
		dom->unit = u;
		dom->ranges[0].start = 0x100000ULL * (d + 1);
		dom->ranges[0].end = dom->ranges[0].start + 0xfffff;
		dom->nr_pgd = d + 1;
		dom->pgd = kcalloc(dom->nr_pgd, sizeof(*dom->pgd), GFP_KERNEL);
		if (!dom->pgd) {
			kfree(dom);
			return -ENOMEM;
		}
		for (j = 0; j < dom->nr_pgd; j++)
			dom->pgd[j] = 0x200000000ULL + (i << 16) + (d << 8) + j;
		xa_init(&dom->iommu_array);
		for (j = 0; j <= d % 2; j++) {
			struct kgt_info *info = kzalloc_obj(*info);

			if (!info)
				return -ENOMEM;
			info->refcnt = 1 + j;
			info->did = dom->did;
			if (xa_err(xa_store(&dom->iommu_array, i + 4 * j, info,
					    GFP_KERNEL))) {
				kfree(info);
				return -ENOMEM;
			}
		}
#if GEN >= 2
		dom->pasid_bits = 20;
#endif
		list_add_tail(&dom->node, &u->domains);
	}
	return 0;
}

static int dev_fresh(struct kgt_dev *dv, int i)
{
	unsigned int j;

	dv->bdf = 0x100 + i * 8;
#if GEN >= 2
	dv->irq_vector = 32 + i;
#else
	dv->irq = 32 + i;
	dv->legacy = 1;
#endif
	for (j = 0; j < 4; j++)
		dv->bars[j] = 0xe0000000U + i * 0x100000 + j * 0x1000;
	dv->numa_node = i % 2 ? -1 : 0;
	for (j = 0; j <= i % 8; j++)
		dv->msix[j] = 64 + i * 8 + j;
	dv->domain = list_first_entry(&units[i % NR_UNITS]->domains,
				      struct kgt_domain, node);
	if (i % 4 == 3)
		dv->domain = list_last_entry(&units[i % NR_UNITS]->domains,
					     struct kgt_domain, node);
	dv->nr_windows = i % 3;
	dv->windows = kcalloc(3, sizeof(*dv->windows), GFP_KERNEL);
	if (!dv->windows)
		return -ENOMEM;
	for (j = 0; j < dv->nr_windows; j++) {
		dv->windows[j].start = 0x80000000ULL + j * 0x10000;
		dv->windows[j].end = dv->windows[j].start + 0xffff;
	}
	return 0;
}

/*
 * Like a driver whose shutdown hook frees its DMA memory: at the kexec,
 * after KSTATE saved, drop the units' pages. KSTATE holds a reference from
 * the save on, so they stay intact (init_on_free=1 would clear them) and
 * the next kernel checks their checksums.
 */
static int kgt_reboot(struct notifier_block *nb, unsigned long action,
		      void *cmd)
{
	int i;

	if (action != SYS_RESTART)
		return NOTIFY_DONE;
	for (i = 0; i < NR_UNITS; i++) {
		if (units[i] && units[i]->pages) {
			__free_pages(units[i]->pages, PAGES_ORDER);
			units[i]->pages = NULL;
			units[i]->mirror = NULL;
		}
	}
	pr_info("units' pages freed at shutdown\n");
	return NOTIFY_OK;
}

static struct notifier_block kgt_reboot_nb = {
	.notifier_call = kgt_reboot,
};

static DEFINE_MUTEX(devs_lock);
static bool dev_registered[NR_DEVS];
static struct kgt_dev *deferred[NR_DEVS];

/*
 * Write a device's key: restore it, if it was deferred and is not restored
 * yet, and register it. An allocation failing (fault injection) fails the
 * restore, which a later write tries again.
 * Return: the bytes written; -ENOMEM if the restore or the registration
 * failed.
 */
static ssize_t restore_devs_write(struct file *file, const char __user *ubuf,
				  size_t len, loff_t *ppos)
{
	unsigned int key;
	int err;

	err = kstrtouint_from_user(ubuf, len, 0, &key);
	if (err)
		return err;
	if (key >= NR_DEVS)
		return -EINVAL;
	guard(mutex)(&devs_lock);
	if (!devs[key]) {
		/* allocated at boot: the restore's allocations only */
		err = kstate_restore(&kgt_dev_kstate_type, key, deferred[key]);
		pr_info("restore kgt_dev[%u] = %d (deferred)\n", key, err);
		if (err)
			return -ENOMEM;
		devs[key] = deferred[key];
	}
	if (!dev_registered[key]) {
		if (kstate_register(&kgt_dev_kstate_type, key, devs[key]))
			return -ENOMEM;
		dev_registered[key] = true;
	}
	return len;
}

static const struct file_operations restore_devs_fops = {
	.owner = THIS_MODULE,
	.write = restore_devs_write,
};

/* What bulk object @key holds: a payload from a xorshift of the key. */
static void bulk_fill(struct kgt_bulk *b, u64 key)
{
	u64 x = key * 0x9e3779b97f4a7c15ULL + 1;
	unsigned int j;

	b->key = key;
	b->seq = key * 7;
	for (j = 0; j < BULK_DATA; j += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		put_unaligned_le64(x, b->data + j);
	}
	b->odd = key & 1;
	b->low = key & 7;
}

/*
 * A second open of a copy of the handed-over stream (debugfs kstate/blob,
 * written to kstate-test/bulk_blob): writing kstate-test/bulk_reopen opens
 * it with kstate_in_open(), restores every bulk object from it into a
 * scratch object, checks each byte for byte, closes it and frees the copy.
 * The copy is made first, so that a test can make the allocations of the
 * open and the restores alone fail.
 */
static DEFINE_MUTEX(reopen_lock);
static u8 *reopen_blob;
static size_t reopen_size, reopen_cap;

static ssize_t bulk_blob_write(struct file *file, const char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	size_t end, cap;
	u8 *p;

	guard(mutex)(&reopen_lock);
	if (*ppos < 0 || check_add_overflow((size_t)*ppos, len, &end) ||
	    end > SZ_1G)
		return -EFBIG;
	if (end > reopen_cap) {
		cap = max(end, reopen_cap * 2);
		p = kvrealloc(reopen_blob, cap, GFP_KERNEL);
		if (!p)
			return -ENOMEM;
		reopen_blob = p;
		reopen_cap = cap;
	}
	if (copy_from_user(reopen_blob + *ppos, ubuf, len))
		return -EFAULT;
	*ppos = end;
	reopen_size = max(reopen_size, end);
	return len;
}

static ssize_t bulk_reopen_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	u32 i, intact = 0, differ = 0, failed = 0;
	u64 t0, open_ns, restore_ns = 0;
	struct kgt_bulk *b, *want;
	struct kstate_in *in;
	int err, first = 0;

	guard(mutex)(&reopen_lock);
	if (!reopen_size)
		return -ENODATA;
	b = kmalloc_obj(*b);
	want = kzalloc_obj(*want);
	if (!b || !want) {
		err = -ENOMEM;
		goto out;
	}
	t0 = ktime_get_ns();
	in = kstate_in_open(reopen_blob, reopen_size);
	open_ns = ktime_get_ns() - t0;
	if (IS_ERR(in)) {
		err = PTR_ERR(in);
		pr_err("bulk reopen: cannot open the stream's copy: %pe\n", in);
		goto out;
	}
	for (i = 0; i < scale; i++) {
		memset(b, 0, sizeof(*b));
		t0 = ktime_get_ns();
		err = kstate_in_restore(in, &kgt_bulk_kstate_type, i, b);
		restore_ns += ktime_get_ns() - t0;
		if (err) {
			first = first ?: err;
			failed++;
			continue;
		}
		bulk_fill(want, i);
		if (memcmp(b, want, sizeof(*b)))
			differ++;
		else
			intact++;
		cond_resched();
	}
	kstate_in_close(in);
	pr_info("bulk reopen: %u objects: %u restored intact, %u differ, %u failed (first error %d); open took %llu us, restore %llu us\n",
		scale, intact, differ, failed, first,
		div_u64(open_ns, NSEC_PER_USEC),
		div_u64(restore_ns, NSEC_PER_USEC));
	err = first ?: differ ? -EIO : 0;
out:
	kvfree(reopen_blob);
	reopen_blob = NULL;
	reopen_size = 0;
	reopen_cap = 0;
	kfree(want);
	kfree(b);
	return err ?: len;
}

static const struct file_operations bulk_blob_fops = {
	.owner = THIS_MODULE,
	.write = bulk_blob_write,
};

static const struct file_operations bulk_reopen_fops = {
	.owner = THIS_MODULE,
	.write = bulk_reopen_write,
};

/*
 * The scale run: restore (or create) @scale bulk objects, check each byte
 * for byte, register them all; one line with the counts and the times.
 */
static int __init kgt_bulk_init(void)
{
	u32 i, intact = 0, differ = 0, failed = 0, created = 0;
	u64 t0, restore_ns = 0;
	struct kgt_bulk *b, *want;
	int err = 0;

	want = kzalloc_obj(*want);
	if (!want)
		return -ENOMEM;
	for (i = 0; i < scale && !err; i++) {
		b = kzalloc_obj(*b);
		if (!b) {
			err = -ENOMEM;
			break;
		}
		t0 = ktime_get_ns();
		err = kstate_restore(&kgt_bulk_kstate_type, i, b);
		restore_ns += ktime_get_ns() - t0;
		bulk_fill(want, i);
		if (!err) {
			if (memcmp(b, want, sizeof(*b)))
				differ++;
			else
				intact++;
		} else {
			if (err != -ENOENT)
				failed++;
			created++;
			memcpy(b, want, sizeof(*b));
		}
		err = kstate_register(&kgt_bulk_kstate_type, i, b);
		if (err)
			kfree(b);
		cond_resched();
	}
	kfree(want);
	pr_info("bulk: %u objects of %zu bytes: %u restored intact, %u differ, %u failed, %u created; restore took %llu us; register %d\n",
		scale, sizeof(struct kgt_bulk), intact, differ, failed, created,
		div_u64(restore_ns, NSEC_PER_USEC), err);
	return err;
}

#define STRESS_PERM	16	/* keys registered throughout */
#define STRESS_KEYS	64	/* per registering thread */
#define STRESS_THREADS	2

struct kgt_stress_run {
	unsigned long until;
	struct completion done[STRESS_THREADS + 1];
	atomic_t regs, unregs, saves, seen, lost, dup, errors;
};

struct kgt_stress_seen {
	DECLARE_BITMAP(keys, 256);
	u32 dup;
	u32 n;
};

struct kgt_stress_thread {
	struct kgt_stress_run *run;
	int nr;
};

static int stress_seen(u64 key, void *arg)
{
	struct kgt_stress_seen *seen = arg;

	if (key >= 256 || test_and_set_bit(key, seen->keys))
		seen->dup++;
	seen->n++;
	return 0;
}

/* Save snapshots and check each: every permanent key once, none twice. */
static int stress_saver(void *arg)
{
	struct kgt_stress_thread *th = arg;
	struct kgt_stress_run *run = th->run;
	struct kgt_stress_seen seen;
	struct kstate_in *in;
	size_t size;
	void *blob;
	int err;

	while (time_before(jiffies, run->until)) {
		err = kstate_save(&blob, &size);
		if (err) {
			atomic_inc(&run->errors);
			continue;
		}
		in = kstate_in_open(blob, size);
		if (IS_ERR(in)) {
			atomic_inc(&run->errors);
			kvfree(blob);
			continue;
		}
		memset(&seen, 0, sizeof(seen));
		kstate_in_for_each(in, &kgt_stress_kstate_type, stress_seen, &seen);
		kstate_in_close(in);
		kvfree(blob);
		atomic_add(STRESS_PERM - bitmap_weight(seen.keys, STRESS_PERM),
			   &run->lost);
		atomic_add(seen.dup, &run->dup);
		atomic_add(seen.n, &run->seen);
		atomic_inc(&run->saves);
		cond_resched();
	}
	complete(&run->done[th->nr]);
	return 0;
}

/* Register and unregister a range of keys of its own, over and over. */
static int stress_registrar(void *arg)
{
	struct kgt_stress_thread *th = arg;
	struct kgt_stress_run *run = th->run;
	u64 base = 128 + th->nr * STRESS_KEYS;
	struct kgt_stress *objs;
	int k;

	objs = kcalloc(STRESS_KEYS, sizeof(*objs), GFP_KERNEL);
	while (objs && time_before(jiffies, run->until)) {
		for (k = 0; k < STRESS_KEYS; k++) {
			objs[k].key = base + k;
			objs[k].check = ~(u32)(base + k);
			if (kstate_register(&kgt_stress_kstate_type, base + k, &objs[k]))
				atomic_inc(&run->errors);
			else
				atomic_inc(&run->regs);
		}
		cond_resched();
		for (k = 0; k < STRESS_KEYS; k++) {
			if (kstate_unregister(&kgt_stress_kstate_type, base + k))
				atomic_inc(&run->errors);
			else
				atomic_inc(&run->unregs);
		}
	}
	if (!objs)
		atomic_inc(&run->errors);
	kfree(objs);
	complete(&run->done[th->nr]);
	return 0;
}

/*
 * The stress run: @stress seconds of threads registering and unregistering
 * while another saves snapshots; then every stress object is unregistered.
 */
static int __init kgt_stress_init(void)
{
	struct kgt_stress_thread th[STRESS_THREADS + 1];
	struct kgt_stress perm[STRESS_PERM];
	struct kgt_stress_run *run;
	struct task_struct *t;
	int i, err = 0;

	run = kzalloc_obj(*run);
	if (!run)
		return -ENOMEM;
	for (i = 0; i < STRESS_PERM && !err; i++) {
		perm[i].key = i;
		perm[i].check = ~i;
		err = kstate_register(&kgt_stress_kstate_type, i, &perm[i]);
	}
	run->until = jiffies + stress * HZ;
	for (i = 0; i <= STRESS_THREADS && !err; i++) {
		th[i].run = run;
		th[i].nr = i;
		init_completion(&run->done[i]);
		t = kthread_run(i < STRESS_THREADS ? stress_registrar : stress_saver,
				&th[i], "kgt-stress/%d", i);
		if (IS_ERR(t)) {
			atomic_inc(&run->errors);
			complete(&run->done[i]);
		}
	}
	for (i = 0; i <= STRESS_THREADS; i++)
		if (!err)
			wait_for_completion(&run->done[i]);
	for (i = 0; i < STRESS_PERM; i++)
		kstate_unregister(&kgt_stress_kstate_type, i);
	pr_info("stress: %d s, %d saves, %d registered, %d unregistered, %d stress objects seen, %d lost, %d twice, %d errors\n",
		stress, atomic_read(&run->saves), atomic_read(&run->regs),
		atomic_read(&run->unregs), atomic_read(&run->seen),
		atomic_read(&run->lost), atomic_read(&run->dup),
		atomic_read(&run->errors) + (err ? 1 : 0));
	kfree(run);
	return err;
}

static int __init kgt_init(void)
{
	u32 restored = 0, fresh = 0;
	struct dentry *dir = NULL;
	u64 t0, restore_ns = 0;
	int i, err;

	for (i = 0; i < NR_UNITS; i++) {
		struct kgt_unit *u = kzalloc_obj(*u);

		if (!u)
			return -ENOMEM;
		INIT_LIST_HEAD(&u->domains);
		units[i] = u;
		t0 = ktime_get_ns();
		err = kstate_restore(&kgt_unit_kstate_type, unit_key(i), u);
		restore_ns += ktime_get_ns() - t0;
		pr_info("restore kgt_unit[%llu] = %d\n", unit_key(i), err);
		if (!err) {
			restored++;
		} else {
			fresh++;
			err = unit_fresh(u, i);
			if (err)
				return err;
		}
		pr_info("pages kgt_unit[%llu] crc %08x\n", unit_key(i),
			pages_crc(u->pages));
		pr_info("mirror kgt_unit[%llu] %s\n", unit_key(i),
			u->mirror == u->pages ? "same pages" : "other pages");
		err = kstate_register(&kgt_unit_kstate_type, unit_key(i), u);
		if (err)
			return err;
	}
	for (i = 0; i < NR_DEVS; i++) {
		struct kgt_dev *dv;

		if (defer_devs && kstate_present(&kgt_dev_kstate_type, i)) {
			deferred[i] = kzalloc_obj(*deferred[i]);
			if (!deferred[i])
				return -ENOMEM;
			pr_info("restore kgt_dev[%d] deferred\n", i);
			continue;
		}
		dv = kzalloc_obj(*dv);
		if (!dv)
			return -ENOMEM;
		devs[i] = dv;
		t0 = ktime_get_ns();
		err = kstate_restore(&kgt_dev_kstate_type, i, dv);
		restore_ns += ktime_get_ns() - t0;
		pr_info("restore kgt_dev[%d] = %d\n", i, err);
		if (!err) {
			restored++;
		} else {
			fresh++;
			err = dev_fresh(dv, i);
			if (err)
				return err;
		}
		err = kstate_register(&kgt_dev_kstate_type, i, dv);
		if (err)
			return err;
		dev_registered[i] = true;
	}
	if (defer_devs || scale)
		dir = debugfs_create_dir("kstate-test", NULL);
	if (defer_devs)
		debugfs_create_file("restore_devs", 0200, dir, NULL,
				    &restore_devs_fops);
	if (scale) {
		debugfs_create_file("bulk_blob", 0200, dir, NULL,
				    &bulk_blob_fops);
		debugfs_create_file("bulk_reopen", 0200, dir, NULL,
				    &bulk_reopen_fops);
	}
	t0 = ktime_get_ns();
	err = kstate_restore(&kgt_feature_kstate_type, 1, &feature);
	restore_ns += ktime_get_ns() - t0;
	pr_info("restore kgt_feature[1] = %d\n", err);
	if (err) {
		feature.mode = 7;
#if GEN >= 2
		feature.secret = 0x5ec2e7;
#endif
	}
	err = 0;
	if (critical || GEN < 2)
		err = kstate_register(&kgt_feature_kstate_type, 1, &feature);
	pr_info("generation %d: %u objects restored, %u created, restore took %llu ns\n",
		GEN, restored, fresh, restore_ns);
	if (!err && stress)
		err = kgt_stress_init();
	if (!err && scale)
		err = kgt_bulk_init();
	if (!err)
		err = register_reboot_notifier(&kgt_reboot_nb);
	return err;
}
late_initcall(kgt_init);
