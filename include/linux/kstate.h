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
 * @elem_kind: for %KSTATE_KIND_VARRAY, the kind of its elements.
 * @since: first version of the type that has the field.
 * @until: first version of the type that no longer has it; 0 if none.
 * @offset: offset of the member in the structure.
 * @size: size of one element of the member (integers, bytes, strings, and
 *	integer VARRAY elements); 0 for bitfields.
 * @count: number of elements of a fixed array member (1 for a scalar).
 * @type: the described type of STRUCT, PTR, LIST and VARRAY-of-STRUCT fields.
 * @aux: VARRAY: offset of the count member; LIST: offset of the list_head
 *	in the element type.
 * @aux_size: VARRAY: size of the count member.
 * @def: value of the field when restored from a writer older than @since.
 * @bf_get: bitfields: reads the member as an integer (sign-extended).
 * @bf_set: bitfields: writes the member, -ERANGE if the value does not fit.
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

/*
 * Field macros. Each expands to a tuple that KSTATE_DEFINE() applies to the
 * structure type, so a member is named once, and checks the member's C type
 * at compile time: a wrong macro on a member does not compile.
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
/* bitfield member (unsigned or signed, up to 64 bits) */
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

#define __KSTATE_MEMBER(T, m)	(((T *)0)->m)
#define __KSTATE_CHECK(cond, msg) __BUILD_BUG_ON_ZERO_MSG(!(cond), msg)
/*
 * An integer member: __builtin_classify_type() of the (promoted) member is
 * the integer class, 1, which excludes pointers, arrays and structures.
 */
#define __KSTATE_IS_BOOL(x)	__same_type(x, bool)
#define __KSTATE_IS_INT(x)	(__builtin_classify_type(x) == 1 && !__KSTATE_IS_BOOL(x))
#define __KSTATE_IS_SIGNED(x)	((typeof(x))-1 < (typeof(x))1)
#define __KSTATE_INT_OK(x, size, sgn)					\
	(__KSTATE_IS_INT(x) && __KSTATE_IS_SIGNED(x) == (sgn) &&	\
	 ((size) == 0 || sizeof(x) == (size)) &&			\
	 (sizeof(x) == 1 || sizeof(x) == 2 || sizeof(x) == 4 || sizeof(x) == 8))

#define __KSTATE_BASE(T, m, k)						\
	.name = #m, .count = 1, .offset = offsetof(T, m), .kind = (k)

#define __KSTATE_INIT_INT(n, T, m, sz, sgn, ...) {			\
	__KSTATE_BASE(T, m, KSTATE_KIND_UINT + (sgn)),				\
	.size = sizeof_field(T, m) +					\
		__KSTATE_CHECK(__KSTATE_INT_OK(__KSTATE_MEMBER(T, m), sz, sgn), \
			       "KSTATE: " #m " is not an integer of this size and sign"), \
	__VA_ARGS__ },
#define __KSTATE_INIT_INT_ARRAY(n, T, m, sgn, ...) {			\
	__KSTATE_BASE(T, m, KSTATE_KIND_UINT + (sgn)),				\
	.size = sizeof(__KSTATE_MEMBER(T, m)[0]) +			\
		__KSTATE_CHECK(__is_array(__KSTATE_MEMBER(T, m)) &&	\
			       __KSTATE_INT_OK(__KSTATE_MEMBER(T, m)[0], 0, sgn), \
			       "KSTATE: " #m " is not an array of integers of this sign"), \
	.count = ARRAY_SIZE(__KSTATE_MEMBER(T, m)), __VA_ARGS__ },
#define __KSTATE_INIT_BOOL(n, T, m, ...) {				\
	__KSTATE_BASE(T, m, KSTATE_KIND_BOOL),					\
	.size = 1 + __KSTATE_CHECK(__KSTATE_IS_BOOL(__KSTATE_MEMBER(T, m)), \
				   "KSTATE: " #m " is not a bool"),	\
	__VA_ARGS__ },
#define __KSTATE_INIT_BYTES(n, T, m, ...) {				\
	__KSTATE_BASE(T, m, KSTATE_KIND_BYTES),					\
	.size = sizeof_field(T, m) +					\
		__KSTATE_CHECK(__same_type(__KSTATE_MEMBER(T, m),	\
					   u8[sizeof_field(T, m)]),	\
			       "KSTATE: " #m " is not a u8 array"),	\
	__VA_ARGS__ },
