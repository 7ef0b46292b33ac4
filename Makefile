# SPDX-License-Identifier: GPL-2.0
#
# KSTATE: build and test against a Linux 7.2 tree.
#
#   make demo     the live-update demo in QEMU (kexec with KHO)
#   make check    every test tier; ends with "N passed, N failed"
#   make bench    the userspace benchmark table (tools/testing/kstate/bench)
#   make patches  the upstream patch series against v7.2, in $(B)/patches
#   make fuzz     the libFuzzer targets, FUZZ_TIME seconds each (default 15)
#   make tool     the host tool, scripts/kstate/kstate, in $(B)/tool
#   make catalogs the golden type catalog, from kernel A (after a change of
#                 a type's version, commit the result)
#
# Other targets: deps tree sparse kernel kernel-b userspace kunit vmtest tools
# lint series docs fuzz clean.
# Variables: KSRC=/path/to/linux-7.2 (else the pinned Debian package in
# ../shared/deps, else Debian unstable's linux-source-7.2), B=build dir.

SHELL := /bin/bash

B ?= $(CURDIR)/build
S := $(CURDIR)/overlay
SELFTEST := $(CURDIR)/tools/testing/selftests/kstate
R := $(B)/results
TREE := $(B)/linux
OBJ_A := $(B)/x86-a
OBJ_B := $(B)/x86-b
export KSRC
# ccache hashes paths relative to the build folder: another clone of the
# repository (CI's fresh one) reuses the objects this one compiled
export CCACHE_BASEDIR := $(abspath $(B))
export CCACHE_NOHASHDIR := true

# The tiers of `make check`, in order (each a target below).
CHECK_TIERS := userspace fuzz kunit vmtest tools lint series docs

.PHONY: all demo check deps tree sparse kernel kernel-b userspace kunit vmtest tools tool catalogs lint series patches docs fuzz bench clean

all: kernel

deps:
	@$(S)/deps.sh

tree: deps
	@$(S)/tree.sh $(B) >/dev/null

sparse: deps
	@$(S)/sparse.sh $(B) >/dev/null

# kernel A: generation 1 of the handover test state; kernel B: generation 2
kernel: tree
	@$(S)/kernel.sh $(TREE) $(OBJ_A)

# kernel B differs from A by a few options: its first build starts from a
# copy of A's objects, and kbuild (fixdep) recompiles only what they touch
kernel-b: kernel
	@[ -e $(OBJ_B)/.config ] || { rm -rf $(OBJ_B) && cp -a $(OBJ_A) $(OBJ_B); }
	@$(S)/kernel.sh $(TREE) $(OBJ_B) CONFIG_KSTATE_TEST_GEN=2

