// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE text dumps: a blob decoded with the writer's own type descriptions,
 * and a kernel's type catalog, in the stable line-oriented format of
 * Documentation/core-api/kstate.rst ("Dump format"), so that dumps taken in
 * two kernels can be compared with diff. Environment-neutral like the codec.
 *
 * The blob may come from the previous kernel: every reference is checked
 * against its record before it is followed, and embedded structures are
 * printed to a bounded depth. Pointers are printed as references, never
 * followed.
 */
#include <linux/string_choices.h>

#include "kstate_internal.h"

struct dump_ctx {
	const struct kstate_blob *b;
	struct kstate_buf *o;
	const u8 *rec;		/* record of the current object */
	u32 rec_len;
	u64 budget;		/* tail bytes it may still print */
	struct kstate_buf path;	/* "TYPE[KEY].FIELD[I]...", NUL-terminated */
	int err;
};

static __printf(2, 0) int kstate_buf_vprintf(struct kstate_buf *o,
					     const char *fmt, va_list ap)
{
	va_list aq;
	int n, err;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (o->len + n + 1 > o->cap) {
		err = kstate_buf_grow(o, o->len + n + 1);
		if (err)
			return err;
	}
	vsnprintf((char *)o->p + o->len, n + 1, fmt, ap);
	o->len += n;
	return 0;
}

/**
 * kstate_buf_printf() - append formatted text to a buffer
 * @o: the buffer
 * @fmt: printf() format
 *
 * The text is not NUL-terminated in @o->len, but a NUL follows it.
 *
 * Return: 0 or -ENOMEM.
 */
int kstate_buf_printf(struct kstate_buf *o, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = kstate_buf_vprintf(o, fmt, ap);
	va_end(ap);
	return err;
}

static __printf(2, 3) void out(struct dump_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->err)
		return;
	va_start(ap, fmt);
	c->err = kstate_buf_vprintf(c->o, fmt, ap);
	va_end(ap);
}

/*
 * Append to the path of the current value; returns the length to restore.
 * The path grows as needed: a line never loses its key or field name.
 */
static __printf(2, 3) size_t path_push(struct dump_ctx *c, const char *fmt,
				       ...)
{
	size_t old = c->path.len;
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = kstate_buf_vprintf(&c->path, fmt, ap);
	va_end(ap);
	if (err && !c->err)
		c->err = err;
	return old;
}

static void path_pop(struct dump_ctx *c, size_t old)
{
	c->path.len = old;
	if (c->path.p)
		c->path.p[old] = 0;
}

/* The path, for "%s": empty until something was pushed. */
static const char *path(const struct dump_ctx *c)
{
	return c->path.p ? (const char *)c->path.p : "";
}

static const char *type_name(const struct kstate_blob *b, u32 t)
{
	return kstate_blob_str(b, le32_to_cpu(b->types[t].name));
}

static void hex(struct dump_ctx *c, const u8 *p, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		out(c, "%02x", p[i]);
}

/* An object reference: index + 1 into the object table, 0 for NULL. */
static void ref(struct dump_ctx *c, u32 r)
{
	u32 t;

	if (!r) {
		out(c, "NULL");
		return;
	}
	if (r > c->b->nr_objects) {
		out(c, "<bad reference %u>", r);
		return;
	}
	t = kstate_blob_obj_type(c->b, r - 1);
	if (r - 1 < c->b->nr_keyed)
		out(c, "-> %s[%llu]", type_name(c->b, t),
		    (unsigned long long)kstate_blob_obj_key(c->b, r - 1));
	else
		out(c, "-> %s#%u", type_name(c->b, t), r - 1);
}

static void string(struct dump_ctx *c, const u8 *p, u32 n)
{
	u32 i;

	out(c, "\"");
	for (i = 0; i < n && p[i]; i++) {
		if (p[i] == '"' || p[i] == '\\')
			out(c, "\\%c", p[i]);
		else if (p[i] < 0x20 || p[i] >= 0x7f)
			out(c, "\\x%02x", p[i]);
		else
			out(c, "%c", p[i]);
	}
	out(c, "\"");
}

/* Bytes [off, off + n * esize) of the current record, or NULL. */
static const u8 *tail(struct dump_ctx *c, const struct kstate_ref_ser *r,
		      u32 esize)
{
	u32 off = le32_to_cpu(r->off), n = le32_to_cpu(r->count);
	u64 len;

	if (check_mul_overflow((u64)n, (u64)esize, &len) ||
	    off > c->rec_len || len > c->rec_len - off) {
		out(c, "<reference [%u, %u x %u) outside the record>", off, n,
		    esize);
		return NULL;
	}
	/* overlapping tails: a record prints no more than it holds */
	if (len > c->budget) {
		out(c, "<reference [%u, %u x %u) overlaps printed data>", off,
		    n, esize);
		return NULL;
	}
	c->budget -= len;
	return c->rec + off;
}

