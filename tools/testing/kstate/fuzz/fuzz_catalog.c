// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the host tool's decoders (scripts/kstate/kstate) on
 * any input: a kernel image's catalog section (ELF: section headers,
 * symbols, relocations, records) or a catalog's text, then what check
 * does with it: the descriptors rebuilt and checked, a blob made of them,
 * opened, and every type's plan built against itself.
 */
#define KSTATE_TOOL_LIBRARY
#include "../../../../scripts/kstate/kstate.c"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct catalog c = {};
	struct kstate_in *in;
	unsigned int i, t;
	size_t bsize;
	void *blob;
	char *p = malloc(size + 1);
	int err;

	if (!p)
		return 0;
	memcpy(p, data, size);
	p[size] = 0;
	tool_quiet = true;
	if (input_kind((u8 *)p, size) == IN_ELF)
		err = catalog_read_elf(&c, "fuzz", (u8 *)p, size);
	else
		err = catalog_read_text(&c, "fuzz", p);
	if (!err)
		err = catalog_resolve(&c, "fuzz");
	if (!err && !catalog_blob(&c, "fuzz", &blob, &bsize)) {
		in = kstate_in_open(blob, bsize);
		for (t = 0; !IS_ERR(in) && t < in->b.nr_types; t++)
			for (i = 0; i < c.nr; i++)
				/* as check does: a bad type has no plan */
				if (!c.types[i]->bad &&
				    !strcmp(c.types[i]->t.name,
					    kstate_blob_str(&in->b,
							    le32_to_cpu(in->b.types[t].name))))
					kstate_plan_get(in, t, &c.types[i]->t);
		if (!IS_ERR(in))
			kstate_in_close(in);
		free(blob);
	}
	catalog_free(&c);
	free(p);
	return 0;
}
