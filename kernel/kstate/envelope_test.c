// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the handover envelope (envelope.c): what the next kernel
 * accepts of the one-page FDT that says where the stream is.
 *
 * Built into the kernel with CONFIG_KSTATE_KUNIT_TEST=y and
 * CONFIG_LIVEUPDATE (libfdt is not exported to modules), and on the
 * host by tools/testing/kstate/, whose UBSan reports a 64-bit value read
 * in place from a property that is only 4-byte aligned.
 */
#include <kunit/test.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/libfdt.h>
#include <linux/mmzone.h>
#include <linux/pfn.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "kstate_internal.h"
#include "kstate_kho.h"

/* Room for the envelope, 8-byte aligned as libfdt wants it. */
#define ENVELOPE_TEST_SIZE	512

/**
 * struct envelope_case - one envelope the next kernel may be handed
 * @name: what is wrong with it.
 * @compat: its compatible string.
 * @format: its "format"; negative for none.
 * @no_stream: no "stream" property.
 * @stream_len: bytes of "stream" if not the size of a struct kho_vmalloc.
 * @total_pages: pages of the stream descriptor.
 * @order: order of the stream descriptor.
 * @size: the "size" property.
 * @size_len: its length if not 8.
 * @pad: an empty property first (12 bytes), which moves the 64-bit values
 *	that are 8-byte aligned in the envelope kho.c builds to 4 mod 8, and
 *	back.
 * @err: what kstate_envelope_parse() must return.
 */
struct envelope_case {
	const char *name;
	const char *compat;
	int format;
	bool no_stream;
	int stream_len;
	unsigned int total_pages;
	unsigned short order;
	u64 size;
	int size_len;
	bool pad;
	int err;
};

static const struct envelope_case envelope_cases[] = {
	{ "sound", "kstate-v1", KSTATE_FORMAT_VERSION, .total_pages = 3,
	  .size = 3 * PAGE_SIZE - 1 },
	{ "sound, 64-bit values moved", "kstate-v1", KSTATE_FORMAT_VERSION,
	  .total_pages = 3, .size = 2 * PAGE_SIZE + 1, .pad = true },
	{ "sound, order 2", "kstate-v1", KSTATE_FORMAT_VERSION,
	  .total_pages = 8, .order = 2, .size = 5 * PAGE_SIZE },
	{ "sound, order MAX_PAGE_ORDER", "kstate-v1", KSTATE_FORMAT_VERSION,
	  .total_pages = 1U << MAX_PAGE_ORDER, .order = MAX_PAGE_ORDER,
	  .size = PAGE_SIZE },
	{ "another compatible", "kstate-v2", KSTATE_FORMAT_VERSION,
	  .total_pages = 1, .size = 8, .err = -EBADMSG },
	{ "another format", "kstate-v1", KSTATE_FORMAT_VERSION + 1,
	  .total_pages = 1, .size = 8, .err = -EPROTONOSUPPORT },
	{ "no format", "kstate-v1", -1, .total_pages = 1, .size = 8,
	  .err = -EPROTONOSUPPORT },
	{ "no stream", "kstate-v1", KSTATE_FORMAT_VERSION, .no_stream = true,
	  .size = 8, .err = -EBADMSG },
	{ "stream descriptor cut short", "kstate-v1", KSTATE_FORMAT_VERSION,
	  .stream_len = sizeof(struct kho_vmalloc) - 4, .total_pages = 1,
	  .size = 8, .err = -EBADMSG },
	{ "32-bit size", "kstate-v1", KSTATE_FORMAT_VERSION, .total_pages = 1,
	  .size = 8, .size_len = 4, .err = -EBADMSG },
	{ "order above MAX_PAGE_ORDER", "kstate-v1", KSTATE_FORMAT_VERSION,
	  .total_pages = 2U << MAX_PAGE_ORDER, .order = MAX_PAGE_ORDER + 1,
	  .size = PAGE_SIZE, .err = -EBADMSG },
	{ "order 65535", "kstate-v1", KSTATE_FORMAT_VERSION, .total_pages = 1,
	  .order = 0xffff, .size = 8, .err = -EBADMSG },
	{ "no pages", "kstate-v1", KSTATE_FORMAT_VERSION, .size = 8,
	  .err = -EBADMSG },
	{ "pages too few for the size", "kstate-v1", KSTATE_FORMAT_VERSION,
	  .total_pages = 2, .size = 2 * PAGE_SIZE + 1, .err = -EBADMSG },
	{ "pages more than the size needs", "kstate-v1",
	  KSTATE_FORMAT_VERSION, .total_pages = 3, .size = 2 * PAGE_SIZE,
	  .err = -EBADMSG },
	{ "pages not whole blocks of the order", "kstate-v1",
	  KSTATE_FORMAT_VERSION, .total_pages = 6, .order = 2,
	  .size = 5 * PAGE_SIZE, .err = -EBADMSG },
	{ "size above the largest stream", "kstate-v1", KSTATE_FORMAT_VERSION,
	  .total_pages = 1U << 20, .order = 0, .size = (u64)U32_MAX << 1,
	  .err = -EBADMSG },
};

