/* SPDX-License-Identifier: GPL-2.0 */
/* PFN_UP, without tools/include's mm.h and its 32-bit phys_addr_t. */
#ifndef _KSTATE_HOST_PFN_H
#define _KSTATE_HOST_PFN_H

#include <linux/mmzone.h>

#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)

#endif
