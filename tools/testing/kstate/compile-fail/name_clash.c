// SPDX-License-Identifier: GPL-2.0
/*
 * expect: OK
 * Type objects live in their own namespace: a type named like an API
 * function does not collide with it.
 */
#include "common.h"

struct save { u32 x; };

KSTATE_DECLARE(save, struct save);
KSTATE_DEFINE(save, struct save,
	      KSTATE_U32(x));

int cf_call(struct save *s)
{
	void *blob;
	size_t size;

	return save_kstate_register(1, s) ?: kstate_save(&blob, &size);
}
