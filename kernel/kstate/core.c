// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE engine: save described objects into a blob, restore them by key.
 *
 * Writer: a &struct kstate_out holds registered objects ordered by (type,
 * key). Saving assigns object ids (keyed objects first, in blob order, then
 * anonymous objects as pointers and lists reach them, breadth first: no
 * recursion along object graphs), encodes each record and appends the
 * writer's type descriptions.
 *
 * Reader: a &struct kstate_in serves restores by key from a validated blob.
 * For each (blob type, reader type) pair it computes a plan once: one op per
 * reader field, resolved by name and aliases to the writer's field, with the
 * conversion it needs. An object is decoded into a scratch copy and copied
 * over the caller's object only when everything succeeded; objects reached
 * through pointers and lists are allocated, shared through a per-blob memo
 * (so shared and cyclic references come back shared and cyclic) and freed
 * again if the restore fails.
 *
 * Built both into the kernel and, through tools/testing/kstate/, on the host.
 */
#define pr_fmt(fmt) "kstate: " fmt

#include "kstate_internal.h"

static bool field_alive(const struct kstate_field *f, u32 version)
{
	return f->since <= version && (!f->until || version < f->until);
}

/* ------------------------------------------------------------------ */
/* Wire layout of a reader/writer descriptor type                      */
/* ------------------------------------------------------------------ */

/**
 * struct kstate_wf - how one descriptor field looks on the wire
 * @f: the descriptor field.
 * @kind: wire kind (bitfields become UINT or SINT).
 * @size: wire @size of &struct kstate_field_ser.
 * @elem: wire size of one element in the fixed part.
 * @off: offset in the fixed part.
 * @sub: index of the field's type in the writer's type table, or -1.
 * @run: 0, or bytes of a plain copy from the object that encode this field
 *	and the @span - 1 following ones (see save_runs()).
 * @span: fields encoded by @run.
 */
struct kstate_wf {
	const struct kstate_field *f;
	u8 kind;
	u32 size;
	u32 elem;
	u32 off;
	int sub;
	u32 run;
	u32 span;
};

/*
 * Width and signedness of a bitfield, found through its accessors on a
 * zeroed scratch object: store all ones and read back.
 */
static int bitfield_probe(const struct kstate_type *t,
			  const struct kstate_field *f, u8 *kind, u32 *size)
{
	unsigned int bits;
	void *tmp;
	u64 v;

	tmp = kzalloc(t->size, GFP_KERNEL);
	if (!tmp)
		return -ENOMEM;
	f->bf_set(tmp, ~0ULL);
	v = f->bf_get(tmp);
	if (v != ~0ULL) {
		*kind = KSTATE_KIND_UINT;
		bits = fls64(v);
	} else {
		/* signed (reads back -1), or unsigned of 64 bits */
		for (bits = 1; bits < 64; bits++) {
			f->bf_set(tmp, 1ULL << (bits - 1));
			if ((s64)f->bf_get(tmp) < 0)
				break;
		}
		*kind = bits < 64 ? KSTATE_KIND_SINT : KSTATE_KIND_UINT;
	}
	kfree(tmp);
	*size = bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : 8;
	return 0;
}

