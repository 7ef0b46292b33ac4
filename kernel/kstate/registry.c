// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE global registry: the objects this kernel will hand over, and the
 * blob the previous kernel handed over. Thin, locked wrappers around one
 * &struct kstate_out and one &struct kstate_in; the handover backend feeds
 * the incoming blob with kstate_set_incoming() and saves with kstate_save().
 */
#define pr_fmt(fmt) "kstate: " fmt

#include <linux/cleanup.h>
#include <linux/module.h>
#include <linux/mutex.h>

#include "kstate_internal.h"

/*
 * Protects the outgoing set and the incoming state below (and everything
 * they point to), and the memory ops. The handover backend's own lock,
 * when it saves, is taken before this one.
 */
static DEFINE_MUTEX(kstate_lock);
static struct kstate_out *kstate_outgoing;
static struct kstate_in *kstate_incoming;
static void *kstate_incoming_blob;
static void (*kstate_incoming_release)(void *blob);
static size_t kstate_incoming_size;
static const struct kstate_mem_ops *kstate_dry;

static struct kstate_out *outgoing(void)
{
	struct kstate_out *out;

	lockdep_assert_held(&kstate_lock);
	if (kstate_outgoing)
		return kstate_outgoing;
	out = kstate_out_create();
	if (IS_ERR(out))
		return out;
	kstate_outgoing = out;
	return out;
}

/**
 * kstate_set_dry_ops() - set how snapshots record preserved memory
 * @dry: a backend that only tells where pages are, preserving nothing, or
 *	NULL
 *
 * The outgoing objects' pages are preserved only by the handover's own
 * save, kstate_save_with(); snapshots (kstate_save(), the outgoing dump)
 * record where they are with @dry.
 *
 * Context: Process context; takes a mutex.
 */
void kstate_set_dry_ops(const struct kstate_mem_ops *dry)
{
	guard(mutex)(&kstate_lock);
	kstate_dry = dry;
}

/**
 * kstate_register() - register a live object to hand over at live update
 * @type: the object's described type
 * @key: a key stable across kernels, unique within @type (a PCI device's
 *	segment/bus/devfn, an IOMMU's register base, ...)
 * @obj: the object; it must stay valid until unregistered
 *
 * Context: Process context; takes a mutex.
 * Return: 0, -EEXIST if @key is registered for @type, -EINVAL, -ENOMEM.
 */
int kstate_register(const struct kstate_type *type, u64 key, void *obj)
{
	struct kstate_out *out;

	guard(mutex)(&kstate_lock);
	out = outgoing();
	if (IS_ERR(out))
		return PTR_ERR(out);
	return kstate_out_add(out, type, key, obj);
}
EXPORT_SYMBOL_GPL(kstate_register);

/**
 * kstate_register_group() - register several objects of one type at once
 * @type: their described type
 * @keys: their keys
 * @objs: the objects, in the order of @keys
 * @nr: how many
 *
 * All or nothing: on failure, none of them stays registered.
 *
 * Context: Process context; takes a mutex.
 * Return: 0, or the first error of kstate_register().
 */
int kstate_register_group(const struct kstate_type *type, const u64 *keys,
			  void *const *objs, unsigned int nr)
{
	struct kstate_out *out;
	unsigned int i;
	int err;

	guard(mutex)(&kstate_lock);
	out = outgoing();
	if (IS_ERR(out))
		return PTR_ERR(out);
	for (i = 0; i < nr; i++) {
		err = kstate_out_add(out, type, keys[i], objs[i]);
		if (err) {
			while (i--)
				kstate_out_remove(out, type, keys[i]);
			return err;
		}
	}
	return 0;
}
EXPORT_SYMBOL_GPL(kstate_register_group);

/**
 * kstate_unregister() - stop handing an object over
 * @type: the object's type
 * @key: its key
 *
 * Context: Process context; takes a mutex.
 * Return: 0, or -ENOENT if nothing is registered under (@type, @key).
 */
int kstate_unregister(const struct kstate_type *type, u64 key)
{
	guard(mutex)(&kstate_lock);
	if (!kstate_outgoing)
		return -ENOENT;
	return kstate_out_remove(kstate_outgoing, type, key);
}
EXPORT_SYMBOL_GPL(kstate_unregister);

/**
 * kstate_save_with() - save every registered object, preserving pages
 * @mem: the backend that preserves PAGES fields' pages, or NULL
 * @blob: on success, the blob (free with kvfree())
 * @size: on success, its size
 *
 * For the handover backend on the kexec path, under its own lock, which
 * also undoes what @mem preserved if the handover does not happen; and for
 * the outgoing dump, with a backend that preserves nothing.
 *
 * Context: Process context; takes the registry mutex, under which the
 * types' pre_save hooks run: they must not call back into KSTATE.
 * Return: as kstate_out_save(); -ENOMEM if the registry cannot exist.
 */
