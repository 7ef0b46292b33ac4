#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The upstream patch series as a test tier: make it (series.py), run
# checkpatch --strict on every patch, apply it with git am to the pristine
# v7.2 it was made against, and build every step (x86_64, the QEMU tests'
# configuration, vmlinux). The steps are built last to first in one object
# directory: the last step is the tree the other tiers build, so ccache
# already holds its objects, and each earlier step recompiles only what
# differs (kbuild's dependency tracking, configuration included).
#
# Usage: series.sh TOP BUILD_DIR RESULT_FILE [--no-build]

set -uo pipefail

top=$(cd "${1:?usage}" && pwd)
b=$(cd "${2:?usage}" && pwd)
result=${3:?usage}
build=${4:-}
. "$top/overlay/lib.sh"

cc=${KSTATE_CC:-ccache gcc}
jobs=${JOBS:-$(($(nproc) + 1))}
git=$b/series/linux
out=$b/patches
obj=$b/series/x86
passed=0
failed=0

case_result()
{
	ks_case series "$@"
}

pristine=$(cat "$b/linux/.kstate-pristine" 2>/dev/null) ||
	ks_die "no prepared tree in $b/linux: run make tree first"

bench=
[ -r "$b/results/bench.txt" ] && bench=$b/results/bench.txt
commits=$(python3 "$top/overlay/series.py" "$top" "$pristine" "$git" "$out" $bench)
rc=$?
case_result "the series is made from the overlay and the glue, every piece in one patch" $rc
[ $rc -eq 0 ] || { ks_result "$result" series "$passed" "$failed"; exit 1; }
n=$(echo "$commits" | wc -l)
echo "$commits" | sed 's/^/    /'

# checkpatch, with the exceptions the lint tier documents: the descriptor
# macros of kstate.h (initializer lists, arguments named in typeof() and
# sizeof()) and the PCI core's own member names (pci_sriov.num_VFs)
for p in "$out"/0*.patch; do
	case $p in */0000-cover-letter.patch) continue ;; esac
	ign=
	grep -q '^+++ b/include/linux/kstate.h' "$p" && ign=MACRO_ARG_REUSE,COMPLEX_MACRO
	grep -q '^+++ b/drivers/pci/kstate_pci_dev.h' "$p" && ign=CAMELCASE
	# scripts/spdxcheck.py needs python3-ply and python3-git: Debian's python3
	res=$(cd "$git" && PATH=/usr/bin:$PATH scripts/checkpatch.pl --strict --terse --no-summary --show-types \
		${ign:+--ignore $ign} "$p" 2>&1)
	rc=$?
	[ -z "$res" ] || rc=1
	case_result "checkpatch --strict $(basename "$p")${ign:+ (but $ign)}" $rc \
		"$(echo "$res" | head -n 3 | tr '\n' ' ')"
done

# git am on the pristine v7.2 gives the same tree
mapfile -t mails < <(ls "$out"/0*.patch | grep -v /0000-cover-letter.patch)
(cd "$git" && git checkout -q -f -B am v7.2 && git am -q "${mails[@]}" &&
	[ "$(git rev-parse 'am^{tree}')" = "$(git rev-parse 'series^{tree}')" ]) >/dev/null 2>&1
rc=$?
(cd "$git" && git am --abort >/dev/null 2>&1)
case_result "git am applies the $n patches to v7.2, giving the series' tree" $rc

if [ "$build" != --no-build ]; then
	mkdir -p "$obj"
	frag=$(grep -v '^#' "$top/tools/testing/selftests/kstate/config")
	k=$n
	for c in $(echo "$commits" | cut -d' ' -f1 | tac); do
		subj=$(echo "$commits" | sed -n "${k}p" | cut -d' ' -f2-)
		ks_log "series: building step $k/$n ($subj)"
		log=$b/series/build-$k.log
		(cd "$git" && git checkout -q -f "$c") &&
			echo "$frag" >"$obj/.config" &&
			make -s -C "$git" O="$obj" ARCH=x86_64 CC="$cc" olddefconfig >"$log" 2>&1 &&
			make -C "$git" O="$obj" ARCH=x86_64 CC="$cc" -j"$jobs" vmlinux >>"$log" 2>&1
		rc=$?
		warn=$(grep -E '(warning|error):' "$log" | head -n 3 | tr '\n' ' ')
		[ -z "$warn" ] || rc=1
		case_result "step $k/$n builds (x86_64 vmlinux): $subj" $rc \
			"${warn:-see $log}"
		k=$((k - 1))
	done
	(cd "$git" && git checkout -q -f series)
fi

ks_result "$result" series "$passed" "$failed"
echo "series: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
