// SPDX-License-Identifier: GPL-2.0
/* kstate_result.cocci must flag each line marked "flagged" */
#include <linux/kstate.h>

static int probe(struct foo *f, struct kstate_in *in)
{
	kstate_register(&foo_kstate_type, f->id, f);	/* flagged */
	foo_kstate_restore(f->id, f);	/* flagged */
	kstate_in_restore(in, &foo_kstate_type, 1, f);	/* flagged */
	return 0;
}