int kstate_save_with(const struct kstate_mem_ops *mem, void **blob,
		     size_t *size)
{
	struct kstate_out *out;
	int err;

	guard(mutex)(&kstate_lock);
	out = outgoing();
	if (IS_ERR(out))
		return PTR_ERR(out);
	kstate_out_set_mem(out, mem);
	err = kstate_out_save(out, blob, size);
	kstate_out_set_mem(out, NULL);
	return err;
}

/**
 * kstate_save() - save every registered object into a new blob
 * @blob: on success, the blob (free with kvfree())
 * @size: on success, its size
 *
 * A snapshot for inspection and tests: no memory is preserved. PAGES
 * fields record where their pages are if the handover backend can tell
 * (such a blob cannot hand them over); without a backend, an object with
 * pages refuses (-EOPNOTSUPP). Only the handover saves with the backend
 * that preserves pages.
 *
 * Context: Process context; takes a mutex.
 * Return: as kstate_out_save().
 */
int kstate_save(void **blob, size_t *size)
{
	const struct kstate_mem_ops *dry;

	mutex_lock(&kstate_lock);
	dry = kstate_dry;
	mutex_unlock(&kstate_lock);
	return kstate_save_with(dry, blob, size);
}
EXPORT_SYMBOL_GPL(kstate_save);

/**
 * kstate_set_incoming() - make a blob from the previous kernel restorable
 * @blob: the blob; kept until kstate_finish()
 * @size: its size
 * @mem: the backend that handed it over and takes its preserved pages
 *	back, or NULL (PAGES fields with pages then fail to restore)
 * @release: called on @blob by kstate_finish(), or NULL
 *
 * Context: Process context; takes a mutex.
 * Return: 0; -EBUSY if a blob is already set; an error of kstate_in_open(),
 * in which case @blob is not kept (and @release is not called).
 */
int kstate_set_incoming(void *blob, size_t size,
			const struct kstate_mem_ops *mem,
			void (*release)(void *blob))
{
	struct kstate_in *in;

	guard(mutex)(&kstate_lock);
	if (kstate_incoming)
		return -EBUSY;
	in = kstate_in_open(blob, size);
	if (IS_ERR(in))
		return PTR_ERR(in);
	kstate_in_set_mem(in, mem);
	kstate_incoming = in;
	kstate_incoming_blob = blob;
	kstate_incoming_size = size;
	kstate_incoming_release = release;
	return 0;
}

/**
 * kstate_restore() - restore an object handed over by the previous kernel
 * @type: the reader's type of the object
 * @key: the key the previous kernel registered it under
 * @obj: the object to fill in
 *
 * See kstate_in_restore() for the conversion and failure rules.
 *
 * Context: Process context; takes the registry mutex, under which the
 * type's post_restore hooks run: they must not call back into KSTATE.
 * Return: 0; -ENOENT if nothing was handed over under (@type, @key), or
 * nothing at all; the errors of kstate_in_restore().
 */
int kstate_restore(const struct kstate_type *type, u64 key, void *obj)
{
	guard(mutex)(&kstate_lock);
	if (!kstate_incoming)
		return -ENOENT;
	return kstate_in_restore(kstate_incoming, type, key, obj);
}
EXPORT_SYMBOL_GPL(kstate_restore);

/**
 * kstate_release() - forget a restored object its owner is freeing
 * @type: the reader's type of the object
 * @key: its key
 *
 * Call it before freeing an object restored with kstate_restore() (and
 * the objects allocated for it) while the handover is still open; see
 * kstate_in_release().
 *
 * Context: Process context; takes a mutex.
 * Return: 0, -ENOENT if there is no such object (or no incoming state),
 * or the errors of kstate_in_release().
 */
int kstate_release(const struct kstate_type *type, u64 key)
{
	guard(mutex)(&kstate_lock);
	if (!kstate_incoming)
		return -ENOENT;
	return kstate_in_release(kstate_incoming, type, key);
}
EXPORT_SYMBOL_GPL(kstate_release);

/**
 * kstate_present() - was an object handed over under this type and key?
 * @type: the type
 * @key: the key
 *
 * Context: Process context; takes a mutex.
 * Return: true if kstate_restore() would find it.
 */
bool kstate_present(const struct kstate_type *type, u64 key)
{
	guard(mutex)(&kstate_lock);
	return kstate_incoming && kstate_in_present(kstate_incoming, type, key);
}
EXPORT_SYMBOL_GPL(kstate_present);

/**
 * kstate_for_each() - iterate over the handed-over keys of a type
 * @type: the type
 * @fn: called with each key in increasing order, under the registry mutex
 *	(it must not call back into KSTATE); non-zero stops
 * @arg: passed to @fn
 *
 * Context: Process context; takes a mutex.
 * Return: 0, or the first non-zero return of @fn.
 */
