// SPDX-License-Identifier: GPL-2.0
/* expect: KSTATE_DEFINE(cf_unit): an attribute given twice */
#include "common.h"

KSTATE_DEFINE(cf_unit, struct cf_unit,
	      KSTATE_VERSION(2),
	      KSTATE_U64(reg_phys),
	      KSTATE_VERSION(3));
