/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for guard(mutex)(&lock): unlock when the scope ends. */
#ifndef _KSTATE_HOST_CLEANUP_H
#define _KSTATE_HOST_CLEANUP_H

#include <linux/mutex.h>

static inline void kstate_host_unlock(struct mutex **l)
{
	mutex_unlock(*l);
}

static inline struct mutex *kstate_host_lock(struct mutex *l)
{
	mutex_lock(l);
	return l;
}

#define __KSTATE_HOST_CAT(a, b)	a##b
#define __KSTATE_HOST_ID(a, b)	__KSTATE_HOST_CAT(a, b)
#define kstate_host_guard_mutex(l)					\
	struct mutex *__KSTATE_HOST_ID(__guard_, __LINE__)		\
		__attribute__((cleanup(kstate_host_unlock))) =		\
		kstate_host_lock(l)
#define guard(type)		kstate_host_guard_##type

#endif /* _KSTATE_HOST_CLEANUP_H */
