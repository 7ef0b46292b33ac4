/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal host implementation of the KUnit API used by KSTATE's tests, so
 * that lib/kunit/kstate_test.c runs unchanged in userspace under ASan and
 * UBSan (the lib/test_xarray.c model: one test file, two builds).
 */
#ifndef _KSTATE_HOST_KUNIT_TEST_H
#define _KSTATE_HOST_KUNIT_TEST_H

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../kstate_host.h"
#include <linux/slab.h>

#define KUNIT_PARAM_DESC_SIZE 128

struct kunit_alloc {
	struct kunit_alloc *next;
};

typedef void (kunit_action_t)(void *);

struct kunit_action {
	struct kunit_action *next;
	kunit_action_t *fn;
	void *arg;
};

struct kunit {
	const void *param_value;
	const char *name;
	int failed;
	jmp_buf abort;
	struct kunit_alloc *allocs;
	struct kunit_action *actions;
	void *priv;
};

struct kunit_case {
	void (*run_case)(struct kunit *test);
	const char *name;
	const void *(*generate_params)(struct kunit *test, const void *prev,
				       char *desc);
};

struct kunit_suite {
	const char *name;
	int (*suite_init)(struct kunit_suite *suite);
	void (*suite_exit)(struct kunit_suite *suite);
	int (*init)(struct kunit *test);
	void (*exit)(struct kunit *test);
	struct kunit_case *test_cases;
};

void kunit_host_register(struct kunit_suite *suite);
void kunit_host_fail(struct kunit *test, const char *file, int line,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void *kunit_kzalloc(struct kunit *test, size_t size, gfp_t gfp);
void *kunit_kmalloc(struct kunit *test, size_t size, gfp_t gfp);
int kunit_add_action(struct kunit *test, kunit_action_t *fn, void *arg);

#define KUNIT_CASE(fn) { .run_case = fn, .name = #fn }
#define KUNIT_CASE_PARAM(fn, gen) \
	{ .run_case = fn, .name = #fn, .generate_params = gen }

#define KUNIT_ARRAY_PARAM_DESC(name, array, desc_member)			\
	static const void *name##_gen_params(struct kunit *test,		\
					     const void *prev, char *desc)	\
	{									\
		typeof((array)[0]) *__next = prev ?				\
			((typeof(__next))prev) + 1 : (array);			\
		if (__next - (array) < (long)ARRAY_SIZE(array)) {		\
			snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s",		\
				 __next->desc_member);				\
			return __next;						\
		}								\
		return NULL;							\
	}

#define kunit_test_suite(s)						\
	static void __attribute__((constructor)) s##_host_register(void)\
	{								\
		kunit_host_register(&(s));				\
	}
#define kunit_test_suites(...) \
	_Static_assert(0, "use one kunit_test_suite() per suite")

#define KUNIT_BINARY_CHECK(test, fatal, a, op, b) do {			\
	long long __a = (long long)(a), __b = (long long)(b);		\
	if (!(__a op __b)) {						\
		kunit_host_fail(test, __FILE__, __LINE__,		\
			"expected %s %s %s, got %lld vs %lld",		\
			#a, #op, #b, __a, __b);				\
		if (fatal)						\
			longjmp((test)->abort, 1);			\
	}								\
} while (0)

#define KUNIT_EXPECT_EQ(t, a, b) KUNIT_BINARY_CHECK(t, 0, a, ==, b)
#define KUNIT_EXPECT_NE(t, a, b) KUNIT_BINARY_CHECK(t, 0, a, !=, b)
#define KUNIT_EXPECT_LT(t, a, b) KUNIT_BINARY_CHECK(t, 0, a, <, b)
#define KUNIT_EXPECT_LE(t, a, b) KUNIT_BINARY_CHECK(t, 0, a, <=, b)
#define KUNIT_EXPECT_GT(t, a, b) KUNIT_BINARY_CHECK(t, 0, a, >, b)
#define KUNIT_EXPECT_GE(t, a, b) KUNIT_BINARY_CHECK(t, 0, a, >=, b)
#define KUNIT_EXPECT_TRUE(t, c) KUNIT_BINARY_CHECK(t, 0, !!(c), ==, 1)
#define KUNIT_EXPECT_FALSE(t, c) KUNIT_BINARY_CHECK(t, 0, !!(c), ==, 0)
#define KUNIT_ASSERT_EQ(t, a, b) KUNIT_BINARY_CHECK(t, 1, a, ==, b)
#define KUNIT_ASSERT_NE(t, a, b) KUNIT_BINARY_CHECK(t, 1, a, !=, b)
#define KUNIT_ASSERT_GE(t, a, b) KUNIT_BINARY_CHECK(t, 1, a, >=, b)
#define KUNIT_ASSERT_GT(t, a, b) KUNIT_BINARY_CHECK(t, 1, a, >, b)
#define KUNIT_ASSERT_TRUE(t, c) KUNIT_BINARY_CHECK(t, 1, !!(c), ==, 1)
#define KUNIT_ASSERT_FALSE(t, c) KUNIT_BINARY_CHECK(t, 1, !!(c), ==, 0)
#define KUNIT_ASSERT_NOT_NULL(t, p) \
	KUNIT_BINARY_CHECK(t, 1, (p) != NULL, ==, 1)
#define KUNIT_EXPECT_NULL(t, p) KUNIT_BINARY_CHECK(t, 0, (p) == NULL, ==, 1)
#define KUNIT_EXPECT_NOT_NULL(t, p) \
	KUNIT_BINARY_CHECK(t, 0, (p) != NULL, ==, 1)
#define KUNIT_EXPECT_PTR_EQ(t, a, b) \
	KUNIT_BINARY_CHECK(t, 0, (long long)(uintptr_t)(a), ==, (long long)(uintptr_t)(b))
#define KUNIT_EXPECT_PTR_NE(t, a, b) \
	KUNIT_BINARY_CHECK(t, 0, (long long)(uintptr_t)(a), !=, (long long)(uintptr_t)(b))
#define KUNIT_EXPECT_STREQ(t, a, b) do {				\
	const char *__a = (a), *__b = (b);				\
	if (strcmp(__a, __b))						\
		kunit_host_fail(t, __FILE__, __LINE__,			\
			"expected %s == %s, got \"%s\" vs \"%s\"",	\
			#a, #b, __a, __b);				\
} while (0)
#define KUNIT_EXPECT_MEMEQ(t, a, b, n) do {				\
	if (memcmp((a), (b), (n)))					\
		kunit_host_fail(t, __FILE__, __LINE__,			\
			"expected %s == %s over %zu bytes",		\
			#a, #b, (size_t)(n));				\
} while (0)
#define KUNIT_FAIL(t, fmt, ...) \
	kunit_host_fail(t, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

#define kunit_info(t, fmt, ...) ((void)(t), printf("# " fmt "\n", ##__VA_ARGS__))
#define kunit_skip(t, fmt, ...) do {					\
	kunit_host_fail(t, __FILE__, __LINE__, "skipped: " fmt, ##__VA_ARGS__); \
	longjmp((t)->abort, 1);						\
} while (0)

#endif /* _KSTATE_HOST_KUNIT_TEST_H */
