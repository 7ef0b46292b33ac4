#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The host tool, scripts/kstate/kstate: its tests on the test kernels of
# tools/testing/kstate/tool/ (every subcommand, corrupt inputs, the
# prediction against the engine's restore), then the golden catalogs'
# guard: the in-tree types of kernels A and B against the committed
# catalog, tools/testing/kstate/golden/vmlinux.catalog. A type changed
# without a new version, or gone, fails with the tool's explanation.
#
# Usage: tools.sh TREE OBJ_A OBJ_B OUT RESULT_FILE [--update]

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/overlay/lib.sh"

tree=$(cd "${1:?usage}" && pwd)
obj_a=${2:?usage}
obj_b=${3:?usage}
out=${4:?usage}
result=${5:?usage}
mkdir -p "$out"
golden=$top/tools/testing/kstate/golden/vmlinux.catalog
# KUnit's types (kt_*, and the adopters' other generations) are test data
# that changes at will: the guard is for the types a kernel hands over
only=(-x 'kt_*' -x '*_other')
passed=0
failed=0

if [ "${6:-}" = --update ]; then
	make -s --no-print-directory -C "$tree/scripts/kstate" OUT="$out" ||
		ks_die "the tool does not build"
	"$out/kstate" catalog "${only[@]}" "$obj_a/vmlinux" >"$golden" ||
		ks_die "no catalog in $obj_a/vmlinux"
	ks_log "wrote $golden ($(grep -c '^type' "$golden") types)"
	exit 0
fi

"$tree/tools/testing/kstate/tool/run.sh" "$tree" "$out/test" | tee "$out/test.log"
set -- $(tail -n1 "$out/test.log" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
passed=$((passed + ${1:-0}))
failed=$((failed + ${2:-1}))

k=$out/test/kstate
for gen in a b; do
	obj=$obj_a
	[ $gen = b ] && obj=$obj_b
	"$k" compat "${only[@]}" "$golden" "$obj/vmlinux" >"$out/compat-$gen.log" 2>&1
	rc=$?
	[ $rc = 0 ] || sed 's/^/# /' "$out/compat-$gen.log"
	ks_case tools "golden catalog: kernel ${gen^^}'s types read as the committed ones" \
		$rc "$(tail -n1 "$out/compat-$gen.log")"
done
# the guard guards: the catalog of kernel B's generation of the test state,
# with its versions taken back, is a change without a version bump
"$k" catalog "${only[@]}" "$obj_b/vmlinux" |
	sed 's/^type kgt_\(dev\|domain\) v2 /type kgt_\1 v1 /' >"$out/b-unbumped.catalog"
"$k" compat "$golden" "$out/b-unbumped.catalog" >"$out/compat-unbumped.log" 2>&1
rc=$?
[ $rc = 1 ] && grep -q '^kgt_dev v1: CHANGED WITHOUT A VERSION BUMP' "$out/compat-unbumped.log" &&
	grep -q '^BREAKING: 2 types' "$out/compat-unbumped.log"
ks_case tools "golden catalog: generation 2's types without their version bump are refused" $? \
	"exit $rc: $(tail -n1 "$out/compat-unbumped.log")"

ks_result "$result" tools "$passed" "$failed"
echo "tools: $passed passed, $failed failed"
