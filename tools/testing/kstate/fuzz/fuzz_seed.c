// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzers' seed corpus, made by the engine itself: blobs of the fuzzed
 * types (both versions, with lists, pointers, xarrays and variable arrays
 * filled, and one leaf shared by every object; the more types' objects
 * with every other kind filled, and one entry shared) in DIR/blob/, each
 * checked to restore with both versions of the types, and a handover
 * envelope in DIR/envelope/.
 *
 * Usage: fuzz_seed DIR
 */
#include <errno.h>
#include <sys/stat.h>

#include "fuzz_engine.h"

static int write_file(const char *dir, const char *name, const void *p,
		      size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, len, f) != len) {
		perror(path);
		return -1;
	}
	return fclose(f);
}

static void fill_leaf(struct fz_leaf *l, int i)
{
	l->a = 1000 + i;
	l->b = -i;
	l->c = i & 1;
	memcpy(l->bytes, "\x01\x02\x03\x04\x05\x06", 6);
	snprintf(l->name, sizeof(l->name), "leaf%d", i);
	l->bits = i & 7;
	l->flag = 1;
	l->wide = 1ULL << (32 + i % 30);
	l->neg = -5;
	l->arr[0] = i;
	l->arr[2] = ~i;
	l->bools[1] = true;
}

/* the more types' writer objects: everything they point to is static */
static struct fz_ent ents[4][4], shared_ent = { .cap = 7, .word = -7 };
static struct fz_hnode hnodes[2][4][2];	/* of each version's writers */
static u32 limits[4];
/* flexible structures with their room */
#define ROOM(t, e, n)	((sizeof(struct t) + (n) * sizeof(e) + 7) / 8)
static u64 seed_ints[4][ROOM(fz_flexint, s16, 3)];
static u64 seed_flex[4][ROOM(fz_flex, struct fz_ent, 2)];
static u64 seed_kept[4][ROOM(fz_flex, struct fz_ent, 1)];
static u64 seed_fbytes[4][ROOM(fz_fbytes, u8, 6)];

#define FZ_FILL_MORE(w, i, h) do {						\
	struct fz_flexint *ints_ = (void *)seed_ints[i];		\
	struct fz_flex *flex_ = (void *)seed_flex[i];			\
	struct fz_flex *kept_ = (void *)seed_kept[i];			\
	struct fz_fbytes *fb_ = (void *)seed_fbytes[i];			\
	int j_;								\
									\
	(w)->tag = FZ_TAG;						\
	(w)->disc = (i) % 3;						\
	if ((w)->disc == 1)						\
		(w)->one = &ents[i][0];					\
	if ((w)->disc == 2)						\
		(w)->ints = ints_;					\
	ents[i][0] = (struct fz_ent){ .cap = 10 + (i), .word = -(i) };	\
	ents[i][1] = (struct fz_ent){ .cap = 20 + (i), .word = 1 << 20 }; \
	ents[i][2] = (struct fz_ent){ .cap = 30 + (i) };		\
	ints_->nr = 3;						\
	for (j_ = 0; j_ < 3; j_++)					\
		ints_->vals[j_] = -100 * j_ + (i);			\
	for (j_ = 0; j_ <= (i) % 2; j_++) {				\
		(h)[j_].k = 40 + j_;					\
		(h)[j_].big = -(1LL << (40 + j_));			\
		hlist_add_head(&(h)[j_].hnode, &(w)->hl);		\
	}								\
	(w)->slots[0] = &ents[i][1];					\
	(w)->slots[2] = &shared_ent;					\
	limits[i] = 1000 + (i);						\
	(w)->limit = &limits[i];					\
	(w)->ents = &ents[i][2];					\
	(w)->nr_ents = 2;						\
	flex_->cfg[0] = 0xc0ffee;					\
	flex_->nr = 1 + (i) % 2;					\
	flex_->ent[0] = (struct fz_ent){ .cap = 50 };			\
	flex_->ent[1] = (struct fz_ent){ .cap = 51, .word = -51 };	\
	(w)->flex = flex_;					\
	kept_->nr = 1;						\
	kept_->ent[0] = (struct fz_ent){ .cap = 60 + (i) };		\
	(w)->kept = (i) % 2 ? kept_ : NULL;			\
	fb_->tag = 0xfb;						\
	memcpy(fb_->data, "\x02" "ab" "\x01" "c", 6);			\
	(w)->fb = fb_;						\
	xa_store(&(w)->objs, 1, &ents[i][3], GFP_KERNEL);		\
	xa_store(&(w)->objs, 9, &shared_ent, GFP_KERNEL);		\
	(w)->pages = (struct page *)(uintptr_t)(0x200000 + 0x2000 * (i)); \
	(w)->ring = (void *)(uintptr_t)(0x400000 + 0x1000 * (i));	\
	(w)->cu.pg = (i) % 2 ? NULL : (struct page *)(uintptr_t)(0x600000 + 0x1000 * (i)); \
	(w)->cu.buf = (u8 *)"custom";					\
	(w)->cu.len = 6;						\
	(w)->sarr[0] = -1;						\
	(w)->sarr[2] = 3 - (i);						\
	(w)->keep = (i);						\
} while (0)

