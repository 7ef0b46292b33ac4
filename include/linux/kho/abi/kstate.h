/* SPDX-License-Identifier: GPL-2.0 */

/**
 * DOC: KSTATE blob ABI
 *
 * KSTATE passes the state of registered kernel objects from a pre-update
 * kernel to a post-update kernel in one self-describing blob. The layout
 * defined below is a contract between two kernels that may be of different
 * versions, and between a kernel and host tools: it uses only fixed-width
 * little-endian integers, never kernel pointers, and every structure has a
 * size asserted at build time. This header includes nothing but
 * ``<linux/types.h>``-level headers so that host tools can include it.
 *
 * The @format field of &struct kstate_hdr_ser is the one integer version of
 * this layout, %KSTATE_FORMAT_VERSION. A reader refuses a blob whose format
 * it does not know; any change to the layout of a structure in this file, or
 * to the meaning of a kind or flag value, requires a new format number.
 * Changes to the state of a subsystem never do: those are described by the
 * type descriptions the blob carries and resolved by the reader, field by
 * field, by name.
 *
 * Layout (all offsets in bytes from the start of the blob; sections start
 * 8-byte aligned, records and table entries need no alignment)::
 *
 *   struct kstate_hdr_ser               header, offset 0
 *   u8 data[]                           object records, back to back
 *   char strings[]                      NUL-terminated names
 *   struct kstate_type_ser types[]      the writer's type descriptions
 *   struct kstate_field_ser fields[]    their fields, type by type
 *   struct kstate_keyed_ser keyed[]     the object table: keyed objects,
 *   struct kstate_anon_ser anon[]       then anonymous ones
 *
 * A reader finds each section through the header, not through this order.
 *
 * Objects: the object table is @nr_keyed entries &struct kstate_keyed_ser,
 * the registered (keyed) objects, followed by @nr_objects - @nr_keyed
 * entries &struct kstate_anon_ser, the anonymous objects, reached only
 * through pointers, lists or xarrays of other objects. Keyed objects are
 * grouped by type, the groups in type table order, &struct
 * kstate_type_ser.nr_keyed entries per type, and sorted by strictly
 * increasing key within a group, so that a reader finds one by binary
 * search; their type is their group's. An object is referenced on the wire
 * by its table index plus one (0 means NULL); this is how shared and cyclic
 * references survive the handover.
 *
 * Records: the records of the objects lie back to back in the data section,
 * in object table order, without padding: the record of object i starts
 * where the record of object i - 1 ends, at the sum of the lengths of the
 * records before it, and the lengths add up to @data_len exactly.
 *
 * The record of an object of type T starts with T's fixed part, the
 * concatenation of the wire encodings of T's fields in table order (sizes
 * below), followed by the record's tail, where variable-sized data lives. A
 * field that refers to the tail stores a &struct kstate_ref_ser; offsets in
 * it are relative to the start of the record, and the referenced bytes lie
 * inside the record.
 *
 * Wire size of one element of a field, by kind:
 *
 * - %KSTATE_KIND_UINT, %KSTATE_KIND_SINT: @size bytes, little endian;
 * - %KSTATE_KIND_BOOL: 1 byte, 0 or 1;
 * - %KSTATE_KIND_BYTES, %KSTATE_KIND_STRING: @size bytes (a string is
 *   NUL-terminated within them);
 * - %KSTATE_KIND_STRUCT: the fixed part of the field's type;
 * - %KSTATE_KIND_PTR: 4 bytes, an object reference;
 * - %KSTATE_KIND_VARRAY, %KSTATE_KIND_LIST, %KSTATE_KIND_CUSTOM,
 *   %KSTATE_KIND_XARRAY: a &struct kstate_ref_ser, 8 bytes, to @count
 *   elements of @elem_kind and @size (VARRAY), @count object references
 *   (LIST), @count bytes (CUSTOM) or @count &struct kstate_xa_entry_ser
 *   (XARRAY);
 * - %KSTATE_KIND_PAGES: a &struct kstate_pages_ser, 16 bytes.
 *
 * A field has @count such elements in the fixed part (a fixed array when
 * @count > 1), after a presence byte if it is %KSTATE_FIELD_COND.
 *
 * The header's CRC32C covers every byte after the header, up to @size.
 *
 * Format 1 is the first: no blob of an earlier layout was ever handed over,
 * so changes made before its first release kept the number.
 */

#ifndef _LINUX_KHO_ABI_KSTATE_H
#define _LINUX_KHO_ABI_KSTATE_H

#include <linux/build_bug.h>
#include <linux/types.h>

/* "KSTA" in little-endian byte order */
#define KSTATE_MAGIC		0x4154534bU
#define KSTATE_FORMAT_VERSION	1

