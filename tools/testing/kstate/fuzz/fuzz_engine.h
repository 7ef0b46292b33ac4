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

/*
 * The other kinds, in a second root type: an hlist, arrays of pointers,
 * pointers to one integer, arrays of structures, structures ending in a
 * flexible array (of structures, of integers, of bytes) reached by pointer,
 * a pointee restored in place (KSTATE_REUSE), an xarray of objects, pages
 * in both forms, a custom member that preserves a page and allocates,
 * members saved only for some objects (KSTATE_SAVE_IF) in a union, hooks.
 */
struct fz_ent {
	u16 cap;
	s32 word;
};

/* an entry's post_restore fails for one value: reported, kept */
static int fz_ent_post(void *obj, u32 writer_version)
{
	return ((struct fz_ent *)obj)->cap == 0xdead ? -EIO : 0;
}

static const struct kstate_ops fz_ent_ops = {
	.post_restore = fz_ent_post,
};

KSTATE_DEFINE(fz_ent, struct fz_ent,
	      KSTATE_OPS(&fz_ent_ops),
	      KSTATE_U16(cap),
	      KSTATE_S32(word));

struct fz_hnode {
	struct hlist_node hnode;
	u16 k;
	s64 big;
};

KSTATE_DEFINE(fz_hnode, struct fz_hnode,
	      KSTATE_U16(k),
	      KSTATE_S64(big));

struct fz_flex {
	u32 cfg[2];
	u16 nr;
	struct fz_ent ent[];
};

KSTATE_DEFINE(fz_flex, struct fz_flex,
	      KSTATE_UINT_ARRAY(cfg),
	      KSTATE_FLEX_ARRAY_STRUCT(ent, nr, fz_ent));

struct fz_flexint {
	u32 nr;
	s16 vals[];
};

KSTATE_DEFINE(fz_flexint, struct fz_flexint,
	      KSTATE_FLEX_ARRAY(vals, nr));

/* bytes: entries of a length byte and that many bytes, up to a zero */
struct fz_fbytes {
	u32 tag;
	u8 data[];
};

static size_t fz_fbytes_len(const void *obj)
{
	const struct fz_fbytes *b = obj;
	size_t i = 0;

	while (b->data[i])
		i += 1 + b->data[i];
	return i + 1;
}

KSTATE_DEFINE(fz_fbytes, struct fz_fbytes,
	      KSTATE_U32(tag),
	      KSTATE_FLEX_BYTES(data, fz_fbytes_len));

/*
 * A custom member: a page it preserves (its address first) and bytes it
 * allocates, freed by undo when the object's restore fails after it.
 */
struct fz_cu {
	struct page *pg;
	u8 *buf;
	u32 len;
};

#define FZ_CU_MAX	64

static size_t fz_cu_size(const void *obj, const void *m)
{
	return 8 + ((const struct fz_cu *)m)->len;
}

static int fz_cu_save(const void *obj, const void *m, void *buf, size_t len,
		      struct kstate_mem *mem)
{
	const struct fz_cu *cu = m;
	u64 phys = 0;
	int err;

	if (cu->pg) {
		err = kstate_custom_preserve(mem, cu->pg, 0, &phys);
		if (err)
			return err;
	}
	put_unaligned_le64(phys, buf);
	if (cu->len)
		memcpy(buf + 8, cu->buf, cu->len);
	return 0;
}

static int fz_cu_restore(void *obj, void *m, const void *buf, size_t len,
			 u32 writer_version, struct kstate_mem *mem)
{
	struct fz_cu *cu = m;
	u64 phys;

	cu->pg = NULL;
	cu->buf = NULL;
	cu->len = 0;
	if (!buf)
		return 0;
	if (len < 8 || len > 8 + FZ_CU_MAX)
		return -EINVAL;
	phys = get_unaligned_le64(buf);
	if (phys) {
		cu->pg = kstate_custom_restore(mem, phys, 0);
		if (!cu->pg)
			return -ENXIO;
	}
	cu->buf = kmemdup(buf + 8, len - 8 ?: 1, GFP_KERNEL);
	if (!cu->buf)
		return -ENOMEM;
	cu->len = len - 8;
	return 0;
}

static void fz_cu_undo(void *obj, void *m)
{
	struct fz_cu *cu = m;

	kfree(cu->buf);
	cu->buf = NULL;
}

