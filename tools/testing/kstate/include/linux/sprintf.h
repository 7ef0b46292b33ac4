/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in: snprintf() and friends come from the C library. */
#ifndef _KSTATE_HOST_SPRINTF_H
#define _KSTATE_HOST_SPRINTF_H

#include <stdio.h>

#endif /* _KSTATE_HOST_SPRINTF_H */