/* Name of the KHO subtree that carries the KSTATE envelope. */
#define KSTATE_KHO_NODE		"kstate"

/* Reference to no type, or to no object. */
#define KSTATE_NONE		0xffffffffU

/**
 * enum kstate_kind - kind of a field, on the wire and in descriptors
 * @KSTATE_KIND_UINT: unsigned integer of 1, 2, 4 or 8 bytes.
 * @KSTATE_KIND_SINT: signed (two's complement) integer of 1, 2, 4 or 8 bytes.
 * @KSTATE_KIND_BOOL: boolean.
 * @KSTATE_KIND_BYTES: fixed-size byte blob.
 * @KSTATE_KIND_STRING: NUL-terminated string in a fixed-size char array.
 * @KSTATE_KIND_STRUCT: embedded structure of a described type.
 * @KSTATE_KIND_PTR: pointer to an object of a described type.
 * @KSTATE_KIND_VARRAY: variable array: a pointer member and a count member.
 * @KSTATE_KIND_LIST: list of objects of a described type.
 * @KSTATE_KIND_CUSTOM: bytes produced and consumed by callbacks.
 * @KSTATE_KIND_PAGES: memory preserved in place by the handover.
 * @KSTATE_KIND_XARRAY: xarray of objects of a described type (@elem_kind
 *	%KSTATE_KIND_PTR) or of integer values (@elem_kind %KSTATE_KIND_UINT).
 */
enum kstate_kind {
	KSTATE_KIND_UINT	= 1,
	KSTATE_KIND_SINT	= 2,
	KSTATE_KIND_BOOL	= 3,
	KSTATE_KIND_BYTES	= 4,
	KSTATE_KIND_STRING	= 5,
	KSTATE_KIND_STRUCT	= 6,
	KSTATE_KIND_PTR		= 7,
	KSTATE_KIND_VARRAY	= 8,
	KSTATE_KIND_LIST	= 9,
	KSTATE_KIND_CUSTOM	= 10,
	KSTATE_KIND_PAGES	= 11,
	KSTATE_KIND_XARRAY	= 12,
};

/*
 * Field flags. A reader that does not know a field marked
 * KSTATE_FIELD_CRITICAL (must-understand) refuses objects of that type;
 * other unknown fields are skipped. A field marked KSTATE_FIELD_COND is
 * saved only for some objects: in the fixed part, one byte precedes its
 * elements, 1 if this object's record holds them, 0 if not (the elements
 * are then zero). Unknown flag bits are refused.
 */
#define KSTATE_FIELD_CRITICAL	0x01
#define KSTATE_FIELD_COND	0x02
#define KSTATE_FIELD_FLAGS	(KSTATE_FIELD_CRITICAL | KSTATE_FIELD_COND)

/**
 * struct kstate_hdr_ser - header at offset 0 of every KSTATE blob
 * @magic:	%KSTATE_MAGIC.
 * @format:	%KSTATE_FORMAT_VERSION of the writer.
 * @size:	total size of the blob in bytes, this header included.
 * @crc:	CRC32C (seed ~0, final inversion) of bytes [sizeof(header), @size).
 * @reserved:	written as zero, refused otherwise.
 * @strings_off:	offset of the string section.
 * @strings_len:	its size in bytes.
 * @types_off:	offset of the type table.
 * @nr_types:	number of &struct kstate_type_ser entries.
 * @nr_fields:	number of &struct kstate_field_ser entries.
 * @fields_off:	offset of the field table.
 * @objects_off:	offset of the object table.
 * @nr_objects:	number of objects, entries of the object table.
 * @nr_keyed:	how many of them are registered (keyed) objects.
 * @data_off:	offset of the record data.
 * @data_len:	size of the record data in bytes: the sum of the lengths of
 *		the records.
 */
struct kstate_hdr_ser {
	__le32 magic;
	__le32 format;
	__le64 size;
	__le32 crc;
	__le32 reserved;
	__le64 strings_off;
	__le64 strings_len;
	__le64 types_off;
	__le32 nr_types;
	__le32 nr_fields;
	__le64 fields_off;
	__le64 objects_off;
	__le32 nr_objects;
	__le32 nr_keyed;
	__le64 data_off;
	__le64 data_len;
} __packed;

static_assert(sizeof(struct kstate_hdr_ser) == 96);

/**
 * struct kstate_type_ser - one type description written by the writer
 * @name:	offset of the type's name in the string section.
 * @version:	the writer's version of the type.
 * @first_field: index of the type's first field in the field table.
 * @nr_fields:	number of fields, consecutive in the field table.
 * @fixed_size:	size of the fixed part of a record of this type; a reader
 *		recomputes it from the fields and refuses a mismatch.
 * @nr_keyed:	number of keyed objects of this type: the entries of the
 *		type's group in the keyed part of the object table. The
 *		groups of all types add up to &struct kstate_hdr_ser.nr_keyed.
 */
