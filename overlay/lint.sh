#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lint KSTATE's kernel sources (never the rest of the tree). Four checks, each
# one test case: checkpatch --strict (sources and the glue series), kernel-doc
# -Wall, a W=1 C=2 build with the real sparse, coccicheck. Any finding fails.
#
# Usage: lint.sh TREE OBJDIR SPARSE RESULT_FILE

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/overlay/lib.sh"

tree=${1:?usage}
obj=${2:?usage}
sparse=${3:?usage}
result=${4:?usage}
cc=${KSTATE_CC:-ccache gcc}
log=$(dirname "$result")/lint.log
tree=$(cd "$tree" && pwd)
obj=$(cd "$obj" && pwd)
passed=0
failed=0
: >"$log"

# Our kernel sources, relative to the tree: the overlay's C files outside
# tools/ (host code has its own conventions and its own build).
mapfile -t files < <(cd "$top" && find kernel include drivers lib -type f \
	\( -name '*.c' -o -name '*.h' \) 2>/dev/null | LC_ALL=C sort)
objs=()
for f in "${files[@]}"; do
	# a file #included by another of its directory (a KUnit file, a part
	# of a driver's adopter) is built with it
	case "$f" in *.c) ;; *) continue ;; esac
	grep -q -F "#include \"$(basename "$f")\"" "$top/$(dirname "$f")"/*.c && continue
	objs+=("${f%.c}.o")
done

check()
{
	local name=$1 out
	shift

	out=$("$@" 2>&1)
	local rc=$?
	{ echo "=== $name"; echo "$out"; } >>"$log"
	if [ $rc -eq 0 ]; then
		echo "ok - lint: $name"
		passed=$((passed + 1))
	else
		echo "not ok - lint: $name"
		echo "$out" | grep -v '^[[:space:]]*$' | head -n 40 | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

# include/linux/kstate.h is checked with every checkpatch type but two, and
# only for the descriptor machinery: its slot macros expand to declarations
# and initializer lists, which cannot be parenthesized (COMPLEX_MACRO), and
# they name the structure's object, a member or the versions more than once
# inside typeof()/sizeof()/address arithmetic that is never evaluated
# (MACRO_ARG_REUSE, a --strict CHECK the kernel's own container_of() gets).
KSTATE_H_EXCEPTIONS=MACRO_ARG_REUSE,COMPLEX_MACRO

run_checkpatch()
{
	local out rc=0 f others=()

	cd "$tree" || return 1
	for f in "${files[@]}"; do
		case "$f" in
		include/linux/kstate.h | drivers/pci/kstate*.c) ;;
		*) others+=("$f") ;;
		esac
	done
	# the PCI core's own member names (pci_sriov.num_VFs), not ours
	out=$(scripts/checkpatch.pl --strict --terse --no-summary --show-types \
		--ignore CAMELCASE -f drivers/pci/kstate.c drivers/pci/kstate_kunit.c \
		2>&1) || rc=1
	out+=$(scripts/checkpatch.pl --strict --terse --no-summary --show-types \
		-f "${others[@]}" 2>&1) || rc=1
	out+=$(scripts/checkpatch.pl --strict --terse --no-summary --show-types \
		--ignore "$KSTATE_H_EXCEPTIONS" -f include/linux/kstate.h 2>&1) || rc=1
	out+=$(scripts/checkpatch.pl --strict --terse --no-summary --show-types \
		"$top"/patches/*.patch 2>&1) || rc=1
	echo "$out"
	return $rc
}

run_kerneldoc()
{
	local out

	cd "$tree" || return 1
	out=$(scripts/kernel-doc -none -Wall "${files[@]}" 2>&1)
	echo "$out"
	[ -z "$out" ]
}

# A W=1 C=2 build of our objects only; any compiler or sparse message fails.
run_sparse()
{
	local out

	out=$(make -C "$tree" O="$obj" ARCH=x86_64 CC="$cc" W=1 C=2 \
		CHECK="$sparse" "${objs[@]}" 2>&1)
	local rc=$?
	echo "$out"
	[ $rc -eq 0 ] || return 1
	if echo "$out" | grep -q 'is not available'; then
		echo "sparse was not run: kbuild rejected $sparse"
		return 1
	fi
	! echo "$out" | grep -E -q 'warning:|error:'
}

# coccicheck (7.2 refuses it as a C=2 checker) runs on a directory: one
# scratch directory holding a copy of our files only, in their folders (a
# directory such as lib/ holds far more than ours). Reports name files
# relative to it (./kernel/kstate/blob.c:12:3-8: ...).
run_coccicheck()
{
	local out copy=$tree/.kstate-cocci rc=0 srcs

	# the sources and their local headers (include/ is reached from them)
	mapfile -t srcs < <(printf '%s\n' "${files[@]}" | grep -v '^include/')
	rm -rf "$copy"
	mkdir -p "$copy"
	(cd "$tree" && cp --parents -t "$copy" "${srcs[@]}")
	[ "$(find "$copy" -type f | wc -l)" -eq "${#srcs[@]}" ] ||
		{ echo "our files were not all copied"; return 1; }
	out=$(make -C "$tree" O="$obj" ARCH=x86_64 coccicheck MODE=report \
		M="$copy" 2>&1) || rc=1
	echo "$out" | grep -E '^\./[^ ]+:[0-9]' && rc=1
	rm -rf "$copy"
	echo "$out"
	return $rc
}

command -v spatch >/dev/null || ks_die "spatch not installed (coccinelle)"
[ -e "$obj/.config" ] || ks_die "$obj is not a configured kernel build directory"

check checkpatch run_checkpatch
check kernel-doc run_kerneldoc
check "W=1 C=2 sparse" run_sparse
check coccicheck run_coccicheck
ks_result "$result" lint "$passed" "$failed"
echo "lint: $passed passed, $failed failed (log: $log)"
[ $failed -eq 0 ]
