/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KSTATE: declarative kernel state serialization for live update.
 *
 * A subsystem describes a structure once with KSTATE_DEFINE(), registers live
 * objects under stable keys, and the next kernel restores them by key, in any
 * order, converting between the writer's and its own version of each type.
 *
 * See Documentation/core-api/kstate.rst.
 */
#ifndef _LINUX_KSTATE_H
#define _LINUX_KSTATE_H

#include <linux/args.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kho/abi/kstate.h>
#include <linux/stddef.h>
#include <linux/types.h>

struct kstate_mem;
struct kstate_type;
struct dentry;
struct module;
struct page;
struct xarray;

/**
 * struct kstate_mem_ops - how memory is kept in place across the handover
 * @preserve: mark the 2^@order pages at @page to survive the kexec and give
 *	their physical address in @phys; 0 or -errno. The backend may hold a
 *	reference on the pages until the save is undone, and then requires
 *	an order-0 page or a compound page of @order (KHO does).
 * @restore: take back the preserved pages at @phys in the next kernel, in
 *	the form @preserve took them (KHO: an order-0 page, or a compound
 *	page of @order), with one reference the caller owns; NULL if that is
 *	not possible.
 * @release: drop the reference of pages @restore returned that are not
 *	kept: pages of an object whose restore failed, or of objects nobody
 *	restored, taken back at kstate_finish() only to be freed. Only for
 *	pages @restore returned, before the incoming blob is released. NULL
 *	if the backend has nothing to free.
 *
 * Set by the handover backend (KHO) with kstate_out_set_mem() and
 * kstate_in_set_mem(); without it, %KSTATE_KIND_PAGES fields refuse to save.
 */
struct kstate_mem_ops {
	int (*preserve)(struct page *page, unsigned int order, u64 *phys);
	struct page *(*restore)(u64 phys, unsigned int order);
	void (*release)(struct page *page, unsigned int order);
};

/**
 * struct kstate_custom_ops - save and restore a member nothing else fits
 * @size: bytes @save will write for the member @m of @obj.
 * @save: write exactly @len bytes describing @m into @buf (called with
 *	@len 0 too, when @size gave 0); 0 or -errno.
 *	Memory to keep in place (an IOMMU's page table pages) is preserved
 *	with kstate_custom_preserve(@mem, ...), and its physical address
 *	saved in @buf.
 * @restore: rebuild @m from the @len bytes a writer of version
 *	@writer_version saved; 0 or -errno. It runs on the scratch copy of
 *	the object, which is committed only if the whole object restores.
 *	A writer without the field gives @buf NULL, @len 0, @writer_version 0:
 *	set the member's default. Preserved memory is taken back with
 *	kstate_custom_restore(@mem, ...); if the object's restore fails, the
 *	engine gives it back to the backend.
 * @undo: optional: the object's restore failed after @restore succeeded
 *	on @m (then discarded with the scratch copy, or the object freed):
 *	free what @restore allocated for it.
 */
struct kstate_custom_ops {
	size_t (*size)(const void *obj, const void *m);
	int (*save)(const void *obj, const void *m, void *buf, size_t len,
		    struct kstate_mem *mem);
	int (*restore)(void *obj, void *m, const void *buf, size_t len,
		       u32 writer_version, struct kstate_mem *mem);
	void (*undo)(void *obj, void *m);
};

/**
 * struct kstate_ops - optional hooks of a described type
 * @pre_save: called on each object before it is saved; an error aborts the
 *	save (and so the live update) with that error.
 * @pre_restore: called before anything of an object is decoded, with the
 *	writer's version of the type: on the live object of a restore by
 *	key, on the zeroed allocation of an object reached through it. An
 *	error refuses the restore with that error, nothing written. For
 *	checks and preparations outside the described members (which the
 *	restore overwrites).
 * @post_restore: called after an object was restored and committed, with the
 *	writer's version of the type, for semantic migrations. An error is
 *	reported as the restore's result; the object stays restored.
 */
struct kstate_ops {
	int (*pre_save)(void *obj);
	int (*pre_restore)(void *obj, u32 writer_version);
	int (*post_restore)(void *obj, u32 writer_version);
};

/**
 * struct kstate_field - description of one member of a described structure
 * @name: stable name of the field; the reader matches writer fields by it.
 * @aliases: former names of the field, NUL-terminated strings ended by an
 *	empty one (KSTATE_ALIASES()), or NULL.
 * @kind: &enum kstate_kind.
 * @critical: must-understand; written as %KSTATE_FIELD_CRITICAL.
 * @optional: reader side only: restore fills @def when the writer lacks it.
 * @must_match: reader side only: the writer's value must equal the
 *	object's current one, checked before anything is written.
 * @keep: reader side only: when the writer lacks the field, the member
 *	keeps its current value instead of getting @def.
 * @reuse: reader side only, %KSTATE_KIND_PTR: a pointee the object being
 *	restored already has is restored in place instead of allocated.
 * @virt: %KSTATE_KIND_PAGES: the member is the pages' kernel virtual
 *	address, a pointer of any type, not their &struct page.
 * @hlist: %KSTATE_KIND_LIST: the member is a &struct hlist_head and the
 *	elements are linked through a &struct hlist_node.
 * @flex: %KSTATE_KIND_VARRAY: the member is the structure's flexible array
 *	member itself, not a pointer.
 * @save_if: writer side: saves the field only for the objects (the
 *	structure that holds the member) it returns true for; the others'
 *	records say the field is absent and the reader leaves the member
 *	as it is. Written as %KSTATE_FIELD_COND.
 * @elem_kind: for %KSTATE_KIND_VARRAY, the kind of its elements; for
 *	%KSTATE_KIND_XARRAY, %KSTATE_KIND_PTR (objects) or %KSTATE_KIND_UINT
 *	(values).
 * @since: first version of the type that has the field.
 * @until: first version of the type that no longer has it; 0 if none.
 * @offset: offset of the member in the structure.
 * @size: size of one element of the member (integers, bytes, strings, and
 *	integer VARRAY elements); CUSTOM: size of the member; 0 for
 *	bitfields.
 * @count: number of elements of a fixed array member (1 for a scalar).
 * @type: the described type of STRUCT, PTR, LIST, VARRAY-of-STRUCT and
 *	XARRAY-of-objects fields.
 * @aux: VARRAY: offset of the count member; LIST: offset of the list_head
 *	in the element type; PAGES: the allocation order; XARRAY: the flags
 *	of xa_init_flags() for the restored xarray.
 * @aux_size: VARRAY: size of the count member; 0 for a pointer to one
 *	element or none (KSTATE_INT_PTR()).
 * @def: value of the field when restored from a writer older than @since.
 * @bf_get: bitfields: reads the member as an integer (sign-extended).
 * @bf_set: bitfields: writes the member, -ERANGE if the value does not fit.
 * @custom: %KSTATE_KIND_CUSTOM: the callbacks.
 * @flex_len: a @flex field without a count member: the length in bytes of
 *	the flexible array of the structure at @obj.
 *
 * Fields are built by the KSTATE_* field macros inside KSTATE_DEFINE(),
 * never by hand.
 */
struct kstate_field {
	const char *name;
	const char *aliases;
	u8 kind;
	bool critical;
	bool optional;
	bool must_match;
	bool keep;
	bool reuse;
	bool virt;
	bool hlist;
	bool flex;
	u8 elem_kind;
	u8 aux_size;
	u16 since;
	u16 until;
	u32 offset;
	u32 size;
	u32 count;
	u32 aux;
	const struct kstate_type *type;
	u64 def;
	u64 (*bf_get)(const void *obj);
	int (*bf_set)(void *obj, u64 val);
	bool (*save_if)(const void *obj);
	const struct kstate_custom_ops *custom;
	size_t (*flex_len)(const void *obj);
};

/**
 * struct kstate_type - a described structure type
 * @name: stable name of the type; the reader matches writer types by it.
 * @version: current version of the type: the version this kernel writes.
 * @min_version: oldest writer version this kernel can restore.
 * @size: sizeof() the C structure.
 * @fields: the field descriptors.
 * @nr_fields: number of entries in @fields.
 * @ops: optional hooks, or NULL.
 * @owner: the module that defines the type (THIS_MODULE): its unloading
 *	takes the type's registrations with it.
 * @flex: the structure ends in a flexible array member that a field
 *	describes (KSTATE_FLEX_ARRAY() and the like).
 *
 * Defined by KSTATE_DEFINE() as ``<n>_kstate_type``, never by hand.
 */
struct kstate_type {
	const char *name;
	u32 version;
	u32 min_version;
	size_t size;
	const struct kstate_field *fields;
	unsigned int nr_fields;
	const struct kstate_ops *ops;
	struct module *owner;
	bool flex;
};

