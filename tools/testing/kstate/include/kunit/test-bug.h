/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in: the test the harness is running, or NULL. */
#ifndef _KUNIT_TEST_BUG_H
#define _KUNIT_TEST_BUG_H

struct kunit;
extern struct kunit *kstate_host_current_test;

static inline struct kunit *kunit_get_current_test(void)
{
	return kstate_host_current_test;
}

#endif /* _KUNIT_TEST_BUG_H */
