// SPDX-License-Identifier: GPL-2.0
/*
 * KSTATE reader, version resolution: for each (writer type, reader type)
 * pair a plan is computed once per blob: one op per reader field, resolved
 * by name and aliases to the writer's field, with the conversion it needs.
 *
 * Built both into the kernel and, through tools/testing/kstate/, on the host.
 */
#define pr_fmt(fmt) "kstate: " fmt

#include "kstate_internal.h"

static const char *wtype_name(const struct kstate_in *in, u32 wtype)
{
	return kstate_blob_str(&in->b, le32_to_cpu(in->b.types[wtype].name));
}

static const char *wfield_name(const struct kstate_in *in,
			       const struct kstate_field_ser *w)
{
	return kstate_blob_str(&in->b, le32_to_cpu(w->name));
}

/* Is @name one of the former names of reader field @f? */
static bool reader_alias(const struct kstate_field *f, const char *name)
{
	const char *a;

	for (a = f->aliases; a && *a; a += strlen(a) + 1)
		if (!strcmp(a, name))
			return true;
	return false;
}

/* Is @name one of the former names of writer field @w? */
static bool writer_alias(const struct kstate_in *in,
			 const struct kstate_field_ser *w, const char *name)
{
	const char *a;

	for (a = kstate_blob_aliases(&in->b, w); *a; a += strlen(a) + 1)
		if (!strcmp(a, name))
			return true;
	return false;
}

/* Does any alive field of the reader's @type have @name as a former name? */
static bool reader_knows_rename(const struct kstate_type *type,
				const char *name)
{
	unsigned int i;

	for (i = 0; i < type->nr_fields; i++)
		if (kstate_field_alive(&type->fields[i], type->version) &&
		    reader_alias(&type->fields[i], name))
			return true;
	return false;
}

/**
 * struct plan_match - resolving reader fields to writer fields
 * @in: the incoming state.
 * @wtype: the writer's type index.
 * @nr_wfields: its number of fields.
 * @wversion: its version.
 * @type: the reader's type.
 * @used: per writer field, taken by a reader field.
 * @match: per reader field, the writer field index, or -1.
 */
struct plan_match {
	struct kstate_in *in;
	u32 wtype;
	u32 nr_wfields;
	u32 wversion;
	const struct kstate_type *type;
	bool *used;
	int *match;
};

static const struct kstate_field_ser *wfield(const struct plan_match *m, u32 j)
{
	return kstate_blob_field(&m->in->b, m->wtype, j);
}

/* Did the reader's field @f exist in the writer's version of the type? */
static bool in_writer_version(const struct plan_match *m,
			      const struct kstate_field *f)
{
	return m->wversion > m->type->version ||
	       kstate_field_alive(f, m->wversion);
}

static void take(struct plan_match *m, unsigned int i, u32 j)
{
	m->match[i] = j;
	m->used[j] = true;
}

/*
 * Pass 1, current names: a reader field that existed in the writer's
 * version takes the writer field of the same name. Unless the writer has
 * another field that names it as a former name and the reader knows of no
 * such rename: then the writer renamed the field after the reader's
 * version and reused its name for a new one, and the renamed field is the
 * reader's.
 */
static void match_names(struct plan_match *m)
{
	const struct kstate_type *type = m->type;
	unsigned int i;
	u32 j, exact, renamed;

	for (i = 0; i < type->nr_fields; i++) {
		const struct kstate_field *f = &type->fields[i];

		if (!kstate_field_alive(f, type->version) ||
		    !in_writer_version(m, f))
			continue;
		exact = m->nr_wfields;
		renamed = m->nr_wfields;
		for (j = 0; j < m->nr_wfields; j++) {
			if (m->used[j])
				continue;
			if (exact == m->nr_wfields &&
			    !strcmp(wfield_name(m->in, wfield(m, j)), f->name))
				exact = j;
			else if (renamed == m->nr_wfields &&
				 writer_alias(m->in, wfield(m, j), f->name))
				renamed = j;
		}
		if (exact < m->nr_wfields && renamed < m->nr_wfields &&
		    !reader_knows_rename(type, f->name))
			take(m, i, renamed);
		else if (exact < m->nr_wfields)
			take(m, i, exact);
	}
}