#define __KSTATE_INIT_STRING(n, T, m, ...) {				\
	__KSTATE_BASE(T, m, KSTATE_KIND_STRING),					\
	.size = sizeof_field(T, m) +					\
		__KSTATE_CHECK(__same_type(__KSTATE_MEMBER(T, m),	\
					   char[sizeof_field(T, m)]),	\
			       "KSTATE: " #m " is not a char array"),	\
	__VA_ARGS__ },
#define __KSTATE_INIT_STRUCT(n, T, m, t, ...) {			\
	__KSTATE_BASE(T, m, KSTATE_KIND_STRUCT), .type = &kstate_##t,		\
	.size = __KSTATE_CHECK(__same_type(__KSTATE_MEMBER(T, m),	\
					   __kstate_ctype_##t),		\
			       "KSTATE: " #m " is not a struct of type " #t), \
	__VA_ARGS__ },
#define __KSTATE_INIT_STRUCT_ARRAY(n, T, m, t, ...) {			\
	__KSTATE_BASE(T, m, KSTATE_KIND_STRUCT), .type = &kstate_##t,		\
	.size = __KSTATE_CHECK(__is_array(__KSTATE_MEMBER(T, m)) &&	\
			       __same_type(__KSTATE_MEMBER(T, m)[0],	\
					   __kstate_ctype_##t),		\
			       "KSTATE: " #m " is not an array of " #t), \
	.count = ARRAY_SIZE(__KSTATE_MEMBER(T, m)), __VA_ARGS__ },
#define __KSTATE_INIT_PTR(n, T, m, t, ...) {				\
	__KSTATE_BASE(T, m, KSTATE_KIND_PTR), .type = &kstate_##t,			\
	.size = __KSTATE_CHECK(__same_type(__KSTATE_MEMBER(T, m),	\
					   __kstate_ctype_##t *),	\
			       "KSTATE: " #m " is not a pointer to " #t), \
	__VA_ARGS__ },
#define __KSTATE_INIT_VARRAY(n, T, m, nr, ...) {			\
	__KSTATE_BASE(T, m, KSTATE_KIND_VARRAY), .elem_kind = KSTATE_KIND_UINT +	\
		__KSTATE_IS_SIGNED(*__KSTATE_MEMBER(T, m)),		\
	.size = sizeof(*__KSTATE_MEMBER(T, m)) +			\
		__KSTATE_CHECK(__KSTATE_INT_OK(*__KSTATE_MEMBER(T, m), 0, \
				__KSTATE_IS_SIGNED(*__KSTATE_MEMBER(T, m))) && \
			       !__is_array(__KSTATE_MEMBER(T, m)) &&	\
			       __KSTATE_INT_OK(__KSTATE_MEMBER(T, nr), 0, 0), \
			       "KSTATE: " #m " is not an integer pointer with unsigned count " #nr), \
	.aux = offsetof(T, nr), .aux_size = sizeof_field(T, nr), __VA_ARGS__ },
#define __KSTATE_INIT_VARRAY_STRUCT(n, T, m, nr, t, ...) {		\
	__KSTATE_BASE(T, m, KSTATE_KIND_VARRAY), .elem_kind = KSTATE_KIND_STRUCT,	\
	.type = &kstate_##t,						\
	.size = __KSTATE_CHECK(__same_type(__KSTATE_MEMBER(T, m),	\
					   __kstate_ctype_##t *) &&	\
			       __KSTATE_INT_OK(__KSTATE_MEMBER(T, nr), 0, 0), \
			       "KSTATE: " #m " is not a pointer to " #t " with unsigned count " #nr), \
	.aux = offsetof(T, nr), .aux_size = sizeof_field(T, nr), __VA_ARGS__ },
#define __KSTATE_INIT_LIST(n, T, m, t, node, ...) {			\
	__KSTATE_BASE(T, m, KSTATE_KIND_LIST), .type = &kstate_##t,			\
	.aux = offsetof(__kstate_ctype_##t, node) +			\
		__KSTATE_CHECK(__same_type(__KSTATE_MEMBER(T, m),	\
					   struct list_head) &&		\
			       __same_type(((__kstate_ctype_##t *)0)->node, \
					   struct list_head),		\
			       "KSTATE: " #m " or " #t "." #node " is not a list_head"), \
	__VA_ARGS__ },
#define __KSTATE_INIT_BITFIELD(n, T, m, ...) {				\
	.name = #m, .kind = KSTATE_KIND_UINT, .count = 1,		\
	.bf_get = __kstate_bf_get_##n##_##m,				\
	.bf_set = __kstate_bf_set_##n##_##m, __VA_ARGS__ },

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
#define __KSTATE_DECL_BITFIELD(n, T, m, ...)				\
static u64 __kstate_bf_get_##n##_##m(const void *obj)			\
{									\
	return ((const T *)obj)->m;					\
}									\
static int __kstate_bf_set_##n##_##m(void *obj, u64 val)		\
{									\
	T *o = obj;							\
									\
	o->m = val;							\
	return (u64)o->m == val ? 0 : -ERANGE;				\
}

#define __KSTATE_UNPACK(...)		__VA_ARGS__
#define __KSTATE_CALL_(P, n, T, K, ...)	P##K(n, T, __VA_ARGS__)
#define __KSTATE_CALL(P, n, T, ...)	__KSTATE_CALL_(P, n, T, __VA_ARGS__)
#define __KSTATE_APPLY(P, n, T, f)	__KSTATE_CALL(P, n, T, __KSTATE_UNPACK f)
/* __KSTATE_MAP(P, n, T, f1, f2, ...): __KSTATE_APPLY(P, n, T, fi) for each field (up to 64) */
#define __KSTATE_NARGS_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17, _18, _19, _20, _21, _22, _23, _24, _25, _26, _27, _28, _29, _30, _31, _32, _33, _34, _35, _36, _37, _38, _39, _40, _41, _42, _43, _44, _45, _46, _47, _48, _49, _50, _51, _52, _53, _54, _55, _56, _57, _58, _59, _60, _61, _62, _63, _64, N, ...) N
#define __KSTATE_NARGS(...) __KSTATE_NARGS_(__VA_ARGS__, 64, 63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
#define __KSTATE_MAP_(k, P, n, T, ...) __KSTATE_MAP_##k(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP__(k, P, n, T, ...) __KSTATE_MAP_(k, P, n, T, __VA_ARGS__)
#define __KSTATE_MAP(P, n, T, ...) \
	__KSTATE_MAP__(__KSTATE_NARGS(__VA_ARGS__), P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_1(P, n, T, f) __KSTATE_APPLY(P, n, T, f)
#define __KSTATE_MAP_2(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_1(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_3(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_2(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_4(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_3(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_5(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_4(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_6(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_5(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_7(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_6(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_8(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_7(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_9(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_8(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_10(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_9(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_11(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_10(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_12(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_11(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_13(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_12(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_14(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_13(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_15(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_14(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_16(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_15(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_17(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_16(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_18(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_17(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_19(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_18(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_20(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_19(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_21(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_20(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_22(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_21(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_23(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_22(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_24(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_23(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_25(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_24(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_26(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_25(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_27(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_26(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_28(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_27(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_29(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_28(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_30(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_29(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_31(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_30(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_32(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_31(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_33(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_32(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_34(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_33(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_35(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_34(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_36(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_35(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_37(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_36(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_38(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_37(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_39(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_38(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_40(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_39(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_41(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_40(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_42(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_41(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_43(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_42(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_44(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_43(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_45(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_44(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_46(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_45(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_47(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_46(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_48(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_47(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_49(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_48(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_50(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_49(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_51(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_50(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_52(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_51(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_53(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_52(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_54(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_53(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_55(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_54(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_56(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_55(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_57(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_56(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_58(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_57(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_59(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_58(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_60(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_59(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_61(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_60(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_62(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_61(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_63(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_62(P, n, T, __VA_ARGS__)
#define __KSTATE_MAP_64(P, n, T, f, ...) \
	__KSTATE_APPLY(P, n, T, f) __KSTATE_MAP_63(P, n, T, __VA_ARGS__)

/**
 * KSTATE_DECLARE() - declare a type defined by KSTATE_DEFINE() elsewhere
 * @n: the type's name (an identifier)
 * @ctype: its C structure type
 *
 * Lets other files embed, point to or list objects of that type.
 */
#define KSTATE_DECLARE(n, ctype)					\
	typedef ctype __kstate_ctype_##n;				\
	extern const struct kstate_type kstate_##n

/**
 * KSTATE_DEFINE_OPS() - describe a structure type, with hooks
 * @n: name of the type (an identifier; also its stable name in blobs)
 * @ctype: the C structure type
 * @ver: current version of the type
 * @min_ver: oldest writer version this kernel restores
 * @hooks: pointer to a &struct kstate_ops, or NULL
 * @...: field macros, one per described member
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
 * @...: field macros, one per described member
 *
 * For a type whose stable name is not a C identifier, or, in tests, for
 * several generations of one type living in one kernel.
 */
#define KSTATE_DEFINE_AS(n, sname, ctype, ver, min_ver, hooks, ...)	\
	KSTATE_DECLARE(n, ctype);					\
	__KSTATE_MAP(__KSTATE_DECL_, n, ctype, __VA_ARGS__)		\
	static const struct kstate_field __kstate_fields_##n[] = {	\
		__KSTATE_MAP(__KSTATE_INIT_, n, ctype, __VA_ARGS__)	\
	};								\
	const struct kstate_type kstate_##n = {			\
		.name = (sname),					\
		.version = (ver) + __KSTATE_CHECK((min_ver) <= (ver) &&	\
						  (min_ver) >= 1,	\
			"KSTATE: need 1 <= min_version <= version"),	\
		.min_version = (min_ver),				\
		.size = sizeof(ctype),					\
		.fields = __kstate_fields_##n,				\
		.nr_fields = ARRAY_SIZE(__kstate_fields_##n),		\
		.ops = (hooks),						\
	}

/**
 * KSTATE_DEFINE() - describe a structure type
 * @n: name of the type (an identifier; also its stable name in blobs)
 * @ctype: the C structure type
 * @ver: current version of the type
 * @min_ver: oldest writer version this kernel restores
 * @...: field macros, one per described member
 *
 * Example::
 *
 *	KSTATE_DEFINE(foo_unit, struct foo_unit, 2, 1,
 *		KSTATE_U64(reg_phys),
 *		KSTATE_U16(segment, KSTATE_SINCE(2), KSTATE_DEFAULT(0)),
 *		KSTATE_BITFIELD(enabled),
 *		KSTATE_LIST(domains, foo_domain, node));
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

struct kstate_in *kstate_in_open(const void *blob, size_t size);
void kstate_in_close(struct kstate_in *in);
int kstate_in_restore(struct kstate_in *in, const struct kstate_type *type,
		      u64 key, void *obj);
bool kstate_in_present(struct kstate_in *in, const struct kstate_type *type,
		       u64 key);
int kstate_in_for_each(struct kstate_in *in, const struct kstate_type *type,
		       int (*fn)(u64 key, void *arg), void *arg);
void kstate_in_get_stats(struct kstate_in *in, struct kstate_in_stats *stats);

int kstate_blob_check(const void *blob, size_t size);
u32 kstate_blob_crc(const void *blob, size_t size);

int kstate_register(const struct kstate_type *type, u64 key, void *obj);
int kstate_register_group(const struct kstate_type *type, const u64 *keys,
			  void *const *objs, unsigned int nr);
int kstate_unregister(const struct kstate_type *type, u64 key);
int kstate_restore(const struct kstate_type *type, u64 key, void *obj);
bool kstate_present(const struct kstate_type *type, u64 key);
int kstate_for_each(const struct kstate_type *type,
		    int (*fn)(u64 key, void *arg), void *arg);
void kstate_finish(void);
int kstate_save(void **blob, size_t *size);
int kstate_set_incoming(void *blob, size_t size,
			void (*release)(void *blob));

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

static inline int kstate_blob_check(const void *blob, size_t size)
{
	return -EOPNOTSUPP;
}

static inline u32 kstate_blob_crc(const void *blob, size_t size)
{
	return 0;
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
				      void (*release)(void *blob))
{
	return -EOPNOTSUPP;
}

#endif /* CONFIG_KSTATE */

#endif /* _LINUX_KSTATE_H */