static void fields(struct dump_ctx *c, u32 t, const u8 *p, int depth);

static u32 elem_size(const struct kstate_blob *b, u8 kind, u32 size, u32 type)
{
	if (kind == KSTATE_KIND_STRUCT)
		return type < b->nr_types ? b->fixed[type] : 0;
	return kstate_wire_elem(kind, size);
}

static void value(struct dump_ctx *c, const struct kstate_field_ser *f,
		  u8 kind, u32 size, const u8 *p, int depth);

/* The elements of a list or variable array, one "PATH[I] = ..." each. */
static void value_elems(struct dump_ctx *c, const struct kstate_field_ser *f,
			u8 kind, const struct kstate_ref_ser *r, int depth)
{
	u32 n = le32_to_cpu(r->count), i, es;
	const u8 *q;
	size_t old;

	es = kind == KSTATE_KIND_LIST ? sizeof(__le32) :
	     elem_size(c->b, f->elem_kind, le32_to_cpu(f->size),
		       le32_to_cpu(f->type));
	q = tail(c, r, es);
	out(c, "%s %u\n", kind == KSTATE_KIND_LIST ? "list" : "varray", n);
	if (!q || !es)
		return;
	for (i = 0; i < n && !c->err; i++) {
		old = path_push(c, "[%u]", i);
		if (kind == KSTATE_KIND_LIST) {
			out(c, "%s = ", path(c));
			ref(c, get_unaligned_le32(q + i * es));
			out(c, "\n");
		} else {
			value(c, f, f->elem_kind, le32_to_cpu(f->size),
			      q + i * es, depth);
		}
		path_pop(c, old);
	}
}

/* The entries of an xarray, one "PATH[INDEX] = ..." each. */
static void value_xarray(struct dump_ctx *c, const struct kstate_field_ser *f,
			 const struct kstate_ref_ser *r)
{
	u32 n = le32_to_cpu(r->count), i;
	const u8 *q = tail(c, r, sizeof(struct kstate_xa_entry_ser));

	out(c, "xarray %u\n", n);
	for (i = 0; q && i < n && !c->err; i++) {
		const struct kstate_xa_entry_ser *e =
			(const struct kstate_xa_entry_ser *)q + i;
		u64 v = le64_to_cpu(e->value);

		out(c, "%s[%llu] = ", path(c),
		    (unsigned long long)le64_to_cpu(e->index));
		if (f->elem_kind == KSTATE_KIND_PTR)
			ref(c, min_t(u64, v, U32_MAX));
		else
			out(c, "%llu", (unsigned long long)v);
		out(c, "\n");
	}
}

/* One element of kind @kind at @p, printed as "PATH = VALUE" lines. */
static void value(struct dump_ctx *c, const struct kstate_field_ser *f,
		  u8 kind, u32 size, const u8 *p, int depth)
{
	const struct kstate_ref_ser *r = (const void *)p;
	u32 type = le32_to_cpu(f->type), es;
	const u8 *q;

	if (kind == KSTATE_KIND_STRUCT) {
		if (type >= c->b->nr_types || depth >= KSTATE_MAX_DEPTH) {
			out(c, "%s = <too deep>\n", path(c));
			return;
		}
		fields(c, type, p, depth + 1);
		return;
	}
	out(c, "%s = ", path(c));
	switch (kind) {
	case KSTATE_KIND_UINT:
		out(c, "%llu", (unsigned long long)kstate_get_le(p, size));
		break;
	case KSTATE_KIND_SINT:
		out(c, "%lld",
		    (long long)kstate_sext(kstate_get_le(p, size), size));
		break;
	case KSTATE_KIND_BOOL:
		if (*p <= 1)
			out(c, "%s", str_true_false(*p));
		else
			out(c, "<bad bool %u>", *p);
		break;
	case KSTATE_KIND_STRING:
		string(c, p, size);
		break;
	case KSTATE_KIND_PTR:
		ref(c, get_unaligned_le32(p));
		break;
	case KSTATE_KIND_PAGES: {
		const struct kstate_pages_ser *pg = (const void *)p;

		out(c, "pages phys %#llx order %u",
		    (unsigned long long)le64_to_cpu(pg->phys),
		    le32_to_cpu(pg->order));
		break;
	}
	case KSTATE_KIND_CUSTOM:
		q = tail(c, r, 1);
		if (q) {
			out(c, "custom %u ", le32_to_cpu(r->count));
			hex(c, q, le32_to_cpu(r->count));
		}
		break;
	case KSTATE_KIND_LIST:
	case KSTATE_KIND_VARRAY:
		value_elems(c, f, kind, r, depth);
		return;
	case KSTATE_KIND_XARRAY:
		value_xarray(c, f, r);
		return;
	default:	/* BYTES, and kinds newer than this dumper */
		es = elem_size(c->b, kind, size, type);
		if (kind != KSTATE_KIND_BYTES)
			out(c, "kind%u ", kind);
		hex(c, p, es);
		break;
	}
	out(c, "\n");
}

