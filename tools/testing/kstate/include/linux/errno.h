/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in: the C library's errno values are Linux's. */
#ifndef _KSTATE_HOST_ERRNO_H
#define _KSTATE_HOST_ERRNO_H

#include <errno.h>

#endif /* _KSTATE_HOST_ERRNO_H */