struct kstate_type_ser {
	__le32 name;
	__le32 version;
	__le32 first_field;
	__le32 nr_fields;
	__le32 fixed_size;
	__le32 nr_keyed;
} __packed;

static_assert(sizeof(struct kstate_type_ser) == 24);

/**
 * struct kstate_field_ser - one field of a type description
 * @name:	offset of the field's name in the string section.
 * @kind:	&enum kstate_kind.
 * @flags:	KSTATE_FIELD_* flags.
 * @elem_kind:	for %KSTATE_KIND_VARRAY, the kind of its elements; for
 *		%KSTATE_KIND_XARRAY, %KSTATE_KIND_PTR (entries are object
 *		references) or %KSTATE_KIND_UINT (entries are values); else 0.
 * @reserved:	written as zero, refused otherwise.
 * @size:	wire size of one element for integer, bytes and string kinds,
 *		and of one VARRAY element of integer kind; else 0.
 * @count:	number of elements in the fixed part (1 for a scalar).
 * @type:	index in the type table of the field's type (STRUCT, PTR,
 *		LIST, VARRAY of STRUCT, XARRAY of PTR), or %KSTATE_NONE.
 * @aliases:	offset in the string section of the field's former names,
 *		consecutive NUL-terminated strings ended by an empty one, or
 *		%KSTATE_NONE. They let an older reader find a renamed field.
 */
struct kstate_field_ser {
	__le32 name;
	__u8 kind;
	__u8 flags;
	__u8 elem_kind;
	__u8 reserved;
	__le32 size;
	__le32 count;
	__le32 type;
	__le32 aliases;
} __packed;

static_assert(sizeof(struct kstate_field_ser) == 24);

/**
 * struct kstate_keyed_ser - object table entry of a keyed object
 * @key:	the key the object was registered under.
 * @len:	size of the object's record (fixed part and tail) in bytes.
 *
 * The object's type is that of its group (see &struct kstate_type_ser).
 */
struct kstate_keyed_ser {
	__le64 key;
	__le32 len;
} __packed;

static_assert(sizeof(struct kstate_keyed_ser) == 12);

/**
 * struct kstate_anon_ser - object table entry of an anonymous object
 * @type:	index of the object's type in the type table.
 * @len:	size of the object's record (fixed part and tail) in bytes.
 */
struct kstate_anon_ser {
	__le32 type;
	__le32 len;
} __packed;

static_assert(sizeof(struct kstate_anon_ser) == 8);

/**
 * struct kstate_ref_ser - reference from a fixed part into the record tail
 * @off:	offset of the referenced bytes from the start of the record.
 * @count:	number of elements there.
 */
struct kstate_ref_ser {
	__le32 off;
	__le32 count;
} __packed;

static_assert(sizeof(struct kstate_ref_ser) == 8);

/**
 * struct kstate_pages_ser - memory preserved in place across the handover
 * @phys:	physical address of the first page; 0 when nothing is preserved.
 * @order:	allocation order of the block.
 * @reserved:	written as zero, refused otherwise.
 */
struct kstate_pages_ser {
	__le64 phys;
	__le32 order;
	__le32 reserved;
} __packed;

static_assert(sizeof(struct kstate_pages_ser) == 16);

/**
 * struct kstate_xa_entry_ser - one present entry of a %KSTATE_KIND_XARRAY field
 * @index:	the entry's index in the xarray. Entries are in strictly
 *		increasing order of index; a reader refuses an index beyond its
 *		ULONG_MAX.
 * @value:	for @elem_kind %KSTATE_KIND_PTR, the reference of an anonymous
 *		object (table index plus one, never 0: an xarray holds no NULL
 *		entries); for %KSTATE_KIND_UINT, the value the entry encodes
 *		(xa_mk_value()), refused by a reader if beyond its LONG_MAX.
 */
struct kstate_xa_entry_ser {
	__le64 index;
	__le64 value;
} __packed;

static_assert(sizeof(struct kstate_xa_entry_ser) == 16);

/**
 * DOC: KSTATE type catalog
 *
 * Every KSTATE_DEFINE() also places a description of its type in the
 * section %KSTATE_CAT_SECTION of the object file, and so of vmlinux and of
 * the module, where the linker script keeps it without loading it. Host
 * tools (scripts/kstate/kstate) read it from the image without booting it:
 * a kernel's catalog is what it writes and what it accepts.
 *
 * The section is a sequence of records, each a &struct kstate_cat_type_ser
 * followed by @nr_fields &struct kstate_cat_field_ser, @rec_size bytes in
 * all, 8-byte aligned. Integers are in the byte order of the image (its ELF
 * header says which); this layout is that of 64-bit kernels. The
 * descriptors are those of the type itself, compiled from the same macros,
 * with names in place and addresses where the descriptor has them: @type
 * is the address of the field's &struct kstate_type (the symbol
 * ``<ident>_kstate_type``), the others only tell whether the descriptor
 * has that callback. In a module, addresses are given by the section's
 * relocations.
 */
