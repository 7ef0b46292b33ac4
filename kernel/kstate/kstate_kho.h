/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KSTATE: what the KHO backend shares with its envelope and the debugfs
 * interface.
 */
#ifndef _KERNEL_KSTATE_KHO_H
#define _KERNEL_KSTATE_KHO_H

#include <linux/kho/abi/kexec_handover.h>
#include <linux/limits.h>
#include <linux/types.h>

#define KSTATE_ENVELOPE_COMPAT	"kstate-v1"

/*
 * No stream is bigger: the blob is built with kvrealloc(), which refuses
 * more than INT_MAX bytes. Bounds what an envelope makes the next kernel
 * allocate and walk.
 */
#define KSTATE_ENVELOPE_MAX_STREAM	((u64)INT_MAX)

/**
 * struct kstate_envelope - what the handover envelope says (envelope.c)
 * @stream: the struct kho_vmalloc of the stream.
 * @size: bytes of the stream.
 * @save_ns: time the save took in the old kernel; 0 if not said.
 * @crc: CRC32C of the whole stream.
 */
struct kstate_envelope {
	struct kho_vmalloc stream;
	u64 size;
	u64 save_ns;
	u32 crc;
};

int kstate_envelope_check_stream(const struct kho_vmalloc *vm, u64 min_bytes,
				 u64 max_bytes);
bool kstate_envelope_stream(const void *fdt, struct kho_vmalloc *vm);
int kstate_envelope_parse(const void *fdt, size_t fdt_size,
			  struct kstate_envelope *env);
int kstate_envelope_build(void *fdt, int fdt_size,
			  const struct kstate_envelope *env);

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
extern u32 kstate_kho_corrupt_next_save;
struct fault_attr;
extern struct fault_attr kstate_fail_kho;
int kstate_kho_save_test(void);

#endif /* _KERNEL_KSTATE_KHO_H */
