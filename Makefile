# SPDX-License-Identifier: GPL-2.0
#
# KSTATE: build and test against a Linux 7.2 tree.
#
#   make demo     the live-update demo in QEMU (kexec with KHO)
#   make check    every test tier; ends with "N passed, N failed"
#
# Other targets: deps tree sparse kernel userspace kunit vmtest lint clean.
# Variables: KSRC=/path/to/linux-7.2 (else the pinned Debian package in
# ../shared/deps, else Debian unstable's linux-source-7.2), B=build dir.

SHELL := /bin/bash

B ?= $(CURDIR)/build
S := $(CURDIR)/scripts/kstate
R := $(B)/results
TREE := $(B)/linux
OBJ_A := $(B)/x86-a
export KSRC

# The tiers of `make check`, in order (each a target below).
CHECK_TIERS := userspace kunit vmtest lint

.PHONY: all demo check deps tree sparse kernel userspace kunit vmtest lint clean

all: kernel

deps:
	@$(S)/deps.sh

tree: deps
	@$(S)/tree.sh $(B) >/dev/null

sparse: deps
	@$(S)/sparse.sh $(B) >/dev/null

kernel: tree
	@$(S)/kernel.sh $(TREE) $(OBJ_A)

userspace: tree
	@mkdir -p $(R)
	@set -o pipefail; $(MAKE) --no-print-directory -C $(TREE)/tools/testing/kstate OUT=$(B)/host run \
		| tee $(B)/host.log; \
	rc=$${PIPESTATUS[0]}; \
	set -- $$(tail -n1 $(B)/host.log | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$$/\1 \2/p'); \
	echo "userspace $${1:-0} $${2:-1} 0" >$(R)/userspace; exit $$rc

kunit: tree
	@mkdir -p $(R)
	@$(S)/kunit.sh $(TREE) $(B)/uml $(R)/kunit

vmtest: kernel
	@mkdir -p $(R)
	@$(S)/vmtest.sh $(TREE) $(OBJ_A) $(OBJ_A) $(R)/vmtest

lint: kernel sparse
	@mkdir -p $(R)
	@$(S)/lint.sh $(TREE) $(OBJ_A) $(B)/sparse/bin/sparse $(R)/lint

check: deps
	@MAKE="$(MAKE)" $(S)/check.sh $(B) $(CHECK_TIERS)

demo: kernel
	@mkdir -p $(R)
	@$(S)/vmtest.sh $(TREE) $(OBJ_A) $(OBJ_A) $(R)/demo; \
	rc=$$?; \
	echo; echo "== what kernel B received through KHO:"; \
	grep 'KSTATE-VM: entry' $(R)/vm/b.log | sed 's/^.*KSTATE-VM: entry /   /'; \
	exit $$rc

clean:
	rm -rf $(B)/results $(B)/host $(B)/x86-a $(B)/uml
