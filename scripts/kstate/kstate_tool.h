/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kstate host tool: the kernel's KSTATE sources built for the host (see
 * tools/testing/kstate/kstate_host.h), and what the tool adds to them.
 */
#ifndef _KSTATE_TOOL_H
#define _KSTATE_TOOL_H

#include "../../tools/testing/kstate/kstate_host.h"
#include "../../kernel/kstate/kstate_internal.h"

/**
 * struct cat_type - a type of a catalog, as the kernel that has it sees it
 * @t: the descriptor, rebuilt: names, kinds, sizes, versions and flags as
 *	the kernel's; callbacks are stand-ins that only say the kernel has
 *	them (bitfields, save_if, custom, flex_len); pre_restore and the
 *	like are not run.
 * @fields: @t's fields.
 * @ident: the identifier KSTATE_DEFINE() was given (text catalogs: the
 *	stable name).
 * @type_refs: per field, how its type was named: an ident (image) or a
 *	stable name (text); NULL for untyped fields.
 * @size: sizeof() the C structure, as its kernel has it (@t's is the
 *	layout the tool gives the rebuilt descriptor).
 * @has_ops: the type has hooks (struct kstate_ops): a pre_restore may
 *	refuse objects at run time for reasons no catalog shows.
 * @bad: kstate_type_check() refuses the descriptor, or one it refers to:
 *	its kernel could not save it, nor restore into it.
 * @laying: catalog_layout()'s state: 0 not laid out, 1 being, 2 done.
 */
struct cat_type {
	struct kstate_type t;
	struct kstate_field *fields;
	char *ident;
	char **type_refs;
	size_t size;
	bool has_ops;
	bool bad;
	u8 laying;
};

/**
 * struct catalog - the types of one or more images or catalog files
 * @types: the types, in the order read.
 * @nr: how many.
 * @refs_by_name: @type_refs name stable names (text catalogs).
 */
struct catalog {
	struct cat_type **types;
	unsigned int nr;
	bool refs_by_name;
};

__printf(3, 4) int tool_err(const char *file, int err, const char *fmt, ...);
void *tool_alloc(size_t size);
char *tool_strdup(const char *s);
char *tool_strndup(const char *s, size_t n);
void tool_field_callbacks(struct kstate_field *f, bool bitfield, bool cond,
			  bool custom, bool flex_len);
struct cat_type *catalog_new_type(struct catalog *c, const char *name,
				  const char *ident, unsigned int nr_fields);
int catalog_read_elf(struct catalog *c, const char *file, const u8 *p,
		     size_t size);

#endif /* _KSTATE_TOOL_H */
