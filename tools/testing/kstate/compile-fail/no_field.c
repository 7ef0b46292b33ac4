// SPDX-License-Identifier: GPL-2.0
/* expect: KSTATE_DEFINE(cf_unit): no field */
#include "common.h"

KSTATE_DEFINE(cf_unit, struct cf_unit,
	      KSTATE_VERSION(2));
