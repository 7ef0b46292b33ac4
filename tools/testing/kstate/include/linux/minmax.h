/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSTATE_HOST_MINMAX_H
#define _KSTATE_HOST_MINMAX_H
#include <linux/kernel.h>
#ifndef max3
#define max3(x, y, z) max(max(x, y), z)
#endif
#endif