int kstate_for_each(const struct kstate_type *type,
		    int (*fn)(u64 key, void *arg), void *arg)
{
	guard(mutex)(&kstate_lock);
	if (!kstate_incoming)
		return 0;
	return kstate_in_for_each(kstate_incoming, type, fn, arg);
}
EXPORT_SYMBOL_GPL(kstate_for_each);

/**
 * kstate_finish() - release the incoming blob
 *
 * Called once every user had its chance to restore. Objects restored stay
 * as they are; what was not restored is dropped.
 *
 * Context: Process context; takes a mutex.
 */
void kstate_finish(void)
{
	guard(mutex)(&kstate_lock);
	kstate_in_close(kstate_incoming);
	if (kstate_incoming && kstate_incoming_release)
		kstate_incoming_release(kstate_incoming_blob);
	kstate_incoming = NULL;
	kstate_incoming_blob = NULL;
	kstate_incoming_release = NULL;
	kstate_incoming_size = 0;
}
EXPORT_SYMBOL_GPL(kstate_finish);

/**
 * kstate_dump_schema() - this kernel's type catalog, as text
 * @o: the text is appended here
 *
 * The types of the registered objects and the types reachable from them.
 *
 * Context: Process context; takes a mutex.
 * Return: 0 or -ENOMEM.
 */
int kstate_dump_schema(struct kstate_buf *o)
{
	guard(mutex)(&kstate_lock);
	if (!kstate_outgoing)
		return 0;
	return kstate_out_dump_schema(kstate_outgoing, o);
}

/**
 * kstate_dump_outgoing() - what a save would hand over now, decoded
 * @o: the text is appended here
 *
 * Saves the registered objects into a temporary blob as kstate_save()
 * does (their pre_save hooks run, nothing is preserved) and decodes it as
 * kstate_dump_blob() does.
 *
 * Context: Process context; takes a mutex.
 * Return: 0, or the error of the save or of the decoding.
 */
int kstate_dump_outgoing(struct kstate_buf *o)
{
	struct kstate_blob b;
	size_t size;
	void *blob;
	int err;

	err = kstate_save(&blob, &size);
	if (err)
		return err;
	err = kstate_blob_open(&b, blob, size);
	if (!err) {
		err = kstate_dump_blob(&b, NULL, o);
		kstate_blob_release(&b);
	}
	kvfree(blob);
	return err;
}

/**
 * kstate_dump_incoming() - the incoming blob decoded, with restore status
 * @o: the text is appended here
 * @raw: append the blob's raw bytes instead of text
 *
 * Context: Process context; takes a mutex.
 * Return: 0; -ENOENT if there is no incoming blob; -ENOMEM.
 */
int kstate_dump_incoming(struct kstate_buf *o, bool raw)
{
	struct kstate_in_stats st;
	long off;
	int err;

	guard(mutex)(&kstate_lock);
	if (!kstate_incoming)
		return -ENOENT;
	if (raw) {
		off = kstate_buf_add(o, kstate_incoming_size, 1);
		if (off < 0)
			return off;
		memcpy(o->p + off, kstate_incoming_blob, kstate_incoming_size);
		return 0;
	}
	kstate_in_get_stats(kstate_incoming, &st);
	err = kstate_buf_printf(o, "# %u types, %u objects, %u keyed: ",
				st.nr_types, st.nr_objects, st.nr_keyed);
	if (!err)
		err = kstate_buf_printf(o, "%u restored, %u failed, %u types converted\n",
					st.restored, st.failed, st.converted);
	if (err)
		return err;
	return kstate_in_dump(kstate_incoming, o);
}

#ifdef CONFIG_MODULES
static bool kstate_type_of_module(const struct kstate_type *t, void *mod)
{
	return t->owner == mod;
}

/*
 * A module going away takes with it the registrations of the types it owns
 * (defines, see &kstate_type.owner), and nothing of the incoming state
 * keeps pointing at its types or at objects restored as them: the caches
 * keyed by type pointers would otherwise serve another type allocated at
 * the same address later. Objects a module registered under a type defined
 * elsewhere are its own to unregister, in its exit path.
 */
static int kstate_module_notify(struct notifier_block *nb,
				unsigned long action, void *data)
{
	struct module *mod = data;
	unsigned int n = 0;

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	guard(mutex)(&kstate_lock);
	if (kstate_outgoing)
		n = kstate_out_forget_types(kstate_outgoing,
					    kstate_type_of_module, mod);
	if (kstate_incoming)
		kstate_in_forget_types(kstate_incoming, kstate_type_of_module,
				       mod);
	if (n)
		pr_info("module %s: %u registrations dropped\n", mod->name, n);
	return NOTIFY_OK;
}

static struct notifier_block kstate_module_nb = {
	.notifier_call = kstate_module_notify,
};

static int __init kstate_registry_init(void)
{
	return register_module_notifier(&kstate_module_nb);
}
core_initcall(kstate_registry_init);
#endif
