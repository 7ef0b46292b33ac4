// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE descriptors: the checks a &struct kstate_type must pass before the
 * engine walks it, and the wire form of a bitfield.
 *
 * Built both into the kernel and, through tools/testing/kstate/, on the host.
 */
#define pr_fmt(fmt) "kstate: " fmt

#include "kstate_internal.h"

/*
 * Where the bits of bitfield @f live, on a machine whose bitfields are
 * laid out as the little-endian integer of their bytes (checked: every
 * probe below must read back through that integer): the smallest aligned
 * window of 1, 2, 4 or 8 bytes, inside the structure, that holds them.
 * @probe is zeroed, t->size bytes; left zeroed.
 */
static void bitfield_window(const struct kstate_type *t,
			    const struct kstate_field *f, u8 *probe,
			    struct kstate_bits *b)
{
	u32 first = 0, last = 0, i, load;
	u64 mask, v;

	f->bf_set(probe, ~0ULL);
	for (i = 0; i < t->size; i++) {
		if (!probe[i])
			continue;
		if (!last++)
			first = i;
		last = i + 1;
	}
	memset(probe, 0, t->size);
	if (!last || !kstate_le_native())
		return;
	for (load = 1; load < last - first; load *= 2)
		;
	if (load > 8 || load > t->size)
		return;
	b->off = min_t(u32, first, t->size - load);
	mask = ~0ULL >> (64 - b->width);
	/* the bits: all ones, then 1, then alternating bits */
	f->bf_set(probe, ~0ULL);
	v = kstate_get_le(probe + b->off, load);
	b->shift = __ffs64(v);
	if (b->shift + b->width > 8 * load || v != mask << b->shift)
		goto out;
	f->bf_set(probe, 1);
	if (kstate_get_le(probe + b->off, load) != 1ULL << b->shift)
		goto out;
	f->bf_set(probe, 0x5555555555555555ULL & mask);
	if ((kstate_get_le(probe + b->off, load) >> b->shift) !=
	    (0x5555555555555555ULL & mask))
		goto out;
	b->load = load;
out:
	memset(probe, 0, t->size);
}

/**
 * kstate_bitfield_probe() - what a bitfield is, found through its accessors
 * @t: the structure type
 * @f: a bitfield of it
 * @probe: scratch: NULL, or @t->size zeroed bytes (left zeroed)
 * @b: the answer
 *
 * Stores all ones on a zeroed scratch object and reads back: the width
 * and signedness give the wire kind and size. Where the bits lie in a
 * window of 8 bytes at most, as the little-endian integer of its bytes,
 * @b->load and @b->off tell the window and @b->shift the lowest bit, for
 * kstate_bits_get() and kstate_bits_set(); else @b->load is 0 and the
 * accessors are the only way.
 *
 * Return: 0 or -ENOMEM.
 */
int kstate_bitfield_probe(const struct kstate_type *t,
			  const struct kstate_field *f, u8 *probe,
			  struct kstate_bits *b)
{
	u8 *tmp = probe ?: kzalloc(t->size, GFP_KERNEL);
	unsigned int bits;
	u64 v;

	if (!tmp)
		return -ENOMEM;
	memset(b, 0, sizeof(*b));
	f->bf_set(tmp, ~0ULL);
	v = f->bf_get(tmp);
	if (v != ~0ULL) {
		b->kind = KSTATE_KIND_UINT;
		bits = fls64(v);
	} else {
		/* signed (reads back -1), or unsigned of 64 bits */
		for (bits = 1; bits < 64; bits++) {
			f->bf_set(tmp, 1ULL << (bits - 1));
			if ((s64)f->bf_get(tmp) < 0)
				break;
		}
		b->kind = bits < 64 ? KSTATE_KIND_SINT : KSTATE_KIND_UINT;
	}
	memset(tmp, 0, t->size);
	b->width = bits;
	b->size = bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : 8;
	bitfield_window(t, f, tmp, b);
	if (!probe)
		kfree(tmp);
	return 0;
}

#ifdef KSTATE_CROSSCHECK
struct kstate_crosscheck kstate_crosscheck;

/**
 * kstate_test_crosscheck_counts() - how the compiled paths compared
 * @checked: compiled steps of saves and restores checked so far
 * @differ: those whose bytes differed from the interpreter's
 */
void kstate_test_crosscheck_counts(u64 *checked, u64 *differ)
{
	*checked = kstate_crosscheck.checked;
	*differ = kstate_crosscheck.differ;
}
EXPORT_SYMBOL_GPL(kstate_test_crosscheck_counts);
#endif

/* A field whose saved value can be compared with the member's. */
bool kstate_field_comparable(const struct kstate_field *f)
{
	switch (f->kind) {
	case KSTATE_KIND_UINT:
	case KSTATE_KIND_SINT:
	case KSTATE_KIND_BOOL:
	case KSTATE_KIND_BYTES:
	case KSTATE_KIND_STRING:
		return true;
	default:
		return false;
	}
}

/**
 * kstate_type_flex() - the flexible array member field of a type
 * @t: the type
 *
 * Return: its %KSTATE_KIND_VARRAY field with @flex set, or NULL.
 */
const struct kstate_field *kstate_type_flex(const struct kstate_type *t)
{
	unsigned int i;

	for (i = 0; i < t->nr_fields; i++)
		if (t->fields[i].flex)
			return &t->fields[i];
	return NULL;
}

