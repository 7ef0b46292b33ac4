// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE codec: validate KSTATE blobs and look things up in them.
 *
 * Pure functions over memory: no KHO, no global state. This file is built
 * both into the kernel and, through tools/testing/kstate/, into host tools.
 * Every byte of a blob comes from another kernel and is treated as hostile:
 * kstate_blob_open() checks every offset, count and name once, so that the
 * engine can then index the tables without further bounds checks on them.
 */
#define pr_fmt(fmt) "kstate: " fmt

#include "kstate_internal.h"

/**
 * kstate_blob_crc() - compute the checksum a blob header must carry
 * @blob: the blob, starting with &struct kstate_hdr_ser
 * @size: size of the blob in bytes, at least sizeof(struct kstate_hdr_ser)
 *
 * Context: Any context.
 * Return: CRC32C of the bytes after the header.
 */
u32 kstate_blob_crc(const void *blob, size_t size)
{
	const size_t hdr = sizeof(struct kstate_hdr_ser);

	return ~crc32c(~0U, (const u8 *)blob + hdr, size - hdr);
}
EXPORT_SYMBOL_GPL(kstate_blob_crc);

/**
 * kstate_blob_check() - validate the header and checksum of a blob
 * @blob: the blob, as received from the previous kernel
 * @size: number of bytes available at @blob
 *
 * Checks, in this order, that the buffer holds a header, the magic, the
 * format version, that the size recorded in the header fits in @size, that
 * the reserved word is zero and that the CRC32C matches. It does not look
 * inside the sections; kstate_in_open() does.
 *
 * Context: Any context.
 * Return: 0 if the blob may be decoded; -EINVAL for a short buffer, a bad
 * magic or a non-zero reserved word; -EPROTONOSUPPORT for an unknown format
 * version; -EOVERFLOW if the recorded size exceeds @size; -EBADMSG if the
 * checksum does not match.
 */