/* Is writer field @w reader field @f by a former name of either? */
static bool known_by_alias(const struct plan_match *m,
			   const struct kstate_field *f,
			   const struct kstate_field_ser *w)
{
	return reader_alias(f, wfield_name(m->in, w)) ||
	       writer_alias(m->in, w, f->name);
}

/* Is writer field @w reader field @f by its current name? */
static bool known_by_name(const struct plan_match *m,
			  const struct kstate_field *f,
			  const struct kstate_field_ser *w)
{
	return !strcmp(wfield_name(m->in, w), f->name);
}

/*
 * Passes 2 to 4. Each reader field still unresolved, among those the
 * writer's version had (@late false) or those added after it (@late true),
 * takes the first unused writer field @known() says it is. Pass 2: the
 * fields of the writer's version, by former names. Passes 3 and 4: fields
 * added after the writer's version (a vendor kernel had them earlier), by
 * exact name, then by former names. So a name a rename freed goes to the
 * renamed field first, whatever the order of declaration.
 */
static void match_more(struct plan_match *m, bool late,
		       bool (*known)(const struct plan_match *m,
				     const struct kstate_field *f,
				     const struct kstate_field_ser *w))
{
	const struct kstate_type *type = m->type;
	unsigned int i;
	u32 j;

	for (i = 0; i < type->nr_fields; i++) {
		const struct kstate_field *f = &type->fields[i];

		if (m->match[i] >= 0 || !kstate_field_alive(f, type->version) ||
		    late == in_writer_version(m, f))
			continue;
		for (j = 0; j < m->nr_wfields; j++)
			if (!m->used[j] && known(m, f, wfield(m, j)))
				break;
		if (j < m->nr_wfields)
			take(m, i, j);
	}
}

static int plan_ints(const struct kstate_type *type, struct kstate_op *op,
		     const struct kstate_field *f, u8 wkind)
{
	u8 kind = f->kind;

	if (f->bf_set) {
		if (op->scount != 1)
			return -EINVAL;
		op->op = OP_BITFIELD;
		return kstate_bitfield_probe(type, f, NULL, &op->bits);
	}
	op->op = OP_INT;
	op->dsize = kind == KSTATE_KIND_BOOL ? 1 : f->size;
	if (kind == KSTATE_KIND_SINT)
		op->flags |= OPF_DSIGN;
	if (kind == KSTATE_KIND_BOOL)
		op->flags |= OPF_DBOOL;
	else if (wkind == kind && op->ssize == f->size)
		op->flags |= OPF_COPY;
	return 0;
}

/* STRUCT, PTR, LIST and VARRAY of structures: the writer's type by name. */
static int plan_typed(struct kstate_in *in, struct kstate_op *op,
		      const struct kstate_field *f, const char **why)
{
	*why = "type changed";
	if (strcmp(wtype_name(in, op->stype), f->type->name))
		return -EINVAL;
	if (f->kind != KSTATE_KIND_STRUCT)
		return 0;
	/* the reader's C types cannot embed themselves: this ends */
	op->sub = kstate_plan_get(in, op->stype, f->type);
	if (IS_ERR(op->sub))
		return PTR_ERR(op->sub);
	return op->sub->err;
}

static int plan_varray(struct kstate_in *in, struct kstate_op *op,
		       const struct kstate_field *f, u8 welem, const char **why)
{
	int err;

	op->op = OP_VARRAY;
	if (f->elem_kind == KSTATE_KIND_STRUCT) {
		*why = "element type changed";
		if (welem != KSTATE_KIND_STRUCT)
			return -EINVAL;
		err = plan_typed(in, op, f, why);
		if (err)
			return err;
		/* may be a plan being built: its @err is read when decoding */
		op->sub = kstate_plan_get(in, op->stype, f->type);
		return PTR_ERR_OR_ZERO(op->sub);
	}
	*why = "element kind changed";
	if (welem == KSTATE_KIND_STRUCT)
		return -EINVAL;
	op->flags &= ~OPF_SSIGN;
	if (welem == KSTATE_KIND_SINT)
		op->flags |= OPF_SSIGN;
	if (f->elem_kind == KSTATE_KIND_SINT)
		op->flags |= OPF_DSIGN;
	op->dsize = f->size;
	return 0;
}

