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

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/kho/abi/kstate.h>
#include <linux/stddef.h>
#include <linux/types.h>

struct kstate_type;
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
 * @save: write exactly @len bytes describing @m into @buf; 0 or -errno.
 * @restore: rebuild @m from the @len bytes a writer of version
 *	@writer_version saved; 0 or -errno. It runs on the scratch copy of
 *	the object, which is committed only if the whole object restores.
 *	A writer without the field gives @buf NULL, @len 0, @writer_version 0:
 *	set the member's default.
 */
struct kstate_custom_ops {
	size_t (*size)(const void *obj, const void *m);
	int (*save)(const void *obj, const void *m, void *buf, size_t len);
	int (*restore)(void *obj, void *m, const void *buf, size_t len,
		       u32 writer_version);
};

/**
 * struct kstate_ops - optional hooks of a described type
 * @pre_save: called on each object before it is saved; an error aborts the
 *	save (and so the live update) with that error.
 * @post_restore: called after an object was restored and committed, with the
 *	writer's version of the type, for semantic migrations. An error is
 *	reported as the restore's result; the object stays restored.
 */
struct kstate_ops {
	int (*pre_save)(void *obj);
	int (*post_restore)(void *obj, u32 writer_version);
};

/**
 * struct kstate_field - description of one member of a described structure
 * @name: stable name of the field; the reader matches writer fields by it.
 * @aliases: NULL-terminated former names of the field, or NULL.
 * @kind: &enum kstate_kind.
 * @critical: must-understand; written as %KSTATE_FIELD_CRITICAL.
 * @optional: reader side only: restore fills @def when the writer lacks it.
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
 * @aux_size: VARRAY: size of the count member.
 * @def: value of the field when restored from a writer older than @since.
 * @bf_get: bitfields: reads the member as an integer (sign-extended).
 * @bf_set: bitfields: writes the member, -ERANGE if the value does not fit.
 * @custom: %KSTATE_KIND_CUSTOM: the callbacks.
 *
 * Fields are built by the KSTATE_* field macros inside KSTATE_DEFINE(),
 * never by hand.
 */