static int check_type(const struct kstate_type *t)
{
	unsigned int i, j;

	if (!t->name || !*t->name || t->nr_fields > KSTATE_MAX_TYPE_FIELDS) {
		pr_err("type %s: no name or too many fields\n", t->name ?: "?");
		return -EINVAL;
	}

	for (i = 0; i < t->nr_fields; i++) {
		const struct kstate_field *f = &t->fields[i];
		bool custom = f->kind == KSTATE_KIND_CUSTOM;
		bool xarray = f->kind == KSTATE_KIND_XARRAY;
		bool typed = f->kind == KSTATE_KIND_STRUCT ||
			     f->kind == KSTATE_KIND_PTR ||
			     f->kind == KSTATE_KIND_LIST ||
			     f->elem_kind == KSTATE_KIND_STRUCT ||
			     (xarray && f->elem_kind == KSTATE_KIND_PTR);

		if (!f->name || !*f->name || !f->count || typed != !!f->type ||
		    (f->until && f->until <= f->since) ||
		    (f->bf_get && !f->bf_set) || custom != !!f->custom ||
		    (custom && (!f->custom->size || !f->custom->save ||
				!f->custom->restore)) ||
		    (xarray && (f->count != 1 ||
				(f->elem_kind != KSTATE_KIND_PTR &&
				 f->elem_kind != KSTATE_KIND_UINT)))) {
			pr_err("type %s field %s: bad descriptor\n", t->name,
			       f->name ?: "?");
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (!strcmp(f->name, t->fields[j].name)) {
				pr_err("type %s: field %s described twice\n",
				       t->name, f->name);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Writer                                                              */
/* ------------------------------------------------------------------ */

struct kstate_entry {
	union {
		struct rb_node node;
		struct kstate_entry *next_free;	/* once removed */
	};
	const struct kstate_type *type;
	u64 key;
	void *obj;
};

/* Entries are allocated in chunks of geometrically growing size. */
struct kstate_entry_chunk {
	struct kstate_entry_chunk *next;
	unsigned int used;
	unsigned int cap;
	struct kstate_entry e[] __counted_by(cap);
};

#define KSTATE_CHUNK_MIN	64U
#define KSTATE_CHUNK_MAX	8192U

/**
 * struct kstate_out - a set of registered objects to save
 * @root: entries ordered by (type, key).
 * @last: the greatest entry, or NULL.
 * @hint: the entry registered last, or NULL. Objects usually come in runs
 *	of one type in increasing order of key: each goes right after @hint
 *	or @last, found without a tree walk.
 * @nr: number of entries.
 * @mem: the backend that preserves PAGES fields, or NULL.
 * @checked: the type kstate_out_add() validated last: objects come in runs
 *	of one type, and validating a descriptor costs O(fields^2).
 * @chunks: the memory of the entries, newest chunk first.
 * @free: removed entries, reused by later registrations.
 */
struct kstate_out {
	struct rb_root root;
	struct kstate_entry *last;
	struct kstate_entry *hint;
	unsigned int nr;
	const struct kstate_type *checked;
	const struct kstate_mem_ops *mem;
	struct kstate_entry_chunk *chunks;
	struct kstate_entry *free;
};

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
		err = check_type(type);
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
			if (e == out->last)
				out->last = rb_entry_safe(rb_prev(n),
							  struct kstate_entry, node);
			if (e == out->hint)
				out->hint = NULL;
			rb_erase(n, &out->root);
			e->next_free = out->free;
			out->free = e;
			out->nr--;
			return 0;
		}
		n = c < 0 ? n->rb_left : n->rb_right;
	}
	return -ENOENT;
}
EXPORT_SYMBOL_GPL(kstate_out_remove);

struct otype {
	const struct kstate_type *t;
	struct kstate_wf *wf;
	u32 nr_wf;
	u32 fixed;		/* 0 until computed */
	u32 nr_keyed;		/* objects of the type registered by key */
	bool sized;
};

struct oobj {
	const void *obj;
	u64 key;
	u32 type;
	u32 len;
};

struct save_ctx {
	struct kstate_buf buf;
	size_t data_off;
	size_t data_len;
	struct otype *types;
	u32 nr_types;
	u32 cap_types;
	struct oobj *objs;
	u32 nr_objs;
	u32 cap_objs;
	u32 nr_keyed;
	const struct kstate_mem_ops *mem;
	u32 *map;		/* object id + 1, or 0: open addressing, power of two */
	u32 map_cap;
	u32 map_used;
};

static int grow_array(void **arr, u32 *cap, u32 need, size_t esize)
{
	u32 ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = max(need, max(*cap * 2, 16U));
	p = kvrealloc(*arr, array_size(ncap, esize), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

static u32 pmap_hash(const void *p, const struct kstate_type *t)
{
	u64 h = ((unsigned long)p ^ ((unsigned long)t << 7)) * 0x9e3779b97f4a7c15ULL;

	return h >> 32;
}

/* The slot of object @p as type @t: its id + 1, or 0 where it would go. */
static u32 *pmap_slot(struct save_ctx *c, const void *p,
		      const struct kstate_type *t)
{
	u32 i = pmap_hash(p, t) & (c->map_cap - 1);

	while (c->map[i]) {
		const struct oobj *o = &c->objs[c->map[i] - 1];

		if (o->obj == p && c->types[o->type].t == t)
			break;
		i = (i + 1) & (c->map_cap - 1);
	}
	return &c->map[i];
}

static void pmap_put(struct save_ctx *c, u32 id)
{
	const struct oobj *o = &c->objs[id];

	*pmap_slot(c, o->obj, c->types[o->type].t) = id + 1;
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
	for (i = 0; i < old_cap; i++)
		if (old[i])
			pmap_put(c, old[i] - 1);
	kvfree(old);
	return 0;
}

/* Add object @id, whose &struct oobj is set, to the map. */
static int pmap_insert(struct save_ctx *c, u32 id)
{
	int err;

	if ((c->map_used + 1) * 2 > c->map_cap) {
		err = pmap_resize(c, max(64U, c->map_cap * 2));
		if (err)
			return err;
	}
	pmap_put(c, id);
	c->map_used++;
	return 0;
}

static int otype_index(struct save_ctx *c, const struct kstate_type *t)
{
	u32 i;
	int err;

	for (i = 0; i < c->nr_types; i++)
		if (c->types[i].t == t)
			return i;
	err = check_type(t);
	if (!err)
		err = grow_array((void **)&c->types, &c->cap_types,
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
static bool save_copies(const struct kstate_wf *w)
{
	const struct kstate_field *f = w->f;

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

/*
 * Coalesce fields that save_copies() and that lie one after the other both
 * in the object and on the wire into runs, each saved by one memcpy().
 */
static void save_runs(struct kstate_wf *wf, u32 n)
{
	u32 i, j;

	for (i = 0; i < n; i = j) {
		u32 end = wf[i].f->offset + wf[i].elem * wf[i].f->count;

		j = i + 1;
		if (!save_copies(&wf[i]))
			continue;
		for (; j < n && save_copies(&wf[j]) && wf[j].f->offset == end; j++)
			end += wf[j].elem * wf[j].f->count;
		wf[i].run = end - wf[i].f->offset;
		wf[i].span = j - i;
	}
}

/* Wire layout of type @idx; subtypes are added to the table as found. */
static int otype_layout(struct save_ctx *c, u32 idx)
{
	const struct kstate_type *t = c->types[idx].t;
	struct kstate_wf *wf;
	unsigned int i, n = 0;
	u64 off = 0;
	int err;

	if (c->types[idx].sized)
		return 0;
	wf = kcalloc(t->nr_fields ?: 1, sizeof(*wf), GFP_KERNEL);
	if (!wf)
		return -ENOMEM;
	for (i = 0; i < t->nr_fields; i++) {
		const struct kstate_field *f = &t->fields[i];
		struct kstate_wf *w = &wf[n];

		if (!field_alive(f, t->version))
			continue;
		w->f = f;
		w->kind = f->kind;
		w->size = f->size;
		w->sub = -1;
		if (f->bf_set) {
			err = bitfield_probe(t, f, &w->kind, &w->size);
			if (err)
				goto fail;
		}
		if (f->type) {
			err = otype_index(c, f->type);
			if (err < 0)
				goto fail;
			w->sub = err;
			if (f->kind == KSTATE_KIND_STRUCT || f->kind == KSTATE_KIND_VARRAY)
				w->size = 0;
		}
		if (f->kind == KSTATE_KIND_STRUCT) {
			/* C structures cannot embed themselves: this ends */
			err = otype_layout(c, w->sub);
			if (err)
				goto fail;
			w->elem = c->types[w->sub].fixed;
		} else {
			w->elem = kstate_wire_elem(w->kind, w->size);
		}
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
	/* otype_index() may have moved c->types */
	c->types[idx].wf = wf;
	c->types[idx].nr_wf = n;
	c->types[idx].fixed = off;
	c->types[idx].sized = true;
	return 0;
fail:
	kfree(wf);
	return err;
}

/* Object id of @p as type @t, adding it as an anonymous object if new. */
static int obj_ref(struct save_ctx *c, const struct kstate_type *t,
		   const void *p, u32 *wire)
{
	int ti, err;
	u32 *s;

	if (!p) {
		*wire = 0;
		return 0;
	}
	if (c->map_cap) {
		s = pmap_slot(c, p, t);
		if (*s) {
			*wire = *s;
			return 0;
		}
	}
	ti = otype_index(c, t);
	if (ti < 0)
		return ti;
	if (c->nr_objs == KSTATE_NONE - 1)
		return -E2BIG;
	err = grow_array((void **)&c->objs, &c->cap_objs, c->nr_objs + 1,
			 sizeof(*c->objs));
	if (err)
		return err;
	c->objs[c->nr_objs] = (struct oobj){ .obj = p, .type = ti };
	err = pmap_insert(c, c->nr_objs);
	if (err)
		return err;
	*wire = ++c->nr_objs;
	return 0;
}

static int enc_fields(struct save_ctx *c, u32 ti, const void *obj,
		      size_t rec, u32 foff, const struct oobj *o);

/* Append @n elements of @elem bytes to the record tail; write the ref. */
static long enc_tail(struct save_ctx *c, size_t rec, u32 refoff, u64 n,
		     u32 elem, const struct oobj *o, const char *fname)
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
	if (off < 0)
		return off;
	ref = (struct kstate_ref_ser *)(c->buf.p + rec + refoff);
	put_unaligned_le32(off - rec, &ref->off);
	put_unaligned_le32(n, &ref->count);
	return off;
}

/*
 * The present entries of the xarray at @xa, in index order, as a tail of
 * &struct kstate_xa_entry_ser: values, or references to anonymous objects.
 */
static int enc_xarray(struct save_ctx *c, const struct kstate_field *f,
		      struct xarray *xa, size_t rec, u32 at,
		      const struct oobj *o)
{
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
			err = obj_ref(c, f->type, entry, &id);
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

static int enc_field(struct save_ctx *c, const struct kstate_wf *w,
		     const void *obj, size_t rec, u32 foff,
		     const struct oobj *o)
{
	const struct kstate_field *f = w->f;
	const void *m = (const u8 *)obj + f->offset;
	u32 i, at = foff + w->off, id;
	struct list_head *head, *pos;
	const void *items;
	long tail;
	u64 n;
	int err;

	switch (f->kind) {
	case KSTATE_KIND_UINT:
	case KSTATE_KIND_SINT:
		if (f->bf_get) {
			kstate_put_le(c->buf.p + rec + at, w->size, f->bf_get(obj));
			return 0;
		}
		if (kstate_le_native()) {	/* the wire layout is the native one */
			memcpy(c->buf.p + rec + at, m, f->count * f->size);
			return 0;
		}
		for (i = 0; i < f->count; i++)
			kstate_put_le(c->buf.p + rec + at + i * f->size, f->size,
				      kstate_get_int((const u8 *)m + i * f->size,
						     f->size, false));
		return 0;
	case KSTATE_KIND_BOOL:
		for (i = 0; i < f->count; i++)
			c->buf.p[rec + at + i] = ((const bool *)m)[i];
		return 0;
	case KSTATE_KIND_BYTES:
		memcpy(c->buf.p + rec + at, m, f->size);
		return 0;
	case KSTATE_KIND_STRING:
		n = strnlen(m, f->size);
		if (n == f->size) {
			pr_err("type %s key %llu field %s: string not terminated\n",
			       c->types[o->type].t->name,
			       (unsigned long long)o->key, f->name);
			return -EINVAL;
		}
		memcpy(c->buf.p + rec + at, m, n);
		return 0;
	case KSTATE_KIND_STRUCT:
		for (i = 0; i < f->count; i++) {
			err = enc_fields(c, w->sub, (const u8 *)m + i * f->type->size,
					 rec, at + i * w->elem, o);
			if (err)
				return err;
		}
		return 0;
	case KSTATE_KIND_PTR:
		for (i = 0; i < f->count; i++) {
			err = obj_ref(c, f->type, ((void *const *)m)[i], &id);
			if (err)
				return err;
			put_unaligned_le32(id, c->buf.p + rec + at + 4 * i);
		}
		return 0;
	case KSTATE_KIND_VARRAY:
		n = kstate_get_int((const u8 *)obj + f->aux, f->aux_size, false);
		items = *(void *const *)m;
		if (n && !items) {
			pr_err("type %s key %llu field %s: %llu elements at NULL\n",
			       c->types[o->type].t->name,
			       (unsigned long long)o->key, f->name,
			       (unsigned long long)n);
			return -EINVAL;
		}
		if (f->type) {
			u32 elem;

			err = otype_layout(c, w->sub);
			if (err)
				return err;
			elem = c->types[w->sub].fixed;
			tail = enc_tail(c, rec, at, n, elem, o, f->name);
			if (tail < 0)
				return tail;
			for (i = 0; i < n; i++) {
				err = enc_fields(c, w->sub,
						 (const u8 *)items + i * f->type->size,
						 rec, tail - rec + i * elem, o);
				if (err)
					return err;
			}
			return 0;
		}
		tail = enc_tail(c, rec, at, n, f->size, o, f->name);
		if (tail < 0)
			return tail;
		for (i = 0; i < n; i++)
			kstate_put_le(c->buf.p + tail + i * f->size, f->size,
				      kstate_get_int((const u8 *)items + i * f->size,
						     f->size, false));
		return 0;
	case KSTATE_KIND_LIST:
		head = (struct list_head *)m;
		n = 0;
		list_for_each(pos, head)
			n++;
		tail = enc_tail(c, rec, at, n, sizeof(__le32), o, f->name);
		if (tail < 0)
			return tail;
		i = 0;
		list_for_each(pos, head) {
			err = obj_ref(c, f->type, (u8 *)pos - f->aux, &id);
			if (err)
				return err;
			if (id <= c->nr_keyed) {
				pr_err("type %s key %llu field %s: a listed object is registered by key\n",
				       c->types[o->type].t->name,
				       (unsigned long long)o->key, f->name);
				return -EINVAL;
			}
			put_unaligned_le32(id, c->buf.p + tail + 4 * i++);
		}
		return 0;
	case KSTATE_KIND_PAGES: {
		struct kstate_pages_ser *ps = (void *)(c->buf.p + rec + at);
		struct page *page = *(struct page *const *)m;
		u64 phys = 0;

		if (page) {
			err = c->mem ? c->mem->preserve(page, f->aux, &phys) :
				       -EOPNOTSUPP;
			if (err) {
				pr_err("type %s key %llu field %s: cannot preserve pages: %d\n",
				       c->types[o->type].t->name,
				       (unsigned long long)o->key, f->name, err);
				return err;
			}
		}
		put_unaligned_le64(phys, &ps->phys);
		put_unaligned_le32(f->aux, &ps->order);
		return 0;
	}
	case KSTATE_KIND_CUSTOM:
		n = f->custom->size(obj, m);
		tail = enc_tail(c, rec, at, n, 1, o, f->name);
		if (tail < 0)
			return tail;
		err = f->custom->save(obj, m, c->buf.p + tail, n);
		if (err)
			pr_err("type %s key %llu field %s: save failed: %d\n",
			       c->types[o->type].t->name,
			       (unsigned long long)o->key, f->name, err);
		return err;
	case KSTATE_KIND_XARRAY:
		return enc_xarray(c, f, (struct xarray *)m, rec, at, o);
	default:
		pr_err("type %s field %s: kind %u cannot be saved\n",
		       c->types[o->type].t->name, f->name, f->kind);
		return -EOPNOTSUPP;
	}
}

static int enc_fields(struct save_ctx *c, u32 ti, const void *obj,
		      size_t rec, u32 foff, const struct oobj *o)
{
	const struct kstate_wf *w = c->types[ti].wf;
	const struct kstate_wf *end = w + c->types[ti].nr_wf;
	int err;

	while (w < end) {
		if (w->run) {
			memcpy(c->buf.p + rec + foff + w->off,
			       (const u8 *)obj + w->f->offset, w->run);
			w += w->span;
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
	struct oobj o = c->objs[id];
	const struct kstate_type *t = c->types[o.type].t;
	long rec;
	int err;

	if (t->ops && t->ops->pre_save) {
		err = t->ops->pre_save((void *)o.obj);
		if (err) {
			pr_err("type %s key %llu: pre_save failed: %d\n",
			       t->name, (unsigned long long)o.key, err);
			return err;
		}
	}
	err = otype_layout(c, o.type);
	if (err)
		return err;
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

/* Append strings, types, fields and objects; fill in the header. */
static int emit_tables(struct save_ctx *c)
{
	struct kstate_keyed_ser *ks;
	struct kstate_anon_ser *as;
	struct kstate_hdr_ser *h;
	size_t strings, types, fields, objs;
	u32 i, j, nf = 0;
	long off;
	u32 *names;
	int err = 0;

	for (i = 0; i < c->nr_types; i++) {
		err = otype_layout(c, i);
		if (err)
			return err;
		nf += c->types[i].nr_wf;
	}
	/* per type its name; per field its name and its alias list */
	names = kvcalloc(c->nr_types + 2 * nf + 1, sizeof(*names), GFP_KERNEL);
	if (!names)
		return -ENOMEM;
	/* the object table is most of what follows */
	err = kstate_buf_reserve(&c->buf, obj_table_bytes(c->nr_keyed, c->nr_objs));
	if (err)
		goto out;
	/* the records end here, back to back; the next section is aligned */
	c->data_len = c->buf.len - c->data_off;
	off = kstate_buf_add(&c->buf, 0, 8);
	strings = off;
	for (i = 0, j = 0; i < c->nr_types && off >= 0; i++) {
		u32 k;

		off = add_string(c, strings, c->types[i].t->name);
		names[j++] = off;
		for (k = 0; k < c->types[i].nr_wf && off >= 0; k++) {
			const char *const *a = c->types[i].wf[k].f->aliases;

			off = add_string(c, strings, c->types[i].wf[k].f->name);
			names[j++] = off;
			if (!a || !*a) {
				names[j++] = KSTATE_NONE;
				continue;
			}
			off = add_string(c, strings, *a);
			names[j++] = off;
			for (a++; *a && off >= 0; a++)
				off = add_string(c, strings, *a);
			if (off >= 0)
				off = add_string(c, strings, "");
		}
	}
	if (off < 0)
		err = off;
	if (err)
		goto out;
	off = kstate_buf_add(&c->buf, array_size(c->nr_types, sizeof(struct kstate_type_ser)), 8);
	if (off < 0)
		goto fail;
	types = off;
	off = kstate_buf_add(&c->buf, array_size(nf, sizeof(struct kstate_field_ser)), 8);
	if (off < 0)
		goto fail;
	fields = off;
	off = kstate_buf_add(&c->buf, obj_table_bytes(c->nr_keyed, c->nr_objs), 8);
	if (off < 0)
		goto fail;
	objs = off;
	/* keyed objects come sorted by type: count each type's group */
	for (i = 0; i < c->nr_keyed; i++)
		c->types[c->objs[i].type].nr_keyed++;

	for (i = 0, j = 0, nf = 0; i < c->nr_types; i++) {
		struct kstate_type_ser *ts = (void *)(c->buf.p + types) + i * sizeof(*ts);
		struct otype *ot = &c->types[i];
		u32 k;

		ts->name = cpu_to_le32(names[j++]);
		ts->version = cpu_to_le32(ot->t->version);
		ts->first_field = cpu_to_le32(nf);
		ts->nr_fields = cpu_to_le32(ot->nr_wf);
		ts->fixed_size = cpu_to_le32(ot->fixed);
		ts->nr_keyed = cpu_to_le32(ot->nr_keyed);
		for (k = 0; k < ot->nr_wf; k++, nf++) {
			struct kstate_field_ser *fs;
			const struct kstate_wf *w = &ot->wf[k];

			fs = (void *)(c->buf.p + fields) + nf * sizeof(*fs);

			fs->name = cpu_to_le32(names[j++]);
			fs->kind = w->kind;
			fs->flags = w->f->critical ? KSTATE_FIELD_CRITICAL : 0;
			fs->elem_kind = w->f->kind == KSTATE_KIND_VARRAY ||
					w->f->kind == KSTATE_KIND_XARRAY ?
					w->f->elem_kind : 0;
			fs->size = cpu_to_le32(w->size);
			fs->count = cpu_to_le32(w->f->count);
			fs->type = cpu_to_le32(w->sub < 0 ? KSTATE_NONE : w->sub);
			fs->aliases = cpu_to_le32(names[j++]);
		}
	}
	ks = (struct kstate_keyed_ser *)(c->buf.p + objs);
	for (i = 0; i < c->nr_keyed; i++) {
		ks[i].key = cpu_to_le64(c->objs[i].key);
		ks[i].len = cpu_to_le32(c->objs[i].len);
	}
	as = (struct kstate_anon_ser *)(ks + c->nr_keyed);
	for (; i < c->nr_objs; i++) {
		as[i - c->nr_keyed].type = cpu_to_le32(c->objs[i].type);
		as[i - c->nr_keyed].len = cpu_to_le32(c->objs[i].len);
	}

	h = (struct kstate_hdr_ser *)c->buf.p;
	h->magic = cpu_to_le32(KSTATE_MAGIC);
	h->format = cpu_to_le32(KSTATE_FORMAT_VERSION);
	h->size = cpu_to_le64(c->buf.len);
	h->strings_off = cpu_to_le64(strings);
	h->strings_len = cpu_to_le64(types - strings);
	h->types_off = cpu_to_le64(types);
	h->nr_types = cpu_to_le32(c->nr_types);
	h->nr_fields = cpu_to_le32(nf);
	h->fields_off = cpu_to_le64(fields);
	h->objects_off = cpu_to_le64(objs);
	h->nr_objects = cpu_to_le32(c->nr_objs);
	h->data_off = cpu_to_le64(c->data_off);
	h->nr_keyed = cpu_to_le32(c->nr_keyed);
	h->data_len = cpu_to_le64(c->data_len);
	goto out;
fail:
	err = off;
out:
	kvfree(names);
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
	const struct kstate_type *prev = NULL;
	struct save_ctx c = {};
	struct rb_node *n;
	u32 i, nt, nkeyed, cap = 64;
	size_t need = 0;
	int err, ti = 0;

	/* room in the map for the keyed objects and as many reached from them */
	while (cap < SZ_1G && cap < 4ULL * out->nr)
		cap *= 2;
	err = grow_array((void **)&c.objs, &c.cap_objs, out->nr + out->nr / 4,
			 sizeof(*c.objs));
	if (!err)
		err = pmap_resize(&c, cap);
	if (err)
		goto out;
	for (n = rb_first(&out->root); n; n = rb_next(n)) {
		struct kstate_entry *e = rb_entry(n, struct kstate_entry, node);

		if (e->type != prev) {
			ti = otype_index(&c, e->type);
			if (ti < 0) {
				err = ti;
				goto out;
			}
			prev = e->type;
		}
		c.objs[c.nr_objs] = (struct oobj){ .obj = e->obj, .key = e->key,
						   .type = ti };
		err = pmap_insert(&c, c.nr_objs++);
		if (err)
			goto out;
	}
	nkeyed = c.nr_objs;
	c.nr_keyed = nkeyed;
	c.mem = out->mem;

	/*
	 * Room for the keyed records and the object table, and a quarter
	 * more for tails and anonymous objects: growing copies the buffer.
	 */
	for (i = 0, nt = c.nr_types; i < nt && !err; i++)
		err = otype_layout(&c, i);
	for (i = 0; i < nkeyed; i++)
		need += c.types[c.objs[i].type].fixed;
	need += sizeof(struct kstate_hdr_ser) +
		(size_t)nkeyed * sizeof(struct kstate_keyed_ser);
	need += need / 4;
	if (!err)
		err = kstate_buf_reserve(&c.buf, need);
	if (!err)
		err = kstate_buf_add(&c.buf, sizeof(struct kstate_hdr_ser), 8);
	if (err < 0)
		goto out;
	c.data_off = c.buf.len;
	/* objects reached through pointers and lists are appended meanwhile */
	for (i = 0; i < c.nr_objs; i++) {
		err = enc_object(&c, i);
		if (err)
			goto out;
	}
	err = emit_tables(&c);
	if (err)
		goto out;
	((struct kstate_hdr_ser *)c.buf.p)->crc =
		cpu_to_le32(kstate_blob_crc(c.buf.p, c.buf.len));
	*blob = c.buf.p;
	*size = c.buf.len;
	c.buf.p = NULL;
out:
	for (i = 0; i < c.nr_types; i++)
		kfree(c.types[i].wf);
	kvfree(c.types);
	kvfree(c.objs);
	kvfree(c.map);
	kstate_buf_free(&c.buf);
	return err < 0 ? err : 0;
}
EXPORT_SYMBOL_GPL(kstate_out_save);

/* ------------------------------------------------------------------ */
/* Reader                                                              */
/* ------------------------------------------------------------------ */

enum kstate_opcode {
	OP_INT,		/* integers and bools, any width and sign */
	OP_BITFIELD,
	OP_BYTES,
	OP_STRING,
	OP_STRUCT,
	OP_PTR,
	OP_VARRAY,
	OP_LIST,
	OP_CUSTOM,
	OP_PAGES,
	OP_XARRAY,
	OP_DEFAULT,	/* reader field the writer did not have: default */
};

#define OPF_SSIGN	0x01	/* writer's integer is signed */
#define OPF_DSIGN	0x02	/* reader's integer is signed */
#define OPF_DBOOL	0x04	/* reader's member is a bool */
#define OPF_COPY	0x08	/* same integer size and sign: a plain copy */

/**
 * struct kstate_op - one step of a plan: fill one reader field
 * @op: &enum kstate_opcode.
 * @flags: OPF_* flags.
 * @ssize: writer's element size (integers, bytes, strings, int VARRAYs).
 * @dsize: reader's element size.
 * @soff: offset of the writer's field in the writer's fixed part.
 * @scount: writer's element count.
 * @sstride: wire size of one writer element (STRUCT: its fixed part).
 * @stype: the writer field's type index (STRUCT, PTR, LIST, VARRAY).
 * @f: the reader's field.
 * @sub: STRUCT: the plan of the embedded type.
 * @wversion: CUSTOM: the writer's version of the type.
 * @run: 0, or bytes of a plain copy from the record that decode this op
 *	and the @span - 1 following ones (see plan_runs()).
 * @span: ops decoded by @run.
 */
struct kstate_op {
	u8 op;
	u8 flags;
	u32 ssize;
	u32 dsize;
	u32 soff;
	u32 scount;
	u32 sstride;
	u32 stype;
	const struct kstate_field *f;
	struct kstate_plan *sub;
	u32 wversion;
	u32 run;
	u32 span;
};

/**
 * struct kstate_plan - how to restore a reader type from a writer type
 * @next: next plan for the same writer type (another reader type).
 * @rt: the reader type.
 * @err: 0, or why this reader type refuses the writer's type.
 * @identical: same version and same fields: no conversion at all.
 * @wversion: the writer's version of the type.
 * @nr_ops: entries in @ops.
 * @ops: one op per reader field alive in the reader's version.
 */
struct kstate_plan {
	struct kstate_plan *next;
	const struct kstate_type *rt;
	int err;
	bool identical;
	u32 wversion;
	u32 nr_ops;
	struct kstate_op ops[] __counted_by(nr_ops);
};

struct kstate_slot {
	void *obj;
	const struct kstate_type *rt;
	bool linked;
};

struct kstate_fixup {
	struct kstate_fixup *next;
	void **slot;
	const struct kstate_type *rt;
	u32 id;
};

/**
 * struct kstate_in - an incoming blob being restored
 * @b: the validated blob.
 * @plans: per writer type, the plans computed so far.
 * @slots: per object, where it was restored (the memo of shared objects).
 * @status: per keyed object: 0 not yet restored, 1 restored, or -errno.
 * @pending: pointers to keyed objects not restored yet, patched when they are.
 * @stats: counters.
 * @mem: the backend that hands preserved pages back, or NULL.
 * @last_rt: the reader type looked up last, or NULL.
 * @last_bt: its index in the blob's type table.
 * @next: the keyed object after the one found last: objects are usually
 *	restored in the order they were saved.
 * @scratch: the scratch copy of restore calls, reused.
 * @scratch_size: its size.
 * @scratch_busy: @scratch is in use (a restore called from a restore).
 */
struct kstate_in {
	struct kstate_blob b;
	struct kstate_plan **plans;
	struct kstate_slot *slots;
	int *status;
	struct kstate_fixup *pending;
	struct kstate_in_stats stats;
	const struct kstate_mem_ops *mem;
	const struct kstate_type *last_rt;
	u32 last_bt;
	u32 next;
	u8 *scratch;
	size_t scratch_size;
	bool scratch_busy;
};

static const char *wtype_name(const struct kstate_in *in, u32 t)
{
	return kstate_blob_str(&in->b, le32_to_cpu(in->b.types[t].name));
}

static bool known_as(const struct kstate_field *f, const char *name)
{
	const char *const *a;

	if (!strcmp(f->name, name))
		return true;
	for (a = f->aliases; a && *a; a++)
		if (!strcmp(*a, name))
			return true;
	return false;
}

/* Is writer field @w the reader's @f, by name, or by alias of either? */
static bool same_field(const struct kstate_blob *b, const struct kstate_field *f,
		       const struct kstate_field_ser *w)
{
	const char *a;

	if (known_as(f, kstate_blob_str(b, le32_to_cpu(w->name))))
		return true;
	for (a = kstate_blob_aliases(b, w); *a; a += strlen(a) + 1)
		if (known_as(f, a))
			return true;
	return false;
}

static struct kstate_plan *get_plan(struct kstate_in *in, u32 bt,
				    const struct kstate_type *rt);

/* Set up op @op for reader field @f from writer field @w of type @bt. */
static int plan_field(struct kstate_in *in, u32 bt, const struct kstate_type *rt,
		      struct kstate_op *op, const struct kstate_field *f,
		      const struct kstate_field_ser *w)
{
	u8 rkind = f->kind, wkind = w->kind;
	u32 wsize = le32_to_cpu(w->size);
	bool wint = wkind == KSTATE_KIND_UINT || wkind == KSTATE_KIND_SINT ||
		    wkind == KSTATE_KIND_BOOL;
	const char *why = "kind changed";

	op->scount = le32_to_cpu(w->count);
	op->stype = le32_to_cpu(w->type);
	op->ssize = wsize;
	if (wkind == KSTATE_KIND_SINT)
		op->flags |= OPF_SSIGN;

	if (f->bf_set) {
		if (!wint || op->scount != 1)
			goto bad;
		op->op = OP_BITFIELD;
		op->ssize = wkind == KSTATE_KIND_BOOL ? 1 : wsize;
		return 0;
	}
	switch (rkind) {
	case KSTATE_KIND_UINT:
	case KSTATE_KIND_SINT:
	case KSTATE_KIND_BOOL:
		if (!wint)
			goto bad;
		op->op = OP_INT;
		op->ssize = wkind == KSTATE_KIND_BOOL ? 1 : wsize;
		op->dsize = rkind == KSTATE_KIND_BOOL ? 1 : f->size;
		if (rkind == KSTATE_KIND_SINT)
			op->flags |= OPF_DSIGN;
		if (rkind == KSTATE_KIND_BOOL)
			op->flags |= OPF_DBOOL;
		else if (wkind == rkind && wsize == f->size)
			op->flags |= OPF_COPY;
		return 0;
	case KSTATE_KIND_BYTES:
	case KSTATE_KIND_STRING:
		if (wkind != rkind)
			goto bad;
		op->op = rkind == KSTATE_KIND_BYTES ? OP_BYTES : OP_STRING;
		return 0;
	case KSTATE_KIND_STRUCT:
	case KSTATE_KIND_PTR:
	case KSTATE_KIND_LIST:
		if (wkind != rkind)
			goto bad;
		why = "type changed";
		if (strcmp(wtype_name(in, op->stype), f->type->name))
			goto bad;
		op->op = rkind == KSTATE_KIND_STRUCT ? OP_STRUCT :
			 rkind == KSTATE_KIND_PTR ? OP_PTR : OP_LIST;
		if (rkind == KSTATE_KIND_STRUCT) {
			/* the reader's C types cannot embed themselves */
			op->sub = get_plan(in, op->stype, f->type);
			if (IS_ERR(op->sub))
				return PTR_ERR(op->sub);
			if (op->sub->err)
				return op->sub->err;
		}
		return 0;
	case KSTATE_KIND_CUSTOM:
	case KSTATE_KIND_PAGES:
		if (wkind != rkind)
			goto bad;
		op->op = rkind == KSTATE_KIND_CUSTOM ? OP_CUSTOM : OP_PAGES;
		return 0;
	case KSTATE_KIND_VARRAY:
		if (wkind != rkind)
			goto bad;
		if (f->elem_kind == KSTATE_KIND_STRUCT) {
			why = "element type changed";
			if (w->elem_kind != KSTATE_KIND_STRUCT ||
			    strcmp(wtype_name(in, op->stype), f->type->name))
				goto bad;
		} else {
			why = "element kind changed";
			if (w->elem_kind == KSTATE_KIND_STRUCT)
				goto bad;
			if (w->elem_kind == KSTATE_KIND_SINT)
				op->flags |= OPF_SSIGN;
			else
				op->flags &= ~OPF_SSIGN;
			if (f->elem_kind == KSTATE_KIND_SINT)
				op->flags |= OPF_DSIGN;
			op->dsize = f->size;
		}
		op->op = OP_VARRAY;
		return 0;
	case KSTATE_KIND_XARRAY:
		if (wkind != rkind)
			goto bad;
		why = "entry kind or type changed";
		if (w->elem_kind != f->elem_kind ||
		    (f->type && strcmp(wtype_name(in, op->stype), f->type->name)))
			goto bad;
		op->op = OP_XARRAY;
		return 0;
	}
bad:
	pr_err("type %s field %s: %s (writer kind %u, reader kind %u)\n",
	       rt->name, f->name, why, wkind, rkind);
	return -EINVAL;
}

/* Bytes op @op copies from the wire as they are, or 0. */
static u32 op_copies(const struct kstate_op *op)
{
	const struct kstate_field *f = op->f;

	if (op->op == OP_INT && (op->flags & OPF_COPY) && kstate_le_native() &&
	    op->scount == f->count)
		return f->count * op->dsize;
	if (op->op == OP_BYTES && op->ssize == f->size)
		return f->size;
	return 0;
}

/*
 * Coalesce ops that are plain copies (op_copies()) of fields that lie one
 * after the other both in the record and in the object into runs, each
 * decoded by one memcpy(). The record's bounds were checked for the whole
 * fixed part; a copy has nothing to check.
 */
static void plan_runs(struct kstate_plan *plan)
{
	struct kstate_op *ops = plan->ops;
	u32 i, j, n;

	for (i = 0; i < plan->nr_ops; i = j) {
		j = i + 1;
		n = op_copies(&ops[i]);
		if (!n)
			continue;
		for (; j < plan->nr_ops && op_copies(&ops[j]) &&
		     ops[j].soff == ops[i].soff + n &&
		     ops[j].f->offset == ops[i].f->offset + n; j++)
			n += op_copies(&ops[j]);
		ops[i].run = n;
		ops[i].span = j - i;
	}
}

static struct kstate_plan *build_plan(struct kstate_in *in, u32 bt,
				      const struct kstate_type *rt)
{
	const struct kstate_type_ser *ts = &in->b.types[bt];
	u32 nw = le32_to_cpu(ts->nr_fields), wv = le32_to_cpu(ts->version);
	struct kstate_plan *plan;
	u32 i, j, n = 0, *woff;
	bool *used;
	int err = 0;

	plan = kzalloc(struct_size(plan, ops, rt->nr_fields), GFP_KERNEL);
	woff = kcalloc(nw + 1, sizeof(*woff), GFP_KERNEL);
	used = kcalloc(nw + 1, sizeof(*used), GFP_KERNEL);
	if (!plan || !woff || !used) {
		kfree(plan);
		plan = ERR_PTR(-ENOMEM);
		goto out;
	}
	plan->rt = rt;
	plan->wversion = wv;
	plan->nr_ops = rt->nr_fields;
	for (j = 0, i = 0; j < nw; j++) {
		const struct kstate_field_ser *w = kstate_blob_field(&in->b, bt, j);
		u32 elem = w->kind == KSTATE_KIND_STRUCT ?
			   in->b.fixed[le32_to_cpu(w->type)] :
			   kstate_wire_elem(w->kind, le32_to_cpu(w->size));

		woff[j] = i;
		i += elem * le32_to_cpu(w->count);
	}

	if (wv < rt->min_version) {
		pr_err("type %s: writer version %u is older than min_version %u\n",
		       rt->name, wv, rt->min_version);
		err = -EPROTO;
		goto done;
	}
	plan->identical = wv == rt->version;
	for (i = 0; i < rt->nr_fields && !err; i++) {
		const struct kstate_field *f = &rt->fields[i];
		struct kstate_op *op;

		if (!field_alive(f, rt->version))
			continue;
		op = &plan->ops[n++];
		op->f = f;
		for (j = 0; j < nw; j++) {
			const struct kstate_field_ser *w = kstate_blob_field(&in->b, bt, j);

			if (!used[j] && same_field(&in->b, f, w))
				break;
		}
		if (j == nw) {
			plan->identical = false;
			/*
			 * Added after the writer's version: default. A newer
			 * writer may have dropped it, and any writer may lack
			 * an optional field: default too. Otherwise the writer
			 * should have had it.
			 */
			if (wv < f->since || wv > rt->version ||
			    f->optional) {
				op->op = OP_DEFAULT;
				continue;
			}
			pr_err("type %s field %s: missing from the blob (writer version %u)\n",
			       rt->name, f->name, wv);
			err = -EINVAL;
			break;
		}
		used[j] = true;
		op->soff = woff[j];
		op->wversion = wv;
		err = plan_field(in, bt, rt, op, f, kstate_blob_field(&in->b, bt, j));
		if (err)
			break;
		op->sstride = op->op == OP_STRUCT ? in->b.fixed[op->stype] :
			      kstate_wire_elem(kstate_blob_field(&in->b, bt, j)->kind,
					       op->ssize);
		if (j != n - 1 || op->scount != f->count ||
		    (op->op == OP_INT && (op->ssize != op->dsize ||
					  !(op->flags & OPF_SSIGN) != !(op->flags & OPF_DSIGN))) ||
		    ((op->op == OP_BYTES || op->op == OP_STRING) && op->ssize != f->size) ||
		    (op->op == OP_STRUCT && !op->sub->identical) ||
		    (op->op == OP_VARRAY && (f->type || op->ssize != f->size ||
					     !(op->flags & OPF_SSIGN) !=
					     !(op->flags & OPF_DSIGN))) ||
		    op->op == OP_BITFIELD || op->op == OP_CUSTOM ||
		    op->op == OP_PAGES)
			plan->identical = false;
	}
	for (j = 0; j < nw && !err; j++) {
		const struct kstate_field_ser *w = kstate_blob_field(&in->b, bt, j);

		if (used[j])
			continue;
		plan->identical = false;
		if (w->flags & KSTATE_FIELD_CRITICAL) {
			pr_err("type %s: writer field %s is critical and unknown to this kernel\n",
			       rt->name, kstate_blob_str(&in->b, le32_to_cpu(w->name)));
			err = -EOPNOTSUPP;
		}
	}
done:
	plan->nr_ops = n;
	plan->err = err;
	if (!err)
		plan_runs(plan);
	if (!plan->identical && !err)
		in->stats.converted++;
out:
	kfree(woff);
	kfree(used);
	return plan;
}

/* The plan of reader type @rt for writer type @bt, computed once. */
static struct kstate_plan *get_plan(struct kstate_in *in, u32 bt,
				    const struct kstate_type *rt)
{
	struct kstate_plan *p;

	for (p = in->plans[bt]; p; p = p->next)
		if (p->rt == rt)
			return p;
	if (check_type(rt))
		return ERR_PTR(-EINVAL);
	p = build_plan(in, bt, rt);
	if (IS_ERR(p))
		return p;
	p->next = in->plans[bt];
	in->plans[bt] = p;
	return p;
}

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

/**
 * kstate_in_close() - release an incoming blob's bookkeeping
 * @in: the incoming state, or NULL
 *
 * Restored objects, and what was allocated for them, belong to their users
 * and are not touched. The blob's memory is not freed either.
 *
 * Context: Process context.
 */
void kstate_in_close(struct kstate_in *in)
{
	struct kstate_fixup *fx;
	u32 t;

	if (!in)
		return;
	for (t = 0; in->plans && t < in->b.nr_types; t++) {
		while (in->plans[t]) {
			struct kstate_plan *p = in->plans[t];

			in->plans[t] = p->next;
			kfree(p);
		}
	}
	while ((fx = in->pending)) {
		in->pending = fx->next;
		kfree(fx);
	}
	kvfree(in->plans);
	kvfree(in->slots);
	kvfree(in->status);
	kfree(in->scratch);
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

/* One restore call: what it allocated and linked, to commit or undo. */
struct dec_ctx {
	struct kstate_in *in;
	const struct kstate_type *rt;
	u64 key;
	u32 id;
	u8 *scratch;
	void *final;
	void **allocs;		/* objects and arrays allocated */
	u32 nr_allocs;
	u32 cap_allocs;
	u32 *queue;		/* anonymous objects still to decode */
	u32 nr_queue;
	u32 cap_queue;
	struct list_head **heads;	/* list heads built inside scratch */
	u32 nr_heads;
	u32 cap_heads;
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
	pr_err("type %s key %llu field %s: " fmt "\n", __c->rt->name,	\
	       (unsigned long long)__c->key, (f)->name, ##__VA_ARGS__);	\
})

static void *dec_alloc(struct dec_ctx *c, size_t n, size_t size)
{
	void *p;

	if (grow_array((void **)&c->allocs, &c->cap_allocs, c->nr_allocs + 1,
		       sizeof(*c->allocs)))
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

/*
 * Where the object @wire (a reference as on the wire) lives in this kernel,
 * for a member of reader type @rt at @slot. Anonymous objects are allocated
 * and queued on first sight; keyed ones are either restored already, the
 * object being restored, or patched in when they are restored later.
 */
static int dec_ref(struct dec_ctx *c, const struct kstate_field *f, u32 wire,
		   u32 stype, void **slot, void **objp)
{
	struct kstate_in *in = c->in;
	const struct kstate_type *rt = f->type;
	struct kstate_slot *s;
	struct kstate_fixup *fx;
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
		if (s->rt != rt) {
			dec_err(c, f, "object %u already restored as type %s",
				id, s->rt->name);
			return -EINVAL;
		}
		*objp = s->obj;
		return 0;
	}
	if (id < in->b.nr_keyed) {
		fx = kzalloc_obj(*fx);
		if (!fx)
			return -ENOMEM;
		fx->slot = slot;
		fx->rt = rt;
		fx->id = id;
		fx->next = c->fixups;
		c->fixups = fx;
		return 0;
	}
	if (grow_array((void **)&c->queue, &c->cap_queue, c->nr_queue + 1,
		       sizeof(*c->queue)))
		return -ENOMEM;
	s->obj = dec_alloc(c, 1, rt->size);
	if (!s->obj)
		return -ENOMEM;
	s->rt = rt;
	c->queue[c->nr_queue++] = id;
	*objp = s->obj;
	return 0;
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
	if (op->op == OP_BITFIELD) {
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

static bool all_zero(const u8 *p, size_t n)
{
	return !n || (!p[0] && !memcmp(p, p + 1, n - 1));
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
	if (grow_array((void **)&c->xas, &c->cap_xas, c->nr_xas + 1,
		       sizeof(*c->xas)) ||
	    grow_array((void **)&c->xents, &c->cap_xents, c->nr_xents + n,
		       sizeof(*c->xents)))
		return ERR_PTR(-ENOMEM);
	x = &c->xas[c->nr_xas++];
	x->xa = xa;
	x->f = f;
	x->first = c->nr_xents;
	x->nr = n;
	c->nr_xents += n;
	return &c->xents[x->first];
}

static int dec_default(struct dec_ctx *c, const struct kstate_field *f, u8 *dst)
{
	u8 *m = dst + f->offset;
	u32 i;

	if (f->bf_set)
		return f->bf_set(dst, f->def) ? -ERANGE : 0;
	switch (f->kind) {
	case KSTATE_KIND_UINT:
	case KSTATE_KIND_SINT:
		for (i = 0; i < f->count; i++)
			kstate_put_int(m + i * f->size, f->size, f->def);
		return 0;
	case KSTATE_KIND_BOOL:
		for (i = 0; i < f->count; i++)
			((bool *)m)[i] = f->def;
		return 0;
	case KSTATE_KIND_BYTES:
	case KSTATE_KIND_STRING:
		memset(m, 0, f->size);
		return 0;
	case KSTATE_KIND_STRUCT:
		/* each element gets its own type's defaults (static depth) */
		for (i = 0; i < f->count; i++) {
			const struct kstate_type *t = f->type;
			unsigned int j;
			int err;

			memset(m + i * t->size, 0, t->size);
			for (j = 0; j < t->nr_fields; j++) {
				if (!field_alive(&t->fields[j], t->version))
					continue;
				err = dec_default(c, &t->fields[j], m + i * t->size);
				if (err)
					return err;
			}
		}
		return 0;
	case KSTATE_KIND_PTR:
		memset(m, 0, sizeof(void *) * f->count);
		return 0;
	case KSTATE_KIND_VARRAY:
		*(void **)m = NULL;
		kstate_put_int(dst + f->aux, f->aux_size, 0);
		return 0;
	case KSTATE_KIND_PAGES:
		*(struct page **)m = NULL;
		return 0;
	case KSTATE_KIND_CUSTOM:
		/* no bytes and writer version 0: "absent, set your default" */
		return f->custom->restore(dst, m, NULL, 0, 0);
	case KSTATE_KIND_LIST:
		if (grow_array((void **)&c->heads, &c->cap_heads, c->nr_heads + 1,
			       sizeof(*c->heads)))
			return -ENOMEM;
		INIT_LIST_HEAD((struct list_head *)m);
		c->heads[c->nr_heads++] = (struct list_head *)m;
		return 0;
	case KSTATE_KIND_XARRAY:
		return PTR_ERR_OR_ZERO(dec_xa_add(c, f, (struct xarray *)m, 0));
	default:
		return -EOPNOTSUPP;
	}
}

static int dec_varray(struct dec_ctx *c, const struct kstate_op *op,
		      const u8 *rec, u32 len, const u8 *src, u8 *dst)
{
	const struct kstate_field *f = op->f;
	u32 off = get_unaligned_le32(src), n = get_unaligned_le32(src + 4);
	struct kstate_plan *sub = NULL;
	size_t esize = f->type ? f->type->size : f->size;
	u32 elem = op->ssize, i;
	u8 *items = NULL;
	int err;

	if (f->type) {
		sub = get_plan(c->in, op->stype, f->type);
		if (IS_ERR(sub))
			return PTR_ERR(sub);
		if (sub->err)
			return sub->err;
		elem = c->in->b.fixed[op->stype];
	}
	err = dec_span(c, f, len, off, n, elem);
	if (err)
		return err;
	if (!kstate_int_fits(n, false, f->aux_size, false)) {
		dec_err(c, f, "%u elements do not fit its count", n);
		return -ERANGE;
	}
	if (n) {
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
	*(void **)(dst + f->offset) = items;
	kstate_put_int(dst + f->aux, f->aux_size, n);
	return 0;
}

/* Was object @id allocated by this restore call? */
static bool dec_owns(const struct dec_ctx *c, u32 id)
{
	u32 i;

	for (i = 0; i < c->nr_queue; i++)
		if (c->queue[i] == id)
			return true;
	return false;
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
	struct list_head *head = (struct list_head *)(dst + f->offset);
	u32 off = get_unaligned_le32(src), n = get_unaligned_le32(src + 4), i;
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
		/* a list owns its elements: not one an earlier restore made */
		if (wire && wire <= c->in->b.nr_objects &&
		    c->in->slots[wire - 1].obj && !dec_owns(c, wire - 1)) {
			dec_err(c, f, "object %u belongs to another restore", wire);
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
		s->linked = true;
		list_add_tail((struct list_head *)((u8 *)obj + f->aux), head);
	}
	return err;
}

static int dec_op(struct dec_ctx *c, const struct kstate_op *op,
		  const u8 *rec, u32 len, u32 foff, u8 *dst)
{
	const struct kstate_field *f = op->f;
	const u8 *src = rec + foff + op->soff;
	u8 *m = dst + f->offset;
	u32 i, n = min(op->scount, f->count);
	int err = 0;

	switch (op->op) {
	case OP_DEFAULT:
		return dec_default(c, f, dst);
	case OP_BITFIELD:
		return dec_int(c, op, src, dst);
	case OP_INT:
		if ((op->flags & OPF_COPY) && kstate_le_native()) {
			memcpy(m, src, n * op->dsize);
		} else {
			for (i = 0; i < n && !err; i++)
				err = dec_int(c, op, src + i * op->ssize,
					      m + i * op->dsize);
		}
		if (!err && f->count > n)
			memset(m + n * op->dsize, 0, (f->count - n) * op->dsize);
		break;
	case OP_BYTES:
		memcpy(m, src, min(op->ssize, f->size));
		if (f->size > op->ssize)
			memset(m + op->ssize, 0, f->size - op->ssize);
		else if (!all_zero(src + f->size, op->ssize - f->size))
			err = -ERANGE;
		if (err)
			dec_err(c, f, "non-zero bytes beyond %u", f->size);
		return err;
	case OP_STRING:
		i = strnlen((const char *)src, op->ssize);
		if (i == op->ssize) {
			dec_err(c, f, "string not terminated");
			return -EINVAL;
		}
		if (i >= f->size) {
			dec_err(c, f, "string of %u bytes does not fit %u", i, f->size);
			return -ERANGE;
		}
		memcpy(m, src, i);
		memset(m + i, 0, f->size - i);
		return 0;
	case OP_STRUCT:
		for (i = 0; i < n && !err; i++)
			err = dec_fields(c, op->sub, rec, len,
					 foff + op->soff + i * op->sstride,
					 m + i * f->type->size);
		if (!err && f->count > n)
			memset(m + n * f->type->size, 0,
			       (f->count - n) * f->type->size);
		break;
	case OP_PTR:
		for (i = 0; i < n && !err; i++)
			err = dec_ref(c, f, get_unaligned_le32(src + 4 * i),
				      op->stype, (void **)m + i, (void **)m + i);
		if (!err && f->count > n)
			memset((void **)m + n, 0, (f->count - n) * sizeof(void *));
		break;
	case OP_VARRAY:
		return dec_varray(c, op, rec, len, src, dst);
	case OP_LIST:
		return dec_list(c, op, rec, len, src, dst);
	case OP_XARRAY:
		return dec_xarray(c, op, rec, len, src, dst);
	case OP_PAGES: {
		u64 phys = get_unaligned_le64(src);
		struct page *page = NULL;

		if (get_unaligned_le32(src + 8) != f->aux || get_unaligned_le32(src + 12)) {
			dec_err(c, f, "pages of order %u, expected %u",
				get_unaligned_le32(src + 8), f->aux);
			return -EINVAL;
		}
		if (phys && !c->in->mem) {
			dec_err(c, f, "no backend to take back preserved pages");
			return -EOPNOTSUPP;
		}
		if (phys) {
			page = c->in->mem->restore(phys, f->aux);
			if (!page) {
				dec_err(c, f, "cannot take back pages at %#llx",
					(unsigned long long)phys);
				return -EINVAL;
			}
		}
		*(struct page **)m = page;
		return 0;
	}
	case OP_CUSTOM:
		i = get_unaligned_le32(src);
		n = get_unaligned_le32(src + 4);
		err = dec_span(c, f, len, i, n, 1);
		if (!err)
			err = f->custom->restore(dst, m, rec + i, n, op->wversion);
		if (err)
			dec_err(c, f, "restore failed: %d", err);
		return err;
	default:
		return -EINVAL;
	}
	/* fixed arrays shrink only if the dropped elements are zero */
	if (!err && op->scount > n &&
	    !all_zero(src + n * op->sstride, (op->scount - n) * op->sstride)) {
		dec_err(c, f, "non-zero elements beyond %u", f->count);
		err = -ERANGE;
	}
	return err;
}

static int dec_fields(struct dec_ctx *c, const struct kstate_plan *plan,
		      const u8 *rec, u32 len, u32 foff, u8 *dst)
{
	const struct kstate_op *op = plan->ops, *end = op + plan->nr_ops;
	int err;

	while (op < end) {
		if (op->run) {
			memcpy(dst + op->f->offset, rec + foff + op->soff, op->run);
			op += op->span;
			continue;
		}
		err = dec_op(c, op, rec, len, foff, dst);
		if (err)
			return err;
		op++;
	}
	return 0;
}

/* Decode object @id of the blob into @dst with reader type @rt. */
static int dec_object(struct dec_ctx *c, u32 id, const struct kstate_type *rt,
		      u8 *dst)
{
	const struct kstate_blob *b = &c->in->b;
	struct kstate_plan *plan = get_plan(c->in, kstate_blob_obj_type(b, id), rt);

	if (IS_ERR(plan))
		return PTR_ERR(plan);
	if (plan->err)
		return plan->err;
	c->budget = kstate_blob_rec_len(b, id);
	c->depth = 0;
	return dec_fields(c, plan, kstate_blob_rec(b, id),
			  kstate_blob_rec_len(b, id), 0, dst);
}

static void *scratch_to_final(struct dec_ctx *c, void *p)
{
	u8 *b = p;

	if (b >= c->scratch && b < c->scratch + c->rt->size)
		return (u8 *)c->final + (b - c->scratch);
	return p;
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
				dec_err(c, x->f, "cannot store index %lu: %d",
					e->index, err);
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

/* Everything decoded: move scratch to the object, keep what was allocated. */
static void dec_commit(struct dec_ctx *c)
{
	struct kstate_in *in = c->in;
	struct kstate_fixup **pp, *fx;
	u32 i;

	memcpy(c->final, c->scratch, c->rt->size);
	for (i = 0; i < c->nr_heads; i++) {
		struct list_head *h = scratch_to_final(c, c->heads[i]);

		if (h == c->heads[i])
			continue;
		if (list_empty(c->heads[i])) {
			INIT_LIST_HEAD(h);
		} else {
			h->next->prev = h;
			h->prev->next = h;
		}
	}
	/* pointers elsewhere to this object, restored before it */
	for (pp = &in->pending; (fx = *pp);) {
		if (fx->id == c->id && fx->rt == c->rt) {
			*fx->slot = c->final;
			*pp = fx->next;
			kfree(fx);
		} else {
			pp = &fx->next;
		}
	}
	while ((fx = c->fixups)) {
		c->fixups = fx->next;
		fx->slot = scratch_to_final(c, fx->slot);
		fx->next = in->pending;
		in->pending = fx;
	}
	in->status[c->id] = 1;
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
	/* lists link only queued objects, or keyed ones restored earlier */
	for (i = 0; i < c->nr_allocs; i++)
		kfree(c->allocs[i]);
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
			const struct kstate_type *rt, void *obj)
{
	u32 bt = kstate_blob_obj_type(&in->b, id);

	if (!rt->ops || !rt->ops->post_restore)
		return 0;
	return rt->ops->post_restore(obj, le32_to_cpu(in->b.types[bt].version));
}

static int find_object(struct kstate_in *in, const struct kstate_type *type,
		       u64 key)
{
	int bt, id = -ENOENT;

	if (type != in->last_rt) {
		bt = kstate_blob_find_type(&in->b, type->name);
		if (bt < 0)
			return bt;
		in->last_rt = type;
		in->last_bt = bt;
	}
	if (in->next < in->b.nr_keyed &&
	    kstate_blob_obj_type(&in->b, in->next) == in->last_bt &&
	    kstate_blob_obj_key(&in->b, in->next) == key)
		id = in->next;
	if (id < 0)
		id = kstate_blob_find(&in->b, in->last_bt, key);
	if (id >= 0)
		in->next = id + 1;
	return id;
}

/* A scratch copy of @obj, of type @t: the reused one, unless it is busy. */
static u8 *get_scratch(struct kstate_in *in, const struct kstate_type *t,
		       const void *obj)
{
	if (in->scratch_busy)
		return kmemdup(obj, t->size, GFP_KERNEL);
	if (!in->scratch || t->size > in->scratch_size) {
		kfree(in->scratch);
		in->scratch_size = max_t(size_t, t->size, 64);
		in->scratch = kmalloc(in->scratch_size, GFP_KERNEL);
		if (!in->scratch)
			return NULL;
	}
	in->scratch_busy = true;
	return memcpy(in->scratch, obj, t->size);
}

static void put_scratch(struct kstate_in *in, u8 *scratch)
{
	if (scratch == in->scratch)
		in->scratch_busy = false;
	else
		kfree(scratch);
}

/**
 * kstate_in_restore() - restore one registered object by type and key
 * @in: the incoming state
 * @type: the reader's type of the object
 * @key: the key the writer registered it under
 * @obj: the object to fill in; only described members are written
 *
 * Resolves the writer's type against @type (once per type per blob), then
 * decodes into a scratch copy of @obj and copies it over @obj only when
 * every field succeeded, so a failed restore leaves @obj untouched and frees
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
 * -ERANGE if a value does not fit (narrowing, shrinking);
 * -EINVAL if the blob is inconsistent; -ENOMEM; or the post_restore hook's
 * error (the object then stays restored). Failures are logged with type,
 * key and field.
 */
int kstate_in_restore(struct kstate_in *in, const struct kstate_type *type,
		      u64 key, void *obj)
{
	struct dec_ctx c = { .in = in, .rt = type, .key = key, .final = obj };
	int id, err;
	u32 i;

	id = find_object(in, type, key);
	if (id < 0)
		return id;
	if (in->status[id] == 1 || in->slots[id].obj) {
		pr_err("type %s key %llu: already restored\n", type->name,
		       (unsigned long long)key);
		return -EALREADY;
	}
	c.id = id;
	c.scratch = get_scratch(in, type, obj);
	if (!c.scratch)
		return -ENOMEM;
	/* back-references to the object point at its final place */
	in->slots[id].obj = obj;
	in->slots[id].rt = type;
	err = dec_object(&c, id, type, c.scratch);
	for (i = 0; !err && i < c.nr_queue; i++) {
		u32 q = c.queue[i];

		err = dec_object(&c, q, in->slots[q].rt, in->slots[q].obj);
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

		err = post_restore(in, c.queue[i], s->rt, s->obj);
	}
	if (err)
		pr_err("type %s key %llu: post_restore failed: %d\n", type->name,
		       (unsigned long long)key, err);
out:
	put_scratch(in, c.scratch);
	kvfree(c.allocs);
	kvfree(c.queue);
	kvfree(c.heads);
	kvfree(c.xas);
	kvfree(c.xents);
	return err;
}
EXPORT_SYMBOL_GPL(kstate_in_restore);

/**
 * kstate_in_present() - does the blob hold an object of this type and key?
 * @in: the incoming state
 * @type: the type (matched by name)
 * @key: the key
 *
 * Context: Any context.
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
	int bt = kstate_blob_find_type(&in->b, type->name);
	u32 i;
	int err;

	if (bt < 0)
		return 0;
	for (i = in->b.first_keyed[bt]; i < in->b.first_keyed[bt + 1]; i++) {
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

/* ------------------------------------------------------------------ */
/* Dumps                                                               */
/* ------------------------------------------------------------------ */

/**
 * kstate_in_dump() - decode an incoming blob into text, with restore status
 * @in: the incoming state
 * @o: the text is appended here
 *
 * Context: Process context.
 * Return: 0 or -ENOMEM.
 */
int kstate_in_dump(struct kstate_in *in, struct kstate_buf *o)
{
	return kstate_dump_blob(&in->b, in->status, o);
}

static int add_type(const struct kstate_type ***set, u32 *nr, u32 *cap,
		    const struct kstate_type *t)
{
	u32 i;

	for (i = 0; i < *nr; i++)
		if ((*set)[i] == t)
			return 0;
	if (grow_array((void **)set, cap, *nr + 1, sizeof(**set)))
		return -ENOMEM;
	(*set)[(*nr)++] = t;
	return 0;
}

/**
 * kstate_out_dump_schema() - describe the types of a set of objects as text
 * @out: the set
 * @o: the text is appended here
 *
 * Every type with a registered object and every type reachable from those
 * through fields, sorted by name, as kstate_dump_type() prints them.
 *
 * Context: Process context.
 * Return: 0 or -ENOMEM.
 */
int kstate_out_dump_schema(struct kstate_out *out, struct kstate_buf *o)
{
	const struct kstate_type **set = NULL;
	u32 nr = 0, cap = 0, i, j;
	struct rb_node *n;
	int err = 0;

	for (n = rb_first(&out->root); n && !err; n = rb_next(n))
		err = add_type(&set, &nr, &cap,
			       rb_entry(n, struct kstate_entry, node)->type);
	for (i = 0; i < nr && !err; i++)
		for (j = 0; j < set[i]->nr_fields && !err; j++)
			if (set[i]->fields[j].type)
				err = add_type(&set, &nr, &cap,
					       set[i]->fields[j].type);
	/* insertion sort by name: a handful of types */
	for (i = 1; i < nr; i++)
		for (j = i; j && strcmp(set[j - 1]->name, set[j]->name) > 0; j--)
			swap(set[j - 1], set[j]);
	for (i = 0; i < nr && !err; i++)
		err = kstate_dump_type(set[i], o);
	kvfree(set);
	return err;
}
