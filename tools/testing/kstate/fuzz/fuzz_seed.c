// SPDX-License-Identifier: GPL-2.0
/*
 * The fuzzers' seed corpus, made by the engine itself: blobs of the fuzzed
 * types (both versions, with lists, pointers, xarrays and variable arrays
 * filled, and one leaf shared by every object) in DIR/blob/, and a
 * handover envelope in DIR/envelope/.
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

int main(int argc, char **argv)
{
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
		fill_leaf(&w1[i].two[1], i + 10);
		w2[i].leaf = w1[i].leaf;
		w2[i].two[0] = w1[i].two[1];
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
	snprintf(dir, sizeof(dir), "%s/blob", argv[1]);
	mkdir(argv[1], 0755);
	mkdir(dir, 0755);
	/* 1 to 4 objects, of version 1 or 2, and of version 1 sharing a leaf */
	for (gen = 1; gen <= 3; gen++) {
		for (n = 1; n <= 4; n++) {
			out = kstate_out_create();
			if (IS_ERR(out))
				return 1;
			for (i = 0; i < n && !err; i++) {
				if (gen == 3)
					w1[i].ptr = &leaves[0];
				if (gen != 2)
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
			if (write_file(dir, name, blob, size))
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
	}
	return 0;
}