static bool kind_is_int(u8 kind)
{
	return kstate_kind(kind)->flags & KSTATE_KF_INT;
}

static const u8 kind_opcode[] = {
	[KSTATE_KIND_BYTES] = OP_BYTES,
	[KSTATE_KIND_STRING] = OP_STRING,
	[KSTATE_KIND_STRUCT] = OP_STRUCT,
	[KSTATE_KIND_PTR] = OP_PTR,
	[KSTATE_KIND_LIST] = OP_LIST,
	[KSTATE_KIND_CUSTOM] = OP_CUSTOM,
	[KSTATE_KIND_PAGES] = OP_PAGES,
	[KSTATE_KIND_VARRAY] = OP_VARRAY,
	[KSTATE_KIND_XARRAY] = OP_XARRAY,
};

/*
 * Set up op @op for reader field @f from writer field @w. Integers and
 * bools convert into each other; any other kind must stay what it was.
 */
static int plan_field(struct kstate_in *in, const struct kstate_type *type,
		      struct kstate_op *op, const struct kstate_field *f,
		      const struct kstate_field_ser *w)
{
	const char *why = "kind changed";
	u8 kind = f->bf_set ? KSTATE_KIND_UINT : f->kind;
	int err = -EINVAL;

	op->scount = le32_to_cpu(w->count);
	op->stype = le32_to_cpu(w->type);
	op->ssize = w->kind == KSTATE_KIND_BOOL ? 1 : le32_to_cpu(w->size);
	if (w->kind == KSTATE_KIND_SINT)
		op->flags |= OPF_SSIGN;

	if (kind_is_int(kind)) {
		if (kind_is_int(w->kind))
			err = plan_ints(type, op, f, w->kind);
	} else if (w->kind == kind && kind < ARRAY_SIZE(kind_opcode) &&
		   kind_opcode[kind]) {
		op->op = kind_opcode[kind];
		err = 0;
		if (kind == KSTATE_KIND_VARRAY)
			err = plan_varray(in, op, f, w->elem_kind, &why);
		else if (kind == KSTATE_KIND_XARRAY)
			err = w->elem_kind == f->elem_kind ? 0 : -EINVAL;
		if (!err && f->type && kind != KSTATE_KIND_VARRAY)
			err = plan_typed(in, op, f, &why);
		if (f->reuse)
			op->op = OP_PTR_REUSE;
	}
	if (err == -EINVAL)
		pr_err("type %s field %s: %s (writer kind %u, reader kind %u)\n",
		       type->name, f->name, why, w->kind, f->kind);
	return err;
}

/* Bytes op @op copies from the wire as they are, or 0. */
static u32 op_copies(const struct kstate_op *op)
{
	const struct kstate_field *f = op->f;

	if (op->group)
		return 0;	/* decoded or not, object by object */
	if (op->op == OP_INT && (op->flags & OPF_COPY) && kstate_le_native() &&
	    op->scount == f->count)
		return f->count * op->dsize;
	if (op->op == OP_BYTES && op->ssize == f->size)
		return f->size;
	return 0;
}

/* Does @op set a bitfield in the window of the object @first does? */
static bool op_same_bits(const struct kstate_op *first,
			 const struct kstate_op *op)
{
	return op->op == OP_BITFIELD && op->bits.load &&
	       op->bits.off == first->bits.off &&
	       op->bits.load == first->bits.load;
}

/*
 * Are the @n bitfield ops at @op one-bit flags in a row, each from one
 * unsigned byte of the writer's fixed part, all in a row?
 */
static bool op_flags(const struct kstate_op *op, u32 n)
{
	u32 k;

	for (k = 0; k < n; k++)
		if (op[k].bits.width != 1 || op[k].bits.kind != KSTATE_KIND_UINT ||
		    op[k].ssize != 1 || (op[k].flags & OPF_SSIGN) ||
		    op[k].soff != op->soff + k ||
		    op[k].bits.shift != op->bits.shift + k)
			return false;
	return true;
}

