// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE writer, the save: encode a set of registered objects into a blob.
 *
 * Saving assigns object ids (keyed objects first, in blob order, then
 * anonymous objects as pointers, lists and xarrays reach them, breadth
 * first: no recursion along object graphs), encodes each record and appends
 * the writer's type descriptions and the object table.
 *
 * Built both into the kernel and, through tools/testing/kstate/, on the host.
 */
#define pr_fmt(fmt) "kstate: " fmt

#include "kstate_internal.h"

/* &save_field.enc: after the kinds */
#define ENC_COND	KSTATE_KIND_NR		/* saved for some objects */
#define ENC_BITS	(KSTATE_KIND_NR + 1)	/* bitfield, read in place */

/**
 * struct save_field - how one descriptor field looks on the wire
 * @f: the descriptor field.
 * @enc: how enc_field() encodes it: @f's kind, %ENC_COND for a field
 *	saved for some objects only, %ENC_BITS for a bitfield read from its
 *	bytes (@bits).
 * @kind: wire kind (bitfields become UINT or SINT).
 * @size: wire @size of &struct kstate_field_ser.
 * @elem: wire size of one element in the fixed part.
 * @off: offset in the fixed part.
 * @sub: index of the field's type in the writer's type table, or -1.
 * @run: 0, or bytes of a plain copy from the object that encode this field
 *	and the @span - 1 following ones (see save_runs()).
 * @span: fields encoded by @run.
 * @nbits: 0, or the number of %ENC_BITS fields from this one on that read
 *	the same window of the object (see save_runs()).
 * @flags: those @nbits fields (8 at most) are one-bit flags, saved at once
 *	by kstate_bits_spread().
 * @bits: a bitfield's kind, size and place.
 */
struct save_field {
	const struct kstate_field *f;
	u8 enc;
	u8 kind;
	u32 size;
	u32 elem;
	u32 off;
	int sub;
	u32 run;
	u32 span;
	u32 nbits;
	bool flags;
	struct kstate_bits bits;
};

/**
 * struct save_type - a type of the blob being written
 * @t: the descriptor.
 * @wf: the wire layout of its fields alive in its version.
 * @nr_wf: entries in @wf.
 * @fixed: size of its records' fixed part; 0 until @sized.
 * @nr_keyed: objects of the type registered by key.
 * @sized: @wf and @fixed are computed.
 * @target: pointers, lists or xarrays of the saved types refer to objects
 *	of the type: its keyed objects go in the map of visited objects.
 */
struct save_type {
	const struct kstate_type *t;
	struct save_field *wf;
	u32 nr_wf;
	u32 fixed;
	u32 nr_keyed;
	bool sized;
	bool target;
};

/**
 * struct save_obj - an object of the blob being written
 * @obj: the object.
 * @key: its key (keyed objects).
 * @type: its index in &save_ctx.types.
 * @len: length of its record, once encoded.
 */
struct save_obj {
	const void *obj;
	u64 key;
	u32 type;
	u32 len;
};

/**
 * struct save_ctx - one save
 * @buf: the blob being written.
 * @data_off: where the records start.
 * @data_len: their total size.
 * @types: the types met so far, in blob order.
 * @nr_types: entries in @types.
 * @cap_types: its capacity.
 * @objs: the objects: keyed first, then anonymous as reached.
 * @nr_objs: entries in @objs.
 * @cap_objs: its capacity.
 * @nr_keyed: keyed objects, the first @nr_keyed of @objs.
 * @mem: the backend that preserves PAGES fields, or NULL.
 * @map: object id + 1 by (address, type), or 0: open addressing, a power
 *	of two slots.
 * @map_cap: slots of @map.
 * @map_shift: 64 - log2(@map_cap): the hash is the top bits of a product.
 * @map_used: used slots.
 */
struct save_ctx {
	struct kstate_buf buf;
	size_t data_off;
	size_t data_len;
	struct save_type *types;
	u32 nr_types;
	u32 cap_types;
	struct save_obj *objs;
	u32 nr_objs;
	u32 cap_objs;
	u32 nr_keyed;
	const struct kstate_mem_ops *mem;
	u32 *map;
	u32 map_cap;
	u32 map_shift;
	u32 map_used;
};

static u32 pmap_hash(const struct save_ctx *c, const void *p, u32 ti)
{
	return (((unsigned long)p ^ ti) * 0x9e3779b97f4a7c15ULL) >> c->map_shift;
}

/* The slot of object @p as type @ti: its id + 1, or 0 where it would go. */
static u32 *pmap_slot(struct save_ctx *c, const void *p, u32 ti)
{
	u32 i = pmap_hash(c, p, ti);

	while (c->map[i]) {
		const struct save_obj *o = &c->objs[c->map[i] - 1];

		if (o->obj == p && o->type == ti)
			break;
		i = (i + 1) & (c->map_cap - 1);
	}
	return &c->map[i];
}

static void pmap_put(struct save_ctx *c, u32 id)
{
	const struct save_obj *o = &c->objs[id];

	*pmap_slot(c, o->obj, o->type) = id + 1;
}

/* Rehash the map into @cap slots, a power of two. */
static int pmap_resize(struct save_ctx *c, u32 cap)
{
	u32 *old = c->map;
	u32 i, old_cap = c->map_cap;

	c->map = kvcalloc(cap, sizeof(*c->map), GFP_KERNEL);
	if (!c->map) {
		c->map = old;
		return -ENOMEM;
	}
	c->map_cap = cap;
	c->map_shift = 65 - fls64(cap);	/* cap is a power of two */
	for (i = 0; i < old_cap; i++)
		if (old[i])
			pmap_put(c, old[i] - 1);
	kvfree(old);
	return 0;
}