struct kstate_field {
	const char *name;
	const char *const *aliases;
	u8 kind;
	bool critical;
	bool optional;
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
	const struct kstate_custom_ops *custom;
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
 */
struct kstate_type {
	const char *name;
	u32 version;
	u32 min_version;
	size_t size;
	const struct kstate_field *fields;
	unsigned int nr_fields;
	const struct kstate_ops *ops;
};

/* Attributes, given after a field macro's member: KSTATE_U32(x, KSTATE_SINCE(2)) */
#define KSTATE_SINCE(v)		.since = (v)
#define KSTATE_UNTIL(v)		.until = (v)
#define KSTATE_DEFAULT(v)	.def = (u64)(v)
/* must-understand: a reader that does not know the field refuses the type */
#define KSTATE_CRITICAL		.critical = true
/* any writer may lack the field (a vendor extension): default, not refusal */
#define KSTATE_OPTIONAL		.optional = true
#define KSTATE_ALIASES(...)	.aliases = (const char *const []){ __VA_ARGS__, NULL }
/* KSTATE_XARRAY*() only: restore calls xa_init_flags(member, fl), not xa_init() */
#define KSTATE_XA_FLAGS(fl)	.aux = (__force u32)(fl)

/*
 * Field macros. Each expands to a tuple that KSTATE_DEFINE() applies to the
 * structure type, so that a member is named once, and each checks the
 * member's C type at compile time: a wrong macro on a member does not
 * compile.
 */
/* unsigned/signed integer of any size (1, 2, 4, 8), or of exactly that size */
#define KSTATE_UINT(m, ...)	(INT, m, 0, 0, ##__VA_ARGS__)
#define KSTATE_SINT(m, ...)	(INT, m, 0, 1, ##__VA_ARGS__)
#define KSTATE_U8(m, ...)	(INT, m, 1, 0, ##__VA_ARGS__)
#define KSTATE_U16(m, ...)	(INT, m, 2, 0, ##__VA_ARGS__)
#define KSTATE_U32(m, ...)	(INT, m, 4, 0, ##__VA_ARGS__)
#define KSTATE_U64(m, ...)	(INT, m, 8, 0, ##__VA_ARGS__)
#define KSTATE_S8(m, ...)	(INT, m, 1, 1, ##__VA_ARGS__)
#define KSTATE_S16(m, ...)	(INT, m, 2, 1, ##__VA_ARGS__)
#define KSTATE_S32(m, ...)	(INT, m, 4, 1, ##__VA_ARGS__)
#define KSTATE_S64(m, ...)	(INT, m, 8, 1, ##__VA_ARGS__)
/* fixed array of unsigned/signed integers */
#define KSTATE_UINT_ARRAY(m, ...) (INT_ARRAY, m, 0, ##__VA_ARGS__)
#define KSTATE_SINT_ARRAY(m, ...) (INT_ARRAY, m, 1, ##__VA_ARGS__)
/* bool member */
#define KSTATE_BOOL(m, ...)	(BOOL, m, ##__VA_ARGS__)
/* bitfield member (unsigned or signed, up to 64 bits), a direct member */
#define KSTATE_BITFIELD(m, ...)	(BITFIELD, m, ##__VA_ARGS__)
/* u8 array, saved as bytes */
#define KSTATE_BYTES(m, ...)	(BYTES, m, ##__VA_ARGS__)
/* char array holding a NUL-terminated string */
#define KSTATE_STRING(m, ...)	(STRING, m, ##__VA_ARGS__)
/* embedded structure, or fixed array of them, of a described type */
#define KSTATE_STRUCT(m, t, ...) (STRUCT, m, t, ##__VA_ARGS__)
#define KSTATE_STRUCT_ARRAY(m, t, ...) (STRUCT_ARRAY, m, t, ##__VA_ARGS__)
/* pointer to an object of a described type; sharing and cycles preserved */
#define KSTATE_PTR(m, t, ...)	(PTR, m, t, ##__VA_ARGS__)
/* pointer member m to nr integers / nr objects of type t; kcalloc'ed on restore */
#define KSTATE_VARRAY(m, nr, ...) (VARRAY, m, nr, ##__VA_ARGS__)
#define KSTATE_VARRAY_STRUCT(m, nr, t, ...) (VARRAY_STRUCT, m, nr, t, ##__VA_ARGS__)
/* list_head m of objects of type t linked through their member node */
#define KSTATE_LIST(m, t, node, ...) (LIST, m, t, node, ##__VA_ARGS__)
/* struct page * member: 2^order pages kept in place by the handover backend */
#define KSTATE_PAGES(m, order, ...) (PAGES, m, order, ##__VA_ARGS__)
/* any member, saved and restored by a &struct kstate_custom_ops */
#define KSTATE_CUSTOM(m, ops, ...) (CUSTOM, m, ops, ##__VA_ARGS__)
/*
 * struct xarray m of pointers to anonymous objects of type t (shared with
 * pointers elsewhere like PTR), or of xa_mk_value() entries; restore
 * initializes m (see KSTATE_XA_FLAGS()) and stores every entry in it.
 */
#define KSTATE_XARRAY(m, t, ...) (XARRAY, m, t, ##__VA_ARGS__)
#define KSTATE_XARRAY_VALUE(m, ...) (XARRAY_VALUE, m, ##__VA_ARGS__)

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
#define __KSTATE_IS_ARRAY(type)						\
	(!__builtin_types_compatible_p(type, typeof(&(*(type *)0)[0])))

#define __KSTATE_INIT_INT(O, m, sz, sgn, ...)				\
	__KSTATE_INT(#m, __KSTATE_M(O, m), sz, sgn, __VA_ARGS__)
#define __KSTATE_INT(nm, x, sz, sgn, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_UINT + __KSTATE_IS_SINT(typeof(x)),	\
	.size = sizeof(x) +						\
		__KSTATE_CHECK(__KSTATE_INT_OK(typeof(x), sz, sgn),	\
			       "KSTATE: not an integer of this size and sign"), \
	__VA_ARGS__ },
#define __KSTATE_INIT_INT_ARRAY(O, m, sgn, ...)			\
	__KSTATE_INT_ARRAY(#m, __KSTATE_M(O, m), sgn, __VA_ARGS__)
#define __KSTATE_INT_ARRAY(nm, x, sgn, ...) {				\
	.name = nm, .offset = (size_t)&(x),				\
	.kind = KSTATE_KIND_UINT + __KSTATE_IS_SINT(typeof((x)[0])),	\
	.count = sizeof(x) / sizeof((x)[0]),				\
	.size = sizeof((x)[0]) +					\
		__KSTATE_CHECK(__KSTATE_INT_OK(typeof((x)[0]), 0, sgn) && \
			       __KSTATE_IS_ARRAY(typeof(x)),		\
			       "KSTATE: not an array of integers of this sign"), \
	__VA_ARGS__ },
#define __KSTATE_INIT_BOOL(O, m, ...)					\
	__KSTATE_BOOL(#m, __KSTATE_M(O, m), __VA_ARGS__)
#define __KSTATE_BOOL(nm, x, ...) {					\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_BOOL,					\
	.size = 1 + __KSTATE_CHECK(__KSTATE_SAME(typeof(x), bool),	\
				   "KSTATE: not a bool"),		\
	__VA_ARGS__ },
#define __KSTATE_INIT_BYTES(O, m, ...)					\
	__KSTATE_BYTES(#m, __KSTATE_M(O, m), KSTATE_KIND_BYTES, u8,	\
		       __VA_ARGS__)
#define __KSTATE_INIT_STRING(O, m, ...)				\
	__KSTATE_BYTES(#m, __KSTATE_M(O, m), KSTATE_KIND_STRING, char,	\
		       __VA_ARGS__)
#define __KSTATE_BYTES(nm, x, k, elem, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x), .kind = (k),	\
	.size = sizeof(x) +						\
		__KSTATE_CHECK(__KSTATE_SAME(typeof(x), elem[sizeof(x)]), \
			       "KSTATE: not an array of that element type"), \
	__VA_ARGS__ },
