// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE writer, the set of objects to save: registered objects ordered by
 * (type, key) in an rbtree whose entries come from chunks, with fast paths
 * for the usual registration order (runs of one type, increasing keys).
 *
 * Built both into the kernel and, through tools/testing/kstate/, on the host.
 */
#define pr_fmt(fmt) "kstate: " fmt

#include "kstate_internal.h"

static int entry_cmp(const struct kstate_type *t1, u64 k1,
		     const struct kstate_type *t2, u64 k2)
{
	if (t1 != t2)
		return (unsigned long)t1 < (unsigned long)t2 ? -1 : 1;
	if (k1 != k2)
		return k1 < k2 ? -1 : 1;
	return 0;
}

/**
 * kstate_out_create() - create an empty set of objects to save
 *
 * Context: Process context.
 * Return: the set, or ERR_PTR(-ENOMEM).
 */
struct kstate_out *kstate_out_create(void)
{
	struct kstate_out *out = kzalloc_obj(*out);

	if (!out)
		return ERR_PTR(-ENOMEM);
	out->root = RB_ROOT;
	return out;
}
EXPORT_SYMBOL_GPL(kstate_out_create);

/**
 * kstate_out_destroy() - forget all registrations and free the set
 * @out: the set, or NULL. The registered objects are not touched.
 *
 * Context: Process context.
 */
void kstate_out_destroy(struct kstate_out *out)
{
	struct kstate_entry_chunk *ch;

	if (!out)
		return;
	while ((ch = out->chunks)) {
		out->chunks = ch->next;
		kvfree(ch);
	}
	kfree(out);
}
EXPORT_SYMBOL_GPL(kstate_out_destroy);

/* A new entry, from the free list or the newest chunk. */
static struct kstate_entry *entry_alloc(struct kstate_out *out)
{
	struct kstate_entry_chunk *ch = out->chunks;
	struct kstate_entry *e = out->free;
	unsigned int cap;

	if (e) {
		out->free = e->next_free;
		return e;
	}
	if (!ch || ch->used == ch->cap) {
		cap = ch ? min(2 * ch->cap, KSTATE_CHUNK_MAX) : KSTATE_CHUNK_MIN;
		ch = kvmalloc(struct_size(ch, e, cap), GFP_KERNEL);
		if (!ch)
			return NULL;
		ch->cap = cap;
		ch->used = 0;
		ch->next = out->chunks;
		out->chunks = ch;
	}
	return &ch->e[ch->used++];
}

/**
 * kstate_out_add() - register a live object to be saved
 * @out: the set
 * @type: the object's described type
 * @key: a key stable across kernels, unique within @type
 * @obj: the object; it must stay valid until removed or saved
 *
 * Context: Process context.
 * Return: 0; -EEXIST if @key is already registered for @type; -EINVAL for
 * a malformed descriptor or NULL object; -ENOMEM.
 */
int kstate_out_add(struct kstate_out *out, const struct kstate_type *type,
		   u64 key, void *obj)
{
	struct rb_node **link = &out->root.rb_node, *parent = NULL;
	struct kstate_entry *e;
	int err;

	if (!type || !obj)
		return -EINVAL;
	if (type != out->checked) {
		err = kstate_type_check(type);
		if (err)
			return err;
		out->checked = type;
	}
	if (out->last && entry_cmp(type, key, out->last->type, out->last->key) > 0) {
		/* beyond the greatest entry: its right child */
		parent = &out->last->node;
		link = &parent->rb_right;
	} else if (out->hint &&
		   entry_cmp(type, key, out->hint->type, out->hint->key) > 0) {
		/* the hint is not the last: it has a successor */
		struct rb_node *h = &out->hint->node, *next = rb_next(h);

		e = rb_entry(next, struct kstate_entry, node);
		if (entry_cmp(type, key, e->type, e->key) < 0) {
			/* between them: an empty child of one of the two */
			parent = h->rb_right ? next : h;
			link = h->rb_right ? &next->rb_left : &h->rb_right;
		}
	}
	while (*link) {
		int c;

		e = rb_entry(*link, struct kstate_entry, node);
		c = entry_cmp(type, key, e->type, e->key);
		if (!c) {
			pr_err("type %s key %llu: already registered\n",
			       type->name, (unsigned long long)key);
			return -EEXIST;
		}
		parent = *link;
		link = c < 0 ? &(*link)->rb_left : &(*link)->rb_right;
	}
	e = entry_alloc(out);
	if (!e)
		return -ENOMEM;
	e->type = type;
	e->key = key;
	e->obj = obj;
	rb_link_node(&e->node, parent, link);
	rb_insert_color(&e->node, &out->root);
	if (!out->last || link == &out->last->node.rb_right)
		out->last = e;
	out->hint = e;
	out->nr++;
	return 0;
}
EXPORT_SYMBOL_GPL(kstate_out_add);

/**
 * kstate_out_set_mem() - set the backend that preserves PAGES fields
 * @out: the set
 * @ops: the backend, or NULL (PAGES fields then refuse to save)
 *
 * Context: Process context.
 */
void kstate_out_set_mem(struct kstate_out *out, const struct kstate_mem_ops *ops)
{
	out->mem = ops;
}
EXPORT_SYMBOL_GPL(kstate_out_set_mem);

/* Take entry @e out of the set; it is reused by a later registration. */
static void entry_erase(struct kstate_out *out, struct kstate_entry *e)
{
	if (e == out->last)
		out->last = rb_entry_safe(rb_prev(&e->node),
					  struct kstate_entry, node);
	if (e == out->hint)
		out->hint = NULL;
	rb_erase(&e->node, &out->root);
	e->next_free = out->free;
	out->free = e;
	out->nr--;
}

/**
 * kstate_out_remove() - unregister an object
 * @out: the set
 * @type: the object's type
 * @key: its key
 *
 * Context: Process context.
 * Return: 0, or -ENOENT if nothing is registered under (@type, @key).
 */
int kstate_out_remove(struct kstate_out *out, const struct kstate_type *type,
		      u64 key)
{
	struct rb_node *n = out->root.rb_node;

	while (n) {
		struct kstate_entry *e = rb_entry(n, struct kstate_entry, node);
		int c = entry_cmp(type, key, e->type, e->key);

		if (!c) {
			entry_erase(out, e);
			return 0;
		}
		n = c < 0 ? n->rb_left : n->rb_right;
	}
	return -ENOENT;
}
EXPORT_SYMBOL_GPL(kstate_out_remove);

/**
 * kstate_out_forget_types() - drop what a set holds of types going away
 * @out: the set
 * @gone: true for a type going away (its module is being unloaded)
 * @arg: passed to @gone
 *
 * Removes the registrations of those types and forgets that a descriptor
 * at their address was checked, so that another type later allocated at
 * the same address is checked again.
 *
 * Context: Process context.
 * Return: the number of registrations removed.
 */
unsigned int kstate_out_forget_types(struct kstate_out *out,
				     bool (*gone)(const struct kstate_type *t,
						  void *arg),
				     void *arg)
{
	struct rb_node *n = rb_first(&out->root);
	unsigned int removed = 0;

	if (out->checked && gone(out->checked, arg))
		out->checked = NULL;
	while (n) {
		struct kstate_entry *e = rb_entry(n, struct kstate_entry, node);

		n = rb_next(n);
		if (gone(e->type, arg)) {
			entry_erase(out, e);
			removed++;
		}
	}
	return removed;
}
EXPORT_SYMBOL_GPL(kstate_out_forget_types);