/*
 * Add object @id, whose &struct save_obj is set, to the map; @slot: where
 * pmap_slot() found it would go, or NULL.
 */
static int pmap_insert(struct save_ctx *c, u32 id, u32 *slot)
{
	int err;

	if ((c->map_used + 1) * 2 > c->map_cap) {
		err = pmap_resize(c, max(64U, c->map_cap * 2));
		if (err)
			return err;
		slot = NULL;	/* moved */
	}
	if (slot)
		*slot = id + 1;
	else
		pmap_put(c, id);
	c->map_used++;
	return 0;
}

static int save_type_index(struct save_ctx *c, const struct kstate_type *t)
{
	u32 i;
	int err;

	for (i = 0; i < c->nr_types; i++)
		if (c->types[i].t == t)
			return i;
	err = kstate_type_check(t);
	if (!err)
		err = kstate_grow_array((void **)&c->types, &c->cap_types,
					c->nr_types + 1, sizeof(*c->types));
	if (err)
		return err;
	for (i = 0; i < c->nr_types; i++) {
		if (!strcmp(c->types[i].t->name, t->name)) {
			pr_err("two different types are named %s\n", t->name);
			return -EINVAL;
		}
	}
	memset(&c->types[c->nr_types], 0, sizeof(*c->types));
	c->types[c->nr_types].t = t;
	return c->nr_types++;
}

/* Is the wire encoding of @w the bytes of its member, as they are? */
static bool save_copies(const struct save_field *w)
{
	const struct kstate_field *f = w->f;

	if (f->save_if)
		return false;
	switch (f->kind) {
	case KSTATE_KIND_UINT:
	case KSTATE_KIND_SINT:
		return !f->bf_get && kstate_le_native();
	case KSTATE_KIND_BOOL:
		return sizeof(bool) == 1;	/* a bool's bytes are 0 or 1 */
	case KSTATE_KIND_BYTES:
		return f->count == 1;
	default:
		return false;
	}
}

/* Do bitfields @a and @b read the same window of the object? */
static bool save_same_bits(const struct save_field *a,
			   const struct save_field *b)
{
	return b->enc == ENC_BITS && a->bits.off == b->bits.off &&
	       a->bits.load == b->bits.load;
}

/* Are the @n bitfields at @w one-bit flags in a row, on both sides? */
static bool save_flags(const struct save_field *w, u32 n)
{
	u32 k;

	for (k = 0; k < n; k++)
		if (w[k].bits.width != 1 || w[k].bits.kind != KSTATE_KIND_UINT ||
		    w[k].off != w->off + k || w[k].bits.shift != w->bits.shift + k)
			return false;
	return true;
}

/*
 * Coalesce fields that save_copies() and that lie one after the other both
 * in the object and on the wire into runs, each saved by one memcpy(), and
 * bitfields that share the window of the object they are read from into
 * groups, each read by one load: up to 8 flags in a row are one group.
 */
static void save_runs(struct save_field *wf, u32 n)
{
	u32 i, j;

	for (i = 0; i < n; i = j) {
		u32 end = wf[i].f->offset + wf[i].elem * wf[i].f->count;

		j = i + 1;
		if (wf[i].enc == ENC_BITS) {
			while (j < n && save_same_bits(&wf[i], &wf[j]))
				j++;
			if (save_flags(&wf[i], min(j - i, 8U))) {
				j = min(j, i + 8);
				wf[i].flags = true;
			}
			wf[i].nbits = j - i;
			continue;
		}
		if (!save_copies(&wf[i]))
			continue;
		for (; j < n && save_copies(&wf[j]) && wf[j].f->offset == end; j++)
			end += wf[j].elem * wf[j].f->count;
		wf[i].run = end - wf[i].f->offset;
		wf[i].span = j - i;
	}
}

/* Wire layout of type @idx; subtypes are added to the table as found. */
static int save_type_layout(struct save_ctx *c, u32 idx)
{
	const struct kstate_type *t = c->types[idx].t;
	struct save_field *wf;
	unsigned int i, n = 0;
	u8 *probe = NULL;
	u64 off = 0;
	int err;

	if (c->types[idx].sized)
		return 0;
	wf = kcalloc(t->nr_fields ?: 1, sizeof(*wf), GFP_KERNEL);
	if (!wf)
		return -ENOMEM;
	for (i = 0; i < t->nr_fields; i++) {
		const struct kstate_field *f = &t->fields[i];
		struct save_field *w = &wf[n];

		if (!kstate_field_alive(f, t->version))
			continue;
		w->f = f;
		w->enc = f->save_if ? ENC_COND : f->kind;
		w->kind = f->kind;
		/* a custom member's size is the reader's business */
		w->size = f->kind == KSTATE_KIND_CUSTOM ? 0 : f->size;
		w->sub = -1;
		if (f->bf_set) {
			err = -ENOMEM;
			if (!probe)
				probe = kzalloc(t->size, GFP_KERNEL);
			if (probe)
				err = kstate_bitfield_probe(t, f, probe, &w->bits);
			if (err)
				goto fail;
			w->kind = w->bits.kind;
			w->size = w->bits.size;
			if (w->bits.load && !f->save_if)
				w->enc = ENC_BITS;
		}
		if (f->type) {
			err = save_type_index(c, f->type);
			if (err < 0)
				goto fail;
			w->sub = err;
			if (f->kind == KSTATE_KIND_STRUCT || f->kind == KSTATE_KIND_VARRAY)
				w->size = 0;
		}
		if (f->kind == KSTATE_KIND_STRUCT) {
			/* C structures cannot embed themselves: this ends */
			err = save_type_layout(c, w->sub);
			if (err)
				goto fail;
			w->elem = c->types[w->sub].fixed;
		} else {
			w->elem = kstate_wire_elem(w->kind, w->size);
		}
		if (f->save_if)
			off++;	/* the presence byte, before w->off */
		w->off = off;
		off += (u64)w->elem * f->count;
		if (off > KSTATE_MAX_FIXED) {
			pr_err("type %s: fixed part too large\n", t->name);
			err = -E2BIG;
			goto fail;
		}
		n++;
	}
	save_runs(wf, n);
	kfree(probe);
	/* save_type_index() may have moved c->types */
	c->types[idx].wf = wf;
	c->types[idx].nr_wf = n;
	c->types[idx].fixed = off;
	c->types[idx].sized = true;
	return 0;
fail:
	kfree(probe);
	kfree(wf);
	return err;
}

