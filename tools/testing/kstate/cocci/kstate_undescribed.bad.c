// SPDX-License-Identifier: GPL-2.0
/* kstate_undescribed.cocci must flag each line marked "flagged" */
#include <linux/kstate.h>

struct foo {
	u32 id;
	u32 irq;
	unsigned int enabled:1;
	u16 bars[4];
	struct list_head node;
	spinlock_t lock;
};

KSTATE_DEFINE(foo, struct foo,	/* flagged */
	      KSTATE_VERSION(2),
	      KSTATE_U32(id, KSTATE_MUST_MATCH),
	      KSTATE_UINT_ARRAY(bars),
	      KSTATE_SKIP(node, lock));
