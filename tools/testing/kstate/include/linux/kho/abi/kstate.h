/* SPDX-License-Identifier: GPL-2.0 */
/* The real ABI header of the overlay. */
#include "../../../../../../../include/linux/kho/abi/kstate.h"
