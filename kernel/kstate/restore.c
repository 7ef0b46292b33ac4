// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE reader, the restore: serve restores by key from a validated blob.
 *
 * An object is decoded into a scratch copy, following the plan of its type;
 * only when everything succeeded are the described members copied into the
 * caller's object. Objects reached through pointers and lists are allocated,
 * shared through a per-blob memo (so shared and cyclic references come back
 * shared and cyclic) and freed again if the restore fails.
 *
 * Built both into the kernel and, through tools/testing/kstate/, on the host.
 */
#define pr_fmt(fmt) "kstate: " fmt

#include "kstate_internal.h"

/**
 * kstate_in_open() - validate an incoming blob and prepare to restore from it
 * @blob: the blob; it must stay valid and unchanged until kstate_in_close()
 * @size: bytes available at @blob
 *
 * Context: Process context.
 * Return: the incoming state, or ERR_PTR() of an error of kstate_blob_open().
 */
struct kstate_in *kstate_in_open(const void *blob, size_t size)
{
	struct kstate_in *in = kzalloc_obj(*in);
	int err;

	if (!in)
		return ERR_PTR(-ENOMEM);
	err = kstate_blob_open(&in->b, blob, size);
	if (err) {
		kfree(in);
		return ERR_PTR(err);
	}
	in->plans = kvcalloc(in->b.nr_types ?: 1, sizeof(*in->plans), GFP_KERNEL);
	in->slots = kvcalloc(in->b.nr_objects ?: 1, sizeof(*in->slots), GFP_KERNEL);
	in->status = kvcalloc(in->b.nr_keyed ?: 1, sizeof(*in->status), GFP_KERNEL);
	if (!in->plans || !in->slots || !in->status) {
		kstate_in_close(in);
		return ERR_PTR(-ENOMEM);
	}
	in->stats.nr_types = in->b.nr_types;
	in->stats.nr_objects = in->b.nr_objects;
	in->stats.nr_keyed = in->b.nr_keyed;
	return in;
}
EXPORT_SYMBOL_GPL(kstate_in_open);

/**
 * kstate_in_set_mem() - set the backend that hands preserved pages back
 * @in: the incoming state
 * @ops: the backend, or NULL (PAGES fields with pages then fail to restore)
 *
 * Context: Process context.
 */
void kstate_in_set_mem(struct kstate_in *in, const struct kstate_mem_ops *ops)
{
	in->mem = ops;
}
EXPORT_SYMBOL_GPL(kstate_in_set_mem);

static void release_taken_pages(u64 phys, u32 order, void *arg)
{
	const struct kstate_mem_ops *mem = arg;
	struct page *page = mem->restore(phys, order);

	if (page)
		mem->release(page, order);
}

/*
 * The preserved pages of objects nobody restored stay reserved for good
 * unless they are taken back: take them back and free them, as LUO's
 * memfd handler does at finish. (A failed restore already gave back what
 * it took.)
 */
static void release_unclaimed(struct kstate_in *in)
{
	u32 id;

	if (!in->mem || !in->mem->restore || !in->mem->release || !in->slots)
		return;
	for (id = 0; id < in->b.nr_objects; id++)
		if (!in->slots[id].done)
			kstate_blob_walk_pages(&in->b, id, release_taken_pages,
					       (void *)in->mem);
}

/**
 * kstate_in_close() - release an incoming blob's bookkeeping
 * @in: the incoming state, or NULL
 *
 * Restored objects, and what was allocated for them, belong to their users
 * and are not touched. The preserved pages of the objects nobody restored
 * are taken back and released, if the backend can (&kstate_mem_ops). The
 * blob's memory is not freed.
 *
 * Context: Process context.
 */
void kstate_in_close(struct kstate_in *in)
{
	struct kstate_fixup *fx;
	u32 i;

	if (!in)
		return;
	release_unclaimed(in);
	kstate_plans_free(in);
	for (i = 0; in->waiting && i < in->b.nr_keyed; i++) {
		while ((fx = in->waiting[i])) {
			in->waiting[i] = fx->next;
			kfree(fx);
		}
	}
	kvfree(in->waiting);
	kvfree(in->slots);
	kvfree(in->status);
	kfree(in->scratch);
	kvfree(in->spare.allocs);
	kvfree(in->spare.queue);
	kvfree(in->spare.heads);
	kstate_blob_release(&in->b);
	kfree(in);
}
EXPORT_SYMBOL_GPL(kstate_in_close);

/* An xarray entry decoded, stored when the restore commits. */
struct dec_xa_ent {
	unsigned long index;
	void *entry;
};

/**
 * struct dec_xa - an xarray member to build when the restore commits
 * @xa: the member, in scratch or in its final place.
 * @f: its field.
 * @first: index of its first entry in &dec_ctx.xents.
 * @nr: number of its entries.
 * @saved: the bytes of the member in its final place before it was built.
 */
struct dec_xa {
	struct xarray *xa;
	const struct kstate_field *f;
	u32 first;
	u32 nr;
	struct xarray saved;
};

/* An object an earlier restore made, linked into a list through @node. */
struct dec_link {
	u32 id;
	u32 node;
	bool hlist;
};

/* A list or hlist head built inside scratch, relinked at its final place. */
struct dec_head {
	void *head;
	bool hlist;
};

/*
 * An anonymous object restored in place (KSTATE_REUSE): the pointee the
 * restored object already had, decoded into @scratch and committed like
 * the restored object itself.
 */
struct dec_region {
	u8 *scratch;
	void *final;
	size_t len;
	u32 flex_cap;
	u32 id;
	const struct kstate_plan *plan;
};

/* A custom member whose restore ran, undone if the restore fails. */
struct dec_custom_done {
	const struct kstate_field *f;
	void *obj;
};

/* Preserved pages a restore took back from the backend. */
struct dec_page {
	struct page *page;
	u32 order;
};

/* One restore call: what it allocated and linked, to commit or undo. */
struct dec_ctx {
	struct kstate_in *in;
	const struct kstate_type *type;
	const struct kstate_plan *plan;	/* of the keyed object */
	u64 key;
	u32 id;
	u8 *scratch;
	size_t scratch_len;	/* the object, flexible array included */
	u32 flex_cap;		/* elements its flexible array has room for */
	void *final;
	struct dec_region *reuse;	/* pointees restored in place */
	u32 nr_reuse;
	u32 cap_reuse;
	void **allocs;		/* objects and arrays allocated */
	u32 nr_allocs;
	u32 cap_allocs;
	u32 *queue;		/* anonymous objects still to decode */
	u32 nr_queue;
	u32 cap_queue;
	struct dec_head *heads;	/* list heads built inside scratch */
	u32 nr_heads;
	u32 cap_heads;
	struct dec_link *foreign;	/* earlier restores' objects in lists */
	u32 nr_foreign;
	u32 cap_foreign;
	struct dec_custom_done *customs;	/* custom members to undo */
	u32 nr_customs;
	u32 cap_customs;
	struct dec_page *pages;	/* pages taken back, released on undo */
	u32 nr_pages;
	u32 cap_pages;
	struct kstate_fixup *fixups;	/* new pointers to unrestored keyed objects */
	struct dec_xa *xas;	/* xarrays to build once all is decoded */
	u32 nr_xas;
	u32 cap_xas;
	struct dec_xa_ent *xents;	/* their entries */
	u32 nr_xents;
	u32 cap_xents;
	u64 budget;		/* tail bytes the record may still reference */
	int depth;		/* variable arrays nested in variable arrays */
};

#define dec_err(c, f, fmt, ...) ({					\
	const struct dec_ctx *__c = (c);				\
									\
	pr_err("type %s key %llu field %s: " fmt "\n", __c->type->name,	\
	       (unsigned long long)__c->key, (f)->name, ##__VA_ARGS__);	\
})

/* The reused pointee whose scratch copy @dst is in, or NULL. */
static struct dec_region *dec_region(const struct dec_ctx *c, const u8 *dst)
{
	u32 i;

	for (i = 0; i < c->nr_reuse; i++)
		if (dst >= c->reuse[i].scratch &&
		    dst < c->reuse[i].scratch + c->reuse[i].len)
			return &c->reuse[i];
	return NULL;
}

/*
 * Is @dst inside a scratch copy of an object restored in place: the
 * restored object itself, or a pointee it had (KSTATE_REUSE)? A member the
 * writer lacks (KSTATE_KEEP) or did not save for this object
 * (KSTATE_SAVE_IF()) is left as it is only there: an object the restore
 * allocates, or an element of an array it allocates, is zeroed memory
 * whose lists, xarrays and custom members need their defaults.
 */
static bool in_scratch(const struct dec_ctx *c, const u8 *dst)
{
	return (dst >= c->scratch && dst < c->scratch + c->scratch_len) ||
	       (unlikely(c->nr_reuse) && dec_region(c, dst));
}

/*
 * Room for the flexible array of the structure at @dst: what the object
 * restored in place had; an object the restore allocated was sized for
 * the @n elements of its record.
 */
static u32 flex_room(const struct dec_ctx *c, const u8 *dst, u32 n)
{
	const struct dec_region *r;

	if (dst >= c->scratch && dst < c->scratch + c->scratch_len)
		return c->flex_cap;
	r = unlikely(c->nr_reuse) ? dec_region(c, dst) : NULL;
	return r ? r->flex_cap : n;
}

