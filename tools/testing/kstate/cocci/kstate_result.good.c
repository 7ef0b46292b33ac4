// SPDX-License-Identifier: GPL-2.0
/* kstate_result.cocci must flag nothing here */
#include <linux/kstate.h>

static int probe(struct foo *f)
{
	int err = kstate_register(&foo_kstate_type, f->id, f);

	if (err)
		return err;
	if (foo_kstate_restore(f->id, f))
		pr_info("foo %u: not restored\n", f->id);
	/* the state is optional: a new device has none */
	(void)foo_kstate_restore(f->id + 1, f);
	return kstate_restore(&foo_kstate_type, f->id, f);
}
