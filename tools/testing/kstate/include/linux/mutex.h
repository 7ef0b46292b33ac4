/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in: a kernel mutex is a pthread mutex. */
#ifndef _KSTATE_HOST_MUTEX_H
#define _KSTATE_HOST_MUTEX_H

#include <pthread.h>

struct mutex {
	pthread_mutex_t m;
};

#define DEFINE_MUTEX(name) struct mutex name = { PTHREAD_MUTEX_INITIALIZER }
#define mutex_lock(l)		pthread_mutex_lock(&(l)->m)
#define mutex_unlock(l)		pthread_mutex_unlock(&(l)->m)
#define lockdep_assert_held(l)	((void)(l))

#endif /* _KSTATE_HOST_MUTEX_H */
