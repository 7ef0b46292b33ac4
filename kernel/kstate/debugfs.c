// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE debugfs interface, /sys/kernel/debug/kstate/:
 *
 *   schema          this kernel's type catalog
 *   outgoing        what a save would hand over now, decoded
 *   incoming        what arrived, decoded, with each object's restore status
 *   blob            the raw incoming blob
 *   stats           sizes and times of the last handover, both sides
 *   finish          writing anything releases the incoming blob
 *   corrupt_next_save (test builds only) damage what the next kexec save
 *                   hands over: 1 the stream, 2 the envelope
 *   save_and_undo   (test builds only) writing runs a kexec save and undoes
 *                   it; the write fails with the save's error
 *   fail_kho/       fault injection at the save's KHO calls
 *                   (Documentation/fault-injection/)
 *
 * Text files are generated when opened, so a reader sees one consistent
 * snapshot. The format is described in Documentation/core-api/kstate.rst.
 */
#include <linux/debugfs.h>
#include <linux/fault-inject.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/mutex.h>

#include "kstate_internal.h"
#include "kstate_kho.h"

static int fill_schema(struct kstate_buf *o)
{
	return kstate_dump_schema(o);
}

static int fill_outgoing(struct kstate_buf *o)
{
	return kstate_dump_outgoing(o);
}

static int fill_incoming(struct kstate_buf *o)
{
	int err = kstate_dump_incoming(o, false);

	if (err == -ENOENT)
		return kstate_buf_printf(o, "# no incoming state\n");
	return err;
}

static int fill_blob(struct kstate_buf *o)
{
	int err = kstate_dump_incoming(o, true);

	return err == -ENOENT ? 0 : err;
}

static int fill_stats(struct kstate_buf *o)
{
	const struct kstate_kho_stats *s = &kstate_kho_stats;

	return kstate_buf_printf(o,
				 "save_ns %llu\nout_bytes %zu\nout_objects %u\nout_types %u\nprev_save_ns %llu\nin_bytes %llu\nopen_ns %llu\nin_err %d\n",
				 s->save_ns, s->out_bytes, s->out_objects,
				 s->out_types, s->prev_save_ns, s->in_bytes,
				 s->open_ns, s->in_err);
}

static int dump_open(struct inode *inode, struct file *file)
{
	int (*fill)(struct kstate_buf *o) = inode->i_private;
	struct kstate_buf *b = kzalloc_obj(*b);
	int err;

	if (!b)
		return -ENOMEM;
	err = fill(b);
	if (err) {
		kstate_buf_free(b);
		kfree(b);
		return err;
	}
	file->private_data = b;
	return 0;
}

static ssize_t dump_read(struct file *file, char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	struct kstate_buf *b = file->private_data;

	return simple_read_from_buffer(ubuf, count, ppos, b->p, b->len);
}

static int dump_release(struct inode *inode, struct file *file)
{
	struct kstate_buf *b = file->private_data;

	kstate_buf_free(b);
	kfree(b);
	return 0;
}

static const struct file_operations dump_fops = {
	.owner = THIS_MODULE,
	.open = dump_open,
	.read = dump_read,
	.release = dump_release,
	.llseek = default_llseek,
};

static ssize_t finish_write(struct file *file, const char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	kstate_finish();
	return count;
}

static const struct file_operations finish_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = finish_write,
	.llseek = noop_llseek,
};

/**
 * kstate_debugfs_root() - the kstate directory of debugfs
 *
 * For the adopters' own files (``kstate/pci/``, ...). Created on first use.
 *
 * Context: Process context, from initcalls.
 * Return: the directory's dentry, or an error pointer as debugfs gives it
 * (which the debugfs calls accept and ignore).
 */
struct dentry *kstate_debugfs_root(void)
{
	static struct dentry *root;
	static DEFINE_MUTEX(lock);

	guard(mutex)(&lock);
	if (!root)
		root = debugfs_create_dir("kstate", NULL);
	return root;
}
EXPORT_SYMBOL_GPL(kstate_debugfs_root);

static ssize_t save_test_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	int err = kstate_kho_save_test();

	return err ?: count;
}

static const struct file_operations save_test_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = save_test_write,
	.llseek = noop_llseek,
};

static int __init kstate_debugfs_init(void)
{
	struct dentry *dir = kstate_debugfs_root();

	debugfs_create_file("schema", 0400, dir, fill_schema, &dump_fops);
	debugfs_create_file("outgoing", 0400, dir, fill_outgoing, &dump_fops);
	debugfs_create_file("incoming", 0400, dir, fill_incoming, &dump_fops);
	debugfs_create_file("blob", 0400, dir, fill_blob, &dump_fops);
	debugfs_create_file("stats", 0400, dir, fill_stats, &dump_fops);
	debugfs_create_file("finish", 0200, dir, NULL, &finish_fops);
	if (IS_ENABLED(CONFIG_KSTATE_GEN_TEST)) {
		debugfs_create_u32("corrupt_next_save", 0600, dir,
				   &kstate_kho_corrupt_next_save);
		debugfs_create_file("save_and_undo", 0200, dir, NULL,
				    &save_test_fops);
	}
	fault_create_debugfs_attr("fail_kho", dir, &kstate_fail_kho);
	return 0;
}
late_initcall(kstate_debugfs_init);
