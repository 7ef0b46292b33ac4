// SPDX-License-Identifier: GPL-2.0
/* expect: KSTATE: member cap: not an integer of this size and sign */
#include "common.h"

KSTATE_DEFINE(cf_unit, struct cf_unit,
	      KSTATE_U64(reg_phys),
	      KSTATE_U32(cap),
	      KSTATE_BOOL(enabled));
