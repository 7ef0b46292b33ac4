/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pages on the host: there is no linear map, so a page is its own address
 * (a struct page pointer is the address of the memory), allocated aligned
 * to its size as the buddy allocator's are.
 */
#ifndef _KSTATE_HOST_MM_H
#define _KSTATE_HOST_MM_H

#include <stdlib.h>
#include <linux/mmzone.h>
#include <linux/slab.h>

struct page;

#ifndef __GFP_COMP
#define __GFP_COMP	0
#endif

#define virt_to_page(addr)	((struct page *)(addr))
#define page_address(page)	((void *)(page))
#define virt_addr_valid(addr)	((addr) != NULL)
#define PAGE_ALIGNED(addr)	IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)

static inline struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return aligned_alloc(PAGE_SIZE << order, PAGE_SIZE << order);
}

static inline void __free_pages(struct page *page, unsigned int order)
{
	free(page);
}

#endif