/* every object of a seed restores, with either version of the types */
static int check_seed(const char *name, const void *blob, size_t size)
{
	static struct fz_root_v1 r1;
	static struct fz_root_v2 r2;
	static struct fz_more_v1 m1;
	static struct fz_more_v2 m2;
	static struct fz_freed freed;
	struct kstate_in_stats st;
	struct kstate_in *in;
	int v, err = 0;
	u64 key;

	for (v = 1; v <= 2 && !err; v++) {
		in = kstate_in_open(blob, size);
		if (IS_ERR(in)) {
			fprintf(stderr, "seed %s: open: %ld\n", name, PTR_ERR(in));
			return -1;
		}
		kstate_in_set_mem(in, &fz_mem_ops);
		freed.n = 0;
		for (key = 0; key <= 200 && !err; key++) {
			if (v == 1 && kstate_in_present(in, &fz_root_v1_kstate_type, key)) {
				fz_init_v1(&r1);
				err = kstate_in_restore(in, &fz_root_v1_kstate_type, key, &r1);
				fz_release_fz_root_v1(&r1, &freed);
			} else if (v == 2 && kstate_in_present(in, &fz_root_v2_kstate_type, key)) {
				fz_init_v2(&r2);
				err = kstate_in_restore(in, &fz_root_v2_kstate_type, key, &r2);
				fz_release_fz_root_v2(&r2, &freed);
			} else if (v == 1 && kstate_in_present(in, &fz_more_v1_kstate_type, key)) {
				fz_init_more_v1(&m1, 0);
				err = kstate_in_restore(in, &fz_more_v1_kstate_type, key, &m1);
				fz_release_more_v1(&m1, &freed);
			} else if (v == 2 && kstate_in_present(in, &fz_more_v2_kstate_type, key)) {
				fz_init_more_v2(&m2, 0);
				err = kstate_in_restore(in, &fz_more_v2_kstate_type, key, &m2);
				fz_release_more_v2(&m2, &freed);
			}
			if (err)
				fprintf(stderr, "seed %s: version %d restore of %llu: %d\n",
					name, v, (unsigned long long)key, err);
		}
		kstate_in_get_stats(in, &st);
		kstate_in_close(in);
		if (!err && st.restored != st.nr_keyed) {
			fprintf(stderr, "seed %s: version %d restored %u of %u\n",
				name, v, st.restored, st.nr_keyed);
			err = -1;
		}
	}
	return err;
}

