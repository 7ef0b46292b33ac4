// SPDX-License-Identifier: GPL-2.0
/* expect: KSTATE: member parent: not a pointer to this type */
#include "common.h"

struct cf_other {
	u16 did;
};

KSTATE_DEFINE(cf_other, struct cf_other,
	      KSTATE_U16(did));

KSTATE_DEFINE(cf_unit, struct cf_unit,
	      KSTATE_U64(reg_phys),
	      KSTATE_PTR(parent, cf_other));