/* The fields of type @t whose fixed part starts at @p. */
static void fields(struct dump_ctx *c, u32 t, const u8 *p, int depth)
{
	u32 nr = le32_to_cpu(c->b->types[t].nr_fields), i, j;

	for (i = 0; i < nr && !c->err; i++) {
		const struct kstate_field_ser *f = kstate_blob_field(c->b, t, i);
		u32 size = le32_to_cpu(f->size), count = le32_to_cpu(f->count);
		u32 es = elem_size(c->b, f->kind, size, le32_to_cpu(f->type));
		size_t old;

		old = path_push(c, ".%s",
				kstate_blob_str(c->b, le32_to_cpu(f->name)));
		if ((f->flags & KSTATE_FIELD_COND) && !*p++) {
			out(c, "%s = absent\n", path(c));
			path_pop(c, old);
			p += (size_t)count * es;
			continue;
		}
		for (j = 0; j < count && !c->err; j++) {
			size_t o2 = c->path.len;

			if (count > 1)
				path_push(c, "[%u]", j);
			value(c, f, f->kind, size, p + (size_t)j * es, depth);
			path_pop(c, o2);
		}
		path_pop(c, old);
		p += (size_t)count * es;
	}
}

/**
 * kstate_dump_blob() - decode a validated blob into text
 * @b: the blob, opened with kstate_blob_open()
 * @status: per keyed object, its restore status (0 pending, 1 restored,
 *	2 released, -errno failed), or NULL to print none
 * @o: the text is appended here
 *
 * One "TYPE[KEY] vVERSION" line per keyed object (followed by " restored",
 * " released", " pending" or " failed ERRNO" when @status is given), one
 * "TYPE#INDEX vVERSION" line per anonymous object, each followed by one
 * "TYPE[KEY].FIELD = VALUE" line per value, in table order.
 *
 * Return: 0 or -ENOMEM.
 */
int kstate_dump_blob(const struct kstate_blob *b, const int *status,
		     struct kstate_buf *o)
{
	struct dump_ctx c = { .b = b, .o = o };
	u32 i;

	for (i = 0; i < b->nr_objects && !c.err; i++) {
		u32 t = kstate_blob_obj_type(b, i);

		c.rec = kstate_blob_rec(b, i);
		c.rec_len = kstate_blob_rec_len(b, i);
		c.budget = c.rec_len;
		path_pop(&c, 0);
		if (i < b->nr_keyed)
			path_push(&c, "%s[%llu]", type_name(b, t),
				  (unsigned long long)kstate_blob_obj_key(b, i));
		else
			path_push(&c, "%s#%u", type_name(b, t), i);
		out(&c, "%s v%u", path(&c), le32_to_cpu(b->types[t].version));
		if (status && i < b->nr_keyed) {
			if (status[i] == KSTATE_RESTORED)
				out(&c, " restored");
			else if (status[i] == KSTATE_RELEASED)
				out(&c, " released");
			else if (status[i])
				out(&c, " failed %d", status[i]);
			else
				out(&c, " pending");
		}
		out(&c, "\n");
		fields(&c, t, c.rec, 0);
	}
	kstate_buf_free(&c.path);
	return c.err;
}

static const char *kind_name(u8 kind)
{
	return kstate_kind(kind)->name ?: "unknown";
}

