/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's libfdt, in its userspace environment. */
#include <libfdt.h>
