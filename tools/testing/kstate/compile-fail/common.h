/* SPDX-License-Identifier: GPL-2.0 */
/* What every compile-fail case describes. */
#include "../kstate_host.h"
#include <linux/kstate.h>

struct cf_domain {
	u16 did;
};

struct cf_unit {
	u64 reg_phys;
	u16 cap;
	bool enabled;
	struct cf_domain *parent;
};
