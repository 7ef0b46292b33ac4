// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a blob from another kernel opened, indexed and every
 * object of the fuzzed root types restored by this kernel's version 1 and
 * version 2 of them, in place, with a stand-in backend for preserved
 * pages, then everything the restores allocated freed (LeakSanitizer
 * reports what a restore loses or leaves behind).
 */
#include "fuzz_engine.h"

#define FZ_MAX	16

struct fz_keys {
	u64 key[FZ_MAX];
	unsigned int n;
};

static int fz_key(u64 key, void *arg)
{
	struct fz_keys *k = arg;

	if (k->n < FZ_MAX)
		k->key[k->n++] = key;
	return 0;
}

/* restore every object of @type by key into @objs, initialised by @init */
#define FZ_RESTORE_ALL(in, type, keys, objs, init) do {			\
	unsigned int i_;						\
									\
	kstate_in_for_each(in, type, fz_key, keys);			\
	for (i_ = 0; i_ < (keys)->n; i_++) {				\
		init;							\
		kstate_in_restore(in, type, (keys)->key[i_], &(objs)[i_]); \
	}								\
} while (0)

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct fz_root_v1 r1[FZ_MAX];
	static struct fz_root_v2 r2[FZ_MAX];
	static struct fz_more_v1 m1[FZ_MAX];
	static struct fz_more_v2 m2[FZ_MAX];
	static struct fz_freed freed;
	struct kstate_in_stats stats;
	struct fz_keys k1 = {}, k2 = {}, km1 = {}, km2 = {};
	struct kstate_in *in;
	unsigned int i;

	in = kstate_in_open(data, size);
	if (IS_ERR(in))
		return 0;
	kstate_in_get_stats(in, &stats);
	kstate_in_set_mem(in, &fz_mem_ops);
	FZ_RESTORE_ALL(in, &fz_root_v1_kstate_type, &k1, r1, fz_init_v1(&r1[i_]));
	FZ_RESTORE_ALL(in, &fz_more_v1_kstate_type, &km1, m1,
		       fz_init_more_v1(&m1[i_], i_));
	/* a second restore of one object is refused */
	for (i = 0; i < k1.n; i++)
		kstate_in_restore(in, &fz_root_v1_kstate_type, k1.key[i], &r1[i]);
	/* a released object's pending pointers are dropped */
	if (km1.n)
		kstate_in_release(in, &fz_more_v1_kstate_type, km1.key[0]);
	kstate_in_close(in);

	/* again, with the other version of the types, the more first */
	in = kstate_in_open(data, size);
	if (!IS_ERR(in)) {
		kstate_in_set_mem(in, &fz_mem_ops);
		FZ_RESTORE_ALL(in, &fz_more_v2_kstate_type, &km2, m2,
			       fz_init_more_v2(&m2[i_], i_));
		FZ_RESTORE_ALL(in, &fz_root_v2_kstate_type, &k2, r2,
			       fz_init_v2(&r2[i_]));
		for (i = 0; i < k2.n; i++)
			kstate_in_present(in, &fz_leaf_kstate_type, k2.key[i]);
		kstate_in_close(in);
	}

	freed.n = 0;
	for (i = 0; i < k1.n; i++)
		fz_release_fz_root_v1(&r1[i], &freed);
	for (i = 0; i < km1.n; i++)
		fz_release_more_v1(&m1[i], &freed);
	freed.n = 0;
	for (i = 0; i < k2.n; i++)
		fz_release_fz_root_v2(&r2[i], &freed);
	for (i = 0; i < km2.n; i++)
		fz_release_more_v2(&m2[i], &freed);
	return 0;
}
