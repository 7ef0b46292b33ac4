// SPDX-License-Identifier: GPL-2.0
/*
 * kstate: reading the type catalog of a kernel image (vmlinux or a module)
 * from its ELF file, without booting it. See "KSTATE type catalog" in
 * include/linux/kho/abi/kstate.h.
 *
 * Every offset and size read from the file is checked against the file:
 * a truncated or hostile image is refused with a message, never read
 * beyond.
 */
#include <linux/elf.h>

#include "kstate_tool.h"

struct elf {
	const u8 *p;
	size_t size;
	const struct elf64_shdr *sh;
	unsigned int shnum;
	bool rel;			/* ET_REL: a module, addresses in relocations */
	const struct elf64_sym *sym;
	size_t nsym;
	const char *str;
	size_t str_len;
	unsigned int cat;		/* the catalog's section index */
	const struct elf64_rela *rela;		/* its relocations (ET_REL) */
	size_t nrela;
};

static bool in_file(const struct elf *e, u64 off, u64 len)
{
	return off <= e->size && len <= e->size - off;
}

static const char *sym_name(const struct elf *e, const struct elf64_sym *s)
{
	if (s->st_name >= e->str_len ||
	    !memchr(e->str + s->st_name, 0, e->str_len - s->st_name))
		return "";
	return e->str + s->st_name;
}

static int elf_open(struct elf *e, const char *file, const u8 *p, size_t size)
{
	const struct elf64_hdr *eh = (const void *)p;
	const char *shstr;
	unsigned int i;

	memset(e, 0, sizeof(*e));
	e->p = p;
	e->size = size;
	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return tool_err(file, -EINVAL, "not an ELF file");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return tool_err(file, -EPROTONOSUPPORT,
				"only 64-bit little-endian images are read");
	if (eh->e_shentsize != sizeof(struct elf64_shdr) || !eh->e_shnum ||
	    !in_file(e, eh->e_shoff, (u64)eh->e_shnum * sizeof(struct elf64_shdr)) ||
	    eh->e_shoff % 8 || eh->e_shstrndx >= eh->e_shnum)
		return tool_err(file, -EINVAL, "bad section header table");
	e->sh = (const void *)(p + eh->e_shoff);
	e->shnum = eh->e_shnum;
	e->rel = eh->e_type == ET_REL;
	if (!in_file(e, e->sh[eh->e_shstrndx].sh_offset,
		     e->sh[eh->e_shstrndx].sh_size))
		return tool_err(file, -EINVAL, "bad section name table");
	shstr = (const char *)p + e->sh[eh->e_shstrndx].sh_offset;

	for (i = 0; i < e->shnum; i++) {
		const struct elf64_shdr *s = &e->sh[i];

		if (s->sh_type != SHT_NOBITS && !in_file(e, s->sh_offset, s->sh_size))
			return tool_err(file, -EINVAL, "section %u beyond the file", i);
		if (s->sh_type == SHT_SYMTAB) {
			if (s->sh_link >= e->shnum || s->sh_offset % 8 ||
			    !in_file(e, e->sh[s->sh_link].sh_offset,
				     e->sh[s->sh_link].sh_size))
				return tool_err(file, -EINVAL, "bad symbol table");
			e->sym = (const void *)(p + s->sh_offset);
			e->nsym = s->sh_size / sizeof(struct elf64_sym);
			e->str = (const char *)p + e->sh[s->sh_link].sh_offset;
			e->str_len = e->sh[s->sh_link].sh_size;
		}
		if (s->sh_name < e->sh[eh->e_shstrndx].sh_size &&
		    !strncmp(shstr + s->sh_name, KSTATE_CAT_SECTION,
			     e->sh[eh->e_shstrndx].sh_size - s->sh_name) &&
		    s->sh_type == SHT_PROGBITS)
			e->cat = i;
	}
	if (!e->cat)
		return tool_err(file, -ENOENT,
				"no %s section: not built with KSTATE, or no type defined",
				KSTATE_CAT_SECTION);
	for (i = 0; e->rel && i < e->shnum; i++) {
		const struct elf64_shdr *s = &e->sh[i];

		if (s->sh_type == SHT_RELA && s->sh_info == e->cat) {
			if (s->sh_offset % 8 || s->sh_entsize != sizeof(struct elf64_rela))
				return tool_err(file, -EINVAL, "bad relocations");
			e->rela = (const void *)(p + s->sh_offset);
			e->nrela = s->sh_size / sizeof(struct elf64_rela);
		}
	}
	if ((e->rel || e->sh[e->cat].sh_size) && !e->sym)
		return tool_err(file, -EINVAL, "no symbol table: stripped?");
	return 0;
}