/*
 * Coalesce ops that are plain copies (op_copies()) of fields that lie one
 * after the other both in the record and in the object into runs, each
 * decoded by one memcpy(), and bitfields that share a window of the object
 * into groups, each written by one store (up to 8 flags in a row are one
 * group). The record's bounds were checked for the whole fixed part; a
 * copy has nothing to check.
 */
static void plan_runs(struct kstate_plan *plan)
{
	struct kstate_op *ops = plan->ops;
	u32 i, j, n;

	for (i = 0; i < plan->nr_ops; i = j) {
		j = i + 1;
		if (op_same_bits(&ops[i], &ops[i])) {
			while (j < plan->nr_ops && op_same_bits(&ops[i], &ops[j]))
				j++;
			if (op_flags(&ops[i], min(j - i, 8U))) {
				j = min(j, i + 8);
				ops[i].bflags = true;
			}
			ops[i].nbits = j - i;
			continue;
		}
		n = op_copies(&ops[i]);
		if (!n)
			continue;
		for (; j < plan->nr_ops && op_copies(&ops[j]) &&
		     ops[j].soff == ops[i].soff + n &&
		     ops[j].f->offset == ops[i].f->offset + n; j++)
			n += op_copies(&ops[j]);
		ops[i].run = n;
		ops[i].span = j - i;
	}
}

/* Does op @op, the @n-th of its plan, decode without any conversion? */
static bool op_identical(const struct kstate_op *op, u32 n)
{
	const struct kstate_field *f = op->f;
	bool same_sign = !(op->flags & OPF_SSIGN) == !(op->flags & OPF_DSIGN);

	if (op->wfield != n || op->scount != f->count ||
	    !(op->w->flags & KSTATE_FIELD_COND) != !f->save_if)
		return false;
	switch (op->op) {
	case OP_INT:
		return op->ssize == op->dsize && same_sign;
	case OP_BYTES:
	case OP_STRING:
		return op->ssize == f->size;
	case OP_STRUCT:
		return op->sub->identical;
	case OP_VARRAY:
		return !f->type && op->ssize == f->size && same_sign;
	case OP_PTR:
	case OP_PTR_REUSE:
	case OP_LIST:
	case OP_XARRAY:
		return true;
	default:
		return false;
	}
}

/*
 * Set up one op per reader field alive in the reader's version, from the
 * writer field it resolved to (in @m->match), or its default.
 */
static int plan_ops(struct kstate_plan *plan, struct plan_match *m,
		    const u32 *woff)
{
	const struct kstate_type *type = plan->type;
	unsigned int i;
	u32 n = 0;
	int err;

	for (i = 0; i < type->nr_fields; i++) {
		const struct kstate_field *f = &type->fields[i];
		struct kstate_op *op;

		if (!kstate_field_alive(f, type->version))
			continue;
		op = &plan->ops[n++];
		op->f = f;
		plan->nr_ops = n;
		if (m->match[i] < 0) {
			plan->identical = false;
			/*
			 * Added after the writer's version: default. A newer
			 * writer may have dropped it, and any writer may lack
			 * an optional field: default too. Otherwise the writer
			 * should have had it.
			 */
			if (!in_writer_version(m, f) ||
			    m->wversion > type->version || f->optional) {
				op->op = OP_DEFAULT;
				op->inner = OP_DEFAULT;
				continue;
			}
			pr_err("type %s field %s: missing from the blob (writer version %u)\n",
			       type->name, f->name, m->wversion);
			return -EINVAL;
		}
		op->wfield = m->match[i];
		op->w = wfield(m, op->wfield);
		op->soff = woff[op->wfield];
		op->wversion = m->wversion;
		err = plan_field(m->in, type, op, f, wfield(m, op->wfield));
		if (err)
			return err;
		op->sstride = op->op == OP_STRUCT ? m->in->b.fixed[op->stype] :
			      kstate_wire_elem(wfield(m, op->wfield)->kind,
					       op->ssize);
		if (!op_identical(op, n - 1))
			plan->identical = false;
		op->inner = op->op;
		if (op->w->flags & KSTATE_FIELD_COND)
			op->op = OP_COND;	/* no runs: op_copies() is 0 */
		if (f->must_match ||
		    (op->inner == OP_STRUCT && op->sub->must_match))
			plan->must_match = true;
	}
	return 0;
}

