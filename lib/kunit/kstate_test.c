// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for KSTATE: blob validation, the writer x reader version
 * matrix, conversions, object graphs, scale and hostile blobs.
 *
 * Run under UML with:
 *   ./tools/testing/kunit/kunit.py run --kunitconfig=kernel/kstate
 *
 * The same file also runs on the host, under ASan and UBSan, through
 * tools/testing/kstate/ (make -C tools/testing/kstate run).
 */
#include <kunit/test.h>
#include <linux/kho/abi/kstate.h>
#include <linux/kstate.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <linux/xarray.h>

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static void kt_blob_free(void *blob)
{
	kvfree(blob);
}

/* Save one object of @type under @key; the blob is freed with the test. */
static void *kt_save_one(struct kunit *test, const struct kstate_type *type,
			 u64 key, void *obj, size_t *size)
{
	struct kstate_out *out = kstate_out_create();
	void *blob = NULL;
	int err;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	err = kstate_out_add(out, type, key, obj);
	if (!err)
		err = kstate_out_save(out, &blob, size);
	kstate_out_destroy(out);
	KUNIT_ASSERT_EQ(test, err, 0);
	kunit_add_action(test, kt_blob_free, blob);
	return blob;
}

static void kt_in_close(void *in)
{
	kstate_in_close(in);
}

static struct kstate_in *kt_open(struct kunit *test, const void *blob,
				 size_t size)
{
	struct kstate_in *in = kstate_in_open(blob, size);

	KUNIT_ASSERT_FALSE(test, IS_ERR(in));
	kunit_add_action(test, kt_in_close, in);
	return in;
}

/* Restore (@type, @key) from a blob holding it. */
static int kt_restore_one(struct kunit *test, const void *blob, size_t size,
			  const struct kstate_type *type, u64 key, void *obj)
{
	return kstate_in_restore(kt_open(test, blob, size), type, key, obj);
}

/* Members by descriptor name (or alias), so one test drives all versions. */
static const struct kstate_field *kt_field(const struct kstate_type *t,
					   const char *name)
{
	unsigned int i;

	for (i = 0; i < t->nr_fields; i++) {
		const struct kstate_field *f = &t->fields[i];

		if (!strcmp(f->name, name) ||
		    (f->aliases && !strcmp(f->aliases, name)))
			return f;
	}
	return NULL;
}

static void kt_set(const struct kstate_type *t, void *obj, const char *name,
		   u64 v)
{
	const struct kstate_field *f = kt_field(t, name);
	u8 *m;

	if (!f)
		return;
	m = (u8 *)obj + f->offset;
	switch (f->kind == KSTATE_KIND_BOOL ? 1 : f->size) {
	case 1:
		*m = v;
		break;
	case 2:
		*(u16 *)m = v;
		break;
	case 4:
		*(u32 *)m = v;
		break;
	default:
		*(u64 *)m = v;
		break;
	}
}

static s64 kt_get(const struct kstate_type *t, const void *obj,
		  const char *name)
{
	const struct kstate_field *f = kt_field(t, name);
	const u8 *m = (const u8 *)obj + f->offset;
	bool sgn = f->kind == KSTATE_KIND_SINT;

	if (f->kind == KSTATE_KIND_BOOL)
		return *(const bool *)m;
	switch (f->size) {
	case 1:
		return sgn ? (s64)*(const s8 *)m : (s64)*m;
	case 2:
		return sgn ? (s64)*(const s16 *)m : (s64)*(const u16 *)m;
	case 4:
		return sgn ? (s64)*(const s32 *)m : (s64)*(const u32 *)m;
	default:
		return *(const s64 *)m;
	}
}

static u8 *kt_mem(const struct kstate_type *t, void *obj, const char *name)
{
	return (u8 *)obj + kt_field(t, name)->offset;
}

/* ------------------------------------------------------------------ */
/* Blob header                                                         */
/* ------------------------------------------------------------------ */

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

/* ------------------------------------------------------------------ */
/* One type, "kt_dev", in several generations                          */
/* ------------------------------------------------------------------ */

/* v1: the first version */
struct kt_dev_v1 {
	u32 id;
	u16 width;
	s8 level;
	u32 legacy;
	u8 arr[4];
	char name[8];
};

KSTATE_DEFINE(kt_dev_v1, struct kt_dev_v1,
	      KSTATE_NAME("kt_dev"),
	      KSTATE_U32(id),
	      KSTATE_U16(width),
	      KSTATE_S8(level),
	      KSTATE_U32(legacy),
	      KSTATE_UINT_ARRAY(arr),
	      KSTATE_STRING(name));

/* v2: adds two fields, with defaults for v1 writers */
struct kt_dev_v2 {
	u32 id;
	u16 width;
	s8 level;
	u32 legacy;
	u8 arr[4];
	char name[8];
	u32 extra;
	bool on;
};

KSTATE_DEFINE(kt_dev_v2, struct kt_dev_v2,
	      KSTATE_NAME("kt_dev"), KSTATE_VERSION(2),
	      KSTATE_U32(id),
	      KSTATE_U16(width),
	      KSTATE_S8(level),
	      KSTATE_U32(legacy),
	      KSTATE_UINT_ARRAY(arr),
	      KSTATE_STRING(name),
	      KSTATE_U32(extra, KSTATE_SINCE(2), KSTATE_DEFAULT(0x55)),
	      KSTATE_BOOL(on, KSTATE_SINCE(2), KSTATE_DEFAULT(true)));

/* v3: drops legacy, widens width and level, renames id, grows arr */
struct kt_dev_v3 {
	u32 ident;
	u32 width;
	s32 level;
	u8 arr[8];
	char name[8];
	u32 extra;
	bool on;
};

KSTATE_DEFINE(kt_dev_v3, struct kt_dev_v3,
	      KSTATE_NAME("kt_dev"), KSTATE_VERSION(3),
	      KSTATE_U32(ident, KSTATE_ALIASES("id")),
	      KSTATE_U32(width),
	      KSTATE_S32(level),
	      KSTATE_UINT_ARRAY(arr),
	      KSTATE_STRING(name),
	      KSTATE_U32(extra, KSTATE_SINCE(2), KSTATE_DEFAULT(0x55)),
	      KSTATE_BOOL(on, KSTATE_SINCE(2), KSTATE_DEFAULT(true)));

/* v3, built to refuse writers older than v2 */
KSTATE_DEFINE(kt_dev_v3s, struct kt_dev_v3,
	      KSTATE_NAME("kt_dev"), KSTATE_VERSION(3), KSTATE_MIN_VERSION(2),
	      KSTATE_U32(ident, KSTATE_ALIASES("id")),
	      KSTATE_U32(width),
	      KSTATE_S32(level),
	      KSTATE_UINT_ARRAY(arr),
	      KSTATE_STRING(name),
	      KSTATE_U32(extra, KSTATE_SINCE(2), KSTATE_DEFAULT(0x55)),
	      KSTATE_BOOL(on, KSTATE_SINCE(2), KSTATE_DEFAULT(true)));

/* a vendor's branch of v2: its own field, not critical */
struct kt_dev_v2v {
	u32 id;
	u16 width;
	s8 level;
	u32 legacy;
	u8 arr[4];
	char name[8];
	u32 extra;
	bool on;
	u64 cookie;
};

KSTATE_DEFINE(kt_dev_v2v, struct kt_dev_v2v,
	      KSTATE_NAME("kt_dev"), KSTATE_VERSION(2),
	      KSTATE_U32(id),
	      KSTATE_U16(width),
	      KSTATE_S8(level),
	      KSTATE_U32(legacy),
	      KSTATE_UINT_ARRAY(arr),
	      KSTATE_STRING(name),
	      KSTATE_U32(extra, KSTATE_SINCE(2), KSTATE_DEFAULT(0x55)),
	      KSTATE_BOOL(on, KSTATE_SINCE(2), KSTATE_DEFAULT(true)),
	      KSTATE_U64(cookie, KSTATE_SINCE(2), KSTATE_DEFAULT(0xdef),
			 KSTATE_OPTIONAL));

/* v2 with a must-understand field */
struct kt_dev_v2c {
	u32 id;
	u16 width;
	s8 level;
	u32 legacy;
	u8 arr[4];
	char name[8];
	u32 extra;
	bool on;
	u32 must;
};

KSTATE_DEFINE(kt_dev_v2c, struct kt_dev_v2c,
	      KSTATE_NAME("kt_dev"), KSTATE_VERSION(2),
	      KSTATE_U32(id),
	      KSTATE_U16(width),
	      KSTATE_S8(level),
	      KSTATE_U32(legacy),
	      KSTATE_UINT_ARRAY(arr),
	      KSTATE_STRING(name),
	      KSTATE_U32(extra, KSTATE_SINCE(2), KSTATE_DEFAULT(0x55)),
	      KSTATE_BOOL(on, KSTATE_SINCE(2), KSTATE_DEFAULT(true)),
	      KSTATE_U32(must, KSTATE_SINCE(2), KSTATE_CRITICAL,
			 KSTATE_OPTIONAL));

struct kt_gen {
	const char *name;
	const struct kstate_type *type;
	bool legacy;	/* has field legacy */
	bool cookie;	/* has the vendor field */
	bool must;	/* has the critical field */
};

static const struct kt_gen kt_gens[] = {
	{ "v1", &kt_dev_v1_kstate_type, true, false, false },
	{ "v2", &kt_dev_v2_kstate_type, true, false, false },
	{ "v3", &kt_dev_v3_kstate_type, false, false, false },
	{ "v3-min2", &kt_dev_v3s_kstate_type, false, false, false },
	{ "v2-vendor", &kt_dev_v2v_kstate_type, true, true, false },
	{ "v2-critical", &kt_dev_v2c_kstate_type, true, false, true },
};

#define KT_ID		0x1234
#define KT_WIDTH	300
#define KT_LEVEL	(-5)
#define KT_LEGACY	77
#define KT_EXTRA	9
#define KT_COOKIE	0xc00c1e
#define KT_MUST		3

static void kt_fill(const struct kt_gen *g, void *obj)
{
	const struct kstate_type *t = g->type;

	kt_set(t, obj, "id", KT_ID);
	kt_set(t, obj, "width", KT_WIDTH);
	kt_set(t, obj, "level", (u64)(s64)KT_LEVEL);
	kt_set(t, obj, "legacy", KT_LEGACY);
	memcpy(kt_mem(t, obj, "arr"), "\1\2\3\4", 4);
	strscpy((char *)kt_mem(t, obj, "name"), "dev0", 8);
	kt_set(t, obj, "extra", KT_EXTRA);
	kt_set(t, obj, "on", false);
	kt_set(t, obj, "cookie", KT_COOKIE);
	kt_set(t, obj, "must", KT_MUST);
}

struct kt_matrix_case {
	char desc[40];
	const struct kt_gen *w;
	const struct kt_gen *r;
};

static struct kt_matrix_case kt_matrix[ARRAY_SIZE(kt_gens) * ARRAY_SIZE(kt_gens)];

static const void *kt_matrix_gen(struct kunit *test, const void *prev,
				 char *desc)
{
	const struct kt_matrix_case *c = prev;
	unsigned int i = c ? c - kt_matrix + 1 : 0;

	if (i >= ARRAY_SIZE(kt_matrix))
		return NULL;
	kt_matrix[i].w = &kt_gens[i / ARRAY_SIZE(kt_gens)];
	kt_matrix[i].r = &kt_gens[i % ARRAY_SIZE(kt_gens)];
	snprintf(kt_matrix[i].desc, sizeof(kt_matrix[i].desc), "%s -> %s",
		 kt_matrix[i].w->name, kt_matrix[i].r->name);
	strscpy(desc, kt_matrix[i].desc, KUNIT_PARAM_DESC_SIZE);
	return &kt_matrix[i];
}

/*
 * Every writer generation against every reader generation: the restore
 * succeeds with each field converted as documented, or is refused with the
 * documented errno and leaves the reader's object untouched.
 */
static void kstate_test_matrix(struct kunit *test)
{
	const struct kt_matrix_case *c = test->param_value;
	const struct kt_gen *w = c->w, *r = c->r;
	const struct kstate_type *rt = r->type;
	u8 *wobj, *robj, *pristine;
	int expect = 0, err;
	size_t size;
	void *blob;

	wobj = kunit_kzalloc(test, w->type->size, GFP_KERNEL);
	robj = kunit_kzalloc(test, rt->size, GFP_KERNEL);
	pristine = kunit_kzalloc(test, rt->size, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, wobj && robj && pristine);
	kt_fill(w, wobj);
	memset(robj, 0xee, rt->size);
	memcpy(pristine, robj, rt->size);

	if (w->type->version < rt->min_version)
		expect = -EPROTO;		/* rule: min_version */
	else if (w->must && !r->must)
		expect = -EOPNOTSUPP;		/* rule: critical unknown */

	blob = kt_save_one(test, w->type, 42, wobj, &size);
	err = kt_restore_one(test, blob, size, rt, 42, robj);
	KUNIT_ASSERT_EQ(test, err, expect);
	if (err) {
		KUNIT_EXPECT_MEMEQ(test, robj, pristine, rt->size);
		return;
	}

	/* renamed field: found through the alias, both directions */
	KUNIT_EXPECT_EQ(test, kt_get(rt, robj, "id"), KT_ID);
	/* u16 <-> u32, s8 <-> s32: widened or narrowed, value kept */
	KUNIT_EXPECT_EQ(test, kt_get(rt, robj, "width"), KT_WIDTH);
	KUNIT_EXPECT_EQ(test, kt_get(rt, robj, "level"), KT_LEVEL);
	/* array grown zero-filled, or shrunk over a zero tail */
	KUNIT_EXPECT_MEMEQ(test, kt_mem(rt, robj, "arr"),
			   "\1\2\3\4\0\0\0\0",
			   kt_field(rt, "arr")->count);
	KUNIT_EXPECT_STREQ(test, (char *)kt_mem(rt, robj, "name"),
			   "dev0");
	/* dropped by a newer writer: the reader's default */
	if (r->legacy)
		KUNIT_EXPECT_EQ(test, kt_get(rt, robj, "legacy"),
				w->legacy ? KT_LEGACY : 0);
	/* added after the writer's version: the reader's default */
	if (rt->version >= 2) {
		KUNIT_EXPECT_EQ(test, kt_get(rt, robj, "extra"),
				w->type->version >= 2 ? KT_EXTRA : 0x55);
		KUNIT_EXPECT_EQ(test, kt_get(rt, robj, "on"),
				w->type->version < 2);
	}
	/* vendor field: kept between vendor kernels, default otherwise */
	if (r->cookie)
		KUNIT_EXPECT_EQ(test, kt_get(rt, robj, "cookie"),
				w->cookie ? KT_COOKIE : 0xdef);
	if (r->must)
		KUNIT_EXPECT_EQ(test, kt_get(rt, robj, "must"),
				w->must ? KT_MUST : 0);
}

/* Identical schemas take the fast path; others are planned as conversions. */
static void kstate_test_fast_path(struct kunit *test)
{
	struct kt_dev_v2 a = { .id = 1, .name = "x" }, b = {};
	struct kstate_in_stats st;
	struct kstate_in *in;
	size_t size;
	void *blob;

	blob = kt_save_one(test, &kt_dev_v2_kstate_type, 1, &a, &size);
	in = kt_open(test, blob, size);
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_dev_v2_kstate_type, 1, &b), 0);
	kstate_in_get_stats(in, &st);
	KUNIT_EXPECT_EQ(test, st.converted, 0);
	KUNIT_EXPECT_EQ(test, st.restored, 1);
	KUNIT_EXPECT_MEMEQ(test, &a, &b, sizeof(a));

	blob = kt_save_one(test, &kt_dev_v1_kstate_type, 1, &a, &size);
	in = kt_open(test, blob, size);
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_dev_v2_kstate_type, 1, &b), 0);
	kstate_in_get_stats(in, &st);
	KUNIT_EXPECT_EQ(test, st.converted, 1);
}

struct kt_narrow_case {
	const char *desc;
	u32 width;
	s32 level;
	u8 tail;
	int err;
};

static const struct kt_narrow_case kt_narrow_cases[] = {
	{ "u32->u16 fits 65535",	65535,	0,	0, 0 },
	{ "u32->u16 65536 too big",	65536,	0,	0, -ERANGE },
	{ "s32->s8 fits -128",		1,	-128,	0, 0 },
	{ "s32->s8 -129 too small",	1,	-129,	0, -ERANGE },
	{ "s32->s8 128 too big",	1,	128,	0, -ERANGE },
	{ "array shrink, zero tail",	1,	0,	0, 0 },
	{ "array shrink, non-zero tail", 1,	0,	9, -ERANGE },
};

KUNIT_ARRAY_PARAM_DESC(kt_narrow, kt_narrow_cases, desc);

/* v3 -> v2: narrowing and shrinking succeed only when nothing is lost. */
static void kstate_test_narrow(struct kunit *test)
{
	const struct kt_narrow_case *c = test->param_value;
	struct kt_dev_v3 w = { .ident = 5, .width = c->width, .level = c->level,
			       .name = "n" };
	struct kt_dev_v2 r, pristine;
	size_t size;
	void *blob;
	int err;

	w.arr[6] = c->tail;
	memset(&r, 0xa5, sizeof(r));
	pristine = r;
	blob = kt_save_one(test, &kt_dev_v3_kstate_type, 3, &w, &size);
	err = kt_restore_one(test, blob, size, &kt_dev_v2_kstate_type, 3, &r);
	KUNIT_EXPECT_EQ(test, err, c->err);
	if (err) {
		/* nothing half-written */
		KUNIT_EXPECT_MEMEQ(test, &r, &pristine, sizeof(r));
		return;
	}
	KUNIT_EXPECT_EQ(test, r.width, c->width);
	KUNIT_EXPECT_EQ(test, r.level, c->level);
	KUNIT_EXPECT_EQ(test, r.id, 5);
}

/* A reader field missing from a writer that should have had it: refused. */
struct kt_dev_v2x {
	u32 id;
	u32 surprise;
};

KSTATE_DEFINE(kt_dev_v2x, struct kt_dev_v2x,
	      KSTATE_NAME("kt_dev"), KSTATE_VERSION(2),
	      KSTATE_U32(id),
	      KSTATE_U32(surprise));

static void kstate_test_missing_field(struct kunit *test)
{
	struct kt_dev_v2 w = { .id = 1, .name = "m" };
	struct kt_dev_v2x r = {};
	size_t size;
	void *blob;

	blob = kt_save_one(test, &kt_dev_v2_kstate_type, 1, &w, &size);
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_dev_v2x_kstate_type, 1, &r), -EINVAL);
}

/* Strings: a longer string than the reader holds is refused. */
struct kt_str_big {
	char s[32];
};

struct kt_str_small {
	char s[4];
};

KSTATE_DEFINE(kt_str_big, struct kt_str_big,
	      KSTATE_NAME("kt_str"),
	      KSTATE_STRING(s));
KSTATE_DEFINE(kt_str_small, struct kt_str_small,
	      KSTATE_NAME("kt_str"),
	      KSTATE_STRING(s));

static void kstate_test_strings(struct kunit *test)
{
	struct kt_str_big big = { .s = "abc" };
	struct kt_str_small small = {};
	size_t size;
	void *blob;

	blob = kt_save_one(test, &kt_str_big_kstate_type, 1, &big, &size);
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_str_small_kstate_type, 1, &small), 0);
	KUNIT_EXPECT_STREQ(test, small.s, "abc");

	strscpy(big.s, "abcd", sizeof(big.s));
	blob = kt_save_one(test, &kt_str_big_kstate_type, 1, &big, &size);
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_str_small_kstate_type, 1, &small),
			-ERANGE);
	KUNIT_EXPECT_STREQ(test, small.s, "abc");
}

static struct kunit_case kstate_version_test_cases[] = {
	KUNIT_CASE_PARAM(kstate_test_matrix, kt_matrix_gen),
	KUNIT_CASE(kstate_test_fast_path),
	KUNIT_CASE_PARAM(kstate_test_narrow, kt_narrow_gen_params),
	KUNIT_CASE(kstate_test_missing_field),
	KUNIT_CASE(kstate_test_strings),
	{}
};

static struct kunit_suite kstate_version_test_suite = {
	.name = "kstate_version",
	.test_cases = kstate_version_test_cases,
};

kunit_test_suite(kstate_version_test_suite);

/* ------------------------------------------------------------------ */
/* Object graphs, embedded structures, bitfields, hooks                */
/* ------------------------------------------------------------------ */

struct kt_node {
	u32 val;
	struct kt_node *next;
	struct kt_node *peer;
	struct list_head link;
	struct list_head children;
	u32 *vals;
	u16 nr_vals;
};

KSTATE_DEFINE(kt_node, struct kt_node,
	      KSTATE_U32(val),
	      KSTATE_PTR(next, kt_node),
	      KSTATE_PTR(peer, kt_node),
	      KSTATE_LIST(children, kt_node, link),
	      KSTATE_VARRAY(vals, nr_vals));

static struct kt_node *kt_node_new(struct kunit *test, u32 val)
{
	struct kt_node *n = kunit_kzalloc(test, sizeof(*n), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, n);
	n->val = val;
	INIT_LIST_HEAD(&n->link);
	INIT_LIST_HEAD(&n->children);
	return n;
}

/* Objects the engine allocated while restoring, freed with the test. */
static void kt_node_free(void *p)
{
	kfree(p);
}

static void kt_node_adopt(struct kunit *test, struct kt_node *n)
{
	kunit_add_action(test, kt_node_free, n);
	if (n->vals)
		kunit_add_action(test, kt_node_free, n->vals);
}

/* Two pointers to one object come back as two pointers to one object. */
static void kstate_test_shared_pointer(struct kunit *test)
{
	struct kt_node *a = kt_node_new(test, 1), *b = kt_node_new(test, 2);
	struct kt_node r;
	size_t size;
	void *blob;

	a->next = b;
	a->peer = b;
	blob = kt_save_one(test, &kt_node_kstate_type, 1, a, &size);
	memset(&r, 0, sizeof(r));
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size, &kt_node_kstate_type,
					     1, &r), 0);
	KUNIT_ASSERT_NOT_NULL(test, r.next);
	kt_node_adopt(test, r.next);
	KUNIT_EXPECT_PTR_EQ(test, r.next, r.peer);
	KUNIT_EXPECT_EQ(test, r.next->val, 2);
	KUNIT_EXPECT_NULL(test, r.next->next);
}

/* A cycle through the keyed object and a cycle among anonymous objects. */
static void kstate_test_cycle(struct kunit *test)
{
	struct kt_node *a = kt_node_new(test, 1), *b = kt_node_new(test, 2);
	struct kt_node *c = kt_node_new(test, 3), *d = kt_node_new(test, 4);
	struct kt_node r;
	size_t size;
	void *blob;

	a->next = b;		/* a -> b -> a */
	b->next = a;
	a->peer = c;		/* c <-> d */
	c->next = d;
	d->next = c;
	blob = kt_save_one(test, &kt_node_kstate_type, 9, a, &size);
	memset(&r, 0, sizeof(r));
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size, &kt_node_kstate_type,
					     9, &r), 0);
	kt_node_adopt(test, r.next);
	kt_node_adopt(test, r.peer);
	kt_node_adopt(test, r.peer->next);
	KUNIT_EXPECT_PTR_EQ(test, r.next->next, &r);
	KUNIT_EXPECT_PTR_EQ(test, r.peer->next->next, r.peer);
	KUNIT_EXPECT_EQ(test, r.peer->next->val, 4);
}