/*
 * A flexible array member: the last thing in the structure, one per type,
 * with a count member or a length callback; and a type that has one is
 * never embedded, in a structure or in an array.
 */
static int check_flex(const struct kstate_type *t, const struct kstate_field *f)
{
	const char *why = NULL;

	if (f->flex) {
		if (f->kind != KSTATE_KIND_VARRAY ||
		    !f->flex_len == !f->aux_size || f->offset > t->size)
			why = "bad flexible array";
		else if (kstate_type_flex(t) != f)
			why = "a second flexible array";
	} else if (f->flex_len) {
		why = "length callback on a field that is not a flexible array";
	}
	if (!why && f->type &&
	    (f->kind == KSTATE_KIND_STRUCT || f->elem_kind == KSTATE_KIND_STRUCT) &&
	    kstate_type_flex(f->type))
		why = "embeds a type that has a flexible array";
	if (!why)
		return 0;
	pr_err("type %s field %s: %s\n", t->name, f->name, why);
	return -EINVAL;
}

/*
 * Bytes of the object that the member of field @f covers from its offset:
 * every element of an array, the pointer of a VARRAY (its count member is
 * apart); none for a bitfield or a flexible array.
 */
size_t kstate_field_extent(const struct kstate_field *f)
{
	if (f->bf_set || f->flex)
		return 0;
	switch (f->kind) {
	case KSTATE_KIND_STRUCT:
		return f->type->size * f->count;
	case KSTATE_KIND_VARRAY:
	case KSTATE_KIND_PAGES:
		return sizeof(void *);
	case KSTATE_KIND_PTR:
		return sizeof(void *) * f->count;
	case KSTATE_KIND_LIST:
		return f->hlist ? sizeof(struct hlist_head) :
				  sizeof(struct list_head);
	case KSTATE_KIND_XARRAY:
		return sizeof(struct xarray);
	case KSTATE_KIND_BOOL:
		return sizeof(bool) * f->count;
	case KSTATE_KIND_BYTES:
	case KSTATE_KIND_STRING:
	case KSTATE_KIND_CUSTOM:
		return f->size;
	default:
		return (size_t)f->size * f->count;
	}
}

/* Do the members of fields @a and @b share bytes: members of a union? */
bool kstate_fields_overlap(const struct kstate_field *a,
			   const struct kstate_field *b)
{
	size_t la = kstate_field_extent(a), lb = kstate_field_extent(b);

	return la && lb && a->offset < b->offset + lb &&
	       b->offset < a->offset + la;
}

int kstate_type_check(const struct kstate_type *t)
{
	unsigned int i, j;
	int err;

	if (!t->name || !*t->name || t->nr_fields > KSTATE_MAX_TYPE_FIELDS ||
	    t->flex != !!kstate_type_flex(t)) {
		pr_err("type %s: no name, too many fields or a bad flex flag\n",
		       t->name ?: "?");
		return -EINVAL;
	}

	for (i = 0; i < t->nr_fields; i++) {
		const struct kstate_field *f = &t->fields[i];
		bool custom = f->kind == KSTATE_KIND_CUSTOM;
		bool xarray = f->kind == KSTATE_KIND_XARRAY;
		bool typed = (kstate_kind(f->kind)->flags & KSTATE_KF_TYPED) ||
			     f->elem_kind == KSTATE_KIND_STRUCT ||
			     (xarray && f->elem_kind == KSTATE_KIND_PTR);

		if (!f->name || !*f->name || !kstate_kind(f->kind)->name ||
		    !f->count || typed != !!f->type ||
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
		if ((f->must_match && !kstate_field_comparable(f)) ||
		    (f->keep && f->def) ||
		    (f->virt && f->kind != KSTATE_KIND_PAGES) ||
		    (f->reuse && f->kind != KSTATE_KIND_PTR) ||
		    (f->hlist && f->kind != KSTATE_KIND_LIST)) {
			pr_err("type %s field %s: %s\n", t->name, f->name,
			       f->virt || f->hlist || f->reuse ?
			       "variant of another kind" :
			       f->keep ? "KSTATE_KEEP with a default" :
			       "KSTATE_MUST_MATCH on a field that is not a value");
			return -EINVAL;
		}
		err = check_flex(t, f);
		if (err)
			return err;
		for (j = 0; j < i; j++) {
			const struct kstate_field *g = &t->fields[j];

			if (!strcmp(f->name, g->name)) {
				pr_err("type %s: field %s described twice\n",
				       t->name, f->name);
				return -EINVAL;
			}
			/* one saves what the other's bytes hold */
			if ((!f->save_if || !g->save_if) &&
			    kstate_fields_overlap(f, g)) {
				pr_err("type %s: fields %s and %s share bytes (a union): each needs KSTATE_SAVE_IF()\n",
				       t->name, g->name, f->name);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/**
 * kstate_grow_array() - make room for @need elements in a kvmalloc'ed array
 * @arr: the array (may be NULL); moved when it grows
 * @cap: its capacity in elements
 * @need: elements needed
 * @esize: size of one element
 *
 * Return: 0 or -ENOMEM (the array is then unchanged).
 */
int kstate_grow_array(void **arr, u32 *cap, u32 need, size_t esize)
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