int main(int argc, char **argv)
{
	static struct fz_more_v1 mw1[4];
	static struct fz_more_v2 mw2[4];
	static struct fz_root_v1 w1[4];
	static struct fz_root_v2 w2[4];
	static struct fz_node nodes[4][3];
	static struct fz_leaf leaves[4];
	static u16 vars[4][5];
	struct kstate_envelope env = {};
	char dir[400], name[64], fdt[4096];
	int gen, n, i, j, err = 0;
	struct kstate_out *out;
	size_t size;
	void *blob;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	for (i = 0; i < 4; i++) {
		fz_init_v1(&w1[i]);
		fz_init_v2(&w2[i]);
		w1[i].id = w2[i].ident = 100 + i;
		fill_leaf(&w1[i].leaf, i);
		fill_leaf(&w1[i].two[0], i + 10);
		w2[i].leaf = w1[i].leaf;
		w2[i].two[0] = w1[i].two[0];
		fill_leaf(&leaves[i], i + 20);
		w1[i].ptr = w2[i].ptr = i % 2 ? &leaves[i] : NULL;
		for (j = 0; j < i; j++) {
			nodes[i][j].v = 10 * i + j;
			list_add_tail(&nodes[i][j].link, &w1[i].nodes);
		}
		for (j = 0; j < 5; j++)
			vars[i][j] = 7 * i + j;
		w1[i].var = w2[i].var = vars[i];
		w1[i].nr = w2[i].nr = i + 1;
		w1[i].map[0] = w2[i].map[0] = 0x5a5a5aUL << i;
		w1[i].gone = 77;
		w2[i].added = -i;
		xa_store(&w1[i].vals, 3 * i, xa_mk_value(i + 1), GFP_KERNEL);
		xa_store(&w2[i].vals, 5, xa_mk_value(9), GFP_KERNEL);
	}
	for (i = 0; i < 4; i++) {
		fz_init_more_v1(&mw1[i], i);
		fz_init_more_v2(&mw2[i], i);
		FZ_FILL_MORE(&mw1[i], i, hnodes[0][i]);
		FZ_FILL_MORE(&mw2[i], i, hnodes[1][i]);
		mw2[i].nr_limit = 1;
		mw2[i].extra = 42 + i;
	}
	snprintf(dir, sizeof(dir), "%s/blob", argv[1]);
	mkdir(argv[1], 0755);
	mkdir(dir, 0755);
	/*
	 * 1 to 4 objects, of version 1 or 2, and of version 1 sharing a leaf;
	 * then the more types' objects of version 1 or 2, with roots
	 */
	for (gen = 1; gen <= 5; gen++) {
		for (n = 1; n <= 4; n++) {
			out = kstate_out_create();
			if (IS_ERR(out))
				return 1;
			kstate_out_set_mem(out, &fz_mem_ops);
			for (i = 0; i < n && !err && gen >= 4; i++) {
				if (gen == 4)
					err = kstate_out_add(out, &fz_more_v1_kstate_type,
							     200 - i, &mw1[i]);
				else
					err = kstate_out_add(out, &fz_more_v2_kstate_type,
							     200 - i, &mw2[i]);
			}
			for (i = 0; i < n && !err; i++) {
				if (gen == 3)
					w1[i].ptr = &leaves[0];
				if (gen != 2 && gen != 5)
					err = kstate_out_add(out, &fz_root_v1_kstate_type,
							     w1[i].id, &w1[i]);
				else
					err = kstate_out_add(out, &fz_root_v2_kstate_type,
							     w2[i].ident, &w2[i]);
			}
			if (!err)
				err = kstate_out_save(out, &blob, &size);
			kstate_out_destroy(out);
			if (err) {
				fprintf(stderr, "save failed: %d\n", err);
				return 1;
			}
			snprintf(name, sizeof(name), "v%d-%d", gen, n);
			if (write_file(dir, name, blob, size) ||
			    check_seed(name, blob, size))
				return 1;
			if (gen == 1 && n == 4) {
				env.size = size;
				env.crc = kstate_blob_crc(blob, size);
			}
			kvfree(blob);
		}
	}
	snprintf(dir, sizeof(dir), "%s/envelope", argv[1]);
	mkdir(dir, 0755);
	env.stream.total_pages = 1;
	env.stream.order = 0;
	env.save_ns = 12345;
	if (kstate_envelope_build(fdt, sizeof(fdt), &env) ||
	    write_file(dir, "envelope", fdt, fdt_totalsize(fdt)))
		return 1;
	for (i = 0; i < 4; i++) {
		xa_destroy(&w1[i].vals);
		xa_destroy(&w2[i].vals);
		xa_destroy(&mw1[i].objs);
		xa_destroy(&mw2[i].objs);
	}
	return 0;
}