/* A list of 1000 objects, each with a variable array, in order. */
static void kstate_test_list(struct kunit *test)
{
	struct kt_node *root = kt_node_new(test, 0), *n, *tmp;
	struct kt_node r;
	size_t size;
	void *blob;
	u32 i;

	for (i = 1; i <= 1000; i++) {
		n = kt_node_new(test, i);
		n->nr_vals = i % 4;
		n->vals = kunit_kzalloc(test, 4 * sizeof(u32), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, n->vals);
		n->vals[0] = i * 3;
		n->vals[2] = i * 5;
		list_add_tail(&n->link, &root->children);
	}
	blob = kt_save_one(test, &kt_node_kstate_type, 5, root, &size);
	memset(&r, 0, sizeof(r));
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size, &kt_node_kstate_type,
					     5, &r), 0);
	i = 0;
	list_for_each_entry_safe(n, tmp, &r.children, link) {
		i++;
		kt_node_adopt(test, n);
		KUNIT_EXPECT_EQ(test, n->val, i);
		KUNIT_EXPECT_EQ(test, n->nr_vals, i % 4);
		if (n->nr_vals)
			KUNIT_EXPECT_EQ(test, n->vals[0], i * 3);
		if (n->nr_vals > 2)
			KUNIT_EXPECT_EQ(test, n->vals[2], i * 5);
		if (!n->nr_vals)
			KUNIT_EXPECT_NULL(test, n->vals);
	}
	KUNIT_EXPECT_EQ(test, i, 1000);
	/* the restored head links the restored elements both ways */
	KUNIT_EXPECT_PTR_EQ(test, r.children.next->prev, &r.children);
	KUNIT_EXPECT_PTR_EQ(test, r.children.prev->next, &r.children);
}

/* Pointers between keyed objects resolve whatever the restore order. */
static void kstate_test_keyed_pointers(struct kunit *test)
{
	struct kt_node *a = kt_node_new(test, 1), *b = kt_node_new(test, 2);
	struct kstate_out *out = kstate_out_create();
	struct kt_node ra = {}, rb = {};
	struct kstate_in *in;
	void *blob;
	size_t size;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	a->next = b;
	b->peer = a;
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_node_kstate_type, 10, a), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_node_kstate_type, 20, b), 0);
	KUNIT_EXPECT_EQ(test, kstate_out_add(out, &kt_node_kstate_type, 20, a), -EEXIST);
	KUNIT_ASSERT_EQ(test, kstate_out_save(out, &blob, &size), 0);
	kstate_out_destroy(out);
	kunit_add_action(test, kt_blob_free, blob);

	in = kt_open(test, blob, size);
	KUNIT_EXPECT_TRUE(test, kstate_in_present(in, &kt_node_kstate_type, 20));
	KUNIT_EXPECT_FALSE(test, kstate_in_present(in, &kt_node_kstate_type, 30));
	/* a first: its pointer to b is patched when b is restored */
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_node_kstate_type, 10, &ra), 0);
	KUNIT_EXPECT_NULL(test, ra.next);
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_node_kstate_type, 20, &rb), 0);
	KUNIT_EXPECT_PTR_EQ(test, ra.next, &rb);
	KUNIT_EXPECT_PTR_EQ(test, rb.peer, &ra);
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_node_kstate_type, 20, &rb),
			-EALREADY);
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_node_kstate_type, 30, &rb),
			-ENOENT);
}

struct kt_inner {
	u16 a;
	s32 b;
};

KSTATE_DEFINE(kt_inner, struct kt_inner,
	      KSTATE_U16(a),
	      KSTATE_S32(b));

struct kt_outer {
	struct kt_inner one;
	struct kt_inner two[2];
	struct kt_inner *items;
	u8 nr_items;
	unsigned int flag:1;
	int small:5;
	u64 wide:40;
};

KSTATE_DEFINE(kt_outer, struct kt_outer,
	      KSTATE_STRUCT(one, kt_inner),
	      KSTATE_STRUCT_ARRAY(two, kt_inner),
	      KSTATE_VARRAY_STRUCT(items, nr_items, kt_inner),
	      KSTATE_BITFIELD(flag),
	      KSTATE_BITFIELD(small),
	      KSTATE_BITFIELD(wide));

/* The same type with narrower bitfields. */
struct kt_outer_narrow {
	struct kt_inner one;
	struct kt_inner two[2];
	struct kt_inner *items;
	u8 nr_items;
	unsigned int flag:1;
	int small:3;
	u64 wide:40;
};

KSTATE_DEFINE(kt_outer_narrow, struct kt_outer_narrow,
	      KSTATE_NAME("kt_outer"),
	      KSTATE_STRUCT(one, kt_inner),
	      KSTATE_STRUCT_ARRAY(two, kt_inner),
	      KSTATE_VARRAY_STRUCT(items, nr_items, kt_inner),
	      KSTATE_BITFIELD(flag),
	      KSTATE_BITFIELD(small),
	      KSTATE_BITFIELD(wide));

/* Embedded structures, arrays of them, variable arrays and bitfields. */
static void kstate_test_struct_bitfields(struct kunit *test)
{
	struct kt_inner items[3] = { { 7, -7 }, { 8, -8 }, { 9, -9 } };
	struct kt_outer o = {
		.one = { 1, -1 }, .two = { { 2, -2 }, { 3, -3 } },
		.items = items, .nr_items = 3,
		.flag = 1, .small = -9, .wide = 0xabcdef1234ULL,
	};
	struct kt_outer_narrow n;
	struct kt_outer r = {};
	size_t size;
	void *blob;

	blob = kt_save_one(test, &kt_outer_kstate_type, 1, &o, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size, &kt_outer_kstate_type,
					     1, &r), 0);
	kunit_add_action(test, kt_node_free, r.items);
	KUNIT_EXPECT_EQ(test, r.one.b, -1);
	KUNIT_EXPECT_EQ(test, r.two[1].a, 3);
	KUNIT_EXPECT_EQ(test, r.two[1].b, -3);
	KUNIT_ASSERT_EQ(test, r.nr_items, 3);
	KUNIT_EXPECT_EQ(test, r.items[2].a, 9);
	KUNIT_EXPECT_EQ(test, r.items[2].b, -9);
	KUNIT_EXPECT_EQ(test, (int)r.flag, 1);
	KUNIT_EXPECT_EQ(test, (int)r.small, -9);
	KUNIT_EXPECT_EQ(test, (u64)r.wide, 0xabcdef1234ULL);

	/* -9 does not fit a 3-bit signed bitfield; -3 does */
	memset(&n, 0, sizeof(n));
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_outer_narrow_kstate_type, 1, &n),
			-ERANGE);
	o.small = -3;
	blob = kt_save_one(test, &kt_outer_kstate_type, 1, &o, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_outer_narrow_kstate_type, 1, &n), 0);
	kunit_add_action(test, kt_node_free, n.items);
	KUNIT_EXPECT_EQ(test, (int)n.small, -3);
	KUNIT_EXPECT_EQ(test, (u64)n.wide, 0xabcdef1234ULL);
}

/*
 * Flags as adopters have them (struct pci_dev's is_physfn, msi_enabled...):
 * eleven one-bit bitfields in a row (a group of 8 and one of 3, the last
 * at the end of the record), a signed and a wide one between members.
 */
struct kt_flags {
	u8 before;
	unsigned int f0:1, f1:1, f2:1, f3:1, f4:1, f5:1, f6:1, f7:1;
	unsigned int f8:1, f9:1, f10:1;
	int sgn:2;
	u64 big:33;
	u8 mid;
	unsigned int last:1;
};

#define KT_FLAGS(...)							\
KSTATE_DEFINE(__VA_ARGS__,						\
	      KSTATE_NAME("kt_flags"),					\
	      KSTATE_U8(before),					\
	      KSTATE_BITFIELD(f0), KSTATE_BITFIELD(f1),			\
	      KSTATE_BITFIELD(f2), KSTATE_BITFIELD(f3),			\
	      KSTATE_BITFIELD(f4), KSTATE_BITFIELD(f5),			\
	      KSTATE_BITFIELD(f6), KSTATE_BITFIELD(f7),			\
	      KSTATE_BITFIELD(f8), KSTATE_BITFIELD(f9),			\
	      KSTATE_BITFIELD(f10), KSTATE_BITFIELD(sgn),			\
	      KSTATE_BITFIELD(big), KSTATE_U8(mid), KSTATE_BITFIELD(last))

KT_FLAGS(kt_flags, struct kt_flags);

/* The same, but f3 is a byte: values a flag cannot hold. */
struct kt_flags_byte {
	u8 before;
	unsigned int f0:1, f1:1, f2:1;
	u8 f3;
	unsigned int f4:1, f5:1, f6:1, f7:1, f8:1, f9:1, f10:1;
	int sgn:2;
	u64 big:33;
	u8 mid;
	unsigned int last:1;
};

KT_FLAGS(kt_flags_byte, struct kt_flags_byte);

/*
 * The compiled steps (runs of copies, groups of bitfields and of flags)
 * give what the interpreter gives: test builds check each step of every
 * save and restore of every test against it; here, the flags' shapes,
 * then the counts of all the checks of this run.
 */
static void kstate_test_compiled_paths(struct kunit *test)
{
	static const u64 pattern[] = { 0, ~0ULL, 0x5555555555555555ULL,
				       0xaaaaaaaaaaaaaaaaULL, 0x0123456789abcdefULL };
	struct kt_flags o, r;
	struct kt_flags_byte b = { .f3 = 1 };
	u64 checked, differ;
	unsigned int i;
	size_t size;
	void *blob;

	for (i = 0; i < ARRAY_SIZE(pattern); i++) {
		u64 p = pattern[i];

		memset(&o, 0, sizeof(o));
		o.before = p;
		o.f0 = p; o.f1 = p >> 1; o.f2 = p >> 2; o.f3 = p >> 3;
		o.f4 = p >> 4; o.f5 = p >> 5; o.f6 = p >> 6; o.f7 = p >> 7;
		o.f8 = p >> 8; o.f9 = p >> 9; o.f10 = p >> 10;
		o.sgn = p >> 11; o.big = p >> 13; o.mid = p >> 46;
		o.last = p >> 54;
		blob = kt_save_one(test, &kt_flags_kstate_type, i, &o, &size);
		memset(&r, 0x5a, sizeof(r));
		KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
						     &kt_flags_kstate_type, i, &r), 0);
		KUNIT_EXPECT_EQ(test, r.before, o.before);
		KUNIT_EXPECT_EQ(test, r.f0 | r.f1 << 1 | r.f2 << 2 | r.f3 << 3 |
				r.f4 << 4 | r.f5 << 5 | r.f6 << 6 | r.f7 << 7 |
				r.f8 << 8 | r.f9 << 9 | r.f10 << 10,
				o.f0 | o.f1 << 1 | o.f2 << 2 | o.f3 << 3 |
				o.f4 << 4 | o.f5 << 5 | o.f6 << 6 | o.f7 << 7 |
				o.f8 << 8 | o.f9 << 9 | o.f10 << 10);
		KUNIT_EXPECT_EQ(test, (int)r.sgn, (int)o.sgn);
		KUNIT_EXPECT_EQ(test, (u64)r.big, (u64)o.big);
		KUNIT_EXPECT_EQ(test, r.mid, o.mid);
		KUNIT_EXPECT_EQ(test, (int)r.last, (int)o.last);
	}

	/* a byte of 0 or 1 is a flag; 2 is not, and is named */
	blob = kt_save_one(test, &kt_flags_byte_kstate_type, 1, &b, &size);
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_flags_kstate_type, 1, &r), 0);
	KUNIT_EXPECT_EQ(test, (int)r.f3, 1);
	b.f3 = 2;
	blob = kt_save_one(test, &kt_flags_byte_kstate_type, 2, &b, &size);
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_flags_kstate_type, 2, &r), -ERANGE);

	kstate_test_crosscheck_counts(&checked, &differ);
	kunit_info(test, "compiled steps checked against the interpreter: %llu, differing: %llu\n",
		   (unsigned long long)checked, (unsigned long long)differ);
	KUNIT_EXPECT_GT(test, checked, 0);
	KUNIT_EXPECT_EQ(test, differ, 0);
}

struct kt_hooked {
	u32 v;
	u32 seen_version;
};

static int kt_hook_err;

static int kt_pre_save(void *obj)
{
	return kt_hook_err;
}

static int kt_post_restore(void *obj, u32 writer_version)
{
	((struct kt_hooked *)obj)->seen_version = writer_version;
	return 0;
}

static const struct kstate_ops kt_hook_ops = {
	.pre_save = kt_pre_save,
	.post_restore = kt_post_restore,
};

KSTATE_DEFINE(kt_hooked_v1, struct kt_hooked,
	      KSTATE_NAME("kt_hooked"),
	      KSTATE_U32(v));
KSTATE_DEFINE(kt_hooked_v4, struct kt_hooked,
	      KSTATE_NAME("kt_hooked"),
	      KSTATE_VERSION(4),
	      KSTATE_OPS(&kt_hook_ops),
	      KSTATE_U32(v));

/* pre_save can abort a save; post_restore sees the writer's version. */
static void kstate_test_hooks(struct kunit *test)
{
	struct kt_hooked h = { .v = 3 }, r = {};
	struct kstate_out *out = kstate_out_create();
	size_t size;
	void *blob;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_hooked_v4_kstate_type, 1, &h), 0);
	kt_hook_err = -ENOMEM;
	KUNIT_EXPECT_EQ(test, kstate_out_save(out, &blob, &size), -ENOMEM);
	kt_hook_err = 0;
	kstate_out_destroy(out);

	blob = kt_save_one(test, &kt_hooked_v1_kstate_type, 1, &h, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_hooked_v4_kstate_type, 1, &r), 0);
	KUNIT_EXPECT_EQ(test, r.v, 3);
	KUNIT_EXPECT_EQ(test, r.seen_version, 1);
}

/* A member only callbacks can save: a run-length encoded bitmap, say. */
struct kt_custom {
	u32 before;
	u8 map[64];
	u32 after;
};

static size_t kt_rle_size(const void *obj, const void *m)
{
	const u8 *map = m;
	size_t n = 0, i = 0;

	while (i < 64) {
		size_t run = 1;

		while (i + run < 64 && map[i + run] == map[i] && run < 255)
			run++;
		i += run;
		n += 2;
	}
	return n;
}

static int kt_rle_save(const void *obj, const void *m, void *buf, size_t len,
		       struct kstate_mem *mem)
{
	const u8 *map = m;
	u8 *out = buf;
	size_t i = 0;

	while (i < 64) {
		size_t run = 1;

		while (i + run < 64 && map[i + run] == map[i] && run < 255)
			run++;
		*out++ = run;
		*out++ = map[i];
		i += run;
	}
	return out - (u8 *)buf == len ? 0 : -EINVAL;
}

static int kt_rle_restore(void *obj, void *m, const void *buf, size_t len,
			  u32 writer_version, struct kstate_mem *mem)
{
	const u8 *in = buf;
	u8 *map = m;
	size_t i, at = 0;

	if (!buf) {
		memset(map, 0x5a, 64);	/* default */
		return 0;
	}
	for (i = 0; i + 1 < len; i += 2) {
		if (at + in[i] > 64)
			return -EINVAL;
		memset(map + at, in[i + 1], in[i]);
		at += in[i];
	}
	return at == 64 && i == len ? 0 : -EINVAL;
}

static const struct kstate_custom_ops kt_rle_ops = {
	.size = kt_rle_size,
	.save = kt_rle_save,
	.restore = kt_rle_restore,
};

KSTATE_DEFINE(kt_custom_v1, struct kt_custom,
	      KSTATE_NAME("kt_custom"),
	      KSTATE_U32(before),
	      KSTATE_U32(after));
KSTATE_DEFINE(kt_custom_v2, struct kt_custom,
	      KSTATE_NAME("kt_custom"), KSTATE_VERSION(2),
	      KSTATE_U32(before),
	      KSTATE_CUSTOM(map, &kt_rle_ops, KSTATE_SINCE(2)),
	      KSTATE_U32(after));

/* Custom callbacks round-trip a member, and give a default when absent. */
static void kstate_test_custom(struct kunit *test)
{
	struct kt_custom w = { .before = 1, .after = 2 }, r = {};
	size_t size;
	void *blob;

	memset(w.map + 10, 7, 20);
	blob = kt_save_one(test, &kt_custom_v2_kstate_type, 1, &w, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_custom_v2_kstate_type, 1, &r), 0);
	KUNIT_EXPECT_MEMEQ(test, &r, &w, sizeof(w));
	/* a v1 writer had no map: the callback sets its default */
	blob = kt_save_one(test, &kt_custom_v1_kstate_type, 1, &w, &size);
	memset(&r, 0, sizeof(r));
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_custom_v2_kstate_type, 1, &r), 0);
	KUNIT_EXPECT_EQ(test, r.map[63], 0x5a);
	KUNIT_EXPECT_EQ(test, r.after, 2);
}

/*
 * Preserved pages: a stand-in backend (the KHO one lands with the handover)
 * that records what it was asked to preserve and maps addresses back. It
 * never touches the pages, so fake page pointers do.
 */
static u32 kt_preserved;

static int kt_mem_preserve(struct page *page, unsigned int order, u64 *phys)
{
	kt_preserved++;
	*phys = (u64)(uintptr_t)page ^ 0x5000;
	return order == 2 ? 0 : -EINVAL;
}

static struct page *kt_mem_restore(u64 phys, unsigned int order)
{
	return (struct page *)(uintptr_t)(phys ^ 0x5000);
}

static const struct kstate_mem_ops kt_mem_ops = {
	.preserve = kt_mem_preserve,
	.restore = kt_mem_restore,
};

struct kt_ring {
	u32 head;
	struct page *pages;
	struct page *none;
};

KSTATE_DEFINE(kt_ring, struct kt_ring,
	      KSTATE_U32(head),
	      KSTATE_PAGES(pages, 2),
	      KSTATE_PAGES(none, 2));

/* Preserved pages go through the backend both ways; without one, refused. */
static void kstate_test_pages(struct kunit *test)
{
	struct kt_ring w = { .head = 9, .pages = (struct page *)0x123000 };
	struct kt_ring r = {};
	struct kstate_out *out = kstate_out_create();
	struct kstate_in *in;
	size_t size;
	void *blob;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_ring_kstate_type, 1, &w), 0);
	KUNIT_EXPECT_EQ(test, kstate_out_save(out, &blob, &size), -EOPNOTSUPP);
	kstate_out_set_mem(out, &kt_mem_ops);
	kt_preserved = 0;
	KUNIT_ASSERT_EQ(test, kstate_out_save(out, &blob, &size), 0);
	kstate_out_destroy(out);
	kunit_add_action(test, kt_blob_free, blob);
	KUNIT_EXPECT_EQ(test, kt_preserved, 1);	/* NULL is not preserved */

	in = kt_open(test, blob, size);
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_ring_kstate_type, 1, &r),
			-EOPNOTSUPP);
	KUNIT_EXPECT_NULL(test, r.pages);
	in = kt_open(test, blob, size);
	kstate_in_set_mem(in, &kt_mem_ops);
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_ring_kstate_type, 1, &r), 0);
	KUNIT_EXPECT_PTR_EQ(test, r.pages, w.pages);
	KUNIT_EXPECT_NULL(test, r.none);
	KUNIT_EXPECT_EQ(test, r.head, 9);
}

/* The same pages by address: a pointer member of any type. */
struct kt_vring {
	u32 head;
	u64 *ring;
	void *none;
};

KSTATE_DEFINE(kt_vring, struct kt_vring,
	      KSTATE_NAME("kt_ring"),
	      KSTATE_U32(head),
	      KSTATE_PAGES_VIRT(ring, 2, KSTATE_ALIASES("pages")),
	      KSTATE_PAGES_VIRT(none, 2));

static void kt_free_pages2(void *page)
{
	__free_pages(page, 2);
}

/*
 * A struct page member and an address member are one thing on the wire:
 * either side may be either, across versions (the member was renamed too);
 * an address that is not whole pages of the linear map is refused.
 */
static void kstate_test_pages_virt(struct kunit *test)
{
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);
	struct kt_ring w = { .head = 9 }, r = {};
	struct kt_vring vw = { .head = 4 }, vr = {};
	struct kstate_out *out;
	struct kstate_in *in;
	size_t size;
	void *blob;

	KUNIT_ASSERT_NOT_NULL(test, page);
	kunit_add_action(test, kt_free_pages2, page);

	/* struct page writer, address reader */
	w.pages = page;
	out = kstate_out_create();
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	kstate_out_set_mem(out, &kt_mem_ops);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_ring_kstate_type, 1, &w), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_save(out, &blob, &size), 0);
	kunit_add_action(test, kt_blob_free, blob);
	in = kt_open(test, blob, size);
	kstate_in_set_mem(in, &kt_mem_ops);
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_vring_kstate_type, 1,
						&vr), 0);
	KUNIT_EXPECT_PTR_EQ(test, vr.ring, page_address(page));
	KUNIT_EXPECT_NULL(test, vr.none);
	KUNIT_EXPECT_EQ(test, vr.head, 9);

	/* address writer, struct page reader */
	vw.ring = page_address(page);
	kstate_out_remove(out, &kt_ring_kstate_type, 1);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_vring_kstate_type, 1,
					     &vw), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_save(out, &blob, &size), 0);
	kunit_add_action(test, kt_blob_free, blob);
	in = kt_open(test, blob, size);
	kstate_in_set_mem(in, &kt_mem_ops);
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_ring_kstate_type, 1,
						&r), 0);
	KUNIT_EXPECT_PTR_EQ(test, r.pages, page);
	KUNIT_EXPECT_EQ(test, r.head, 4);

	/* inside the pages, not their start: refused */
	vw.ring++;
	KUNIT_EXPECT_EQ(test, kstate_out_save(out, &blob, &size), -EINVAL);
	kstate_out_destroy(out);
}

/* The dump format: one "OBJECT.FIELD = VALUE" line per value, stable. */
static void kstate_test_dump(struct kunit *test)
{
	static const char want[] =
		"kt_dev[42] v2\n"
		"kt_dev[42].id = 7\n"
		"kt_dev[42].width = 300\n"
		"kt_dev[42].level = -5\n"
		"kt_dev[42].legacy = 1\n"
		"kt_dev[42].arr[0] = 1\n"
		"kt_dev[42].arr[1] = 2\n"
		"kt_dev[42].arr[2] = 3\n"
		"kt_dev[42].arr[3] = 250\n"
		"kt_dev[42].name = \"a\\\"b\\x01\"\n"
		"kt_dev[42].extra = 9\n"
		"kt_dev[42].on = true\n";
	struct kt_dev_v2 w = {
		.id = 7, .width = 300, .level = -5, .legacy = 1,
		.arr = { 1, 2, 3, 250 }, .name = "a\"b\x01", .extra = 9,
		.on = true,
	};
	struct kt_node *n = kt_node_new(test, 5);
	u32 vals[2] = { 11, 12 };
	size_t size, len;
	char *text;
	void *blob;

	blob = kt_save_one(test, &kt_dev_v2_kstate_type, 42, &w, &size);
	KUNIT_ASSERT_EQ(test, kstate_blob_to_text(blob, size, &text, &len), 0);
	KUNIT_EXPECT_STREQ(test, text, want);
	KUNIT_EXPECT_EQ(test, len, strlen(want));
	kvfree(text);
	/* a damaged blob is refused, not decoded */
	KUNIT_EXPECT_EQ(test, kstate_blob_to_text(blob, size - 1, &text, &len),
			-EOVERFLOW);

	n->peer = n;
	n->vals = vals;
	n->nr_vals = 2;
	blob = kt_save_one(test, &kt_node_kstate_type, 3, n, &size);
	KUNIT_ASSERT_EQ(test, kstate_blob_to_text(blob, size, &text, &len), 0);
	KUNIT_EXPECT_STREQ(test, text,
			   "kt_node[3] v1\n"
			   "kt_node[3].val = 5\n"
			   "kt_node[3].next = NULL\n"
			   "kt_node[3].peer = -> kt_node[3]\n"
			   "kt_node[3].children = list 0\n"
			   "kt_node[3].vals = varray 2\n"
			   "kt_node[3].vals[0] = 11\n"
			   "kt_node[3].vals[1] = 12\n");
	kvfree(text);
}

static struct kunit_case kstate_graph_test_cases[] = {
	KUNIT_CASE(kstate_test_pages),
	KUNIT_CASE(kstate_test_pages_virt),
	KUNIT_CASE(kstate_test_custom),
	KUNIT_CASE(kstate_test_shared_pointer),
	KUNIT_CASE(kstate_test_cycle),
	KUNIT_CASE(kstate_test_list),
	KUNIT_CASE(kstate_test_keyed_pointers),
	KUNIT_CASE(kstate_test_struct_bitfields),
	KUNIT_CASE(kstate_test_compiled_paths),
	KUNIT_CASE(kstate_test_hooks),
	KUNIT_CASE(kstate_test_dump),
	{}
};