static void *dec_alloc(struct dec_ctx *c, size_t n, size_t size)
{
	void *p;

	if (kstate_grow_array((void **)&c->allocs, &c->cap_allocs,
			      c->nr_allocs + 1, sizeof(*c->allocs)))
		return NULL;
	p = kcalloc(n, size, GFP_KERNEL | __GFP_NOWARN);
	if (p)
		c->allocs[c->nr_allocs++] = p;
	return p;
}

/*
 * Check that [off, off + n * elem) lies in the record of length @len and
 * charge it to the record's budget: overlapping references cannot make a
 * record decode into more than it holds, and an empty element cannot be
 * repeated for free.
 */
static int dec_span(struct dec_ctx *c, const struct kstate_field *f, u32 len,
		    u64 off, u64 n, u64 elem)
{
	if (n > KSTATE_MAX_ELEMS || (n && !elem) || off > len ||
	    n * elem > len - off || n * elem > c->budget) {
		dec_err(c, f, "%llu elements at %llu overrun the record",
			(unsigned long long)n, (unsigned long long)off);
		return -EINVAL;
	}
	c->budget -= n * elem;
	return 0;
}

/* Size of one element of the flexible array member @f. */
static size_t flex_esize(const struct kstate_field *f)
{
	return f->type ? f->type->size : f->size;
}

/*
 * The room of the flexible array @f of @obj, an object restored in place:
 * the length it has now (a pre_restore hook may set it), for a restore
 * never grows an object it did not allocate.
 */
static int flex_cap_of(struct dec_ctx *c, const struct kstate_field *f,
		       const void *obj, u32 *cap)
{
	u64 n = f->aux_size ? kstate_get_int((const u8 *)obj + f->aux,
					     f->aux_size, false) :
			      f->flex_len(obj);

	if (n > KSTATE_MAX_ELEMS) {
		dec_err(c, f, "room for %llu elements", (unsigned long long)n);
		return -EOVERFLOW;
	}
	*cap = n;
	return 0;
}

/*
 * Is op @op's field absent from the record whose copy of it is at @src:
 * the writer had no such field, or saved it for some objects only and not
 * for this one (its presence byte, before it, is 0)?
 */
static bool op_absent(const struct kstate_op *op, const u8 *src)
{
	return op->op == OP_DEFAULT ||
	       (op->op == OP_COND && !src[-1]);
}

/*
 * The size to allocate for anonymous object @id of writer type @stype,
 * referenced by field @f: its type's, with room for the elements of its
 * flexible array that the record holds.
 */
static long obj_size(struct dec_ctx *c, const struct kstate_field *f, u32 id,
		     u32 stype)
{
	const struct kstate_type *type = f->type;
	const struct kstate_plan *plan = kstate_plan_get(c->in, stype, type);
	const struct kstate_op *op;
	const u8 *src;
	u32 n, elem;

	if (IS_ERR(plan) || plan->err || likely(!plan->flex))
		return type->size;	/* a bad plan fails the decode */
	op = plan->flex_op;
	src = kstate_blob_rec(&c->in->b, id) + op->soff;
	if (op_absent(op, src))
		return type->size;
	n = get_unaligned_le32(src + 4);
	elem = plan->flex->type ? c->in->b.fixed[op->stype] : op->ssize;
	if (n > KSTATE_MAX_ELEMS || (n && !elem) ||
	    (u64)n * elem > kstate_blob_rec_len(&c->in->b, id)) {
		dec_err(c, f, "object %u: %u elements overrun its record", id, n);
		return -EINVAL;
	}
	return type->size + (size_t)n * flex_esize(plan->flex);
}

static u32 writer_version(const struct kstate_in *in, u32 id);

/*
 * Restore anonymous object @id of writer type @stype into @obj, the pointee
 * the restored object already has (KSTATE_REUSE): its pre_restore hook
 * runs on it, then it is decoded into a scratch copy, committed with the
 * restored object.
 */
static int dec_reuse(struct dec_ctx *c, const struct kstate_field *f, u32 id,
		     u32 stype, void *obj)
{
	struct kstate_plan *plan = kstate_plan_get(c->in, stype, f->type);
	struct dec_region *r;
	int err;

	if (IS_ERR(plan))
		return PTR_ERR(plan);
	if (plan->err)
		return plan->err;
	if (kstate_grow_array((void **)&c->reuse, &c->cap_reuse,
			      c->nr_reuse + 1, sizeof(*c->reuse)))
		return -ENOMEM;
	if (plan->pre_restore) {
		err = plan->pre_restore(obj, writer_version(c->in, id));
		if (err) {
			dec_err(c, f, "pre_restore of the pointee refused: %pe",
				ERR_PTR(err));
			return err;
		}
	}
	r = &c->reuse[c->nr_reuse];
	*r = (struct dec_region){ .final = obj, .len = f->type->size,
				  .id = id, .plan = plan };
	if (plan->flex) {
		err = flex_cap_of(c, plan->flex, obj, &r->flex_cap);
		if (err)
			return err;
		r->len = max_t(size_t, r->len, plan->flex->offset +
			       (size_t)r->flex_cap * flex_esize(plan->flex));
	}
	r->scratch = kmemdup(obj, r->len, GFP_KERNEL);
	if (!r->scratch)
		return -ENOMEM;
	c->nr_reuse++;
	return 0;
}

/*
 * Where the object @wire (a reference as on the wire) lives in this kernel,
 * for a member of reader type @type at @slot. Anonymous objects are allocated
 * (or are @had, the pointee the member had, KSTATE_REUSE) and queued on
 * first sight; keyed ones are either restored already, the object being
 * restored, or patched in when they are restored later.
 */
static __always_inline int __dec_ref(struct dec_ctx *c,
				     const struct kstate_field *f, u32 wire,
				     u32 stype, void **slot, void **objp,
				     void *had)
{
	struct kstate_in *in = c->in;
	const struct kstate_type *type = f->type;
	struct kstate_slot *s;
	struct kstate_fixup *fx;
	long size;
	u32 id;

	*objp = NULL;
	if (!wire)
		return 0;
	id = wire - 1;
	if (id >= in->b.nr_objects || kstate_blob_obj_type(&in->b, id) != stype) {
		dec_err(c, f, "bad object reference %u", wire);
		return -EINVAL;
	}
	s = &in->slots[id];
	if (s->obj) {
		if (s->type != type) {
			dec_err(c, f, "object %u already restored as type %s",
				id, s->type->name);
			return -EINVAL;
		}
		*objp = s->obj;
		return 0;
	}
	if (id < in->b.nr_keyed) {
		if (!in->waiting) {
			in->waiting = kvcalloc(in->b.nr_keyed, sizeof(*in->waiting),
					       GFP_KERNEL);
			if (!in->waiting)
				return -ENOMEM;
		}
		fx = kzalloc_obj(*fx);
		if (!fx)
			return -ENOMEM;
		fx->slot = slot;
		fx->type = type;
		fx->id = id;
		fx->owner = c->id;
		fx->next = c->fixups;
		c->fixups = fx;
		return 0;
	}
	if (kstate_grow_array((void **)&c->queue, &c->cap_queue,
			      c->nr_queue + 1, sizeof(*c->queue)))
		return -ENOMEM;
	if (had) {
		int err = dec_reuse(c, f, id, stype, had);

		if (err)
			return err;
		s->obj = had;
		s->type = type;
		s->owner = c->id;
		c->queue[c->nr_queue++] = id;
		*objp = had;
		return 0;
	}
	size = likely(!type->flex) ? type->size : obj_size(c, f, id, stype);
	if (size < 0)
		return size;
	s->obj = dec_alloc(c, 1, size);
	if (!s->obj)
		return -ENOMEM;
	s->type = type;
	s->owner = c->id;
	c->queue[c->nr_queue++] = id;
	*objp = s->obj;
	return 0;
}

static int dec_ref(struct dec_ctx *c, const struct kstate_field *f, u32 wire,
		   u32 stype, void **slot, void **objp)
{
	return __dec_ref(c, f, wire, stype, slot, objp, NULL);
}

static int dec_fields(struct dec_ctx *c, const struct kstate_plan *plan,
		      const u8 *rec, u32 len, u32 foff, u8 *dst);

static int dec_int(struct dec_ctx *c, const struct kstate_op *op,
		   const u8 *src, u8 *dst)
{
	u64 v = kstate_get_le(src, op->ssize);
	bool ssign = op->flags & OPF_SSIGN;

	if (ssign)
		v = kstate_sext(v, op->ssize);
	if (op->inner == OP_BITFIELD && op->bits.load) {
		u64 word = kstate_get_le(dst + op->bits.off, op->bits.load);

		if (kstate_bits_put(&op->bits, &word, v)) {
			kstate_put_le(dst + op->bits.off, op->bits.load, word);
			return 0;
		}
	} else if (op->inner == OP_BITFIELD) {
		if (!op->f->bf_set(dst, v))
			return 0;
	} else if (op->flags & OPF_DBOOL) {
		if (v <= 1) {
			*(bool *)dst = v;
			return 0;
		}
	} else if (op->ssize < op->dsize && ssign == !!(op->flags & OPF_DSIGN)) {
		kstate_put_int(dst, op->dsize, v);	/* widening: always fits */
		return 0;
	} else if (kstate_int_fits(v, ssign, op->dsize, op->flags & OPF_DSIGN)) {
		kstate_put_int(dst, op->dsize, v);
		return 0;
	}
	dec_err(c, op->f, "value %lld does not fit", (long long)v);
	return -ERANGE;
}

/*
 * The @op->nbits bitfields from @op on, which share a window of the object
 * at @dst, from the fixed part at @fixed: one load and one store.
 */
