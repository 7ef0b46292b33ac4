/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal header of the KSTATE codec and engine.
 *
 * The codec and engine include only this header, so that the userspace
 * harness in tools/testing/kstate/ can replace it (same include guard) and
 * build the very same .c files on the host.
 */
#ifndef _KERNEL_KSTATE_INTERNAL_H
#define _KERNEL_KSTATE_INTERNAL_H

#include <linux/crc32.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kho/abi/kstate.h>
#include <linux/kstate.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/rbtree.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/unaligned.h>
#include <linux/xarray.h>

#include "codec.h"

#endif /* _KERNEL_KSTATE_INTERNAL_H */