static struct kunit_suite kstate_graph_test_suite = {
	.name = "kstate_graph",
	.test_cases = kstate_graph_test_cases,
};

kunit_test_suite(kstate_graph_test_suite);

/* ------------------------------------------------------------------ */
/* Xarrays of objects and of values                                    */
/* ------------------------------------------------------------------ */

/* Like dmar_domain.iommu_array: seq_id -> struct iommu_domain_info * */
struct kt_info {
	u32 did;
	struct xarray tags;
};

KSTATE_DEFINE(kt_info, struct kt_info,
	      KSTATE_U32(did),
	      KSTATE_XARRAY_VALUE(tags));

struct kt_dom_v1 {
	u64 id;
	struct kt_info *first;
	struct xarray infos;
};

struct kt_dom_v2 {
	u64 id;
	struct kt_info *first;
	struct xarray infos;
	struct xarray cookies;
};

KSTATE_DEFINE(kt_dom_v1, struct kt_dom_v1,
	      KSTATE_NAME("kt_dom"),
	      KSTATE_U64(id),
	      KSTATE_PTR(first, kt_info),
	      KSTATE_XARRAY(infos, kt_info));
KSTATE_DEFINE(kt_dom_v2, struct kt_dom_v2,
	      KSTATE_NAME("kt_dom"), KSTATE_VERSION(2),
	      KSTATE_U64(id),
	      KSTATE_PTR(first, kt_info),
	      KSTATE_XARRAY(infos, kt_info),
	      KSTATE_XARRAY_VALUE(cookies, KSTATE_SINCE(2),
				  KSTATE_XA_FLAGS(XA_FLAGS_ALLOC)));

/* Fixed part of a kt_dom record: id, first, then the xarray references. */
#define KT_DOM_INFOS	12
#define KT_DOM_COOKIES	20
#define KT_BIG_INDEX	ULONG_MAX

static void kt_xa_destroy(void *xa)
{
	xa_destroy(xa);
}

/* Free the infos a restore allocated, with their xarrays, then @p's nodes. */
static void kt_infos_release(void *p)
{
	struct xarray *infos = p;
	struct kt_info *info;
	unsigned long i;

	xa_for_each(infos, i, info) {
		struct kt_info *other;
		unsigned long j;

		/* a corrupted blob may repeat an object: free it once */
		xa_for_each_start(infos, j, other, i)
			if (other == info)
				xa_erase(infos, j);
		xa_destroy(&info->tags);
		kfree(info);
	}
	xa_destroy(infos);
}

static struct kt_info *kt_info_new(struct kunit *test, u32 did)
{
	struct kt_info *info = kunit_kzalloc(test, sizeof(*info), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, info);
	info->did = did;
	xa_init(&info->tags);
	kunit_add_action(test, kt_xa_destroy, &info->tags);
	return info;
}

static struct kt_dom_v2 *kt_dom_new(struct kunit *test)
{
	struct kt_dom_v2 *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, d);
	xa_init(&d->infos);
	xa_init(&d->cookies);
	kunit_add_action(test, kt_xa_destroy, &d->infos);
	kunit_add_action(test, kt_xa_destroy, &d->cookies);
	return d;
}

static void kt_xa_put(struct kunit *test, struct xarray *xa,
		      unsigned long index, void *entry)
{
	KUNIT_ASSERT_EQ(test, xa_err(xa_store(xa, index, entry, GFP_KERNEL)), 0);
}

/*
 * Infos 10, 20, 30 at sparse indices 0, 7 and ULONG_MAX, the one at 7 also
 * pointed to by @first and tagged; cookies 0 and LONG_MAX.
 */
static void kt_dom_fill(struct kunit *test, struct kt_dom_v2 *d)
{
	struct kt_info *b = kt_info_new(test, 20);

	d->id = 42;
	kt_xa_put(test, &d->infos, 0, kt_info_new(test, 10));
	kt_xa_put(test, &d->infos, 7, b);
	kt_xa_put(test, &d->infos, KT_BIG_INDEX, kt_info_new(test, 30));
	kt_xa_put(test, &b->tags, 3, xa_mk_value(33));
	d->first = b;
	kt_xa_put(test, &d->cookies, 0, xa_mk_value(0));
	kt_xa_put(test, &d->cookies, 1 << 20, xa_mk_value(LONG_MAX));
}

/* The infos of kt_dom_fill(), restored: new objects, sharing preserved. */
static void kt_check_infos(struct kunit *test, struct xarray *infos,
			   struct kt_info *first)
{
	struct kt_info *a = xa_load(infos, 0), *b = xa_load(infos, 7);
	struct kt_info *c = xa_load(infos, KT_BIG_INDEX), *info;
	unsigned long i;
	u32 n = 0;

	xa_for_each(infos, i, info)
		n++;
	KUNIT_EXPECT_EQ(test, n, 3);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, a->did, 10);
	KUNIT_EXPECT_EQ(test, b->did, 20);
	KUNIT_EXPECT_EQ(test, c->did, 30);
	KUNIT_EXPECT_PTR_EQ(test, first, b);
	KUNIT_EXPECT_TRUE(test, xa_empty(&a->tags));
	KUNIT_EXPECT_TRUE(test, xa_is_value(xa_load(&b->tags, 3)));
	KUNIT_EXPECT_EQ(test, xa_to_value(xa_load(&b->tags, 3)), 33);
}

/* ------------------------------------------------------------------ */
/* Scale and hostile input                                             */
/* ------------------------------------------------------------------ */

#define KT_MANY 10000

struct kt_small {
	u64 key;
	u32 val;
};

KSTATE_DEFINE(kt_small, struct kt_small,
	      KSTATE_U64(key),
	      KSTATE_U32(val));

/* A deterministic pseudo-random sequence (xorshift32). */
static u32 kt_rand(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* 10,000 objects restored in random key order; absent keys are ENOENT. */
static void kstate_test_many_random_order(struct kunit *test)
{
	struct kstate_out *out = kstate_out_create();
	struct kt_small *objs, r;
	struct kstate_in_stats st;
	struct kstate_in *in;
	u32 *order, i, seed = 1;
	size_t size;
	void *blob;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	objs = kunit_kzalloc(test, KT_MANY * sizeof(*objs), GFP_KERNEL);
	order = kunit_kzalloc(test, KT_MANY * sizeof(*order), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, objs && order);
	for (i = 0; i < KT_MANY; i++) {
		/* sparse keys, registered in a scrambled order */
		u32 j = (i * 7919) % KT_MANY;

		objs[j].key = (u64)j * 1000003 + 17;
		objs[j].val = j ^ 0x5a5a;
		KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_small_kstate_type,
						     objs[j].key, &objs[j]), 0);
		order[i] = i;
	}
	KUNIT_ASSERT_EQ(test, kstate_out_save(out, &blob, &size), 0);
	kstate_out_destroy(out);
	kunit_add_action(test, kt_blob_free, blob);

	for (i = KT_MANY - 1; i > 0; i--) {
		u32 j = kt_rand(&seed) % (i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	in = kt_open(test, blob, size);
	for (i = 0; i < KT_MANY; i++) {
		const struct kt_small *o = &objs[order[i]];

		memset(&r, 0, sizeof(r));
		KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_small_kstate_type,
							o->key, &r), 0);
		KUNIT_ASSERT_EQ(test, r.key, o->key);
		KUNIT_ASSERT_EQ(test, r.val, o->val);
		/* between two keys, and past the end: absent */
		KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_small_kstate_type,
							o->key + 1, &r), -ENOENT);
	}
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_small_kstate_type, 0, &r),
			-ENOENT);
	kstate_in_get_stats(in, &st);
	KUNIT_EXPECT_EQ(test, st.restored, KT_MANY);
	KUNIT_EXPECT_EQ(test, st.nr_keyed, KT_MANY);
	KUNIT_EXPECT_EQ(test, st.failed, 0);
}

/*
 * A reference blob: several types, keyed and anonymous objects, a list, and
 * xarrays of objects and of values.
 */
static void *kt_reference_blob(struct kunit *test, size_t *size)
{
	struct kt_node *a = kt_node_new(test, 1), *b = kt_node_new(test, 2);
	struct kt_node *c = kt_node_new(test, 3);
	struct kt_dev_v3 *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	struct kt_dom_v2 *dom = kt_dom_new(test);
	struct kstate_out *out = kstate_out_create();
	void *blob;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_ASSERT_NOT_NULL(test, d);
	kt_dom_fill(test, dom);
	d->ident = 5;
	strscpy(d->name, "d", sizeof(d->name));
	a->next = b;
	b->peer = a;
	c->nr_vals = 2;
	c->vals = kunit_kzalloc(test, 2 * sizeof(u32), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->vals);
	list_add_tail(&c->link, &a->children);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_node_kstate_type, 1, a), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_node_kstate_type, 2, b), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_dev_v3_kstate_type, 3, d), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_dom_v2_kstate_type, 4, dom), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_save(out, &blob, size), 0);
	kstate_out_destroy(out);
	kunit_add_action(test, kt_blob_free, blob);
	return blob;
}

#define KT_TRY_NODES	8

/* Note a restored node to free, once: a corrupted blob may share anything. */
static void kt_node_once(struct kt_node **set, u32 *nr, struct kt_node *p)
{
	u32 i;

	for (i = 0; p && i < *nr; i++)
		if (set[i] == p)
			return;
	if (p && *nr < KT_TRY_NODES)
		set[(*nr)++] = p;
}

/* Open a blob and restore everything it offers; anything may fail cleanly. */
static int kt_try_all(const void *blob, size_t size)
{
	struct kt_node n1 = {}, n2 = {}, *set[KT_TRY_NODES] = { &n1, &n2 };
	u32 nr = 2;
	struct kt_dev_v3 d = {};
	struct kt_dom_v2 dom = {};
	struct kstate_in *in;
	struct kt_node *p, *tmp;
	struct kt_info *info;
	unsigned long i;
	int err;

	in = kstate_in_open(blob, size);
	if (IS_ERR(in))
		return PTR_ERR(in);
	err = kstate_in_restore(in, &kt_node_kstate_type, 1, &n1);
	(void)kstate_in_restore(in, &kt_node_kstate_type, 2, &n2);
	(void)kstate_in_restore(in, &kt_dev_v3_kstate_type, 3, &d);
	if (!kstate_in_restore(in, &kt_dom_v2_kstate_type, 4, &dom)) {
		xa_for_each(&dom.infos, i, info)
			if (info == dom.first)
				break;
		if (dom.first && !info) {
			xa_destroy(&dom.first->tags);
			kfree(dom.first);
		}
		kt_infos_release(&dom.infos);
		xa_destroy(&dom.cookies);
	}
	kstate_in_close(in);
	/* free what successful restores allocated, each object once */
	kt_node_once(set, &nr, n1.next);
	kt_node_once(set, &nr, n1.peer);
	kt_node_once(set, &nr, n2.next);
	kt_node_once(set, &nr, n2.peer);
	if (n1.children.next)
		list_for_each_entry_safe(p, tmp, &n1.children, link)
			kt_node_once(set, &nr, p);
	if (n2.children.next)
		list_for_each_entry_safe(p, tmp, &n2.children, link)
			kt_node_once(set, &nr, p);
	while (nr > 2) {
		p = set[--nr];
		kfree(p->vals);
		kfree(p);
	}
	kfree(n1.vals);
	kfree(n2.vals);
	return err;
}

/* Every truncation of a valid blob is refused, without a crash. */
static void kstate_test_truncation(struct kunit *test)
{
	size_t size, len;
	u8 *blob = kt_reference_blob(test, &size), *copy;

	KUNIT_ASSERT_EQ(test, kt_try_all(blob, size), 0);
	for (len = 0; len < size; len++) {
		/* a fresh allocation of exactly len bytes: KASAN sees overruns */
		copy = kmemdup(blob, len ?: 1, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, copy);
		KUNIT_EXPECT_NE(test, kt_try_all(copy, len), 0);
		kfree(copy);
	}
}

/*
 * Every single-bit flip of a valid blob, with the CRC recomputed so that the
 * structural checks are exercised: each either decodes or fails cleanly.
 */
static void kstate_test_bit_flips(struct kunit *test)
{
	size_t size, bit;
	u8 *blob = kt_reference_blob(test, &size), *copy;
	struct kstate_hdr_ser *h;
	u32 ok = 0, refused = 0;

	copy = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	h = (struct kstate_hdr_ser *)copy;
	for (bit = 0; bit < size * 8; bit++) {
		memcpy(copy, blob, size);
		copy[bit / 8] ^= 1 << (bit % 8);
		if (bit >= sizeof(*h) * 8 ||
		    bit < offsetof(struct kstate_hdr_ser, crc) * 8 ||
		    bit >= offsetof(struct kstate_hdr_ser, reserved) * 8)
			h->crc = cpu_to_le32(kstate_blob_crc(copy, size));
		if (kt_try_all(copy, size))
			refused++;
		else
			ok++;
	}
	kunit_info(test, "%zu flips: %u decoded, %u refused", size * 8, ok,
		   refused);
	KUNIT_EXPECT_EQ(test, ok + refused, size * 8);
	KUNIT_EXPECT_GT(test, refused, 0);
	/* without the CRC fix-up, every flip past the header is caught */
	memcpy(copy, blob, size);
	copy[size - 1] ^= 1;
	KUNIT_EXPECT_EQ(test, kt_try_all(copy, size), -EBADMSG);
}

/* The object table of a blob, its two parts and the type table. */
struct kt_table {
	struct kstate_hdr_ser *h;
	struct kstate_type_ser *types;
	struct kstate_keyed_ser *keyed;
	struct kstate_anon_ser *anon;
	u32 group;		/* the first keyed object of a type with two */
};

struct kt_table_case {
	const char *desc;
	void (*corrupt)(struct kt_table *t);
};

/* Two keyed objects of one type with one key. */
static void kt_table_duplicate(struct kt_table *t)
{
	t->keyed[t->group + 1].key = t->keyed[t->group].key;
}

/* Keys out of order within their type's group. */
static void kt_table_unsorted(struct kt_table *t)
{
	swap(t->keyed[t->group].key, t->keyed[t->group + 1].key);
}

/* A record length that runs past the data section. */
static void kt_table_len_huge(struct kt_table *t)
{
	t->keyed[0].len = cpu_to_le32(U32_MAX);
}

/* A record shorter than its type's fixed part, the total unchanged. */
static void kt_table_len_short(struct kt_table *t)
{
	u32 len = le32_to_cpu(t->keyed[0].len);

	t->keyed[0].len = 0;
	t->keyed[1].len = cpu_to_le32(le32_to_cpu(t->keyed[1].len) + len);
}

/* Bytes in the data section after the last record. */
static void kt_table_trailing(struct kt_table *t)
{
	t->h->data_len = cpu_to_le64(le64_to_cpu(t->h->data_len) + 1);
}

/* The last record ends after the data section. */
static void kt_table_data_short(struct kt_table *t)
{
	t->h->data_len = cpu_to_le64(le64_to_cpu(t->h->data_len) - 1);
}

/* The types' groups do not add up to the keyed objects. */
static void kt_table_groups(struct kt_table *t)
{
	t->types[0].nr_keyed = cpu_to_le32(le32_to_cpu(t->types[0].nr_keyed) + 1);
}

/* An anonymous object of a type the blob does not describe. */
static void kt_table_anon_type(struct kt_table *t)
{
	t->anon[0].type = t->h->nr_types;
}

static const struct kt_table_case kt_table_cases[] = {
	{ "duplicate key",		kt_table_duplicate },
	{ "unsorted keys",		kt_table_unsorted },
	{ "record beyond the data",	kt_table_len_huge },
	{ "record below its fixed part", kt_table_len_short },
	{ "trailing data",		kt_table_trailing },
	{ "data ends inside a record",	kt_table_data_short },
	{ "type groups mismatch",	kt_table_groups },
	{ "anonymous type out of range", kt_table_anon_type },
};

KUNIT_ARRAY_PARAM_DESC(kt_table, kt_table_cases, desc);

/* A hostile object table is refused as a whole when the blob is opened. */
static void kstate_test_object_table(struct kunit *test)
{
	const struct kt_table_case *tc = test->param_value;
	size_t size;
	u8 *blob = kt_reference_blob(test, &size);
	struct kt_table t = { .h = (struct kstate_hdr_ser *)blob };
	u32 i, first = 0, nr_keyed = le32_to_cpu(t.h->nr_keyed);

	t.types = (void *)(blob + le64_to_cpu(t.h->types_off));
	t.keyed = (void *)(blob + le64_to_cpu(t.h->objects_off));
	t.anon = (void *)(t.keyed + nr_keyed);
	t.group = U32_MAX;
	for (i = 0; i < le32_to_cpu(t.h->nr_types); i++) {
		if (le32_to_cpu(t.types[i].nr_keyed) >= 2)
			t.group = first;
		first += le32_to_cpu(t.types[i].nr_keyed);
	}
	/* the two kt_node objects; a list element is anonymous */
	KUNIT_ASSERT_EQ(test, first, nr_keyed);
	KUNIT_ASSERT_GT(test, nr_keyed, t.group);
	KUNIT_ASSERT_GT(test, le32_to_cpu(t.h->nr_objects), nr_keyed);
	tc->corrupt(&t);
	t.h->crc = cpu_to_le32(kstate_blob_crc(blob, size));
	KUNIT_EXPECT_EQ(test, PTR_ERR(kstate_in_open(blob, size)), -EINVAL);
}

static int kt_count_keys(u64 key, void *arg)
{
	(*(u32 *)arg)++;
	return 0;
}

/* The global registry: group registration is all or nothing; restore by key. */
static void kstate_test_global_registry(struct kunit *test)
{
	static struct kt_small objs[3] = { { 1, 10 }, { 2, 20 }, { 3, 30 } };
	void *ptrs[3] = { &objs[0], &objs[1], &objs[2] };
	u64 keys[3] = { 9001, 9002, 9001 };
	struct kt_small r = {};
	u32 n = 0;
	size_t size;
	void *blob;
	int err;

	/* a duplicate key fails the group and leaves nothing registered */
	KUNIT_EXPECT_EQ(test, kstate_register_group(&kt_small_kstate_type, keys,
						    ptrs, 3), -EEXIST);
	KUNIT_EXPECT_EQ(test, kstate_unregister(&kt_small_kstate_type, 9001), -ENOENT);
	keys[2] = 9003;
	KUNIT_ASSERT_EQ(test, kstate_register_group(&kt_small_kstate_type, keys,
						    ptrs, 3), 0);
	KUNIT_EXPECT_EQ(test, kstate_unregister(&kt_small_kstate_type, 9003), 0);
	err = kstate_save(&blob, &size);
	kstate_unregister(&kt_small_kstate_type, 9001);
	kstate_unregister(&kt_small_kstate_type, 9002);
	KUNIT_ASSERT_EQ(test, err, 0);
	err = kstate_set_incoming(blob, size, NULL, kt_blob_free);
	if (err == -EBUSY) {
		/* a real handover is in progress in this kernel: leave it */
		kvfree(blob);
		kunit_skip(test, "an incoming blob is already set");
	}
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_TRUE(test, kstate_present(&kt_small_kstate_type, 9002));
	KUNIT_EXPECT_FALSE(test, kstate_present(&kt_small_kstate_type, 9003));
	KUNIT_EXPECT_EQ(test, kstate_for_each(&kt_small_kstate_type, kt_count_keys, &n), 0);
	KUNIT_EXPECT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, kstate_restore(&kt_small_kstate_type, 9002, &r), 0);
	KUNIT_EXPECT_EQ(test, r.val, 20);
	kstate_finish();
	KUNIT_EXPECT_EQ(test, kstate_restore(&kt_small_kstate_type, 9001, &r), -ENOENT);
}

/* A hostile blob whose 1000 types each embed the next: refused, no recursion. */
static void kstate_test_deep_nesting(struct kunit *test)
{
	const u32 nt = 1000;
	size_t strings = sizeof(struct kstate_hdr_ser), names = 2 + 2 * 5;
	size_t types = ALIGN(strings + names * nt, 8);
	size_t fields = types + nt * sizeof(struct kstate_type_ser);
	size_t size = fields + nt * sizeof(struct kstate_field_ser);
	struct kstate_hdr_ser *h;
	u8 *blob;
	u32 i;

	blob = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, blob);
	h = (struct kstate_hdr_ser *)blob;
	for (i = 0; i < nt; i++) {
		struct kstate_type_ser *t = (void *)(blob + types) + i * sizeof(*t);
		struct kstate_field_ser *f = (void *)(blob + fields) + i * sizeof(*f);
		char *name = (char *)blob + strings + names * i;

		snprintf(name, names, "t%04u", i);
		memcpy(name + 6, "f", 2);
		t->name = cpu_to_le32(names * i);
		t->version = cpu_to_le32(1);
		t->first_field = cpu_to_le32(i);
		t->nr_fields = cpu_to_le32(i + 1 < nt);
		f->name = cpu_to_le32(names * i + 6);
		f->kind = KSTATE_KIND_STRUCT;
		f->count = cpu_to_le32(1);
		f->type = cpu_to_le32(i + 1);
		f->aliases = cpu_to_le32(KSTATE_NONE);
	}
	h->magic = cpu_to_le32(KSTATE_MAGIC);
	h->format = cpu_to_le32(KSTATE_FORMAT_VERSION);
	h->size = cpu_to_le64(size);
	h->strings_off = cpu_to_le64(strings);
	h->strings_len = cpu_to_le64(types - strings);
	h->types_off = cpu_to_le64(types);
	h->nr_types = cpu_to_le32(nt);
	h->fields_off = cpu_to_le64(fields);
	h->nr_fields = cpu_to_le32(nt);
	h->objects_off = cpu_to_le64(size);
	h->data_off = cpu_to_le64(size);
	h->crc = cpu_to_le32(kstate_blob_crc(blob, size));
	KUNIT_EXPECT_EQ(test, PTR_ERR(kstate_in_open(blob, size)), -EINVAL);
}

struct kt_tree {
	u32 v;
	struct kt_tree *kids;
	u8 nr;
};

KSTATE_DEFINE(kt_tree, struct kt_tree,
	      KSTATE_U32(v),
	      KSTATE_VARRAY_STRUCT(kids, nr, kt_tree));

/*
 * A tail reference pointing back at its own record would decode forever:
 * each record's references are charged against its size, so it is refused.
 */
static void kstate_test_self_reference(struct kunit *test)
{
	struct kt_tree kid = { .v = 2 }, root = { .v = 1, .kids = &kid, .nr = 1 };
	struct kt_tree r = {};
	struct kstate_hdr_ser *h;
	size_t size;
	u8 *blob, *rec;

	blob = kt_save_one(test, &kt_tree_kstate_type, 1, &root, &size);
	h = (struct kstate_hdr_ser *)blob;
	/* the first record, the root's, starts the data section */
	rec = blob + le64_to_cpu(h->data_off);
	/* fixed part: u32 v, then the kids reference {off, count} */
	KUNIT_ASSERT_EQ(test, get_unaligned_le32(rec + 8), 1);
	put_unaligned_le32(0, rec + 4);
	h->crc = cpu_to_le32(kstate_blob_crc(blob, size));
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size, &kt_tree_kstate_type,
					     1, &r), -EINVAL);
	KUNIT_EXPECT_NULL(test, r.kids);
}

static size_t kt_list_len(struct list_head *head)
{
	struct list_head *pos;
	size_t n = 0;

	list_for_each(pos, head)
		n++;
	return n;
}

/*
 * An anonymous object that keyed A points to and keyed B lists: restored
 * in either order, it is one object, pointed to by A and linked into B's
 * list (it was refused when A came first).
 */
