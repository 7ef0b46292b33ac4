// SPDX-License-Identifier: GPL-2.0
/* kstate_undescribed.cocci must flag nothing here */
#include <linux/kstate.h>

struct foo {
	u32 id;
	u32 irq;
	unsigned int enabled:1;
	u16 bars[4];
	struct list_head node;
	spinlock_t lock;
	struct { u8 x; } sub;
};

KSTATE_DEFINE(foo, struct foo,
	      KSTATE_VERSION(2),
	      KSTATE_U32(id, KSTATE_MUST_MATCH),
	      KSTATE_U32(irq, KSTATE_ALIASES("interrupt")),
	      KSTATE_BITFIELD(enabled),
	      KSTATE_UINT_ARRAY(bars),
	      KSTATE_U8(sub.x),
	      KSTATE_SKIP(node),
	      KSTATE_SKIP(lock));
