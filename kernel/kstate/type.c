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
 * Width and signedness of a bitfield, found through its accessors on a
 * zeroed scratch object: store all ones and read back.
 */
int kstate_bitfield_wire(const struct kstate_type *t,
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
			if (!strcmp(f->name, t->fields[j].name)) {
				pr_err("type %s: field %s described twice\n",
				       t->name, f->name);
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