static void kstate_test_list_and_pointer(struct kunit *test)
{
	struct kt_node *a = kt_node_new(test, 1), *b = kt_node_new(test, 2);
	struct kt_node *x = kt_node_new(test, 3);
	struct kstate_out *out = kstate_out_create();
	struct kt_node ra = {}, rb = {};
	struct kstate_in *in;
	size_t size;
	void *blob;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	a->peer = x;
	list_add_tail(&x->link, &b->children);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_node_kstate_type, 1, a), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_node_kstate_type, 2, b), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_save(out, &blob, &size), 0);
	kstate_out_destroy(out);
	kunit_add_action(test, kt_blob_free, blob);
	in = kt_open(test, blob, size);
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_node_kstate_type, 1, &ra), 0);
	kt_node_adopt(test, ra.peer);
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_node_kstate_type, 2, &rb), 0);
	KUNIT_EXPECT_EQ(test, ra.peer->val, 3);
	KUNIT_EXPECT_EQ(test, kt_list_len(&rb.children), 1);
	KUNIT_EXPECT_PTR_EQ(test, rb.children.next, &ra.peer->link);
	KUNIT_EXPECT_PTR_EQ(test, ra.peer->link.next, &rb.children);
	/* and B first */
	in = kt_open(test, blob, size);
	memset(&ra, 0, sizeof(ra));
	memset(&rb, 0, sizeof(rb));
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_node_kstate_type, 2, &rb), 0);
	KUNIT_ASSERT_EQ(test, kt_list_len(&rb.children), 1);
	kt_node_adopt(test, list_first_entry(&rb.children, struct kt_node, link));
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_node_kstate_type, 1, &ra), 0);
	KUNIT_EXPECT_PTR_EQ(test, rb.children.next, &ra.peer->link);
}

struct kt_holder_v1 {
	u32 a;
};

struct kt_holder_v2 {
	u32 a;
	struct kt_node n;
};

KSTATE_DEFINE(kt_holder_v1, struct kt_holder_v1,
	      KSTATE_NAME("kt_holder"),
	      KSTATE_U32(a));
KSTATE_DEFINE(kt_holder_v2, struct kt_holder_v2,
	      KSTATE_NAME("kt_holder"), KSTATE_VERSION(2),
	      KSTATE_U32(a),
	      KSTATE_STRUCT(n, kt_node, KSTATE_SINCE(2)));

/* An embedded structure added later gets its own fields' defaults. */
static void kstate_test_struct_default(struct kunit *test)
{
	struct kt_holder_v1 w = { .a = 7 };
	struct kt_holder_v2 r;
	size_t size;
	void *blob;

	memset(&r, 0xcc, sizeof(r));
	blob = kt_save_one(test, &kt_holder_v1_kstate_type, 1, &w, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_holder_v2_kstate_type, 1, &r), 0);
	KUNIT_EXPECT_EQ(test, r.a, 7);
	KUNIT_EXPECT_EQ(test, r.n.val, 0);
	KUNIT_EXPECT_NULL(test, r.n.next);
	KUNIT_EXPECT_TRUE(test, list_empty(&r.n.children));
	KUNIT_EXPECT_NULL(test, r.n.vals);
	KUNIT_EXPECT_EQ(test, r.n.nr_vals, 0);
}

static struct kunit_case kstate_robust_test_cases[] = {
	KUNIT_CASE(kstate_test_deep_nesting),
	KUNIT_CASE(kstate_test_self_reference),
	KUNIT_CASE(kstate_test_list_and_pointer),
	KUNIT_CASE(kstate_test_struct_default),
	KUNIT_CASE(kstate_test_global_registry),
	KUNIT_CASE(kstate_test_many_random_order),
	KUNIT_CASE(kstate_test_truncation),
	KUNIT_CASE(kstate_test_bit_flips),
	KUNIT_CASE_PARAM(kstate_test_object_table, kt_table_gen_params),
	{}
};

static struct kunit_suite kstate_robust_test_suite = {
	.name = "kstate_robust",
	.test_cases = kstate_robust_test_cases,
};

kunit_test_suite(kstate_robust_test_suite);

/* ------------------------------------------------------------------ */
/* Xarrays: round trips, versions, hostile entries                    */
/* ------------------------------------------------------------------ */

/* Objects and values at sparse indices come back; a shared entry stays shared. */
static void kstate_test_xarray_round_trip(struct kunit *test)
{
	struct kt_dom_v2 *w = kt_dom_new(test), *r;
	unsigned long i;
	size_t size;
	void *blob, *e;
	u32 n = 0;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	kt_dom_fill(test, w);
	blob = kt_save_one(test, &kt_dom_v2_kstate_type, 1, w, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_dom_v2_kstate_type, 1, r), 0);
	kunit_add_action(test, kt_infos_release, &r->infos);
	kunit_add_action(test, kt_xa_destroy, &r->cookies);
	KUNIT_EXPECT_EQ(test, r->id, 42);
	kt_check_infos(test, &r->infos, r->first);
	KUNIT_EXPECT_TRUE(test, r->first != w->first);
	xa_for_each(&r->cookies, i, e)
		n++;
	KUNIT_EXPECT_EQ(test, n, 2);
	KUNIT_EXPECT_TRUE(test, xa_is_value(xa_load(&r->cookies, 0)));
	KUNIT_EXPECT_EQ(test, xa_to_value(xa_load(&r->cookies, 0)), 0);
	KUNIT_EXPECT_EQ(test, xa_to_value(xa_load(&r->cookies, 1 << 20)),
			(unsigned long)LONG_MAX);
	/* restored with the descriptor's xa_init_flags() flags */
	KUNIT_EXPECT_TRUE(test, r->cookies.xa_flags & XA_FLAGS_TRACK_FREE);
	KUNIT_EXPECT_FALSE(test, r->infos.xa_flags & XA_FLAGS_TRACK_FREE);
}

/* Empty xarrays come back empty, over whatever the members held. */
static void kstate_test_xarray_empty(struct kunit *test)
{
	struct kt_dom_v2 *w = kt_dom_new(test), *r;
	size_t size;
	void *blob;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	memset(r, 0xcc, sizeof(*r));
	w->id = 3;
	blob = kt_save_one(test, &kt_dom_v2_kstate_type, 1, w, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_dom_v2_kstate_type, 1, r), 0);
	kunit_add_action(test, kt_infos_release, &r->infos);
	kunit_add_action(test, kt_xa_destroy, &r->cookies);
	KUNIT_EXPECT_EQ(test, r->id, 3);
	KUNIT_EXPECT_NULL(test, r->first);
	KUNIT_EXPECT_TRUE(test, xa_empty(&r->infos));
	KUNIT_EXPECT_TRUE(test, xa_empty(&r->cookies));
}

/* An xarray added in v2 is empty from a v1 writer; v1 skips it (rollback). */
static void kstate_test_xarray_versions(struct kunit *test)
{
	struct kt_dom_v2 *w = kt_dom_new(test), *r2;
	struct kt_dom_v1 *w1, *r1;
	size_t size;
	void *blob;

	w1 = kunit_kzalloc(test, sizeof(*w1), GFP_KERNEL);
	r1 = kunit_kzalloc(test, sizeof(*r1), GFP_KERNEL);
	r2 = kunit_kzalloc(test, sizeof(*r2), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w1);
	KUNIT_ASSERT_NOT_NULL(test, r1);
	KUNIT_ASSERT_NOT_NULL(test, r2);
	kt_dom_fill(test, w);
	/* v1 writer: the same infos, no cookies */
	w1->id = w->id;
	w1->first = w->first;
	xa_init(&w1->infos);
	kunit_add_action(test, kt_xa_destroy, &w1->infos);
	kt_xa_put(test, &w1->infos, 0, xa_load(&w->infos, 0));
	kt_xa_put(test, &w1->infos, 7, xa_load(&w->infos, 7));
	kt_xa_put(test, &w1->infos, KT_BIG_INDEX,
		  xa_load(&w->infos, KT_BIG_INDEX));

	blob = kt_save_one(test, &kt_dom_v1_kstate_type, 1, w1, &size);
	memset(r2, 0xcc, sizeof(*r2));
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_dom_v2_kstate_type, 1, r2), 0);
	kunit_add_action(test, kt_infos_release, &r2->infos);
	kunit_add_action(test, kt_xa_destroy, &r2->cookies);
	kt_check_infos(test, &r2->infos, r2->first);
	KUNIT_EXPECT_TRUE(test, xa_empty(&r2->cookies));
	KUNIT_EXPECT_TRUE(test, r2->cookies.xa_flags & XA_FLAGS_TRACK_FREE);

	blob = kt_save_one(test, &kt_dom_v2_kstate_type, 1, w, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_dom_v1_kstate_type, 1, r1), 0);
	kunit_add_action(test, kt_infos_release, &r1->infos);
	KUNIT_EXPECT_EQ(test, r1->id, 42);
	kt_check_infos(test, &r1->infos, r1->first);
}

static int kt_dom_save(struct kt_dom_v2 *w, struct kt_info *keyed)
{
	struct kstate_out *out = kstate_out_create();
	void *blob = NULL;
	size_t size;
	int err;

	if (IS_ERR(out))
		return PTR_ERR(out);
	err = kstate_out_add(out, &kt_dom_v2_kstate_type, 1, w);
	if (!err && keyed)
		err = kstate_out_add(out, &kt_info_kstate_type, 2, keyed);
	if (!err)
		err = kstate_out_save(out, &blob, &size);
	kstate_out_destroy(out);
	kvfree(blob);
	return err;
}

/* Entries of the wrong sort, or objects registered by key, are not saved. */
static void kstate_test_xarray_save_refuses(struct kunit *test)
{
	struct kt_dom_v2 *w = kt_dom_new(test);
	struct kt_info *a = kt_info_new(test, 1);

	KUNIT_ASSERT_EQ(test, kt_dom_save(w, NULL), 0);
	kt_xa_put(test, &w->infos, 1, xa_mk_value(5));
	KUNIT_EXPECT_EQ(test, kt_dom_save(w, NULL), -EINVAL);
	xa_erase(&w->infos, 1);
	kt_xa_put(test, &w->cookies, 1, a);
	KUNIT_EXPECT_EQ(test, kt_dom_save(w, NULL), -EINVAL);
	xa_erase(&w->cookies, 1);
	kt_xa_put(test, &w->infos, 2, a);
	KUNIT_EXPECT_EQ(test, kt_dom_save(w, NULL), 0);
	KUNIT_EXPECT_EQ(test, kt_dom_save(w, a), -EINVAL);
}

struct kt_xa_case {
	const char *desc;
	u32 ref;	/* KT_DOM_INFOS or KT_DOM_COOKIES */
	int entry;	/* the entry to patch, or -1: the reference's count */
	u32 at;		/* in the entry: 0 its index, 8 its value */
	u64 val;
	int err;
};

static const struct kt_xa_case kt_xa_cases[] = {
	{ "count beyond the blob",	KT_DOM_INFOS, -1, 0, 0x10000000, -EINVAL },
	{ "count beyond the record",	KT_DOM_COOKIES, -1, 0, 3, -EINVAL },
	{ "indices out of order",	KT_DOM_INFOS, 1, 0, 0, -EINVAL },
	{ "NULL object",		KT_DOM_INFOS, 2, 8, 0, -EINVAL },
	{ "keyed object",		KT_DOM_INFOS, 0, 8, 1, -EINVAL },
	{ "object out of range",	KT_DOM_INFOS, 1, 8, 1000, -EINVAL },
	{ "value beyond LONG_MAX",	KT_DOM_COOKIES, 1, 8, 1ULL << 63, -ERANGE },
};

KUNIT_ARRAY_PARAM_DESC(kt_xa, kt_xa_cases, desc);

/*
 * A hostile xarray reference or entry is refused cleanly: the object is
 * left untouched and what the restore allocated so far is freed.
 */
static void kstate_test_xarray_hostile(struct kunit *test)
{
	const struct kt_xa_case *xc = test->param_value;
	struct kt_dom_v2 *w = kt_dom_new(test), *r, *before;
	struct kstate_hdr_ser *h;
	u8 *blob, *rec;
	size_t size;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	before = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, before);
	kt_dom_fill(test, w);
	blob = kt_save_one(test, &kt_dom_v2_kstate_type, 1, w, &size);
	h = (struct kstate_hdr_ser *)blob;
	/* the first record, the keyed object's, starts the data section */
	rec = blob + le64_to_cpu(h->data_off);
	if (xc->entry < 0)
		put_unaligned_le32(xc->val, rec + xc->ref + 4);
	else
		put_unaligned_le64(xc->val, rec + get_unaligned_le32(rec + xc->ref) +
				   xc->entry * sizeof(struct kstate_xa_entry_ser) +
				   xc->at);
	h->crc = cpu_to_le32(kstate_blob_crc(blob, size));
	memset(r, 0x5a, sizeof(*r));
	memcpy(before, r, sizeof(*r));
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_dom_v2_kstate_type, 1, r), xc->err);
	KUNIT_EXPECT_MEMEQ(test, r, before, sizeof(*r));
}

static struct kunit_case kstate_xarray_test_cases[] = {
	KUNIT_CASE(kstate_test_xarray_round_trip),
	KUNIT_CASE(kstate_test_xarray_empty),
	KUNIT_CASE(kstate_test_xarray_versions),
	KUNIT_CASE(kstate_test_xarray_save_refuses),
	KUNIT_CASE_PARAM(kstate_test_xarray_hostile, kt_xa_gen_params),
	{}
};

static struct kunit_suite kstate_xarray_test_suite = {
	.name = "kstate_xarray",
	.test_cases = kstate_xarray_test_cases,
};

kunit_test_suite(kstate_xarray_test_suite);

/* Issue 9 regressions: the engine's commit, arrays, names and lifetime. */

struct kt_live {
	u32 mine;
	u32 theirs;	/* not described: belongs to somebody else */
	u32 cookie;
};

static struct kt_live *kt_live_target;

static size_t kt_live_size(const void *obj, const void *m)
{
	return sizeof(u32);
}

static int kt_live_save(const void *obj, const void *m, void *buf, size_t len,
			struct kstate_mem *mem)
{
	memcpy(buf, m, len);
	return 0;
}

/* Meanwhile, another user changes a member KSTATE does not own. */
static int kt_live_restore(void *obj, void *m, const void *buf, size_t len,
			   u32 writer_version, struct kstate_mem *mem)
{
	if (kt_live_target)
		WRITE_ONCE(kt_live_target->theirs, 77);
	memcpy(m, buf, min_t(size_t, len, sizeof(u32)));
	return 0;
}

static const struct kstate_custom_ops kt_live_ops = {
	.size = kt_live_size,
	.save = kt_live_save,
	.restore = kt_live_restore,
};

KSTATE_DEFINE(kt_live, struct kt_live,
	      KSTATE_U32(mine),
	      KSTATE_CUSTOM(cookie, &kt_live_ops));

/* The commit writes the described members only: others' changes survive. */
static void kstate_test_live_commit(struct kunit *test)
{
	struct kt_live w = { .mine = 5, .theirs = 1, .cookie = 9 };
	struct kt_live r = { .mine = 0, .theirs = 1, .cookie = 0 };
	size_t size;
	void *blob = kt_save_one(test, &kt_live_kstate_type, 1, &w, &size);
	int err;

	kt_live_target = &r;
	err = kt_restore_one(test, blob, size, &kt_live_kstate_type, 1, &r);
	kt_live_target = NULL;
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, r.mine, 5);
	KUNIT_EXPECT_EQ(test, r.cookie, 9);
	KUNIT_EXPECT_EQ(test, r.theirs, 77);
}

struct kt_elem {
	u32 tag;
	u32 *vals;
	u16 nr;
	struct list_head kids;
};

KSTATE_DEFINE(kt_elem, struct kt_elem,
	      KSTATE_U32(tag, KSTATE_DEFAULT(7)),
	      KSTATE_VARRAY(vals, nr),
	      KSTATE_LIST(kids, kt_node, link));

struct kt_row3 {
	struct kt_elem e[3];
};

struct kt_row2 {
	struct kt_elem e[2];
};

KSTATE_DEFINE(kt_row3, struct kt_row3,
	      KSTATE_NAME("kt_row"),
	      KSTATE_STRUCT_ARRAY(e, kt_elem));
KSTATE_DEFINE(kt_row2, struct kt_row2,
	      KSTATE_NAME("kt_row"),
	      KSTATE_STRUCT_ARRAY(e, kt_elem));

static void kt_row_init(struct kt_elem *e, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		INIT_LIST_HEAD(&e[i].kids);
}

/*
 * A fixed array of structures shrinks when the dropped elements are empty
 * in memory (an empty list or variable array saved a reference to nothing)
 * and not otherwise; it grows with elements like a freshly added field:
 * defaults and empty lists that can be walked and saved again.
 */
static void kstate_test_struct_array_resize(struct kunit *test)
{
	struct kt_row3 *w3 = kunit_kzalloc(test, sizeof(*w3), GFP_KERNEL);
	struct kt_row2 *w2 = kunit_kzalloc(test, sizeof(*w2), GFP_KERNEL);
	struct kt_row3 *r3 = kunit_kzalloc(test, sizeof(*r3), GFP_KERNEL);
	struct kt_row2 *r2 = kunit_kzalloc(test, sizeof(*r2), GFP_KERNEL);
	static u32 vals[2] = { 4, 5 };
	size_t size;
	void *blob;

	KUNIT_ASSERT_TRUE(test, w3 && w2 && r3 && r2);
	kt_row_init(w3->e, 3);
	kt_row_init(w2->e, 2);
	w3->e[0].tag = 1;
	w3->e[1].tag = 2;
	blob = kt_save_one(test, &kt_row3_kstate_type, 1, w3, &size);
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size, &kt_row2_kstate_type,
					     1, r2), 0);
	KUNIT_EXPECT_EQ(test, r2->e[1].tag, 2);
	KUNIT_EXPECT_TRUE(test, list_empty(&r2->e[1].kids));
	/* a dropped element that is not empty: refused */
	w3->e[2].vals = vals;
	w3->e[2].nr = 2;
	blob = kt_save_one(test, &kt_row3_kstate_type, 2, w3, &size);
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size, &kt_row2_kstate_type,
					     2, r2), -ERANGE);
	/* growing: the new element gets its defaults and an empty list */
	w2->e[0].tag = 3;
	w2->e[1].tag = 4;
	blob = kt_save_one(test, &kt_row2_kstate_type, 3, w2, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size, &kt_row3_kstate_type,
					     3, r3), 0);
	KUNIT_EXPECT_EQ(test, r3->e[1].tag, 4);
	KUNIT_EXPECT_EQ(test, r3->e[2].tag, 7);
	KUNIT_EXPECT_PTR_EQ(test, r3->e[2].kids.next, &r3->e[2].kids);
	KUNIT_EXPECT_TRUE(test, list_empty(&r3->e[2].kids));
	/* and the restored object saves again */
	kt_save_one(test, &kt_row3_kstate_type, 4, r3, &size);
}

/* Version 2 renames x to y (alias "x") and adds a new x: both orders. */
struct kt_ren1 {
	u32 x;
};

struct kt_ren2 {
	u32 x;
	u32 y;
};

KSTATE_DEFINE(kt_ren1, struct kt_ren1,
	      KSTATE_NAME("kt_ren"),
	      KSTATE_U32(x));
KSTATE_DEFINE(kt_ren2a, struct kt_ren2,
	      KSTATE_NAME("kt_ren"), KSTATE_VERSION(2),
	      KSTATE_U32(x, KSTATE_SINCE(2), KSTATE_DEFAULT(99)),
	      KSTATE_U32(y, KSTATE_ALIASES("x")));
KSTATE_DEFINE(kt_ren2b, struct kt_ren2,
	      KSTATE_NAME("kt_ren"), KSTATE_VERSION(2),
	      KSTATE_U32(y, KSTATE_ALIASES("x")),
	      KSTATE_U32(x, KSTATE_SINCE(2), KSTATE_DEFAULT(99)));

static void kstate_test_rename_reuse(struct kunit *test)
{
	const struct kstate_type *v2[] = { &kt_ren2a_kstate_type, &kt_ren2b_kstate_type };
	struct kt_ren1 w1 = { .x = 11 }, r1 = {};
	struct kt_ren2 w2 = { .x = 21, .y = 22 }, r2;
	size_t size1, size2;
	void *blob1 = kt_save_one(test, &kt_ren1_kstate_type, 1, &w1, &size1);
	void *blob2;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(v2); i++) {
		/* upgrade: version 1's x is version 2's y */
		memset(&r2, 0, sizeof(r2));
		KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob1, size1, v2[i],
						     1, &r2), 0);
		KUNIT_EXPECT_EQ(test, r2.y, 11);
		KUNIT_EXPECT_EQ(test, r2.x, 99);
		/* same version: by current names */
		blob2 = kt_save_one(test, v2[i], 2, &w2, &size2);
		memset(&r2, 0, sizeof(r2));
		KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob2, size2, v2[i ^ 1],
						     2, &r2), 0);
		KUNIT_EXPECT_EQ(test, r2.x, 21);
		KUNIT_EXPECT_EQ(test, r2.y, 22);
		/* rollback: version 1's x is the writer's y, not the new x */
		r1.x = 0;
		KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob2, size2,
						     &kt_ren1_kstate_type, 2, &r1), 0);
		KUNIT_EXPECT_EQ(test, r1.x, 22);
	}
}

/*
 * An owner frees a restored object whose pointer waits for a keyed object
 * not restored yet: after kstate_in_release(), that later restore writes
 * nothing into the freed memory.
 */
static void kstate_test_release(struct kunit *test)
{
	struct kt_node *a = kt_node_new(test, 1), *b = kt_node_new(test, 2);
	struct kt_node *ra = kunit_kzalloc(test, sizeof(*ra), GFP_KERNEL);
	struct kt_node *poison = kunit_kzalloc(test, sizeof(*ra), GFP_KERNEL);
	struct kstate_out *out = kstate_out_create();
	struct kt_node rb = {};
	struct kstate_in *in;
	size_t size;
	void *blob;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_ASSERT_TRUE(test, ra && poison);
	a->peer = b;
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_node_kstate_type, 1, a), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_node_kstate_type, 2, b), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_save(out, &blob, &size), 0);
	kstate_out_destroy(out);
	kunit_add_action(test, kt_blob_free, blob);
	in = kt_open(test, blob, size);
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_node_kstate_type, 1, ra), 0);
	KUNIT_EXPECT_NULL(test, ra->peer);	/* waits for key 2 */
	KUNIT_EXPECT_EQ(test, kstate_in_release(in, &kt_node_kstate_type, 1), 0);
	KUNIT_EXPECT_EQ(test, kstate_in_release(in, &kt_node_kstate_type, 1), -EALREADY);
	KUNIT_EXPECT_EQ(test, kstate_in_release(in, &kt_node_kstate_type, 2), -EINVAL);
	/* "freed": its memory now holds something else */
	memset(ra, 0x5a, sizeof(*ra));
	memcpy(poison, ra, sizeof(*ra));
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_node_kstate_type, 2, &rb), 0);
	KUNIT_EXPECT_MEMEQ(test, ra, poison, sizeof(*ra));
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_node_kstate_type, 1, ra),
			-EALREADY);
}

/* A backend that counts the pages it hands back and gets back. */
static u32 kt_taken, kt_released;

static struct page *kt_mem_take(u64 phys, unsigned int order)
{
	kt_taken++;
	return kt_mem_restore(phys, order);
}

static void kt_mem_release(struct page *page, unsigned int order)
{
	kt_released++;
}

static const struct kstate_mem_ops kt_mem_count_ops = {
	.preserve = kt_mem_preserve,
	.restore = kt_mem_take,
	.release = kt_mem_release,
};

struct kt_pg_w {
	struct page *pages;
	u32 v;
};

struct kt_pg_r {
	struct page *pages;
	u8 v;
};

KSTATE_DEFINE(kt_pg_w, struct kt_pg_w,
	      KSTATE_NAME("kt_pg"),
	      KSTATE_PAGES(pages, 2),
	      KSTATE_U32(v));
KSTATE_DEFINE(kt_pg_r, struct kt_pg_r,
	      KSTATE_NAME("kt_pg"),
	      KSTATE_PAGES(pages, 2),
	      KSTATE_U8(v));

/*
 * Pages taken back by a restore that then fails are given back to the
 * backend (and a retry takes them again); at close, the pages of objects
 * nobody restored are taken back and released, not left reserved.
 */