/*
 * Object id of @p as type @ti (an index in &save_ctx.types), adding it as
 * an anonymous object if new.
 */
static int obj_ref(struct save_ctx *c, u32 ti, const void *p, u32 *wire)
{
	u32 *s;
	int err;

	if (!p) {
		*wire = 0;
		return 0;
	}
	s = pmap_slot(c, p, ti);
	if (*s) {
		*wire = *s;
		return 0;
	}
	if (c->nr_objs == KSTATE_NONE - 1)
		return -E2BIG;
	if (c->nr_objs == c->cap_objs) {
		err = kstate_grow_array((void **)&c->objs, &c->cap_objs,
					c->nr_objs + 1, sizeof(*c->objs));
		if (err)
			return err;
	}
	c->objs[c->nr_objs] = (struct save_obj){ .obj = p, .type = ti };
	err = pmap_insert(c, c->nr_objs, s);
	if (err)
		return err;
	*wire = ++c->nr_objs;
	return 0;
}

static int enc_fields(struct save_ctx *c, u32 ti, const void *obj,
		      size_t rec, u32 foff, const struct save_obj *o);

/* Append @n elements of @elem bytes to the record tail; write the ref. */
static long enc_tail(struct save_ctx *c, size_t rec, u32 refoff, u64 n,
		     u32 elem, const struct save_obj *o, const char *fname)
{
	struct kstate_ref_ser *ref;
	long off;

	if (n > KSTATE_MAX_ELEMS || n * elem > U32_MAX ||
	    c->buf.len + n * elem - rec > U32_MAX) {
		pr_err("type %s key %llu field %s: %llu elements is too many\n",
		       c->types[o->type].t->name, (unsigned long long)o->key,
		       fname, (unsigned long long)n);
		return -E2BIG;
	}
	off = kstate_buf_add(&c->buf, n * elem, 1);
	if (off < 0 || !n)
		return off;	/* nothing referenced: the reference stays zero */
	ref = (struct kstate_ref_ser *)(c->buf.p + rec + refoff);
	put_unaligned_le32(off - rec, &ref->off);
	put_unaligned_le32(n, &ref->count);
	return off;
}

/*
 * The present entries of the xarray at @xa, in index order, as a tail of
 * &struct kstate_xa_entry_ser: values, or references to anonymous objects.
 */
static int enc_xarray(struct save_ctx *c, const struct save_field *w,
		      struct xarray *xa, size_t rec, u32 at,
		      const struct save_obj *o)
{
	const struct kstate_field *f = w->f;
	struct kstate_xa_entry_ser *xs;
	unsigned long index;
	u64 n = 0, i = 0, v = 0;
	void *entry;
	long tail;
	u32 id;
	int err;

	xa_for_each(xa, index, entry)
		n++;
	tail = enc_tail(c, rec, at, n, sizeof(*xs), o, f->name);
	if (tail < 0)
		return tail;
	xa_for_each(xa, index, entry) {
		const char *why = NULL;

		if (i == n) {
			why = "changed while being saved";
		} else if (f->elem_kind == KSTATE_KIND_UINT) {
			if (!xa_is_value(entry))
				why = "is not a value";
			v = xa_to_value(entry);
		} else if (xa_is_value(entry)) {
			why = "is a value, not an object";
		} else {
			err = obj_ref(c, w->sub, entry, &id);
			if (err)
				return err;
			if (id <= c->nr_keyed)
				why = "is an object registered by key";
			v = id;
		}
		if (why) {
			pr_err("type %s key %llu field %s: entry %lu %s\n",
			       c->types[o->type].t->name,
			       (unsigned long long)o->key, f->name, index, why);
			return -EINVAL;
		}
		xs = (struct kstate_xa_entry_ser *)(c->buf.p + tail) + i++;
		put_unaligned_le64(index, &xs->index);
		put_unaligned_le64(v, &xs->value);
	}
	if (i != n) {
		pr_err("type %s key %llu field %s: xarray changed while being saved\n",
		       c->types[o->type].t->name, (unsigned long long)o->key,
		       f->name);
		return -EINVAL;
	}
	return 0;
}