#define __KSTATE_INIT_STRUCT(O, m, t, ...)				\
	__KSTATE_STRUCT(#m, __KSTATE_M(O, m), t, __VA_ARGS__)
#define __KSTATE_STRUCT(nm, x, t, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_STRUCT, .type = &kstate_##t,		\
	.size = __KSTATE_CHECK(__KSTATE_SAME(typeof(x),		\
					     typeof(__kstate_obj_##t)),	\
			       "KSTATE: not a structure of this type"),	\
	__VA_ARGS__ },
#define __KSTATE_INIT_STRUCT_ARRAY(O, m, t, ...)			\
	__KSTATE_STRUCT_ARRAY(#m, __KSTATE_M(O, m), t, __VA_ARGS__)
#define __KSTATE_STRUCT_ARRAY(nm, x, t, ...) {				\
	.name = nm, .offset = (size_t)&(x),				\
	.kind = KSTATE_KIND_STRUCT, .type = &kstate_##t,		\
	.count = sizeof(x) / sizeof((x)[0]),				\
	.size = __KSTATE_CHECK(__KSTATE_SAME(typeof((x)[0]),		\
					     typeof(__kstate_obj_##t)) && \
			       __KSTATE_IS_ARRAY(typeof(x)),		\
			       "KSTATE: not an array of this type"),	\
	__VA_ARGS__ },
#define __KSTATE_INIT_PTR(O, m, t, ...)				\
	__KSTATE_PTR(#m, __KSTATE_M(O, m), t, __VA_ARGS__)
#define __KSTATE_PTR(nm, x, t, ...) {					\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_PTR, .type = &kstate_##t,			\
	.size = __KSTATE_CHECK(__KSTATE_SAME(typeof(x),		\
					     typeof(__kstate_obj_##t) *), \
			       "KSTATE: not a pointer to this type"),	\
	__VA_ARGS__ },
#define __KSTATE_INIT_VARRAY(O, m, nr, ...)				\
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
			       "KSTATE: not an integer pointer with an unsigned count"), \
	.aux = (size_t)&(n), .aux_size = sizeof(n), __VA_ARGS__ },
#define __KSTATE_INIT_VARRAY_STRUCT(O, m, nr, t, ...)			\
	__KSTATE_VARRAY_S_(#m, typeof(O), m, nr, t, __VA_ARGS__)
#define __KSTATE_VARRAY_S_(nm, type, m, nr, t, ...)			\
	__KSTATE_VARRAY_S(nm, (*(type *)0).m, (*(type *)0).nr, t, __VA_ARGS__)
#define __KSTATE_VARRAY_S(nm, x, n, t, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_VARRAY, .elem_kind = KSTATE_KIND_STRUCT,	\
	.type = &kstate_##t,						\
	.size = __KSTATE_CHECK(__KSTATE_SAME(typeof(x),		\
					     typeof(__kstate_obj_##t) *) && \
			       __KSTATE_INT_OK(typeof(n), 0, 0),	\
			       "KSTATE: not a pointer to this type with an unsigned count"), \
	.aux = (size_t)&(n), .aux_size = sizeof(n), __VA_ARGS__ },
#define __KSTATE_INIT_LIST(O, m, t, node, ...)				\
	__KSTATE_LIST(#m, __KSTATE_M(O, m),				\
		      __KSTATE_M(__kstate_obj_##t, node), t, __VA_ARGS__)
#define __KSTATE_LIST(nm, x, link, t, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_LIST, .type = &kstate_##t,			\
	.aux = (size_t)&(link) +					\
		__KSTATE_CHECK(__KSTATE_SAME(typeof(x), struct list_head) && \
			       __KSTATE_SAME(typeof(link), struct list_head), \
			       "KSTATE: list member or node is not a list_head"), \
	__VA_ARGS__ },
#define __KSTATE_INIT_PAGES(O, m, order, ...)				\
	__KSTATE_PAGES(#m, __KSTATE_M(O, m), order, __VA_ARGS__)
#define __KSTATE_PAGES(nm, x, order, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_PAGES, .aux = (order),			\
	.size = __KSTATE_CHECK(__KSTATE_SAME(typeof(x), struct page *), \
			       "KSTATE: not a struct page pointer"),	\
	__VA_ARGS__ },
#define __KSTATE_INIT_XARRAY(O, m, t, ...)				\
	__KSTATE_XARRAY(#m, __KSTATE_M(O, m), KSTATE_KIND_PTR, &kstate_##t, \
			__VA_ARGS__)
#define __KSTATE_INIT_XARRAY_VALUE(O, m, ...)				\
	__KSTATE_XARRAY(#m, __KSTATE_M(O, m), KSTATE_KIND_UINT, NULL,	\
			__VA_ARGS__)
#define __KSTATE_XARRAY(nm, x, ek, t, ...) {				\
	.name = nm, .count = 1, .offset = (size_t)&(x),			\
	.kind = KSTATE_KIND_XARRAY, .elem_kind = (ek), .type = (t),	\
	.size = __KSTATE_CHECK(__KSTATE_SAME(typeof(x), struct xarray), \
			       "KSTATE: not a struct xarray"),		\
	__VA_ARGS__ },
#define __KSTATE_INIT_CUSTOM(O, m, ops, ...) {			\
	.name = #m, .count = 1, .offset = offsetof(typeof(O), m),	\
	.size = sizeof(__KSTATE_M(O, m)),				\
	.kind = KSTATE_KIND_CUSTOM, .custom = (ops), __VA_ARGS__ },
#define __KSTATE_INIT_BITFIELD(O, m, ...) {				\
	.name = #m, .count = 1, .kind = KSTATE_KIND_UINT,		\
	.bf_get = O##_bf_get_##m, .bf_set = O##_bf_set_##m, __VA_ARGS__ },

/* Declarations pass: only bitfields need code (accessor functions). */
#define __KSTATE_DECL_INT(...)
#define __KSTATE_DECL_INT_ARRAY(...)
#define __KSTATE_DECL_BOOL(...)
#define __KSTATE_DECL_BYTES(...)
#define __KSTATE_DECL_STRING(...)
#define __KSTATE_DECL_STRUCT(...)
#define __KSTATE_DECL_STRUCT_ARRAY(...)
#define __KSTATE_DECL_PTR(...)
#define __KSTATE_DECL_VARRAY(...)
#define __KSTATE_DECL_VARRAY_STRUCT(...)
#define __KSTATE_DECL_LIST(...)
#define __KSTATE_DECL_CUSTOM(...)
#define __KSTATE_DECL_PAGES(...)
#define __KSTATE_DECL_XARRAY(...)
#define __KSTATE_DECL_XARRAY_VALUE(...)
/* The value of an assignment is the member's value after it: truncated. */
#define __KSTATE_DECL_BITFIELD(O, m, ...)				\
static u64 O##_bf_get_##m(const void *obj)				\
{									\
	return (*(const typeof(O) *)obj).m;				\
}									\
static int O##_bf_set_##m(void *obj, u64 val)				\
{									\
	return (u64)((*(typeof(O) *)obj).m = val) == val ? 0 : -ERANGE;	\
}

/*
 * The field tuples are applied to O in two passes over a fixed number of
 * slots: declarations (bitfield accessors), then the descriptor array.
 * KSTATE_DEFINE_AS() pads the tuples with empty ones, (), which expand to
 * nothing; a tuple in the 65th slot does not compile.
 */
#define __KSTATE_UNPACK(...)		__VA_ARGS__
#define __KSTATE_CALL_(P, O, K, ...)	P##K(O, __VA_ARGS__)
#define __KSTATE_CALL(P, O, ...)	__KSTATE_CALL_(P, O, __VA_ARGS__)
#define __KSTATE_APPLY(P, O, f)		__KSTATE_CALL(P, O, __KSTATE_UNPACK f)
#define __KSTATE_DECL_(...)
#define __KSTATE_INIT_(...)
#define __KSTATE_NO_65TH_FIELD_(...)
#define __KSTATE_TOO_MANY(...)						\
	{ .count = __KSTATE_CHECK(0, "KSTATE: more than 64 fields") },
#define __KSTATE_NO_65TH_FIELD_INT	__KSTATE_TOO_MANY
#define __KSTATE_NO_65TH_FIELD_INT_ARRAY	__KSTATE_TOO_MANY
#define __KSTATE_NO_65TH_FIELD_BOOL	__KSTATE_TOO_MANY
#define __KSTATE_NO_65TH_FIELD_BITFIELD	__KSTATE_TOO_MANY
#define __KSTATE_NO_65TH_FIELD_BYTES	__KSTATE_TOO_MANY
#define __KSTATE_NO_65TH_FIELD_STRING	__KSTATE_TOO_MANY
#define __KSTATE_NO_65TH_FIELD_STRUCT	__KSTATE_TOO_MANY
#define __KSTATE_NO_65TH_FIELD_STRUCT_ARRAY	__KSTATE_TOO_MANY
#define __KSTATE_NO_65TH_FIELD_PTR	__KSTATE_TOO_MANY
#define __KSTATE_NO_65TH_FIELD_VARRAY	__KSTATE_TOO_MANY
#define __KSTATE_NO_65TH_FIELD_VARRAY_STRUCT	__KSTATE_TOO_MANY
#define __KSTATE_NO_65TH_FIELD_LIST	__KSTATE_TOO_MANY
#define __KSTATE_NO_65TH_FIELD_CUSTOM	__KSTATE_TOO_MANY
#define __KSTATE_NO_65TH_FIELD_PAGES	__KSTATE_TOO_MANY
#define __KSTATE_NO_65TH_FIELD_XARRAY	__KSTATE_TOO_MANY
#define __KSTATE_NO_65TH_FIELD_XARRAY_VALUE	__KSTATE_TOO_MANY
#define __KSTATE_D(O, f)		__KSTATE_APPLY(__KSTATE_DECL_, O, f)
#define __KSTATE_I(O, f)		__KSTATE_APPLY(__KSTATE_INIT_, O, f)
#define __KSTATE_BODY(O, ...)						\
	__KSTATE_DECLS(O, __VA_ARGS__)					\
	static const struct kstate_field O##_fields[] = {		\
		__KSTATE_INITS(O, __VA_ARGS__)				\
	}
#define __KSTATE_DECLS(O, _1, _2, _3, _4, _5, _6, _7, _8, \
			_9, _10, _11, _12, _13, _14, _15, _16, \
			_17, _18, _19, _20, _21, _22, _23, _24, \
			_25, _26, _27, _28, _29, _30, _31, _32, \
			_33, _34, _35, _36, _37, _38, _39, _40, \
			_41, _42, _43, _44, _45, _46, _47, _48, \
			_49, _50, _51, _52, _53, _54, _55, _56, \
			_57, _58, _59, _60, _61, _62, _63, _64, \
			...) \
	__KSTATE_D(O, _1) __KSTATE_D(O, _2) __KSTATE_D(O, _3) __KSTATE_D(O, _4) \
	__KSTATE_D(O, _5) __KSTATE_D(O, _6) __KSTATE_D(O, _7) __KSTATE_D(O, _8) \
	__KSTATE_D(O, _9) __KSTATE_D(O, _10) __KSTATE_D(O, _11) __KSTATE_D(O, _12) \
	__KSTATE_D(O, _13) __KSTATE_D(O, _14) __KSTATE_D(O, _15) __KSTATE_D(O, _16) \
	__KSTATE_D(O, _17) __KSTATE_D(O, _18) __KSTATE_D(O, _19) __KSTATE_D(O, _20) \
	__KSTATE_D(O, _21) __KSTATE_D(O, _22) __KSTATE_D(O, _23) __KSTATE_D(O, _24) \
	__KSTATE_D(O, _25) __KSTATE_D(O, _26) __KSTATE_D(O, _27) __KSTATE_D(O, _28) \
	__KSTATE_D(O, _29) __KSTATE_D(O, _30) __KSTATE_D(O, _31) __KSTATE_D(O, _32) \
	__KSTATE_D(O, _33) __KSTATE_D(O, _34) __KSTATE_D(O, _35) __KSTATE_D(O, _36) \
	__KSTATE_D(O, _37) __KSTATE_D(O, _38) __KSTATE_D(O, _39) __KSTATE_D(O, _40) \
	__KSTATE_D(O, _41) __KSTATE_D(O, _42) __KSTATE_D(O, _43) __KSTATE_D(O, _44) \
	__KSTATE_D(O, _45) __KSTATE_D(O, _46) __KSTATE_D(O, _47) __KSTATE_D(O, _48) \
	__KSTATE_D(O, _49) __KSTATE_D(O, _50) __KSTATE_D(O, _51) __KSTATE_D(O, _52) \
	__KSTATE_D(O, _53) __KSTATE_D(O, _54) __KSTATE_D(O, _55) __KSTATE_D(O, _56) \
	__KSTATE_D(O, _57) __KSTATE_D(O, _58) __KSTATE_D(O, _59) __KSTATE_D(O, _60) \
	__KSTATE_D(O, _61) __KSTATE_D(O, _62) __KSTATE_D(O, _63) __KSTATE_D(O, _64)
#define __KSTATE_INITS(O, _1, _2, _3, _4, _5, _6, _7, _8, \
			_9, _10, _11, _12, _13, _14, _15, _16, \
			_17, _18, _19, _20, _21, _22, _23, _24, \
			_25, _26, _27, _28, _29, _30, _31, _32, \
			_33, _34, _35, _36, _37, _38, _39, _40, \
			_41, _42, _43, _44, _45, _46, _47, _48, \
			_49, _50, _51, _52, _53, _54, _55, _56, \
			_57, _58, _59, _60, _61, _62, _63, _64, \
			_65, ...) \
	__KSTATE_I(O, _1) __KSTATE_I(O, _2) __KSTATE_I(O, _3) __KSTATE_I(O, _4) \
	__KSTATE_I(O, _5) __KSTATE_I(O, _6) __KSTATE_I(O, _7) __KSTATE_I(O, _8) \
	__KSTATE_I(O, _9) __KSTATE_I(O, _10) __KSTATE_I(O, _11) __KSTATE_I(O, _12) \
	__KSTATE_I(O, _13) __KSTATE_I(O, _14) __KSTATE_I(O, _15) __KSTATE_I(O, _16) \
	__KSTATE_I(O, _17) __KSTATE_I(O, _18) __KSTATE_I(O, _19) __KSTATE_I(O, _20) \
	__KSTATE_I(O, _21) __KSTATE_I(O, _22) __KSTATE_I(O, _23) __KSTATE_I(O, _24) \
	__KSTATE_I(O, _25) __KSTATE_I(O, _26) __KSTATE_I(O, _27) __KSTATE_I(O, _28) \
	__KSTATE_I(O, _29) __KSTATE_I(O, _30) __KSTATE_I(O, _31) __KSTATE_I(O, _32) \
	__KSTATE_I(O, _33) __KSTATE_I(O, _34) __KSTATE_I(O, _35) __KSTATE_I(O, _36) \
	__KSTATE_I(O, _37) __KSTATE_I(O, _38) __KSTATE_I(O, _39) __KSTATE_I(O, _40) \
	__KSTATE_I(O, _41) __KSTATE_I(O, _42) __KSTATE_I(O, _43) __KSTATE_I(O, _44) \
	__KSTATE_I(O, _45) __KSTATE_I(O, _46) __KSTATE_I(O, _47) __KSTATE_I(O, _48) \
	__KSTATE_I(O, _49) __KSTATE_I(O, _50) __KSTATE_I(O, _51) __KSTATE_I(O, _52) \
	__KSTATE_I(O, _53) __KSTATE_I(O, _54) __KSTATE_I(O, _55) __KSTATE_I(O, _56) \
	__KSTATE_I(O, _57) __KSTATE_I(O, _58) __KSTATE_I(O, _59) __KSTATE_I(O, _60) \
	__KSTATE_I(O, _61) __KSTATE_I(O, _62) __KSTATE_I(O, _63) __KSTATE_I(O, _64) \
	__KSTATE_APPLY(__KSTATE_NO_65TH_FIELD_, O, _65)

/**
 * KSTATE_DECLARE() - declare a type defined by KSTATE_DEFINE() elsewhere
 * @n: the type's name (an identifier)
 * @ctype: its C structure type
 *
 * Lets other files embed, point to or list objects of that type. The
 * object declared with the C type is never defined: only its type is used.
 */
#define KSTATE_DECLARE(n, ctype)					\
	extern ctype __kstate_obj_##n;					\
	extern const struct kstate_type kstate_##n

/**
 * KSTATE_DEFINE_OPS() - describe a structure type, with hooks
 * @n: name of the type (an identifier; also its stable name in blobs)
 * @ctype: the C structure type
 * @ver: current version of the type
 * @min_ver: oldest writer version this kernel restores
 * @hooks: pointer to a &struct kstate_ops, or NULL
 * @...: field macros, one per described member (at most 64)
 *
 * Defines ``const struct kstate_type kstate_<n>``.
 */
#define KSTATE_DEFINE_OPS(n, ctype, ver, min_ver, hooks, ...)		\
	KSTATE_DEFINE_AS(n, #n, ctype, ver, min_ver, hooks, __VA_ARGS__)

/**
 * KSTATE_DEFINE_AS() - describe a structure type under an explicit name
 * @n: identifier of the definition (``kstate_<n>``)
 * @sname: stable name of the type in blobs (a string)
 * @ctype: the C structure type
 * @ver: current version of the type
 * @min_ver: oldest writer version this kernel restores
 * @hooks: pointer to a &struct kstate_ops, or NULL
 * @...: field macros, one per described member (at most 64)
 *
 * For a type whose stable name is not a C identifier, or, in tests, for
 * several generations of one type living in one kernel.
 */
#define KSTATE_DEFINE_AS(n, sname, ctype, ver, min_ver, hooks, ...)	\
	KSTATE_DECLARE(n, ctype);					\
	__KSTATE_BODY(__kstate_obj_##n, __VA_ARGS__,			\
		      (), (), (), (), (), (), (), (), (), (), (), (), (),	\
		      (), (), (), (), (), (), (), (), (), (), (), (), (),	\
		      (), (), (), (), (), (), (), (), (), (), (), (), (),	\
		      (), (), (), (), (), (), (), (), (), (), (), (), (),	\
		      (), (), (), (), (), (), (), (), (), (), (), (), ());	\
	const struct kstate_type kstate_##n = {			\
		.name = (sname),					\
		.version = (ver) +					\
			__KSTATE_CHECK((min_ver) >= 1 && (min_ver) <= (ver), \
				       "KSTATE: need 1 <= min_version <= version"), \
		.min_version = (min_ver),				\
		.size = sizeof(ctype),					\
		.fields = __kstate_obj_##n##_fields,			\
		.nr_fields = ARRAY_SIZE(__kstate_obj_##n##_fields),	\
		.ops = (hooks),						\
	}

/**
 * KSTATE_DEFINE() - describe a structure type
 * @n: name of the type (an identifier; also its stable name in blobs)
 * @ctype: the C structure type
 * @ver: current version of the type
 * @min_ver: oldest writer version this kernel restores
 * @...: field macros, one per described member (at most 64)
 *
 * Example::
 *
 *	KSTATE_DEFINE(foo_unit, struct foo_unit, 2, 1,
 *		KSTATE_U64(reg_phys),
 *		KSTATE_U16(segment, KSTATE_SINCE(2), KSTATE_DEFAULT(0)),
 *		KSTATE_BITFIELD(enabled),
 *		KSTATE_LIST(domains, foo_domain, node),
 *		KSTATE_XARRAY(infos, foo_info));
 */
#define KSTATE_DEFINE(n, ctype, ver, min_ver, ...)			\
	KSTATE_DEFINE_OPS(n, ctype, ver, min_ver, NULL, __VA_ARGS__)

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

struct kstate_out *kstate_out_create(void);
void kstate_out_destroy(struct kstate_out *out);
int kstate_out_add(struct kstate_out *out, const struct kstate_type *type,
		   u64 key, void *obj);
int kstate_out_remove(struct kstate_out *out, const struct kstate_type *type,
		      u64 key);
int kstate_out_save(struct kstate_out *out, void **blob, size_t *size);
void kstate_out_set_mem(struct kstate_out *out,
			const struct kstate_mem_ops *ops);
void kstate_in_set_mem(struct kstate_in *in, const struct kstate_mem_ops *ops);

struct kstate_in *kstate_in_open(const void *blob, size_t size);
void kstate_in_close(struct kstate_in *in);
int kstate_in_restore(struct kstate_in *in, const struct kstate_type *type,
		      u64 key, void *obj);
int kstate_in_release(struct kstate_in *in, const struct kstate_type *type,
		      u64 key);
bool kstate_in_present(struct kstate_in *in, const struct kstate_type *type,
		       u64 key);
int kstate_in_for_each(struct kstate_in *in, const struct kstate_type *type,
		       int (*fn)(u64 key, void *arg), void *arg);
void kstate_in_get_stats(struct kstate_in *in, struct kstate_in_stats *stats);
unsigned int kstate_out_forget_types(struct kstate_out *out,
				     bool (*gone)(const struct kstate_type *t,
						  void *arg),
				     void *arg);
void kstate_in_forget_types(struct kstate_in *in,
			    bool (*gone)(const struct kstate_type *t, void *arg),
			    void *arg);

int kstate_blob_check(const void *blob, size_t size);
u32 kstate_blob_crc(const void *blob, size_t size);
int kstate_blob_to_text(const void *blob, size_t size, char **text,
			size_t *len);

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
int kstate_save(void **blob, size_t *size);
int kstate_set_incoming(void *blob, size_t size,
			const struct kstate_mem_ops *mem,
			void (*release)(void *blob));

#ifdef CONFIG_KEXEC_HANDOVER
int kstate_kexec_save(void);
void kstate_kexec_abort(void);
#else
static inline int kstate_kexec_save(void)
{
	return 0;
}

static inline void kstate_kexec_abort(void)
{
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

static inline void kstate_kexec_abort(void)
{
}

#endif /* CONFIG_KSTATE */

#endif /* _LINUX_KSTATE_H */
