/* SPDX-License-Identifier: GPL-2.0 */
#include "../../kstate_host.h"