/* Log a field that cannot be saved, naming its type, key and field. */
#define enc_err(c, o, f, fmt, ...) ({					\
	const struct save_obj *__o = (o);				\
									\
	pr_err("type %s key %llu field %s: " fmt "\n",			\
	       (c)->types[__o->type].t->name,				\
	       (unsigned long long)__o->key, (f)->name, ##__VA_ARGS__);	\
})

/* Where field @w of the record at @rec, whose fixed part is at @foff, is. */
static u8 *enc_at(struct save_ctx *c, const struct save_field *w, size_t rec,
		  u32 foff)
{
	return c->buf.p + rec + foff + w->off;
}

static void enc_ints(struct save_ctx *c, const struct save_field *w,
		     const void *obj, u8 *dst)
{
	const struct kstate_field *f = w->f;
	const u8 *m = (const u8 *)obj + f->offset;
	u32 i;

	if (f->bf_get) {
		kstate_put_le(dst, w->size, f->bf_get(obj));
	} else if (f->kind == KSTATE_KIND_BOOL) {
		for (i = 0; i < f->count; i++)
			dst[i] = ((const bool *)m)[i];
	} else if (kstate_le_native()) {	/* the wire layout is the native one */
		memcpy(dst, m, f->count * f->size);
	} else {
		for (i = 0; i < f->count; i++)
			kstate_put_le(dst + i * f->size, f->size,
				      kstate_get_int(m + i * f->size, f->size,
						     false));
	}
}

static int enc_string(struct save_ctx *c, const struct save_field *w,
		      const void *m, u8 *dst, const struct save_obj *o)
{
	size_t n = strnlen(m, w->f->size);

	if (n == w->f->size) {
		enc_err(c, o, w->f, "string not terminated");
		return -EINVAL;
	}
	memcpy(dst, m, n);
	return 0;
}

static int enc_ptrs(struct save_ctx *c, const struct save_field *w,
		    const void *m, u8 *dst)
{
	u32 i, id;
	int err;

	for (i = 0; i < w->f->count; i++) {
		err = obj_ref(c, w->sub, ((void *const *)m)[i], &id);
		if (err)
			return err;
		put_unaligned_le32(id, dst + 4 * i);
	}
	return 0;
}

static int enc_varray(struct save_ctx *c, const struct save_field *w,
		      const void *obj, size_t rec, u32 at,
		      const struct save_obj *o)
{
	const struct kstate_field *f = w->f;
	const u8 *m = (const u8 *)obj + f->offset;
	const u8 *items = f->flex ? m : *(void *const *)m;
	u64 n = f->aux_size ? kstate_get_int((const u8 *)obj + f->aux,
					     f->aux_size, false) :
		f->flex_len ? f->flex_len(obj) : !!items;
	u32 i, elem = f->size;
	long tail;
	int err;

	if (n && !items) {
		enc_err(c, o, f, "%llu elements at NULL", (unsigned long long)n);
		return -EINVAL;
	}
	if (f->type) {
		if (!c->types[w->sub].sized) {
			err = save_type_layout(c, w->sub);
			if (err)
				return err;
		}
		elem = c->types[w->sub].fixed;
	}
	tail = enc_tail(c, rec, at, n, elem, o, f->name);
	if (tail < 0)
		return tail;
	if (elem == 1 && !f->type) {	/* bytes, and KSTATE_FLEX_BYTES() */
		memcpy(c->buf.p + tail, items, n);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (!f->type) {
			kstate_put_le(c->buf.p + tail + i * elem, elem,
				      kstate_get_int(items + i * elem, elem,
						     false));
			continue;
		}
		err = enc_fields(c, w->sub, items + i * f->type->size, rec,
				 tail - rec + i * elem, o);
		if (err)
			return err;
	}
	return 0;
}

/*
 * A list_head and an hlist_head both start with their first node, and list
 * and hlist nodes with the next one: both are walked alike, up to the head
 * for a list, up to NULL for an hlist.
 */
static const void *kstate_next_node(const void *pos)
{
	return *(const void *const *)pos;
}

static int enc_list(struct save_ctx *c, const struct save_field *w,
		    const void *m, size_t rec, u32 at, const struct save_obj *o)
{
	const struct kstate_field *f = w->f;
	const void *pos, *end = f->hlist ? NULL : m;
	u32 i = 0, id;
	long tail;
	u64 n = 0;
	int err;

	BUILD_BUG_ON(offsetof(struct list_head, next) ||
		     offsetof(struct hlist_head, first) ||
		     offsetof(struct hlist_node, next));
	for (pos = kstate_next_node(m); pos != end; pos = kstate_next_node(pos))
		n++;
	tail = enc_tail(c, rec, at, n, sizeof(__le32), o, f->name);
	if (tail < 0)
		return tail;
	for (pos = kstate_next_node(m); pos != end; pos = kstate_next_node(pos)) {
		err = obj_ref(c, w->sub, (const u8 *)pos - f->aux, &id);
		if (err)
			return err;
		if (id <= c->nr_keyed) {
			enc_err(c, o, f, "a listed object is registered by key");
			return -EINVAL;
		}
		put_unaligned_le32(id, c->buf.p + tail + 4 * i++);
	}
	return 0;
}