#define KSTATE_CAT_SECTION	".kstate_catalog"
/* "KCAT" in little-endian byte order */
#define KSTATE_CAT_MAGIC	0x5441434bU
/* Room for a name in a catalog record, its NUL included. */
#define KSTATE_CAT_NAME_MAX	64

/**
 * struct kstate_cat_type_ser - a type of the catalog
 * @magic:	%KSTATE_CAT_MAGIC.
 * @format:	%KSTATE_FORMAT_VERSION of the kernel that defines the type.
 * @rec_size:	size of this record and its fields, in bytes.
 * @nr_fields:	number of &struct kstate_cat_field_ser that follow.
 * @version:	the type's version, what the kernel writes.
 * @min_version: the oldest writer version the kernel restores.
 * @size:	sizeof() the C structure.
 * @ops:	address of the type's hooks, or 0.
 * @flex:	the structure ends in a described flexible array.
 * @reserved:	zero.
 * @ident:	the identifier KSTATE_DEFINE() was given.
 * @name:	the stable name, when KSTATE_NAME() gives one; else empty and
 *		the stable name is @ident.
 */
struct kstate_cat_type_ser {
	__u32 magic;
	__u32 format;
	__u32 rec_size;
	__u32 nr_fields;
	__u32 version;
	__u32 min_version;
	__u64 size;
	__u64 ops;
	__u8 flex;
	__u8 reserved[7];
	char ident[KSTATE_CAT_NAME_MAX];
	char name[KSTATE_CAT_NAME_MAX];
} __packed;

static_assert(sizeof(struct kstate_cat_type_ser) == 176);

/**
 * struct kstate_cat_field_ser - a field of a catalog type
 * @name:	the field's name.
 * @aliases:	its former names, NUL-terminated strings ended by an empty one.
 * @type:	address of the &struct kstate_type of STRUCT, PTR, LIST,
 *		VARRAY of STRUCT and XARRAY of PTR fields, or 0.
 * @bf_get:	nonzero for a bitfield (an accessor).
 * @bf_set:	nonzero for a bitfield.
 * @save_if:	nonzero if saved for some objects only (%KSTATE_FIELD_COND).
 * @custom:	nonzero for %KSTATE_KIND_CUSTOM (its callbacks).
 * @flex_len:	nonzero for a flexible array sized by a callback.
 * @def:	the default, for writers older than @since.
 * @offset:	offset of the member in the structure.
 * @size:	as &struct kstate_field.size (0 for bitfields: their width is
 *		found at run time).
 * @count:	number of elements.
 * @aux:	as &struct kstate_field.aux.
 * @since:	first version of the type with the field.
 * @until:	first version without it, or 0.
 * @kind:	&enum kstate_kind.
 * @elem_kind:	element kind of VARRAY and XARRAY fields.
 * @aux_size:	VARRAY: size of the count member.
 * @critical:	must-understand.
 * @optional:	reader side: any writer may lack it.
 * @must_match:	reader side: the saved value must equal the current one.
 * @keep:	reader side: a writer without it leaves the member as it is.
 * @reuse:	reader side: a pointee restored in place.
 * @virt:	PAGES given by their address.
 * @hlist:	LIST of an hlist_head.
 * @flex:	VARRAY that is the flexible array member.
 * @reserved:	zero.
 */
struct kstate_cat_field_ser {
	char name[KSTATE_CAT_NAME_MAX];
	char aliases[KSTATE_CAT_NAME_MAX];
	__u64 type;
	__u64 bf_get;
	__u64 bf_set;
	__u64 save_if;
	__u64 custom;
	__u64 flex_len;
	__u64 def;
	__u32 offset;
	__u32 size;
	__u32 count;
	__u32 aux;
	__u16 since;
	__u16 until;
	__u8 kind;
	__u8 elem_kind;
	__u8 aux_size;
	__u8 critical;
	__u8 optional;
	__u8 must_match;
	__u8 keep;
	__u8 reuse;
	__u8 virt;
	__u8 hlist;
	__u8 flex;
	__u8 reserved[9];
} __packed;

static_assert(sizeof(struct kstate_cat_field_ser) == 224);

#endif /* _LINUX_KHO_ABI_KSTATE_H */