/* A field's flags, as kstate_dump_type() names them. */
static const struct {
	size_t off;
	const char *name;
} field_flags[] = {
	{ offsetof(struct kstate_field, critical), "critical" },
	{ offsetof(struct kstate_field, optional), "optional" },
	{ offsetof(struct kstate_field, must_match), "must_match" },
	{ offsetof(struct kstate_field, keep), "keep" },
	{ offsetof(struct kstate_field, reuse), "reuse" },
	{ offsetof(struct kstate_field, virt), "virt" },
	{ offsetof(struct kstate_field, hlist), "hlist" },
	{ offsetof(struct kstate_field, flex), "flex" },
};

/**
 * kstate_field_flag_name() - the flags of kstate_dump_type()'s field lines
 * @i: from 0 on
 * @off: the offset of its bool in &struct kstate_field
 *
 * Return: the name of flag @i, NULL past the last.
 */
const char *kstate_field_flag_name(unsigned int i, size_t *off)
{
	if (i >= ARRAY_SIZE(field_flags))
		return NULL;
	*off = field_flags[i].off;
	return field_flags[i].name;
}

/**
 * kstate_field_flag() - a flag of kstate_dump_type()'s field lines, by name
 * @name: the word
 *
 * Return: the offset of its bool in &struct kstate_field, or -1 if @name is
 * not a flag.
 */
long kstate_field_flag(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(field_flags); i++)
		if (!strcmp(field_flags[i].name, name))
			return field_flags[i].off;
	return -1;
}

/**
 * kstate_dump_type() - describe one type of this kernel as text
 * @t: the type
 * @o: the text is appended here
 *
 * A "type NAME vVERSION min MIN size SIZE" line, then one "  field NAME KIND
 * ..." line per field with its sizes, version range, flags, default and
 * former names: all a reader's plan depends on, so that this text is a
 * catalog the host tool reads back (see "Host tools" in
 * Documentation/core-api/kstate.rst).
 *
 * Return: 0 or -ENOMEM.
 */
int kstate_dump_type(const struct kstate_type *t, struct kstate_buf *o)
{
	struct dump_ctx c = { .o = o };
	unsigned int i, k;

	out(&c, "type %s v%u min %u size %zu\n", t->name, t->version,
	    t->min_version, t->size);
	for (i = 0; i < t->nr_fields; i++) {
		const struct kstate_field *f = &t->fields[i];
		const char *a;

		out(&c, "  field %s %s", f->name, kind_name(f->kind));
		if (f->kind == KSTATE_KIND_VARRAY ||
		    f->kind == KSTATE_KIND_XARRAY)
			out(&c, " of %s", kind_name(f->elem_kind));
		out(&c, " size %u count %u since %u", f->size, f->count,
		    f->since);
		if (f->until)
			out(&c, " until %u", f->until);
		if (f->type)
			out(&c, " type %s", f->type->name);
		if (f->def)
			out(&c, " default %llu", (unsigned long long)f->def);
		if (f->bf_set)
			out(&c, " bitfield");
		if (f->save_if)
			out(&c, " cond");
		for (k = 0; k < ARRAY_SIZE(field_flags); k++)
			if (*(const bool *)((const u8 *)f + field_flags[k].off))
				out(&c, " %s", field_flags[k].name);
		for (a = f->aliases; a && *a; a += strlen(a) + 1)
			out(&c, " alias %s", a);
		out(&c, "\n");
	}
	return c.err;
}

/**
 * kstate_blob_to_text() - decode a blob into the dump text format
 * @blob: the blob, from this or another kernel
 * @size: bytes available at @blob
 * @text: on success, the NUL-terminated text (free with kvfree())
 * @len: on success, its length
 *
 * Validates @blob as kstate_in_open() does, then decodes it with its own
 * type descriptions, as debugfs "incoming" shows it (without restore
 * status). See "Dump format" in Documentation/core-api/kstate.rst.
 *
 * Context: Process context.
 * Return: 0, an error of kstate_blob_check() or kstate_in_open(), -ENOMEM.
 */
int kstate_blob_to_text(const void *blob, size_t size, char **text,
			size_t *len)
{
	struct kstate_buf o = {};
	struct kstate_blob b;
	int err;

	err = kstate_blob_open(&b, blob, size);
	if (err)
		return err;
	err = kstate_dump_blob(&b, NULL, &o);
	kstate_blob_release(&b);
	if (!err)
		err = kstate_buf_printf(&o, "%s", "");	/* a NUL, even if empty */
	if (err) {
		kstate_buf_free(&o);
		return err;
	}
	*text = (char *)o.p;
	*len = o.len;
	return 0;
}
EXPORT_SYMBOL_GPL(kstate_blob_to_text);

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
	if (kstate_grow_array((void **)set, cap, *nr + 1, sizeof(**set)))
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