static int enc_pages(struct save_ctx *c, const struct save_field *w,
		     const void *m, u8 *dst, const struct save_obj *o)
{
	struct kstate_pages_ser *ps = (void *)dst;
	struct page *page = *(struct page *const *)m;
	u64 phys = 0;
	int err;

	if (w->f->virt && page) {
		const void *addr = *(const void *const *)m;

		if (!PAGE_ALIGNED(addr) || !virt_addr_valid(addr)) {
			enc_err(c, o, w->f, "%p is not page-aligned memory of the linear map",
				addr);
			return -EINVAL;
		}
		page = virt_to_page(addr);
	}
	if (page) {
		err = c->mem ? c->mem->preserve(page, w->f->aux, &phys) :
			       -EOPNOTSUPP;
		if (err) {
			enc_err(c, o, w->f, "cannot preserve pages: %pe",
				ERR_PTR(err));
			return err;
		}
	}
	put_unaligned_le64(phys, &ps->phys);
	put_unaligned_le32(w->f->aux, &ps->order);
	return 0;
}

static int enc_custom(struct save_ctx *c, const struct save_field *w,
		      const void *obj, size_t rec, u32 at,
		      const struct save_obj *o)
{
	const struct kstate_field *f = w->f;
	const void *m = (const u8 *)obj + f->offset;
	struct kstate_mem mem = { .ops = c->mem };
	u64 n = f->custom->size(obj, m);
	long tail;
	int err;

	tail = enc_tail(c, rec, at, n, 1, o, f->name);
	if (tail < 0)
		return tail;
	err = f->custom->save(obj, m, c->buf.p + tail, n, &mem);
	if (err)
		enc_err(c, o, f, "save failed: %pe", ERR_PTR(err));
	return err;
}

/**
 * kstate_custom_preserve() - keep memory in place, from a custom field's save
 * @mem: the handle the save callback was given
 * @page: an order-0 page or a compound page of @order, owned by the object
 * @order: its allocation order
 * @phys: its physical address, for the callback to save
 *
 * As for a %KSTATE_KIND_PAGES field: the backend preserves the pages once
 * per save, however many fields refer to them, and undoes it if the save
 * fails. For the page tables of an IOMMU domain, say: a custom field saves
 * each table's address and preserves it here. Unlike a PAGES field's, the
 * pages of an object that nobody restores in the next kernel stay
 * reserved after kstate_finish(): the engine cannot find them in custom
 * bytes.
 *
 * Context: In a &struct kstate_custom_ops save callback only.
 * Return: 0, -EOPNOTSUPP if the save has no backend (kstate_save(): no
 * pages are kept then), or the backend's error.
 */
int kstate_custom_preserve(struct kstate_mem *mem, struct page *page,
			   unsigned int order, u64 *phys)
{
	if (!mem->ops || !mem->ops->preserve)
		return -EOPNOTSUPP;
	return mem->ops->preserve(page, order, phys);
}
EXPORT_SYMBOL_GPL(kstate_custom_preserve);

/* Encode field @w of @obj into the record at @rec (fixed part at @foff). */
static int enc_field(struct save_ctx *c, const struct save_field *w,
		     const void *obj, size_t rec, u32 foff,
		     const struct save_obj *o)
{
	const struct kstate_field *f = w->f;
	const u8 *m = (const u8 *)obj + f->offset;
	u8 *dst = enc_at(c, w, rec, foff);
	u32 i, at = foff + w->off;
	u8 enc = w->enc;
	int err;

again:
	switch (enc) {
	case KSTATE_KIND_UINT:
	case KSTATE_KIND_SINT:
	case KSTATE_KIND_BOOL:
	case ENC_BITS:		/* through the accessor (enc_check()) */
		enc_ints(c, w, obj, dst);
		return 0;
	case KSTATE_KIND_BYTES:
		memcpy(dst, m, f->size);
		return 0;
	case KSTATE_KIND_STRING:
		return enc_string(c, w, m, dst, o);
	case KSTATE_KIND_STRUCT:
		for (i = 0; i < f->count; i++) {
			err = enc_fields(c, w->sub, m + i * f->type->size,
					 rec, at + i * w->elem, o);
			if (err)
				return err;
		}
		return 0;
	case KSTATE_KIND_PTR:
		return enc_ptrs(c, w, m, dst);
	case KSTATE_KIND_VARRAY:
		return enc_varray(c, w, obj, rec, at, o);
	case KSTATE_KIND_LIST:
		return enc_list(c, w, m, rec, at, o);
	case KSTATE_KIND_PAGES:
		return enc_pages(c, w, m, dst, o);
	case KSTATE_KIND_CUSTOM:
		return enc_custom(c, w, obj, rec, at, o);
	case KSTATE_KIND_XARRAY:
		return enc_xarray(c, w, (struct xarray *)m, rec, at, o);
	case ENC_COND:
		/*
		 * Saved for the objects its predicate is true for: the
		 * presence byte before it, then the field, or zeroes. An
		 * absent pointer is not followed.
		 */
		dst[-1] = f->save_if(obj);
		if (!dst[-1]) {
			memset(dst, 0, (size_t)w->elem * f->count);
			return 0;
		}
		enc = f->kind;
		goto again;
	default:
		enc_err(c, o, f, "kind %u cannot be saved", f->kind);
		return -EOPNOTSUPP;
	}
}

/*
 * Test builds: encode the @n fields at @w that a compiled step just wrote
 * again, one by one as the interpreter does, and compare.
 */