static const struct kstate_custom_ops fz_cu_ops = {
	.size = fz_cu_size,
	.save = fz_cu_save,
	.restore = fz_cu_restore,
	.undo = fz_cu_undo,
};

/* the restore's tag: a blob of other objects is refused (KSTATE_MUST_MATCH) */
#define FZ_TAG		0x5a

#define FZ_MORE_MEMBERS(nslots)						\
	u8 tag;								\
	unsigned int disc:2;						\
	union {								\
		struct fz_ent *one;	/* disc 1 */			\
		struct fz_flexint *ints;	/* disc 2 */		\
	};								\
	struct hlist_head hl;						\
	struct fz_ent *slots[nslots];					\
	u32 *limit;							\
	struct fz_ent *ents;						\
	u16 nr_ents;							\
	struct fz_flex *flex;						\
	struct fz_fbytes *fb;						\
	struct fz_flex *kept;						\
	struct xarray objs;						\
	struct page *pages;						\
	void *ring;							\
	struct fz_cu cu;						\
	s16 sarr[3];							\
	u8 keep

struct fz_more_v1 {
	FZ_MORE_MEMBERS(3);
};

struct fz_more_v2 {
	FZ_MORE_MEMBERS(5);
	u8 nr_limit;
	s64 extra;
};

/*
 * The predicates and hooks read members of the common part: either
 * version's object is one of version 1's there.
 */
static bool fz_is_one(const void *obj)
{
	return ((const struct fz_more_v1 *)obj)->disc == 1;
}

static bool fz_is_ints(const void *obj)
{
	return ((const struct fz_more_v1 *)obj)->disc == 2;
}

/* hooks: the object must be one of ours; a version 1 writer is migrated */
static int fz_more_pre(void *obj, u32 writer_version)
{
	return ((struct fz_more_v1 *)obj)->tag == FZ_TAG ? 0 : -ESTALE;
}

static int fz_more_post(void *obj, u32 writer_version)
{
	return ((struct fz_more_v1 *)obj)->keep == 0xee ? -EIO : 0;
}

static int fz_more_post2(void *obj, u32 writer_version)
{
	struct fz_more_v2 *r = obj;

	if (writer_version == 1)
		r->extra = r->keep;
	return r->keep == 0xee ? -EIO : 0;
}

static const struct kstate_ops fz_more_ops = {
	.pre_restore = fz_more_pre,
	.post_restore = fz_more_post,
};

static const struct kstate_ops fz_more_ops2 = {
	.pre_restore = fz_more_pre,
	.post_restore = fz_more_post2,
};

KSTATE_DEFINE(fz_more_v1, struct fz_more_v1,
	      KSTATE_NAME("fz_more"),
	      KSTATE_OPS(&fz_more_ops),
	      KSTATE_U8(tag, KSTATE_MUST_MATCH),
	      KSTATE_BITFIELD(disc),
	      KSTATE_PTR(one, fz_ent, KSTATE_SAVE_IF(fz_is_one)),
	      KSTATE_PTR(ints, fz_flexint, KSTATE_SAVE_IF(fz_is_ints)),
	      KSTATE_HLIST(hl, fz_hnode, hnode),
	      KSTATE_PTR_ARRAY(slots, fz_ent),
	      KSTATE_INT_PTR(limit),
	      KSTATE_VARRAY_STRUCT(ents, nr_ents, fz_ent),
	      KSTATE_PTR(flex, fz_flex),
	      KSTATE_PTR(fb, fz_fbytes),
	      KSTATE_PTR(kept, fz_flex, KSTATE_REUSE),
	      KSTATE_XARRAY(objs, fz_ent, KSTATE_XA_FLAGS(XA_FLAGS_ALLOC)),
	      KSTATE_PAGES(pages, 1),
	      KSTATE_PAGES_VIRT(ring, 0),
	      KSTATE_CUSTOM(cu, &fz_cu_ops),
	      KSTATE_SINT_ARRAY(sarr),
	      KSTATE_U8(keep, KSTATE_KEEP));

/*
 * version 2: more slots, the integer pointer read as a counted array, the
 * byte structure dropped (read from older writers only), a field added
 */