/*
 * Writer fields no reader field took: skipped, unless critical. A critical
 * one that is saved for some objects only refuses those objects.
 */
static int plan_unused(struct kstate_plan *plan, const struct plan_match *m,
		       const u32 *woff)
{
	u32 j;

	for (j = 0; j < m->nr_wfields; j++) {
		const struct kstate_field_ser *w = wfield(m, j);

		if (m->used[j])
			continue;
		plan->identical = false;
		if (!(w->flags & KSTATE_FIELD_CRITICAL))
			continue;
		if (!(w->flags & KSTATE_FIELD_COND)) {
			pr_err("type %s: writer field %s is critical and unknown to this kernel\n",
			       plan->type->name, wfield_name(m->in, w));
			return -EOPNOTSUPP;
		}
		if (!plan->refuse) {
			plan->refuse = kcalloc(m->nr_wfields, sizeof(*plan->refuse),
					       GFP_KERNEL);
			if (!plan->refuse)
				return -ENOMEM;
		}
		plan->refuse[plan->nr_refuse++] = (struct kstate_refuse){
			.off = woff[j] - 1, .name = wfield_name(m->in, w),
		};
	}
	return 0;
}

/* Offset of each writer field of @m in the writer's fixed part. */
static void writer_offsets(const struct plan_match *m, u32 *woff)
{
	u32 j, off = 0;

	for (j = 0; j < m->nr_wfields; j++) {
		const struct kstate_field_ser *w = wfield(m, j);
		u32 elem = w->kind == KSTATE_KIND_STRUCT ?
			   m->in->b.fixed[le32_to_cpu(w->type)] :
			   kstate_wire_elem(w->kind, le32_to_cpu(w->size));

		if (w->flags & KSTATE_FIELD_COND)
			off++;	/* the presence byte */
		woff[j] = off;
		off += elem * le32_to_cpu(w->count);
	}
}

static int build_plan(struct kstate_plan *plan, struct plan_match *m)
{
	const struct kstate_type *type = plan->type;
	unsigned int i;
	u32 *woff;
	int err;

	if (m->wversion < type->min_version) {
		pr_err("type %s: writer version %u is older than min_version %u\n",
		       type->name, m->wversion, type->min_version);
		return -EPROTO;
	}
	woff = kcalloc(m->nr_wfields + 1, sizeof(*woff), GFP_KERNEL);
	m->used = kcalloc(m->nr_wfields + 1, sizeof(*m->used), GFP_KERNEL);
	m->match = kcalloc(type->nr_fields + 1, sizeof(*m->match), GFP_KERNEL);
	err = -ENOMEM;
	if (woff && m->used && m->match) {
		for (i = 0; i < type->nr_fields; i++)
			m->match[i] = -1;
		writer_offsets(m, woff);
		match_names(m);
		match_more(m, false, known_by_alias);
		match_more(m, true, known_by_name);
		match_more(m, true, known_by_alias);
		plan->identical = m->wversion == type->version;
		err = plan_ops(plan, m, woff);
		if (!err)
			err = plan_unused(plan, m, woff);
	}
	kfree(woff);
	kfree(m->used);
	kfree(m->match);
	return err;
}

/*
 * Mark in @mask the bytes of the members of @t described in its version,
 * at @base in the object: embedded structures recurse (static depth), a
 * VARRAY is its pointer and its count member, and a bitfield is the bits
 * its accessor sets on the zeroed @probe (then cleared again), so that the
 * commit leaves the other bitfields sharing its bytes alone.
 */
