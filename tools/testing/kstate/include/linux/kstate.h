/* SPDX-License-Identifier: GPL-2.0 */
/* The real API header of the overlay. */
#include "../../../../../include/linux/kstate.h"