KUNIT_ARRAY_PARAM_DESC(envelope, envelope_cases, name);

/* Write the envelope of @c into @fdt: kstate_envelope_build(), tamperable. */
static int envelope_make(void *fdt, const struct envelope_case *c)
{
	struct kho_vmalloc vm = {
		.first.phys = 0x1000,
		.total_pages = c->total_pages,
		.order = c->order,
	};
	fdt64_t size = cpu_to_fdt64(c->size);

	return fdt_create(fdt, ENVELOPE_TEST_SIZE) ?:
	       fdt_finish_reservemap(fdt) ?:
	       fdt_begin_node(fdt, "") ?:
	       (c->pad ? fdt_property(fdt, "pad", "", 0) : 0) ?:
	       fdt_property_string(fdt, "compatible", c->compat) ?:
	       (c->format >= 0 ?
		fdt_property_u32(fdt, "format", c->format) : 0) ?:
	       (c->no_stream ? 0 :
		fdt_property(fdt, "stream", &vm,
			     c->stream_len ?: sizeof(vm))) ?:
	       fdt_property(fdt, "size", &size, c->size_len ?: sizeof(size)) ?:
	       fdt_property_u32(fdt, "crc", 0xc0ffee) ?:
	       fdt_property_u64(fdt, "save-ns", c->size + 1) ?:
	       fdt_end_node(fdt) ?:
	       fdt_finish(fdt);
}

static void *envelope_buf(struct kunit *test)
{
	void *fdt = kunit_kzalloc(test, ENVELOPE_TEST_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fdt);
	KUNIT_ASSERT_EQ(test, (uintptr_t)fdt & 7, 0);
	return fdt;
}

/*
 * Each envelope of the table, sound or not: what parse says of it, and
 * that what it accepts reads back as written, from 64-bit properties at
 * either alignment.
 */
static void kstate_test_envelope_parse(struct kunit *test)
{
	const struct envelope_case *c = test->param_value;
	struct kstate_envelope env;
	const void *p;
	void *fdt = envelope_buf(test);

	KUNIT_ASSERT_EQ(test, envelope_make(fdt, c), 0);
	memset(&env, 0x5a, sizeof(env));
	KUNIT_EXPECT_EQ(test, kstate_envelope_parse(fdt, ENVELOPE_TEST_SIZE,
						    &env), c->err);
	if (c->err)
		return;
	p = fdt_getprop(fdt, 0, "size", NULL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, (uintptr_t)p & 7, c->pad ? 4 : 0);
	KUNIT_EXPECT_EQ(test, env.size, c->size);
	KUNIT_EXPECT_EQ(test, env.save_ns, c->size + 1);
	KUNIT_EXPECT_EQ(test, env.crc, 0xc0ffee);
	KUNIT_EXPECT_EQ(test, env.stream.first.phys, 0x1000);
	KUNIT_EXPECT_EQ(test, env.stream.total_pages, c->total_pages);
	KUNIT_EXPECT_EQ(test, env.stream.order, c->order);
}