static void kstate_test_pages_lifetime(struct kunit *test)
{
	struct kt_pg_w w1 = { .pages = (struct page *)0x200000, .v = 300 };
	struct kt_pg_w w2 = { .pages = (struct page *)0x300000, .v = 1 };
	struct kt_pg_w rw = {};
	struct kt_pg_r rr = {};
	struct kstate_out *out = kstate_out_create();
	struct kstate_in *in;
	size_t size;
	void *blob;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	kstate_out_set_mem(out, &kt_mem_ops);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_pg_w_kstate_type, 1, &w1), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_pg_w_kstate_type, 2, &w2), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_save(out, &blob, &size), 0);
	kstate_out_destroy(out);
	kunit_add_action(test, kt_blob_free, blob);
	in = kstate_in_open(blob, size);
	KUNIT_ASSERT_FALSE(test, IS_ERR(in));
	kstate_in_set_mem(in, &kt_mem_count_ops);
	kt_taken = 0;
	kt_released = 0;
	/* 300 does not fit a u8: refused after the pages were taken */
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_pg_r_kstate_type, 1, &rr),
			-ERANGE);
	KUNIT_EXPECT_NULL(test, rr.pages);
	KUNIT_EXPECT_EQ(test, kt_taken, 1);
	KUNIT_EXPECT_EQ(test, kt_released, 1);
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_pg_w_kstate_type, 1, &rw), 0);
	KUNIT_EXPECT_PTR_EQ(test, rw.pages, w1.pages);
	KUNIT_EXPECT_EQ(test, kt_taken, 2);
	KUNIT_EXPECT_EQ(test, kt_released, 1);
	/* key 2 was never restored: its pages come back only to be freed */
	kstate_in_close(in);
	KUNIT_EXPECT_EQ(test, kt_taken, 3);
	KUNIT_EXPECT_EQ(test, kt_released, 2);
}

static bool kt_type_is(const struct kstate_type *t, void *arg)
{
	return t == arg;
}

struct kt_swap {
	u32 a;
	u32 b;
};

KSTATE_DEFINE(kt_swap_ab, struct kt_swap,
	      KSTATE_NAME("kt_swap"),
	      KSTATE_U32(a),
	      KSTATE_U32(b));

/* the same type in another layout: the members in the other order */
struct kt_swap2 {
	u32 b;
	u32 a;
};

KSTATE_DEFINE(kt_swap_ba, struct kt_swap2,
	      KSTATE_NAME("kt_swap"),
	      KSTATE_U32(b),
	      KSTATE_U32(a));

/*
 * A type descriptor goes away (its module is unloaded) and another one is
 * later at the same address: once forgotten, nothing cached for the old
 * one (a checked descriptor, a plan) serves the new one.
 */
static void kstate_test_forget_types(struct kunit *test)
{
	struct kstate_type *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct kstate_field *bad = kunit_kzalloc(test, sizeof(*bad), GFP_KERNEL);
	struct kt_swap w = { .a = 1, .b = 2 }, r = {};
	struct kt_swap2 r2 = {};
	struct kstate_out *out = kstate_out_create();
	struct kstate_in *in;
	size_t size;
	void *blob;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_ASSERT_TRUE(test, t && bad);
	*t = kt_swap_ab_kstate_type;
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, t, 1, &w), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, t, 2, &w), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_save(out, &blob, &size), 0);
	kunit_add_action(test, kt_blob_free, blob);
	KUNIT_EXPECT_EQ(test, kstate_out_forget_types(out, kt_type_is, t), 2);
	/* a malformed descriptor now at that address is checked again */
	*bad = kt_swap_ab_kstate_type.fields[0];
	bad->count = 0;
	t->fields = bad;
	t->nr_fields = 1;
	KUNIT_EXPECT_EQ(test, kstate_out_add(out, t, 3, &w), -EINVAL);
	kstate_out_destroy(out);

	in = kt_open(test, blob, size);
	*t = kt_swap_ab_kstate_type;
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, t, 1, &r), 0);
	KUNIT_EXPECT_EQ(test, r.a, 1);
	kstate_in_forget_types(in, kt_type_is, t);
	/* another type at the same address: its own plan, not the old one */
	*t = kt_swap_ba_kstate_type;
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, t, 2, &r2), 0);
	KUNIT_EXPECT_EQ(test, r2.a, 1);
	KUNIT_EXPECT_EQ(test, r2.b, 2);
}

/*
 * A path longer than 255 characters keeps its key and its field name:
 * members of 46 characters (names have fewer than 64), nested 6 deep.
 */
#define KT_PASTE(a, b)		a##b
#define KT_XPASTE(a, b)		KT_PASTE(a, b)
#define KT_SEG			_segment_of_a_long_member_name_for_dump_paths
#define KT_STR(x)		#x
#define KT_XSTR(x)		KT_STR(x)
#define KT_LONG_A		KT_XPASTE(a, KT_SEG)
#define KT_LONG_B		KT_XPASTE(b, KT_SEG)
#define KT_LONG_M		KT_XPASTE(m, KT_SEG)

struct kt_pathleaf {
	u32 leaf;
};

KSTATE_DEFINE(kt_pathleaf, struct kt_pathleaf,
	      KSTATE_U32(leaf));

struct kt_pathmid {
	struct kt_pathleaf KT_LONG_A;
	struct kt_pathleaf KT_LONG_B;
};

KSTATE_DEFINE(kt_pathmid, struct kt_pathmid,
	      KSTATE_STRUCT(KT_LONG_A, kt_pathleaf),
	      KSTATE_STRUCT(KT_LONG_B, kt_pathleaf));

struct kt_path4 {
	struct kt_pathmid KT_LONG_M;
};

KSTATE_DEFINE(kt_path4, struct kt_path4, KSTATE_STRUCT(KT_LONG_M, kt_pathmid));

struct kt_path3 {
	struct kt_path4 KT_LONG_M;
};

KSTATE_DEFINE(kt_path3, struct kt_path3, KSTATE_STRUCT(KT_LONG_M, kt_path4));

struct kt_path2 {
	struct kt_path3 KT_LONG_M;
};

KSTATE_DEFINE(kt_path2, struct kt_path2, KSTATE_STRUCT(KT_LONG_M, kt_path3));

struct kt_path1 {
	struct kt_path2 KT_LONG_M;
};

KSTATE_DEFINE(kt_path1, struct kt_path1, KSTATE_STRUCT(KT_LONG_M, kt_path2));

struct kt_path {
	struct kt_path1 KT_LONG_M;
};

KSTATE_DEFINE(kt_path, struct kt_path, KSTATE_STRUCT(KT_LONG_M, kt_path1));

static void kstate_test_dump_long_path(struct kunit *test)
{
	struct kt_path *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	char *text, *want;
	size_t size, len;
	void *blob;

	KUNIT_ASSERT_NOT_NULL(test, w);
	w->KT_LONG_M.KT_LONG_M.KT_LONG_M.KT_LONG_M.KT_LONG_M.KT_LONG_B.leaf = 5;
	blob = kt_save_one(test, &kt_path_kstate_type, 7, w, &size);
	KUNIT_ASSERT_EQ(test, kstate_blob_to_text(blob, size, &text, &len), 0);
	want = kasprintf(GFP_KERNEL, "kt_path[7].%s.%s.%s.%s.%s.%s.leaf = 5\n",
			 KT_XSTR(KT_LONG_M), KT_XSTR(KT_LONG_M),
			 KT_XSTR(KT_LONG_M), KT_XSTR(KT_LONG_M),
			 KT_XSTR(KT_LONG_M), KT_XSTR(KT_LONG_B));
	KUNIT_ASSERT_NOT_NULL(test, want);
	KUNIT_EXPECT_GT(test, strlen(want), 256);
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, want));
	kfree(want);
	kvfree(text);
}

/* Rule 13: a critical field refuses its own type, where it is reached. */
struct kt_crit {
	u32 a;
	u32 must;
};

struct kt_holder_ptr {
	u32 v;
	struct kt_crit *p;
};

KSTATE_DEFINE(kt_crit_w, struct kt_crit,
	      KSTATE_NAME("kt_crit"), KSTATE_VERSION(2),
	      KSTATE_U32(a),
	      KSTATE_U32(must, KSTATE_SINCE(2), KSTATE_CRITICAL));
KSTATE_DEFINE(kt_crit_r, struct kt_crit,
	      KSTATE_NAME("kt_crit"),
	      KSTATE_U32(a));
KSTATE_DEFINE(kt_hold_w, struct kt_holder_ptr,
	      KSTATE_NAME("kt_hold"),
	      KSTATE_U32(v),
	      KSTATE_PTR(p, kt_crit_w));
KSTATE_DEFINE(kt_hold_r, struct kt_holder_ptr,
	      KSTATE_NAME("kt_hold"),
	      KSTATE_U32(v),
	      KSTATE_PTR(p, kt_crit_r));

static void kstate_test_critical_pointee(struct kunit *test)
{
	struct kt_crit c = { .a = 1, .must = 2 };
	struct kt_holder_ptr w = { .v = 3 }, r = {};
	size_t size;
	void *blob;

	/* a NULL pointer restores no object of the refused type */
	blob = kt_save_one(test, &kt_hold_w_kstate_type, 1, &w, &size);
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size, &kt_hold_r_kstate_type,
					     1, &r), 0);
	KUNIT_EXPECT_EQ(test, r.v, 3);
	/* one it reaches fails the restore that reaches it */
	w.p = &c;
	memset(&r, 0, sizeof(r));
	blob = kt_save_one(test, &kt_hold_w_kstate_type, 2, &w, &size);
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size, &kt_hold_r_kstate_type,
					     2, &r), -EOPNOTSUPP);
	KUNIT_EXPECT_NULL(test, r.p);
	KUNIT_EXPECT_EQ(test, r.v, 0);
}

/* Rule 8: an integer scalar and an array of one are the same on the wire. */
struct kt_one {
	u32 x;
};

struct kt_three {
	u32 x[3];
};

KSTATE_DEFINE(kt_one, struct kt_one,
	      KSTATE_NAME("kt_scalar"),
	      KSTATE_U32(x, KSTATE_DEFAULT(9)));
KSTATE_DEFINE(kt_three, struct kt_three,
	      KSTATE_NAME("kt_scalar"),
	      KSTATE_UINT_ARRAY(x, KSTATE_DEFAULT(9)));

static void kstate_test_scalar_array(struct kunit *test)
{
	struct kt_one w1 = { .x = 5 }, r1 = {};
	struct kt_three w3 = { .x = { 6, 0, 0 } }, r3 = {};
	size_t size;
	void *blob;

	blob = kt_save_one(test, &kt_one_kstate_type, 1, &w1, &size);
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size, &kt_three_kstate_type,
					     1, &r3), 0);
	KUNIT_EXPECT_EQ(test, r3.x[0], 5);
	KUNIT_EXPECT_EQ(test, r3.x[1], 9);	/* grown: the default */
	KUNIT_EXPECT_EQ(test, r3.x[2], 9);
	blob = kt_save_one(test, &kt_three_kstate_type, 2, &w3, &size);
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size, &kt_one_kstate_type,
					     2, &r1), 0);
	KUNIT_EXPECT_EQ(test, r1.x, 6);
	w3.x[2] = 1;
	blob = kt_save_one(test, &kt_three_kstate_type, 3, &w3, &size);
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size, &kt_one_kstate_type,
					     3, &r1), -ERANGE);
}

/*
 * A hostile record whose variable-array elements all reference the array
 * that holds them: the decoder refuses it, and neither the dump nor the
 * sweep of unclaimed pages at close walks it more than the record holds
 * (without a budget: 4^16 visits).
 */
static void kstate_test_overlapping_tails(struct kunit *test)
{
	struct kt_tree kids[4] = { { .v = 1 }, { .v = 2 }, { .v = 3 }, { .v = 4 } };
	struct kt_tree root = { .v = 9, .kids = kids, .nr = 4 }, r = {};
	struct kstate_hdr_ser *h;
	struct kstate_in *in;
	size_t size, len;
	u8 *blob, *rec;
	char *text;
	u32 tail, i;

	blob = kt_save_one(test, &kt_tree_kstate_type, 1, &root, &size);
	h = (struct kstate_hdr_ser *)blob;
	rec = blob + le64_to_cpu(h->data_off);
	/* fixed part: u32 v, then the kids reference {off, count} */
	tail = get_unaligned_le32(rec + 4);
	KUNIT_ASSERT_EQ(test, get_unaligned_le32(rec + 8), 4);
	for (i = 0; i < 4; i++) {
		put_unaligned_le32(tail, rec + tail + 12 * i + 4);
		put_unaligned_le32(4, rec + tail + 12 * i + 8);
	}
	h->crc = cpu_to_le32(kstate_blob_crc(blob, size));
	KUNIT_ASSERT_EQ(test, kstate_blob_to_text(blob, size, &text, &len), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "overlaps printed data"));
	KUNIT_EXPECT_LT(test, len, 4096);
	kvfree(text);
	in = kstate_in_open(blob, size);
	KUNIT_ASSERT_FALSE(test, IS_ERR(in));
	kstate_in_set_mem(in, &kt_mem_count_ops);
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_tree_kstate_type, 1, &r),
			-EINVAL);
	kstate_in_close(in);	/* sweeps the unrestored record: bounded */
}

static struct kunit_case kstate_engine_test_cases[] = {
	KUNIT_CASE(kstate_test_live_commit),
	KUNIT_CASE(kstate_test_struct_array_resize),
	KUNIT_CASE(kstate_test_rename_reuse),
	KUNIT_CASE(kstate_test_release),
	KUNIT_CASE(kstate_test_pages_lifetime),
	KUNIT_CASE(kstate_test_forget_types),
	KUNIT_CASE(kstate_test_dump_long_path),
	KUNIT_CASE(kstate_test_critical_pointee),
	KUNIT_CASE(kstate_test_scalar_array),
	KUNIT_CASE(kstate_test_overlapping_tails),
	{}
};

static struct kunit_suite kstate_engine_test_suite = {
	.name = "kstate_engine",
	.test_cases = kstate_engine_test_cases,
};

kunit_test_suite(kstate_engine_test_suite);

/* ------------------------------------------------------------------ */
/* Descriptors: type attributes, wide types, typed wrappers             */
/* ------------------------------------------------------------------ */

struct kt_attr {
	u32 a;
	u16 b;
};

static int kt_attr_pre_save(void *obj)
{
	return 0;
}

static const struct kstate_ops kt_attr_ops = {
	.pre_save = kt_attr_pre_save,
};

KSTATE_DEFINE(kt_attr_plain, struct kt_attr,
	      KSTATE_U32(a));

/* attributes in any order, among the fields */
KSTATE_DEFINE(kt_attr_all, struct kt_attr,
	      KSTATE_U32(a),
	      KSTATE_MIN_VERSION(2),
	      KSTATE_OPS(&kt_attr_ops),
	      KSTATE_U16(b, KSTATE_SINCE(3)),
	      KSTATE_NAME("kt attr"),
	      KSTATE_VERSION(3));

/* What each attribute sets, what is set without it, and the owner. */
static void kstate_test_type_attributes(struct kunit *test)
{
	const struct kstate_type *plain = &kt_attr_plain_kstate_type;
	const struct kstate_type *all = &kt_attr_all_kstate_type;

	KUNIT_EXPECT_STREQ(test, plain->name, "kt_attr_plain");
	KUNIT_EXPECT_EQ(test, plain->version, 1);
	KUNIT_EXPECT_EQ(test, plain->min_version, 1);
	KUNIT_EXPECT_NULL(test, plain->ops);
	KUNIT_EXPECT_EQ(test, plain->nr_fields, 1);
	KUNIT_EXPECT_EQ(test, plain->size, sizeof(struct kt_attr));
	KUNIT_EXPECT_PTR_EQ(test, plain->owner, THIS_MODULE);

	KUNIT_EXPECT_STREQ(test, all->name, "kt attr");
	KUNIT_EXPECT_EQ(test, all->version, 3);
	KUNIT_EXPECT_EQ(test, all->min_version, 2);
	KUNIT_EXPECT_PTR_EQ(test, all->ops, &kt_attr_ops);
	KUNIT_ASSERT_EQ(test, all->nr_fields, 2);
	KUNIT_EXPECT_STREQ(test, all->fields[0].name, "a");
	KUNIT_EXPECT_STREQ(test, all->fields[1].name, "b");
	KUNIT_EXPECT_EQ(test, all->fields[1].since, 3);
	KUNIT_EXPECT_PTR_EQ(test, all->owner, THIS_MODULE);
}

/*
 * A type of 250 fields (the most KSTATE_DEFINE() takes is 256 fields and
 * attributes), and a later version of it that drops the last ten and adds
 * one: the plan matches every field by name across the whole width.
 */
#define KT_WIDE_GROUPS	25

struct kt_wide {
	u32 f00, f01, f02, f03, f04, f05, f06, f07, f08, f09;
	u32 f10, f11, f12, f13, f14, f15, f16, f17, f18, f19;
	u32 f20, f21, f22, f23, f24, f25, f26, f27, f28, f29;
	u32 f30, f31, f32, f33, f34, f35, f36, f37, f38, f39;
	u32 f40, f41, f42, f43, f44, f45, f46, f47, f48, f49;
	u32 f50, f51, f52, f53, f54, f55, f56, f57, f58, f59;
	u32 f60, f61, f62, f63, f64, f65, f66, f67, f68, f69;
	u32 f70, f71, f72, f73, f74, f75, f76, f77, f78, f79;
	u32 f80, f81, f82, f83, f84, f85, f86, f87, f88, f89;
	u32 f90, f91, f92, f93, f94, f95, f96, f97, f98, f99;
	u32 f100, f101, f102, f103, f104, f105, f106, f107, f108, f109;
	u32 f110, f111, f112, f113, f114, f115, f116, f117, f118, f119;
	u32 f120, f121, f122, f123, f124, f125, f126, f127, f128, f129;
	u32 f130, f131, f132, f133, f134, f135, f136, f137, f138, f139;
	u32 f140, f141, f142, f143, f144, f145, f146, f147, f148, f149;
	u32 f150, f151, f152, f153, f154, f155, f156, f157, f158, f159;
	u32 f160, f161, f162, f163, f164, f165, f166, f167, f168, f169;
	u32 f170, f171, f172, f173, f174, f175, f176, f177, f178, f179;
	u32 f180, f181, f182, f183, f184, f185, f186, f187, f188, f189;
	u32 f190, f191, f192, f193, f194, f195, f196, f197, f198, f199;
	u32 f200, f201, f202, f203, f204, f205, f206, f207, f208, f209;
	u32 f210, f211, f212, f213, f214, f215, f216, f217, f218, f219;
	u32 f220, f221, f222, f223, f224, f225, f226, f227, f228, f229;
	u32 f230, f231, f232, f233, f234, f235, f236, f237, f238, f239;
	u32 f240, f241, f242, f243, f244, f245, f246, f247, f248, f249;
	u32 extra;
};

KSTATE_DEFINE(kt_wide_v1, struct kt_wide,
	      KSTATE_NAME("kt_wide"),
	      KSTATE_U32(f00), KSTATE_U32(f01), KSTATE_U32(f02), KSTATE_U32(f03),
	      KSTATE_U32(f04), KSTATE_U32(f05), KSTATE_U32(f06), KSTATE_U32(f07),
	      KSTATE_U32(f08), KSTATE_U32(f09), KSTATE_U32(f10), KSTATE_U32(f11),
	      KSTATE_U32(f12), KSTATE_U32(f13), KSTATE_U32(f14), KSTATE_U32(f15),
	      KSTATE_U32(f16), KSTATE_U32(f17), KSTATE_U32(f18), KSTATE_U32(f19),
	      KSTATE_U32(f20), KSTATE_U32(f21), KSTATE_U32(f22), KSTATE_U32(f23),
	      KSTATE_U32(f24), KSTATE_U32(f25), KSTATE_U32(f26), KSTATE_U32(f27),
	      KSTATE_U32(f28), KSTATE_U32(f29), KSTATE_U32(f30), KSTATE_U32(f31),
	      KSTATE_U32(f32), KSTATE_U32(f33), KSTATE_U32(f34), KSTATE_U32(f35),
	      KSTATE_U32(f36), KSTATE_U32(f37), KSTATE_U32(f38), KSTATE_U32(f39),
	      KSTATE_U32(f40), KSTATE_U32(f41), KSTATE_U32(f42), KSTATE_U32(f43),
	      KSTATE_U32(f44), KSTATE_U32(f45), KSTATE_U32(f46), KSTATE_U32(f47),
	      KSTATE_U32(f48), KSTATE_U32(f49), KSTATE_U32(f50), KSTATE_U32(f51),
	      KSTATE_U32(f52), KSTATE_U32(f53), KSTATE_U32(f54), KSTATE_U32(f55),
	      KSTATE_U32(f56), KSTATE_U32(f57), KSTATE_U32(f58), KSTATE_U32(f59),
	      KSTATE_U32(f60), KSTATE_U32(f61), KSTATE_U32(f62), KSTATE_U32(f63),
	      KSTATE_U32(f64), KSTATE_U32(f65), KSTATE_U32(f66), KSTATE_U32(f67),
	      KSTATE_U32(f68), KSTATE_U32(f69), KSTATE_U32(f70), KSTATE_U32(f71),
	      KSTATE_U32(f72), KSTATE_U32(f73), KSTATE_U32(f74), KSTATE_U32(f75),
	      KSTATE_U32(f76), KSTATE_U32(f77), KSTATE_U32(f78), KSTATE_U32(f79),
	      KSTATE_U32(f80), KSTATE_U32(f81), KSTATE_U32(f82), KSTATE_U32(f83),
	      KSTATE_U32(f84), KSTATE_U32(f85), KSTATE_U32(f86), KSTATE_U32(f87),
	      KSTATE_U32(f88), KSTATE_U32(f89), KSTATE_U32(f90), KSTATE_U32(f91),
	      KSTATE_U32(f92), KSTATE_U32(f93), KSTATE_U32(f94), KSTATE_U32(f95),
	      KSTATE_U32(f96), KSTATE_U32(f97), KSTATE_U32(f98), KSTATE_U32(f99),
	      KSTATE_U32(f100), KSTATE_U32(f101), KSTATE_U32(f102), KSTATE_U32(f103),
	      KSTATE_U32(f104), KSTATE_U32(f105), KSTATE_U32(f106), KSTATE_U32(f107),
	      KSTATE_U32(f108), KSTATE_U32(f109), KSTATE_U32(f110), KSTATE_U32(f111),
	      KSTATE_U32(f112), KSTATE_U32(f113), KSTATE_U32(f114), KSTATE_U32(f115),
	      KSTATE_U32(f116), KSTATE_U32(f117), KSTATE_U32(f118), KSTATE_U32(f119),
	      KSTATE_U32(f120), KSTATE_U32(f121), KSTATE_U32(f122), KSTATE_U32(f123),
	      KSTATE_U32(f124), KSTATE_U32(f125), KSTATE_U32(f126), KSTATE_U32(f127),
	      KSTATE_U32(f128), KSTATE_U32(f129), KSTATE_U32(f130), KSTATE_U32(f131),
	      KSTATE_U32(f132), KSTATE_U32(f133), KSTATE_U32(f134), KSTATE_U32(f135),
	      KSTATE_U32(f136), KSTATE_U32(f137), KSTATE_U32(f138), KSTATE_U32(f139),
	      KSTATE_U32(f140), KSTATE_U32(f141), KSTATE_U32(f142), KSTATE_U32(f143),
	      KSTATE_U32(f144), KSTATE_U32(f145), KSTATE_U32(f146), KSTATE_U32(f147),
	      KSTATE_U32(f148), KSTATE_U32(f149), KSTATE_U32(f150), KSTATE_U32(f151),
	      KSTATE_U32(f152), KSTATE_U32(f153), KSTATE_U32(f154), KSTATE_U32(f155),
	      KSTATE_U32(f156), KSTATE_U32(f157), KSTATE_U32(f158), KSTATE_U32(f159),
	      KSTATE_U32(f160), KSTATE_U32(f161), KSTATE_U32(f162), KSTATE_U32(f163),
	      KSTATE_U32(f164), KSTATE_U32(f165), KSTATE_U32(f166), KSTATE_U32(f167),
	      KSTATE_U32(f168), KSTATE_U32(f169), KSTATE_U32(f170), KSTATE_U32(f171),
	      KSTATE_U32(f172), KSTATE_U32(f173), KSTATE_U32(f174), KSTATE_U32(f175),
	      KSTATE_U32(f176), KSTATE_U32(f177), KSTATE_U32(f178), KSTATE_U32(f179),
	      KSTATE_U32(f180), KSTATE_U32(f181), KSTATE_U32(f182), KSTATE_U32(f183),
	      KSTATE_U32(f184), KSTATE_U32(f185), KSTATE_U32(f186), KSTATE_U32(f187),
	      KSTATE_U32(f188), KSTATE_U32(f189), KSTATE_U32(f190), KSTATE_U32(f191),
	      KSTATE_U32(f192), KSTATE_U32(f193), KSTATE_U32(f194), KSTATE_U32(f195),
	      KSTATE_U32(f196), KSTATE_U32(f197), KSTATE_U32(f198), KSTATE_U32(f199),
	      KSTATE_U32(f200), KSTATE_U32(f201), KSTATE_U32(f202), KSTATE_U32(f203),
	      KSTATE_U32(f204), KSTATE_U32(f205), KSTATE_U32(f206), KSTATE_U32(f207),
	      KSTATE_U32(f208), KSTATE_U32(f209), KSTATE_U32(f210), KSTATE_U32(f211),
	      KSTATE_U32(f212), KSTATE_U32(f213), KSTATE_U32(f214), KSTATE_U32(f215),
	      KSTATE_U32(f216), KSTATE_U32(f217), KSTATE_U32(f218), KSTATE_U32(f219),
	      KSTATE_U32(f220), KSTATE_U32(f221), KSTATE_U32(f222), KSTATE_U32(f223),
	      KSTATE_U32(f224), KSTATE_U32(f225), KSTATE_U32(f226), KSTATE_U32(f227),
	      KSTATE_U32(f228), KSTATE_U32(f229), KSTATE_U32(f230), KSTATE_U32(f231),
	      KSTATE_U32(f232), KSTATE_U32(f233), KSTATE_U32(f234), KSTATE_U32(f235),
	      KSTATE_U32(f236), KSTATE_U32(f237), KSTATE_U32(f238), KSTATE_U32(f239),
	      KSTATE_U32(f240), KSTATE_U32(f241), KSTATE_U32(f242), KSTATE_U32(f243),
	      KSTATE_U32(f244), KSTATE_U32(f245), KSTATE_U32(f246), KSTATE_U32(f247),
	      KSTATE_U32(f248), KSTATE_U32(f249));

