// SPDX-License-Identifier: GPL-2.0
/* kstate_restore_atomic.cocci must flag each line marked "flagged" */
#include <linux/kstate.h>

static int resume(struct foo *f)
{
	unsigned long flags;
	int err;

	spin_lock_irqsave(&f->lock, flags);
	err = foo_kstate_restore(f->id, f);	/* flagged */
	spin_unlock_irqrestore(&f->lock, flags);
	return err;
}

static int lookup(struct foo *f)
{
	int err;

	rcu_read_lock();
	err = kstate_restore(&foo_kstate_type, f->id, f);	/* flagged */
	rcu_read_unlock();
	return err;
}
