// SPDX-License-Identifier: GPL-2.0
/*
 * Host harness: builds the real KSTATE codec and engine sources together
 * with the real KUnit suites of lib/kunit/kstate_test.c against a minimal
 * KUnit implementation, and runs every case. Built inside a prepared kernel
 * tree (it uses tools/include and tools/lib/rbtree.c), with ASan and UBSan,
 * by the Makefile beside this file.
 *
 * Usage: harness [-v] [SUITE_GLOB]
 */
#include <fnmatch.h>

#include "kstate_host.h"
#include "include/kunit/test.h"

#include "../../../kernel/kstate/blob.c"
#include "../../../kernel/kstate/type.c"
#include "../../../kernel/kstate/outgoing.c"
#include "../../../kernel/kstate/save.c"
#include "../../../kernel/kstate/plan.c"
#include "../../../kernel/kstate/restore.c"
#include "../../../kernel/kstate/dump.c"
#include "../../../kernel/kstate/registry.c"
#include "../../../kernel/kstate/envelope.c"
#include "../../lib/rbtree.c"
#include "crc32c_sw.c"
#include "../../../lib/kunit/kstate_test.c"
#include "../../../kernel/kstate/envelope_test.c"

int kstate_host_quiet = 1;
unsigned long kstate_host_fail_nth;
struct kunit *kstate_host_current_test;

/*
 * Host only: fail each allocation of a restore with xarrays in turn, those
 * of xa_store() included. Each failure must leave the object untouched and
 * free whatever the restore allocated or built (LeakSanitizer checks at
 * exit); the first attempt with no failure restores everything.
 */
static void kstate_host_xarray_faults(struct kunit *test)
{
	struct kt_dom_v2 *w = kt_dom_new(test), *r, *before;
	struct kstate_in *in;
	unsigned long nth;
	int err = -ENOMEM;
	size_t size;
	void *blob;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	before = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, before);
	kt_dom_fill(test, w);
	blob = kt_save_one(test, &kt_dom_v2_kstate_type, 1, w, &size);
	memset(r, 0x5a, sizeof(*r));
	memcpy(before, r, sizeof(*r));
	for (nth = 1; err == -ENOMEM && nth < 10000; nth++) {
		in = kstate_in_open(blob, size);
		KUNIT_ASSERT_FALSE(test, IS_ERR(in));
		kstate_host_fail_nth = nth;
		err = kstate_in_restore(in, &kt_dom_v2_kstate_type, 1, r);
		kstate_host_fail_nth = 0;
		kstate_in_close(in);
		if (err)
			KUNIT_EXPECT_MEMEQ(test, r, before, sizeof(*r));
	}
	KUNIT_ASSERT_EQ(test, err, 0);
	kunit_add_action(test, kt_infos_release, &r->infos);
	kunit_add_action(test, kt_xa_destroy, &r->cookies);
	kt_check_infos(test, &r->infos, r->first);
	kunit_info(test, "succeeded at allocation %lu", nth - 1);
}

/*
 * Host only: the same failures, each on one incoming state that stays
 * open, as a kernel's does: a restore that failed for lack of memory
 * (its plan's included) succeeds when tried again, and another object of
 * the blob restores after it.
 */
static void kstate_host_restore_retry(struct kunit *test)
{
	struct kt_dom_v2 *w1 = kt_dom_new(test), *w2 = kt_dom_new(test);
	struct kt_dom_v2 *r1, *r2, *before;
	struct kstate_out *out;
	struct kstate_in *in;
	unsigned long nth;
	int err = -ENOMEM;
	void *blob = NULL;
	size_t size;

	r1 = kunit_kzalloc(test, sizeof(*r1), GFP_KERNEL);
	r2 = kunit_kzalloc(test, sizeof(*r2), GFP_KERNEL);
	before = kunit_kzalloc(test, sizeof(*r1), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r1);
	KUNIT_ASSERT_NOT_NULL(test, r2);
	KUNIT_ASSERT_NOT_NULL(test, before);
	kt_dom_fill(test, w1);
	kt_dom_fill(test, w2);
	out = kstate_out_create();
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_dom_v2_kstate_type, 1, w1), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_dom_v2_kstate_type, 2, w2), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_save(out, &blob, &size), 0);
	kstate_out_destroy(out);
	kunit_add_action(test, kt_blob_free, blob);
	in = kt_open(test, blob, size);
	memset(r1, 0x5a, sizeof(*r1));
	memcpy(before, r1, sizeof(*r1));
	for (nth = 1; err == -ENOMEM && nth < 10000; nth++) {
		kstate_host_fail_nth = nth;
		err = kstate_in_restore(in, &kt_dom_v2_kstate_type, 1, r1);
		kstate_host_fail_nth = 0;
		if (err)
			KUNIT_EXPECT_MEMEQ(test, r1, before, sizeof(*r1));
	}
	KUNIT_ASSERT_EQ(test, err, 0);
	/* the plan's allocations were among those that failed */
	KUNIT_EXPECT_GT(test, nth, 6);
	kunit_add_action(test, kt_infos_release, &r1->infos);
	kunit_add_action(test, kt_xa_destroy, &r1->cookies);
	kt_check_infos(test, &r1->infos, r1->first);
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_dom_v2_kstate_type, 2, r2), 0);
	kunit_add_action(test, kt_infos_release, &r2->infos);
	kunit_add_action(test, kt_xa_destroy, &r2->cookies);
	kt_check_infos(test, &r2->infos, r2->first);
	kunit_info(test, "restored at allocation %lu, on the same incoming state", nth - 1);
}

