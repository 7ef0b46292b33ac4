#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lint KSTATE's kernel sources (never the rest of the tree). Four checks, each
# one test case: checkpatch --strict (sources and the glue series), kernel-doc
# -Wall, a W=1 C=2 build with the real sparse, coccicheck. Any finding fails.
#
# Usage: lint.sh TREE OBJDIR SPARSE RESULT_FILE

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/kstate/lib.sh"

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
	case "$f" in *.c) objs+=("${f%.c}.o") ;; esac
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

run_checkpatch()
{
	local out rc=0

	cd "$tree" || return 1
	out=$(scripts/checkpatch.pl --strict --terse --no-summary --show-types \
		-f "${files[@]}" 2>&1) || rc=1
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

run_coccicheck()
{
	local out

	out=$(make -C "$tree" O="$obj" ARCH=x86_64 CC="$cc" C=2 \
		CHECK=scripts/coccicheck MODE=report "${objs[@]}" 2>&1)
	local rc=$?
	echo "$out"
	[ $rc -eq 0 ] || return 1
	! echo "$out" | grep -E -q '^[^ ]+:[0-9]+(:[0-9]+)?(-[0-9]+)?: '
}

command -v spatch >/dev/null || ks_die "spatch not installed (coccinelle)"
[ -e "$obj/.config" ] || ks_die "$obj is not a configured kernel build directory"

check checkpatch run_checkpatch
check kernel-doc run_kerneldoc
check "W=1 C=2 sparse" run_sparse
check coccicheck run_coccicheck
echo "lint $passed $failed" >"$result"
echo "lint: $passed passed, $failed failed (log: $log)"
[ $failed -eq 0 ]
