/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The KSTATE codec and engine built for libFuzzer (clang -fsanitize=fuzzer,
 * with ASan, UBSan and LeakSanitizer), like the host harness: the real
 * kernel sources against tools/include and the host shims. Also the
 * fuzzed types: every field kind whose restore a host can run, in two
 * versions, and how to free what a restore allocated.
 */
#ifndef _KSTATE_FUZZ_ENGINE_H
#define _KSTATE_FUZZ_ENGINE_H

#include "../kstate_host.h"

#include "../../../../kernel/kstate/blob.c"
#include "../../../../kernel/kstate/type.c"
#include "../../../../kernel/kstate/outgoing.c"
#include "../../../../kernel/kstate/save.c"
#include "../../../../kernel/kstate/plan.c"
#include "../../../../kernel/kstate/restore.c"
#include "../../../../kernel/kstate/dump.c"
#include "../../../../kernel/kstate/registry.c"
#include "../../../../kernel/kstate/envelope.c"
#include "../../../lib/rbtree.c"
#include "../crc32c_sw.c"

int kstate_host_quiet = 1;
unsigned long kstate_host_fail_nth;

/* the software CRC32C, as in the harness: a fuzzer is no benchmark */
u32 crc32c(u32 crc, const void *p, size_t len)
{
	return kstate_host_crc32c_sw(crc, p, len);
}

/* scalars of every width and sign, bools, bitfields, bytes, a string */
struct fz_leaf {
	u32 a;
	s16 b;
	bool c;
	u8 bytes[6];
	char name[8];
	unsigned int bits:3;
	unsigned int flag:1;
	u64 wide;
	s8 neg;
	u32 arr[3];
	bool bools[2];
};

KSTATE_DEFINE(fz_leaf, struct fz_leaf,
	      KSTATE_U32(a),
	      KSTATE_S16(b),
	      KSTATE_BOOL(c),
	      KSTATE_BYTES(bytes),
	      KSTATE_STRING(name),
	      KSTATE_BITFIELD(bits),
	      KSTATE_BITFIELD(flag),
	      KSTATE_U64(wide, KSTATE_DEFAULT(7)),
	      KSTATE_S8(neg),
	      KSTATE_UINT_ARRAY(arr),
	      KSTATE_BOOL_ARRAY(bools));

struct fz_node {
	struct list_head link;
	u32 v;
};

KSTATE_DEFINE(fz_node, struct fz_node,
	      KSTATE_U32(v));

/* embedded structures, a pointer, a list, xarrays, a variable array */
struct fz_root_v1 {
	u64 id;
	struct fz_leaf leaf;
	struct fz_leaf two[2];
	struct fz_leaf *ptr;
	struct list_head nodes;
	struct xarray vals;
	u16 *var;
	u32 nr;
	DECLARE_BITMAP(map, 40);
	u32 gone;
};

KSTATE_DEFINE(fz_root_v1, struct fz_root_v1,
	      KSTATE_NAME("fz_root"),
	      KSTATE_U64(id),
	      KSTATE_STRUCT(leaf, fz_leaf),
	      KSTATE_STRUCT_ARRAY(two, fz_leaf),
	      KSTATE_PTR(ptr, fz_leaf),
	      KSTATE_LIST(nodes, fz_node, link),
	      KSTATE_XARRAY_VALUE(vals),
	      KSTATE_VARRAY(var, nr),
	      KSTATE_BITMAP(map, 40),
	      KSTATE_U32(gone));

/* version 2: a field dropped, one renamed, one added, narrower arrays */
struct fz_root_v2 {
	u64 ident;
	struct fz_leaf leaf;
	struct fz_leaf two[1];
	struct fz_leaf *ptr;
	struct list_head nodes;
	struct xarray vals;
	u16 *var;
	u32 nr;
	DECLARE_BITMAP(map, 40);
	s32 added;
};

KSTATE_DEFINE(fz_root_v2, struct fz_root_v2,
	      KSTATE_NAME("fz_root"), KSTATE_VERSION(2),
	      KSTATE_U64(ident, KSTATE_ALIASES("id")),
	      KSTATE_STRUCT(leaf, fz_leaf),
	      KSTATE_STRUCT_ARRAY(two, fz_leaf),
	      KSTATE_PTR(ptr, fz_leaf),
	      KSTATE_LIST(nodes, fz_node, link),
	      KSTATE_XARRAY_VALUE(vals),
	      KSTATE_VARRAY(var, nr),
	      KSTATE_BITMAP(map, 40),
	      KSTATE_S32(added, KSTATE_SINCE(2), KSTATE_DEFAULT(-1)));

/*
 * What the restores of one input allocated, freed once each: objects a
 * pointer reaches may be shared between two restored objects.
 */
struct fz_freed {
	const void *p[4096];
	unsigned int n;
};

static void fz_free_once(struct fz_freed *f, const void *p)
{
	unsigned int i;

	if (!p)
		return;
	for (i = 0; i < f->n; i++)
		if (f->p[i] == p)
			return;
	if (f->n < ARRAY_SIZE(f->p))
		f->p[f->n++] = p;
	kfree(p);
}

#define FZ_RELEASE(T)							\
static void fz_release_##T(struct T *r, struct fz_freed *f)		\
{									\
	struct fz_node *n, *t;						\
									\
	fz_free_once(f, r->ptr);					\
	list_for_each_entry_safe(n, t, &r->nodes, link) {		\
		list_del(&n->link);					\
		fz_free_once(f, n);					\
	}								\
	xa_destroy(&r->vals);						\
	kvfree(r->var);							\
}
FZ_RELEASE(fz_root_v1)
FZ_RELEASE(fz_root_v2)

/* an empty object to restore into, its list and xarray initialised */
#define FZ_INIT(T, n)							\
static void fz_init_##n(struct T *r)					\
{									\
	memset(r, 0, sizeof(*r));					\
	INIT_LIST_HEAD(&r->nodes);					\
	xa_init(&r->vals);						\
}
FZ_INIT(fz_root_v1, v1)
FZ_INIT(fz_root_v2, v2)

#endif