/*
 * Host only (kstate_save_with() is internal): kstate_save(), which anyone
 * may call, never preserves pages; without the backend's dry ops it
 * refuses them. Only the handover's own save preserves.
 */
static void kstate_host_public_save(struct kunit *test)
{
	struct kt_ring w = { .head = 1, .pages = (struct page *)0x123000 };
	size_t size;
	void *blob;

	kstate_set_dry_ops(NULL);
	KUNIT_ASSERT_EQ(test, kstate_register(&kt_ring_kstate_type, 77, &w), 0);
	kt_preserved = 0;
	KUNIT_EXPECT_EQ(test, kstate_save(&blob, &size), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, kt_preserved, 0);
	/* the handover's save does preserve */
	KUNIT_EXPECT_EQ(test, kstate_save_with(&kt_mem_ops, &blob, &size), 0);
	KUNIT_EXPECT_EQ(test, kt_preserved, 1);
	kvfree(blob);
	kstate_unregister(&kt_ring_kstate_type, 77);
}

static struct kunit_case kstate_host_fault_cases[] = {
	KUNIT_CASE(kstate_host_xarray_faults),
	KUNIT_CASE(kstate_host_restore_retry),
	KUNIT_CASE(kstate_host_public_save),
	{}
};

static struct kunit_suite kstate_host_fault_suite = {
	.name = "kstate_host_faults",
	.test_cases = kstate_host_fault_cases,
};

kunit_test_suite(kstate_host_fault_suite);

#define MAX_SUITES 64
static struct kunit_suite *suites[MAX_SUITES];
static int nr_suites;

void kunit_host_register(struct kunit_suite *suite)
{
	if (nr_suites == MAX_SUITES) {
		fprintf(stderr, "too many suites\n");
		exit(2);
	}
	suites[nr_suites++] = suite;
}

void kunit_host_fail(struct kunit *test, const char *file, int line,
		     const char *fmt, ...)
{
	va_list ap;

	test->failed = 1;
	printf("    # %s: %s:%d: ", test->name, file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void *kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	struct kunit_alloc *a = malloc(sizeof(*a) + size);

	if (!a)
		return NULL;
	a->next = test->allocs;
	test->allocs = a;
	return a + 1;
}

/* Deferred actions run in reverse order when the case ends, as in KUnit. */
int kunit_add_action(struct kunit *test, kunit_action_t *fn, void *arg)
{
	struct kunit_action *a = malloc(sizeof(*a));

	if (!a)
		return -ENOMEM;
	a->fn = fn;
	a->arg = arg;
	a->next = test->actions;
	test->actions = a;
	return 0;
}

void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp)
{
	void *p = kunit_kmalloc(test, size, gfp);

	if (p)
		memset(p, 0, size);
	return p;
}

u32 crc32c(u32 crc, const void *p, size_t len)
{
	return kstate_host_crc32c_sw(crc, p, len);
}

static int passed, failed;

static void run_one(struct kunit_suite *suite, struct kunit_case *c,
		    const void *param, const char *desc)
{
	struct kunit test = { .param_value = param, .name = c->name };
	struct kunit_action *act;
	struct kunit_alloc *a;

	if (suite->init && suite->init(&test)) {
		test.failed = 1;
	} else {
		kstate_host_current_test = &test;
		if (!setjmp(test.abort))
			c->run_case(&test);
		kstate_host_current_test = NULL;
		if (suite->exit)
			suite->exit(&test);
	}
	while ((act = test.actions)) {
		test.actions = act->next;
		act->fn(act->arg);
		free(act);
	}
	while ((a = test.allocs)) {
		test.allocs = a->next;
		free(a);
	}
	printf("%s - %s.%s%s%s\n", test.failed ? "not ok" : "ok",
	       suite->name, c->name, desc ? " " : "", desc ? desc : "");
	if (test.failed)
		failed++;
	else
		passed++;
}

int main(int argc, char **argv)
{
	const char *glob = "*";
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			kstate_host_quiet = 0;
		else
			glob = argv[i];
	}
	for (i = 0; i < nr_suites; i++) {
		struct kunit_suite *s = suites[i];
		struct kunit_case *c;

		if (fnmatch(glob, s->name, 0))
			continue;
		if (s->suite_init && s->suite_init(s)) {
			printf("not ok - %s (suite_init)\n", s->name);
			failed++;
			continue;
		}
		for (c = s->test_cases; c->run_case; c++) {
			char desc[KUNIT_PARAM_DESC_SIZE];
			struct kunit gen = { .name = c->name };
			const void *p;

			if (!c->generate_params) {
				run_one(s, c, NULL, NULL);
				continue;
			}
			for (p = c->generate_params(&gen, NULL, desc); p;
			     p = c->generate_params(&gen, p, desc))
				run_one(s, c, p, desc);
		}
		if (s->suite_exit)
			s->suite_exit(s);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
