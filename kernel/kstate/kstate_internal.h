/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KSTATE internal header, shared by the files of kernel/kstate/:
 *
 *   blob.c      validate a blob and look things up in it; byte buffers
 *   type.c      check descriptors
 *   outgoing.c  the writer's set of registered objects
 *   save.c      encode a set of objects into a blob
 *   plan.c      resolve a writer's type against a reader's: a plan
 *   restore.c   decode objects by key, following a plan; commit or undo
 *   dump.c      every text dump: blobs, type catalogs, restore status
 *   registry.c  the global registry (locked wrappers)
 *   kho.c       the handover backend; debugfs.c its debugfs files
 *   envelope.c  the handover envelope: build it, check what arrives
 *
 * blob.c to dump.c, and envelope.c, are environment-neutral: the
 * userspace harness in tools/testing/kstate/ builds the very same files
 * against stand-ins of the kernel headers they include. They take no locks: a &struct
 * kstate_out or &struct kstate_in is used by one caller at a time.
 *
 * Locks, in the order they nest:
 *   handover_lock (kho.c)     the outgoing handover: one save at a time
 *   kstate_lock (registry.c)  the global outgoing set and incoming state
 *   handover_in_lock (kho.c)  the pages taken back from KHO (mem ops)
 */
#ifndef _KERNEL_KSTATE_INTERNAL_H
#define _KERNEL_KSTATE_INTERNAL_H

#include <linux/crc32.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kho/abi/kstate.h>
#include <linux/kstate.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/rbtree.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/unaligned.h>
#include <linux/xarray.h>

/* Hard limits on what a blob may declare, against hostile input. */
#define KSTATE_MAX_TYPES	1024
#define KSTATE_MAX_FIELDS	65536
#define KSTATE_MAX_TYPE_FIELDS	256		/* fields of one type */
#define KSTATE_MAX_DEPTH	16		/* structures nested in structures */
#define KSTATE_MAX_FIXED	SZ_1M		/* fixed part of one record */
#define KSTATE_MAX_COUNT	SZ_1M		/* elements of one fixed array */
#define KSTATE_MAX_ELEMS	SZ_64M		/* elements of one tail reference */

/**
 * struct kstate_blob_obj - where an object of an opened blob is
 * @off: offset of its record from the start of the data section.
 * @len: size of the record.
 * @type: index of its type in the blob's type table.
 */
struct kstate_blob_obj {
	u64 off;
	u32 len;
	u32 type;
};

/**
 * struct kstate_blob - a validated incoming blob
 * @base: first byte of the blob.
 * @size: its size.
 * @strings: the string section; every name offset was checked to point to
 *	a NUL-terminated string inside it.
 * @strings_len: size of the string section.
 * @types: the type table.
 * @nr_types: entries in @types.
 * @fields: the field table.
 * @nr_fields: entries in @fields.
 * @keyed: the keyed part of the object table, @nr_keyed entries.
 * @anon: the anonymous part, @nr_objects - @nr_keyed entries.
 * @nr_objects: objects in the blob.
 * @nr_keyed: keyed objects, the first of them.
 * @data: the record data.
 * @data_len: its size.
 * @fixed: fixed-part size of each type, computed from its fields.
 * @first_keyed: per type, the index of its first keyed object, and
 *	@nr_keyed after the last type: type t's keyed objects are
 *	[@first_keyed[t], @first_keyed[t + 1]).
 * @objs: per object, its type and where its record is, computed from the
 *	object table (every record checked to lie inside the data).
 */
struct kstate_blob {
	const u8 *base;
	size_t size;
	const char *strings;
	u64 strings_len;
	const struct kstate_type_ser *types;
	u32 nr_types;
	const struct kstate_field_ser *fields;
	u32 nr_fields;
	const struct kstate_keyed_ser *keyed;
	const struct kstate_anon_ser *anon;
	u32 nr_objects;
	u32 nr_keyed;
	const u8 *data;
	u64 data_len;
	u32 *fixed;
	u32 *first_keyed;
	struct kstate_blob_obj *objs;
};

int kstate_blob_open(struct kstate_blob *b, const void *blob, size_t size);
void kstate_blob_release(struct kstate_blob *b);
int kstate_blob_find(const struct kstate_blob *b, u32 type, u64 key);
int kstate_blob_find_type(const struct kstate_blob *b, const char *name);
/* called with the physical address and order of preserved pages */
typedef void (*kstate_pages_fn_t)(u64 phys, u32 order, void *arg);
void kstate_blob_walk_pages(const struct kstate_blob *b, u32 id,
			    kstate_pages_fn_t fn, void *arg);
