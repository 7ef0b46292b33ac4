// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for KSTATE.
 *
 * Run under UML with:
 *   ./tools/testing/kunit/kunit.py run --kunitconfig=kernel/kstate
 */
#include <kunit/test.h>
#include <linux/kho/abi/kstate.h>
#include <linux/kstate.h>
#include <linux/string.h>

#define KSTATE_TEST_PAYLOAD 40

struct kstate_test_blob {
	struct kstate_hdr_ser hdr;
	u8 payload[KSTATE_TEST_PAYLOAD];
} __packed;

static void kstate_test_make_blob(struct kstate_test_blob *b)
{
	int i;

	memset(b, 0, sizeof(*b));
	for (i = 0; i < KSTATE_TEST_PAYLOAD; i++)
		b->payload[i] = i * 7 + 1;
	b->hdr.magic = cpu_to_le32(KSTATE_MAGIC);
	b->hdr.format = cpu_to_le32(KSTATE_FORMAT_VERSION);
	b->hdr.size = cpu_to_le64(sizeof(*b));
	b->hdr.crc = cpu_to_le32(kstate_blob_crc(b, sizeof(*b)));
}

/* A well-formed blob is accepted, including inside a larger buffer. */
static void kstate_test_check_valid(struct kunit *test)
{
	struct kstate_test_blob *b;
	u8 *big;

	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	kstate_test_make_blob(b);
	KUNIT_EXPECT_EQ(test, kstate_blob_check(b, sizeof(*b)), 0);

	big = kunit_kzalloc(test, sizeof(*b) + 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	memcpy(big, b, sizeof(*b));
	KUNIT_EXPECT_EQ(test, kstate_blob_check(big, sizeof(*b) + 64), 0);
}

/* The CRC32C is the standard one (RFC 3720 check value). */
static void kstate_test_crc_known_value(struct kunit *test)
{
	u8 buf[sizeof(struct kstate_hdr_ser) + 9] = { 0 };

	memcpy(buf + sizeof(struct kstate_hdr_ser), "123456789", 9);
	KUNIT_EXPECT_EQ(test, kstate_blob_crc(buf, sizeof(buf)), 0xe3069283U);
}

struct kstate_check_case {
	const char *desc;
	void (*corrupt)(struct kstate_test_blob *b, size_t *len);
	int err;
};

static void corrupt_magic(struct kstate_test_blob *b, size_t *len)
{
	b->hdr.magic = cpu_to_le32(KSTATE_MAGIC ^ 1);
}

static void corrupt_format(struct kstate_test_blob *b, size_t *len)
{
	b->hdr.format = cpu_to_le32(KSTATE_FORMAT_VERSION + 1);
}

static void corrupt_size_big(struct kstate_test_blob *b, size_t *len)
{
	b->hdr.size = cpu_to_le64(sizeof(*b) + 1);
}

static void corrupt_size_small(struct kstate_test_blob *b, size_t *len)
{
	b->hdr.size = cpu_to_le64(sizeof(b->hdr) - 1);
}

static void corrupt_truncate(struct kstate_test_blob *b, size_t *len)
{
	*len = sizeof(b->hdr) - 1;
}

static void corrupt_reserved(struct kstate_test_blob *b, size_t *len)
{
	b->hdr.reserved = cpu_to_le32(1);
}

static void corrupt_payload(struct kstate_test_blob *b, size_t *len)
{
	b->payload[KSTATE_TEST_PAYLOAD / 2] ^= 0x10;
}

static void corrupt_crc(struct kstate_test_blob *b, size_t *len)
{
	b->hdr.crc = cpu_to_le32(le32_to_cpu(b->hdr.crc) + 1);
}

static const struct kstate_check_case kstate_check_cases[] = {
	{ "bad magic",		corrupt_magic,		-EINVAL },
	{ "unknown format",	corrupt_format,		-EPROTONOSUPPORT },
	{ "size beyond buffer",	corrupt_size_big,	-EOVERFLOW },
	{ "size below header",	corrupt_size_small,	-EOVERFLOW },
	{ "truncated header",	corrupt_truncate,	-EINVAL },
	{ "reserved non-zero",	corrupt_reserved,	-EINVAL },
	{ "payload bit flip",	corrupt_payload,	-EBADMSG },
	{ "crc mismatch",	corrupt_crc,		-EBADMSG },
};

KUNIT_ARRAY_PARAM_DESC(kstate_check, kstate_check_cases, desc);

/* Each header defect is refused with its documented errno. */
static void kstate_test_check_refuses(struct kunit *test)
{
	const struct kstate_check_case *c = test->param_value;
	struct kstate_test_blob *b;
	size_t len = sizeof(*b);

	b = kunit_kzalloc(test, sizeof(*b), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	kstate_test_make_blob(b);
	c->corrupt(b, &len);
	KUNIT_EXPECT_EQ(test, kstate_blob_check(b, len), c->err);
}

static struct kunit_case kstate_blob_test_cases[] = {
	KUNIT_CASE(kstate_test_check_valid),
	KUNIT_CASE(kstate_test_crc_known_value),
	KUNIT_CASE_PARAM(kstate_test_check_refuses, kstate_check_gen_params),
	{}
};

static struct kunit_suite kstate_blob_test_suite = {
	.name = "kstate_blob",
	.test_cases = kstate_blob_test_cases,
};

kunit_test_suite(kstate_blob_test_suite);

MODULE_DESCRIPTION("KUnit tests for KSTATE");
MODULE_LICENSE("GPL");
