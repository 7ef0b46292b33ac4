// SPDX-License-Identifier: GPL-2.0
/*
 * The kstate tool's test kernel, in two generations (-DGEN=1, -DGEN=2):
 * its types carry their catalog in .kstate_catalog, as vmlinux does (the
 * object file is the stand-in of a module: addresses in relocations; the
 * program, linked without PIE, of vmlinux: addresses in place), and the
 * program runs the real engine to write and to restore blobs.
 *
 * Usage: gen save BLOB TEXT ENVELOPE   the objects below, saved
 *        gen restore BLOB              restore every key of every type:
 *                                      "TYPE KEY restored|failed -ERRNO"
 *
 * Between the generations: tt_dev renames irq (v2: irq_vector), has 6
 * bars instead of 4, drops legacy and adds pasid (default 20); tt_feat
 * adds a critical field saved only for objects that have it; tt_min
 * breaks compatibility (v3, min_version 3); tt_new exists only in 2.
 */
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
struct kunit *kstate_host_current_test;

u32 crc32c(u32 crc, const void *p, size_t len)
{
	return kstate_host_crc32c_sw(crc, p, len);
}

struct tt_leaf {
	u32 a;
	u16 b;
};

#ifndef TT_BARS
#define TT_BARS		(GEN == 1 ? 4 : 6)
#endif

struct tt_dev {
	u32 id;
#if GEN == 1
	u32 irq;
#else
	u32 irq_vector;
#endif
	u16 bars[TT_BARS];
	u8 legacy;
	u32 pasid;
	unsigned int flag:1;
	unsigned int mode:3;
	char name[16];
	struct tt_leaf leaf;
	struct tt_leaf *ptr;
	u32 scratch;
};

struct tt_feat {
	u32 v;
	u32 secret;
};

struct tt_min {
	u64 x;
};

KSTATE_DEFINE(tt_leaf, struct tt_leaf,
	      KSTATE_U32(a),
	      KSTATE_U16(b));

#if GEN == 1
KSTATE_DEFINE(tt_dev, struct tt_dev,
	      KSTATE_U32(id, KSTATE_MUST_MATCH),
	      KSTATE_U32(irq),
	      KSTATE_UINT_ARRAY(bars),
	      KSTATE_U8(legacy),
	      KSTATE_BITFIELD(flag),
	      KSTATE_BITFIELD(mode),
	      KSTATE_STRING(name),
	      KSTATE_STRUCT(leaf, tt_leaf),
	      KSTATE_PTR(ptr, tt_leaf),
	      KSTATE_SKIP(scratch));
KSTATE_DEFINE(tt_feat, struct tt_feat,
	      KSTATE_U32(v));
KSTATE_DEFINE(tt_min, struct tt_min,
	      KSTATE_U64(x));
#else
static bool tt_has_secret(const void *obj)
{
	return ((const struct tt_feat *)obj)->secret;
}

KSTATE_DEFINE(tt_dev, struct tt_dev,
	      KSTATE_VERSION(2),
	      KSTATE_U32(id, KSTATE_MUST_MATCH),
	      KSTATE_U32(irq_vector, KSTATE_ALIASES("irq", "interrupt")),
	      KSTATE_UINT_ARRAY(bars),
	      KSTATE_U8(legacy, KSTATE_UNTIL(2)),
	      KSTATE_U32(pasid, KSTATE_SINCE(2), KSTATE_DEFAULT(20)),
	      KSTATE_BITFIELD(flag),
	      KSTATE_BITFIELD(mode),
	      KSTATE_STRING(name),
	      KSTATE_STRUCT(leaf, tt_leaf),
	      KSTATE_PTR(ptr, tt_leaf),
	      KSTATE_SKIP(scratch));
KSTATE_DEFINE(tt_feat, struct tt_feat,
	      KSTATE_VERSION(2),
	      KSTATE_U32(v),
	      KSTATE_U32(secret, KSTATE_SINCE(2), KSTATE_CRITICAL,
			 KSTATE_SAVE_IF(tt_has_secret)));
KSTATE_DEFINE(tt_min, struct tt_min,
	      KSTATE_VERSION(3), KSTATE_MIN_VERSION(3),
	      KSTATE_U64(x));
KSTATE_DEFINE(tt_new, struct tt_min,
	      KSTATE_U64(x));
#endif