static void commit_mark(const struct kstate_type *t, u32 base, u8 *mask,
			u8 *probe)
{
	unsigned int i, k;

	for (i = 0; i < t->nr_fields; i++) {
		const struct kstate_field *f = &t->fields[i];

		if (!kstate_field_alive(f, t->version))
			continue;
		if (f->bf_set) {
			f->bf_set(probe + base, ~0ULL);
			for (k = base; k < base + t->size; k++) {
				mask[k] |= probe[k];
				probe[k] = 0;
			}
		} else if (f->kind == KSTATE_KIND_STRUCT) {
			for (k = 0; k < f->count; k++)
				commit_mark(f->type,
					    base + f->offset + k * f->type->size,
					    mask, probe);
		} else if (f->kind == KSTATE_KIND_VARRAY) {
			/* a flexible array's elements are copied apart */
			if (!f->flex)
				memset(mask + base + f->offset, 0xff,
				       sizeof(void *));
			memset(mask + base + f->aux, 0xff, f->aux_size);
		} else {
			memset(mask + base + f->offset, 0xff,
			       kstate_field_extent(f));
		}
	}
}

/*
 * The commit steps of reader type @t: runs of described bytes, copied
 * whole, and bytes a bitfield shares with members not described, copied
 * through their mask.
 */
static int commit_steps(struct kstate_plan *plan, const struct kstate_type *t)
{
	u8 *mask = kzalloc(t->size, GFP_KERNEL);
	u8 *probe = kzalloc(t->size, GFP_KERNEL);
	u32 i, j, n = 0, pass;
	int err = -ENOMEM;

	if (!mask || !probe)
		goto out;
	commit_mark(t, 0, mask, probe);
	/* count the steps, then fill them in */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0, n = 0; i < t->size; i = j, n++) {
			for (j = i; j < t->size && !mask[j]; j++)
				;
			if (j == t->size)
				break;
			i = j++;
			if (mask[i] == 0xff)
				for (; j < t->size && mask[j] == 0xff; j++)
					;
			if (pass)
				plan->commit[n] = (struct kstate_commit){
					.off = i, .len = j - i,
					.mask = mask[i] == 0xff ? 0 : mask[i],
				};
		}
		if (!pass) {
			plan->commit = kcalloc(n ?: 1, sizeof(*plan->commit),
					       GFP_KERNEL);
			if (!plan->commit)
				goto out;
		}
	}
	plan->nr_commit = n;
	err = 0;
out:
	kfree(mask);
	kfree(probe);
	return err;
}

/*
 * Members of a union: reader fields whose bytes overlap, directly or
 * through others, each op marked with 1 + the index of the first op of its
 * union (its group). A record may hold several of them (a writer that had
 * no union, a crafted blob): only one is decoded (see dec_union()), so
 * that none is written over another.
 */
static void plan_unions(struct kstate_plan *plan)
{
	struct kstate_op *ops = plan->ops;
	u16 gi, gj, to;
	u32 i, j, k;

	for (i = 0; i < plan->nr_ops; i++) {
		for (j = i + 1; j < plan->nr_ops; j++) {
			if (!kstate_fields_overlap(ops[i].f, ops[j].f))
				continue;
			gi = ops[i].group ?: i + 1;
			gj = ops[j].group ?: j + 1;
			to = min(gi, gj);
			ops[i].group = to;
			ops[j].group = to;
			/* one union: the two, and the members of theirs */
			for (k = 0; k < plan->nr_ops; k++)
				if (ops[k].group == gi || ops[k].group == gj)
					ops[k].group = to;
		}
	}
}

/* The flexible array member of the plan's type, and its op. */
static void plan_flex(struct kstate_plan *plan)
{
	const struct kstate_field *f = kstate_type_flex(plan->type);
	u32 i;

	for (i = 0; f && i < plan->nr_ops; i++) {
		if (plan->ops[i].f == f) {
			plan->flex = f;
			plan->flex_op = &plan->ops[i];
		}
	}
}

/* A new plan for (@wtype, @type), listed, whatever its outcome. */
/*
 * Build @plan, listed already, for writer type @wtype: from scratch, also
 * when a build before failed for lack of memory (its ops, commit steps
 * and refusals are dropped; the plan keeps its place, which other plans
 * may point to).
 */