KSTATE_DEFINE(kt_wide_v2, struct kt_wide,
	      KSTATE_NAME("kt_wide"), KSTATE_VERSION(2),
	      KSTATE_U32(extra, KSTATE_SINCE(2), KSTATE_DEFAULT(77)),
	      KSTATE_U32(f00), KSTATE_U32(f01), KSTATE_U32(f02), KSTATE_U32(f03),
	      KSTATE_U32(f04), KSTATE_U32(f05), KSTATE_U32(f06), KSTATE_U32(f07),
	      KSTATE_U32(f08), KSTATE_U32(f09), KSTATE_U32(f10), KSTATE_U32(f11),
	      KSTATE_U32(f12), KSTATE_U32(f13), KSTATE_U32(f14), KSTATE_U32(f15),
	      KSTATE_U32(f16), KSTATE_U32(f17), KSTATE_U32(f18), KSTATE_U32(f19),
	      KSTATE_U32(f20), KSTATE_U32(f21), KSTATE_U32(f22), KSTATE_U32(f23),
	      KSTATE_U32(f24), KSTATE_U32(f25), KSTATE_U32(f26), KSTATE_U32(f27),
	      KSTATE_U32(f28), KSTATE_U32(f29), KSTATE_U32(f30), KSTATE_U32(f31),
	      KSTATE_U32(f32), KSTATE_U32(f33), KSTATE_U32(f34), KSTATE_U32(f35),
	      KSTATE_U32(f36), KSTATE_U32(f37), KSTATE_U32(f38), KSTATE_U32(f39),
	      KSTATE_U32(f40), KSTATE_U32(f41), KSTATE_U32(f42), KSTATE_U32(f43),
	      KSTATE_U32(f44), KSTATE_U32(f45), KSTATE_U32(f46), KSTATE_U32(f47),
	      KSTATE_U32(f48), KSTATE_U32(f49), KSTATE_U32(f50), KSTATE_U32(f51),
	      KSTATE_U32(f52), KSTATE_U32(f53), KSTATE_U32(f54), KSTATE_U32(f55),
	      KSTATE_U32(f56), KSTATE_U32(f57), KSTATE_U32(f58), KSTATE_U32(f59),
	      KSTATE_U32(f60), KSTATE_U32(f61), KSTATE_U32(f62), KSTATE_U32(f63),
	      KSTATE_U32(f64), KSTATE_U32(f65), KSTATE_U32(f66), KSTATE_U32(f67),
	      KSTATE_U32(f68), KSTATE_U32(f69), KSTATE_U32(f70), KSTATE_U32(f71),
	      KSTATE_U32(f72), KSTATE_U32(f73), KSTATE_U32(f74), KSTATE_U32(f75),
	      KSTATE_U32(f76), KSTATE_U32(f77), KSTATE_U32(f78), KSTATE_U32(f79),
	      KSTATE_U32(f80), KSTATE_U32(f81), KSTATE_U32(f82), KSTATE_U32(f83),
	      KSTATE_U32(f84), KSTATE_U32(f85), KSTATE_U32(f86), KSTATE_U32(f87),
	      KSTATE_U32(f88), KSTATE_U32(f89), KSTATE_U32(f90), KSTATE_U32(f91),
	      KSTATE_U32(f92), KSTATE_U32(f93), KSTATE_U32(f94), KSTATE_U32(f95),
	      KSTATE_U32(f96), KSTATE_U32(f97), KSTATE_U32(f98), KSTATE_U32(f99),
	      KSTATE_U32(f100), KSTATE_U32(f101), KSTATE_U32(f102), KSTATE_U32(f103),
	      KSTATE_U32(f104), KSTATE_U32(f105), KSTATE_U32(f106), KSTATE_U32(f107),
	      KSTATE_U32(f108), KSTATE_U32(f109), KSTATE_U32(f110), KSTATE_U32(f111),
	      KSTATE_U32(f112), KSTATE_U32(f113), KSTATE_U32(f114), KSTATE_U32(f115),
	      KSTATE_U32(f116), KSTATE_U32(f117), KSTATE_U32(f118), KSTATE_U32(f119),
	      KSTATE_U32(f120), KSTATE_U32(f121), KSTATE_U32(f122), KSTATE_U32(f123),
	      KSTATE_U32(f124), KSTATE_U32(f125), KSTATE_U32(f126), KSTATE_U32(f127),
	      KSTATE_U32(f128), KSTATE_U32(f129), KSTATE_U32(f130), KSTATE_U32(f131),
	      KSTATE_U32(f132), KSTATE_U32(f133), KSTATE_U32(f134), KSTATE_U32(f135),
	      KSTATE_U32(f136), KSTATE_U32(f137), KSTATE_U32(f138), KSTATE_U32(f139),
	      KSTATE_U32(f140), KSTATE_U32(f141), KSTATE_U32(f142), KSTATE_U32(f143),
	      KSTATE_U32(f144), KSTATE_U32(f145), KSTATE_U32(f146), KSTATE_U32(f147),
	      KSTATE_U32(f148), KSTATE_U32(f149), KSTATE_U32(f150), KSTATE_U32(f151),
	      KSTATE_U32(f152), KSTATE_U32(f153), KSTATE_U32(f154), KSTATE_U32(f155),
	      KSTATE_U32(f156), KSTATE_U32(f157), KSTATE_U32(f158), KSTATE_U32(f159),
	      KSTATE_U32(f160), KSTATE_U32(f161), KSTATE_U32(f162), KSTATE_U32(f163),
	      KSTATE_U32(f164), KSTATE_U32(f165), KSTATE_U32(f166), KSTATE_U32(f167),
	      KSTATE_U32(f168), KSTATE_U32(f169), KSTATE_U32(f170), KSTATE_U32(f171),
	      KSTATE_U32(f172), KSTATE_U32(f173), KSTATE_U32(f174), KSTATE_U32(f175),
	      KSTATE_U32(f176), KSTATE_U32(f177), KSTATE_U32(f178), KSTATE_U32(f179),
	      KSTATE_U32(f180), KSTATE_U32(f181), KSTATE_U32(f182), KSTATE_U32(f183),
	      KSTATE_U32(f184), KSTATE_U32(f185), KSTATE_U32(f186), KSTATE_U32(f187),
	      KSTATE_U32(f188), KSTATE_U32(f189), KSTATE_U32(f190), KSTATE_U32(f191),
	      KSTATE_U32(f192), KSTATE_U32(f193), KSTATE_U32(f194), KSTATE_U32(f195),
	      KSTATE_U32(f196), KSTATE_U32(f197), KSTATE_U32(f198), KSTATE_U32(f199),
	      KSTATE_U32(f200), KSTATE_U32(f201), KSTATE_U32(f202), KSTATE_U32(f203),
	      KSTATE_U32(f204), KSTATE_U32(f205), KSTATE_U32(f206), KSTATE_U32(f207),
	      KSTATE_U32(f208), KSTATE_U32(f209), KSTATE_U32(f210), KSTATE_U32(f211),
	      KSTATE_U32(f212), KSTATE_U32(f213), KSTATE_U32(f214), KSTATE_U32(f215),
	      KSTATE_U32(f216), KSTATE_U32(f217), KSTATE_U32(f218), KSTATE_U32(f219),
	      KSTATE_U32(f220), KSTATE_U32(f221), KSTATE_U32(f222), KSTATE_U32(f223),
	      KSTATE_U32(f224), KSTATE_U32(f225), KSTATE_U32(f226), KSTATE_U32(f227),
	      KSTATE_U32(f228), KSTATE_U32(f229), KSTATE_U32(f230), KSTATE_U32(f231),
	      KSTATE_U32(f232), KSTATE_U32(f233), KSTATE_U32(f234), KSTATE_U32(f235),
	      KSTATE_U32(f236), KSTATE_U32(f237), KSTATE_U32(f238), KSTATE_U32(f239));

static void kstate_test_wide_type(struct kunit *test)
{
	struct kt_wide *w, *r;
	u32 *wv, *rv;
	size_t size;
	void *blob;
	int i;

	BUILD_BUG_ON(sizeof(struct kt_wide) != (10 * KT_WIDE_GROUPS + 1) * 4);
	KUNIT_ASSERT_EQ(test, kt_wide_v1_kstate_type.nr_fields, 250);
	KUNIT_ASSERT_EQ(test, kt_wide_v2_kstate_type.nr_fields, 241);
	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_NOT_NULL(test, r);
	wv = (u32 *)w;
	rv = (u32 *)r;
	for (i = 0; i < 10 * KT_WIDE_GROUPS; i++)
		wv[i] = 7 * i + 1;
	w->extra = 5;

	/* same version: every field, not the undescribed one */
	blob = kt_save_one(test, &kt_wide_v1_kstate_type, 1, w, &size);
	memset(r, 0x5a, sizeof(*r));
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_wide_v1_kstate_type, 1, r), 0);
	KUNIT_EXPECT_MEMEQ(test, r, w, 10 * KT_WIDE_GROUPS * sizeof(u32));
	KUNIT_EXPECT_EQ(test, r->extra, 0x5a5a5a5a);

	/* upgrade: 240 fields by name, one default, ten left alone */
	memset(r, 0x5a, sizeof(*r));
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_wide_v2_kstate_type, 1, r), 0);
	KUNIT_EXPECT_MEMEQ(test, r, w, 240 * sizeof(u32));
	for (i = 240; i < 250; i++)
		KUNIT_EXPECT_EQ(test, rv[i], 0x5a5a5a5a);
	KUNIT_EXPECT_EQ(test, r->extra, 77);

	/* and the other way: the v2 blob's 241 fields into the v1 reader */
	blob = kt_save_one(test, &kt_wide_v2_kstate_type, 1, w, &size);
	memset(r, 0x5a, sizeof(*r));
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_wide_v1_kstate_type, 1, r), 0);
	KUNIT_EXPECT_MEMEQ(test, r, w, 240 * sizeof(u32));
	for (i = 240; i < 250; i++)
		KUNIT_EXPECT_EQ(test, rv[i], 0);
	KUNIT_EXPECT_EQ(test, r->extra, 0x5a5a5a5a);
}

KSTATE_DECLARE(kt_wrapped, struct kt_attr);
KSTATE_DEFINE(kt_wrapped, struct kt_attr,
	      KSTATE_U32(a),
	      KSTATE_U16(b));

/* The typed wrappers reach the registry under their type. */
static void kstate_test_typed_wrappers(struct kunit *test)
{
	struct kt_attr *obj = kunit_kzalloc(test, sizeof(*obj), GFP_KERNEL);
	const u64 key = 0x6b737461746531ULL;

	KUNIT_ASSERT_NOT_NULL(test, obj);
	obj->a = 1;
	obj->b = 2;

	KUNIT_ASSERT_EQ(test, kt_wrapped_kstate_register(key, obj), 0);
	KUNIT_EXPECT_EQ(test, kt_wrapped_kstate_register(key, obj), -EEXIST);
	KUNIT_EXPECT_EQ(test, kstate_register(&kt_wrapped_kstate_type, key,
					      obj), -EEXIST);
	KUNIT_EXPECT_EQ(test, kt_wrapped_kstate_unregister(key), 0);
	KUNIT_EXPECT_EQ(test, kt_wrapped_kstate_unregister(key), -ENOENT);
	KUNIT_EXPECT_FALSE(test, kt_wrapped_kstate_present(key));
	KUNIT_EXPECT_EQ(test, kt_wrapped_kstate_restore(key, obj), -ENOENT);
	KUNIT_EXPECT_EQ(test, obj->a, 1);
}

/* --- reader-side rules: pre_restore, KSTATE_MUST_MATCH, KSTATE_KEEP --- */

struct kt_ident {
	u16 vendor;
	u16 device;
	u32 state;
	char name[8];
	unsigned int rev:3;
	unsigned int mode:5;
	u32 extra;
	u32 seen_version;
};

static int kt_ident_pre_restore(void *obj, u32 writer_version)
{
	struct kt_ident *d = obj;

	if (d->state == 0xdead)
		return -EPERM;
	d->seen_version = writer_version;	/* not described: stays */
	return 0;
}

static const struct kstate_ops kt_ident_ops = {
	.pre_restore = kt_ident_pre_restore,
};

KSTATE_DEFINE(kt_ident_v1, struct kt_ident,
	      KSTATE_NAME("kt_ident"),
	      KSTATE_U16(vendor),
	      KSTATE_U16(device),
	      KSTATE_U32(state),
	      KSTATE_STRING(name),
	      KSTATE_BITFIELD(rev),
	      KSTATE_BITFIELD(mode));

KSTATE_DEFINE(kt_ident_v2, struct kt_ident,
	      KSTATE_NAME("kt_ident"), KSTATE_VERSION(2),
	      KSTATE_OPS(&kt_ident_ops),
	      KSTATE_U16(vendor, KSTATE_MUST_MATCH),
	      KSTATE_U16(device, KSTATE_MUST_MATCH),
	      KSTATE_U32(state),
	      KSTATE_STRING(name, KSTATE_MUST_MATCH),
	      KSTATE_BITFIELD(rev, KSTATE_MUST_MATCH),
	      KSTATE_BITFIELD(mode),
	      KSTATE_U32(extra, KSTATE_SINCE(2), KSTATE_KEEP, KSTATE_MUST_MATCH));

/* the same, but extra gets its default from an older writer */
KSTATE_DEFINE(kt_ident_v2d, struct kt_ident,
	      KSTATE_NAME("kt_ident"), KSTATE_VERSION(2),
	      KSTATE_U16(vendor),
	      KSTATE_U16(device),
	      KSTATE_U32(state),
	      KSTATE_STRING(name),
	      KSTATE_BITFIELD(rev),
	      KSTATE_BITFIELD(mode),
	      KSTATE_U32(extra, KSTATE_SINCE(2), KSTATE_DEFAULT(5)));

static void kt_ident_fill(struct kt_ident *d)
{
	memset(d, 0, sizeof(*d));
	d->vendor = 0x8086;
	d->device = 0x1234;
	strscpy(d->name, "nvme0", sizeof(d->name));
	d->rev = 5;
	d->extra = 0x77;
}

/*
 * pre_restore sees the writer's version on the live object and may refuse;
 * identity fields must match the live object before anything is written;
 * a KSTATE_KEEP field an older writer lacks keeps its value.
 */
static void kstate_test_reader_rules(struct kunit *test)
{
	struct kt_ident w, r, before;
	struct kstate_in *in;
	size_t size;
	void *blob;

	kt_ident_fill(&w);
	w.state = 42;
	w.mode = 17;
	blob = kt_save_one(test, &kt_ident_v1_kstate_type, 1, &w, &size);
	in = kt_open(test, blob, size);

	/* refused by pre_restore: untouched */
	kt_ident_fill(&r);
	r.state = 0xdead;
	before = r;
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_ident_v2_kstate_type,
						1, &r), -EPERM);
	KUNIT_EXPECT_MEMEQ(test, &r, &before, sizeof(r));

	/*
	 * Another device, another name, another revision: untouched but
	 * for what pre_restore did.
	 */
	kt_ident_fill(&r);
	r.device = 0x1235;
	before = r;
	before.seen_version = 1;
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_ident_v2_kstate_type,
						1, &r), -ENXIO);
	KUNIT_EXPECT_MEMEQ(test, &r, &before, sizeof(r));
	kt_ident_fill(&r);
	strscpy(r.name, "nvme1", sizeof(r.name));
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_ident_v2_kstate_type,
						1, &r), -ENXIO);
	kt_ident_fill(&r);
	r.rev = 4;
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_ident_v2_kstate_type,
						1, &r), -ENXIO);

	/*
	 * The same identity: restored, the name's bytes after its NUL do
	 * not count; extra, which the v1 writer lacks, is neither checked
	 * nor defaulted.
	 */
	kt_ident_fill(&r);
	r.name[7] = 'x';
	r.extra = 0x99;
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_ident_v2_kstate_type,
						1, &r), 0);
	KUNIT_EXPECT_EQ(test, r.state, 42);
	KUNIT_EXPECT_EQ(test, (u32)r.mode, 17);
	KUNIT_EXPECT_EQ(test, r.extra, 0x99);
	KUNIT_EXPECT_EQ(test, r.seen_version, 1);

	/* without KSTATE_KEEP, the default */
	kt_ident_fill(&r);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_ident_v2d_kstate_type, 1, &r), 0);
	KUNIT_EXPECT_EQ(test, r.extra, 5);

	/* a v2 writer has extra: now it must match too */
	w.extra = 0x77;
	blob = kt_save_one(test, &kt_ident_v2d_kstate_type, 1, &w, &size);
	kt_ident_fill(&r);
	r.extra = 0x78;
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_ident_v2_kstate_type, 1, &r),
			-ENXIO);
	kt_ident_fill(&r);
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_ident_v2_kstate_type, 1, &r), 0);
	KUNIT_EXPECT_EQ(test, r.seen_version, 2);
}

struct kt_bad_rule {
	u32 v;
	struct kt_attr *p;
};

KSTATE_DEFINE(kt_bad_match, struct kt_bad_rule,
	      KSTATE_U32(v),
	      KSTATE_PTR(p, kt_attr_plain, KSTATE_MUST_MATCH));

KSTATE_DEFINE(kt_bad_keep, struct kt_bad_rule,
	      KSTATE_U32(v, KSTATE_KEEP, KSTATE_DEFAULT(3)));

/* The rules only where they mean something: refused at registration. */
static void kstate_test_reader_rules_refused(struct kunit *test)
{
	struct kstate_out *out = kstate_out_create();
	struct kt_bad_rule obj = {};

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, kstate_out_add(out, &kt_bad_match_kstate_type,
					     1, &obj), -EINVAL);
	KUNIT_EXPECT_EQ(test, kstate_out_add(out, &kt_bad_keep_kstate_type,
					     1, &obj), -EINVAL);
	kstate_out_destroy(out);
}

/* Arrays of bools: grown, shrunk and turned into integers like any array. */
struct kt_flags4 {
	bool f[4];
};

struct kt_flags6 {
	bool f[6];
};

struct kt_flags_u8 {
	u8 f[4];
};

KSTATE_DEFINE(kt_flags4, struct kt_flags4,
	      KSTATE_NAME("kt_flags"),
	      KSTATE_BOOL_ARRAY(f));

KSTATE_DEFINE(kt_flags6, struct kt_flags6,
	      KSTATE_NAME("kt_flags"),
	      KSTATE_BOOL_ARRAY(f, KSTATE_DEFAULT(true)));

KSTATE_DEFINE(kt_flags_u8, struct kt_flags_u8,
	      KSTATE_NAME("kt_flags"),
	      KSTATE_UINT_ARRAY(f));

static void kstate_test_bool_array(struct kunit *test)
{
	struct kt_flags4 w4 = { .f = { true, false, true, false } }, r4;
	struct kt_flags6 w6 = { .f = { true, true, false, false, false, true } };
	struct kt_flags6 r6;
	struct kt_flags_u8 ru8;
	size_t size;
	void *blob;

	blob = kt_save_one(test, &kt_flags4_kstate_type, 1, &w4, &size);
	memset(&r4, 0, sizeof(r4));
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_flags4_kstate_type, 1, &r4), 0);
	KUNIT_EXPECT_MEMEQ(test, &r4, &w4, sizeof(w4));

	/* grown: the new elements get the default */
	memset(&r6, 0, sizeof(r6));
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_flags6_kstate_type, 1, &r6), 0);
	KUNIT_EXPECT_MEMEQ(test, r6.f, w4.f, sizeof(w4.f));
	KUNIT_EXPECT_TRUE(test, r6.f[4] && r6.f[5]);

	/* into integers */
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_flags_u8_kstate_type, 1, &ru8), 0);
	KUNIT_EXPECT_EQ(test, ru8.f[0], 1);
	KUNIT_EXPECT_EQ(test, ru8.f[1], 0);
	KUNIT_EXPECT_EQ(test, ru8.f[2], 1);

	/* shrunk: only if what is cut off is false */
	blob = kt_save_one(test, &kt_flags6_kstate_type, 1, &w6, &size);
	memset(&r4, 0, sizeof(r4));
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_flags4_kstate_type, 1, &r4),
			-ERANGE);
	w6.f[5] = false;
	blob = kt_save_one(test, &kt_flags6_kstate_type, 1, &w6, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_flags4_kstate_type, 1, &r4), 0);
	KUNIT_EXPECT_MEMEQ(test, r4.f, w6.f, sizeof(r4.f));
}

/*
 * An hlist of objects (pci_dev.saved_cap_space): in order, linked at the
 * object's final place, and a list on the wire, so that a list may become
 * an hlist across versions and back.
 */
struct kt_cap {
	u16 cap_nr;
	u32 data;
	struct hlist_node hnode;
	struct list_head lnode;
};

struct kt_pdev_h {
	u32 id;
	struct hlist_head caps;
};

struct kt_pdev_l {
	u32 id;
	struct list_head caps;
};

KSTATE_DEFINE(kt_cap_h, struct kt_cap,
	      KSTATE_NAME("kt_cap"),
	      KSTATE_U16(cap_nr),
	      KSTATE_U32(data));

KSTATE_DEFINE(kt_pdev_h, struct kt_pdev_h,
	      KSTATE_NAME("kt_pdev"),
	      KSTATE_U32(id),
	      KSTATE_HLIST(caps, kt_cap_h, hnode));

KSTATE_DEFINE(kt_pdev_l, struct kt_pdev_l,
	      KSTATE_NAME("kt_pdev"),
	      KSTATE_U32(id),
	      KSTATE_LIST(caps, kt_cap_h, lnode));

static void kt_caps_free(void *arg)
{
	struct hlist_head *head = arg;
	struct hlist_node *n;
	struct kt_cap *cap;

	hlist_for_each_entry_safe(cap, n, head, hnode) {
		hlist_del(&cap->hnode);
		kfree(cap);
	}
}

static void kt_caps_free_list(void *arg)
{
	struct kt_cap *cap, *n;

	list_for_each_entry_safe(cap, n, (struct list_head *)arg, lnode) {
		list_del(&cap->lnode);
		kfree(cap);
	}
}