static noinline int enc_check(struct save_ctx *c, const struct save_field *w,
			      u32 n, const void *obj, size_t rec, u32 foff,
			      const struct save_obj *o)
{
	const struct save_field *last = w + n - 1;
	u32 len = last->off + last->elem * last->f->count - w->off;
	u8 *at = c->buf.p + rec + foff + w->off, *fast;
	bool differ;
	u32 k;

	fast = kmemdup(at, len, GFP_KERNEL);
	if (!fast)
		return -ENOMEM;
	memset(at, 0, len);
	for (k = 0; k < n; k++)
		enc_field(c, &w[k], obj, rec, foff, o);
	differ = memcmp(at, fast, len);
	kfree(fast);
	if (!kstate_crosscheck_note(differ))
		return 0;
	enc_err(c, o, w->f, "compiled and interpreted encodings differ");
	return -EILSEQ;
}

/*
 * A compiled step at @w of the record's fixed part at @base: a run of
 * copies or a group of bitfields. Return: the field after it.
 */
static __always_inline const struct save_field *
enc_step(const struct save_field *w, const void *obj, u8 *base)
{
	const struct save_field *g, *end;
	u64 word;

	if (w->run) {
		const u8 *src = (const u8 *)obj + w->f->offset;

		/* most runs are a few members: no call for those */
		if (w->run <= 8)
			kstate_put_bytes(base + w->off, w->run,
					 kstate_get_bytes(src, w->run));
		else
			memcpy(base + w->off, src, w->run);
		return w + w->span;
	}
	word = kstate_get_le((const u8 *)obj + w->bits.off, w->bits.load);
	end = w + w->nbits;
	if (w->flags) {
		word = (word >> w->bits.shift) & (~0ULL >> (64 - w->nbits));
		kstate_put_bytes(base + w->off, w->nbits,
				 kstate_bits_spread(word));
		return end;
	}
	for (g = w; g < end; g++) {
		u64 v = kstate_bits_val(&g->bits, word);

		if (g->size == 1)
			base[g->off] = v;
		else
			kstate_put_le(base + g->off, g->size, v);
	}
	return end;
}

static int enc_fields(struct save_ctx *c, u32 ti, const void *obj,
		      size_t rec, u32 foff, const struct save_obj *o)
{
	const struct save_field *w = c->types[ti].wf;
	const struct save_field *end = w + c->types[ti].nr_wf;
	const struct save_field *g;
	int err;

	while (w < end) {
		if (w->run || w->nbits) {
			/* where the record is: enc_field() may move the buffer */
			g = w;
			w = enc_step(w, obj, c->buf.p + rec + foff);
			if (kstate_crosschecking()) {
				err = enc_check(c, g, w - g, obj, rec, foff, o);
				if (err)
					return err;
			}
			continue;
		}
		err = enc_field(c, w, obj, rec, foff, o);
		if (err)
			return err;
		w++;
	}
	return 0;
}

static int enc_object(struct save_ctx *c, u32 id)
{
	struct save_obj o = c->objs[id];
	const struct kstate_type *t = c->types[o.type].t;
	long rec;
	int err;

	if (t->ops && t->ops->pre_save) {
		err = t->ops->pre_save((void *)o.obj);
		if (err) {
			pr_err("type %s key %llu: pre_save failed: %pe\n",
			       t->name, (unsigned long long)o.key, ERR_PTR(err));
			return err;
		}
	}
	if (!c->types[o.type].sized) {
		err = save_type_layout(c, o.type);
		if (err)
			return err;
	}
	rec = kstate_buf_add(&c->buf, c->types[o.type].fixed, 1);
	if (rec < 0)
		return rec;
	err = enc_fields(c, o.type, o.obj, rec, 0, &o);
	if (err)
		return err;
	/* the next record starts here: the reader sums the lengths */
	if (c->buf.len - rec > U32_MAX) {
		pr_err("type %s key %llu: record too large\n", t->name,
		       (unsigned long long)o.key);
		return -E2BIG;
	}
	c->objs[id].len = c->buf.len - rec;
	return 0;
}

static long add_string(struct save_ctx *c, size_t base, const char *s)
{
	size_t n = strlen(s) + 1;
	long off = kstate_buf_add(&c->buf, n, 1);

	if (off < 0)
		return off;
	memcpy(c->buf.p + off, s, n);
	return off - base;
}

/* Size of the object table: keyed entries, then anonymous ones. */
static size_t obj_table_bytes(u32 nr_keyed, u32 nr_objs)
{
	u64 n = (u64)nr_keyed * sizeof(struct kstate_keyed_ser) +
		(u64)(nr_objs - nr_keyed) * sizeof(struct kstate_anon_ser);

	return min_t(u64, n, SIZE_MAX);
}

/**
 * struct save_sections - where the tables after the records are
 * @strings: offset of the string section.
 * @types: of the type table.
 * @fields: of the field table.
 * @objs: of the object table.
 * @nr_fields: fields of all types.
 * @names: per type its name, per field its name and its alias list: their
 *	offsets in the string section, in table order.
 */
struct save_sections {
	size_t strings;
	size_t types;
	size_t fields;
	size_t objs;
	u32 nr_fields;
	u32 *names;
};

/* A name list: the aliases, then an empty string; KSTATE_NONE if none. */
static long add_aliases(struct save_ctx *c, size_t base, const char *a)
{
	long first, off;

	if (!a || !*a)
		return KSTATE_NONE;
	first = add_string(c, base, a);
	for (off = first, a += strlen(a) + 1; *a && off >= 0;
	     a += strlen(a) + 1)
		off = add_string(c, base, a);
	if (off >= 0)
		off = add_string(c, base, "");
	return off < 0 ? off : first;
}

