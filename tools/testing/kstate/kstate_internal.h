/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host replacement of kernel/kstate/kstate_internal.h: the same include
 * guard, so that the real codec and engine sources, included after this
 * file, build against the host environment instead of kernel headers.
 */
#ifndef _KERNEL_KSTATE_INTERNAL_H
#define _KERNEL_KSTATE_INTERNAL_H

#include "kstate_host.h"
#include <linux/kho/abi/kstate.h>
#include <linux/kstate.h>

#endif /* _KERNEL_KSTATE_INTERNAL_H */
