// SPDX-License-Identifier: GPL-2.0
/* kstate_restore_atomic.cocci must flag nothing here */
#include <linux/kstate.h>

static int probe(struct foo *f)
{
	int err;

	err = foo_kstate_restore(f->id, f);
	spin_lock(&f->lock);
	f->ready = !err;
	spin_unlock(&f->lock);
	return err;
}
