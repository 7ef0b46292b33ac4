/* SPDX-License-Identifier: GPL-2.0 */
/* x86_64's page size and largest page order. */
#ifndef _KSTATE_HOST_MMZONE_H
#define _KSTATE_HOST_MMZONE_H

#ifndef PAGE_SHIFT
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#endif
#define MAX_PAGE_ORDER	10

#endif