/* What kho.c builds, the next kernel reads back, save-ns at 4 mod 8. */
static void kstate_test_envelope_roundtrip(struct kunit *test)
{
	struct kstate_envelope in = {
		.stream = { .first.phys = 0x2000, .total_pages = 4, .order = 1 },
		.size = 4 * PAGE_SIZE - 100,
		.save_ns = 123456789012ULL,
		.crc = 0xdeadbeef,
	}, out;
	void *fdt = envelope_buf(test);
	const void *p;

	KUNIT_ASSERT_EQ(test, kstate_envelope_build(fdt, ENVELOPE_TEST_SIZE,
						    &in), 0);
	p = fdt_getprop(fdt, 0, "save-ns", NULL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, (uintptr_t)p & 7, 4);
	KUNIT_ASSERT_EQ(test, kstate_envelope_parse(fdt, fdt_totalsize(fdt),
						    &out), 0);
	KUNIT_EXPECT_MEMEQ(test, &out.stream, &in.stream, sizeof(in.stream));
	KUNIT_EXPECT_EQ(test, out.size, in.size);
	KUNIT_EXPECT_EQ(test, out.save_ns, in.save_ns);
	KUNIT_EXPECT_EQ(test, out.crc, in.crc);
	/* too small a buffer is an error, not an overrun */
	KUNIT_EXPECT_EQ(test, kstate_envelope_build(fdt, 64, &in), -EINVAL);
}

/* Not an FDT, or not within the size KHO recorded, or above a page. */
static void kstate_test_envelope_not_fdt(struct kunit *test)
{
	static const struct envelope_case sound = {
		"sound", "kstate-v1", KSTATE_FORMAT_VERSION, .total_pages = 1,
		.size = 8,
	};
	struct kstate_envelope env;
	void *fdt = envelope_buf(test);
	size_t size;

	KUNIT_EXPECT_EQ(test, kstate_envelope_parse(fdt, ENVELOPE_TEST_SIZE,
						    &env), -EINVAL);
	KUNIT_ASSERT_EQ(test, envelope_make(fdt, &sound), 0);
	size = fdt_totalsize(fdt);
	KUNIT_EXPECT_EQ(test, kstate_envelope_parse(fdt, size, &env), 0);
	KUNIT_EXPECT_EQ(test, kstate_envelope_parse(fdt, size - 1, &env),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kstate_envelope_parse(fdt, 8, &env), -EINVAL);
	KUNIT_EXPECT_EQ(test, kstate_envelope_parse(fdt, PAGE_SIZE + 1, &env),
			-EINVAL);
	((u8 *)fdt)[0] ^= 0xff;		/* magic */
	KUNIT_EXPECT_EQ(test, kstate_envelope_parse(fdt, size, &env), -EINVAL);
}

/* The bounds alone, as kho.c applies them to a refused stream too. */
static void kstate_test_envelope_stream_bounds(struct kunit *test)
{
	const u64 max = KSTATE_ENVELOPE_MAX_STREAM;
	struct kho_vmalloc vm = { .total_pages = 1 };

	KUNIT_EXPECT_EQ(test, kstate_envelope_check_stream(&vm, 0, 1), 0);
	KUNIT_EXPECT_EQ(test, kstate_envelope_check_stream(&vm, 2, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, kstate_envelope_check_stream(&vm, 0, max), 0);
	KUNIT_EXPECT_EQ(test, kstate_envelope_check_stream(&vm, 0, max + 1),
			-EINVAL);
	vm.total_pages = PFN_UP(max);
	KUNIT_EXPECT_EQ(test, kstate_envelope_check_stream(&vm, 0, max), 0);
	vm.total_pages++;
	KUNIT_EXPECT_EQ(test, kstate_envelope_check_stream(&vm, 0, max),
			-EINVAL);
	vm.order = 8 * sizeof(unsigned long);
	KUNIT_EXPECT_EQ(test, kstate_envelope_check_stream(&vm, 0, max),
			-EINVAL);
}

static struct kunit_case kstate_envelope_test_cases[] = {
	KUNIT_CASE_PARAM(kstate_test_envelope_parse, envelope_gen_params),
	KUNIT_CASE(kstate_test_envelope_roundtrip),
	KUNIT_CASE(kstate_test_envelope_not_fdt),
	KUNIT_CASE(kstate_test_envelope_stream_bounds),
	{}
};

static struct kunit_suite kstate_envelope_test_suite = {
	.name = "kstate_envelope",
	.test_cases = kstate_envelope_test_cases,
};

kunit_test_suite(kstate_envelope_test_suite);
