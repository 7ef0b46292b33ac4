/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host replacement of kernel/kstate/kstate_internal.h: the same include
 * guard, so that the real codec and engine sources, included after this
 * file, build against tools/include and the stand-ins in include/ instead
 * of kernel headers.
 */
#ifndef _KERNEL_KSTATE_INTERNAL_H
#define _KERNEL_KSTATE_INTERNAL_H

#include "kstate_host.h"
#include <linux/crc32.h>
#include <linux/err.h>
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
#include <linux/string.h>
#include <linux/unaligned.h>
#include <linux/xarray.h>

#include "../../../kernel/kstate/codec.h"

#endif /* _KERNEL_KSTATE_INTERNAL_H */