/* Is @name a type's symbol, "<ident>_kstate_type"? */
static bool type_sym(const char *name)
{
	static const char suffix[] = "_kstate_type";
	size_t n = strlen(name);

	return n > sizeof(suffix) - 1 &&
	       !strcmp(name + n - (sizeof(suffix) - 1), suffix);
}

/* The name of a type's symbol at @shndx + @value. */
static const char *type_sym_at(const struct elf *e, unsigned int shndx,
			       u64 value, bool any_section)
{
	size_t i;

	for (i = 1; i < e->nsym; i++) {
		const struct elf64_sym *s = &e->sym[i];

		if (s->st_value == value &&
		    (any_section || s->st_shndx == shndx) &&
		    ELF64_ST_TYPE(s->st_info) == STT_OBJECT &&
		    type_sym(sym_name(e, s)))
			return sym_name(e, s);
	}
	return NULL;
}

/*
 * The 8-byte address at @off of the catalog: whether it is set, and, for a
 * type's address, its symbol's name. In a module the address is a
 * relocation (to the symbol, or to a section and an addend); in vmlinux it
 * is in place.
 */
static bool slot(const struct elf *e, u64 off, const char **name)
{
	const u8 *p = e->p + e->sh[e->cat].sh_offset + off;
	u64 v;
	size_t i;

	*name = NULL;
	for (i = 0; i < e->nrela; i++) {
		const struct elf64_rela *r = &e->rela[i];
		const struct elf64_sym *s;

		if (r->r_offset != off)
			continue;
		if (ELF64_R_SYM(r->r_info) >= e->nsym)
			return true;
		s = &e->sym[ELF64_R_SYM(r->r_info)];
		if (ELF64_ST_TYPE(s->st_info) == STT_SECTION)
			*name = type_sym_at(e, s->st_shndx, r->r_addend, false);
		else if (!r->r_addend && type_sym(sym_name(e, s)))
			*name = sym_name(e, s);
		return true;
	}
	memcpy(&v, p, sizeof(v));
	v = le64toh(v);
	if (v && !e->rel)
		*name = type_sym_at(e, 0, v, true);
	return v;
}

/* A NUL-terminated name of a catalog record, or NULL. */
static const char *rec_name(const char *s, bool may_be_empty)
{
	if (!memchr(s, 0, KSTATE_CAT_NAME_MAX) || (!may_be_empty && !*s))
		return NULL;
	return s;
}

/* A list of names, each NUL-terminated, ended by an empty one. */
static bool rec_names(const char *s)
{
	size_t i = 0;

	while (i < KSTATE_CAT_NAME_MAX && s[i])
		i += strnlen(s + i, KSTATE_CAT_NAME_MAX - i) + 1;
	return i < KSTATE_CAT_NAME_MAX;
}

