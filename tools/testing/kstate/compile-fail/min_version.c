// SPDX-License-Identifier: GPL-2.0
/* expect: KSTATE_DEFINE(cf_unit): need 1 <= min_version <= version */
#include "common.h"

KSTATE_DEFINE(cf_unit, struct cf_unit,
	      KSTATE_VERSION(2), KSTATE_MIN_VERSION(3),
	      KSTATE_U64(reg_phys));
