// SPDX-License-Identifier: GPL-2.0
/* kstate_registered.cocci must flag nothing here */
#include <linux/kstate.h>

static struct foo global;

static int add(u64 key)
{
	struct foo *f = kzalloc(sizeof(*f), GFP_KERNEL);
	int err;

	if (!f)
		return -ENOMEM;
	err = foo_kstate_register(key, f);
	if (err) {
		kfree(f);
		return err;
	}
	foo_kstate_unregister(key);
	kfree(f);
	return kstate_register(&foo_kstate_type, key + 1, &global);
}
