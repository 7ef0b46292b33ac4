// SPDX-License-Identifier: GPL-2.0
/*
 * kstate - KSTATE blobs and kernel images' type catalogs, on the host
 *
 *   kstate dump [--json] FILE
 *	Decode a blob (debugfs kstate/blob) or a handover envelope (the KHO
 *	subtree kstate/fdt) as the kernel's debugfs does.
 *   kstate catalog [--json] [-t GLOB] [-x GLOB] SOURCE...
 *	The types of kernel images (vmlinux, modules) or catalog files:
 *	versions, fields, flags, in the text of debugfs kstate/schema.
 *   kstate compat [-t GLOB] [-x GLOB] GOLDEN IMAGE...
 *	The types of a golden catalog (committed) against images: a type
 *	that changed without a new version, or is gone, fails (exit 1),
 *	with what check says of it both ways.
 *   kstate check [--json] [-t GLOB] [-x GLOB] FROM TO...
 *	Whether kernel TO takes the state of FROM, type by type, by the
 *	rules of the kernel itself: FROM is a blob, a catalog or an image,
 *	TO images or catalogs. Exit status 0: every type is restored (as is
 *	or converted); 1: some state would be refused or lost; 2: an input
 *	is unreadable.
 *
 * One source, two builds: the validation, decoding and version resolution
 * are kernel/kstate/'s own (blob.c, dump.c, plan.c), built for the host as
 * libfdt is. The prediction of "check" is the plan the next kernel would
 * compute for each type. See "Host tools" in Documentation/core-api/kstate.rst.
 */
#include <fnmatch.h>
#include <sys/stat.h>

#include "kstate_tool.h"

#include "../../kernel/kstate/blob.c"
#include "../../kernel/kstate/type.c"
#include "../../kernel/kstate/outgoing.c"
#include "../../kernel/kstate/save.c"
#include "../../kernel/kstate/plan.c"
#include "../../kernel/kstate/restore.c"
#include "../../kernel/kstate/dump.c"
#include "../../kernel/kstate/registry.c"
#include "../../kernel/kstate/envelope.c"
#include "../../tools/lib/rbtree.c"
#include "../../tools/testing/kstate/crc32c_sw.c"
#include "kstate_elf.c"

int kstate_host_quiet = 1;
unsigned long kstate_host_fail_nth;
struct kunit *kstate_host_current_test;

static bool json;
static const char *include_globs[16], *exclude_globs[16];
static unsigned int nr_include, nr_exclude;

/* The engine's messages while a plan is built: the reason of a refusal. */
static char log_buf[4096];
static size_t log_len;