u32 kstate_wire_elem(u8 kind, u32 size);

#define KSTATE_KIND_NR		(KSTATE_KIND_XARRAY + 1)
#define KSTATE_KF_INT		0x01	/* integers and bools convert */
#define KSTATE_KF_SIZED		0x02	/* wire element: the field's size */
#define KSTATE_KF_TYPED		0x04	/* refers to a described type */
#define KSTATE_KF_TAIL		0x08	/* a reference into the record's tail */
#define KSTATE_KF_ELEMS		0x10	/* has an element kind */

/**
 * struct kstate_kind_info - what the engine knows of one kind
 * @name: its name in dumps; NULL for an unknown kind.
 * @wire: wire size of one element, unless %KSTATE_KF_SIZED (or STRUCT:
 *	the fixed part of its type).
 * @flags: KSTATE_KF_* flags.
 */
struct kstate_kind_info {
	const char *name;
	u8 wire;
	u8 flags;
};

const struct kstate_kind_info *kstate_kind(u8 kind);
const char *kstate_blob_aliases(const struct kstate_blob *b,
				const struct kstate_field_ser *f);

static inline const char *kstate_blob_str(const struct kstate_blob *b, u32 off)
{
	return b->strings + off;
}

/* Type index, key (0 if anonymous), record and record size of object @id. */
static inline u32 kstate_blob_obj_type(const struct kstate_blob *b, u32 id)
{
	return b->objs[id].type;
}

static inline u64 kstate_blob_obj_key(const struct kstate_blob *b, u32 id)
{
	return id < b->nr_keyed ? le64_to_cpu(b->keyed[id].key) : 0;
}

static inline const u8 *kstate_blob_rec(const struct kstate_blob *b, u32 id)
{
	return b->data + b->objs[id].off;
}

static inline u32 kstate_blob_rec_len(const struct kstate_blob *b, u32 id)
{
	return b->objs[id].len;
}

static inline const struct kstate_field_ser *
kstate_blob_field(const struct kstate_blob *b, u32 type, u32 i)
{
	return &b->fields[le32_to_cpu(b->types[type].first_field) + i];
}

/**
 * struct kstate_buf - a growable output buffer
 * @p: the bytes.
 * @len: bytes used.
 * @cap: bytes allocated.
 */
struct kstate_buf {
	u8 *p;
	size_t len;
	size_t cap;
};

int kstate_buf_grow(struct kstate_buf *b, size_t n);
void kstate_buf_free(struct kstate_buf *b);

/* Make room for @n more bytes at the end. */
static inline int kstate_buf_reserve(struct kstate_buf *b, size_t n)
{
	if (n <= b->cap - b->len)
		return 0;
	if (n > SIZE_MAX - b->len)
		return -ENOMEM;
	return kstate_buf_grow(b, b->len + n);
}

/* Append @n zeroed bytes aligned to @align; return their offset or -errno. */
static inline long kstate_buf_add(struct kstate_buf *b, size_t n, size_t align)
{
	size_t off = ALIGN(b->len, align);
	int err;

	if (n > SIZE_MAX - off)
		return -ENOMEM;
	if (off + n > b->cap) {
		err = kstate_buf_grow(b, off + n);
		if (err)
			return err;
	}
	memset(b->p + b->len, 0, off + n - b->len);
	b->len = off + n;
	return off;
}

/* Are wire integers the CPU's own (same size), so that copies do? */
static inline bool kstate_le_native(void)
{
	return __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
}

/* Little-endian integers of 1, 2, 4 or 8 bytes on the wire. */
static inline u64 kstate_get_le(const void *p, unsigned int size)
{
	switch (size) {
	case 1:
		return *(const u8 *)p;
	case 2:
		return get_unaligned_le16(p);
	case 4:
		return get_unaligned_le32(p);
	default:
		return get_unaligned_le64(p);
	}
}

static inline void kstate_put_le(void *p, unsigned int size, u64 v)
{
	switch (size) {
	case 1:
		*(u8 *)p = v;
		break;
	case 2:
		put_unaligned_le16(v, p);
		break;
	case 4:
		put_unaligned_le32(v, p);
		break;
	default:
		put_unaligned_le64(v, p);
		break;
	}
}

