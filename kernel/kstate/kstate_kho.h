/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KSTATE: what the KHO backend shares with the debugfs interface.
 */
#ifndef _KERNEL_KSTATE_KHO_H
#define _KERNEL_KSTATE_KHO_H

#include <linux/types.h>

/**
 * struct kstate_kho_stats - figures of the last handover, both sides
 * @save_ns: time of the last successful save in this kernel.
 * @out_bytes: size of the stream it handed over.
 * @out_objects: objects in it.
 * @out_types: types in it.
 * @prev_save_ns: time the previous kernel's save took.
 * @in_bytes: size of the stream that arrived.
 * @open_ns: time taken to check and index it.
 * @in_err: 0, or why it was refused.
 */
struct kstate_kho_stats {
	u64 save_ns;
	size_t out_bytes;
	u32 out_objects;
	u32 out_types;
	u64 prev_save_ns;
	u64 in_bytes;
	u64 open_ns;
	int in_err;
};

extern struct kstate_kho_stats kstate_kho_stats;
/* test hook: the next kexec save fails with -ENOMEM after the blob is made */
extern bool kstate_kho_fail_next_save;

#endif /* _KERNEL_KSTATE_KHO_H */
