/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in: messages go to stderr when the harness runs with -v, or
 * to kstate_host_log() where a program defines it (the kstate tool keeps
 * them as the reasons of its verdicts).
 */
#ifndef _KSTATE_HOST_PRINTK_H
#define _KSTATE_HOST_PRINTK_H

#include <stdio.h>

extern int kstate_host_quiet;
extern void (*kstate_host_log)(const char *fmt, ...) __attribute__((weak));

#define pr_err(fmt, ...) do {						\
	if (&kstate_host_log && kstate_host_log)			\
		kstate_host_log("kstate: " fmt, ##__VA_ARGS__);		\
	else if (!kstate_host_quiet)					\
		fprintf(stderr, "kstate: " fmt, ##__VA_ARGS__);	\
} while (0)
#define pr_warn pr_err
#define pr_info pr_err

#endif /* _KSTATE_HOST_PRINTK_H */