/* Native integers of 1, 2, 4 or 8 bytes in a C structure. */
static inline u64 kstate_get_int(const void *p, unsigned int size, bool sgn)
{
	switch (size) {
	case 1:
		return sgn ? (u64)(s64)*(const s8 *)p : *(const u8 *)p;
	case 2:
		return sgn ? (u64)(s64)*(const s16 *)p : *(const u16 *)p;
	case 4:
		return sgn ? (u64)(s64)*(const s32 *)p : *(const u32 *)p;
	default:
		return *(const u64 *)p;
	}
}

static inline void kstate_put_int(void *p, unsigned int size, u64 v)
{
	switch (size) {
	case 1:
		*(u8 *)p = v;
		break;
	case 2:
		*(u16 *)p = v;
		break;
	case 4:
		*(u32 *)p = v;
		break;
	default:
		*(u64 *)p = v;
		break;
	}
}

/* Sign-extend the low @size bytes of @v. */
static inline u64 kstate_sext(u64 v, unsigned int size)
{
	unsigned int shift = 64 - 8 * size;

	return shift ? (u64)((s64)(v << shift) >> shift) : v;
}

/* Does @v (signed if @sgn) fit an integer of @size bytes, signed if @dsgn? */
static inline bool kstate_int_fits(u64 v, bool sgn, unsigned int size, bool dsgn)
{
	unsigned int bits = 8 * size;

	if (sgn && (s64)v < 0) {
		if (!dsgn)
			return false;
		return bits == 64 || (s64)v >= -((s64)1 << (bits - 1));
	}
	if (dsgn)
		return bits == 64 ? v <= S64_MAX : v < ((u64)1 << (bits - 1));
	return bits == 64 || v < ((u64)1 << bits);
}

/* ------------------------------------------------------------------ */
/* Descriptors (type.c)                                                */
/* ------------------------------------------------------------------ */

/* Is field @f part of version @version of its type? */
static inline bool kstate_field_alive(const struct kstate_field *f,
				      u32 version)
{
	return f->since <= version && (!f->until || version < f->until);
}

int kstate_type_check(const struct kstate_type *t);
size_t kstate_field_extent(const struct kstate_field *f);
bool kstate_fields_overlap(const struct kstate_field *a,
			   const struct kstate_field *b);
const struct kstate_field *kstate_type_flex(const struct kstate_type *t);
bool kstate_field_comparable(const struct kstate_field *f);

/**
 * struct kstate_bits - a bitfield, as kstate_bitfield_probe() found it
 * @off: offset of the window of @load bytes that holds its bits.
 * @load: 1, 2, 4 or 8; 0: reached through its accessors only.
 * @shift: its lowest bit in the little-endian integer of the window.
 * @width: its bits.
 * @kind: its wire kind, %KSTATE_KIND_UINT or %KSTATE_KIND_SINT.
 * @size: its wire size: the smallest of 1, 2, 4 and 8 bytes that holds it.
 */
struct kstate_bits {
	u32 off;
	u8 load;
	u8 shift;
	u8 width;
	u8 kind;
	u32 size;
};

/*
 * Test builds check every compiled step (a run of copies, a group of
 * bitfields) of the saves and restores KUnit tests make against the
 * interpreter, field by field with the accessors: both must give the same
 * bytes, or the save or restore fails (-EILSEQ). Other saves and restores
 * (the handover's) run unchecked.
 */
struct kstate_crosscheck {
	u64 checked;
	u64 differ;
};

#if IS_ENABLED(CONFIG_KSTATE_KUNIT_TEST)
#include <kunit/test-bug.h>
#define KSTATE_CROSSCHECK
extern struct kstate_crosscheck kstate_crosscheck;
#define kstate_crosschecking()	(!!kunit_get_current_test())
#else
#define kstate_crosschecking()	false
#endif

/* Count one check of a compiled step; return @differ. */
static inline bool kstate_crosscheck_note(bool differ)
{
#ifdef KSTATE_CROSSCHECK
	kstate_crosscheck.checked++;
	kstate_crosscheck.differ += differ;
#endif
	return differ;
}

int kstate_bitfield_probe(const struct kstate_type *t,
			  const struct kstate_field *f, u8 *probe,
			  struct kstate_bits *b);