/* The string section: every name, with the offsets in @sec->names. */
static int emit_strings(struct save_ctx *c, struct save_sections *sec)
{
	long off = kstate_buf_add(&c->buf, 0, 8);
	u32 i, k, j = 0;

	sec->strings = off;
	for (i = 0; i < c->nr_types && off >= 0; i++) {
		const struct save_type *st = &c->types[i];

		off = add_string(c, sec->strings, st->t->name);
		sec->names[j++] = off;
		for (k = 0; k < st->nr_wf && off >= 0; k++) {
			off = add_string(c, sec->strings, st->wf[k].f->name);
			sec->names[j++] = off;
			if (off >= 0)
				off = add_aliases(c, sec->strings,
						  st->wf[k].f->aliases);
			sec->names[j++] = off;
		}
	}
	return off < 0 ? off : 0;
}

/* Room for the type, field and object tables, 8-byte aligned each. */
static int emit_room(struct save_ctx *c, struct save_sections *sec)
{
	long off;

	off = kstate_buf_add(&c->buf, array_size(c->nr_types,
						 sizeof(struct kstate_type_ser)), 8);
	sec->types = off;
	if (off >= 0)
		off = kstate_buf_add(&c->buf, array_size(sec->nr_fields,
							 sizeof(struct kstate_field_ser)), 8);
	sec->fields = off;
	if (off >= 0)
		off = kstate_buf_add(&c->buf, obj_table_bytes(c->nr_keyed,
							      c->nr_objs), 8);
	sec->objs = off;
	return off < 0 ? off : 0;
}

static void emit_field(struct kstate_field_ser *fs, const struct save_field *w,
		       const u32 *names)
{
	const struct kstate_field *f = w->f;

	fs->name = cpu_to_le32(names[0]);
	fs->kind = w->kind;
	fs->flags = (f->critical ? KSTATE_FIELD_CRITICAL : 0) |
		    (f->save_if ? KSTATE_FIELD_COND : 0);
	fs->elem_kind = kstate_kind(f->kind)->flags & KSTATE_KF_ELEMS ?
			f->elem_kind : 0;
	fs->size = cpu_to_le32(w->size);
	fs->count = cpu_to_le32(f->count);
	fs->type = cpu_to_le32(w->sub < 0 ? KSTATE_NONE : w->sub);
	fs->aliases = cpu_to_le32(names[1]);
}

/* The type and field tables. */
static void emit_types(struct save_ctx *c, const struct save_sections *sec)
{
	struct kstate_type_ser *ts = (void *)(c->buf.p + sec->types);
	struct kstate_field_ser *fs = (void *)(c->buf.p + sec->fields);
	const u32 *names = sec->names;
	u32 i, k, nf = 0;

	/* keyed objects come sorted by type: count each type's group */
	for (i = 0; i < c->nr_keyed; i++)
		c->types[c->objs[i].type].nr_keyed++;
	for (i = 0; i < c->nr_types; i++, ts++) {
		const struct save_type *st = &c->types[i];

		ts->name = cpu_to_le32(*names++);
		ts->version = cpu_to_le32(st->t->version);
		ts->first_field = cpu_to_le32(nf);
		ts->nr_fields = cpu_to_le32(st->nr_wf);
		ts->fixed_size = cpu_to_le32(st->fixed);
		ts->nr_keyed = cpu_to_le32(st->nr_keyed);
		for (k = 0; k < st->nr_wf; k++, nf++, names += 2)
			emit_field(fs + nf, &st->wf[k], names);
	}
}

/* The object table: keyed entries, then anonymous ones. */
static void emit_objects(struct save_ctx *c, const struct save_sections *sec)
{
	struct kstate_keyed_ser *ks = (void *)(c->buf.p + sec->objs);
	struct kstate_anon_ser *as = (void *)(ks + c->nr_keyed);
	u32 i;

	for (i = 0; i < c->nr_keyed; i++) {
		ks[i].key = cpu_to_le64(c->objs[i].key);
		ks[i].len = cpu_to_le32(c->objs[i].len);
	}
	for (; i < c->nr_objs; i++) {
		as[i - c->nr_keyed].type = cpu_to_le32(c->objs[i].type);
		as[i - c->nr_keyed].len = cpu_to_le32(c->objs[i].len);
	}
}

static void emit_header(struct save_ctx *c, const struct save_sections *sec)
{
	struct kstate_hdr_ser *h = (struct kstate_hdr_ser *)c->buf.p;

	h->magic = cpu_to_le32(KSTATE_MAGIC);
	h->format = cpu_to_le32(KSTATE_FORMAT_VERSION);
	h->size = cpu_to_le64(c->buf.len);
	h->strings_off = cpu_to_le64(sec->strings);
	h->strings_len = cpu_to_le64(sec->types - sec->strings);
	h->types_off = cpu_to_le64(sec->types);
	h->nr_types = cpu_to_le32(c->nr_types);
	h->nr_fields = cpu_to_le32(sec->nr_fields);
	h->fields_off = cpu_to_le64(sec->fields);
	h->objects_off = cpu_to_le64(sec->objs);
	h->nr_objects = cpu_to_le32(c->nr_objs);
	h->data_off = cpu_to_le64(c->data_off);
	h->nr_keyed = cpu_to_le32(c->nr_keyed);
	h->data_len = cpu_to_le64(c->data_len);
}

