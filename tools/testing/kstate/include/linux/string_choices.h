/* SPDX-License-Identifier: GPL-2.0 */
/* The part of the kernel's <linux/string_choices.h> the KSTATE code uses. */
#ifndef _KSTATE_HOST_STRING_CHOICES_H
#define _KSTATE_HOST_STRING_CHOICES_H

#include <stdbool.h>

static inline const char *str_true_false(bool v)
{
	return v ? "true" : "false";
}

#endif /* _KSTATE_HOST_STRING_CHOICES_H */
