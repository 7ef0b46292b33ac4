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

# the coccinelle rules for code that uses KSTATE, run by make coccicheck:
# each flags exactly the lines of its bad file marked "flagged", and
# nothing in its good one
rules=$top/tools/testing/kstate/cocci
for rule in kstate_result kstate_restore_atomic kstate_registered kstate_undescribed; do
	for kind in bad good; do
		d=$tree/.kstate-cocci-test
		rm -rf "$d"
		mkdir -p "$d"
		cp "$rules/$rule.$kind.c" "$d/"
		make -C "$tree" O="$obj_a" ARCH=x86_64 coccicheck MODE=report \
			COCCI="$tree/scripts/coccinelle/api/$rule.cocci" M="$d" \
			>"$out/cocci-$rule-$kind.log" 2>&1
		rc=$?
		rm -rf "$d"
		got=$(sed -n "s|^\./$rule\.$kind\.c:\([0-9]*\):.*|\1|p" "$out/cocci-$rule-$kind.log" |
			sort -un | tr '\n' ' ')
		want=$(grep -n 'flagged' "$rules/$rule.$kind.c" | grep -v '^2:' | cut -d: -f1 |
			sort -un | tr '\n' ' ')
		[ $rc = 0 ] && [ "$got" = "$want" ]
		ks_case tools "coccicheck $rule: ${kind} file: lines flagged '${want% }'" $? \
			"exit $rc, flagged '${got% }': $(grep -m1 -E 'ERROR|rror' "$out/cocci-$rule-$kind.log")"
	done
done

# the skeleton: what it prints for a structure that needs decisions, and,
# for one that does not, a description that compiles and has every member
sk=$top/scripts/kstate/kstate_skeleton.cocci
src=$rules/skeleton.c
spatch --very-quiet --sp-file "$sk" -D structname=sk_mixed "$src" >"$out/skeleton-mixed.txt" 2>&1
diff -u "$rules/skeleton.expected" "$out/skeleton-mixed.txt" >"$out/skeleton-mixed.diff"
ks_case tools "skeleton: a structure with pointers, a list and a lock gets TODOs and KSTATE_SKIP()" $? \
	"$(head -c 300 "$out/skeleton-mixed.diff" | tr '\n' ' ')"
{
	cat "$src"
	spatch --very-quiet --sp-file "$sk" -D structname=sk_plain "$src"
	printf '%s\n' 'int main(void)' '{' \
		'	const struct kstate_type *t = &sk_plain_kstate_type;' \
		'	return !(t->nr_fields == 15 && t->version == 1 &&' \
		'		 !strcmp(t->fields[0].name, "base") &&' \
		'		 !strcmp(t->fields[14].name, "two") && t->fields[6].bf_set);' '}'
} >"$out/skeleton-plain.c"
cc -std=gnu11 -Wall -Wno-unused-function -I"$tree/tools/testing/kstate/include" \
	-I"$tree/tools/include" -I"$tree/tools/testing/kstate" -D_GNU_SOURCE -o "$out/skeleton-plain" \
	"$out/skeleton-plain.c" >"$out/skeleton-plain.log" 2>&1 && "$out/skeleton-plain"
ks_case tools "skeleton: a structure of plain members gets a description that compiles, all 15 members" $? \
	"$(head -c 300 "$out/skeleton-plain.log" | tr '\n' ' ')"

ks_result "$result" tools "$passed" "$failed"
echo "tools: $passed passed, $failed failed"
[ "$failed" = 0 ]