/* Append strings, types, fields and objects; fill in the header. */
static int emit_tables(struct save_ctx *c)
{
	struct save_sections sec = {};
	u32 i;
	int err;

	for (i = 0; i < c->nr_types; i++) {
		err = save_type_layout(c, i);
		if (err)
			return err;
		sec.nr_fields += c->types[i].nr_wf;
	}
	sec.names = kvcalloc(c->nr_types + 2 * sec.nr_fields + 1,
			     sizeof(*sec.names), GFP_KERNEL);
	if (!sec.names)
		return -ENOMEM;
	/* the object table is most of what follows */
	err = kstate_buf_reserve(&c->buf, obj_table_bytes(c->nr_keyed,
							  c->nr_objs));
	/* the records end here, back to back; the next section is aligned */
	c->data_len = c->buf.len - c->data_off;
	if (!err)
		err = emit_strings(c, &sec);
	if (!err)
		err = emit_room(c, &sec);
	if (!err) {
		emit_types(c, &sec);
		emit_objects(c, &sec);
		emit_header(c, &sec);
	}
	kvfree(sec.names);
	return err;
}

/* The registered objects, in (type, key) order: the keyed objects. */
static int save_keyed(struct save_ctx *c, struct kstate_out *out)
{
	const struct kstate_type *prev = NULL;
	struct rb_node *n;
	int err, ti = 0;

	/* as many anonymous objects as keyed ones without growing */
	err = kstate_grow_array((void **)&c->objs, &c->cap_objs,
				2 * out->nr + 16, sizeof(*c->objs));
	for (n = rb_first(&out->root); n && !err; n = rb_next(n)) {
		struct kstate_entry *e = rb_entry(n, struct kstate_entry, node);

		if (e->type != prev) {
			ti = save_type_index(c, e->type);
			if (ti < 0)
				return ti;
			prev = e->type;
		}
		c->objs[c->nr_objs++] = (struct save_obj){ .obj = e->obj,
							   .key = e->key,
							   .type = ti };
	}
	c->nr_keyed = c->nr_objs;
	return err;
}

/*
 * The wire layout of every type the keyed objects' types reach (the table
 * grows as layouts add types); which are pointed to; room for the keyed
 * records and the object table, and a quarter more for tails and
 * anonymous objects (growing copies the buffer); the header.
 */
static int save_reserve(struct save_ctx *c)
{
	size_t need = sizeof(struct kstate_hdr_ser) +
		      (size_t)c->nr_keyed * sizeof(struct kstate_keyed_ser);
	u32 i, k;
	long off;
	int err;

	for (i = 0; i < c->nr_types; i++) {
		err = save_type_layout(c, i);
		if (err)
			return err;
	}
	for (i = 0; i < c->nr_types; i++) {
		for (k = 0; k < c->types[i].nr_wf; k++) {
			const struct save_field *w = &c->types[i].wf[k];

			if (w->sub >= 0 && (w->kind == KSTATE_KIND_PTR ||
					    w->kind == KSTATE_KIND_LIST ||
					    w->kind == KSTATE_KIND_XARRAY))
				c->types[w->sub].target = true;
		}
	}
	for (i = 0; i < c->nr_keyed; i++)
		need += c->types[c->objs[i].type].fixed;
	err = kstate_buf_reserve(&c->buf, need + need / 4);
	if (err)
		return err;
	off = kstate_buf_add(&c->buf, sizeof(struct kstate_hdr_ser), 8);
	if (off < 0)
		return off;
	c->data_off = c->buf.len;
	return 0;
}

/*
 * The map of visited objects, with room for the keyed objects and as many
 * reached from them: the keyed objects that pointers may reach.
 */
static int save_map(struct save_ctx *c)
{
	u32 i, cap = 64;
	int err;

	while (cap < SZ_1G && cap < 4ULL * c->nr_keyed)
		cap *= 2;
	err = pmap_resize(c, cap);
	for (i = 0; i < c->nr_keyed && !err; i++)
		if (c->types[c->objs[i].type].target)
			err = pmap_insert(c, i, NULL);
	return err;
}

/**
 * kstate_out_save() - save every registered object into a new blob
 * @out: the set
 * @blob: on success, the blob (free with kvfree())
 * @size: on success, its size
 *
 * Calls each type's pre_save hook, walks the objects and everything they
 * reach through pointers, lists and xarrays, and encodes them with the
 * writer's type descriptions. The registered objects are only read.
 *
 * Context: Process context; the objects must not change meanwhile.
 * Return: 0; the error of a pre_save hook; -EINVAL for an object that
 * cannot be encoded (message names type, key and field); -E2BIG for sizes
 * beyond the format's limits; -ENOMEM.
 */
int kstate_out_save(struct kstate_out *out, void **blob, size_t *size)
{
	struct save_ctx c = { .mem = out->mem };
	u32 i;
	int err;

	err = save_keyed(&c, out);
	if (!err)
		err = save_reserve(&c);
	if (!err)
		err = save_map(&c);
	/* objects reached through pointers and lists are appended meanwhile */
	for (i = 0; !err && i < c.nr_objs; i++)
		err = enc_object(&c, i);
	if (!err)
		err = emit_tables(&c);
	if (!err) {
		((struct kstate_hdr_ser *)c.buf.p)->crc =
			cpu_to_le32(kstate_blob_crc(c.buf.p, c.buf.len));
		*blob = c.buf.p;
		*size = c.buf.len;
		c.buf.p = NULL;
	}
	for (i = 0; i < c.nr_types; i++)
		kfree(c.types[i].wf);
	kvfree(c.types);
	kvfree(c.objs);
	kvfree(c.map);
	kstate_buf_free(&c.buf);
	return err;
}
EXPORT_SYMBOL_GPL(kstate_out_save);