/* The value of bitfield @b in @word, its window (sign-extended if signed). */
static inline u64 kstate_bits_val(const struct kstate_bits *b, u64 word)
{
	word <<= 64 - b->shift - b->width;
	if (b->kind == KSTATE_KIND_SINT)
		return (u64)((s64)word >> (64 - b->width));
	return word >> (64 - b->width);
}

/*
 * Flags: single bits as bytes. Up to 8 one-bit bitfields, next to each
 * other in the object and each saved as one byte next to each other on
 * the wire, the most common case by far, are moved at once: bits 0..7 of
 * @x to bytes 0..7 (each 0 or 1), and back.
 */
#define KSTATE_BYTE_LSBS	0x0101010101010101ULL

static inline u64 kstate_bits_spread(u64 x)
{
	u64 t = ((x & 0xff) * KSTATE_BYTE_LSBS) & 0x8040201008040201ULL;

	return ((t + 0x7f7f7f7f7f7f7f7fULL) & 0x8080808080808080ULL) >> 7;
}

/* The @n bytes (1 to 8) at @p, as a little-endian integer. */
static inline u64 kstate_get_bytes(const u8 *p, unsigned int n)
{
	u64 v = 0;

	if (n == 8)
		return get_unaligned_le64(p);
	if (n & 4)
		v = get_unaligned_le32(p);
	if (n & 2)
		v |= (u64)get_unaligned_le16(p + (n & 4)) << 8 * (n & 4);
	if (n & 1)
		v |= (u64)p[n & 6] << 8 * (n & 6);
	return v;
}

/* Store the low @n bytes (1 to 8) of @v at @p, little-endian. */
static inline void kstate_put_bytes(u8 *p, unsigned int n, u64 v)
{
	if (n == 8) {
		put_unaligned_le64(v, p);
		return;
	}
	if (n & 4)
		put_unaligned_le32(v, p);
	if (n & 2)
		put_unaligned_le16(v >> 8 * (n & 4), p + (n & 4));
	if (n & 1)
		p[n & 6] = v >> 8 * (n & 6);
}

/* Bytes 0..7 of @t, each 0 or 1, as bits 0..7. */
static inline u64 kstate_bits_gather(u64 t)
{
	return (t * 0x0102040810204080ULL) >> 56;
}

/*
 * @word, its window, with bitfield @b set to @v; false if @v does not fit
 * (as the accessor's -ERANGE).
 */
static inline bool kstate_bits_put(const struct kstate_bits *b, u64 *word,
				   u64 v)
{
	u64 mask = ~0ULL >> (64 - b->width);

	unsigned int up = 64 - b->width;

	if (b->kind == KSTATE_KIND_SINT ? (u64)((s64)(v << up) >> up) != v :
	    v > mask)
		return false;
	*word = (*word & ~(mask << b->shift)) | ((v & mask) << b->shift);
	return true;
}

int kstate_grow_array(void **arr, u32 *cap, u32 need, size_t esize);

/* ------------------------------------------------------------------ */
/* Writer (outgoing.c, save.c)                                         */
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

/* ------------------------------------------------------------------ */
/* Reader (plan.c, restore.c)                                          */
/* ------------------------------------------------------------------ */

enum kstate_opcode {
	OP_INT,		/* integers and bools, any width and sign */
	OP_BITFIELD,
	OP_BYTES,
	OP_STRING,
	OP_STRUCT,
	OP_PTR,
	OP_PTR_REUSE,	/* KSTATE_REUSE pointers */
	OP_VARRAY,
	OP_LIST,
	OP_CUSTOM,
	OP_PAGES,
	OP_XARRAY,
	OP_DEFAULT,	/* reader field the writer did not have: default */
	OP_COND,	/* writer field saved for some objects: @inner if there */
};

#define OPF_SSIGN	0x01	/* writer's integer is signed */
#define OPF_DSIGN	0x02	/* reader's integer is signed */
#define OPF_DBOOL	0x04	/* reader's member is a bool */
#define OPF_COPY	0x08	/* same integer size and sign: a plain copy */

