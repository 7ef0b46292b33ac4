// SPDX-License-Identifier: GPL-2.0
/* kstate_registered.cocci must flag each line marked "flagged" */
#include <linux/kstate.h>

static int add(u64 key)
{
	struct foo *f = kzalloc(sizeof(*f), GFP_KERNEL);
	int err;

	if (!f)
		return -ENOMEM;
	err = foo_kstate_register(key, f);
	if (err)
		return err;
	kfree(f);	/* flagged */
	return 0;
}

static int add_local(u64 key)
{
	struct foo f = {};

	return kstate_register(&foo_kstate_type, key, &f);	/* flagged */
}
