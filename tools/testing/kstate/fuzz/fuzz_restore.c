// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a blob from another kernel opened, indexed and every
 * object of the fuzzed types restored by this kernel's version 1 and
 * version 2 of them, in place, then everything the restores allocated
 * freed (LeakSanitizer reports what a restore loses or leaves behind).
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

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct fz_root_v1 r1[FZ_MAX];
	static struct fz_root_v2 r2[FZ_MAX];
	static struct fz_freed freed;
	struct kstate_in_stats stats;
	struct fz_keys k1 = {}, k2 = {};
	struct kstate_in *in;
	unsigned int i;

	in = kstate_in_open(data, size);
	if (IS_ERR(in))
		return 0;
	kstate_in_get_stats(in, &stats);
	kstate_in_for_each(in, &fz_root_v1_kstate_type, fz_key, &k1);
	for (i = 0; i < k1.n; i++) {
		fz_init_v1(&r1[i]);
		kstate_in_restore(in, &fz_root_v1_kstate_type, k1.key[i], &r1[i]);
		/* a second restore of one object is refused */
		kstate_in_restore(in, &fz_root_v1_kstate_type, k1.key[i], &r1[i]);
	}
	kstate_in_close(in);

	/* again, with the other version of the type */
	in = kstate_in_open(data, size);
	if (!IS_ERR(in)) {
		kstate_in_for_each(in, &fz_root_v2_kstate_type, fz_key, &k2);
		for (i = 0; i < k2.n; i++) {
			fz_init_v2(&r2[i]);
			kstate_in_restore(in, &fz_root_v2_kstate_type, k2.key[i],
					  &r2[i]);
			kstate_in_present(in, &fz_leaf_kstate_type, k2.key[i]);
		}
		kstate_in_close(in);
	}

	freed.n = 0;
	for (i = 0; i < k1.n; i++)
		fz_release_fz_root_v1(&r1[i], &freed);
	freed.n = 0;
	for (i = 0; i < k2.n; i++)
		fz_release_fz_root_v2(&r2[i], &freed);
	return 0;
}