static void kstate_test_hlist(struct kunit *test)
{
	struct kt_pdev_h w = { .id = 3 }, *r;
	struct kt_pdev_l *rl;
	struct kt_cap caps[3], *cap;
	struct hlist_node *last = NULL;
	size_t size;
	void *blob;
	int i = 0;

	for (i = 0; i < 3; i++) {
		caps[i] = (struct kt_cap){ .cap_nr = 0x10 + i, .data = i * 100 };
		if (last)
			hlist_add_behind(&caps[i].hnode, last);
		else
			hlist_add_head(&caps[i].hnode, &w.caps);
		last = &caps[i].hnode;
	}
	blob = kt_save_one(test, &kt_pdev_h_kstate_type, 1, &w, &size);

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_pdev_h_kstate_type, 1, r), 0);
	kunit_add_action(test, kt_caps_free, &r->caps);
	KUNIT_EXPECT_EQ(test, r->id, 3);
	KUNIT_ASSERT_NOT_NULL(test, r->caps.first);
	KUNIT_EXPECT_PTR_EQ(test, r->caps.first->pprev, &r->caps.first);
	i = 0;
	hlist_for_each_entry(cap, &r->caps, hnode) {
		KUNIT_EXPECT_EQ(test, cap->cap_nr, 0x10 + i);
		KUNIT_EXPECT_EQ(test, cap->data, i * 100);
		i++;
	}
	KUNIT_EXPECT_EQ(test, i, 3);

	/* into a list_head reader, in the same order */
	rl = kunit_kzalloc(test, sizeof(*rl), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rl);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_pdev_l_kstate_type, 1, rl), 0);
	kunit_add_action(test, kt_caps_free_list, &rl->caps);
	i = 0;
	list_for_each_entry(cap, &rl->caps, lnode)
		KUNIT_EXPECT_EQ(test, cap->cap_nr, 0x10 + i++);
	KUNIT_EXPECT_EQ(test, i, 3);

	/* and the list back into an hlist; an empty hlist stays empty */
	blob = kt_save_one(test, &kt_pdev_l_kstate_type, 2, rl, &size);
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_pdev_h_kstate_type, 2, r), 0);
	kunit_add_action(test, kt_caps_free, &r->caps);
	i = 0;
	hlist_for_each_entry(cap, &r->caps, hnode)
		KUNIT_EXPECT_EQ(test, cap->cap_nr, 0x10 + i++);
	KUNIT_EXPECT_EQ(test, i, 3);

	w.caps.first = NULL;
	blob = kt_save_one(test, &kt_pdev_h_kstate_type, 4, &w, &size);
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->caps.first = (void *)r;	/* garbage the restore must replace */
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_pdev_h_kstate_type, 4, r), 0);
	KUNIT_EXPECT_TRUE(test, hlist_empty(&r->caps));
}

/* Arrays of pointers, and a pointer to one integer. */
static void kt_kfree(void *p)
{
	kfree(p);
}

struct kt_slot {
	u32 v;
};

struct kt_tbl4 {
	struct kt_slot *slots[4];
	u32 *limit;
	s16 *bias;
};

struct kt_tbl6 {
	struct kt_slot *slots[6];
	u32 *limit;
	u8 nr_limit;
};

struct kt_tbl2 {
	struct kt_slot *slots[2];
};

KSTATE_DEFINE(kt_slot, struct kt_slot,
	      KSTATE_U32(v));

KSTATE_DEFINE(kt_tbl4, struct kt_tbl4,
	      KSTATE_NAME("kt_tbl"),
	      KSTATE_PTR_ARRAY(slots, kt_slot),
	      KSTATE_INT_PTR(limit),
	      KSTATE_INT_PTR(bias, KSTATE_OPTIONAL));

/* grown array; the pointer to one integer read as a counted array */
KSTATE_DEFINE(kt_tbl6, struct kt_tbl6,
	      KSTATE_NAME("kt_tbl"),
	      KSTATE_PTR_ARRAY(slots, kt_slot),
	      KSTATE_VARRAY(limit, nr_limit));

KSTATE_DEFINE(kt_tbl2, struct kt_tbl2,
	      KSTATE_NAME("kt_tbl"),
	      KSTATE_PTR_ARRAY(slots, kt_slot));

static void kstate_test_pointer_arrays(struct kunit *test)
{
	struct kt_slot a = { .v = 1 }, b = { .v = 2 };
	u32 limit = 7, three[3] = { 7, 8, 9 };
	struct kt_tbl4 w = { .slots = { &a, &a, NULL, &b }, .limit = &limit };
	struct kt_tbl4 r = {};
	struct kt_tbl6 r6 = {}, w6 = {};
	struct kt_tbl2 r2 = {};
	size_t size;
	void *blob;

	blob = kt_save_one(test, &kt_tbl4_kstate_type, 1, &w, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_tbl4_kstate_type, 1, &r), 0);
	kunit_add_action(test, kt_kfree, r.slots[0]);
	kunit_add_action(test, kt_kfree, r.slots[3]);
	kunit_add_action(test, kt_kfree, r.limit);
	KUNIT_ASSERT_NOT_NULL(test, r.slots[0]);
	KUNIT_EXPECT_PTR_EQ(test, r.slots[0], r.slots[1]);
	KUNIT_EXPECT_NULL(test, r.slots[2]);
	KUNIT_ASSERT_NOT_NULL(test, r.slots[3]);
	KUNIT_EXPECT_EQ(test, r.slots[0]->v, 1);
	KUNIT_EXPECT_EQ(test, r.slots[3]->v, 2);
	KUNIT_ASSERT_NOT_NULL(test, r.limit);
	KUNIT_EXPECT_EQ(test, *r.limit, 7);
	KUNIT_EXPECT_NULL(test, r.bias);

	/* grown with NULLs; one integer is an array of one */
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_tbl6_kstate_type, 1, &r6), 0);
	kunit_add_action(test, kt_kfree, r6.slots[0]);
	kunit_add_action(test, kt_kfree, r6.slots[3]);
	kunit_add_action(test, kt_kfree, r6.limit);
	KUNIT_EXPECT_EQ(test, r6.slots[3]->v, 2);
	KUNIT_EXPECT_NULL(test, r6.slots[4]);
	KUNIT_EXPECT_NULL(test, r6.slots[5]);
	KUNIT_EXPECT_EQ(test, r6.nr_limit, 1);
	KUNIT_EXPECT_EQ(test, r6.limit[0], 7);

	/* shrunk: only if what is cut off is NULL */
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_tbl2_kstate_type, 1, &r2),
			-ERANGE);
	w.slots[3] = NULL;
	blob = kt_save_one(test, &kt_tbl4_kstate_type, 2, &w, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_tbl2_kstate_type, 2, &r2), 0);
	kunit_add_action(test, kt_kfree, r2.slots[0]);
	KUNIT_EXPECT_PTR_EQ(test, r2.slots[0], r2.slots[1]);

	/* three integers do not fit a pointer to one */
	w6.limit = three;
	w6.nr_limit = 3;
	blob = kt_save_one(test, &kt_tbl6_kstate_type, 3, &w6, &size);
	memset(&r, 0, sizeof(r));
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_tbl4_kstate_type, 3, &r),
			-ERANGE);
	KUNIT_EXPECT_NULL(test, r.limit);
}

/*
 * Fields saved for some objects only: a union whose live member a
 * discriminator chooses (pci_dev.sriov for a PF, .physfn for a VF), and
 * state only PFs have. The record of an object says which it holds; the
 * reader leaves the others as they are.
 */
struct kt_sriov {
	u16 num_vfs;
	u16 offset;
};

struct kt_fn {
	u32 devfn;
	unsigned int is_virtfn:1;
	union {
		struct kt_sriov *sriov;	/* PF */
		struct kt_fn *physfn;	/* VF */
	};
	u32 total_vfs;			/* PF only */
};

static bool kt_fn_is_pf(const void *obj)
{
	return !((const struct kt_fn *)obj)->is_virtfn;
}

static bool kt_fn_is_vf(const void *obj)
{
	return ((const struct kt_fn *)obj)->is_virtfn;
}

KSTATE_DEFINE(kt_sriov, struct kt_sriov,
	      KSTATE_U16(num_vfs),
	      KSTATE_U16(offset));

KSTATE_DEFINE(kt_fn, struct kt_fn,
	      KSTATE_VERSION(2),
	      KSTATE_U32(devfn),
	      KSTATE_BITFIELD(is_virtfn),
	      KSTATE_PTR(sriov, kt_sriov, KSTATE_SINCE(2),
			 KSTATE_SAVE_IF(kt_fn_is_pf)),
	      KSTATE_PTR(physfn, kt_fn, KSTATE_SINCE(2),
			 KSTATE_SAVE_IF(kt_fn_is_vf)),
	      KSTATE_U32(total_vfs, KSTATE_SAVE_IF(kt_fn_is_pf)));

/*
 * Flexible array members. A count member (KSTATE_FLEX_ARRAY()), a VARRAY on
 * the wire, so that a pointer and count may become a flexible array across
 * versions; a restored object is filled up to the room it has, one the
 * restore allocates gets the writer's length.
 */
struct kt_fx_v1 {
	u32 id;
	u32 nr;
	u32 *vals;
};

struct kt_fx_v2 {
	u32 id;
	u16 nr;
	u16 vals[];
};

struct kt_fx_v3 {
	u32 id;
	u32 nr;
	u32 vals[];
};

KSTATE_DEFINE(kt_fx_v1, struct kt_fx_v1,
	      KSTATE_NAME("kt_fx"),
	      KSTATE_U32(id),
	      KSTATE_VARRAY(vals, nr));

KSTATE_DEFINE(kt_fx_v2, struct kt_fx_v2,
	      KSTATE_NAME("kt_fx"), KSTATE_VERSION(2),
	      KSTATE_U32(id),
	      KSTATE_FLEX_ARRAY(vals, nr));

/* version 3 dropped the array: an older reader defaults it */
KSTATE_DEFINE(kt_fx_v3, struct kt_fx_v3,
	      KSTATE_NAME("kt_fx"), KSTATE_VERSION(3),
	      KSTATE_U32(id),
	      KSTATE_FLEX_ARRAY(vals, nr, KSTATE_UNTIL(3)));

struct kt_fx_ent {
	u16 cap;
	u32 word;
};

struct kt_fx_state {
	u32 cfg[2];
	u16 nr;
	struct kt_fx_ent ent[];
};

struct kt_fx_holder {
	u32 id;
	struct kt_fx_state *st;
};

KSTATE_DEFINE(kt_fx_ent, struct kt_fx_ent,
	      KSTATE_U16(cap),
	      KSTATE_U32(word));

KSTATE_DEFINE(kt_fx_state, struct kt_fx_state,
	      KSTATE_UINT_ARRAY(cfg),
	      KSTATE_FLEX_ARRAY_STRUCT(ent, nr, kt_fx_ent));

KSTATE_DEFINE(kt_fx_holder, struct kt_fx_holder,
	      KSTATE_U32(id),
	      KSTATE_PTR(st, kt_fx_state));

/* an array of flexible structures: the engine refuses it */
struct kt_fx_bad {
	struct kt_fx_state *arr;
	u32 nr;
};

KSTATE_DEFINE(kt_fx_bad, struct kt_fx_bad,
	      KSTATE_VARRAY_STRUCT(arr, nr, kt_fx_state));

static void kstate_test_flex(struct kunit *test)
{
	u32 vals[3] = { 7, 70000, 9 };
	struct kt_fx_v1 w1 = { .id = 1, .nr = 3, .vals = vals };
	struct kt_fx_v2 *r2;
	struct kt_fx_v3 *r3;
	struct kt_fx_state *st;
	struct kt_fx_holder h = { .id = 5 }, rh = {};
	struct kt_fx_bad bad = {};
	struct kstate_out *out;
	size_t size;
	void *blob;
	u32 i;

	/* pointer and count into a flexible array: 70000 does not fit u16 */
	blob = kt_save_one(test, &kt_fx_v1_kstate_type, 1, &w1, &size);
	r2 = kunit_kzalloc(test, struct_size(r2, vals, 4), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r2);
	r2->nr = 4;
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_fx_v2_kstate_type, 1, r2),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, r2->nr, 4);
	vals[1] = 8;
	blob = kt_save_one(test, &kt_fx_v1_kstate_type, 1, &w1, &size);
	r2->vals[3] = 0xdead;
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_fx_v2_kstate_type, 1, r2), 0);
	KUNIT_EXPECT_EQ(test, r2->id, 1);
	KUNIT_EXPECT_EQ(test, r2->nr, 3);
	KUNIT_EXPECT_EQ(test, r2->vals[0], 7);
	KUNIT_EXPECT_EQ(test, r2->vals[1], 8);
	KUNIT_EXPECT_EQ(test, r2->vals[2], 9);
	KUNIT_EXPECT_EQ(test, r2->vals[3], 0);	/* past the count: cleared */

	/* room for 2 only: refused, the object untouched */
	r2->nr = 2;
	r2->id = 99;
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_fx_v2_kstate_type, 1, r2),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, r2->id, 99);
	KUNIT_EXPECT_EQ(test, r2->nr, 2);
	KUNIT_EXPECT_EQ(test, r2->vals[0], 7);

	/* the flexible array saved, back into a pointer and count */
	r2->nr = 3;
	blob = kt_save_one(test, &kt_fx_v2_kstate_type, 2, r2, &size);
	memset(&w1, 0, sizeof(w1));
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_fx_v1_kstate_type, 2, &w1), 0);
	kunit_add_action(test, kt_kfree, w1.vals);
	KUNIT_ASSERT_EQ(test, w1.nr, 3);
	KUNIT_EXPECT_EQ(test, w1.vals[1], 8);

	/* a writer without it (version 3): count and elements cleared */
	r3 = kunit_kzalloc(test, struct_size(r3, vals, 2), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r3);
	r3->id = 4;
	blob = kt_save_one(test, &kt_fx_v3_kstate_type, 3, r3, &size);
	r2->nr = 3;
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_fx_v2_kstate_type, 3, r2), 0);
	KUNIT_EXPECT_EQ(test, r2->id, 4);
	KUNIT_EXPECT_EQ(test, r2->nr, 0);
	KUNIT_EXPECT_EQ(test, r2->vals[0], 0);
	KUNIT_EXPECT_EQ(test, r2->vals[2], 0);

	/* a structure the restore allocates, sized for the writer's */
	st = kunit_kzalloc(test, struct_size(st, ent, 5), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, st);
	st->cfg[0] = 0xabcd;
	st->nr = 5;
	for (i = 0; i < 5; i++)
		st->ent[i] = (struct kt_fx_ent){ .cap = 0x10 + i, .word = i * 3 };
	h.st = st;
	blob = kt_save_one(test, &kt_fx_holder_kstate_type, 5, &h, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_fx_holder_kstate_type, 5, &rh), 0);
	KUNIT_ASSERT_NOT_NULL(test, rh.st);
	kunit_add_action(test, kt_kfree, rh.st);
	KUNIT_EXPECT_EQ(test, rh.st->cfg[0], 0xabcd);
	KUNIT_ASSERT_EQ(test, rh.st->nr, 5);
	for (i = 0; i < 5; i++) {
		KUNIT_EXPECT_EQ(test, rh.st->ent[i].cap, 0x10 + i);
		KUNIT_EXPECT_EQ(test, rh.st->ent[i].word, i * 3);
	}

	/* no array of structures that end in a flexible array */
	out = kstate_out_create();
	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, kstate_out_add(out, &kt_fx_bad_kstate_type, 1, &bad),
			-EINVAL);
	kstate_out_destroy(out);
}

/*
 * A flexible array of entries of their own sizes up to a terminator, like
 * pci_saved_state.cap[] (KSTATE_FLEX_BYTES()): its bytes, the length from
 * a callback; restored in place and in an object the restore allocates.
 */
struct kt_capd {
	u16 cap_nr;
	bool cap_extended;
	unsigned int size;
	u32 data[];
};

/* cap[] holds struct kt_capd entries (sparse: no array of flexible structures) */
struct kt_pss {
	u32 config_space[4];
	u8 cap[];
};

struct kt_vdev {
	u32 id;
	struct kt_pss *pss;
};

static size_t kt_pss_len(const void *obj)
{
	const struct kt_pss *pss = obj;
	const struct kt_capd *cap = (const void *)pss->cap;
	size_t len = 0;

	while (cap->size) {
		size_t step = sizeof(*cap) + cap->size;

		len += step;
		cap = (const void *)cap + step;
	}
	return len + sizeof(*cap);	/* and the terminator */
}

KSTATE_DEFINE(kt_pss, struct kt_pss,
	      KSTATE_UINT_ARRAY(config_space),
	      KSTATE_FLEX_BYTES(cap, kt_pss_len));

KSTATE_DEFINE(kt_vdev, struct kt_vdev,
	      KSTATE_U32(id),
	      KSTATE_PTR(pss, kt_pss));

static void kstate_test_flex_bytes(struct kunit *test)
{
	size_t len = 2 * sizeof(struct kt_capd) + 12 + 4 + sizeof(struct kt_capd);
	struct kt_pss *pss = kunit_kzalloc(test, sizeof(*pss) + len, GFP_KERNEL);
	struct kt_vdev v = { .id = 2 }, rv = {};
	struct kt_capd *cap;
	struct kt_pss *r;
	size_t size;
	void *blob;

	KUNIT_ASSERT_NOT_NULL(test, pss);
	pss->config_space[1] = 0x1234;
	cap = (void *)pss->cap;
	*cap = (struct kt_capd){ .cap_nr = 0x10, .size = 12 };
	cap->data[0] = 1;
	cap->data[2] = 3;
	cap = (void *)cap + sizeof(*cap) + 12;
	*cap = (struct kt_capd){ .cap_nr = 0x1e, .cap_extended = true, .size = 4 };
	cap->data[0] = 0xfeed;
	KUNIT_ASSERT_EQ(test, kt_pss_len(pss), len);
	v.pss = pss;
	blob = kt_save_one(test, &kt_vdev_kstate_type, 2, &v, &size);

	/* allocated: the writer's length */
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_vdev_kstate_type, 2, &rv), 0);
	KUNIT_ASSERT_NOT_NULL(test, rv.pss);
	kunit_add_action(test, kt_kfree, rv.pss);
	KUNIT_EXPECT_EQ(test, kt_pss_len(rv.pss), len);
	KUNIT_EXPECT_MEMEQ(test, rv.pss, pss, sizeof(*pss) + len);

	/* in place: a terminator only has no room for the two entries */
	blob = kt_save_one(test, &kt_pss_kstate_type, 3, pss, &size);
	r = kunit_kzalloc(test, sizeof(*r) + len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_pss_kstate_type, 3, r),
			-EOVERFLOW);
	KUNIT_EXPECT_EQ(test, r->config_space[1], 0);
	/* with room: a pre-sized object, as its owner lays it out */
	memcpy(r, pss, sizeof(*r) + len);
	memset(r->config_space, 0, sizeof(r->config_space));
	((struct kt_capd *)r->cap)->data[2] = 0;
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_pss_kstate_type, 3, r), 0);
	KUNIT_EXPECT_MEMEQ(test, r, pss, sizeof(*pss) + len);
}

/*
 * KSTATE_REUSE: a pointee the restored object already has (allocated by
 * its owner, with members KSTATE does not describe) is restored in place
 * and committed with the object, or left untouched.
 */
struct kt_ru_in {
	u8 a;
	u32 b;
	u32 extra;	/* not described: the owner's */
};

struct kt_ru_out {
	u32 id;
	struct kt_ru_in *mine;
	struct kt_ru_in *other;
};

struct kt_ruw_in {
	u32 a;
	u32 b;
};

struct kt_ruw_out {
	u32 id;
	struct kt_ruw_in *mine;
	struct kt_ruw_in *other;
};

KSTATE_DEFINE(kt_ru_in, struct kt_ru_in,
	      KSTATE_U8(a),
	      KSTATE_U32(b));

KSTATE_DEFINE(kt_ru_out, struct kt_ru_out,
	      KSTATE_U32(id),
	      KSTATE_PTR(mine, kt_ru_in, KSTATE_REUSE),
	      KSTATE_PTR(other, kt_ru_in));

KSTATE_DEFINE(kt_ruw_in, struct kt_ruw_in,
	      KSTATE_NAME("kt_ru_in"),
	      KSTATE_U32(a),
	      KSTATE_U32(b));

KSTATE_DEFINE(kt_ruw_out, struct kt_ruw_out,
	      KSTATE_NAME("kt_ru_out"),
	      KSTATE_U32(id),
	      KSTATE_PTR(mine, kt_ruw_in),
	      KSTATE_PTR(other, kt_ruw_in));

static void kstate_test_reuse(struct kunit *test)
{
	struct kt_ruw_in wi = { .a = 1, .b = 2 }, wo = { .a = 3, .b = 4 };
	struct kt_ruw_out w = { .id = 9, .mine = &wi, .other = &wo };
	struct kt_ru_in had = { .a = 50, .b = 60, .extra = 77 };
	struct kt_ru_in had2 = { .a = 51 };
	struct kt_ru_out r = { .mine = &had, .other = &had2 };
	size_t size;
	void *blob;

	blob = kt_save_one(test, &kt_ruw_out_kstate_type, 1, &w, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_ru_out_kstate_type, 1, &r), 0);
	KUNIT_EXPECT_EQ(test, r.id, 9);
	/* filled in place: the owner's member kept */
	KUNIT_EXPECT_PTR_EQ(test, r.mine, &had);
	KUNIT_EXPECT_EQ(test, had.a, 1);
	KUNIT_EXPECT_EQ(test, had.b, 2);
	KUNIT_EXPECT_EQ(test, had.extra, 77);
	/* without KSTATE_REUSE: a new object, the old one not touched */
	KUNIT_ASSERT_NOT_NULL(test, r.other);
	kunit_add_action(test, kt_kfree, r.other);
	KUNIT_EXPECT_PTR_NE(test, r.other, &had2);
	KUNIT_EXPECT_EQ(test, r.other->a, 3);
	KUNIT_EXPECT_EQ(test, had2.a, 51);

	/* a failed restore leaves the pointee untouched */
	wi.a = 300;
	wi.b = 5;
	blob = kt_save_one(test, &kt_ruw_out_kstate_type, 2, &w, &size);
	r = (struct kt_ru_out){ .id = 8, .mine = &had };
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_ru_out_kstate_type, 2, &r),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, r.id, 8);
	KUNIT_EXPECT_EQ(test, had.a, 1);
	KUNIT_EXPECT_EQ(test, had.b, 2);

	/* shared on the writer: both members end at the reused pointee */
	wi.a = 7;
	w.other = &wi;
	blob = kt_save_one(test, &kt_ruw_out_kstate_type, 3, &w, &size);
	r = (struct kt_ru_out){ .mine = &had };
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_ru_out_kstate_type, 3, &r), 0);
	KUNIT_EXPECT_PTR_EQ(test, r.mine, &had);
	KUNIT_EXPECT_PTR_EQ(test, r.other, &had);
	KUNIT_EXPECT_EQ(test, had.a, 7);
	KUNIT_EXPECT_EQ(test, had.b, 5);

	/* the writer had none: the pointee stays, as it was */
	w.mine = NULL;
	w.other = NULL;
	blob = kt_save_one(test, &kt_ruw_out_kstate_type, 4, &w, &size);
	r = (struct kt_ru_out){ .mine = &had };
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_ru_out_kstate_type, 4, &r), 0);
	KUNIT_EXPECT_PTR_EQ(test, r.mine, &had);
	KUNIT_EXPECT_EQ(test, had.a, 7);
	KUNIT_EXPECT_NULL(test, r.other);
}

/*
 * A custom member that allocates in its restore callback gets its undo
 * callback when a later field fails the object's restore, and only then.
 */
static int kt_cu_undone;

struct kt_cu {
	u32 *val;
	u8 small;
};

struct kt_cuw {
	u32 *val;
	u32 small;
};

static size_t kt_cu_size(const void *obj, const void *m)
{
	return sizeof(u32);
}

static int kt_cu_save(const void *obj, const void *m, void *buf, size_t len,
		      struct kstate_mem *mem)
{
	put_unaligned_le32(**(u32 *const *)m, buf);
	return 0;
}

