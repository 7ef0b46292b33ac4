// SPDX-License-Identifier: GPL-2.0
/* expect: incompatible pointer type */
#include "common.h"

KSTATE_DECLARE(cf_unit, struct cf_unit);

int cf_save_domain(struct cf_domain *d)
{
	return cf_unit_kstate_register(1, d);
}
