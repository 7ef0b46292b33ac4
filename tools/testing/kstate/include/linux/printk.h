/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in: messages go to stderr when the harness runs with -v. */
#ifndef _KSTATE_HOST_PRINTK_H
#define _KSTATE_HOST_PRINTK_H

#include <stdio.h>

extern int kstate_host_quiet;

#define pr_err(fmt, ...) do {						\
	if (!kstate_host_quiet)						\
		fprintf(stderr, "kstate: " fmt, ##__VA_ARGS__);	\
} while (0)
#define pr_warn pr_err
#define pr_info pr_err

#endif /* _KSTATE_HOST_PRINTK_H */