KSTATE_DEFINE(fz_more_v2, struct fz_more_v2,
	      KSTATE_NAME("fz_more"), KSTATE_VERSION(2), KSTATE_MIN_VERSION(1),
	      KSTATE_OPS(&fz_more_ops2),
	      KSTATE_U8(tag, KSTATE_MUST_MATCH),
	      KSTATE_BITFIELD(disc),
	      KSTATE_PTR(one, fz_ent, KSTATE_SAVE_IF(fz_is_one)),
	      KSTATE_PTR(ints, fz_flexint, KSTATE_SAVE_IF(fz_is_ints)),
	      KSTATE_HLIST(hl, fz_hnode, hnode),
	      KSTATE_PTR_ARRAY(slots, fz_ent),
	      KSTATE_VARRAY(limit, nr_limit),
	      KSTATE_VARRAY_STRUCT(ents, nr_ents, fz_ent),
	      KSTATE_PTR(flex, fz_flex),
	      KSTATE_PTR(fb, fz_fbytes, KSTATE_UNTIL(2)),
	      KSTATE_PTR(kept, fz_flex, KSTATE_REUSE),
	      KSTATE_XARRAY(objs, fz_ent, KSTATE_XA_FLAGS(XA_FLAGS_ALLOC)),
	      KSTATE_PAGES(pages, 1),
	      KSTATE_PAGES_VIRT(ring, 0),
	      KSTATE_CUSTOM(cu, &fz_cu_ops),
	      KSTATE_SINT_ARRAY(sarr),
	      KSTATE_U8(keep, KSTATE_KEEP),
	      KSTATE_S64(extra, KSTATE_SINCE(2), KSTATE_OPTIONAL,
			 KSTATE_DEFAULT(-3)));

/*
 * A stand-in backend: pages are never touched, so an address is a fake
 * page pointer and back; what a restore takes back is not freed.
 */
static int fz_mem_preserve(struct page *page, unsigned int order, u64 *phys)
{
	*phys = (u64)(uintptr_t)page ^ 0x5000;
	return 0;
}

static struct page *fz_mem_restore(u64 phys, unsigned int order)
{
	return phys & 0xfff ? NULL : (struct page *)(uintptr_t)(phys ^ 0x5000);
}

static const struct kstate_mem_ops fz_mem_ops = {
	.preserve = fz_mem_preserve,
	.restore = fz_mem_restore,
};

/*
 * The pointee each object has before its restore (KSTATE_REUSE): not the
 * object's to free; a restore that replaced it allocated the other.
 */
#define FZ_KEPT_SIZE	(sizeof(struct fz_flex) + 2 * sizeof(struct fz_ent))
static u8 fz_kept[16][FZ_KEPT_SIZE] __aligned(8);

/* freed once, unless it is one of the pointees above (shared with another field) */
static void fz_free_more(struct fz_freed *f, const void *p)
{
	if ((const u8 *)p < (const u8 *)fz_kept ||
	    (const u8 *)p >= (const u8 *)fz_kept + sizeof(fz_kept))
		fz_free_once(f, p);
}

#define FZ_MORE(T, n)							\
static void fz_init_##n(struct T *r, unsigned int i)			\
{									\
	memset(r, 0, sizeof(*r));					\
	r->tag = FZ_TAG;						\
	INIT_HLIST_HEAD(&r->hl);					\
	xa_init_flags(&r->objs, XA_FLAGS_ALLOC);			\
	memset(fz_kept[i], 0, FZ_KEPT_SIZE);				\
	r->kept = (struct fz_flex *)fz_kept[i];				\
	r->kept->nr = 2;						\
}									\
									\
static void fz_release_##n(struct T *r, struct fz_freed *f)		\
{									\
	struct fz_hnode *h;						\
	struct hlist_node *t;						\
	struct fz_ent *e;						\
	unsigned long idx;						\
	unsigned int j;							\
									\
	fz_free_more(f, r->one);					\
	hlist_for_each_entry_safe(h, t, &r->hl, hnode) {		\
		hlist_del(&h->hnode);					\
		fz_free_more(f, h);					\
	}								\
	for (j = 0; j < ARRAY_SIZE(r->slots); j++)			\
		fz_free_more(f, r->slots[j]);				\
	kfree(r->limit);						\
	kfree(r->ents);							\
	fz_free_more(f, r->flex);					\
	fz_free_more(f, r->fb);						\
	fz_free_more(f, r->kept);					\
	xa_for_each(&r->objs, idx, e)					\
		fz_free_more(f, e);					\
	xa_destroy(&r->objs);						\
	kfree(r->cu.buf);						\
}
FZ_MORE(fz_more_v1, more_v1)
FZ_MORE(fz_more_v2, more_v2)

#endif