# The host harness built with gcc and with clang (each with ASan and UBSan),
# a smoke run of the benchmark (every variant must round-trip the workload)
# and the descriptors that must not compile: all counted in the tier's
# passed/failed.
userspace: tree
	@mkdir -p $(R)
	@set -o pipefail; $(MAKE) --no-print-directory -C $(TREE)/tools/testing/kstate OUT=$(B)/host run \
		| tee $(B)/host.log; \
	rc=$${PIPESTATUS[0]}; \
	$(MAKE) --no-print-directory -C $(TREE)/tools/testing/kstate OUT=$(B)/host run-clang \
		| sed 's/^\(not \)\{0,1\}ok - /&clang: /' | tee $(B)/host-clang.log; \
	[ $${PIPESTATUS[0]} = 0 ] || rc=1; \
	$(MAKE) --no-print-directory -C $(TREE)/tools/testing/kstate/bench OUT=$(B)/bench smoke \
		| tee $(B)/bench-smoke.log; \
	[ $${PIPESTATUS[0]} = 0 ] || rc=1; \
	$(MAKE) --no-print-directory -C $(TREE)/tools/testing/kstate compile-fail \
		| tee $(B)/compile-fail.log; \
	[ $${PIPESTATUS[0]} = 0 ] || rc=1; \
	res() { tail -n1 $$1 | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$$/\1 \2/p'; }; \
	set -- $$(res $(B)/host.log) $$(res $(B)/host-clang.log) $$(res $(B)/bench-smoke.log) \
		$$(res $(B)/compile-fail.log); \
	[ $$# = 8 ] || { rc=1; set -- $${1:-0} $${2:-1} $${3:-0} $${4:-1} $${5:-0} $${6:-1} $${7:-0} $${8:-1}; }; \
	echo "userspace $$(($$1 + $$3 + $$5 + $$7)) $$(($$2 + $$4 + $$6 + $$8)) 0" >$(R)/userspace; exit $$rc

# Full benchmark table: machine, ns/object, MB/s, blob bytes, ratios,
# callgrind instruction counts, the design's targets met or not.
bench: tree
	@mkdir -p $(R)
	@set -o pipefail; $(MAKE) --no-print-directory -C $(TREE)/tools/testing/kstate/bench \
		OUT=$(B)/bench run | tee $(R)/bench.txt

kunit: tree
	@mkdir -p $(R)
	@$(S)/kunit.sh $(TREE) $(B)/uml $(R)/kunit

vmtest: kernel kernel-b
	@mkdir -p $(R)
	@$(SELFTEST)/vmtest.sh $(TREE) $(OBJ_A) $(OBJ_B) $(R)/vmtest

# The host tool's tests, and the golden catalog's guard on kernels A and B
tools: kernel kernel-b
	@mkdir -p $(R)
	@$(S)/tools.sh $(TREE) $(OBJ_A) $(OBJ_B) $(B)/tool $(R)/tools

tool: tree
	@$(MAKE) -s --no-print-directory -C $(TREE)/scripts/kstate OUT=$(B)/tool
	@echo $(B)/tool/kstate

catalogs: kernel
	@$(S)/tools.sh $(TREE) $(OBJ_A) $(OBJ_B) $(B)/tool $(R)/tools --update

lint: kernel sparse
	@mkdir -p $(R)
	@$(S)/lint.sh $(TREE) $(OBJ_A) $(B)/sparse/bin/sparse $(R)/lint

# The upstream patch series in $(B)/patches: made, checkpatch'ed, applied
# with git am to the pristine v7.2 and built step by step
series: kernel
	@mkdir -p $(R)
	@$(S)/series.sh $(CURDIR) $(B) $(R)/series

# (with the benchmark's figures in the cover letter: make bench first)
patches: tree
	@[ -e $(R)/bench.txt ] || $(MAKE) --no-print-directory bench >/dev/null
	@python3 $(S)/series.py $(CURDIR) $$(cat $(TREE)/.kstate-pristine) \
		$(B)/series/linux $(B)/patches $(R)/bench.txt
	@ls $(B)/patches

# libFuzzer targets over the host build: 15 s each in make check, longer
# with make fuzz FUZZ_TIME=SECONDS
FUZZ_TIME ?= 15
fuzz: tree
	@mkdir -p $(R)
	@$(S)/fuzz.sh $(TREE) $(B)/fuzz $(R)/fuzz $(FUZZ_TIME)

# KSTATE's pages built with the kernel's Sphinx setup, restricted to them
docs: tree
	@mkdir -p $(R)
	@$(S)/docs.sh $(TREE) $(B)/docs $(R)/docs

check: deps
	@MAKE="$(MAKE)" $(S)/check.sh $(B) $(CHECK_TIERS)

demo: kernel kernel-b
	@mkdir -p $(R)
	@KSTATE_VM_RUNS=upgrade $(SELFTEST)/vmtest.sh $(TREE) $(OBJ_A) $(OBJ_B) $(R)/demo; \
	rc=$$?; echo; python3 $(SELFTEST)/vmcheck.py $(R)/vm/upgrade summary; exit $$rc

clean:
	rm -rf $(B)/results $(B)/host $(B)/bench $(B)/x86-a $(B)/x86-b $(B)/uml