static int dec_bits(struct dec_ctx *c, const struct kstate_op *op,
		    const u8 *fixed, u8 *dst)
{
	const struct kstate_op *g, *end = op + op->nbits;
	u8 *at = dst + op->bits.off;
	u64 word = kstate_get_le(at, op->bits.load), v;

	if (op->bflags) {
		u64 mask = ~0ULL >> (64 - op->nbits);

		v = kstate_get_bytes(fixed + op->soff, op->nbits);
		/* flags are 0 or 1; else the loop below says which is not */
		if (likely(!(v & ~KSTATE_BYTE_LSBS))) {
			word = (word & ~(mask << op->bits.shift)) |
			       (kstate_bits_gather(v) << op->bits.shift);
			kstate_put_le(at, op->bits.load, word);
			return 0;
		}
	}
	for (g = op; g < end; g++) {
		v = kstate_get_le(fixed + g->soff, g->ssize);
		if (g->flags & OPF_SSIGN)
			v = kstate_sext(v, g->ssize);
		if (unlikely(!kstate_bits_put(&g->bits, &word, v))) {
			dec_err(c, g->f, "value %lld does not fit", (long long)v);
			return -ERANGE;
		}
	}
	kstate_put_le(at, op->bits.load, word);
	return 0;
}

static bool all_zero(const u8 *p, size_t n)
{
	return !memchr_inv(p, 0, n);
}

/*
 * Note the xarray member @xa of field @f, to be built with @n entries once
 * the whole restore decoded; return where to put the entries.
 */
static struct dec_xa_ent *dec_xa_add(struct dec_ctx *c,
				     const struct kstate_field *f,
				     struct xarray *xa, u32 n)
{
	struct dec_xa *x;

	if (n > KSTATE_MAX_ELEMS - c->nr_xents) {
		dec_err(c, f, "too many xarray entries");
		return ERR_PTR(-E2BIG);
	}
	if (kstate_grow_array((void **)&c->xas, &c->cap_xas, c->nr_xas + 1,
			      sizeof(*c->xas)) ||
	    kstate_grow_array((void **)&c->xents, &c->cap_xents,
			      c->nr_xents + n, sizeof(*c->xents)))
		return ERR_PTR(-ENOMEM);
	x = &c->xas[c->nr_xas++];
	x->xa = xa;
	x->f = f;
	x->first = c->nr_xents;
	x->nr = n;
	c->nr_xents += n;
	/* an empty xarray first: no entries, and no array yet to point into */
	return n ? c->xents + x->first : NULL;
}

/* Remember a custom member restored at @obj, for its undo callback. */
static int custom_done(struct dec_ctx *c, const struct kstate_field *f,
		       void *obj)
{
	if (!f->custom->undo)
		return 0;
	if (kstate_grow_array((void **)&c->customs, &c->cap_customs,
			      c->nr_customs + 1, sizeof(*c->customs))) {
		f->custom->undo(obj, (u8 *)obj + f->offset);
		return -ENOMEM;
	}
	c->customs[c->nr_customs].f = f;
	c->customs[c->nr_customs++].obj = obj;
	return 0;
}

static int dec_default_elems(struct dec_ctx *c, const struct kstate_field *f,
			     u8 *dst, u32 first);