static void tool_log(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (log_len >= sizeof(log_buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(log_buf + log_len, sizeof(log_buf) - log_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		log_len = min(log_len + n, sizeof(log_buf) - 1);
}

void (*kstate_host_log)(const char *fmt, ...) = tool_log;

u32 crc32c(u32 crc, const void *p, size_t len)
{
	return kstate_host_crc32c_sw(crc, p, len);
}

/* no message (the fuzzer's runs) */
static bool tool_quiet;

int tool_err(const char *file, int err, const char *fmt, ...)
{
	va_list ap;

	if (tool_quiet)
		return err;
	fprintf(stderr, "kstate: %s: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (%s)\n", strerror(-err));
	return err;
}

void *tool_alloc(size_t size)
{
	void *p = calloc(1, size ?: 1);

	if (!p) {
		perror("kstate");
		exit(2);
	}
	return p;
}

char *tool_strndup(const char *s, size_t n)
{
	char *p = tool_alloc(n + 1);

	memcpy(p, s, n);
	return p;
}

char *tool_strdup(const char *s)
{
	return tool_strndup(s, strlen(s));
}

/*
 * Stand-ins that say a kernel's field has a callback: never run for real.
 * Every bitfield of a type is the u64 at the start of its object (see
 * catalog_layout()).
 */
static u64 stub_bf_get(const void *obj)
{
	return get_unaligned((const u64 *)obj);
}

static int stub_bf_set(void *obj, u64 val)
{
	put_unaligned(val, (u64 *)obj);
	return 0;
}

static bool stub_save_if(const void *obj)
{
	return true;
}

static size_t stub_size(const void *obj, const void *m)
{
	return 0;
}

static int stub_save(const void *obj, const void *m, void *buf, size_t len,
		     struct kstate_mem *mem)
{
	return 0;
}

static int stub_restore(void *obj, void *m, const void *buf, size_t len,
			u32 writer_version, struct kstate_mem *mem)
{
	return 0;
}

static const struct kstate_custom_ops stub_custom = {
	.size = stub_size, .save = stub_save, .restore = stub_restore,
};

static size_t stub_flex_len(const void *obj)
{
	return 0;
}

void tool_field_callbacks(struct kstate_field *f, bool bitfield, bool cond,
			  bool custom, bool flex_len)
{
	if (bitfield) {
		f->bf_get = stub_bf_get;
		f->bf_set = stub_bf_set;
	}
	if (cond)
		f->save_if = stub_save_if;
	if (custom)
		f->custom = &stub_custom;
	if (flex_len)
		f->flex_len = stub_flex_len;
}

struct cat_type *catalog_new_type(struct catalog *c, const char *name,
				  const char *ident, unsigned int nr_fields)
{
	struct cat_type *ct = tool_alloc(sizeof(*ct));

	ct->fields = tool_alloc(nr_fields * sizeof(*ct->fields));
	ct->type_refs = tool_alloc(nr_fields * sizeof(*ct->type_refs));
	ct->t.name = tool_strdup(name);
	ct->t.fields = ct->fields;
	ct->ident = tool_strdup(ident);
	c->types = realloc(c->types, (c->nr + 1) * sizeof(*c->types));
	if (!c->types) {
		perror("kstate");
		exit(2);
	}
	c->types[c->nr++] = ct;
	return ct;
}

static void catalog_free(struct catalog *c)
{
	unsigned int i, j;

	for (i = 0; i < c->nr; i++) {
		struct cat_type *ct = c->types[i];

		for (j = 0; j < ct->t.nr_fields; j++) {
			free((char *)ct->fields[j].name);
			free((char *)ct->fields[j].aliases);
			free(ct->type_refs[j]);
		}
		free(ct->fields);
		free(ct->type_refs);
		free((char *)ct->t.name);
		free(ct->ident);
		free(ct);
	}
	free(c->types);
	memset(c, 0, sizeof(*c));
}

static char *log_reason(void);

/* -t/-x: a type is chosen by its stable name or its identifier */
static bool wanted_as(const char *name, const char *ident)
{
	unsigned int i;

	for (i = 0; i < nr_exclude; i++)
		if (!fnmatch(exclude_globs[i], name, 0) ||
		    (ident && !fnmatch(exclude_globs[i], ident, 0)))
			return false;
	for (i = 0; i < nr_include; i++)
		if (!fnmatch(include_globs[i], name, 0) ||
		    (ident && !fnmatch(include_globs[i], ident, 0)))
			return true;
	return !nr_include;
}

static bool wanted(const struct cat_type *ct)
{
	return wanted_as(ct->t.name, ct->ident);
}

/* ------------------------------------------------------------------ */
/* Input files                                                         */
/* ------------------------------------------------------------------ */

enum input { IN_BLOB, IN_ENVELOPE, IN_ELF, IN_TEXT };

static u8 *read_file(const char *file, size_t *size)
{
	FILE *f = fopen(file, "rb");
	u8 *p = NULL;
	size_t cap = 0, n;

	if (!f) {
		tool_err(file, -errno, "cannot open");
		return NULL;
	}
	*size = 0;
	do {
		if (*size == cap) {
			cap = cap ? 2 * cap : 65536;
			p = realloc(p, cap + 1);
			if (!p) {
				perror("kstate");
				exit(2);
			}
		}
		n = fread(p + *size, 1, cap - *size, f);
		*size += n;
	} while (n);
	if (ferror(f)) {
		tool_err(file, -EIO, "cannot read");
		free(p);
		p = NULL;
	} else {
		p[*size] = 0;
	}
	fclose(f);
	return p;
}

static enum input input_kind(const u8 *p, size_t size)
{
	if (size >= 4 && get_unaligned_le32(p) == KSTATE_MAGIC)
		return IN_BLOB;
	if (size >= 4 && get_unaligned_be32(p) == FDT_MAGIC)
		return IN_ENVELOPE;
	if (size >= 4 && !memcmp(p, "\177ELF", 4))
		return IN_ELF;
	return IN_TEXT;
}

/* ------------------------------------------------------------------ */
/* Catalogs                                                            */
/* ------------------------------------------------------------------ */

static int kind_by_name(const char *name)
{
	int k;

	for (k = 1; k < KSTATE_KIND_NR; k++)
		if (kstate_kind(k)->name && !strcmp(kstate_kind(k)->name, name))
			return k;
	return -1;
}

static bool known_word(const char *w)
{
	static const char *const words[] = {
		"of", "size", "count", "since", "until", "default", "type", "alias",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(words); i++)
		if (!strcmp(words[i], w))
			return true;
	return false;
}

/* One "  field ..." line of kstate_dump_type()'s text. */
static int text_field(struct cat_type *ct, char *line, const char *file,
		      unsigned int lineno)
{
	struct kstate_field *f = &ct->fields[ct->t.nr_fields];
	bool bitfield = false, cond = false;
	char *save, *w = strtok_r(line, " \t\n", &save), *v;
	size_t alen = 0;
	char aliases[KSTATE_CAT_NAME_MAX * 4] = "";
	int kind;
	long flag;

	w = strtok_r(NULL, " \t\n", &save);
	v = strtok_r(NULL, " \t\n", &save);
	kind = v ? kind_by_name(v) : -1;
	if (!w || kind < 0)
		return tool_err(file, -EINVAL, "line %u: bad field", lineno);
	f->name = tool_strdup(w);
	f->kind = kind;
	f->count = 1;
	ct->t.nr_fields++;	/* freed with the type from here on */
	while ((w = strtok_r(NULL, " \t\n", &save))) {
		if (!strcmp(w, "bitfield")) {
			bitfield = true;
			continue;
		}
		if (!strcmp(w, "cond")) {
			cond = true;
			continue;
		}
		flag = kstate_field_flag(w);
		if (flag >= 0) {
			*(bool *)((u8 *)f + flag) = true;
			continue;
		}
		if (!known_word(w))
			return tool_err(file, -EINVAL, "line %u: unknown word %s",
					lineno, w);
		v = strtok_r(NULL, " \t\n", &save);
		if (!v)
			return tool_err(file, -EINVAL, "line %u: %s without a value",
					lineno, w);
		if (!strcmp(w, "of"))
			f->elem_kind = max(kind_by_name(v), 0);
		else if (!strcmp(w, "size"))
			f->size = strtoul(v, NULL, 0);
		else if (!strcmp(w, "count"))
			f->count = strtoul(v, NULL, 0);
		else if (!strcmp(w, "since"))
			f->since = strtoul(v, NULL, 0);
		else if (!strcmp(w, "until"))
			f->until = strtoul(v, NULL, 0);
		else if (!strcmp(w, "default"))
			f->def = strtoull(v, NULL, 0);
		else if (!strcmp(w, "type") && !ct->type_refs[ct->t.nr_fields - 1])
			ct->type_refs[ct->t.nr_fields - 1] = tool_strdup(v);
		else if (alen + strlen(v) + 2 > sizeof(aliases))
			return tool_err(file, -EINVAL, "line %u: too many aliases",
					lineno);
		else	/* "alias" */
			alen += sprintf(aliases + alen, "%s", v) + 1;
	}
	if (alen) {
		f->aliases = tool_alloc(alen + 1);
		memcpy((char *)f->aliases, aliases, alen);
	}
	/* a flexible array's count member or callback: the same to a plan */
	tool_field_callbacks(f, bitfield, cond, f->kind == KSTATE_KIND_CUSTOM,
			     false);
	return 0;
}

/* The text of kstate_dump_type(): debugfs kstate/schema, `kstate catalog`. */
static int catalog_read_text(struct catalog *c, const char *file, char *text)
{
	struct cat_type *ct = NULL;
	unsigned int lineno = 0, nr_fields = 0;
	char *line, *next, *p;
	char name[256];
	unsigned int version, min;
	unsigned long size;
	int err;

	c->refs_by_name = true;
	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		lineno++;
		if (!*line || *line == '#')
			continue;
		if (!strncmp(line, "type ", 5)) {
			if (sscanf(line, "type %255s v%u min %u size %lu", name,
				   &version, &min, &size) != 4)
				return tool_err(file, -EINVAL, "line %u: bad type", lineno);
			/* count its field lines first */
			nr_fields = 0;
			for (p = next; p && !strncmp(p, "  field ", 8);
			     p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
				nr_fields++;
			if (!nr_fields || nr_fields > KSTATE_MAX_TYPE_FIELDS)
				return tool_err(file, -EINVAL, "line %u: type %s: no field",
						lineno, name);
			ct = catalog_new_type(c, name, name, nr_fields);
			ct->t.version = version;
			ct->t.min_version = min;
			ct->t.size = size;
			continue;
		}
		if (!strncmp(line, "  field ", 8) && ct &&
		    ct->t.nr_fields < nr_fields) {
			err = text_field(ct, line, file, lineno);
			if (err)
				return err;
			continue;
		}
		return tool_err(file, -EINVAL, "line %u: not a catalog line", lineno);
	}
	if (!c->nr)
		return tool_err(file, -EINVAL, "no type");
	return 0;
}

static struct cat_type *find_ref(const struct catalog *c, const char *ref)
{
	unsigned int i;

	for (i = 0; i < c->nr; i++)
		if (!strcmp(c->refs_by_name ? c->types[i]->t.name :
			    c->types[i]->ident, ref))
			return c->types[i];
	return NULL;
}

/* The most a rebuilt object may take: a catalog is untrusted input. */
#define TOOL_MAX_OBJECT		SZ_16M

/*
 * Lay out @ct's members afresh: a plan's outcome does not depend on where
 * members are, but its commit steps read the object through offsets and
 * sizes, which a catalog does not vouch for (and which it cannot give for
 * bitfields). The first 8 bytes are every bitfield's (their stand-in
 * accessor's u64), then each member in field order, 8-byte aligned: an
 * embedded structure takes its own layout's size, a variable array its
 * pointer and count member, a flexible array nothing (it comes last).
 *
 * Return: false for a type that embeds itself or is too large (bad).
 */
static bool catalog_layout(struct cat_type *ct, int depth)
{
	size_t off = 8, len;
	unsigned int i;

	if (ct->laying == 2)
		return !ct->bad;
	if (ct->laying == 1 || depth > 16)
		return false;
	ct->laying = 1;
	for (i = 0; i < ct->t.nr_fields && !ct->bad; i++) {
		struct kstate_field *f = &ct->fields[i];

		f->offset = off;
		if (f->bf_set)
			continue;
		if (f->kind == KSTATE_KIND_STRUCT) {
			struct cat_type *sub = f->type ?
				container_of(f->type, struct cat_type, t) : NULL;

			if (!sub || !catalog_layout(sub, depth + 1) ||
			    check_mul_overflow(sub->t.size, (size_t)f->count, &len))
				ct->bad = true;
		} else if (f->kind == KSTATE_KIND_VARRAY) {
			len = f->flex ? 0 : sizeof(void *);
			f->aux = off + len;
			len += f->aux_size;
		} else {
			len = kstate_field_extent(f);	/* u32 * u32: no overflow */
		}
		if (!ct->bad)
			off = ALIGN(off + len, 8);
		if (off > TOOL_MAX_OBJECT)
			ct->bad = true;
	}
	ct->size = ct->t.size;
	ct->t.size = off;
	ct->laying = 2;
	return !ct->bad;
}

/* Point typed fields at their types; check each type as the kernel does. */
static int catalog_resolve(struct catalog *c, const char *file)
{
	unsigned int i, j;

	for (i = 0; i < c->nr; i++) {
		struct cat_type *ct = c->types[i];

		for (j = 0; j < ct->t.nr_fields; j++) {
			struct cat_type *to;

			if (!ct->type_refs[j])
				continue;
			to = find_ref(c, ct->type_refs[j]);
			if (!to)
				return tool_err(file, -ENOENT,
						"type %s field %s: its type %s is in no image given",
						ct->t.name, ct->fields[j].name,
						ct->type_refs[j]);
			ct->fields[j].type = &to->t;
		}
		for (j = 0; j < ct->t.nr_fields; j++)
			if (ct->fields[j].flex && !ct->fields[j].flex_len)
				ct->fields[j].aux_size = ct->fields[j].aux_size ?: 4;
		/* text gives it by the field */
		ct->t.flex = !!kstate_type_flex(&ct->t);
	}
	for (i = 0; i < c->nr; i++) {
		struct cat_type *ct = c->types[i];

		/*
		 * kept: the kernel refuses it too, check says so. Laid out
		 * first: the check compares the members' places (a union's
		 * members share bytes), and a catalog text gives none.
		 */
		log_len = 0;
		ct->bad = !catalog_layout(ct, 0);
		if (ct->bad)
			tool_log("kstate: type %s: cannot be laid out (%s)\n",
				 ct->t.name,
				 "a structure field without its type, a type that embeds itself, or one over 16 MiB");
		else
			ct->bad = kstate_type_check(&ct->t);
		if (ct->bad && wanted(ct) && !tool_quiet)
			fprintf(stderr, "kstate: %s: type %s (%s), refused by its kernel: %s\n",
				file, ct->t.name, ct->ident, log_reason());
	}
	return 0;
}

static int cmp_types(const void *a, const void *b);

/* kstate_dump_type() of a catalog's type, with its kernel's sizeof() */
static void dump_cat_type(const struct cat_type *ct, struct kstate_buf *o)
{
	struct kstate_type t = ct->t;

	if (ct->laying == 2)
		t.size = ct->size;
	kstate_dump_type(&t, o);
}

/* A type that refers to a refused one is as unusable (to a fixpoint). */
static void catalog_mark_bad(struct catalog *c)
{
	bool again = true;
	unsigned int i, j;

	while (again) {
		again = false;
		for (i = 0; i < c->nr; i++) {
			struct cat_type *ct = c->types[i];

			for (j = 0; j < ct->t.nr_fields && !ct->bad; j++)
				if (ct->fields[j].type &&
				    container_of(ct->fields[j].type, struct cat_type, t)->bad) {
					ct->bad = true;
					again = true;
				}
		}
	}
}

static int catalog_load(struct catalog *c, char **files, int nr)
{
	int i, err = 0;

	for (i = 0; i < nr && !err; i++) {
		size_t size;
		u8 *p = read_file(files[i], &size);

		if (!p)
			return -EIO;
		switch (input_kind(p, size)) {
		case IN_ELF:
			err = catalog_read_elf(c, files[i], p, size);
			break;
		case IN_TEXT:
			if (c->nr && !c->refs_by_name)
				err = tool_err(files[i], -EINVAL,
					       "images and catalog files are not mixed");
			else
				err = catalog_read_text(c, files[i], (char *)p);
			break;
		default:
			err = tool_err(files[i], -EINVAL, "a blob, not a catalog or an image");
		}
		free(p);
	}
	if (!err)
		err = catalog_resolve(c, files[0]);
	if (!err)
		catalog_mark_bad(c);
	if (!err)
		qsort(c->types, c->nr, sizeof(*c->types), cmp_types);
	return err;
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static int cmp_types(const void *a, const void *b)
{
	const struct cat_type *x = *(const struct cat_type **)a;
	const struct cat_type *y = *(const struct cat_type **)b;

	return strcmp(x->t.name, y->t.name) ?: strcmp(x->ident, y->ident);
}

static void print_catalog(struct catalog *c)
{
	struct kstate_buf o = {};
	unsigned int i, j, k, fl, n = 0;
	size_t off;

	if (json)
		printf("{\"types\": [");
	for (i = 0; i < c->nr; i++) {
		const struct kstate_type *t = &c->types[i]->t;

		if (!wanted(c->types[i]))
			continue;
		if (!json) {
			o.len = 0;
			dump_cat_type(c->types[i], &o);
			fwrite(o.p, 1, o.len, stdout);
			continue;
		}
		printf("%s\n {\"name\": ", n++ ? "," : "");
		json_str(t->name);
		printf(", \"ident\": ");
		json_str(c->types[i]->ident);
		printf(", \"version\": %u, \"min_version\": %u, \"size\": %zu, \"fields\": [",
		       t->version, t->min_version, c->types[i]->size);
		for (j = 0; j < t->nr_fields; j++) {
			const struct kstate_field *f = &t->fields[j];
			const char *a;

			printf("%s\n  {\"name\": ", j ? "," : "");
			json_str(f->name);
			printf(", \"kind\": \"%s\"", kstate_kind(f->kind)->name);
			if (f->elem_kind)
				printf(", \"of\": \"%s\"", kstate_kind(f->elem_kind)->name);
			printf(", \"size\": %u, \"count\": %u, \"since\": %u, \"until\": %u",
			       f->size, f->count, f->since, f->until);
			if (f->type) {
				printf(", \"type\": ");
				json_str(f->type->name);
			}
			printf(", \"default\": %llu, \"flags\": [",
			       (unsigned long long)f->def);
			k = 0;
			if (f->bf_set)
				printf("%s\"bitfield\"", k++ ? ", " : "");
			if (f->save_if)
				printf("%s\"cond\"", k++ ? ", " : "");
			for (fl = 0; (a = kstate_field_flag_name(fl, &off)); fl++)
				if (*(const bool *)((const u8 *)f + off))
					printf("%s\"%s\"", k++ ? ", " : "", a);
			printf("], \"aliases\": [");
			for (k = 0, a = f->aliases; a && *a; a += strlen(a) + 1) {
				printf("%s", k++ ? ", " : "");
				json_str(a);
			}
			printf("]}");
		}
		printf("]}");
	}
	if (json)
		printf("\n]}\n");
	kstate_buf_free(&o);
}

/* ------------------------------------------------------------------ */
/* A catalog as a blob without objects: what its kernel would write     */
/* ------------------------------------------------------------------ */

/*
 * The blob the catalog's kernel would write with no object: save.c's own
 * layout of its types and of the types they reach (fields alive in the
 * type's version; a bitfield as the 8-byte integer of the tool's accessor,
 * its width being known only at run time), tables and header.
 */
static int catalog_blob(struct catalog *c, const char *file, void **blob,
			size_t *size)
{
	struct save_ctx s = {};
	int err = 0;
	u32 i, j;

	for (i = 0; i < c->nr && err >= 0; i++) {
		/* what its kernel cannot save is not in its blobs */
		if (!wanted(c->types[i]) || c->types[i]->bad)
			continue;
		for (j = 0; j < s.nr_types; j++) {
			const struct cat_type *o;

			if (strcmp(s.types[j].t->name, c->types[i]->t.name))
				continue;
			o = container_of(s.types[j].t, struct cat_type, t);
			err = tool_err(file, -EINVAL,
				       "two types named %s (%s and %s): choose one with -t/-x",
				       o->t.name, o->ident, c->types[i]->ident);
			goto out;
		}
		log_len = 0;
		err = save_type_index(&s, &c->types[i]->t);
	}
	if (err >= 0)
		err = save_reserve(&s);
	if (!err)
		err = emit_tables(&s);
	if (err) {
		err = tool_err(file, err, "cannot lay its types out: %s",
			       log_reason());
		goto out;
	}
	((struct kstate_hdr_ser *)s.buf.p)->crc =
		cpu_to_le32(kstate_blob_crc(s.buf.p, s.buf.len));
	*blob = s.buf.p;
	*size = s.buf.len;
	s.buf.p = NULL;
out:
	for (i = 0; i < s.nr_types; i++)
		kfree(s.types[i].wf);
	kvfree(s.types);
	kstate_buf_free(&s.buf);
	return err < 0 ? err : 0;
}

/* ------------------------------------------------------------------ */
/* dump                                                                */
/* ------------------------------------------------------------------ */

/* The dump text as JSON: each line an object header or "PATH = VALUE". */
static void print_text_json(const char *text)
{
	const char *line, *eq, *end;
	unsigned int n = 0;

	printf("{\"lines\": [");
	for (line = text; *line; line = end + (*end == '\n')) {
		end = strchrnul(line, '\n');
		eq = memmem(line, end - line, " = ", 3);
		printf("%s\n {", n++ ? "," : "");
		if (eq) {
			char *path = tool_strndup(line, eq - line);
			char *val = tool_strndup(eq + 3, end - eq - 3);

			printf("\"path\": ");
			json_str(path);
			printf(", \"value\": ");
			json_str(val);
			free(path);
			free(val);
		} else {
			char *obj = tool_strndup(line, end - line);

			printf("\"object\": ");
			json_str(obj);
			free(obj);
		}
		printf("}");
	}
	printf("\n]}\n");
}

static int dump_envelope(const char *file, const u8 *p, size_t size)
{
	struct kstate_envelope env;
	int err = kstate_envelope_parse(p, size, &env);

	if (err)
		return tool_err(file, err, "handover envelope refused%s%.*s",
				log_len ? ": " : "", (int)log_len -
				(log_len && log_buf[log_len - 1] == '\n'),
				log_buf);
	if (json) {
		printf("{\"envelope\": {\"format\": %u, \"size\": %llu, \"crc\": %u, ",
		       KSTATE_FORMAT_VERSION, (unsigned long long)env.size, env.crc);
		printf("\"save_ns\": %llu, \"stream_pages\": %u, \"stream_order\": %u}}\n",
		       (unsigned long long)env.save_ns, env.stream.total_pages,
		       env.stream.order);
	} else {
		printf("envelope %s format %u size %llu crc %#010x ",
		       KSTATE_ENVELOPE_COMPAT, KSTATE_FORMAT_VERSION,
		       (unsigned long long)env.size, env.crc);
		printf("save_ns %llu stream %u pages of order %u\n",
		       (unsigned long long)env.save_ns, env.stream.total_pages,
		       env.stream.order);
	}
	return 0;
}

static int cmd_dump(const char *file)
{
	size_t size, len;
	char *text;
	int err;
	u8 *p = read_file(file, &size);

	if (!p)
		return 2;
	switch (input_kind(p, size)) {
	case IN_BLOB:
		err = kstate_blob_to_text(p, size, &text, &len);
		if (err) {
			tool_err(file, err, "blob refused%s%.*s",
				 log_len ? ": " : "", (int)log_len -
				 (log_len && log_buf[log_len - 1] == '\n'),
				 log_buf);
			break;
		}
		if (json)
			print_text_json(text);
		else
			fwrite(text, 1, len, stdout);
		kvfree(text);
		break;
	case IN_ENVELOPE:
		err = dump_envelope(file, p, size);
		break;
	default:
		err = tool_err(file, -EINVAL,
			       "neither a KSTATE blob nor a handover envelope");
	}
	free(p);
	return err ? 2 : 0;
}

/* ------------------------------------------------------------------ */
/* check                                                               */
/* ------------------------------------------------------------------ */

struct check {
	struct kstate_in *in;
	bool from_catalog;	/* no objects: judge every type */
	u32 *nr_objs;		/* per writer type */
	unsigned int n_same, n_conv, n_refused, n_absent, n_partial;
	unsigned int n_json;
	struct kstate_buf notes;
};

static void note(struct check *k, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kstate_buf_vprintf(&k->notes, fmt, ap);
	va_end(ap);
	kstate_buf_printf(&k->notes, "%c", 0);
}

static const char *int_desc(u8 kind, u32 size, char *buf)
{
	if (kind == KSTATE_KIND_BOOL)
		return "bool";
	sprintf(buf, "%c%u", kind == KSTATE_KIND_SINT ? 's' : 'u', size * 8);
	return buf;
}

/* What the plan does that a same-version restore does not. */
static void plan_notes(struct check *k, const struct kstate_plan *plan,
		       u32 wt)
{
	const struct kstate_blob *b = &k->in->b;
	u32 nr_w = le32_to_cpu(b->types[wt].nr_fields), j, i;
	bool *used = tool_alloc(nr_w + 1);
	char b1[8], b2[8];

	for (i = 0; i < plan->nr_ops; i++) {
		const struct kstate_op *op = &plan->ops[i];
		const struct kstate_field *f = op->f;
		const char *wn;

		if (op->inner == OP_DEFAULT) {
			if (f->keep || f->reuse)
				note(k, "%s: not in the writer's v%u: kept as it is",
				     f->name, plan->wversion);
			else
				note(k, "%s: not in the writer's v%u: default %llu",
				     f->name, plan->wversion,
				     (unsigned long long)f->def);
			continue;
		}
		used[op->wfield] = true;
		wn = kstate_blob_str(b, le32_to_cpu(op->w->name));
		if (strcmp(wn, f->name))
			note(k, "%s: the writer's %s (renamed)", f->name, wn);
		/* a bitfield's width is known only to its kernel: not judged */
		if (op->inner == OP_INT &&
		    (op->w->kind != f->kind || op->ssize != op->dsize)) {
			const char *from = int_desc(op->w->kind, op->ssize, b1);
			const char *to = int_desc(f->kind, f->size, b2);

			if (strcmp(from, to))
				note(k, "%s: %s -> %s%s", f->name, from, to,
				     op->ssize > op->dsize ||
				     (op->w->kind == KSTATE_KIND_SINT) !=
				     (f->kind == KSTATE_KIND_SINT) ?
				     " (a value that does not fit refuses its object)" : "");
		}
		if ((op->inner == OP_BYTES || op->inner == OP_STRING) &&
		    op->ssize != f->size)
			note(k, "%s: %u -> %u bytes", f->name, op->ssize, f->size);
		if (op->scount != f->count)
			note(k, "%s: %u -> %u elements", f->name, op->scount,
			     f->count);
	}
	for (j = 0; j < nr_w; j++) {
		const struct kstate_field_ser *w = kstate_blob_field(b, wt, j);

		if (!used[j] && !(w->flags & KSTATE_FIELD_CRITICAL))
			note(k, "%s: the writer's field, unknown here: skipped",
			     kstate_blob_str(b, le32_to_cpu(w->name)));
	}
	free(used);
}

/* Objects of writer type @wt whose record holds a refused critical field. */
static u32 refused_objects(struct check *k, const struct kstate_plan *plan,
			   u32 wt, struct kstate_buf *keys)
{
	const struct kstate_blob *b = &k->in->b;
	u32 i, r, n = 0;

	for (i = 0; i < b->nr_objects; i++) {
		const u8 *rec = kstate_blob_rec(b, i);

		if (kstate_blob_obj_type(b, i) != wt)
			continue;
		for (r = 0; r < plan->nr_refuse; r++)
			if (plan->refuse[r].off < kstate_blob_rec_len(b, i) &&
			    rec[plan->refuse[r].off])
				break;
		if (r == plan->nr_refuse)
			continue;
		n++;
		if (i < b->nr_keyed)
			kstate_buf_printf(keys, "%s%llu", keys->len ? " " : "",
					  (unsigned long long)kstate_blob_obj_key(b, i));
	}
	return n;
}

static void print_verdict(struct check *k, const char *name, u32 wv,
			  const struct cat_type *ct, const char *outcome,
			  const char *why, u32 objs, const char *keys)
{
	const char *n;

	if (json) {
		printf("%s\n {\"type\": ", k->n_json++ ? "," : "");
		json_str(name);
		printf(", \"from\": %u, \"to\": %d, \"outcome\": \"%s\"", wv,
		       ct ? (int)ct->t.version : -1, outcome);
		if (ct) {
			printf(", \"ident\": ");
			json_str(ct->ident);
		}
		if (!k->from_catalog)
			printf(", \"objects\": %u", objs);
		if (keys) {
			printf(", \"refused_keys\": [");
			for (n = keys; *n; n += strcspn(n, " ") + !!n[strcspn(n, " ")])
				printf("%s%.*s", n == keys ? "" : ", ",
				       (int)strcspn(n, " "), n);
			printf("]");
		}
		if (why) {
			printf(", \"reason\": ");
			json_str(why);
		}
		printf(", \"notes\": [");
		for (n = (const char *)k->notes.p; n && n < (const char *)k->notes.p +
		     k->notes.len; n += strlen(n) + 1) {
			printf("%s", n == (const char *)k->notes.p ? "" : ", ");
			json_str(n);
		}
		printf("]}");
		return;
	}
	printf("%s v%u -> ", name, wv);
	if (ct)
		printf("v%u", ct->t.version);
	else
		printf("none");
	if (ct && strcmp(ct->ident, name))
		printf(" (%s)", ct->ident);
	printf(": %s", outcome);
	if (!k->from_catalog)
		printf(" (%u object%s)", objs, objs == 1 ? "" : "s");
	if (why)
		printf(": %s", why);
	printf("\n");
	if (keys && *keys)
		printf("    refused keys: %s\n", keys);
	for (n = (const char *)k->notes.p; n && n < (const char *)k->notes.p +
	     k->notes.len; n += strlen(n) + 1)
		printf("    %s\n", n);
}

/* The engine's last message, without its prefix and newline. */
static char *log_reason(void)
{
	char *p = log_buf, *q;

	log_buf[log_len] = 0;
	while ((q = strstr(p, "kstate: ")) && strstr(q + 8, "kstate: "))
		p = strstr(q + 8, "kstate: ");
	if (!strncmp(p, "kstate: ", 8))
		p += 8;
	q = p + strlen(p);
	while (q > p && q[-1] == '\n')
		*--q = 0;
	return p;
}

static void check_type(struct check *k, struct catalog *to, u32 wt)
{
	const struct kstate_blob *b = &k->in->b;
	const char *name = kstate_blob_str(b, le32_to_cpu(b->types[wt].name));
	u32 wv = le32_to_cpu(b->types[wt].version), objs = k->nr_objs[wt];
	bool judged = k->from_catalog || objs;
	unsigned int i, found = 0;

	if (!wanted_as(name, NULL))
		return;
	for (i = 0; i < to->nr; i++) {
		struct cat_type *ct = to->types[i];
		struct kstate_plan *plan;
		struct kstate_buf keys = {};

		if (strcmp(ct->t.name, name) || !wanted(ct))
			continue;
		found++;
		k->notes.len = 0;
		log_len = 0;
		/* a type its kernel refuses, or one without a layout: no plan */
		plan = ct->bad ? ERR_PTR(-EINVAL) : kstate_plan_get(k->in, wt, &ct->t);
		if (IS_ERR(plan)) {
			print_verdict(k, name, wv, ct, "refused",
				      "the reader's descriptor is refused", objs, NULL);
			k->n_refused += judged;
			continue;
		}
		if (plan->err) {
			print_verdict(k, name, wv, ct, "refused", log_reason(),
				      objs, NULL);
			k->n_refused += judged;
			continue;
		}
		plan_notes(k, plan, wt);
		if (plan->nr_refuse) {
			u32 n = k->from_catalog ? 0 :
				refused_objects(k, plan, wt, &keys);
			char why[256];

			kstate_buf_printf(&keys, "%s", "");
			snprintf(why, sizeof(why),
				 "objects that have the writer's critical field %s, unknown here, are refused%s",
				 plan->refuse[0].name,
				 k->from_catalog ? "" : n ? "" : "; none has it");
			print_verdict(k, name, wv, ct,
				      k->from_catalog || n ? "partly refused" :
				      k->notes.len ? "converted" : "as is",
				      why, objs, k->from_catalog ? NULL : (char *)keys.p);
			if (k->from_catalog || n)
				k->n_partial++;
			else
				k->n_conv++;
			kstate_buf_free(&keys);
			continue;
		}
		if (!k->notes.len) {
			print_verdict(k, name, wv, ct, "as is", NULL, objs, NULL);
			k->n_same++;
		} else {
			print_verdict(k, name, wv, ct, "converted", NULL, objs, NULL);
			k->n_conv++;
		}
	}
	if (!found) {
		k->notes.len = 0;
		print_verdict(k, name, wv, NULL, "absent",
			      judged ? "no such type in the next kernel: not restored" :
			      "no such type in the next kernel (no object of it)",
			      objs, NULL);
		k->n_absent += judged;
	}
}

static int cmd_check(char *from, char **to_files, int nr_to)
{
	struct catalog to = {}, fc = {};
	struct check k = {};
	void *blob = NULL;
	size_t size;
	u32 i, unsafe;
	int err;
	u8 *p = read_file(from, &size);

	if (!p)
		return 2;
	if (input_kind(p, size) == IN_BLOB) {
		blob = p;
	} else if (input_kind(p, size) == IN_ENVELOPE) {
		free(p);
		tool_err(from, -EINVAL,
			 "an envelope only points at the stream: give the blob (debugfs kstate/blob)");
		return 2;
	}
	if (!blob) {
		free(p);
		k.from_catalog = true;
		err = catalog_load(&fc, &from, 1);
		if (!err)
			err = catalog_blob(&fc, from, &blob, &size);
		catalog_free(&fc);
		if (err)
			return 2;
	}
	err = catalog_load(&to, to_files, nr_to);
	if (err)
		goto out;
	log_len = 0;
	k.in = kstate_in_open(blob, size);
	if (IS_ERR(k.in)) {
		err = tool_err(from, PTR_ERR(k.in), "blob refused: %s", log_reason());
		k.in = NULL;
		goto out;
	}
	k.nr_objs = tool_alloc(k.in->b.nr_types * sizeof(*k.nr_objs));
	for (i = 0; i < k.in->b.nr_objects; i++)
		k.nr_objs[kstate_blob_obj_type(&k.in->b, i)]++;
	if (json)
		printf("{\"types\": [");
	for (i = 0; i < k.in->b.nr_types; i++)
		check_type(&k, &to, i);
	unsafe = k.n_refused + k.n_absent + k.n_partial;
	if (json) {
		printf("\n], \"safe\": %s, \"as_is\": %u, \"converted\": %u, ",
		       unsafe ? "false" : "true", k.n_same, k.n_conv);
		printf("\"refused\": %u, \"partly_refused\": %u, \"absent\": %u}\n",
		       k.n_refused, k.n_partial, k.n_absent);
	} else {
		printf("%s: %u as is, %u converted, %u refused, %u partly refused, %u absent\n",
		       unsafe ? "NOT SAFE" : "safe", k.n_same, k.n_conv,
		       k.n_refused, k.n_partial, k.n_absent);
	}
	err = unsafe ? 1 : 0;
out:
	if (k.in)
		kstate_in_close(k.in);
	free(k.nr_objs);
	kstate_buf_free(&k.notes);
	catalog_free(&to);
	free(blob);
	return err < 0 ? 2 : err;
}

static int cmd_catalog(char **files, int nr)
{
	struct catalog c = {};
	int err = catalog_load(&c, files, nr);

	if (!err)
		print_catalog(&c);
	catalog_free(&c);
	return err ? 2 : 0;
}

/* Type @name of @c, by stable name, among the chosen ones. */
static struct cat_type *find_type(const struct catalog *c, const char *name)
{
	unsigned int i;

	for (i = 0; i < c->nr; i++)
		if (!strcmp(c->types[i]->t.name, name) && wanted(c->types[i]))
			return c->types[i];
	return NULL;
}

/* Print the verdict of catalog @from's type @name read by @to's. */
static void compat_verdict(struct catalog *from, struct catalog *to,
			   const char *name, const char *what)
{
	struct check k = { .from_catalog = true };
	void *blob;
	size_t size;
	u32 t;

	printf("  %s:\n    ", what);
	fflush(stdout);
	if (catalog_blob(from, "catalog", &blob, &size))
		return;
	k.in = kstate_in_open(blob, size);
	if (IS_ERR(k.in)) {
		printf("not readable: %s\n", log_reason());
		free(blob);
		return;
	}
	k.nr_objs = tool_alloc(k.in->b.nr_types * sizeof(*k.nr_objs));
	t = kstate_blob_find_type(&k.in->b, name);
	if (t < k.in->b.nr_types)
		check_type(&k, to, t);
	kstate_in_close(k.in);
	kstate_buf_free(&k.notes);
	free(k.nr_objs);
	free(blob);
}

/* A type's text from its fields on: "type NAME vV min M size S\n" dropped. */
static const char *skip_size(const char *text)
{
	return strchrnul(text, '\n');
}

/* Lines of @a missing from @b, prefixed by @sign. */
static void lines_not_in(const char *a, const char *b, char sign)
{
	const char *l, *e;

	for (l = a; *l; l = e + 1) {
		char *line;
		const char *m;
		bool found = false;

		e = strchrnul(l, '\n');
		line = tool_strndup(l, e - l);
		for (m = b; *m && !found; m = strchrnul(m, '\n') + !!*strchrnul(m, '\n'))
			found = !strncmp(m, line, strlen(line)) &&
				(m[strlen(line)] == '\n' || !m[strlen(line)]);
		if (!found)
			printf("  %c %s\n", sign, line);
		free(line);
		if (!*e)
			break;
	}
}

/*
 * compat GOLDEN IMAGE...: every type of the golden catalog, as the images
 * have it: unchanged, changed with a new version (what each direction
 * does, told), or changed without one, which fails: a kernel of the
 * golden catalog and this one would both claim the version and disagree
 * on what it holds.
 */
static int cmd_compat(char *golden, char **files, int nr)
{
	struct catalog g = {}, c = {};
	struct kstate_buf a = {}, b = {};
	unsigned int i, bad = 0, changed = 0;
	int err;

	err = catalog_load(&g, &golden, 1);
	if (!err)
		err = catalog_load(&c, files, nr);
	for (i = 0; !err && i < g.nr; i++) {
		struct cat_type *gt = g.types[i], *ct = find_type(&c, gt->t.name);

		if (!wanted(gt))
			continue;
		if (!ct) {
			printf("%s v%u: REMOVED: objects of it would not be restored\n",
			       gt->t.name, gt->t.version);
			bad++;
			continue;
		}
		a.len = 0;
		b.len = 0;
		dump_cat_type(gt, &a);
		dump_cat_type(ct, &b);
		kstate_buf_printf(&a, "%s", "");
		kstate_buf_printf(&b, "%s", "");
		/* sizeof() the C structure is not what is handed over */
		if (!strcmp(skip_size((char *)a.p), skip_size((char *)b.p))) {
			printf("%s v%u: unchanged\n", gt->t.name, gt->t.version);
			continue;
		}
		if (ct->t.version > gt->t.version) {
			printf("%s v%u -> v%u: changed, with a new version\n",
			       gt->t.name, gt->t.version, ct->t.version);
			changed++;
		} else {
			printf("%s v%u: CHANGED WITHOUT A VERSION BUMP%s\n",
			       gt->t.name, ct->t.version,
			       ct->t.version < gt->t.version ? " (its version went down)" : "");
			bad++;
		}
		lines_not_in((char *)a.p, (char *)b.p, '-');
		lines_not_in((char *)b.p, (char *)a.p, '+');
		compat_verdict(&g, &c, gt->t.name,
			       "upgrade, the golden kernel's state read by this one");
		compat_verdict(&c, &g, gt->t.name,
			       "rollback, this kernel's state read by the golden one");
		if (ct->t.version <= gt->t.version)
			printf("  a change of what the type holds needs KSTATE_VERSION(%u),\n%s\n",
			       gt->t.version + 1,
			       "  the change described (KSTATE_SINCE(), KSTATE_UNTIL(), ...)\n"
			       "  and the golden catalog regenerated (make catalogs)");
	}
	for (i = 0; !err && i < c.nr; i++)
		if (wanted(c.types[i]) && !find_type(&g, c.types[i]->t.name))
			printf("%s v%u: new, not in the golden catalog (make catalogs)\n",
			       c.types[i]->t.name, c.types[i]->t.version);
	if (!err)
		printf("%s: %u types changed without a version bump or removed, %u with one\n",
		       bad ? "BREAKING" : "compatible", bad, changed);
	kstate_buf_free(&a);
	kstate_buf_free(&b);
	catalog_free(&g);
	catalog_free(&c);
	return err ? 2 : !!bad;
}

static int print_usage(void)
{
	fprintf(stderr,
		"usage: kstate dump [--json] BLOB|ENVELOPE\n"
		"       kstate catalog [--json] [-t GLOB] [-x GLOB] IMAGE|CATALOG...\n"
		"       kstate check [--json] [-t GLOB] [-x GLOB] FROM TO...\n"
		"       kstate compat [-t GLOB] [-x GLOB] GOLDEN IMAGE|CATALOG...\n"
		"FROM: a blob (debugfs kstate/blob), a catalog or an image;\n"
		"TO: the next kernel's images (vmlinux, modules) or catalogs.\n"
		"check exits 0 if the next kernel takes every type, 1 if not,\n"
		"2 if an input is unreadable; compat 1 if a type of the golden\n"
		"catalog changed without a new version, or is gone.\n");
	return 2;
}

#ifndef KSTATE_TOOL_LIBRARY
int main(int argc, char **argv)
{
	const char *cmd;
	int i, n = 0;

	if (argc < 2)
		return print_usage();
	cmd = argv[1];
	for (i = 2; i < argc; i++) {
		bool glob = (!strcmp(argv[i], "-t") || !strcmp(argv[i], "-x")) &&
			    i + 1 < argc;

		if (!strcmp(argv[i], "--json"))
			json = true;
		else if (glob && argv[i][1] == 't' && nr_include < ARRAY_SIZE(include_globs))
			include_globs[nr_include++] = argv[++i];
		else if (glob && argv[i][1] == 'x' && nr_exclude < ARRAY_SIZE(exclude_globs))
			exclude_globs[nr_exclude++] = argv[++i];
		else if (argv[i][0] != '-' || !argv[i][1])
			argv[1 + ++n] = argv[i];
		else
			return print_usage();
	}
	if (!strcmp(cmd, "dump") && n == 1)
		return cmd_dump(argv[2]);
	if (!strcmp(cmd, "catalog") && n >= 1)
		return cmd_catalog(argv + 2, n);
	if (!strcmp(cmd, "check") && n >= 2)
		return cmd_check(argv[2], argv + 3, n - 1);
	if (!strcmp(cmd, "compat") && n >= 2)
		return cmd_compat(argv[2], argv + 3, n - 1);
	return print_usage();
}
#endif /* KSTATE_TOOL_LIBRARY */