/**
 * struct kstate_cat_type - a type's entry in the image's catalog
 * @magic: %KSTATE_CAT_MAGIC.
 * @format: %KSTATE_FORMAT_VERSION.
 * @rec_size: bytes of the entry and its fields.
 * @nr_fields: entries of @fields.
 * @version: as &struct kstate_type.
 * @min_version: as &struct kstate_type.
 * @size: as &struct kstate_type.
 * @ops: as &struct kstate_type.
 * @flex: as &struct kstate_type.
 * @reserved: zero.
 * @ident: the identifier given to KSTATE_DEFINE().
 * @name: the stable name given by KSTATE_NAME(), or empty.
 *
 * The layout of &struct kstate_cat_type_ser (see "KSTATE type catalog" in
 * <linux/kho/abi/kstate.h>), with the descriptor's own member types, so
 * that KSTATE_DEFINE() fills it with the initializers of &struct
 * kstate_type and &struct kstate_field.
 */
struct kstate_cat_type {
	u32 magic;
	u32 format;
	u32 rec_size;
	u32 nr_fields;
	u32 version;
	u32 min_version;
	size_t size;
	const struct kstate_ops *ops;
	bool flex;
	u8 reserved[7];
	char ident[KSTATE_CAT_NAME_MAX];
	char name[KSTATE_CAT_NAME_MAX];
};

/**
 * struct kstate_cat_field - a field's entry in the image's catalog
 * @name: as &struct kstate_field, in place.
 * @aliases: as &struct kstate_field, in place.
 * @type: as &struct kstate_field.
 * @bf_get: as &struct kstate_field.
 * @bf_set: as &struct kstate_field.
 * @save_if: as &struct kstate_field.
 * @custom: as &struct kstate_field.
 * @flex_len: as &struct kstate_field.
 * @def: as &struct kstate_field.
 * @offset: as &struct kstate_field.
 * @size: as &struct kstate_field.
 * @count: as &struct kstate_field.
 * @aux: as &struct kstate_field.
 * @since: as &struct kstate_field.
 * @until: as &struct kstate_field.
 * @kind: as &struct kstate_field.
 * @elem_kind: as &struct kstate_field.
 * @aux_size: as &struct kstate_field.
 * @critical: as &struct kstate_field.
 * @optional: as &struct kstate_field.
 * @must_match: as &struct kstate_field.
 * @keep: as &struct kstate_field.
 * @reuse: as &struct kstate_field.
 * @virt: as &struct kstate_field.
 * @hlist: as &struct kstate_field.
 * @flex: as &struct kstate_field.
 * @reserved: zero.
 *
 * The members of &struct kstate_field, names in place, in the layout of
 * &struct kstate_cat_field_ser.
 */
struct kstate_cat_field {
	char name[KSTATE_CAT_NAME_MAX];
	char aliases[KSTATE_CAT_NAME_MAX];
	const struct kstate_type *type;
	u64 (*bf_get)(const void *obj);
	int (*bf_set)(void *obj, u64 val);
	bool (*save_if)(const void *obj);
	const struct kstate_custom_ops *custom;
	size_t (*flex_len)(const void *obj);
	u64 def;
	u32 offset;
	u32 size;
	u32 count;
	u32 aux;
	u16 since;
	u16 until;
	u8 kind;
	u8 elem_kind;
	u8 aux_size;
	bool critical;
	bool optional;
	bool must_match;
	bool keep;
	bool reuse;
	bool virt;
	bool hlist;
	bool flex;
	u8 reserved[9];
};