/**
 * struct kstate_op - one step of a plan: fill one reader field
 * @op: &enum kstate_opcode, what dec_op() dispatches on.
 * @inner: the opcode that decodes the field: @op, but for %OP_COND.
 * @flags: OPF_* flags.
 * @ssize: writer's element size (integers, bytes, strings, int VARRAYs).
 * @dsize: reader's element size.
 * @soff: offset of the writer's field in the writer's fixed part.
 * @scount: writer's element count.
 * @sstride: wire size of one writer element (STRUCT: its fixed part).
 * @stype: the writer field's type index (STRUCT, PTR, LIST, VARRAY).
 * @wfield: index of the writer's field in its type.
 * @w: the writer's field.
 * @f: the reader's field.
 * @sub: STRUCT, VARRAY of structures: the plan of the element type.
 * @wversion: CUSTOM: the writer's version of the type.
 * @run: 0, or bytes of a plain copy from the record that decode this op
 *	and the @span - 1 following ones (see plan_runs()).
 * @span: ops decoded by @run.
 * @nbits: 0, or the number of %OP_BITFIELD ops from this one on that
 *	write the same window of the object (see plan_runs()).
 * @bflags: those @nbits ops (8 at most) are one-bit flags, decoded at
 *	once by kstate_bits_gather().
 * @bits: a bitfield's place, if @bits.load (else its accessors).
 * @group: 0, or the reader field shares bytes of the object with others
 *	(members of a union): 1 + the index of the first op of that union
 *	(see plan_unions()).
 */
struct kstate_op {
	u8 op;
	u8 inner;
	u8 flags;
	u32 ssize;
	u32 dsize;
	u32 soff;
	u32 scount;
	u32 sstride;
	u32 stype;
	u32 wfield;
	const struct kstate_field_ser *w;
	const struct kstate_field *f;
	struct kstate_plan *sub;
	u32 wversion;
	u32 run;
	u32 span;
	u32 nbits;
	bool bflags;
	struct kstate_bits bits;
	u16 group;
};

/**
 * struct kstate_commit - one step of copying described members to an object
 * @off: offset in the object.
 * @len: bytes to copy.
 * @mask: 0, or the bits of the one byte at @off to copy (bitfields that
 *	share it with members not described).
 */
struct kstate_commit {
	u32 off;
	u32 len;
	u8 mask;
};

/**
 * struct kstate_mem - what a custom field's callbacks reach memory through
 * @ops: the backend's memory operations, or NULL.
 * @dec: restore only: the restore call, which takes back what it records
 *	if it fails.
 */
struct kstate_mem {
	const struct kstate_mem_ops *ops;
	void *dec;
};

/**
 * struct kstate_refuse - a writer field whose presence refuses an object
 * @off: offset of its presence byte in the writer's fixed part.
 * @name: its name, in the blob's string section.
 */
struct kstate_refuse {
	u32 off;
	const char *name;
};

/**
 * struct kstate_plan - how to restore a reader type from a writer type
 * @next: next plan for the same writer type (another reader type).
 * @type: the reader type.
 * @err: 0, or why this reader type refuses the writer's type.
 * @identical: same version and same fields: no conversion at all.
 * @must_match: a KSTATE_MUST_MATCH field, here or in an embedded
 *	structure.
 * @pre_restore: the reader type's pre_restore hook, or NULL.
 * @flex: the reader type's flexible array member, if alive in its
 *	version, or NULL.
 * @flex_op: the op of @flex.
 * @wversion: the writer's version of the type.
 * @commit: how to copy the members of the reader type's version from a
 *	scratch copy to the object, and only those.
 * @nr_commit: entries in @commit.
 * @refuse: writer fields that are critical, unknown to the reader and
 *	saved for some objects only (%KSTATE_FIELD_COND): an object whose
 *	record has one is refused, the others restore.
 * @nr_refuse: entries in @refuse.
 * @nr_ops: entries in @ops.
 * @ops: one op per reader field alive in the reader's version.
 */
struct kstate_plan {
	struct kstate_plan *next;
	const struct kstate_type *type;
	int err;
	bool identical;
	bool must_match;
	int (*pre_restore)(void *obj, u32 writer_version);
	const struct kstate_field *flex;
	const struct kstate_op *flex_op;
	u32 wversion;
	struct kstate_commit *commit;
	u32 nr_commit;
	struct kstate_refuse *refuse;
	u32 nr_refuse;
	u32 nr_ops;
	struct kstate_op ops[] __counted_by(nr_ops);
};

/* &kstate_in.status of a keyed object, besides 0 (not yet) and -errno */
#define KSTATE_RESTORED		1
#define KSTATE_RELEASED		2