static void plan_build(struct kstate_in *in, u32 wtype,
		       struct kstate_plan *plan)
{
	const struct kstate_type *type = plan->type;
	const struct kstate_type_ser *ts = &in->b.types[wtype];
	struct plan_match m = {
		.in = in, .wtype = wtype, .type = type,
		.nr_wfields = le32_to_cpu(ts->nr_fields),
		.wversion = le32_to_cpu(ts->version),
	};

	kfree(plan->commit);
	kfree(plan->refuse);
	memset(plan->ops, 0, array_size(type->nr_fields, sizeof(*plan->ops)));
	plan->err = 0;
	plan->identical = false;
	plan->must_match = false;
	plan->flex = NULL;
	plan->flex_op = NULL;
	plan->commit = NULL;
	plan->nr_commit = 0;
	plan->refuse = NULL;
	plan->nr_refuse = 0;
	plan->nr_ops = 0;
	plan->wversion = m.wversion;
	plan->err = build_plan(plan, &m);
	if (!plan->err)
		plan->err = commit_steps(plan, type);
	if (!plan->err)
		plan_flex(plan);
	if (!plan->err)
		plan_unions(plan);
	if (!plan->err)
		plan_runs(plan);
	if (!plan->identical && !plan->err)
		in->stats.converted++;
}

static struct kstate_plan *plan_new(struct kstate_in *in, u32 wtype,
				    const struct kstate_type *type)
{
	struct kstate_plan *plan;

	if (kstate_type_check(type))
		return ERR_PTR(-EINVAL);
	plan = kzalloc(struct_size(plan, ops, type->nr_fields), GFP_KERNEL);
	if (!plan)
		return ERR_PTR(-ENOMEM);
	plan->type = type;
	plan->pre_restore = type->ops ? type->ops->pre_restore : NULL;
	/*
	 * Listed before it is built: a variable array of the type's own
	 * structures (or of one that has one of these) refers to it. It is
	 * kept whatever the outcome, since such references may exist.
	 */
	plan->next = in->plans[wtype];
	in->plans[wtype] = plan;
	plan_build(in, wtype, plan);
	return plan;
}

/**
 * kstate_plan_get() - the plan of a reader type for a writer type
 * @in: the incoming state
 * @wtype: the writer's type, an index into the blob's type table
 * @type: the reader's type
 *
 * Computed once per pair and kept until kstate_in_close() (or until types
 * go away, kstate_in_forget_types()). A plan that refuses the pair (its
 * @err) is kept too, and refuses every object; one that ran out of memory
 * is built again, in place, by the next call.
 *
 * Return: the plan, or ERR_PTR(-ENOMEM) / ERR_PTR(-EINVAL) for a malformed
 * reader type.
 */
struct kstate_plan *kstate_plan_get(struct kstate_in *in, u32 wtype,
				    const struct kstate_type *type)
{
	struct kstate_plan *plan;

	for (plan = in->plans[wtype]; plan; plan = plan->next) {
		if (plan->type != type)
			continue;
		/* out of memory last time: a restore tried again builds it */
		if (unlikely(plan->err == -ENOMEM))
			plan_build(in, wtype, plan);
		return plan;
	}
	return plan_new(in, wtype, type);
}

/**
 * kstate_plans_empty() - drop every plan of an incoming state
 * @in: the incoming state
 *
 * They are computed again when needed.
 */
void kstate_plans_empty(struct kstate_in *in)
{
	struct kstate_plan *plan;
	u32 t;

	for (t = 0; in->plans && t < in->b.nr_types; t++) {
		while ((plan = in->plans[t])) {
			in->plans[t] = plan->next;
			kfree(plan->commit);
			kfree(plan->refuse);
			kfree(plan);
		}
	}
}

/**
 * kstate_plans_free() - free every plan of an incoming state, and their
 *	table
 * @in: the incoming state
 */
void kstate_plans_free(struct kstate_in *in)
{
	kstate_plans_empty(in);
	kvfree(in->plans);
	in->plans = NULL;
}
