// SPDX-License-Identifier: GPL-2.0
/*
 * expect: OK
 * Macros of the including file with common names (comedi.h has VERSION,
 * emu10k1.h has PTR) do not reach KSTATE_DEFINE()'s machinery.
 */
#include "common.h"

#define VERSION	3
#define PTR	4
#define INT	5
#define NAME	6
#define OPS	7
#define F	8
#define A	9
#define STRUCT	10
#define LIST	11

KSTATE_DEFINE(cf_domain, struct cf_domain,
	      KSTATE_VERSION(2),
	      KSTATE_U16(did));

KSTATE_DEFINE(cf_unit, struct cf_unit,
	      KSTATE_NAME("cf unit"),
	      KSTATE_U64(reg_phys),
	      KSTATE_U16(cap),
	      KSTATE_BOOL(enabled),
	      KSTATE_PTR(parent, cf_domain));
