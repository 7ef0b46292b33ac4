// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the KHO envelope (a one-page FDT) of the handover, as
 * the next kernel reads it before touching the stream it describes.
 */
#include "fuzz_engine.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct kstate_envelope env;
	struct kho_vmalloc vm;

	if (size > PAGE_SIZE)
		return 0;
	if (!kstate_envelope_parse(data, size, &env))
		(void)kstate_envelope_stream(data, &vm);
	return 0;
}