#define __KSTATE_CAT_SAME(s, m)						\
	static_assert(sizeof(void *) != 8 ||				\
		      offsetof(struct kstate_cat_##s, m) ==		\
		      offsetof(struct kstate_cat_##s##_ser, m))
__KSTATE_CAT_SAME(type, size);
__KSTATE_CAT_SAME(type, flex);
__KSTATE_CAT_SAME(type, name);
__KSTATE_CAT_SAME(field, type);
__KSTATE_CAT_SAME(field, flex_len);
__KSTATE_CAT_SAME(field, def);
__KSTATE_CAT_SAME(field, since);
__KSTATE_CAT_SAME(field, kind);
__KSTATE_CAT_SAME(field, flex);
static_assert(sizeof(void *) != 8 ||
	      (sizeof(struct kstate_cat_type) ==
	       sizeof(struct kstate_cat_type_ser) &&
	       sizeof(struct kstate_cat_field) ==
	       sizeof(struct kstate_cat_field_ser)));

/* Attributes, given after a field macro's member: KSTATE_U32(x, KSTATE_SINCE(2)) */
#define KSTATE_SINCE(v)		.since = (v)
#define KSTATE_UNTIL(v)		.until = (v)
#define KSTATE_DEFAULT(v)	.def = (u64)(v)
/* must-understand: a reader that does not know the field refuses the type */
#define KSTATE_CRITICAL		.critical = true
/* any writer may lack the field (a vendor extension): default, not refusal */
#define KSTATE_OPTIONAL		.optional = true
/*
 * identity: the saved value must equal the object's current one, or the
 * restore is refused (-ENXIO) before anything is written; integers, bools,
 * bitfields, bytes and strings
 */
#define KSTATE_MUST_MATCH	.must_match = true
/* a writer without the field leaves the member as it is, not defaulted */
#define KSTATE_KEEP		.keep = true
/*
 * KSTATE_PTR(): a pointee the restored object already has is restored in
 * place, not allocated; a writer without one leaves it as it is
 */
#define KSTATE_REUSE		.reuse = true
/*
 * saved only for the objects pred(obj) is true for (the union member that
 * a discriminator selects, state that only some objects have); for the
 * others, the reader leaves the member as it is. Members of a union (fields
 * that share bytes) each need it; the reader writes one of them, and
 * refuses a record with values for two.
 */
#define KSTATE_SAVE_IF(pred)	.save_if = (pred)
/* former names of the field (1 to 4 string literals) */
#define KSTATE_ALIASES(...)	.aliases = __KSTATE_NAMES(__VA_ARGS__)
#define __KSTATE_NAMES(...)						\
	CONCATENATE(__KSTATE_NAMES_, COUNT_ARGS(__VA_ARGS__))(__VA_ARGS__)
#define __KSTATE_NAMES_1(a)		a "\0"
#define __KSTATE_NAMES_2(a, b)		a "\0" b "\0"
#define __KSTATE_NAMES_3(a, b, c)	a "\0" b "\0" c "\0"
#define __KSTATE_NAMES_4(a, b, c, d)	a "\0" b "\0" c "\0" d "\0"
/* KSTATE_XARRAY*() only: restore calls xa_init_flags(member, fl), not xa_init() */
#define KSTATE_XA_FLAGS(fl)	.aux = (__force u32)(fl)

/*
 * Type attributes, given among the field macros of KSTATE_DEFINE(), in any
 * order, each at most once.
 */
/* current version of the type: the version this kernel writes (default 1) */
#define KSTATE_VERSION(v)	(kstate_a, kstate_version, v)
/* oldest writer version this kernel restores (default 1) */
#define KSTATE_MIN_VERSION(v)	(kstate_a, kstate_min_version, v)
/* hooks: a pointer to a &struct kstate_ops */
#define KSTATE_OPS(p)		(kstate_a, kstate_ops, p)
/* stable name in blobs (a string), if not the type's identifier */
#define KSTATE_NAME(s)		(kstate_a, kstate_name, s)
/*
 * members deliberately not handed over (a lock, a list node the parent's
 * KSTATE_LIST() links): said, for readers and for the coccinelle rule
 * that finds members neither described nor skipped; may be given often
 */
#define KSTATE_SKIP(...)	(kstate_a, kstate_skip, __VA_ARGS__)

/*
 * Field macros. Each expands to a tuple that KSTATE_DEFINE() applies to the
 * structure type, so that a member is named once, and each checks the
 * member's C type at compile time: a wrong macro on a member does not
 * compile.
 */
/* unsigned/signed integer of any size (1, 2, 4, 8), or of exactly that size */
#define KSTATE_UINT(m, ...)	(kstate_f, kstate_int, m, 0, 0, ##__VA_ARGS__)
#define KSTATE_SINT(m, ...)	(kstate_f, kstate_int, m, 0, 1, ##__VA_ARGS__)
#define KSTATE_U8(m, ...)	(kstate_f, kstate_int, m, 1, 0, ##__VA_ARGS__)
#define KSTATE_U16(m, ...)	(kstate_f, kstate_int, m, 2, 0, ##__VA_ARGS__)
#define KSTATE_U32(m, ...)	(kstate_f, kstate_int, m, 4, 0, ##__VA_ARGS__)
#define KSTATE_U64(m, ...)	(kstate_f, kstate_int, m, 8, 0, ##__VA_ARGS__)
#define KSTATE_S8(m, ...)	(kstate_f, kstate_int, m, 1, 1, ##__VA_ARGS__)
#define KSTATE_S16(m, ...)	(kstate_f, kstate_int, m, 2, 1, ##__VA_ARGS__)
#define KSTATE_S32(m, ...)	(kstate_f, kstate_int, m, 4, 1, ##__VA_ARGS__)
#define KSTATE_S64(m, ...)	(kstate_f, kstate_int, m, 8, 1, ##__VA_ARGS__)
/* fixed array of unsigned/signed integers */
#define KSTATE_UINT_ARRAY(m, ...) (kstate_f, kstate_int_array, m, 0, ##__VA_ARGS__)
#define KSTATE_SINT_ARRAY(m, ...) (kstate_f, kstate_int_array, m, 1, ##__VA_ARGS__)
/* DECLARE_BITMAP(m, nbits): its words, resized as an array of them */
#define KSTATE_BITMAP(m, nbits, ...) (kstate_f, kstate_bitmap, m, nbits, ##__VA_ARGS__)
/* bool member, or fixed array of bools */
#define KSTATE_BOOL(m, ...)	(kstate_f, kstate_bool, m, ##__VA_ARGS__)
#define KSTATE_BOOL_ARRAY(m, ...) (kstate_f, kstate_bool_array, m, ##__VA_ARGS__)
/* bitfield member (unsigned or signed, up to 64 bits), a direct member */
#define KSTATE_BITFIELD(m, ...)	(kstate_f, kstate_bitfield, m, ##__VA_ARGS__)
/* u8 array, saved as bytes */
#define KSTATE_BYTES(m, ...)	(kstate_f, kstate_bytes, m, ##__VA_ARGS__)
/* char array holding a NUL-terminated string */
#define KSTATE_STRING(m, ...)	(kstate_f, kstate_string, m, ##__VA_ARGS__)
/* embedded structure, or fixed array of them, of a described type */
#define KSTATE_STRUCT(m, t, ...) (kstate_f, kstate_struct, m, t, ##__VA_ARGS__)
#define KSTATE_STRUCT_ARRAY(m, t, ...) (kstate_f, kstate_struct_array, m, t, ##__VA_ARGS__)
/* pointer to an object of a described type; sharing and cycles preserved */
#define KSTATE_PTR(m, t, ...)	(kstate_f, kstate_ptr, m, t, ##__VA_ARGS__)
/* fixed array of pointers to objects of type t */
#define KSTATE_PTR_ARRAY(m, t, ...) (kstate_f, kstate_ptr_array, m, t, ##__VA_ARGS__)
/* pointer member m to one integer, or NULL; kzalloc'ed on restore */
#define KSTATE_INT_PTR(m, ...)	(kstate_f, kstate_int_ptr, m, ##__VA_ARGS__)
/* pointer member m to nr integers / nr objects of type t; kcalloc'ed on restore */
#define KSTATE_VARRAY(m, nr, ...) (kstate_f, kstate_varray, m, nr, ##__VA_ARGS__)
#define KSTATE_VARRAY_STRUCT(m, nr, t, ...)				\
	(kstate_f, kstate_varray_struct, m, nr, t, ##__VA_ARGS__)
/*
 * flexible array member m[] of integers / objects of type t, its length in
 * member nr; a VARRAY on the wire. A restored object is filled in place up
 * to the length it has; one the restore allocates gets the writer's.
 */
#define KSTATE_FLEX_ARRAY(m, nr, ...) (kstate_f, kstate_flex, m, nr, ##__VA_ARGS__)
#define KSTATE_FLEX_ARRAY_STRUCT(m, nr, t, ...)				\
	(kstate_f, kstate_flex_struct, m, nr, t, ##__VA_ARGS__)
/*
 * flexible array member m[] of any type, saved as the len(obj) bytes it
 * holds (entries of their own sizes up to a terminator); a u8 VARRAY on
 * the wire
 */
#define KSTATE_FLEX_BYTES(m, len, ...) (kstate_f, kstate_flex_bytes, m, len, ##__VA_ARGS__)
/* list_head m of objects of type t linked through their member node */
#define KSTATE_LIST(m, t, node, ...) (kstate_f, kstate_list, m, t, node, ##__VA_ARGS__)
/* the same with hlist_head m and hlist_node node; a LIST on the wire */
#define KSTATE_HLIST(m, t, node, ...) (kstate_f, kstate_hlist, m, t, node, ##__VA_ARGS__)
/* struct page * member: 2^order pages kept in place by the handover backend */
#define KSTATE_PAGES(m, order, ...) (kstate_f, kstate_pages, m, order, ##__VA_ARGS__)
/*
 * the same pages given by their address in the linear map, a pointer member
 * of any type (struct root_entry *root); the same on the wire as PAGES
 */
#define KSTATE_PAGES_VIRT(m, order, ...) (kstate_f, kstate_pages_virt, m, order, ##__VA_ARGS__)
/* any member, saved and restored by a &struct kstate_custom_ops */
#define KSTATE_CUSTOM(m, ops, ...) (kstate_f, kstate_custom, m, ops, ##__VA_ARGS__)
/*
 * struct xarray m of pointers to anonymous objects of type t (shared with
 * pointers elsewhere like PTR), or of xa_mk_value() entries; restore
 * initializes m (see KSTATE_XA_FLAGS()) and stores every entry in it.
 */
#define KSTATE_XARRAY(m, t, ...) (kstate_f, kstate_xarray, m, t, ##__VA_ARGS__)
#define KSTATE_XARRAY_VALUE(m, ...) (kstate_f, kstate_xarray_value, m, ##__VA_ARGS__)

/*
 * Everything below is machinery. O is the described structure's declared
 * object (__kstate_obj_<name>, see KSTATE_DECLARE()): typeof(O) is its C
 * type. A member is reached as (*(typeof(O) *)0).m, only inside typeof(),
 * sizeof() and address arithmetic, never evaluated.
 */
#define __KSTATE_M(O, m)	((*(typeof(O) *)0).m)
#define __KSTATE_CHECK(cond, msg) \
	((int)sizeof(struct { static_assert(cond, msg); int ok; }) * 0)
#define __KSTATE_SAME(type, other)	__builtin_types_compatible_p(type, other)
#define __KSTATE_IS_SINT(type)						\
	(__KSTATE_SAME(type, signed char) || __KSTATE_SAME(type, short) || \
	 __KSTATE_SAME(type, int) || __KSTATE_SAME(type, long) ||	\
	 __KSTATE_SAME(type, long long) ||				\
	 (__KSTATE_SAME(type, char) && (char)-1 < 0))
#define __KSTATE_IS_UINT(type)						\
	(__KSTATE_SAME(type, unsigned char) ||				\
	 __KSTATE_SAME(type, unsigned short) ||				\
	 __KSTATE_SAME(type, unsigned int) ||				\
	 __KSTATE_SAME(type, unsigned long) ||				\
	 __KSTATE_SAME(type, unsigned long long) ||			\
	 (__KSTATE_SAME(type, char) && (char)-1 > 0))
#define __KSTATE_IS_INT(type)	(__KSTATE_IS_SINT(type) || __KSTATE_IS_UINT(type))
#define __KSTATE_INT_OK(type, size, sgn)				\
	(__KSTATE_IS_INT(type) && __KSTATE_IS_SINT(type) == (sgn) &&	\
	 ((size) ?: sizeof(type)) == sizeof(type) &&			\
	 (sizeof(type) == 1 || sizeof(type) == 2 ||			\
	  sizeof(type) == 4 || sizeof(type) == 8))
/* a pointer, not an integer nor an array (the unary * refuses those) */
#define __KSTATE_IS_PTR(type)	__KSTATE_SAME(type, typeof(&*(type)0))
#define __KSTATE_IS_ARRAY(type)						\
	(!__builtin_types_compatible_p(type, typeof(&(*(type *)0)[0])))
#define __KSTATE_IS_ARRAY_OF(x)		__KSTATE_IS_ARRAY(typeof(x))

#define __KSTATE_INIT_kstate_int(O, m, sz, sgn, ...)				\
	__KSTATE_INT(#m, __KSTATE_M(O, m), sz, sgn, __VA_ARGS__)
#define __KSTATE_INT(nm, x, sz, sgn, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_UINT + __KSTATE_IS_SINT(typeof(x)),	\
	.size = sizeof(x) +						\
		__KSTATE_CHECK(__KSTATE_INT_OK(typeof(x), sz, sgn),	\
			       "KSTATE: member " nm ": not an integer of this size and sign"), \
	__VA_ARGS__ },
#define __KSTATE_INIT_kstate_int_array(O, m, sgn, ...)			\
	__KSTATE_INT_ARRAY(#m, __KSTATE_M(O, m), sgn, __VA_ARGS__)
#define __KSTATE_INT_ARRAY(nm, x, sgn, ...) {				\
	.name = nm, .offset = (size_t)&(x),				\
	.kind = KSTATE_KIND_UINT + __KSTATE_IS_SINT(typeof((x)[0])),	\
	.count = sizeof(x) / sizeof((x)[0]),				\
	.size = sizeof((x)[0]) +					\
		__KSTATE_CHECK(__KSTATE_INT_OK(typeof((x)[0]), 0, sgn) && \
			       __KSTATE_IS_ARRAY(typeof(x)),		\
			       "KSTATE: member " nm ": not an array of integers of this sign"), \
	__VA_ARGS__ },
#define __KSTATE_INIT_kstate_bitmap(O, m, nbits, ...)				\
	__KSTATE_BITMAP(#m, __KSTATE_M(O, m), nbits, __VA_ARGS__)
#define __KSTATE_LONGS(nbits)						\
	(((nbits) + 8 * sizeof(long) - 1) / (8 * sizeof(long)))
#define __KSTATE_BITMAP(nm, x, nbits, ...) {				\
	.name = nm, .offset = (size_t)&(x), .kind = KSTATE_KIND_UINT,	\
	.count = sizeof(x) / sizeof((x)[0]),				\
	.size = sizeof(long) +						\
		__KSTATE_CHECK(__KSTATE_SAME(typeof(x),			\
				unsigned long[__KSTATE_LONGS(nbits)]),	\
			       "KSTATE: member " nm			\
			       ": not DECLARE_BITMAP() of that many bits"), \
	__VA_ARGS__ },
#define __KSTATE_INIT_kstate_bool(O, m, ...)					\
	__KSTATE_BOOL(#m, __KSTATE_M(O, m), __VA_ARGS__)
#define __KSTATE_BOOL(nm, x, ...) {					\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_BOOL,					\
	.size = 1 + __KSTATE_CHECK(__KSTATE_SAME(typeof(x), bool),	\
				   "KSTATE: member " nm ": not a bool"),		\
	__VA_ARGS__ },
#define __KSTATE_INIT_kstate_bool_array(O, m, ...)				\
	__KSTATE_BOOL_ARRAY(#m, __KSTATE_M(O, m), __VA_ARGS__)
#define __KSTATE_BOOL_ARRAY(nm, x, ...) {				\
	.name = nm, .offset = (size_t)&(x), .kind = KSTATE_KIND_BOOL,	\
	.count = sizeof(x) / sizeof((x)[0]),				\
	.size = 1 + __KSTATE_CHECK(__KSTATE_SAME(typeof((x)[0]), bool) && \
				   __KSTATE_IS_ARRAY(typeof(x)),	\
				   "KSTATE: member " nm ": not an array of bools"), \
	__VA_ARGS__ },
#define __KSTATE_INIT_kstate_bytes(O, m, ...)					\
	__KSTATE_BYTES(#m, __KSTATE_M(O, m), KSTATE_KIND_BYTES, u8,	\
		       __VA_ARGS__)
#define __KSTATE_INIT_kstate_string(O, m, ...)				\
	__KSTATE_BYTES(#m, __KSTATE_M(O, m), KSTATE_KIND_STRING, char,	\
		       __VA_ARGS__)
#define __KSTATE_BYTES(nm, x, k, elem, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x), .kind = (k),	\
	.size = sizeof(x) +						\
		__KSTATE_CHECK(__KSTATE_SAME(typeof(x), elem[sizeof(x)]), \
			       "KSTATE: member " nm ": not an array of that element type"), \
	__VA_ARGS__ },
#define __KSTATE_INIT_kstate_struct(O, m, t, ...)				\
	__KSTATE_STRUCT(#m, __KSTATE_M(O, m), t, __VA_ARGS__)
#define __KSTATE_STRUCT(nm, x, t, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_STRUCT, .type = &t##_kstate_type,		\
	.size = __KSTATE_CHECK(__KSTATE_SAME(typeof(x),		\
					     typeof(__kstate_obj_##t)),	\
			       "KSTATE: member " nm ": not a structure of this type"),	\
	__VA_ARGS__ },
#define __KSTATE_INIT_kstate_struct_array(O, m, t, ...)			\
	__KSTATE_STRUCT_ARRAY(#m, __KSTATE_M(O, m), t, __VA_ARGS__)
#define __KSTATE_STRUCT_ARRAY(nm, x, t, ...) {				\
	.name = nm, .offset = (size_t)&(x),				\
	.kind = KSTATE_KIND_STRUCT, .type = &t##_kstate_type,		\
	.count = sizeof(x) / sizeof((x)[0]),				\
	.size = __KSTATE_CHECK(__KSTATE_SAME(typeof((x)[0]),		\
					     typeof(__kstate_obj_##t)) && \
			       __KSTATE_IS_ARRAY(typeof(x)),		\
			       "KSTATE: member " nm ": not an array of this type"),	\
	__VA_ARGS__ },
#define __KSTATE_INIT_kstate_ptr(O, m, t, ...)				\
	__KSTATE_PTR(#m, __KSTATE_M(O, m), t, __VA_ARGS__)
#define __KSTATE_PTR(nm, x, t, ...) {					\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_PTR, .type = &t##_kstate_type,			\
	.size = __KSTATE_CHECK(__KSTATE_SAME(typeof(x),		\
					     typeof(__kstate_obj_##t) *), \
			       "KSTATE: member " nm ": not a pointer to this type"),	\
	__VA_ARGS__ },
#define __KSTATE_INIT_kstate_ptr_array(O, m, t, ...)				\
	__KSTATE_PTR_ARRAY(#m, __KSTATE_M(O, m), t, __VA_ARGS__)
#define __KSTATE_PTR_ARRAY(nm, x, t, ...) {				\
	.name = nm, .offset = (size_t)&(x),				\
	.kind = KSTATE_KIND_PTR, .type = &t##_kstate_type,		\
	.count = sizeof(x) / sizeof((x)[0]),				\
	.size = __KSTATE_CHECK(__KSTATE_SAME(typeof((x)[0]),		\
					     typeof(__kstate_obj_##t) *) && \
			       __KSTATE_IS_ARRAY(typeof(x)),		\
			       "KSTATE: member " nm			\
			       ": not an array of pointers to this type"), \
	__VA_ARGS__ },
/* a VARRAY without a count member: one element or none */
#define __KSTATE_INIT_kstate_int_ptr(O, m, ...)				\
	__KSTATE_INT_PTR(#m, __KSTATE_M(O, m), __VA_ARGS__)
#define __KSTATE_INT_PTR(nm, x, ...) {					\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_VARRAY,					\
	.elem_kind = KSTATE_KIND_UINT + __KSTATE_IS_SINT(typeof(*(x))), \
	.size = sizeof(*(x)) +						\
		__KSTATE_CHECK(__KSTATE_INT_OK(typeof(*(x)), 0,		\
					       __KSTATE_IS_SINT(typeof(*(x)))) && \
			       !__KSTATE_IS_ARRAY(typeof(x)),		\
			       "KSTATE: member " nm ": not a pointer to an integer"), \
	__VA_ARGS__ },
#define __KSTATE_INIT_kstate_varray(O, m, nr, ...)				\
	__KSTATE_VARRAY_(#m, typeof(O), m, nr, __VA_ARGS__)
#define __KSTATE_VARRAY_(nm, type, m, nr, ...)				\
	__KSTATE_VARRAY(nm, (*(type *)0).m, (*(type *)0).nr, __VA_ARGS__)
#define __KSTATE_VARRAY(nm, x, n, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_VARRAY,					\
	.elem_kind = KSTATE_KIND_UINT + __KSTATE_IS_SINT(typeof((x)[0])), \
	.size = sizeof((x)[0]) +					\
		__KSTATE_CHECK(__KSTATE_INT_OK(typeof(n), 0, 0) &&	\
			       __KSTATE_IS_INT(typeof((x)[0])) &&	\
			       !__KSTATE_IS_ARRAY(typeof(x)),		\
			       "KSTATE: member " nm			\
			       ": not an integer pointer with an unsigned count"), \
	.aux = (size_t)&(n), .aux_size = sizeof(n), __VA_ARGS__ },
#define __KSTATE_INIT_kstate_varray_struct(O, m, nr, t, ...)			\
	__KSTATE_VARRAY_S_(#m, typeof(O), m, nr, t, __VA_ARGS__)
#define __KSTATE_VARRAY_S_(nm, type, m, nr, t, ...)			\
	__KSTATE_VARRAY_S(nm, (*(type *)0).m, (*(type *)0).nr, t, __VA_ARGS__)
#define __KSTATE_VARRAY_S(nm, x, n, t, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_VARRAY, .elem_kind = KSTATE_KIND_STRUCT,	\
	.type = &t##_kstate_type,						\
	.size = __KSTATE_CHECK(__KSTATE_SAME(typeof(x),		\
					     typeof(__kstate_obj_##t) *) && \
			       __KSTATE_INT_OK(typeof(n), 0, 0),	\
			       "KSTATE: member " nm			\
			       ": not a pointer to this type with an unsigned count"), \
	.aux = (size_t)&(n), .aux_size = sizeof(n), __VA_ARGS__ },
#define __KSTATE_INIT_kstate_flex(O, m, nr, ...)				\
	__KSTATE_FLEX(#m, __KSTATE_M(O, m), __KSTATE_M(O, nr), __VA_ARGS__)
#define __KSTATE_FLEX(nm, x, n, ...) {					\
	.name = nm, .count = 1, .offset = (size_t)&(x), .flex = true,	\
	.kind = KSTATE_KIND_VARRAY,					\
	.elem_kind = KSTATE_KIND_UINT + __KSTATE_IS_SINT(typeof((x)[0])), \
	.size = sizeof((x)[0]) +					\
		__KSTATE_CHECK(__KSTATE_INT_OK(typeof(n), 0, 0) &&	\
			       __KSTATE_IS_INT(typeof((x)[0])) &&	\
			       __KSTATE_IS_ARRAY(typeof(x)),		\
			       "KSTATE: member " nm			\
			       ": not an integer array with an unsigned count"), \
	.aux = (size_t)&(n), .aux_size = sizeof(n), __VA_ARGS__ },
#define __KSTATE_INIT_kstate_flex_struct(O, m, nr, t, ...)			\
	__KSTATE_FLEX_S(#m, __KSTATE_M(O, m), __KSTATE_M(O, nr), t, __VA_ARGS__)
#define __KSTATE_FLEX_S(nm, x, n, t, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x), .flex = true,	\
	.kind = KSTATE_KIND_VARRAY, .elem_kind = KSTATE_KIND_STRUCT,	\
	.type = &t##_kstate_type,						\
	.size = __KSTATE_CHECK(__KSTATE_INT_OK(typeof(n), 0, 0) &&	\
			       __KSTATE_IS_ARRAY_OF(x) &&		\
			       __KSTATE_SAME(typeof((x)[0]),		\
					     typeof(__kstate_obj_##t)),	\
			       "KSTATE: member " nm			\
			       ": not an array of this type with an unsigned count"), \
	.aux = (size_t)&(n), .aux_size = sizeof(n), __VA_ARGS__ },
#define __KSTATE_INIT_kstate_flex_bytes(O, m, len, ...)			\
	__KSTATE_FLEX_B(#m, __KSTATE_M(O, m), len, __VA_ARGS__)
#define __KSTATE_FLEX_B(nm, x, len, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x), .flex = true,	\
	.kind = KSTATE_KIND_VARRAY, .elem_kind = KSTATE_KIND_UINT,	\
	.size = 1 + __KSTATE_CHECK(__KSTATE_IS_ARRAY(typeof(x)),	\
				   "KSTATE: member " nm ": not an array"), \
	.flex_len = (len), __VA_ARGS__ },
#define __KSTATE_INIT_kstate_list(O, m, t, node, ...)				\
	__KSTATE_LIST(#m, __KSTATE_M(O, m),				\
		      __KSTATE_M(__kstate_obj_##t, node), t, __VA_ARGS__)
#define __KSTATE_LIST(nm, x, link, t, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_LIST, .type = &t##_kstate_type,			\
	.aux = (size_t)&(link) +					\
		__KSTATE_CHECK(__KSTATE_SAME(typeof(x), struct list_head) && \
			       __KSTATE_SAME(typeof(link), struct list_head), \
			       "KSTATE: member " nm ": it or the node member is not a list_head"), \
	__VA_ARGS__ },
#define __KSTATE_INIT_kstate_hlist(O, m, t, node, ...)			\
	__KSTATE_HLIST(#m, __KSTATE_M(O, m),				\
		       __KSTATE_M(__kstate_obj_##t, node), t, __VA_ARGS__)
#define __KSTATE_HLIST(nm, x, link, t, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_LIST, .type = &t##_kstate_type, .hlist = true, \
	.aux = (size_t)&(link) +					\
		__KSTATE_CHECK(__KSTATE_SAME(typeof(x), struct hlist_head) && \
			       __KSTATE_SAME(typeof(link), struct hlist_node), \
			       "KSTATE: member " nm			\
			       ": not an hlist_head, or the node not an hlist_node"), \
	__VA_ARGS__ },
#define __KSTATE_INIT_kstate_pages(O, m, order, ...)				\
	__KSTATE_PAGES(#m, __KSTATE_M(O, m), order, __VA_ARGS__)
#define __KSTATE_PAGES(nm, x, order, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_PAGES, .aux = (order),			\
	.size = __KSTATE_CHECK(__KSTATE_SAME(typeof(x), struct page *), \
			       "KSTATE: member " nm ": not a struct page pointer"),	\
	__VA_ARGS__ },
#define __KSTATE_INIT_kstate_pages_virt(O, m, order, ...)			\
	__KSTATE_PAGES_VIRT(#m, __KSTATE_M(O, m), order, __VA_ARGS__)
#define __KSTATE_PAGES_VIRT(nm, x, order, ...) {			\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_PAGES, .aux = (order), .virt = true,	\
	.size = __KSTATE_CHECK(!__KSTATE_SAME(typeof(x), struct page *) && \
			       __KSTATE_IS_PTR(typeof(x)),		\
			       "KSTATE: member " nm			\
			       ": not a pointer to the pages (KSTATE_PAGES for a struct page)"), \
	__VA_ARGS__ },
#define __KSTATE_INIT_kstate_xarray(O, m, t, ...)				\
	__KSTATE_XARRAY(#m, __KSTATE_M(O, m), KSTATE_KIND_PTR, &t##_kstate_type, \
			__VA_ARGS__)
#define __KSTATE_INIT_kstate_xarray_value(O, m, ...)				\
	__KSTATE_XARRAY(#m, __KSTATE_M(O, m), KSTATE_KIND_UINT, NULL,	\
			__VA_ARGS__)
#define __KSTATE_XARRAY(nm, x, ek, t, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_XARRAY, .elem_kind = (ek), .type = (t),	\
	.size = __KSTATE_CHECK(__KSTATE_SAME(typeof(x), struct xarray), \
			       "KSTATE: member " nm ": not a struct xarray"),		\
	__VA_ARGS__ },
#define __KSTATE_INIT_kstate_custom(O, m, ops, ...) {			\
	.name = #m, .count = 1, .offset = offsetof(typeof(O), m),	\
	.size = sizeof(__KSTATE_M(O, m)),				\
	.kind = KSTATE_KIND_CUSTOM, .custom = (ops), __VA_ARGS__ },
#define __KSTATE_INIT_kstate_bitfield(O, m, ...) {				\
	.name = #m, .count = 1, .kind = KSTATE_KIND_UINT,		\
	.bf_get = O##_bf_get_##m, .bf_set = O##_bf_set_##m, __VA_ARGS__ },

/* Declarations pass: only bitfields need code (accessor functions). */
#define __KSTATE_DECL_kstate_int(...)
#define __KSTATE_DECL_kstate_int_array(...)
#define __KSTATE_DECL_kstate_bool(...)
#define __KSTATE_DECL_kstate_bitmap(...)
#define __KSTATE_DECL_kstate_bool_array(...)
#define __KSTATE_DECL_kstate_bytes(...)
#define __KSTATE_DECL_kstate_string(...)
#define __KSTATE_DECL_kstate_struct(...)
#define __KSTATE_DECL_kstate_struct_array(...)
#define __KSTATE_DECL_kstate_ptr(...)
#define __KSTATE_DECL_kstate_ptr_array(...)
#define __KSTATE_DECL_kstate_int_ptr(...)
#define __KSTATE_DECL_kstate_varray(...)
#define __KSTATE_DECL_kstate_varray_struct(...)
#define __KSTATE_DECL_kstate_flex(...)
#define __KSTATE_DECL_kstate_flex_struct(...)
#define __KSTATE_DECL_kstate_flex_bytes(...)
#define __KSTATE_DECL_kstate_list(...)
#define __KSTATE_DECL_kstate_hlist(...)
#define __KSTATE_DECL_kstate_custom(...)
#define __KSTATE_DECL_kstate_pages(...)
#define __KSTATE_DECL_kstate_pages_virt(...)
#define __KSTATE_DECL_kstate_xarray(...)
#define __KSTATE_DECL_kstate_xarray_value(...)
/* The value of an assignment is the member's value after it: truncated. */
#define __KSTATE_DECL_kstate_bitfield(O, m, ...)				\
static u64 O##_bf_get_##m(const void *obj)				\
{									\
	return (*(const typeof(O) *)obj).m;				\
}									\
static int O##_bf_set_##m(void *obj, u64 val)				\
{									\
	return (u64)((*(typeof(O) *)obj).m = val) == val ? 0 : -ERANGE;	\
}

/*
 * KSTATE_DEFINE()'s arguments are tuples: fields (kstate_f, kind, member,
 * ...) and type attributes (kstate_a, attribute, value), their tags in
 * KSTATE's namespace so that no macro of the including file (VERSION,
 * PTR) expands them. Each pass applies P to every tuple, as
 * P##kstate_f(O, kind, member, ...) or P##kstate_a(attribute, value),
 * over 256 slots. KSTATE_DEFINE() pads the arguments with empty tuples,
 * (), which P##() turns into nothing. A 257th tuple does not compile
 * (P##OVER).
 */
#define __KSTATE_UNPACK(...)		__VA_ARGS__
#define __KSTATE_WITH_kstate_f(O)		O,
#define __KSTATE_WITH_kstate_a(...)
#define __KSTATE_WITH_(...)
#define __KSTATE_INVOKE(M, ...)		M(__VA_ARGS__)
#define __KSTATE_CALL_(P, O, H, ...)					\
	__KSTATE_INVOKE(P##H, __KSTATE_WITH_##H(O) __VA_ARGS__)
#define __KSTATE_CALL(P, O, ...)	__KSTATE_CALL_(P, O, __VA_ARGS__)
#define __KSTATE_APPLY(P, O, t)		__KSTATE_CALL(P, O, __KSTATE_UNPACK t)
#define __KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, \
		    _12, _13, _14, _15, _16) \
	__KSTATE_APPLY(P, O, _1) __KSTATE_APPLY(P, O, _2) \
	__KSTATE_APPLY(P, O, _3) __KSTATE_APPLY(P, O, _4) \
	__KSTATE_APPLY(P, O, _5) __KSTATE_APPLY(P, O, _6) \
	__KSTATE_APPLY(P, O, _7) __KSTATE_APPLY(P, O, _8) \
	__KSTATE_APPLY(P, O, _9) __KSTATE_APPLY(P, O, _10) \
	__KSTATE_APPLY(P, O, _11) __KSTATE_APPLY(P, O, _12) \
	__KSTATE_APPLY(P, O, _13) __KSTATE_APPLY(P, O, _14) \
	__KSTATE_APPLY(P, O, _15) __KSTATE_APPLY(P, O, _16)
#define __KSTATE_L16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	__KSTATE_L15(P, O, __VA_ARGS__)
#define __KSTATE_L15(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	__KSTATE_L14(P, O, __VA_ARGS__)
#define __KSTATE_L14(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	__KSTATE_L13(P, O, __VA_ARGS__)
#define __KSTATE_L13(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	__KSTATE_L12(P, O, __VA_ARGS__)
#define __KSTATE_L12(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	__KSTATE_L11(P, O, __VA_ARGS__)
#define __KSTATE_L11(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	__KSTATE_L10(P, O, __VA_ARGS__)
#define __KSTATE_L10(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	__KSTATE_L9(P, O, __VA_ARGS__)
#define __KSTATE_L9(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	__KSTATE_L8(P, O, __VA_ARGS__)
#define __KSTATE_L8(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	__KSTATE_L7(P, O, __VA_ARGS__)
#define __KSTATE_L7(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	__KSTATE_L6(P, O, __VA_ARGS__)
#define __KSTATE_L6(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	__KSTATE_L5(P, O, __VA_ARGS__)
#define __KSTATE_L5(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	__KSTATE_L4(P, O, __VA_ARGS__)
#define __KSTATE_L4(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	__KSTATE_L3(P, O, __VA_ARGS__)
#define __KSTATE_L3(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	__KSTATE_L2(P, O, __VA_ARGS__)
#define __KSTATE_L2(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	__KSTATE_L1(P, O, __VA_ARGS__)
#define __KSTATE_L1(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
			_13, _14, _15, _16, _257, ...) \
	__KSTATE_16(P, O, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, \
		    _13, _14, _15, _16) \
	P##OVER(O, _257)
#define __KSTATE_EACH(P, O, ...)	__KSTATE_L16(P, O, __VA_ARGS__)
#define __KSTATE_P16	(), (), (), (), (), (), (), (), (), (), (), (), (), (), \
			(), ()
#define __KSTATE_PAD	__KSTATE_P16, __KSTATE_P16, __KSTATE_P16, __KSTATE_P16, \
			__KSTATE_P16, __KSTATE_P16, __KSTATE_P16, __KSTATE_P16, \
			__KSTATE_P16, __KSTATE_P16, __KSTATE_P16, __KSTATE_P16, \
			__KSTATE_P16, __KSTATE_P16, __KSTATE_P16, __KSTATE_P16, ()

/* the passes: declarations (bitfield accessors), then the field array */
#define __KSTATE_DECL_(...)
#define __KSTATE_DECL_kstate_a(...)
#define __KSTATE_DECL_kstate_f(O, K, m, ...)				\
	static_assert(sizeof(#m) <= KSTATE_CAT_NAME_MAX,		\
		      "KSTATE: member " #m ": a name of 64 characters or more"); \
	__KSTATE_DECL_##K(O, m, ##__VA_ARGS__)
#define __KSTATE_DECL_OVER(...)
#define __KSTATE_INIT_(...)
#define __KSTATE_INIT_kstate_a(...)
#define __KSTATE_INIT_kstate_f(O, K, ...)	__KSTATE_INIT_##K(O, __VA_ARGS__)
#define __KSTATE_INIT_OVER(O, t)	__KSTATE_APPLY(__KSTATE_OVER_, O, t)
#define __KSTATE_OVER_(...)
#define __KSTATE_OVER_kstate_a(...)		__KSTATE_OVER_kstate_f()
#define __KSTATE_OVER_kstate_f(...)						\
	{ .count = __KSTATE_CHECK(0, "KSTATE_DEFINE: more than 256 fields and attributes") },
/* then the attributes: census (one nibble each), values, initializers */
#define __KSTATE_CENSUS_(...)
#define __KSTATE_CENSUS_kstate_f(...)
#define __KSTATE_CENSUS_kstate_a(a, ...)	__KSTATE_CENSUS_##a
#define __KSTATE_CENSUS_OVER(...)
#define __KSTATE_CENSUS_kstate_version		+ 0x1
#define __KSTATE_CENSUS_kstate_min_version	+ 0x10
#define __KSTATE_CENSUS_kstate_ops		+ 0x100
#define __KSTATE_CENSUS_kstate_name		+ 0x1000
#define __KSTATE_CENSUS_kstate_skip
#define __KSTATE_VER_(...)
#define __KSTATE_VER_kstate_f(...)
#define __KSTATE_VER_kstate_a(a, ...)		__KSTATE_VER_##a(__VA_ARGS__)
#define __KSTATE_VER_OVER(...)
#define __KSTATE_VER_kstate_version(v)		+ (v)
#define __KSTATE_VER_kstate_min_version(...)
#define __KSTATE_VER_kstate_ops(...)
#define __KSTATE_VER_kstate_name(...)
#define __KSTATE_VER_kstate_skip(...)
#define __KSTATE_MINVER_(...)
#define __KSTATE_MINVER_kstate_f(...)
#define __KSTATE_MINVER_kstate_a(a, ...)	__KSTATE_MINVER_##a(__VA_ARGS__)
#define __KSTATE_MINVER_OVER(...)
#define __KSTATE_MINVER_kstate_version(...)
#define __KSTATE_MINVER_kstate_min_version(v)	+ (v)
#define __KSTATE_MINVER_kstate_ops(...)
#define __KSTATE_MINVER_kstate_name(...)
#define __KSTATE_MINVER_kstate_skip(...)
#define __KSTATE_NAME_(...)
#define __KSTATE_NAME_kstate_f(...)
#define __KSTATE_NAME_kstate_a(a, ...)		__KSTATE_NAME_##a(__VA_ARGS__)
#define __KSTATE_NAME_OVER(...)
#define __KSTATE_NAME_kstate_version(...)
#define __KSTATE_NAME_kstate_min_version(...)
#define __KSTATE_NAME_kstate_ops(...)
#define __KSTATE_NAME_kstate_name(s)		(s) ?:
#define __KSTATE_NAME_kstate_skip(...)
#define __KSTATE_CNAME_(...)
#define __KSTATE_CNAME_kstate_f(...)
#define __KSTATE_CNAME_kstate_a(a, ...)		__KSTATE_CNAME_##a(__VA_ARGS__)
#define __KSTATE_CNAME_OVER(...)
#define __KSTATE_CNAME_kstate_version(...)
#define __KSTATE_CNAME_kstate_min_version(...)
#define __KSTATE_CNAME_kstate_ops(...)
#define __KSTATE_CNAME_kstate_name(s)		.name = s,
#define __KSTATE_CNAME_kstate_skip(...)
#define __KSTATE_SET_(...)
#define __KSTATE_SET_kstate_f(...)
#define __KSTATE_SET_kstate_a(a, ...)		__KSTATE_SET_##a(__VA_ARGS__)
#define __KSTATE_SET_OVER(...)
#define __KSTATE_SET_kstate_version(...)
#define __KSTATE_SET_kstate_min_version(...)
#define __KSTATE_SET_kstate_ops(p)		.ops = (p),
#define __KSTATE_SET_kstate_name(...)
#define __KSTATE_SET_kstate_skip(...)

/* and whether a field is a flexible array member */
#define __KSTATE_FLEXN_(...)
#define __KSTATE_FLEXN_kstate_a(...)
#define __KSTATE_FLEXN_kstate_f(O, K, ...)	__KSTATE_FLEXN_##K(O, __VA_ARGS__)
#define __KSTATE_FLEXN_OVER(...)
#define __KSTATE_FLEXN_kstate_flex(...)	+ 1
#define __KSTATE_FLEXN_kstate_flex_struct(...)	+ 1
#define __KSTATE_FLEXN_kstate_flex_bytes(...)	+ 1
#define __KSTATE_FLEXN_kstate_int(...)
#define __KSTATE_FLEXN_kstate_int_array(...)
#define __KSTATE_FLEXN_kstate_bool(...)
#define __KSTATE_FLEXN_kstate_bitmap(...)
#define __KSTATE_FLEXN_kstate_bool_array(...)
#define __KSTATE_FLEXN_kstate_bytes(...)
#define __KSTATE_FLEXN_kstate_string(...)
#define __KSTATE_FLEXN_kstate_struct(...)
#define __KSTATE_FLEXN_kstate_struct_array(...)
#define __KSTATE_FLEXN_kstate_ptr(...)
#define __KSTATE_FLEXN_kstate_ptr_array(...)
#define __KSTATE_FLEXN_kstate_int_ptr(...)
#define __KSTATE_FLEXN_kstate_varray(...)
#define __KSTATE_FLEXN_kstate_varray_struct(...)
#define __KSTATE_FLEXN_kstate_list(...)
#define __KSTATE_FLEXN_kstate_hlist(...)
#define __KSTATE_FLEXN_kstate_custom(...)
#define __KSTATE_FLEXN_kstate_pages(...)
#define __KSTATE_FLEXN_kstate_pages_virt(...)
#define __KSTATE_FLEXN_kstate_xarray(...)
#define __KSTATE_FLEXN_kstate_xarray_value(...)
#define __KSTATE_FLEXN_kstate_bitfield(...)

#define __KSTATE_BODY(n, ctype, O, ...)				\
	__KSTATE_DECLARE_TYPE(n, ctype);				\
	__KSTATE_EACH(__KSTATE_DECL_, O, __VA_ARGS__)			\
	static const struct kstate_field O##_fields[] = {		\
		__KSTATE_EACH(__KSTATE_INIT_, O, __VA_ARGS__)		\
	};								\
	enum {								\
		__kstate_census_##n =					\
			0 __KSTATE_EACH(__KSTATE_CENSUS_, O, __VA_ARGS__), \
		__kstate_version_##n = !(__kstate_census_##n & 0xf) +	\
			(0 __KSTATE_EACH(__KSTATE_VER_, O, __VA_ARGS__)), \
		__kstate_min_version_##n = !(__kstate_census_##n & 0xf0) + \
			(0 __KSTATE_EACH(__KSTATE_MINVER_, O, __VA_ARGS__)), \
	};								\
	const struct kstate_type n##_kstate_type = {			\
		.name = __KSTATE_EACH(__KSTATE_NAME_, O, __VA_ARGS__) #n, \
		.version = __kstate_version_##n +			\
			__KSTATE_CHECK(!(__kstate_census_##n & 0xeeee),	\
				       "KSTATE_DEFINE(" #n "): an attribute given twice") + \
			__KSTATE_CHECK(__kstate_min_version_##n >= 1 &&	\
				       __kstate_min_version_##n <=	\
				       __kstate_version_##n,		\
				       "KSTATE_DEFINE(" #n "): need 1 <= min_version <= version"), \
		.min_version = __kstate_min_version_##n,		\
		.size = sizeof(O),					\
		.fields = O##_fields,					\
		.nr_fields = ARRAY_SIZE(O##_fields) +			\
			__KSTATE_CHECK(ARRAY_SIZE(O##_fields) > 0,	\
				       "KSTATE_DEFINE(" #n "): no field"), \
		.owner = THIS_MODULE,					\
		.flex = 0 __KSTATE_EACH(__KSTATE_FLEXN_, O, __VA_ARGS__), \
		__KSTATE_EACH(__KSTATE_SET_, O, __VA_ARGS__)		\
	};								\
	__KSTATE_CATALOG(n, O, __VA_ARGS__)

/*
 * The type's catalog entry: the same initializers, into the layout of the
 * ABI's catalog, in a section the linker keeps in the image without
 * loading it (see "KSTATE type catalog" in <linux/kho/abi/kstate.h>).
 */
#define __KSTATE_CATALOG(n, O, ...)					\
	static_assert(sizeof(#n) <= KSTATE_CAT_NAME_MAX,		\
		      "KSTATE_DEFINE(" #n "): a name of 64 characters or more"); \
	static const struct {						\
		struct kstate_cat_type type;				\
		struct kstate_cat_field fields[ARRAY_SIZE(O##_fields)];	\
	} O##_catalog __used __aligned(8)				\
	__section(KSTATE_CAT_SECTION) = {				\
		.type = {						\
			.magic = KSTATE_CAT_MAGIC,			\
			.format = KSTATE_FORMAT_VERSION,		\
			.rec_size = sizeof(O##_catalog),		\
			.nr_fields = ARRAY_SIZE(O##_fields),		\
			.version = __kstate_version_##n,		\
			.min_version = __kstate_min_version_##n,	\
			.size = sizeof(O),				\
			.flex = 0 __KSTATE_EACH(__KSTATE_FLEXN_, O, __VA_ARGS__), \
			.ident = #n,					\
			__KSTATE_EACH(__KSTATE_CNAME_, O, __VA_ARGS__)	\
			__KSTATE_EACH(__KSTATE_SET_, O, __VA_ARGS__)	\
		},							\
		.fields = {						\
			__KSTATE_EACH(__KSTATE_INIT_, O, __VA_ARGS__)	\
		},							\
	}

#define __KSTATE_DECLARE_TYPE(n, ctype)				\
	extern ctype __kstate_obj_##n;					\
	extern const struct kstate_type n##_kstate_type

/**
 * KSTATE_DECLARE() - declare a type defined by KSTATE_DEFINE() elsewhere
 * @n: the type's name (an identifier)
 * @ctype: its C structure type
 *
 * Declares ``const struct kstate_type <n>_kstate_type``, so that other
 * files can embed, point to or list objects of the type, and its typed
 * wrappers, with which a pointer to another C type does not compile:
 *
 * - ``int <n>_kstate_register(u64 key, ctype *obj)``: kstate_register()
 * - ``int <n>_kstate_unregister(u64 key)``: kstate_unregister()
 * - ``int <n>_kstate_restore(u64 key, ctype *obj)``: kstate_restore()
 * - ``int <n>_kstate_release(u64 key)``: kstate_release()
 * - ``bool <n>_kstate_present(u64 key)``: kstate_present()
 *
 * A module that uses a type defined in another one needs that module to
 * export it: ``EXPORT_SYMBOL_GPL(<n>_kstate_type)``.
 */
#define KSTATE_DECLARE(n, ctype)					\
	__KSTATE_DECLARE_TYPE(n, ctype);				\
	static inline int __maybe_unused				\
	n##_kstate_register(u64 key, typeof(__kstate_obj_##n) *obj)	\
	{								\
		return kstate_register(&n##_kstate_type, key, obj);	\
	}								\
	static inline int __maybe_unused n##_kstate_unregister(u64 key) \
	{								\
		return kstate_unregister(&n##_kstate_type, key);	\
	}								\
	static inline int __maybe_unused				\
	n##_kstate_restore(u64 key, typeof(__kstate_obj_##n) *obj)	\
	{								\
		return kstate_restore(&n##_kstate_type, key, obj);	\
	}								\
	static inline int __maybe_unused n##_kstate_release(u64 key)	\
	{								\
		return kstate_release(&n##_kstate_type, key);		\
	}								\
	static inline bool __maybe_unused n##_kstate_present(u64 key)	\
	{								\
		return kstate_present(&n##_kstate_type, key);		\
	}								\
	__KSTATE_DECLARE_TYPE(n, ctype)	/* takes the caller's semicolon */

/**
 * KSTATE_DEFINE() - describe a structure type
 * @n: name of the type (an identifier; also its stable name in blobs unless
 *	KSTATE_NAME() says another)
 * @ctype: the C structure type
 * @...: type attributes and field macros, one per described member, at
 *	most 256 in all
 *
 * Defines ``const struct kstate_type <n>_kstate_type``, owned by the module
 * that defines it. Its typed wrappers come with KSTATE_DECLARE(), which
 * the type's header, or the file itself before KSTATE_DEFINE(), says.
 * The type attributes, each at most once, in any order among the fields:
 * KSTATE_VERSION() (default 1), KSTATE_MIN_VERSION() (default 1),
 * KSTATE_OPS() and KSTATE_NAME(); KSTATE_SKIP() names members deliberately
 * not described, as often as wanted.
 *
 * Example::
 *
 *	KSTATE_DEFINE(foo_unit, struct foo_unit,
 *		KSTATE_VERSION(2), KSTATE_MIN_VERSION(1),
 *		KSTATE_OPS(&foo_unit_kstate_ops),
 *		KSTATE_U64(reg_phys),
 *		KSTATE_U16(segment, KSTATE_SINCE(2), KSTATE_DEFAULT(0)),
 *		KSTATE_BITFIELD(enabled),
 *		KSTATE_LIST(domains, foo_domain, node),
 *		KSTATE_XARRAY(infos, foo_info));
 */
#define KSTATE_DEFINE(n, ctype, ...)					\
	__KSTATE_BODY(n, ctype, __kstate_obj_##n, __VA_ARGS__, __KSTATE_PAD)

struct kstate_out;
struct kstate_in;

/**
 * struct kstate_in_stats - what an incoming blob held and what became of it
 * @nr_types: types described in the blob.
 * @nr_objects: objects in the blob (keyed and anonymous).
 * @nr_keyed: registered objects in the blob.
 * @restored: keyed objects restored successfully so far.
 * @failed: keyed objects whose restore failed so far.
 * @converted: plans that needed conversion (not the identical fast path).
 */
struct kstate_in_stats {
	u32 nr_types;
	u32 nr_objects;
	u32 nr_keyed;
	u32 restored;
	u32 failed;
	u32 converted;
};

#ifdef CONFIG_KSTATE

/*
 * The everyday API: in the old kernel, register live objects under keys
 * stable across kernels; in the new one, restore them by key, from any
 * probe path, in any order. One global registry behind one mutex, handed
 * over by the backend (KHO) at kexec. Each type has typed wrappers of
 * these (see KSTATE_DECLARE()).
 */
int kstate_register(const struct kstate_type *type, u64 key, void *obj);
int kstate_register_group(const struct kstate_type *type, const u64 *keys,
			  void *const *objs, unsigned int nr);
int kstate_unregister(const struct kstate_type *type, u64 key);
int kstate_restore(const struct kstate_type *type, u64 key, void *obj);
int kstate_release(const struct kstate_type *type, u64 key);
bool kstate_present(const struct kstate_type *type, u64 key);
int kstate_for_each(const struct kstate_type *type,
		    int (*fn)(u64 key, void *arg), void *arg);
void kstate_finish(void);
int kstate_custom_preserve(struct kstate_mem *mem, struct page *page,
			   unsigned int order, u64 *phys);
struct page *kstate_custom_restore(struct kstate_mem *mem, u64 phys,
				   unsigned int order);

/*
 * The advanced API: a set of objects of one's own (kstate_out_*) or an
 * incoming blob (kstate_in_*), without the global registry, for tests,
 * tools and other backends; the memory operations of a handover backend;
 * blobs checked and printed. A &struct kstate_out or &struct kstate_in is
 * not locked: its user serializes the calls on it.
 */
struct kstate_out *kstate_out_create(void);
void kstate_out_destroy(struct kstate_out *out);
int kstate_out_add(struct kstate_out *out, const struct kstate_type *type,
		   u64 key, void *obj);
int kstate_out_remove(struct kstate_out *out, const struct kstate_type *type,
		      u64 key);
int kstate_out_save(struct kstate_out *out, void **blob, size_t *size);
void kstate_out_set_mem(struct kstate_out *out,
			const struct kstate_mem_ops *ops);
unsigned int kstate_out_forget_types(struct kstate_out *out,
				     bool (*gone)(const struct kstate_type *t,
						  void *arg),
				     void *arg);

struct kstate_in *kstate_in_open(const void *blob, size_t size);
void kstate_in_close(struct kstate_in *in);
void kstate_in_set_mem(struct kstate_in *in, const struct kstate_mem_ops *ops);
int kstate_in_restore(struct kstate_in *in, const struct kstate_type *type,
		      u64 key, void *obj);
int kstate_in_release(struct kstate_in *in, const struct kstate_type *type,
		      u64 key);
bool kstate_in_present(struct kstate_in *in, const struct kstate_type *type,
		       u64 key);
int kstate_in_for_each(struct kstate_in *in, const struct kstate_type *type,
		       int (*fn)(u64 key, void *arg), void *arg);
void kstate_in_get_stats(struct kstate_in *in, struct kstate_in_stats *stats);
void kstate_in_forget_types(struct kstate_in *in,
			    bool (*gone)(const struct kstate_type *t, void *arg),
			    void *arg);

int kstate_blob_check(const void *blob, size_t size);
u32 kstate_blob_crc(const void *blob, size_t size);
int kstate_blob_to_text(const void *blob, size_t size, char **text,
			size_t *len);

/* test builds: every compiled step checked against the interpreter */
#if IS_ENABLED(CONFIG_KSTATE_KUNIT_TEST)
void kstate_test_crosscheck_counts(u64 *checked, u64 *differ);
#endif

/* the whole registry at once: what a backend hands over and takes in */
int kstate_save(void **blob, size_t *size);
int kstate_set_incoming(void *blob, size_t size,
			const struct kstate_mem_ops *mem,
			void (*release)(void *blob));

#ifdef CONFIG_LIVEUPDATE
int kstate_kexec_save(void);
#else
static inline int kstate_kexec_save(void)
{
	return 0;
}
#endif

#else /* CONFIG_KSTATE */

static inline struct kstate_out *kstate_out_create(void)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static inline void kstate_out_destroy(struct kstate_out *out)
{
}

static inline int kstate_out_add(struct kstate_out *out,
				 const struct kstate_type *type, u64 key,
				 void *obj)
{
	return -EOPNOTSUPP;
}

static inline int kstate_out_remove(struct kstate_out *out,
				    const struct kstate_type *type, u64 key)
{
	return -EOPNOTSUPP;
}

static inline int kstate_out_save(struct kstate_out *out, void **blob,
				  size_t *size)
{
	return -EOPNOTSUPP;
}

static inline void kstate_out_set_mem(struct kstate_out *out,
				      const struct kstate_mem_ops *ops)
{
}

static inline void kstate_in_set_mem(struct kstate_in *in,
				     const struct kstate_mem_ops *ops)
{
}

static inline struct kstate_in *kstate_in_open(const void *blob, size_t size)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static inline void kstate_in_close(struct kstate_in *in)
{
}

static inline int kstate_in_restore(struct kstate_in *in,
				    const struct kstate_type *type, u64 key,
				    void *obj)
{
	return -EOPNOTSUPP;
}

static inline int kstate_in_release(struct kstate_in *in,
				    const struct kstate_type *type, u64 key)
{
	return -EOPNOTSUPP;
}

static inline bool kstate_in_present(struct kstate_in *in,
				     const struct kstate_type *type, u64 key)
{
	return false;
}

static inline int kstate_in_for_each(struct kstate_in *in,
				     const struct kstate_type *type,
				     int (*fn)(u64 key, void *arg), void *arg)
{
	return -EOPNOTSUPP;
}

static inline void kstate_in_get_stats(struct kstate_in *in,
				       struct kstate_in_stats *stats)
{
}

static inline unsigned int
kstate_out_forget_types(struct kstate_out *out,
			bool (*gone)(const struct kstate_type *t, void *arg),
			void *arg)
{
	return 0;
}

static inline void
kstate_in_forget_types(struct kstate_in *in,
		       bool (*gone)(const struct kstate_type *t, void *arg),
		       void *arg)
{
}

static inline int kstate_blob_check(const void *blob, size_t size)
{
	return -EOPNOTSUPP;
}

static inline u32 kstate_blob_crc(const void *blob, size_t size)
{
	return 0;
}

static inline int kstate_blob_to_text(const void *blob, size_t size,
				      char **text, size_t *len)
{
	return -EOPNOTSUPP;
}

static inline int kstate_register(const struct kstate_type *type, u64 key,
				  void *obj)
{
	return -EOPNOTSUPP;
}

static inline int kstate_register_group(const struct kstate_type *type,
					const u64 *keys, void *const *objs,
					unsigned int nr)
{
	return -EOPNOTSUPP;
}

static inline int kstate_unregister(const struct kstate_type *type, u64 key)
{
	return -EOPNOTSUPP;
}

static inline int kstate_restore(const struct kstate_type *type, u64 key,
				 void *obj)
{
	return -EOPNOTSUPP;
}

static inline int kstate_release(const struct kstate_type *type, u64 key)
{
	return -EOPNOTSUPP;
}

static inline bool kstate_present(const struct kstate_type *type, u64 key)
{
	return false;
}

static inline int kstate_for_each(const struct kstate_type *type,
				  int (*fn)(u64 key, void *arg), void *arg)
{
	return -EOPNOTSUPP;
}

static inline void kstate_finish(void)
{
}

static inline int kstate_custom_preserve(struct kstate_mem *mem,
					 struct page *page, unsigned int order,
					 u64 *phys)
{
	return -EOPNOTSUPP;
}

static inline struct page *kstate_custom_restore(struct kstate_mem *mem,
						 u64 phys, unsigned int order)
{
	return NULL;
}

static inline int kstate_save(void **blob, size_t *size)
{
	return -EOPNOTSUPP;
}

static inline int kstate_set_incoming(void *blob, size_t size,
				      const struct kstate_mem_ops *mem,
				      void (*release)(void *blob))
{
	return -EOPNOTSUPP;
}

static inline int kstate_kexec_save(void)
{
	return 0;
}

#endif /* CONFIG_KSTATE */

/* the debugfs directory kstate/, for the adopters' own files */
#if defined(CONFIG_KSTATE) && defined(CONFIG_LIVEUPDATE) && \
	defined(CONFIG_DEBUG_FS)
struct dentry *kstate_debugfs_root(void);
#else
static inline struct dentry *kstate_debugfs_root(void)
{
	return ERR_PTR(-ENODEV);
}
#endif

#endif /* _LINUX_KSTATE_H */
