// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: blob validation and the text dump of any input, as
 * kstate_blob_check() and the debugfs/host-tool dump see a blob from
 * another kernel.
 */
#include "fuzz_engine.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	char *text = NULL;
	size_t len = 0;

	if (!kstate_blob_check(data, size)) {
		if (!kstate_blob_to_text(data, size, &text, &len) && text)
			kvfree(text);
		(void)kstate_blob_crc(data, size);
	}
	return 0;
}