static const struct {
	const struct kstate_type *type;
	u64 key;
} objs[] = {
	{ &tt_dev_kstate_type, 1 }, { &tt_dev_kstate_type, 2 },
	{ &tt_dev_kstate_type, 3 },
	{ &tt_feat_kstate_type, 1 }, { &tt_feat_kstate_type, 2 },
	{ &tt_min_kstate_type, 1 },
#if GEN == 2
	{ &tt_new_kstate_type, 7 },
#endif
};

static union {
	struct tt_dev dev;
	struct tt_feat feat;
	struct tt_min min;
} store[ARRAY_SIZE(objs)];

static struct tt_leaf shared = { .a = 5, .b = 6 };

static void fill(unsigned int i)
{
	u64 key = objs[i].key;

	if (objs[i].type == &tt_dev_kstate_type) {
		struct tt_dev *d = &store[i].dev;

		d->id = key;
#if GEN == 1
		d->irq = 32 + key;
#else
		d->irq_vector = 32 + key;
#endif
		d->bars[0] = 0x1000 * key;
		d->bars[3] = 0xff;
		d->legacy = key & 1;
		d->pasid = 16;
		d->flag = 1;
		d->mode = key;
		snprintf(d->name, sizeof(d->name), "dev%llu",
			 (unsigned long long)key);
		d->leaf.a = key;
		d->ptr = key == 2 ? NULL : &shared;
	} else if (objs[i].type == &tt_feat_kstate_type) {
		store[i].feat.v = 10 * key;
		store[i].feat.secret = key == 2 ? 0x5ec : 0;
	} else {
		store[i].min.x = key << 32;
	}
}

static int write_file(const char *path, const void *p, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(p, 1, len, f) != len || fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

static int save(char **argv)
{
	struct kstate_envelope env = {};
	struct kstate_out *out = kstate_out_create();
	char fdt[4096], *text;
	size_t size, len;
	unsigned int i;
	void *blob;
	int err = IS_ERR(out);

	for (i = 0; !err && i < ARRAY_SIZE(objs); i++) {
		fill(i);
		err = kstate_out_add(out, objs[i].type, objs[i].key, &store[i]);
	}
	if (!err)
		err = kstate_out_save(out, &blob, &size);
	if (err) {
		fprintf(stderr, "gen: saving: %d\n", err);
		return 1;
	}
	err = kstate_blob_to_text(blob, size, &text, &len);
	env.size = size;
	env.crc = kstate_blob_crc(blob, size);
	env.save_ns = 1234;
	env.stream.total_pages = DIV_ROUND_UP(size, PAGE_SIZE);
	err = err ?: kstate_envelope_build(fdt, sizeof(fdt), &env);
	err = err ?: write_file(argv[2], blob, size) ||
		     write_file(argv[3], text, len) ||
		     write_file(argv[4], fdt, fdt_totalsize(fdt));
	kvfree(text);
	kvfree(blob);
	kstate_out_destroy(out);
	return !!err;
}

static int restore(const char *path)
{
	static char buf[1 << 20];
	FILE *f = fopen(path, "rb");
	struct kstate_in *in;
	size_t size;
	unsigned int i;
	int err;

	if (!f)
		return 1;
	size = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	in = kstate_in_open(buf, size);
	if (IS_ERR(in)) {
		fprintf(stderr, "gen: open: %ld\n", PTR_ERR(in));
		return 1;
	}
	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		memset(&store[i], 0, sizeof(store[i]));
		/* the identity a must-match field is checked against */
		store[i].dev.id = objs[i].type == &tt_dev_kstate_type ? objs[i].key : 0;
		if (!kstate_in_present(in, objs[i].type, objs[i].key))
			continue;
		err = kstate_in_restore(in, objs[i].type, objs[i].key, &store[i]);
		if (err)
			printf("%s %llu failed %d\n", objs[i].type->name,
			       (unsigned long long)objs[i].key, err);
		else
			printf("%s %llu restored\n", objs[i].type->name,
			       (unsigned long long)objs[i].key);
	}
	kstate_in_close(in);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "save"))
		return save(argv);
	if (argc == 3 && !strcmp(argv[1], "restore"))
		return restore(argv[2]);
	fprintf(stderr, "usage: gen save BLOB TEXT ENVELOPE | gen restore BLOB\n");
	return 2;
}