static int add_field(struct catalog *c, struct cat_type *ct, const struct elf *e,
		     u64 off, const char *file)
{
	const struct kstate_cat_field_ser *r =
		(const void *)(e->p + e->sh[e->cat].sh_offset + off);
	struct kstate_field *f = &ct->fields[ct->t.nr_fields];
	const char *name = rec_name(r->name, false), *tname;

	if (!name || !rec_names(r->aliases))
		return tool_err(file, -EINVAL, "type %s: field %u: bad name",
				ct->ident, ct->t.nr_fields);
	f->name = tool_strdup(name);
	ct->t.nr_fields++;	/* freed with the type from here on */
	if (r->aliases[0]) {
		f->aliases = tool_alloc(KSTATE_CAT_NAME_MAX);
		memcpy((char *)f->aliases, r->aliases, KSTATE_CAT_NAME_MAX);
	}
	f->kind = r->kind;
	f->elem_kind = r->elem_kind;
	f->aux_size = r->aux_size;
	f->since = le16toh(r->since);
	f->until = le16toh(r->until);
	f->offset = le32toh(r->offset);
	f->size = le32toh(r->size);
	f->count = le32toh(r->count);
	f->aux = le32toh(r->aux);
	f->def = le64toh(r->def);
	f->critical = r->critical;
	f->optional = r->optional;
	f->must_match = r->must_match;
	f->keep = r->keep;
	f->reuse = r->reuse;
	f->virt = r->virt;
	f->hlist = r->hlist;
	f->flex = r->flex;
	tool_field_callbacks(f,
			     slot(e, off + offsetof(typeof(*r), bf_set), &tname),
			     slot(e, off + offsetof(typeof(*r), save_if), &tname),
			     slot(e, off + offsetof(typeof(*r), custom), &tname),
			     slot(e, off + offsetof(typeof(*r), flex_len), &tname));
	if (slot(e, off + offsetof(typeof(*r), type), &tname)) {
		if (!tname)
			return tool_err(file, -EINVAL,
					"type %s field %s: its type's symbol is not found",
					ct->ident, f->name);
		/* "<ident>_kstate_type": resolved by ident once all are read */
		ct->type_refs[ct->t.nr_fields - 1] =
			tool_strndup(tname, strlen(tname) - strlen("_kstate_type"));
	}
	return 0;
}

/**
 * catalog_read_elf() - add the types of an image's catalog section
 * @c: the catalog
 * @file: the image's name, for messages
 * @p: its bytes
 * @size: how many
 *
 * Return: 0, or -errno with a message on stderr.
 */
int catalog_read_elf(struct catalog *c, const char *file, const u8 *p,
		     size_t size)
{
	const struct kstate_cat_type_ser *r;
	struct elf e;
	u64 off = 0, len;
	u32 i, nr;
	int err;

	err = elf_open(&e, file, p, size);
	if (err)
		return err;
	len = e.sh[e.cat].sh_size;
	while (off < len) {
		struct cat_type *ct;
		const char *ident, *name;

		if (len - off < sizeof(*r))
			return tool_err(file, -EINVAL, "catalog truncated at %llu",
					(unsigned long long)off);
		r = (const void *)(p + e.sh[e.cat].sh_offset + off);
		if (le32toh(r->magic) != KSTATE_CAT_MAGIC) {
			/* the linker pads between objects' sections */
			off += 8;
			continue;
		}
		nr = le32toh(r->nr_fields);
		if (le32toh(r->format) != KSTATE_FORMAT_VERSION)
			return tool_err(file, -EPROTONOSUPPORT,
					"catalog of blob format %u, this tool reads %u",
					le32toh(r->format), KSTATE_FORMAT_VERSION);
		if (!nr || nr > KSTATE_MAX_TYPE_FIELDS ||
		    le32toh(r->rec_size) != sizeof(*r) +
		    (u64)nr * sizeof(struct kstate_cat_field_ser) ||
		    le32toh(r->rec_size) > len - off)
			return tool_err(file, -EINVAL, "catalog record at %llu: bad size",
					(unsigned long long)off);
		ident = rec_name(r->ident, false);
		name = rec_name(r->name, true);
		if (!ident || !name)
			return tool_err(file, -EINVAL, "catalog record at %llu: bad name",
					(unsigned long long)off);
		ct = catalog_new_type(c, *name ? name : ident, ident, nr);
		ct->t.version = le32toh(r->version);
		ct->t.min_version = le32toh(r->min_version);
		ct->t.size = le64toh(r->size);
		ct->t.flex = r->flex;
		ct->has_ops = slot(&e, off + offsetof(typeof(*r), ops), &name);
		for (i = 0; i < nr; i++) {
			err = add_field(c, ct, &e, off + sizeof(*r) +
					i * sizeof(struct kstate_cat_field_ser),
					file);
			if (err)
				return err;
		}
		off += le32toh(r->rec_size);
	}
	return 0;
}