/* Every field of the reader's @type at @obj gets its default. */
static int dec_default_struct(struct dec_ctx *c, const struct kstate_type *t,
			      u8 *obj)
{
	unsigned int j;
	int err;

	memset(obj, 0, t->size);
	for (j = 0; j < t->nr_fields; j++) {
		if (!kstate_field_alive(&t->fields[j], t->version))
			continue;
		err = dec_default_elems(c, &t->fields[j], obj, 0);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Elements @first to the last of field @f get what a field the writer did
 * not have gets: its default, NULL, an empty list or xarray, and for each
 * embedded structure the defaults of its own fields (static depth: C
 * types do not embed themselves). @first is 0 but for growing arrays.
 */
static int dec_default_elems(struct dec_ctx *c, const struct kstate_field *f,
			     u8 *dst, u32 first)
{
	u8 *m = dst + f->offset;
	u32 i;
	int err;

	if (f->bf_set)
		return f->bf_set(dst, f->def) ? -ERANGE : 0;
	switch (f->kind) {
	case KSTATE_KIND_UINT:
	case KSTATE_KIND_SINT:
		for (i = first; i < f->count; i++)
			kstate_put_int(m + i * f->size, f->size, f->def);
		return 0;
	case KSTATE_KIND_BOOL:
		for (i = first; i < f->count; i++)
			((bool *)m)[i] = f->def;
		return 0;
	case KSTATE_KIND_BYTES:
	case KSTATE_KIND_STRING:
		memset(m, 0, f->size);
		return 0;
	case KSTATE_KIND_STRUCT:
		for (i = first; i < f->count; i++) {
			err = dec_default_struct(c, f->type, m + i * f->type->size);
			if (err)
				return err;
		}
		return 0;
	case KSTATE_KIND_PTR:
		for (i = first; i < f->count; i++)
			((void **)m)[i] = NULL;
		return 0;
	case KSTATE_KIND_VARRAY:
		if (!f->flex)
			*(void **)m = NULL;
		else
			memset(m, 0, (size_t)flex_room(c, dst, 0) * flex_esize(f));
		if (f->aux_size)
			kstate_put_int(dst + f->aux, f->aux_size, 0);
		return 0;
	case KSTATE_KIND_PAGES:
		*(void **)m = NULL;	/* a struct page pointer or an address */
		return 0;
	case KSTATE_KIND_CUSTOM:
		/* no bytes and writer version 0: "absent, set your default" */
		err = f->custom->restore(dst, m, NULL, 0, 0,
					 &(struct kstate_mem){
						.ops = c->in->mem, .dec = c });
		return err ?: custom_done(c, f, dst);
	case KSTATE_KIND_LIST:
		if (kstate_grow_array((void **)&c->heads, &c->cap_heads,
				      c->nr_heads + 1, sizeof(*c->heads)))
			return -ENOMEM;
		if (f->hlist)
			INIT_HLIST_HEAD((struct hlist_head *)m);
		else
			INIT_LIST_HEAD((struct list_head *)m);
		c->heads[c->nr_heads].head = m;
		c->heads[c->nr_heads++].hlist = f->hlist;
		return 0;
	case KSTATE_KIND_XARRAY:
		return PTR_ERR_OR_ZERO(dec_xa_add(c, f, (struct xarray *)m, 0));
	default:
		return -EOPNOTSUPP;
	}
}

static int dec_default(struct dec_ctx *c, const struct kstate_field *f, u8 *dst)
{
	return dec_default_elems(c, f, dst, 0);
}

static noinline int dec_varray(struct dec_ctx *c, const struct kstate_op *op,
			       const u8 *rec, u32 len, const u8 *src, u8 *dst)
{
	const struct kstate_field *f = op->f;
	u32 off = get_unaligned_le32(src), n = get_unaligned_le32(src + 4);
	const struct kstate_plan *sub = op->sub;
	size_t esize = f->type ? f->type->size : f->size;
	u32 elem = op->ssize, i;
	u8 *items = NULL;
	int err;

	if (sub) {
		/* built again if it ran out of memory before */
		if (unlikely(sub->err == -ENOMEM))
			sub = kstate_plan_get(c->in, op->stype, f->type);
		if (IS_ERR(sub))
			return PTR_ERR(sub);
		if (sub->err)
			return sub->err;
		elem = c->in->b.fixed[op->stype];
	}
	err = dec_span(c, f, len, off, n, elem);
	if (err)
		return err;
	if (f->aux_size ? !kstate_int_fits(n, false, f->aux_size, false) :
			  n > 1 && !f->flex) {
		dec_err(c, f, "%u elements do not fit its count", n);
		return -ERANGE;
	}
	if (f->flex) {
		u32 cap = flex_room(c, dst, n);

		if (n > cap) {
			dec_err(c, f, "%u elements do not fit the %u the object has room for",
				n, cap);
			return -EOVERFLOW;
		}
		items = dst + f->offset;
		memset(items + (size_t)n * esize, 0, (size_t)(cap - n) * esize);
	} else if (n) {
		items = dec_alloc(c, n, esize);
		if (!items)
			return -ENOMEM;
	}
	if (sub && ++c->depth > KSTATE_MAX_DEPTH) {
		dec_err(c, f, "variable arrays nested too deep");
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		if (sub) {
			err = dec_fields(c, sub, rec, len, off + i * elem,
					 items + i * esize);
		} else {
			err = dec_int(c, op, rec + off + i * elem,
				      items + i * esize);
		}
		if (err)
			return err;
	}
	if (sub)
		c->depth--;
	if (!f->flex)
		*(void **)(dst + f->offset) = items;
	if (f->aux_size)
		kstate_put_int(dst + f->aux, f->aux_size, n);
	return 0;
}

/* Was object @id allocated by this restore call? */
static bool dec_owns(const struct dec_ctx *c, u32 id)
{
	return c->in->slots[id].owner == c->id;
}

static int dec_xarray(struct dec_ctx *c, const struct kstate_op *op,
		      const u8 *rec, u32 len, const u8 *src, u8 *dst)
{
	const struct kstate_field *f = op->f;
	u32 off = get_unaligned_le32(src), n = get_unaligned_le32(src + 4), i;
	const struct kstate_xa_entry_ser *xs;
	struct dec_xa_ent *e;
	int err;

	err = dec_span(c, f, len, off, n, sizeof(*xs));
	if (err)
		return err;
	e = dec_xa_add(c, f, (struct xarray *)(dst + f->offset), n);
	if (IS_ERR(e))
		return PTR_ERR(e);
	xs = (const struct kstate_xa_entry_ser *)(rec + off);
	for (i = 0; i < n; i++, xs++) {
		u64 index = get_unaligned_le64(&xs->index);
		u64 v = get_unaligned_le64(&xs->value);

		if (index != (unsigned long)index) {
			dec_err(c, f, "index %llu does not fit",
				(unsigned long long)index);
			return -ERANGE;
		}
		if (i && index <= e[i - 1].index) {
			dec_err(c, f, "index %llu out of order",
				(unsigned long long)index);
			return -EINVAL;
		}
		e[i].index = index;
		if (f->elem_kind == KSTATE_KIND_UINT) {
			if (v > LONG_MAX) {
				dec_err(c, f, "value %llu at index %llu does not fit",
					(unsigned long long)v,
					(unsigned long long)index);
				return -ERANGE;
			}
			e[i].entry = xa_mk_value(v);
			continue;
		}
		/* like lists, xarrays hold anonymous objects only */
		if (v <= c->in->b.nr_keyed || v > c->in->b.nr_objects) {
			dec_err(c, f, "bad object reference %llu at index %llu",
				(unsigned long long)v,
				(unsigned long long)index);
			return -EINVAL;
		}
		err = dec_ref(c, f, v, op->stype, NULL, &e[i].entry);
		if (err)
			return err;
	}
	return 0;
}

static int dec_list(struct dec_ctx *c, const struct kstate_op *op,
		    const u8 *rec, u32 len, const u8 *src, u8 *dst)
{
	const struct kstate_field *f = op->f;
	void *head = dst + f->offset;
	u32 off = get_unaligned_le32(src), n = get_unaligned_le32(src + 4), i;
	struct hlist_node *last = NULL;
	int err;

	err = dec_span(c, f, len, off, n, sizeof(__le32));
	if (!err)
		err = dec_default(c, f, dst);	/* INIT_LIST_HEAD, tracked */
	for (i = 0; i < n && !err; i++) {
		u32 wire = get_unaligned_le32(rec + off + 4 * i);
		struct kstate_slot *s;
		void *obj;

		if (wire - 1 < c->in->b.nr_keyed) {
			dec_err(c, f, "lists hold anonymous objects only");
			return -EINVAL;
		}
		err = dec_ref(c, f, wire, op->stype, NULL, &obj);
		if (err)
			break;
		s = &c->in->slots[wire - 1];
		if (!obj || s->linked) {
			dec_err(c, f, "object %u is listed twice or is NULL", wire);
			return -EINVAL;
		}
		/*
		 * An object an earlier restore made (a pointer reached it
		 * first) is linked too; the undo unlinks it again.
		 */
		if (!dec_owns(c, wire - 1)) {
			if (kstate_grow_array((void **)&c->foreign, &c->cap_foreign,
					      c->nr_foreign + 1, sizeof(*c->foreign)))
				return -ENOMEM;
			c->foreign[c->nr_foreign].id = wire - 1;
			c->foreign[c->nr_foreign].hlist = f->hlist;
			c->foreign[c->nr_foreign++].node = f->aux;
		}
		s->linked = true;
		if (!f->hlist) {
			list_add_tail((struct list_head *)((u8 *)obj + f->aux),
				      head);
			continue;
		}
		if (last)
			hlist_add_behind((struct hlist_node *)((u8 *)obj + f->aux),
					 last);
		else
			hlist_add_head((struct hlist_node *)((u8 *)obj + f->aux),
				       head);
		last = (struct hlist_node *)((u8 *)obj + f->aux);
	}
	return err;
}

static int dec_bytes(struct dec_ctx *c, const struct kstate_op *op,
		     const u8 *src, u8 *m)
{
	const struct kstate_field *f = op->f;

	memcpy(m, src, min(op->ssize, f->size));
	if (f->size > op->ssize) {
		memset(m + op->ssize, 0, f->size - op->ssize);
	} else if (!all_zero(src + f->size, op->ssize - f->size)) {
		dec_err(c, f, "non-zero bytes beyond %u", f->size);
		return -ERANGE;
	}
	return 0;
}

static int dec_string(struct dec_ctx *c, const struct kstate_op *op,
		      const u8 *src, u8 *m)
{
	const struct kstate_field *f = op->f;
	u32 n = strnlen((const char *)src, op->ssize);

	if (n == op->ssize) {
		dec_err(c, f, "string not terminated");
		return -EINVAL;
	}
	if (n >= f->size) {
		dec_err(c, f, "string of %u bytes does not fit %u", n, f->size);
		return -ERANGE;
	}
	memcpy(m, src, n);
	memset(m + n, 0, f->size - n);
	return 0;
}

/*
 * Take back the pages at @phys from the backend and record them, to give
 * them back if this restore fails. Room is made first: pages taken back
 * are never lost.
 */
static struct page *dec_take_pages(struct dec_ctx *c, u64 phys, u32 order)
{
	struct page *page;

	if (kstate_grow_array((void **)&c->pages, &c->cap_pages,
			      c->nr_pages + 1, sizeof(*c->pages)))
		return ERR_PTR(-ENOMEM);
	page = c->in->mem->restore(phys, order);
	if (!page)
		return NULL;
	c->pages[c->nr_pages].page = page;
	c->pages[c->nr_pages++].order = order;
	return page;
}

/**
 * kstate_custom_restore() - take back memory a custom field's save preserved
 * @mem: the handle the restore callback was given
 * @phys: the physical address kstate_custom_preserve() gave the save
 * @order: the order it preserved
 *
 * The pages are the object's if its restore succeeds; if it fails, the
 * engine gives them back to the backend, to be taken again by a retry.
 *
 * Context: In a &struct kstate_custom_ops restore callback only.
 * Return: the pages, with one reference, or NULL if there is no backend or
 * it cannot take them back (a preserved range of another order, memory not
 * preserved).
 */
struct page *kstate_custom_restore(struct kstate_mem *mem, u64 phys,
				   unsigned int order)
{
	struct page *page;

	if (!mem->ops || !mem->ops->restore)
		return NULL;
	page = dec_take_pages(mem->dec, phys, order);
	return IS_ERR(page) ? NULL : page;
}
EXPORT_SYMBOL_GPL(kstate_custom_restore);

static int dec_pages(struct dec_ctx *c, const struct kstate_op *op,
		     const u8 *src, u8 *m)
{
	const struct kstate_pages_ser *ps = (const void *)src;
	const struct kstate_field *f = op->f;
	u64 phys = get_unaligned_le64(&ps->phys);
	struct page *page = NULL;

	if (get_unaligned_le32(&ps->order) != f->aux ||
	    get_unaligned_le32(&ps->reserved)) {
		dec_err(c, f, "pages of order %u, expected %u",
			get_unaligned_le32(&ps->order), f->aux);
		return -EINVAL;
	}
	if (phys && !c->in->mem) {
		dec_err(c, f, "no backend to take back preserved pages");
		return -EOPNOTSUPP;
	}
	if (phys) {
		page = dec_take_pages(c, phys, f->aux);
		if (IS_ERR(page))
			return PTR_ERR(page);
		if (!page) {
			dec_err(c, f, "cannot take back pages at %#llx",
				(unsigned long long)phys);
			return -EINVAL;
		}
	}
	if (f->virt)
		*(void **)m = page ? page_address(page) : NULL;
	else
		*(struct page **)m = page;
	return 0;
}

static int dec_custom(struct dec_ctx *c, const struct kstate_op *op,
		      const u8 *rec, u32 len, const u8 *src, u8 *dst)
{
	const struct kstate_field *f = op->f;
	u32 off = get_unaligned_le32(src), n = get_unaligned_le32(src + 4);
	int err;

	struct kstate_mem mem = { .ops = c->in->mem, .dec = c };

	err = dec_span(c, f, len, off, n, 1);
	if (!err)
		err = f->custom->restore(dst, dst + f->offset, rec + off, n,
					 op->wversion, &mem);
	if (!err)
		err = custom_done(c, f, dst);
	if (err)
		dec_err(c, f, "restore failed: %pe", ERR_PTR(err));
	return err;
}

/*
 * Is the writer's element at @p (of writer field @w) empty: what a zeroed
 * member saves as? References count as empty when they reference nothing
 * (a tail's offset says nothing then), custom tails when all their bytes
 * are zero; embedded structures when every field is.
 */
static bool wire_empty(const struct kstate_in *in,
		       const struct kstate_field_ser *w, const u8 *p,
		       const u8 *rec, u32 len, int depth)
{
	u32 size = le32_to_cpu(w->size), off, n, i, t, sub = 0;

	if ((kstate_kind(w->kind)->flags & KSTATE_KF_TAIL) &&
	    w->kind != KSTATE_KIND_CUSTOM)
		return !get_unaligned_le32(p + 4);
	switch (w->kind) {
	case KSTATE_KIND_CUSTOM:
		off = get_unaligned_le32(p);
		n = get_unaligned_le32(p + 4);
		return !n || (off <= len && n <= len - off &&
			      all_zero(rec + off, n));
	case KSTATE_KIND_PAGES:
		return !get_unaligned_le64(p);
	case KSTATE_KIND_STRUCT:
		if (depth >= KSTATE_MAX_DEPTH)
			return false;
		t = le32_to_cpu(w->type);
		for (i = 0; i < le32_to_cpu(in->b.types[t].nr_fields); i++) {
			const struct kstate_field_ser *sw = kstate_blob_field(&in->b, t, i);
			u32 elem = sw->kind == KSTATE_KIND_STRUCT ?
				   in->b.fixed[le32_to_cpu(sw->type)] :
				   kstate_wire_elem(sw->kind, le32_to_cpu(sw->size));
			bool absent = false;
			u32 k;

			if (sw->flags & KSTATE_FIELD_COND)
				absent = !p[sub++];
			for (k = 0; k < le32_to_cpu(sw->count); k++, sub += elem)
				if (!absent &&
				    !wire_empty(in, sw, p + sub, rec, len, depth + 1))
					return false;
		}
		return true;
	default:
		return all_zero(p, kstate_wire_elem(w->kind, size));
	}
}

/*
 * A fixed array of the writer with more elements than the reader's: the
 * dropped ones must be empty. One with fewer: the reader's extra elements
 * come out as a freshly added field's would (defaults, empty lists).
 */
static int dec_array_tail(struct dec_ctx *c, const struct kstate_op *op,
			  const u8 *rec, u32 len, const u8 *src, u8 *dst)
{
	const struct kstate_field *f = op->f;
	u32 i;

	if (f->count > op->scount)
		return dec_default_elems(c, f, dst, op->scount);
	for (i = f->count; i < op->scount; i++) {
		if (!wire_empty(c->in, op->w, src + i * op->sstride, rec, len, 0)) {
			dec_err(c, f, "non-zero elements beyond %u", f->count);
			return -ERANGE;
		}
	}
	return 0;
}

/* INT, STRUCT and PTR fields: fixed arrays, which may grow or shrink. */
static int dec_array(struct dec_ctx *c, const struct kstate_op *op,
		     const u8 *rec, u32 len, u32 foff, u8 *dst)
{
	const struct kstate_field *f = op->f;
	const u8 *src = rec + foff + op->soff;
	u8 *m = dst + f->offset;
	u32 i, n = min(op->scount, f->count);
	int err = 0;

	if (op->inner == OP_INT && (op->flags & OPF_COPY) && kstate_le_native()) {
		memcpy(m, src, n * op->dsize);
	} else if (op->inner == OP_INT) {
		for (i = 0; i < n && !err; i++)
			err = dec_int(c, op, src + i * op->ssize, m + i * op->dsize);
	} else if (op->inner == OP_STRUCT) {
		for (i = 0; i < n && !err; i++)
			err = dec_fields(c, op->sub, rec, len,
					 foff + op->soff + i * op->sstride,
					 m + i * f->type->size);
	} else {
		for (i = 0; i < n && !err; i++)
			err = dec_ref(c, f, get_unaligned_le32(src + 4 * i),
				      op->stype, (void **)m + i, (void **)m + i);
	}
	if (!err && op->scount != f->count)
		err = dec_array_tail(c, op, rec, len, src, dst);
	return err;
}

/*
 * KSTATE_REUSE pointers of an object restored in place: a member that has
 * a pointee gets the writer's object restored into it, or keeps it when
 * the writer has none. Elsewhere they are pointers as any.
 */
static noinline int dec_ptrs_reuse(struct dec_ctx *c,
				   const struct kstate_op *op, const u8 *rec,
				   u32 len, u32 foff, u8 *dst)
{
	const u8 *src = rec + foff + op->soff;
	void **m = (void **)(dst + op->f->offset);
	u32 i, n = min(op->scount, op->f->count), wire;
	int err = 0;

	for (i = 0; i < n && !err; i++) {
		wire = get_unaligned_le32(src + 4 * i);
		if (m[i] && !wire)
			continue;
		err = __dec_ref(c, op->f, wire, op->stype, m + i, m + i, m[i]);
	}
	if (!err && op->scount != op->f->count)
		err = dec_array_tail(c, op, rec, len, src, dst);
	return err;
}

static int dec_op(struct dec_ctx *c, const struct kstate_op *op,
		  const u8 *rec, u32 len, u32 foff, u8 *dst)
{
	const u8 *src = rec + foff + op->soff;
	u8 opcode = op->op;

again:
	switch (opcode) {
	case OP_BITFIELD:
		return dec_int(c, op, src, dst);
	case OP_DEFAULT:
		if (op->f->keep && in_scratch(c, dst))
			return 0;
		return dec_default(c, op->f, dst);
	case OP_BYTES:
		return dec_bytes(c, op, src, dst + op->f->offset);
	case OP_STRING:
		return dec_string(c, op, src, dst + op->f->offset);
	case OP_VARRAY:
		return dec_varray(c, op, rec, len, src, dst);
	case OP_LIST:
		return dec_list(c, op, rec, len, src, dst);
	case OP_XARRAY:
		return dec_xarray(c, op, rec, len, src, dst);
	case OP_PAGES:
		return dec_pages(c, op, src, dst + op->f->offset);
	case OP_CUSTOM:
		return dec_custom(c, op, rec, len, src, dst);
	case OP_PTR_REUSE:
		if (in_scratch(c, dst))
			return dec_ptrs_reuse(c, op, rec, len, foff, dst);
		fallthrough;
	case OP_INT:
	case OP_STRUCT:
	case OP_PTR:
		return dec_array(c, op, rec, len, foff, dst);
	case OP_COND:
		/* saved for some objects: absent, the member is left alone */
		if (src[-1] > 1) {
			dec_err(c, op->f, "presence byte %u", src[-1]);
			return -EINVAL;
		}
		if (!src[-1])
			return in_scratch(c, dst) ? 0 : dec_default(c, op->f, dst);
		opcode = op->inner;
		goto again;
	default:
		return -EINVAL;
	}
}

/*
 * Test builds: decode the @n ops at @op that a compiled step just decoded
 * into @dst again, one by one as the interpreter does (bitfields through
 * their accessors), into @copy, a copy of @dst from before the step, and
 * compare. Frees @copy.
 */
static noinline int dec_check(struct dec_ctx *c, const struct kstate_plan *plan,
			      const struct kstate_op *op, u32 n, const u8 *rec,
			      u32 len, u32 foff, u8 *dst, u8 *copy)
{
	const struct kstate_op *x;
	bool differ = false;
	u64 v;

	for (x = op; x < op + n && !differ; x++) {
		if (x->op != OP_BITFIELD) {
			differ = dec_op(c, x, rec, len, foff, copy);
			continue;
		}
		v = kstate_get_le(rec + foff + x->soff, x->ssize);
		if (x->flags & OPF_SSIGN)
			v = kstate_sext(v, x->ssize);
		differ = x->f->bf_set(copy, v);
	}
	differ = differ || memcmp(copy, dst, plan->type->size);
	kfree(copy);
	if (!kstate_crosscheck_note(differ))
		return 0;
	dec_err(c, op->f, "compiled and interpreted decodings differ");
	return -EILSEQ;
}

/*
 * A compiled step at @op: a run of copies or a group of bitfields.
 * Return: 0 or -ERANGE; the op after it in @next.
 */
static __always_inline int dec_step(struct dec_ctx *c,
				    const struct kstate_op *op,
				    const u8 *fixed, u8 *dst,
				    const struct kstate_op **next)
{
	if (op->run) {
		memcpy(dst + op->f->offset, fixed + op->soff, op->run);
		*next = op + op->span;
		return 0;
	}
	*next = op + op->nbits;
	return dec_bits(c, op, fixed, dst);
}

/* Does the record hold a value for op @op's field: present, not empty? */
static bool op_holds(const struct kstate_in *in, const struct kstate_op *op,
		     const u8 *rec, u32 len, u32 foff)
{
	const u8 *p = rec + foff + op->soff;
	u32 k;

	if (op_absent(op, p))
		return false;
	for (k = 0; k < op->scount; k++, p += op->sstride)
		if (!wire_empty(in, op->w, p, rec, len, 0))
			return true;
	return false;
}

/*
 * The member of the plan's union whose first op is @first that this
 * record's decode writes: the one the record holds a value for, or with
 * none, the first (a union is written once); a record with values for two
 * cannot say which member the object uses: refused.
 */
static const struct kstate_op *dec_union(struct dec_ctx *c,
					 const struct kstate_plan *plan,
					 const struct kstate_op *first,
					 const u8 *rec, u32 len, u32 foff)
{
	const struct kstate_op *op, *held = NULL;

	for (op = first; op < plan->ops + plan->nr_ops; op++) {
		if (op->group != first->group ||
		    !op_holds(c->in, op, rec, len, foff))
			continue;
		if (held) {
			dec_err(c, op->f, "shares the object's bytes with field %s (a union) and the record holds both",
				held->f->name);
			return ERR_PTR(-EINVAL);
		}
		held = op;
	}
	return held ?: first;
}

static int dec_fields(struct dec_ctx *c, const struct kstate_plan *plan,
		      const u8 *rec, u32 len, u32 foff, u8 *dst)
{
	const struct kstate_op *op = plan->ops, *end = op + plan->nr_ops;
	const struct kstate_op *next, *pick;
	u8 *copy;
	u32 i;
	int err;

	for (i = 0; unlikely(i < plan->nr_refuse); i++) {
		if (!rec[foff + plan->refuse[i].off])
			continue;
		pr_err("type %s key %llu: writer field %s is critical, unknown to this kernel and saved for this object\n",
		       c->type->name, (unsigned long long)c->key,
		       plan->refuse[i].name);
		return -EOPNOTSUPP;
	}

	while (op < end) {
		if (unlikely(op->group)) {
			pick = dec_union(c, plan, &plan->ops[op->group - 1],
					 rec, len, foff);
			if (IS_ERR(pick))
				return PTR_ERR(pick);
			if (pick != op) {
				op++;	/* another member of its union */
				continue;
			}
		}
		if (op->run || op->nbits) {
			if (!kstate_crosschecking()) {
				err = dec_step(c, op, rec + foff, dst, &op);
				if (err)
					return err;
				continue;
			}
			copy = kmemdup(dst, plan->type->size, GFP_KERNEL);
			if (!copy)
				return -ENOMEM;
			err = dec_step(c, op, rec + foff, dst, &next);
			if (!err)
				err = dec_check(c, plan, op, next - op, rec, len,
						foff, dst, copy);
			else
				kfree(copy);
			if (err)
				return err;
			op = next;
			continue;
		}
		err = dec_op(c, op, rec, len, foff, dst);
		if (err)
			return err;
		op++;
	}
	return 0;
}

static u32 writer_version(const struct kstate_in *in, u32 id)
{
	return le32_to_cpu(in->b.types[kstate_blob_obj_type(&in->b, id)].version);
}

/*
 * Decode object @id of the blob into @dst with reader type @type, after
 * the type's pre_restore hook on @dst for objects the restore allocated
 * (kstate_in_restore() runs it on the restored object itself, before
 * taking its scratch copy).
 */
static int dec_object(struct dec_ctx *c, u32 id, const struct kstate_type *type,
		      u8 *dst)
{
	const struct kstate_blob *b = &c->in->b;
	struct kstate_plan *plan = kstate_plan_get(c->in, kstate_blob_obj_type(b, id), type);
	int err;

	if (IS_ERR(plan))
		return PTR_ERR(plan);
	if (plan->err)
		return plan->err;
	if (unlikely(plan->pre_restore) && id != c->id && !in_scratch(c, dst)) {
		err = plan->pre_restore(dst, writer_version(c->in, id));
		if (err) {
			pr_err("type %s key %llu: pre_restore refused: %pe\n",
			       c->type->name, (unsigned long long)c->key,
			       ERR_PTR(err));
			return err;
		}
	}
	if (id == c->id)
		c->plan = plan;
	c->budget = kstate_blob_rec_len(b, id);
	c->depth = 0;
	return dec_fields(c, plan, kstate_blob_rec(b, id),
			  kstate_blob_rec_len(b, id), 0, dst);
}

static void *scratch_to_final(struct dec_ctx *c, void *p)
{
	u8 *b = p;

	const struct dec_region *r;

	if (b >= c->scratch && b < c->scratch + c->scratch_len)
		return (u8 *)c->final + (b - c->scratch);
	r = dec_region(c, b);
	return r ? (u8 *)r->final + (b - r->scratch) : p;
}

/*
 * Build the xarrays once everything is decoded, each in its final place:
 * an xarray cannot be moved (its nodes point back at it), so one inside the
 * scratch copy is built in the object itself and its bytes are copied into
 * scratch, for the commit to copy back unchanged. On failure, whatever was
 * built is destroyed and the members get their former bytes back.
 */
static int dec_build_xarrays(struct dec_ctx *c)
{
	struct dec_xa *x;
	struct xarray *xa;
	u32 i, j;
	int err = 0;

	for (i = 0; i < c->nr_xas && !err; i++) {
		x = &c->xas[i];
		xa = scratch_to_final(c, x->xa);
		memcpy(&x->saved, xa, sizeof(*xa));
		xa_init_flags(xa, (__force gfp_t)x->f->aux);
		for (j = 0; j < x->nr && !err; j++) {
			const struct dec_xa_ent *e = &c->xents[x->first + j];

			err = xa_err(xa_store(xa, e->index, e->entry, GFP_KERNEL));
			if (err)
				dec_err(c, x->f, "cannot store index %lu: %pe",
					e->index, ERR_PTR(err));
		}
	}
	if (!err) {
		for (i = 0; i < c->nr_xas; i++) {
			x = &c->xas[i];
			xa = scratch_to_final(c, x->xa);
			if (xa != x->xa)
				memcpy(x->xa, xa, sizeof(*xa));
		}
		return 0;
	}
	while (i--) {
		x = &c->xas[i];
		xa = scratch_to_final(c, x->xa);
		xa_destroy(xa);
		memcpy(xa, &x->saved, sizeof(*xa));
	}
	return err;
}

/*
 * Copy the described members of the object at @src to @dst, and nothing
 * else, following the plan's commit steps: @dst is a live object whose
 * other members belong to others.
 */
static __always_inline void commit_described(const struct kstate_plan *plan,
					     const u8 *src, u8 *dst)
{
	const struct kstate_commit *st = plan->commit;
	const struct kstate_commit *end = st + plan->nr_commit;

	for (; st < end; st++) {
		if (st->mask)
			dst[st->off] = (dst[st->off] & ~st->mask) |
				       (src[st->off] & st->mask);
		else
			memcpy(dst + st->off, src + st->off, st->len);
	}
}

/* The @flex_cap elements of a flexible array, restored in place. */
static void commit_flex(const struct kstate_plan *plan, const u8 *src,
			void *dst, u32 flex_cap)
{
	memcpy((u8 *)dst + plan->flex->offset, src + plan->flex->offset,
	       (size_t)flex_cap * flex_esize(plan->flex));
}

/*
 * The restored object's flexible array, and the pointees restored in place
 * (KSTATE_REUSE) as the object itself.
 */
static noinline void commit_in_place(struct dec_ctx *c)
{
	const struct dec_region *r;
	u32 i;

	if (c->flex_cap)
		commit_flex(c->plan, c->scratch, c->final, c->flex_cap);
	for (i = 0; i < c->nr_reuse; i++) {
		r = &c->reuse[i];
		commit_described(r->plan, r->scratch, r->final);
		if (r->flex_cap)
			commit_flex(r->plan, r->scratch, r->final, r->flex_cap);
	}
}

/*
 * Take the fixups waiting at @pp that @match() picks off the list; set
 * each one's pointer to @target first, unless it is NULL. Return how many.
 */
static u32 take_fixups_at(struct kstate_in *in, struct kstate_fixup **pp,
			  bool (*match)(const struct kstate_in *in,
					const struct kstate_fixup *fx,
					const void *arg),
			  const void *arg, void *target)
{
	struct kstate_fixup *fx;
	u32 n = 0;

	while ((fx = *pp)) {
		if (!match(in, fx, arg)) {
			pp = &fx->next;
			continue;
		}
		if (target)
			WRITE_ONCE(*fx->slot, target);
		*pp = fx->next;
		kfree(fx);
		n++;
	}
	return n;
}

/* The same, over the fixups waiting for any keyed object (rare calls). */
static u32 take_fixups(struct kstate_in *in,
		       bool (*match)(const struct kstate_in *in,
				     const struct kstate_fixup *fx,
				     const void *arg),
		       const void *arg)
{
	u32 i, n = 0;

	for (i = 0; in->waiting && i < in->b.nr_keyed; i++)
		n += take_fixups_at(in, &in->waiting[i], match, arg, NULL);
	return n;
}

/* Fixups waiting for the object a restore commits. */
static bool fixup_waits_for(const struct kstate_in *in,
			    const struct kstate_fixup *fx, const void *arg)
{
	const struct dec_ctx *c = arg;

	return fx->id == c->id && fx->type == c->type;
}

/*
 * A list head built at @h->head was copied to @final by the commit: point
 * its first and last nodes back at it there.
 */
static void relink_head(const struct dec_head *h, void *final)
{
	if (final == h->head)
		return;
	if (h->hlist) {
		struct hlist_head *hh = final;

		if (hh->first)
			hh->first->pprev = &hh->first;
	} else if (list_empty(h->head)) {
		INIT_LIST_HEAD(final);
	} else {
		struct list_head *lh = final;

		lh->next->prev = lh;
		lh->prev->next = lh;
	}
}

/*
 * Everything decoded: copy the described members from scratch into the
 * object, keep what was allocated, relink the lists whose heads moved, and
 * resolve the pointers that waited for this object.
 */
static void dec_commit(struct dec_ctx *c)
{
	struct kstate_in *in = c->in;
	struct kstate_fixup *fx;
	u32 i;

	commit_described(c->plan, c->scratch, c->final);
	if (unlikely(c->flex_cap | c->nr_reuse))
		commit_in_place(c);
	for (i = 0; i < c->nr_heads; i++)
		relink_head(&c->heads[i], scratch_to_final(c, c->heads[i].head));
	/* pointers elsewhere to this object, restored before it */
	if (in->waiting)
		take_fixups_at(in, &in->waiting[c->id], fixup_waits_for, c,
			       c->final);
	/* __dec_ref() allocated @in->waiting with the first fixup */
	while ((fx = c->fixups)) {
		c->fixups = fx->next;
		fx->slot = scratch_to_final(c, fx->slot);
		fx->next = in->waiting[fx->id];
		in->waiting[fx->id] = fx;
	}
	in->slots[c->id].done = true;
	for (i = 0; i < c->nr_queue; i++)
		in->slots[c->queue[i]].done = true;
	in->status[c->id] = KSTATE_RESTORED;
	in->stats.restored++;
}

static void dec_undo(struct dec_ctx *c, int err)
{
	struct kstate_fixup *fx;
	u32 i;

	for (i = 0; i < c->nr_queue; i++) {
		c->in->slots[c->queue[i]].obj = NULL;
		c->in->slots[c->queue[i]].linked = false;
	}
	/* objects of earlier restores linked into this one's lists */
	for (i = 0; i < c->nr_foreign; i++) {
		struct kstate_slot *s = &c->in->slots[c->foreign[i].id];

		s->linked = false;
		if (c->foreign[i].hlist)
			INIT_HLIST_NODE((struct hlist_node *)((u8 *)s->obj +
							      c->foreign[i].node));
		else
			INIT_LIST_HEAD((struct list_head *)((u8 *)s->obj +
							    c->foreign[i].node));
	}
	/* custom members free what they allocated, before their objects go */
	for (i = 0; i < c->nr_customs; i++)
		c->customs[i].f->custom->undo(c->customs[i].obj,
					      (u8 *)c->customs[i].obj +
					      c->customs[i].f->offset);
	/* lists link only queued objects, or those of earlier restores */
	for (i = 0; i < c->nr_allocs; i++)
		kfree(c->allocs[i]);
	/* pages taken back go back to the backend, to be taken again */
	for (i = 0; i < c->nr_pages && c->in->mem->release; i++)
		c->in->mem->release(c->pages[i].page, c->pages[i].order);
	while ((fx = c->fixups)) {
		c->fixups = fx->next;
		kfree(fx);
	}
	c->in->slots[c->id].obj = NULL;
	c->in->status[c->id] = err;
	c->in->stats.failed++;
}

/* The type's post_restore hook, with the writer's version of object @id. */
static int post_restore(struct kstate_in *in, u32 id,
			const struct kstate_type *type, void *obj)
{
	if (!type->ops || !type->ops->post_restore)
		return 0;
	return type->ops->post_restore(obj, writer_version(in, id));
}

/* Whether field @f has the same value at @a and @b, objects of its type. */
static bool same_value(const struct kstate_field *f, const u8 *a, const u8 *b)
{
	if (f->bf_get)
		return f->bf_get(a) == f->bf_get(b);
	a += f->offset;
	b += f->offset;
	switch (f->kind) {
	case KSTATE_KIND_STRING:
		return !strncmp((const char *)a, (const char *)b, f->size);
	case KSTATE_KIND_BOOL:
		return !memcmp(a, b, f->count * sizeof(bool));
	case KSTATE_KIND_BYTES:
		return !memcmp(a, b, f->size);
	default:
		return !memcmp(a, b, (size_t)f->size * f->count);
	}
}

/*
 * The KSTATE_MUST_MATCH fields of plan @plan, whose writer fields are at
 * @foff of the record @rec and whose members at @base of the restored
 * object: each value the record has must equal the live object's, or the
 * restore is refused before anything is written. Embedded structures are
 * checked too; objects reached through pointers are new, with nothing to
 * match.
 */
static int check_must_match(const struct dec_ctx *c,
			    const struct kstate_plan *plan, const u8 *rec,
			    u32 foff, u32 base)
{
	const struct kstate_op *op = plan->ops, *end = op + plan->nr_ops;
	u32 i;
	int err;

	for (; op < end; op++) {
		const struct kstate_field *f = op->f;

		if (op_absent(op, rec + foff + op->soff))
			continue;
		if (op->inner == OP_STRUCT && op->sub->must_match) {
			for (i = 0; i < min(op->scount, f->count); i++) {
				err = check_must_match(c, op->sub, rec,
						       foff + op->soff + i * op->sstride,
						       base + f->offset +
						       i * f->type->size);
				if (err)
					return err;
			}
			continue;
		}
		if (!f->must_match ||
		    same_value(f, c->scratch + base, (u8 *)c->final + base))
			continue;
		pr_err("type %s key %llu field %s: saved value differs from the object's: restore refused\n",
		       c->type->name, (unsigned long long)c->key, f->name);
		return -ENXIO;
	}
	return 0;
}

static int find_object(struct kstate_in *in, const struct kstate_type *type,
		       u64 key)
{
	int wtype, id = -ENOENT;

	if (type != in->last_type) {
		wtype = kstate_blob_find_type(&in->b, type->name);
		if (wtype < 0)
			return wtype;
		in->last_type = type;
		in->last_wtype = wtype;
	}
	if (in->next < in->b.nr_keyed &&
	    kstate_blob_obj_type(&in->b, in->next) == in->last_wtype &&
	    kstate_blob_obj_key(&in->b, in->next) == key)
		id = in->next;
	if (id < 0)
		id = kstate_blob_find(&in->b, in->last_wtype, key);
	if (id >= 0)
		in->next = id + 1;
	return id;
}

static noinline void free_rare(struct dec_ctx *c)
{
	u32 i;

	for (i = 0; i < c->nr_reuse; i++)
		kfree(c->reuse[i].scratch);
	kvfree(c->reuse);
	kvfree(c->xas);
	kvfree(c->xents);
	kvfree(c->foreign);
	kvfree(c->pages);
	kvfree(c->customs);
}

/* Where queued object @id decodes: its scratch copy if it is reused. */
static u8 *queued_dst(const struct dec_ctx *c, u32 id)
{
	u32 i;

	for (i = 0; i < c->nr_reuse; i++)
		if (c->reuse[i].id == id)
			return c->reuse[i].scratch;
	return c->in->slots[id].obj;
}

/* A scratch copy of @size bytes of @obj: the reused one, unless it is busy. */
static u8 *get_scratch(struct kstate_in *in, size_t size, const void *obj)
{
	if (in->scratch_busy)
		return kmemdup(obj, size, GFP_KERNEL);
	if (!in->scratch || size > in->scratch_size) {
		kfree(in->scratch);
		in->scratch_size = max_t(size_t, size, 64);
		in->scratch = kmalloc(in->scratch_size, GFP_KERNEL);
		if (!in->scratch)
			return NULL;
	}
	in->scratch_busy = true;
	return memcpy(in->scratch, obj, size);
}

/*
 * How much of @obj, of reader type @type, to restore through its scratch
 * copy: the structure, and the elements its flexible array member has
 * room for.
 */
static int scratch_size(struct dec_ctx *c, u32 id, const void *obj)
{
	struct kstate_plan *plan = kstate_plan_get(c->in,
				kstate_blob_obj_type(&c->in->b, id), c->type);
	const struct kstate_field *f;
	int err;

	if (IS_ERR(plan) || plan->err || !plan->flex)
		return 0;	/* the decode reports a bad plan */
	c->plan = plan;
	f = plan->flex;
	err = flex_cap_of(c, f, obj, &c->flex_cap);
	if (err) {
		c->in->status[id] = err;
		c->in->stats.failed++;
		return err;
	}
	c->scratch_len = max_t(size_t, c->scratch_len,
			       f->offset + (size_t)c->flex_cap * flex_esize(f));
	return 0;
}

/*
 * The arrays of a restore call, kept from the last one: growing them again
 * for each object would allocate and copy on every call.
 */
static void take_spare(struct kstate_in *in, struct dec_ctx *c)
{
	struct kstate_spare *sp = &in->spare;

	c->allocs = sp->allocs;
	c->cap_allocs = sp->cap_allocs;
	c->queue = sp->queue;
	c->cap_queue = sp->cap_queue;
	c->heads = sp->heads;
	c->cap_heads = sp->cap_heads;
	memset(sp, 0, sizeof(*sp));
}

/* Keep a restore call's arrays for the next one, or free them. */
static void keep_spare(struct kstate_in *in, struct dec_ctx *c, bool keep)
{
	struct kstate_spare *sp = &in->spare;

	if (keep && !sp->allocs && !sp->queue && !sp->heads) {
		*sp = (struct kstate_spare){
			.allocs = c->allocs, .cap_allocs = c->cap_allocs,
			.queue = c->queue, .cap_queue = c->cap_queue,
			.heads = c->heads, .cap_heads = c->cap_heads,
		};
		return;
	}
	kvfree(c->allocs);
	kvfree(c->queue);
	kvfree(c->heads);
}

static void put_scratch(struct kstate_in *in, u8 *scratch)
{
	if (scratch == in->scratch)
		in->scratch_busy = false;
	else
		kfree(scratch);
}

/*
 * The restored object's pre_restore hook, on the object itself and before
 * its scratch copy is taken, so that what the hook sets in members the
 * restore leaves alone (KSTATE_KEEP, absent fields) is kept, and
 * KSTATE_MUST_MATCH compares against it. A refusal counts as a failed
 * restore.
 */
static int run_pre_restore(struct kstate_in *in, u32 id,
			   const struct kstate_type *type, void *obj)
{
	struct kstate_plan *plan;
	int err;

	if (likely(!type->ops || !type->ops->pre_restore))
		return 0;
	plan = kstate_plan_get(in, kstate_blob_obj_type(&in->b, id), type);
	if (IS_ERR(plan) || plan->err)
		return 0;	/* the decode reports a bad plan */
	err = plan->pre_restore(obj, writer_version(in, id));
	if (err) {
		pr_err("type %s key %llu: pre_restore refused: %pe\n",
		       type->name, (unsigned long long)kstate_blob_obj_key(&in->b, id),
		       ERR_PTR(err));
		in->status[id] = err;
		in->stats.failed++;
	}
	return err;
}

/**
 * kstate_in_restore() - restore one registered object by type and key
 * @in: the incoming state
 * @type: the reader's type of the object
 * @key: the key the writer registered it under
 * @obj: the object to fill in; only described members are written
 *
 * Resolves the writer's type against @type (once per type per blob), runs
 * the type's pre_restore hook on @obj, decodes into a scratch copy of @obj,
 * checks the KSTATE_MUST_MATCH fields against @obj and copies the scratch
 * copy over @obj only when every field succeeded, so a failed restore
 * leaves @obj untouched and frees
 * whatever it allocated. Objects reached through pointers, lists, xarrays
 * and variable arrays are allocated (kzalloc()/kcalloc()) and from then on
 * belong to the restored object's owner, as do the nodes of the xarrays,
 * which are initialized and filled in only once everything else decoded.
 * Pointers to other keyed objects are set once those are restored, in any
 * order. Then the type's post_restore hook runs on the object and on each
 * object allocated for it.
 *
 * Context: Process context.
 * Return: 0; -ENOENT if the blob has no such object; -EALREADY if it was
 * restored already; -EPROTO if the writer's version is older than
 * @type's min_version; -EOPNOTSUPP if the writer has a critical field
 * unknown here, or preserved pages came and no backend takes them back;
 * -ERANGE if a value does not fit (narrowing, shrinking); -ENXIO if a
 * KSTATE_MUST_MATCH field differs from @obj's;
 * -EINVAL if the blob is inconsistent; -ENOMEM; the pre_restore hook's
 * error; or the post_restore hook's error (the object then stays
 * restored). Failures are logged with type,
 * key and field.
 */
int kstate_in_restore(struct kstate_in *in, const struct kstate_type *type,
		      u64 key, void *obj)
{
	struct dec_ctx c = { .in = in, .type = type, .key = key, .final = obj };
	int id, err;
	u32 i;

	id = find_object(in, type, key);
	if (id < 0)
		return id;
	if (in->status[id] == KSTATE_RESTORED ||
	    in->status[id] == KSTATE_RELEASED || in->slots[id].obj) {
		pr_err("type %s key %llu: already restored\n", type->name,
		       (unsigned long long)key);
		return -EALREADY;
	}
	c.id = id;
	err = run_pre_restore(in, id, type, obj);
	if (err)
		return err;
	c.scratch_len = type->size;
	if (unlikely(type->flex)) {
		err = scratch_size(&c, id, obj);
		if (err)
			return err;
	}
	c.scratch = get_scratch(in, c.scratch_len, obj);
	if (!c.scratch)
		return -ENOMEM;
	if (c.scratch == in->scratch)
		take_spare(in, &c);
	/* back-references to the object point at its final place */
	in->slots[id].obj = obj;
	in->slots[id].type = type;
	err = dec_object(&c, id, type, c.scratch);
	if (!err && c.plan->must_match)
		err = check_must_match(&c, c.plan, kstate_blob_rec(&in->b, id),
				       0, 0);
	for (i = 0; !err && i < c.nr_queue; i++) {
		u32 q = c.queue[i];

		err = dec_object(&c, q, in->slots[q].type,
				 unlikely(c.nr_reuse) ? queued_dst(&c, q) :
				 in->slots[q].obj);
	}
	if (!err)
		err = dec_build_xarrays(&c);
	if (err) {
		dec_undo(&c, err);
		goto out;
	}
	dec_commit(&c);
	err = post_restore(in, id, type, obj);
	for (i = 0; !err && i < c.nr_queue; i++) {
		struct kstate_slot *s = &in->slots[c.queue[i]];

		err = post_restore(in, c.queue[i], s->type, s->obj);
	}
	if (err)
		pr_err("type %s key %llu: post_restore failed: %pe\n",
		       type->name, (unsigned long long)key, ERR_PTR(err));
out:
	/* the outermost call (the reused scratch copy) keeps the arrays */
	keep_spare(in, &c, c.scratch == in->scratch);
	put_scratch(in, c.scratch);
	/* what most restores do not need */
	if (unlikely(c.xas || c.xents || c.foreign || c.pages ||
		     c.reuse || c.customs))
		free_rare(&c);
	return err;
}
EXPORT_SYMBOL_GPL(kstate_in_restore);

static bool fixup_owned_by(const struct kstate_in *in,
			   const struct kstate_fixup *fx, const void *arg)
{
	return fx->owner == *(const int *)arg;
}

/**
 * kstate_in_release() - forget a restored object that is going away
 * @in: the incoming state
 * @type: the reader's type of the object
 * @key: its key
 *
 * For an owner that frees an object restored with kstate_in_restore()
 * while other objects of the blob may still be restored (its probe failed
 * after the restore, its module is going away): KSTATE drops the pointers
 * of the object, and of the objects allocated for it, that still wait for
 * keyed objects not restored yet, so that their restores later write
 * nothing into freed memory; and it forgets the anonymous objects
 * allocated for it, so that a later restore that shares one of them gets
 * its own copy instead of a pointer to freed memory. The object stays
 * counted as restored: it cannot be restored a second time.
 *
 * Context: Process context.
 * Return: 0; -ENOENT if the blob has no such object; -EINVAL if it was not
 * restored; -EALREADY if it was released already.
 */
int kstate_in_release(struct kstate_in *in, const struct kstate_type *type,
		      u64 key)
{
	int id = find_object(in, type, key);
	u32 i;

	if (id < 0)
		return id;
	if (in->status[id] == KSTATE_RELEASED)
		return -EALREADY;
	if (in->status[id] != KSTATE_RESTORED)
		return -EINVAL;
	take_fixups(in, fixup_owned_by, &id);
	for (i = in->b.nr_keyed; i < in->b.nr_objects; i++) {
		if (in->slots[i].obj && in->slots[i].owner == id) {
			in->slots[i].obj = NULL;
			in->slots[i].linked = false;
		}
	}
	in->slots[id].obj = NULL;
	in->status[id] = KSTATE_RELEASED;
	return 0;
}
EXPORT_SYMBOL_GPL(kstate_in_release);

struct forget {
	bool (*gone)(const struct kstate_type *t, void *arg);
	void *arg;
};

/* Fixups to a type going away, or in an object restored as one. */
static bool fixup_of_gone(const struct kstate_in *in,
			  const struct kstate_fixup *fx, const void *arg)
{
	const struct forget *f = arg;
	const struct kstate_type *owner = in->slots[fx->owner].type;

	return f->gone(fx->type, f->arg) || (owner && f->gone(owner, f->arg));
}

/**
 * kstate_in_forget_types() - drop what an incoming state holds of types
 *	going away
 * @in: the incoming state
 * @gone: true for a type going away (its module is being unloaded)
 * @arg: passed to @gone
 *
 * Every plan is dropped (a plan of a surviving type may embed the plan of
 * one going away; they are computed again on demand), as is the type found
 * last. The memo forgets the objects restored as those types and the
 * anonymous objects allocated for keyed objects of those types, and the
 * pointers still waiting for a keyed object are dropped where they point
 * to such a type or lie in an object restored as one: nothing of the
 * module's memory is written or handed out any more. Objects already
 * restored stay restored.
 *
 * Context: Process context.
 */
void kstate_in_forget_types(struct kstate_in *in,
			    bool (*gone)(const struct kstate_type *t, void *arg),
			    void *arg)
{
	struct forget f = { .gone = gone, .arg = arg };
	u32 i;

	take_fixups(in, fixup_of_gone, &f);
	/* anonymous objects first: by their owner's type too */
	for (i = in->b.nr_objects; i-- > 0;) {
		struct kstate_slot *s = &in->slots[i];
		const struct kstate_type *owner = i < in->b.nr_keyed ? NULL :
						  in->slots[s->owner].type;

		if ((s->type && gone(s->type, arg)) || (owner && gone(owner, arg))) {
			s->obj = NULL;
			s->type = NULL;
			s->linked = false;
		}
	}
	kstate_plans_empty(in);
	in->last_type = NULL;
}
EXPORT_SYMBOL_GPL(kstate_in_forget_types);

/**
 * kstate_in_present() - does the blob hold an object of this type and key?
 * @in: the incoming state
 * @type: the type (matched by name)
 * @key: the key
 *
 * Context: Process context, serialized with kstate_in_restore() (it moves
 * the lookup hint).
 * Return: true if kstate_in_restore() would find the object.
 */
bool kstate_in_present(struct kstate_in *in, const struct kstate_type *type,
		       u64 key)
{
	return find_object(in, type, key) >= 0;
}
EXPORT_SYMBOL_GPL(kstate_in_present);

/**
 * kstate_in_for_each() - call @fn for each key of @type in the blob
 * @in: the incoming state
 * @type: the type (matched by name)
 * @fn: called with each key, in increasing order; a non-zero return stops
 * @arg: passed to @fn
 *
 * Context: Process context.
 * Return: 0, or the first non-zero return of @fn.
 */
int kstate_in_for_each(struct kstate_in *in, const struct kstate_type *type,
		       int (*fn)(u64 key, void *arg), void *arg)
{
	int wtype = kstate_blob_find_type(&in->b, type->name);
	u32 i;
	int err;

	if (wtype < 0)
		return 0;
	for (i = in->b.first_keyed[wtype]; i < in->b.first_keyed[wtype + 1]; i++) {
		err = fn(kstate_blob_obj_key(&in->b, i), arg);
		if (err)
			return err;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(kstate_in_for_each);

/**
 * kstate_in_get_stats() - counters of an incoming blob
 * @in: the incoming state
 * @stats: filled in
 *
 * Context: Any context.
 */
void kstate_in_get_stats(struct kstate_in *in, struct kstate_in_stats *stats)
{
	*stats = in->stats;
}
EXPORT_SYMBOL_GPL(kstate_in_get_stats);
