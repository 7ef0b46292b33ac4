/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vmalloc descriptor of the KHO ABI (include/linux/kho/abi/
 * kexec_handover.h), all that the envelope uses of it: the real header
 * needs more of the kernel than tools/include has. An ABI: its layout
 * does not change.
 */
#ifndef _KSTATE_HOST_KHO_ABI_H
#define _KSTATE_HOST_KHO_ABI_H

#include <linux/mmzone.h>

#define DECLARE_KHOSER_PTR(name, type)	\
	union {				\
		u64 phys;		\
		type ptr;		\
	} name

struct kho_vmalloc_hdr {
	DECLARE_KHOSER_PTR(next, struct kho_vmalloc_chunk *);
};

#define KHO_VMALLOC_SIZE \
	((PAGE_SIZE - sizeof(struct kho_vmalloc_hdr)) / sizeof(u64))

struct kho_vmalloc_chunk {
	struct kho_vmalloc_hdr hdr;
	u64 phys[KHO_VMALLOC_SIZE];
};

struct kho_vmalloc {
	DECLARE_KHOSER_PTR(first, struct kho_vmalloc_chunk *);
	unsigned int total_pages;
	unsigned short flags;
	unsigned short order;
};

#endif