static int kt_cu_restore(void *obj, void *m, const void *buf, size_t len,
			 u32 writer_version, struct kstate_mem *mem)
{
	u32 *v;

	if (!buf) {
		*(u32 **)m = NULL;
		return 0;
	}
	v = kmalloc(sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	*v = get_unaligned_le32(buf);
	*(u32 **)m = v;
	return 0;
}

static void kt_cu_undo(void *obj, void *m)
{
	kfree(*(u32 **)m);
	kt_cu_undone++;
}

static const struct kstate_custom_ops kt_cu_ops = {
	.size = kt_cu_size,
	.save = kt_cu_save,
	.restore = kt_cu_restore,
	.undo = kt_cu_undo,
};

KSTATE_DEFINE(kt_cu, struct kt_cu,
	      KSTATE_CUSTOM(val, &kt_cu_ops),
	      KSTATE_U8(small));

KSTATE_DEFINE(kt_cuw, struct kt_cuw,
	      KSTATE_NAME("kt_cu"),
	      KSTATE_CUSTOM(val, &kt_cu_ops),
	      KSTATE_U32(small));

static void kstate_test_custom_undo(struct kunit *test)
{
	u32 v = 42;
	struct kt_cuw w = { .val = &v, .small = 300 };
	struct kt_cu r = {};
	size_t size;
	void *blob;

	kt_cu_undone = 0;
	blob = kt_save_one(test, &kt_cuw_kstate_type, 1, &w, &size);
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_cu_kstate_type, 1, &r),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, kt_cu_undone, 1);
	KUNIT_EXPECT_NULL(test, r.val);

	w.small = 3;
	blob = kt_save_one(test, &kt_cuw_kstate_type, 2, &w, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_cu_kstate_type, 2, &r), 0);
	KUNIT_EXPECT_EQ(test, kt_cu_undone, 1);
	KUNIT_ASSERT_NOT_NULL(test, r.val);
	KUNIT_EXPECT_EQ(test, *r.val, 42);
	KUNIT_EXPECT_EQ(test, r.small, 3);
	kfree(r.val);
}

/* an older generation that saved total_vfs for every function */
KSTATE_DEFINE(kt_fn_v1, struct kt_fn,
	      KSTATE_NAME("kt_fn"),
	      KSTATE_U32(devfn),
	      KSTATE_BITFIELD(is_virtfn),
	      KSTATE_U32(total_vfs));

static void kstate_test_save_if(struct kunit *test)
{
	struct kt_sriov sriov = { .num_vfs = 2, .offset = 1 };
	struct kt_fn pf = { .devfn = 0x10, .sriov = &sriov, .total_vfs = 8 };
	struct kt_fn vf = { .devfn = 0x11, .is_virtfn = 1, .physfn = &pf };
	struct kt_fn rpf, rvf;
	struct kstate_out *out = kstate_out_create();
	struct kstate_in *in;
	size_t size, len;
	char *text;
	void *blob;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_fn_kstate_type, 0x10, &pf), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_fn_kstate_type, 0x11, &vf), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_save(out, &blob, &size), 0);
	kstate_out_destroy(out);
	kunit_add_action(test, kt_blob_free, blob);

	KUNIT_ASSERT_EQ(test, kstate_blob_to_text(blob, size, &text, &len), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "kt_fn[17].sriov = absent\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "kt_fn[17].total_vfs = absent\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "kt_fn[16].physfn = absent\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "kt_fn[16].total_vfs = 8\n"));
	kvfree(text);

	in = kt_open(test, blob, size);
	memset(&rpf, 0, sizeof(rpf));
	memset(&rvf, 0x5a, sizeof(rvf));
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_fn_kstate_type, 0x10,
						&rpf), 0);
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_fn_kstate_type, 0x11,
						&rvf), 0);
	KUNIT_ASSERT_NOT_NULL(test, rpf.sriov);
	kunit_add_action(test, kt_kfree, rpf.sriov);
	KUNIT_EXPECT_EQ(test, rpf.sriov->num_vfs, 2);
	KUNIT_EXPECT_EQ(test, rpf.sriov->offset, 1);
	KUNIT_EXPECT_EQ(test, rpf.total_vfs, 8);
	KUNIT_EXPECT_EQ(test, (u32)rvf.is_virtfn, 1);
	KUNIT_EXPECT_PTR_EQ(test, rvf.physfn, &rpf);
	KUNIT_EXPECT_EQ(test, rvf.total_vfs, 0x5a5a5a5a);	/* left alone */

	/* a reader without the rule honours the writer's absences */
	memset(&rvf, 0x5a, sizeof(rvf));
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_fn_v1_kstate_type, 0x11, &rvf), 0);
	KUNIT_EXPECT_EQ(test, rvf.devfn, 0x11);
	KUNIT_EXPECT_EQ(test, rvf.total_vfs, 0x5a5a5a5a);

	/* a writer without it: every function's total_vfs arrives */
	vf.total_vfs = 3;
	blob = kt_save_one(test, &kt_fn_v1_kstate_type, 0x11, &vf, &size);
	memset(&rvf, 0, sizeof(rvf));
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_fn_kstate_type, 0x11, &rvf), 0);
	KUNIT_EXPECT_EQ(test, rvf.total_vfs, 3);
	KUNIT_EXPECT_NULL(test, rvf.physfn);	/* older writer: default */
}

/*
 * A union whose members a writer saved both (an older layout without the
 * union, or a crafted blob): the member the record holds a value for is
 * written, and the other (empty) neither allocated nor written over it;
 * with neither, the union is written once; a record with values for both
 * cannot say which member the object uses: refused, nothing written.
 */
struct kt_un {
	u8 kind;		/* 1: sriov, 2: cookie */
	union {
		u64 cookie;
		struct kt_sriov *sriov;
	};
};

static bool kt_un_is_sriov(const void *obj)
{
	return ((const struct kt_un *)obj)->kind == 1;
}

static bool kt_un_is_cookie(const void *obj)
{
	return ((const struct kt_un *)obj)->kind == 2;
}

KSTATE_DEFINE(kt_un, struct kt_un,
	      KSTATE_U8(kind),
	      KSTATE_U64(cookie, KSTATE_SAVE_IF(kt_un_is_cookie)),
	      KSTATE_PTR(sriov, kt_sriov, KSTATE_SAVE_IF(kt_un_is_sriov)));

/* members of a union that are not each saved for some objects: refused */
KSTATE_DEFINE(kt_un_bad, struct kt_un,
	      KSTATE_U8(kind),
	      KSTATE_U64(cookie),
	      KSTATE_PTR(sriov, kt_sriov, KSTATE_SAVE_IF(kt_un_is_sriov)));

struct kt_un_w {
	u8 kind;
	u64 cookie;
	struct kt_sriov *sriov;
};

KSTATE_DEFINE(kt_un_w, struct kt_un_w,
	      KSTATE_NAME("kt_un"),
	      KSTATE_U8(kind),
	      KSTATE_U64(cookie),
	      KSTATE_PTR(sriov, kt_sriov));

static void kstate_test_save_if_union(struct kunit *test)
{
	struct kt_sriov sriov = { .num_vfs = 4, .offset = 2 };
	struct kt_un_w w[4] = {
		{ .kind = 1, .sriov = &sriov },
		{ .kind = 2, .cookie = 0x1234 },
		{ .kind = 0 },
		{ .kind = 1, .cookie = 0xdead, .sriov = &sriov },
	};
	struct kstate_out *out = kstate_out_create();
	struct kt_un r[4], before;
	struct kstate_in *in;
	size_t size;
	void *blob;
	int i;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_EXPECT_EQ(test, kstate_out_add(out, &kt_un_bad_kstate_type, 9,
					     &r[0]), -EINVAL);
	KUNIT_EXPECT_EQ(test, kstate_out_add(out, &kt_un_kstate_type, 9, &r[0]),
			0);
	KUNIT_EXPECT_EQ(test, kstate_out_remove(out, &kt_un_kstate_type, 9), 0);
	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_un_w_kstate_type,
						     i, &w[i]), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_save(out, &blob, &size), 0);
	kstate_out_destroy(out);
	kunit_add_action(test, kt_blob_free, blob);

	in = kt_open(test, blob, size);
	memset(r, 0x5a, sizeof(r));
	before = r[3];
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_un_kstate_type,
							i, &r[i]), 0);
	KUNIT_ASSERT_NOT_NULL(test, r[0].sriov);
	kunit_add_action(test, kt_kfree, r[0].sriov);
	KUNIT_EXPECT_EQ(test, r[0].sriov->num_vfs, 4);
	KUNIT_EXPECT_EQ(test, r[0].sriov->offset, 2);
	KUNIT_EXPECT_EQ(test, r[1].kind, 2);
	KUNIT_EXPECT_EQ(test, r[1].cookie, 0x1234);
	KUNIT_EXPECT_EQ(test, r[2].kind, 0);
	KUNIT_EXPECT_EQ(test, r[2].cookie, 0);
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_un_kstate_type, 3,
						&r[3]), -EINVAL);
	KUNIT_EXPECT_MEMEQ(test, &r[3], &before, sizeof(before));
}

/*
 * A critical field saved for some objects only refuses, in a reader that
 * does not know it, just the objects that have it.
 */
struct kt_feat {
	u32 mode;
	u64 secret;
};

static bool kt_feat_has_secret(const void *obj)
{
	return ((const struct kt_feat *)obj)->secret;
}

KSTATE_DEFINE(kt_feat_w, struct kt_feat,
	      KSTATE_NAME("kt_feat"), KSTATE_VERSION(2),
	      KSTATE_U32(mode),
	      KSTATE_U64(secret, KSTATE_SINCE(2), KSTATE_CRITICAL,
			 KSTATE_SAVE_IF(kt_feat_has_secret)));

KSTATE_DEFINE(kt_feat_r, struct kt_feat,
	      KSTATE_NAME("kt_feat"),
	      KSTATE_U32(mode));

static void kstate_test_save_if_critical(struct kunit *test)
{
	struct kt_feat plain = { .mode = 1 }, secret = { .mode = 2, .secret = 9 };
	struct kt_feat r = {}, before;
	struct kstate_out *out = kstate_out_create();
	struct kstate_in *in;
	size_t size;
	void *blob;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_feat_w_kstate_type, 1,
					     &plain), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_feat_w_kstate_type, 2,
					     &secret), 0);
	KUNIT_ASSERT_EQ(test, kstate_out_save(out, &blob, &size), 0);
	kstate_out_destroy(out);
	kunit_add_action(test, kt_blob_free, blob);

	in = kt_open(test, blob, size);
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_feat_r_kstate_type, 1,
						&r), 0);
	KUNIT_EXPECT_EQ(test, r.mode, 1);
	r.mode = 7;
	before = r;
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_feat_r_kstate_type, 2,
						&r), -EOPNOTSUPP);
	KUNIT_EXPECT_MEMEQ(test, &r, &before, sizeof(r));
	/* the writer's own type knows it: both restore */
	in = kt_open(test, blob, size);
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_feat_w_kstate_type, 2,
						&r), 0);
	KUNIT_EXPECT_EQ(test, r.secret, 9);
}

/* Bitmaps: words on the wire, resized like arrays of them. */
struct kt_ids100 {
	DECLARE_BITMAP(ids, 100);
};

struct kt_ids200 {
	DECLARE_BITMAP(ids, 200);
};

struct kt_ids64 {
	DECLARE_BITMAP(ids, 64);
};

KSTATE_DEFINE(kt_ids100, struct kt_ids100,
	      KSTATE_NAME("kt_ids"),
	      KSTATE_BITMAP(ids, 100));

KSTATE_DEFINE(kt_ids200, struct kt_ids200,
	      KSTATE_NAME("kt_ids"),
	      KSTATE_BITMAP(ids, 200));

KSTATE_DEFINE(kt_ids64, struct kt_ids64,
	      KSTATE_NAME("kt_ids"),
	      KSTATE_BITMAP(ids, 64));

static void kstate_test_bitmap(struct kunit *test)
{
	const unsigned int bpl = 8 * sizeof(long);
	struct kt_ids100 w = {}, r100 = {};
	struct kt_ids200 r200;
	struct kt_ids64 r64 = {};
	size_t size;
	void *blob;

	w.ids[0] = 1UL << 3;
	w.ids[99 / bpl] |= 1UL << (99 % bpl);
	blob = kt_save_one(test, &kt_ids100_kstate_type, 1, &w, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_ids100_kstate_type, 1, &r100), 0);
	KUNIT_EXPECT_MEMEQ(test, &r100, &w, sizeof(w));

	/* grown: the new words are clear */
	memset(&r200, 0xff, sizeof(r200));
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_ids200_kstate_type, 1, &r200), 0);
	KUNIT_EXPECT_MEMEQ(test, r200.ids, w.ids, sizeof(w.ids));
	KUNIT_EXPECT_EQ(test, r200.ids[ARRAY_SIZE(r200.ids) - 1], 0);

	/* shrunk: only over clear words */
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_ids64_kstate_type, 1, &r64),
			-ERANGE);
	w.ids[99 / bpl] = 0;
	blob = kt_save_one(test, &kt_ids100_kstate_type, 2, &w, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_ids64_kstate_type, 2, &r64), 0);
	KUNIT_EXPECT_EQ(test, r64.ids[0], 1UL << 3);
}

/*
 * A custom field that keeps a tree of pages in place (an IOMMU domain's page
 * tables): its callbacks preserve and take back each table through the
 * engine's memory handle, and a failed restore gives them back.
 */
struct kt_pgtbl {
	u8 nr;
	struct page *tables[4];
};

struct kt_domain {
	u32 did;
	struct kt_pgtbl pt;
	u32 check;
};

static size_t kt_pgtbl_size(const void *obj, const void *m)
{
	return 8 * ((const struct kt_pgtbl *)m)->nr;
}

static int kt_pgtbl_save(const void *obj, const void *m, void *buf,
			 size_t len, struct kstate_mem *mem)
{
	const struct kt_pgtbl *pt = m;
	u64 phys;
	int i, err;

	for (i = 0; i < pt->nr; i++) {
		err = kstate_custom_preserve(mem, pt->tables[i], 2, &phys);
		if (err)
			return err;
		put_unaligned_le64(phys, (u8 *)buf + 8 * i);
	}
	return 0;
}

static int kt_pgtbl_restore(void *obj, void *m, const void *buf, size_t len,
			    u32 writer_version, struct kstate_mem *mem)
{
	struct kt_pgtbl *pt = m;
	int i;

	if (len % 8 || len / 8 > ARRAY_SIZE(pt->tables))
		return -EINVAL;
	pt->nr = len / 8;
	for (i = 0; i < pt->nr; i++) {
		u64 phys = get_unaligned_le64((const u8 *)buf + 8 * i);

		pt->tables[i] = kstate_custom_restore(mem, phys, 2);
		if (!pt->tables[i])
			return -EINVAL;
	}
	return 0;
}

static const struct kstate_custom_ops kt_pgtbl_ops = {
	.size = kt_pgtbl_size,
	.save = kt_pgtbl_save,
	.restore = kt_pgtbl_restore,
};

KSTATE_DEFINE(kt_domain, struct kt_domain,
	      KSTATE_U32(did),
	      KSTATE_CUSTOM(pt, &kt_pgtbl_ops),
	      KSTATE_U32(check, KSTATE_MUST_MATCH));

static void kstate_test_custom_pages(struct kunit *test)
{
	struct kt_domain w = {
		.did = 5, .check = 1,
		.pt = { .nr = 3, .tables = { (struct page *)0x200000,
					     (struct page *)0x204000,
					     (struct page *)0x208000 } },
	}, r = { .check = 2 }, before;
	struct kstate_out *out = kstate_out_create();
	struct kstate_in *in;
	size_t size;
	void *blob;

	KUNIT_ASSERT_FALSE(test, IS_ERR(out));
	KUNIT_ASSERT_EQ(test, kstate_out_add(out, &kt_domain_kstate_type, 1,
					     &w), 0);
	/* no backend: nothing can be kept in place */
	KUNIT_EXPECT_EQ(test, kstate_out_save(out, &blob, &size), -EOPNOTSUPP);
	kstate_out_set_mem(out, &kt_mem_count_ops);
	kt_preserved = 0;
	KUNIT_ASSERT_EQ(test, kstate_out_save(out, &blob, &size), 0);
	kstate_out_destroy(out);
	kunit_add_action(test, kt_blob_free, blob);
	KUNIT_EXPECT_EQ(test, kt_preserved, 3);

	/* refused after the tables were taken back: they are given back */
	in = kt_open(test, blob, size);
	kstate_in_set_mem(in, &kt_mem_count_ops);
	kt_taken = 0;
	kt_released = 0;
	before = r;
	KUNIT_EXPECT_EQ(test, kstate_in_restore(in, &kt_domain_kstate_type, 1,
						&r), -ENXIO);
	KUNIT_EXPECT_MEMEQ(test, &r, &before, sizeof(r));
	KUNIT_EXPECT_EQ(test, kt_taken, 3);
	KUNIT_EXPECT_EQ(test, kt_released, 3);

	/* and taken again by the retry, which keeps them */
	r.check = 1;
	KUNIT_ASSERT_EQ(test, kstate_in_restore(in, &kt_domain_kstate_type, 1,
						&r), 0);
	KUNIT_EXPECT_EQ(test, kt_taken, 6);
	KUNIT_EXPECT_EQ(test, kt_released, 3);
	KUNIT_EXPECT_EQ(test, r.did, 5);
	KUNIT_EXPECT_EQ(test, r.pt.nr, 3);
	KUNIT_EXPECT_MEMEQ(test, r.pt.tables, w.pt.tables,
			   sizeof(w.pt.tables));
}

/*
 * The restored object's pre_restore runs before anything is copied: what
 * it sets in a KSTATE_KEEP member stays, and identity it probed is what
 * KSTATE_MUST_MATCH compares with; an identity field the writer did not
 * save for this object is not compared.
 */
struct kt_probe {
	u32 a;
	u32 mpss;
	u16 vendor;
	u16 device;
};

static int kt_probe_pre_restore(void *obj, u32 writer_version)
{
	struct kt_probe *p = obj;

	p->mpss = 4096;		/* what this kernel probed */
	p->vendor = 0x8086;
	p->device = 0x10de;
	return 0;
}

static const struct kstate_ops kt_probe_ops = {
	.pre_restore = kt_probe_pre_restore,
};

static bool kt_never(const void *obj)
{
	return false;
}

KSTATE_DEFINE(kt_probe_w, struct kt_probe,
	      KSTATE_NAME("kt_probe"),
	      KSTATE_U32(a),
	      KSTATE_U16(vendor),
	      KSTATE_U16(device, KSTATE_SAVE_IF(kt_never)));

KSTATE_DEFINE(kt_probe_r, struct kt_probe,
	      KSTATE_NAME("kt_probe"), KSTATE_VERSION(2),
	      KSTATE_OPS(&kt_probe_ops),
	      KSTATE_U32(a),
	      KSTATE_U32(mpss, KSTATE_SINCE(2), KSTATE_KEEP),
	      KSTATE_U16(vendor, KSTATE_MUST_MATCH),
	      KSTATE_U16(device, KSTATE_MUST_MATCH));

/* identity inside an embedded structure */
struct kt_idpair {
	u16 vendor;
	u16 device;
};

struct kt_boxed {
	u32 state;
	struct kt_idpair id;
};

KSTATE_DEFINE(kt_idpair, struct kt_idpair,
	      KSTATE_U16(vendor, KSTATE_MUST_MATCH),
	      KSTATE_U16(device));

KSTATE_DEFINE(kt_boxed, struct kt_boxed,
	      KSTATE_U32(state),
	      KSTATE_STRUCT(id, kt_idpair));

static void kstate_test_reader_rules_order(struct kunit *test)
{
	struct kt_probe w = { .a = 1, .vendor = 0x8086, .device = 0x1111 };
	struct kt_probe r = {};
	struct kt_boxed bw = { .state = 7, .id = { 0x1af4, 2 } }, br, before;
	size_t size;
	void *blob;

	blob = kt_save_one(test, &kt_probe_w_kstate_type, 1, &w, &size);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_probe_r_kstate_type, 1, &r), 0);
	KUNIT_EXPECT_EQ(test, r.a, 1);
	KUNIT_EXPECT_EQ(test, r.mpss, 4096);
	KUNIT_EXPECT_EQ(test, r.vendor, 0x8086);
	KUNIT_EXPECT_EQ(test, r.device, 0x10de);	/* not saved: kept */

	blob = kt_save_one(test, &kt_boxed_kstate_type, 1, &bw, &size);
	br = (struct kt_boxed){ .state = 1, .id = { 0x10de, 2 } };
	before = br;
	KUNIT_EXPECT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_boxed_kstate_type, 1, &br),
			-ENXIO);
	KUNIT_EXPECT_MEMEQ(test, &br, &before, sizeof(br));
	br.id.vendor = 0x1af4;
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_boxed_kstate_type, 1, &br), 0);
	KUNIT_EXPECT_EQ(test, br.state, 7);
}

/*
 * A member the writer lacks or did not save is left alone only in the
 * restored object itself: an object the restore allocates gets defaults,
 * its lists initialized.
 */
struct kt_tree2 {
	u32 v;
	struct list_head kids;
	struct list_head node;
	struct kt_tree2 *child;
};

KSTATE_DEFINE(kt_tree2_w, struct kt_tree2,
	      KSTATE_NAME("kt_tree2"),
	      KSTATE_U32(v),
	      KSTATE_LIST(kids, kt_tree2_w, node, KSTATE_SAVE_IF(kt_never)),
	      KSTATE_PTR(child, kt_tree2_w));

KSTATE_DEFINE(kt_tree2_r, struct kt_tree2,
	      KSTATE_NAME("kt_tree2"),
	      KSTATE_U32(v),
	      KSTATE_LIST(kids, kt_tree2_r, node),
	      KSTATE_PTR(child, kt_tree2_r));

static void kstate_test_absent_in_new_objects(struct kunit *test)
{
	struct kt_tree2 leaf = { .v = 2 }, root = { .v = 1, .child = &leaf };
	struct kt_tree2 r;
	size_t size;
	void *blob;

	INIT_LIST_HEAD(&leaf.kids);
	INIT_LIST_HEAD(&root.kids);
	blob = kt_save_one(test, &kt_tree2_w_kstate_type, 1, &root, &size);
	memset(&r, 0, sizeof(r));
	INIT_LIST_HEAD(&r.kids);
	KUNIT_ASSERT_EQ(test, kt_restore_one(test, blob, size,
					     &kt_tree2_r_kstate_type, 1, &r), 0);
	KUNIT_ASSERT_NOT_NULL(test, r.child);
	kunit_add_action(test, kt_kfree, r.child);
	KUNIT_EXPECT_EQ(test, r.child->v, 2);
	KUNIT_EXPECT_TRUE(test, list_empty(&r.child->kids));
	KUNIT_EXPECT_TRUE(test, list_empty(&r.kids));
}

static struct kunit_case kstate_descriptor_test_cases[] = {
	KUNIT_CASE(kstate_test_type_attributes),
	KUNIT_CASE(kstate_test_wide_type),
	KUNIT_CASE(kstate_test_typed_wrappers),
	KUNIT_CASE(kstate_test_reader_rules),
	KUNIT_CASE(kstate_test_reader_rules_refused),
	KUNIT_CASE(kstate_test_bool_array),
	KUNIT_CASE(kstate_test_hlist),
	KUNIT_CASE(kstate_test_pointer_arrays),
	KUNIT_CASE(kstate_test_flex),
	KUNIT_CASE(kstate_test_flex_bytes),
	KUNIT_CASE(kstate_test_reuse),
	KUNIT_CASE(kstate_test_custom_undo),
	KUNIT_CASE(kstate_test_save_if),
	KUNIT_CASE(kstate_test_save_if_critical),
	KUNIT_CASE(kstate_test_save_if_union),
	KUNIT_CASE(kstate_test_bitmap),
	KUNIT_CASE(kstate_test_custom_pages),
	KUNIT_CASE(kstate_test_reader_rules_order),
	KUNIT_CASE(kstate_test_absent_in_new_objects),
	{}
};

static struct kunit_suite kstate_descriptor_test_suite = {
	.name = "kstate_descriptors",
	.test_cases = kstate_descriptor_test_cases,
};

kunit_test_suite(kstate_descriptor_test_suite);