int kstate_blob_check(const void *blob, size_t size)
{
	const struct kstate_hdr_ser *hdr = blob;
	u64 blob_size;
	u32 format;

	if (!blob || size < sizeof(*hdr)) {
		pr_err("blob of %zu bytes is shorter than its header\n", size);
		return -EINVAL;
	}
	if (le32_to_cpu(hdr->magic) != KSTATE_MAGIC) {
		pr_err("bad blob magic %#x\n", le32_to_cpu(hdr->magic));
		return -EINVAL;
	}
	format = le32_to_cpu(hdr->format);
	if (format != KSTATE_FORMAT_VERSION) {
		pr_err("blob format %u, this kernel reads format %u\n",
		       format, KSTATE_FORMAT_VERSION);
		return -EPROTONOSUPPORT;
	}
	blob_size = le64_to_cpu(hdr->size);
	if (blob_size < sizeof(*hdr) || blob_size > size) {
		pr_err("blob claims %llu bytes, %zu available\n",
		       (unsigned long long)blob_size, size);
		return -EOVERFLOW;
	}
	if (hdr->reserved) {
		pr_err("blob header reserved word is %#x\n",
		       le32_to_cpu(hdr->reserved));
		return -EINVAL;
	}
	if (kstate_blob_crc(blob, blob_size) != le32_to_cpu(hdr->crc)) {
		pr_err("blob checksum mismatch\n");
		return -EBADMSG;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(kstate_blob_check);

/*
 * What the engine knows of each kind, in one place: adding a kind adds a
 * line here, its encoder (save.c), its decoder and default (restore.c),
 * its plan (plan.c) and its dump (dump.c).
 */
static const struct kstate_kind_info kstate_kinds[KSTATE_KIND_NR] = {
	[KSTATE_KIND_UINT]   = { "uint",   0, KSTATE_KF_INT | KSTATE_KF_SIZED },
	[KSTATE_KIND_SINT]   = { "sint",   0, KSTATE_KF_INT | KSTATE_KF_SIZED },
	[KSTATE_KIND_BOOL]   = { "bool",   1, KSTATE_KF_INT },
	[KSTATE_KIND_BYTES]  = { "bytes",  0, KSTATE_KF_SIZED },
	[KSTATE_KIND_STRING] = { "string", 0, KSTATE_KF_SIZED },
	[KSTATE_KIND_STRUCT] = { "struct", 0, KSTATE_KF_TYPED },
	[KSTATE_KIND_PTR]    = { "ptr", sizeof(__le32), KSTATE_KF_TYPED },
	[KSTATE_KIND_VARRAY] = { "varray", sizeof(struct kstate_ref_ser),
				 KSTATE_KF_TAIL | KSTATE_KF_ELEMS },
	[KSTATE_KIND_LIST]   = { "list", sizeof(struct kstate_ref_ser),
				 KSTATE_KF_TAIL | KSTATE_KF_TYPED },
	[KSTATE_KIND_CUSTOM] = { "custom", sizeof(struct kstate_ref_ser),
				 KSTATE_KF_TAIL },
	[KSTATE_KIND_PAGES]  = { "pages", sizeof(struct kstate_pages_ser), 0 },
	[KSTATE_KIND_XARRAY] = { "xarray", sizeof(struct kstate_ref_ser),
				 KSTATE_KF_TAIL | KSTATE_KF_ELEMS },
};

/**
 * kstate_kind() - what the engine knows of a kind
 * @kind: &enum kstate_kind, possibly from a blob
 *
 * Return: its entry of the kind table; for an unknown kind, an entry with
 * no name.
 */
const struct kstate_kind_info *kstate_kind(u8 kind)
{
	static const struct kstate_kind_info unknown = { NULL, 0, 0 };

	return kind < KSTATE_KIND_NR && kstate_kinds[kind].name ?
	       &kstate_kinds[kind] : &unknown;
}

/**
 * kstate_wire_elem() - wire size of one element of a non-STRUCT field
 * @kind: &enum kstate_kind
 * @size: the field's @size on the wire
 *
 * Return: the size in bytes, or 0 for %KSTATE_KIND_STRUCT and unknown kinds.
 */
u32 kstate_wire_elem(u8 kind, u32 size)
{
	const struct kstate_kind_info *k = kstate_kind(kind);

	return k->flags & KSTATE_KF_SIZED ? size : k->wire;
}

/* Section [off, off + n * esize) inside the blob and 8-byte aligned? */
static int check_section(const struct kstate_blob *b, const char *what,
			 u64 off, u64 n, size_t esize, const void **p)
{
	u64 len;

	if (check_mul_overflow(n, (u64)esize, &len) || off % 8 ||
	    off < sizeof(struct kstate_hdr_ser) || off > b->size ||
	    len > b->size - off) {
		pr_err("blob %s section [%llu, +%llu x %zu) out of bounds\n",
		       what, (unsigned long long)off, (unsigned long long)n,
		       esize);
		return -EINVAL;
	}
	*p = b->base + off;
	return 0;
}

static bool valid_name(const struct kstate_blob *b, u32 off)
{
	return off < b->strings_len && b->strings[off];
}

static bool int_size(u32 size)
{
	return size == 1 || size == 2 || size == 4 || size == 8;
}

/* Check one field of type @t; the names are already known to be valid. */
static int check_field(const struct kstate_blob *b, u32 t,
		       const struct kstate_field_ser *f)
{
	const char *tn = kstate_blob_str(b, le32_to_cpu(b->types[t].name));
	const char *fn = kstate_blob_str(b, le32_to_cpu(f->name));
	u32 size = le32_to_cpu(f->size), count = le32_to_cpu(f->count);
	u32 type = le32_to_cpu(f->type);
	bool ok, typed;

	typed = kstate_kind(f->kind)->flags & KSTATE_KF_TYPED;
	switch (f->kind) {
	case KSTATE_KIND_UINT:
	case KSTATE_KIND_SINT:
		ok = int_size(size);
		break;
	case KSTATE_KIND_BOOL:
		ok = size == 1;
		break;
	case KSTATE_KIND_BYTES:
	case KSTATE_KIND_STRING:
		ok = size && size <= KSTATE_MAX_FIXED;
		break;
	case KSTATE_KIND_VARRAY:
		typed = f->elem_kind == KSTATE_KIND_STRUCT;
		ok = typed ? !size : (f->elem_kind == KSTATE_KIND_UINT ||
				      f->elem_kind == KSTATE_KIND_SINT) &&
				     int_size(size);
		break;
	case KSTATE_KIND_XARRAY:
		typed = f->elem_kind == KSTATE_KIND_PTR;
		ok = !size && (typed || f->elem_kind == KSTATE_KIND_UINT);
		break;
	default:	/* the other known kinds have no size */
		ok = kstate_kind(f->kind)->name && !size;
		break;
	}
	if (!(kstate_kind(f->kind)->flags & KSTATE_KF_ELEMS) && f->elem_kind)
		ok = false;
	if (!ok || f->reserved || (f->flags & ~KSTATE_FIELD_FLAGS)) {
		pr_err("type %s field %s: bad kind %u, size %u or flags %#x\n",
		       tn, fn, f->kind, size, f->flags);
		return -EINVAL;
	}
	if (!count || count > KSTATE_MAX_COUNT) {
		pr_err("type %s field %s: bad count %u\n", tn, fn, count);
		return -EINVAL;
	}
	if (typed ? type >= b->nr_types : type != KSTATE_NONE) {
		pr_err("type %s field %s: bad type reference %u\n", tn, fn, type);
		return -EINVAL;
	}
	if (!kstate_blob_aliases(b, f)) {
		pr_err("type %s field %s: bad alias list\n", tn, fn);
		return -EINVAL;
	}
	return 0;
}

/**
 * kstate_blob_aliases() - the former names of a writer field
 * @b: a blob whose string section is known
 * @f: one of its fields
 *
 * Return: the first of consecutive NUL-terminated names ended by an empty
 * string, "" if the field has none, or NULL if the list is malformed (it
 * then cannot pass kstate_blob_open()).
 */
const char *kstate_blob_aliases(const struct kstate_blob *b,
				const struct kstate_field_ser *f)
{
	u32 off = le32_to_cpu(f->aliases);
	const char *s;

	if (off == KSTATE_NONE)
		return "";
	if (off >= b->strings_len)
		return NULL;
	/* the section ends with NUL: each strnlen() stops inside it */
	for (s = b->strings + off; *s; s += strlen(s) + 1)
		if (s + strlen(s) + 1 >= b->strings + b->strings_len)
			return NULL;
	return b->strings + off;
}

/*
 * Fixed-part size of type @t. Embedded structures recurse; @state marks
 * types in progress to refuse a type that embeds itself, and @depth bounds
 * the nesting (and the stack) whatever the blob declares.
 */
static int fixed_size(struct kstate_blob *b, u32 t, u8 *state, int depth)
{
	const struct kstate_type_ser *ts = &b->types[t];
	u32 i, nr = le32_to_cpu(ts->nr_fields);
	u64 total = 0;
	int err;

	if (state[t] == 2)
		return 0;
	if (state[t] == 1) {
		pr_err("type %s embeds itself\n",
		       kstate_blob_str(b, le32_to_cpu(ts->name)));
		return -EINVAL;
	}
	if (depth > KSTATE_MAX_DEPTH) {
		pr_err("type %s: structures nested too deep\n",
		       kstate_blob_str(b, le32_to_cpu(ts->name)));
		return -EINVAL;
	}
	state[t] = 1;
	for (i = 0; i < nr; i++) {
		const struct kstate_field_ser *f = kstate_blob_field(b, t, i);
		u64 elem = kstate_wire_elem(f->kind, le32_to_cpu(f->size));

		if (f->kind == KSTATE_KIND_STRUCT) {
			err = fixed_size(b, le32_to_cpu(f->type), state, depth + 1);
			if (err)
				return err;
			elem = b->fixed[le32_to_cpu(f->type)];
		}
		total += elem * le32_to_cpu(f->count) +
			 !!(f->flags & KSTATE_FIELD_COND);
		if (total > KSTATE_MAX_FIXED) {
			pr_err("type %s: fixed part too large\n",
			       kstate_blob_str(b, le32_to_cpu(ts->name)));
			return -EINVAL;
		}
	}
	if (total != le32_to_cpu(ts->fixed_size)) {
		pr_err("type %s: fixed part is %llu bytes, header says %u\n",
		       kstate_blob_str(b, le32_to_cpu(ts->name)),
		       (unsigned long long)total, le32_to_cpu(ts->fixed_size));
		return -EINVAL;
	}
	b->fixed[t] = total;
	state[t] = 2;
	return 0;
}

static int check_types(struct kstate_blob *b)
{
	u32 t, i, j;
	u8 *state;
	int err = 0;

	for (t = 0; t < b->nr_types; t++) {
		const struct kstate_type_ser *ts = &b->types[t];
		u32 first = le32_to_cpu(ts->first_field);
		u32 nr = le32_to_cpu(ts->nr_fields);
		const char *tn;

		if (!valid_name(b, le32_to_cpu(ts->name)) ||
		    first > b->nr_fields || nr > b->nr_fields - first ||
		    nr > KSTATE_MAX_TYPE_FIELDS) {
			pr_err("type %u: bad name or fields\n", t);
			return -EINVAL;
		}
		tn = kstate_blob_str(b, le32_to_cpu(ts->name));
		for (j = 0; j < t; j++) {
			const char *other = kstate_blob_str(b, le32_to_cpu(b->types[j].name));

			if (!strcmp(tn, other)) {
				pr_err("type %s described twice\n", tn);
				return -EINVAL;
			}
		}
		for (i = 0; i < nr; i++) {
			const struct kstate_field_ser *f = kstate_blob_field(b, t, i);

			if (!valid_name(b, le32_to_cpu(f->name))) {
				pr_err("type %s field %u: bad name\n", tn, i);
				return -EINVAL;
			}
			for (j = 0; j < i; j++) {
				const struct kstate_field_ser *g = kstate_blob_field(b, t, j);

				if (!strcmp(kstate_blob_str(b, le32_to_cpu(f->name)),
					    kstate_blob_str(b, le32_to_cpu(g->name)))) {
					pr_err("type %s field %s described twice\n", tn,
					       kstate_blob_str(b, le32_to_cpu(f->name)));
					return -EINVAL;
				}
			}
			err = check_field(b, t, f);
			if (err)
				return err;
		}
	}

	state = kcalloc(b->nr_types ?: 1, sizeof(*state), GFP_KERNEL);
	if (!state)
		return -ENOMEM;
	for (t = 0; t < b->nr_types && !err; t++)
		err = fixed_size(b, t, state, 0);
	kfree(state);
	return err;
}

/* Size of the object table of @nr objects, @nk of them keyed. */
static u64 obj_table_size(u32 nk, u32 nr)
{
	return (u64)nk * sizeof(struct kstate_keyed_ser) +
	       (u64)(nr - nk) * sizeof(struct kstate_anon_ser);
}

/* Split the keyed part of the object table into the types' groups. */
static int check_groups(struct kstate_blob *b)
{
	u64 n = 0;
	u32 t;

	for (t = 0; t < b->nr_types; t++) {
		b->first_keyed[t] = n;
		n += le32_to_cpu(b->types[t].nr_keyed);
		if (n > b->nr_keyed)
			break;
	}
	if (n != b->nr_keyed) {
		pr_err("the types' keyed objects are not the %u of the header\n",
		       b->nr_keyed);
		return -EINVAL;
	}
	b->first_keyed[b->nr_types] = n;
	return 0;
}

/*
 * Place every record: object i's starts where object i - 1's ends, is at
 * least its type's fixed part long and ends inside the data, and the last
 * one ends where the data does.
 */
static int check_objects(struct kstate_blob *b)
{
	u64 off = 0, end;
	u32 i, t = 0;

	for (i = 0; i < b->nr_objects; i++) {
		struct kstate_blob_obj *o = &b->objs[i];

		if (i < b->nr_keyed) {
			while (i >= b->first_keyed[t + 1])
				t++;
			o->type = t;
			o->len = le32_to_cpu(b->keyed[i].len);
			if (i > b->first_keyed[t] &&
			    le64_to_cpu(b->keyed[i - 1].key) >=
			    le64_to_cpu(b->keyed[i].key)) {
				pr_err("type %s key %llu: %s keyed object\n",
				       kstate_blob_str(b, le32_to_cpu(b->types[t].name)),
				       (unsigned long long)le64_to_cpu(b->keyed[i].key),
				       b->keyed[i - 1].key == b->keyed[i].key ?
				       "duplicate" : "unsorted");
				return -EINVAL;
			}
		} else {
			const struct kstate_anon_ser *a = &b->anon[i - b->nr_keyed];

			o->type = le32_to_cpu(a->type);
			o->len = le32_to_cpu(a->len);
			if (o->type >= b->nr_types) {
				pr_err("object %u: bad type %u\n", i, o->type);
				return -EINVAL;
			}
		}
		o->off = off;
		if (o->len < b->fixed[o->type]) {
			pr_err("object %u (type %s): record of %u bytes, below the fixed part\n",
			       i, kstate_blob_str(b, le32_to_cpu(b->types[o->type].name)),
			       o->len);
			return -EINVAL;
		}
		if (check_add_overflow(off, (u64)o->len, &end) || end > b->data_len) {
			pr_err("object %u (type %s): record [%llu, +%u) out of bounds\n",
			       i, kstate_blob_str(b, le32_to_cpu(b->types[o->type].name)),
			       (unsigned long long)off, o->len);
			return -EINVAL;
		}
		off = end;
	}
	if (off != b->data_len) {
		pr_err("records end at %llu, data at %llu\n",
		       (unsigned long long)off, (unsigned long long)b->data_len);
		return -EINVAL;
	}
	return 0;
}

/* The header's counts, bounded, and each section inside the blob. */
static int open_sections(struct kstate_blob *b,
			 const struct kstate_hdr_ser *hdr)
{
	const void *p;
	int err;

	b->size = le64_to_cpu(hdr->size);
	b->strings_len = le64_to_cpu(hdr->strings_len);
	b->nr_types = le32_to_cpu(hdr->nr_types);
	b->nr_fields = le32_to_cpu(hdr->nr_fields);
	b->nr_objects = le32_to_cpu(hdr->nr_objects);
	b->nr_keyed = le32_to_cpu(hdr->nr_keyed);
	b->data_len = le64_to_cpu(hdr->data_len);
	if (b->nr_types > KSTATE_MAX_TYPES || b->nr_fields > KSTATE_MAX_FIELDS ||
	    b->nr_keyed > b->nr_objects || hdr->reserved) {
		pr_err("blob declares %u types, %u fields, %u/%u objects\n",
		       b->nr_types, b->nr_fields, b->nr_keyed, b->nr_objects);
		return -EINVAL;
	}
	err = check_section(b, "string", le64_to_cpu(hdr->strings_off),
			    b->strings_len, 1, &p);
	if (err)
		return err;
	b->strings = p;
	if (b->strings_len && b->strings[b->strings_len - 1]) {
		pr_err("blob string section is not NUL-terminated\n");
		return -EINVAL;
	}
	err = check_section(b, "type", le64_to_cpu(hdr->types_off), b->nr_types,
			    sizeof(*b->types), &p);
	if (err)
		return err;
	b->types = p;
	err = check_section(b, "field", le64_to_cpu(hdr->fields_off), b->nr_fields,
			    sizeof(*b->fields), &p);
	if (err)
		return err;
	b->fields = p;
	err = check_section(b, "object", le64_to_cpu(hdr->objects_off),
			    obj_table_size(b->nr_keyed, b->nr_objects), 1, &p);
	if (err)
		return err;
	b->keyed = p;
	b->anon = (const void *)(b->keyed + b->nr_keyed);
	err = check_section(b, "data", le64_to_cpu(hdr->data_off),
			    b->data_len, 1, &p);
	if (err)
		return err;
	b->data = p;
	return 0;
}

/**
 * kstate_blob_open() - validate a whole blob and index its sections
 * @b: filled in on success
 * @blob: the blob
 * @size: bytes available at @blob
 *
 * Beyond kstate_blob_check(): every section lies inside the blob, every name
 * is a NUL-terminated string of the string section, types and fields are
 * unique by name and well-formed, no type embeds itself, fixed sizes agree,
 * the types' groups of keyed objects add up to the keyed objects, keys are
 * sorted and unique within a group, every record is at least its type's
 * fixed part and the records, back to back, fill the data exactly. Computes
 * each object's type and record offset.
 *
 * Context: Process context (allocates).
 * Return: 0, or -errno as kstate_blob_check(), -EINVAL for any structural
 * defect, -ENOMEM.
 */
int kstate_blob_open(struct kstate_blob *b, const void *blob, size_t size)
{
	int err;

	memset(b, 0, sizeof(*b));
	err = kstate_blob_check(blob, size);
	if (err)
		return err;
	b->base = blob;
	err = open_sections(b, blob);
	if (err)
		return err;
	b->fixed = kcalloc(b->nr_types ?: 1, sizeof(*b->fixed), GFP_KERNEL);
	b->first_keyed = kcalloc(b->nr_types + 1, sizeof(*b->first_keyed),
				 GFP_KERNEL);
	/* at most twice the object table, which lies inside the blob */
	b->objs = kvcalloc(b->nr_objects ?: 1, sizeof(*b->objs), GFP_KERNEL);
	if (!b->fixed || !b->first_keyed || !b->objs) {
		err = -ENOMEM;
		goto fail;
	}
	err = check_types(b);
	if (!err)
		err = check_groups(b);
	if (!err)
		err = check_objects(b);
	if (!err)
		return 0;
fail:
	kstate_blob_release(b);
	return err;
}

/**
 * kstate_blob_release() - free what kstate_blob_open() allocated
 * @b: an opened blob; the blob's memory itself is not touched
 */
void kstate_blob_release(struct kstate_blob *b)
{
	kfree(b->fixed);
	b->fixed = NULL;
	kfree(b->first_keyed);
	b->first_keyed = NULL;
	kvfree(b->objs);
	b->objs = NULL;
}

/**
 * kstate_blob_find() - find a keyed object by binary search
 * @b: an opened blob
 * @type: index of the type in the blob's type table
 * @key: the key
 *
 * Return: the object's index, or -ENOENT.
 */
int kstate_blob_find(const struct kstate_blob *b, u32 type, u64 key)
{
	u32 lo, hi;

	if (type >= b->nr_types)
		return -ENOENT;
	lo = b->first_keyed[type];
	hi = b->first_keyed[type + 1];
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		u64 k = le64_to_cpu(b->keyed[mid].key);

		if (k == key)
			return mid;
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -ENOENT;
}

/**
 * kstate_blob_find_type() - find a type of the blob by name
 * @b: an opened blob
 * @name: the type's name
 *
 * Return: the type's index, or -ENOENT.
 */
int kstate_blob_find_type(const struct kstate_blob *b, const char *name)
{
	u32 t;

	for (t = 0; t < b->nr_types; t++)
		if (!strcmp(name, kstate_blob_str(b, le32_to_cpu(b->types[t].name))))
			return t;
	return -ENOENT;
}

struct pages_walk {
	const struct kstate_blob *b;
	const u8 *rec;
	u32 len;
	u64 budget;	/* tail bytes the walk may still visit */
	kstate_pages_fn_t fn;
	void *arg;
};

static void walk_pages(struct pages_walk *w, u32 t, u32 at, int depth);

/* One element of field @f at offset @at of the record. */
static void walk_elem(struct pages_walk *w,
		      const struct kstate_field_ser *f, u32 at, int depth)
{
	const u8 *p = w->rec + at;
	u32 sub = le32_to_cpu(f->type), fixed, off, n;

	switch (f->kind) {
	case KSTATE_KIND_PAGES:
		if (get_unaligned_le64(p))
			w->fn(get_unaligned_le64(p), get_unaligned_le32(p + 8),
			      w->arg);
		return;
	case KSTATE_KIND_STRUCT:
		walk_pages(w, sub, at, depth + 1);
		return;
	case KSTATE_KIND_VARRAY:
		if (f->elem_kind != KSTATE_KIND_STRUCT)
			return;
		fixed = w->b->fixed[sub];
		off = get_unaligned_le32(p);
		n = get_unaligned_le32(p + 4);
		/*
		 * Tails may overlap: charge each visit to the record's size,
		 * as the decoder does, or a small blob could make the walk
		 * exponential.
		 */
		if (!fixed || off > w->len || n > (w->len - off) / fixed ||
		    (u64)n * fixed > w->budget)
			return;
		w->budget -= (u64)n * fixed;
		while (n--)
			walk_pages(w, sub, off + n * fixed, depth + 1);
		return;
	default:
		return;
	}
}

/* The fields of writer type @t whose fixed part is at offset @at. */
static void walk_pages(struct pages_walk *w, u32 t, u32 at, int depth)
{
	const struct kstate_blob *b = w->b;
	u32 i, k, nf = le32_to_cpu(b->types[t].nr_fields);

	if (depth > KSTATE_MAX_DEPTH)
		return;
	for (i = 0; i < nf; i++) {
		const struct kstate_field_ser *f = kstate_blob_field(b, t, i);
		u32 elem = f->kind == KSTATE_KIND_STRUCT ?
			   b->fixed[le32_to_cpu(f->type)] :
			   kstate_wire_elem(f->kind, le32_to_cpu(f->size));
		bool absent = false;

		if (f->flags & KSTATE_FIELD_COND)
			absent = !w->rec[at++];
		for (k = 0; k < le32_to_cpu(f->count); k++, at += elem)
			if (!absent)
				walk_elem(w, f, at, depth);
	}
}

/**
 * kstate_blob_walk_pages() - the preserved pages an object refers to
 * @b: an opened blob
 * @id: one of its objects
 * @fn: called with the physical address and order of each non-empty PAGES
 *	field of the object, of its embedded structures and of the structures
 *	of its variable arrays (not of objects it points to)
 * @arg: passed to @fn
 *
 * References that leave the record are skipped, as the dump does.
 */
void kstate_blob_walk_pages(const struct kstate_blob *b, u32 id,
			    kstate_pages_fn_t fn, void *arg)
{
	struct pages_walk w = {
		.b = b, .rec = kstate_blob_rec(b, id),
		.len = kstate_blob_rec_len(b, id), .fn = fn, .arg = arg,
		.budget = kstate_blob_rec_len(b, id),
	};

	walk_pages(&w, kstate_blob_obj_type(b, id), 0, 0);
}

/**
 * kstate_buf_grow() - make room for at least @n bytes
 * @b: the buffer
 * @n: the capacity needed
 *
 * Return: 0 or -ENOMEM; on failure the buffer is unchanged.
 */
int kstate_buf_grow(struct kstate_buf *b, size_t n)
{
	size_t cap = max3(n, b->cap * 2, (size_t)4096);
	u8 *p;

	p = kvrealloc(b->p, cap, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	b->p = p;
	b->cap = cap;
	return 0;
}

/**
 * kstate_buf_free() - free a buffer's memory
 * @b: the buffer
 */
void kstate_buf_free(struct kstate_buf *b)
{
	kvfree(b->p);
	memset(b, 0, sizeof(*b));
}