/**
 * struct kstate_slot - where an object of the blob was restored (the memo)
 * @obj: the object in this kernel, or NULL while not restored.
 * @type: the reader type it was restored as.
 * @owner: for an anonymous object, the keyed object whose restore
 *	allocated it.
 * @linked: it is linked into a restored list.
 * @done: a restore committed it (it may have been released since): its
 *	preserved pages were claimed.
 */
struct kstate_slot {
	void *obj;
	const struct kstate_type *type;
	u32 owner;
	bool linked;
	bool done;
};

/**
 * struct kstate_fixup - a pointer to a keyed object not restored yet
 * @next: next fixup waiting for the same object.
 * @slot: the pointer member to set when the object is restored.
 * @type: the reader type the member points to.
 * @id: the keyed object it points to.
 * @owner: the keyed object whose restore made the pointer (@slot lies in
 *	it or in an object allocated for it).
 */
struct kstate_fixup {
	struct kstate_fixup *next;
	void **slot;
	const struct kstate_type *type;
	u32 id;
	u32 owner;
};

/**
 * struct kstate_in - an incoming blob being restored
 * @b: the validated blob.
 * @plans: per writer type, the plans computed so far.
 * @slots: per object, where it was restored (the memo of shared objects).
 * @status: per keyed object: 0 not yet restored, %KSTATE_RESTORED,
 *	%KSTATE_RELEASED (restored, then released by its owner), or -errno.
 * @waiting: per keyed object, the pointers to it made before its restore,
 *	set at its commit; allocated with the first such pointer.
 * @stats: counters.
 * @mem: the backend that hands preserved pages back, or NULL.
 * @last_type: the reader type looked up last, or NULL.
 * @last_wtype: its index in the blob's type table.
 * @next: the keyed object after the one found last: objects are usually
 *	restored in the order they were saved.
 * @scratch: the scratch copy of restore calls, reused.
 * @scratch_size: its size.
 * @scratch_busy: @scratch is in use (a restore called from a restore).
 * @spare: the arrays a restore call grows (objects allocated, objects to
 *	decode, list heads built), kept for the next call, as @scratch is;
 *	&struct kstate_spare.
 */
struct kstate_in {
	struct kstate_blob b;
	struct kstate_plan **plans;
	struct kstate_slot *slots;
	int *status;
	struct kstate_fixup **waiting;
	struct kstate_in_stats stats;
	const struct kstate_mem_ops *mem;
	const struct kstate_type *last_type;
	u32 last_wtype;
	u32 next;
	u8 *scratch;
	size_t scratch_size;
	bool scratch_busy;
	struct kstate_spare {
		void *allocs, *queue, *heads;
		u32 cap_allocs, cap_queue, cap_heads;
	} spare;
};

struct kstate_plan *kstate_plan_get(struct kstate_in *in, u32 wtype,
				    const struct kstate_type *type);
void kstate_plans_empty(struct kstate_in *in);
void kstate_plans_free(struct kstate_in *in);

/* ------------------------------------------------------------------ */
/* Text (dump.c)                                                       */
/* ------------------------------------------------------------------ */

__printf(2, 3) int kstate_buf_printf(struct kstate_buf *o, const char *fmt,
				     ...);
int kstate_dump_blob(const struct kstate_blob *b, const int *status,
		     struct kstate_buf *o);
int kstate_dump_type(const struct kstate_type *t, struct kstate_buf *o);
long kstate_field_flag(const char *name);
const char *kstate_field_flag_name(unsigned int i, size_t *off);
int kstate_in_dump(struct kstate_in *in, struct kstate_buf *o);
int kstate_out_dump_schema(struct kstate_out *out, struct kstate_buf *o);

/* ------------------------------------------------------------------ */
/* The global registry's side of the handover backend (registry.c)    */
/* ------------------------------------------------------------------ */

void kstate_set_dry_ops(const struct kstate_mem_ops *dry);
int kstate_save_with(const struct kstate_mem_ops *mem, void **blob,
		     size_t *size);
int kstate_dump_schema(struct kstate_buf *o);
int kstate_dump_outgoing(struct kstate_buf *o);
int kstate_dump_incoming(struct kstate_buf *o, bool raw);

#endif /* _KERNEL_KSTATE_INTERNAL_H */
