// SPDX-License-Identifier: GPL-2.0
/*
 * Structures for scripts/kstate/kstate_skeleton.cocci: the skeleton of
 * sk_plain must compile as it is printed; that of sk_mixed must be
 * skeleton.expected.
 */
#include <string.h>
#include "kstate_host.h"
#include <linux/kstate.h>
#include <linux/list.h>

typedef struct { int locked; } spinlock_t;	/* the host has none */

struct sk_inner {
	u32 a;
};

KSTATE_DEFINE(sk_inner, struct sk_inner, KSTATE_U32(a));

struct sk_plain {
	u64 base;
	u16 vendor, device;
	s32 delta;
	bool enabled;
	unsigned int ats:1;
	unsigned int qdep:5;
	char name[16];
	u8 raw[6];
	u32 bars[6];
	bool flags[3];
	int level;
	unsigned long mask;
	struct sk_inner inner;
	struct sk_inner two[2];
};

struct sk_mixed {
	u32 id;
	struct sk_inner *peer;
	u32 *vec;
	struct list_head children;
	spinlock_t lock;
	struct sk_inner *ring[4];
	void *opaque;
};
