#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the libFuzzer targets of tools/testing/kstate/fuzz/ (clang, ASan,
# UBSan, LeakSanitizer) for SECONDS each, from the engine-made seeds, the
# committed regression inputs and the corpus of earlier runs: one case per
# target, failed by any crash, leak, sanitizer report or timeout (the
# input is kept in OUT/crashes/TARGET/), plus one case replaying every
# regression input. make check runs it for 15 s a target; make fuzz for
# as long as FUZZ_TIME says.
#
# Usage: fuzz.sh TREE OUT RESULT_FILE SECONDS

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/overlay/lib.sh"

tree=$(cd "${1:?usage}" && pwd)
out=${2:?usage}
result=${3:?usage}
secs=${4:?usage}
mkdir -p "$out"
out=$(cd "$out" && pwd)
src=$tree/tools/testing/kstate/fuzz
passed=0
failed=0

case_result()
{
	ks_case fuzz "$@"
}

make -s -C "$src" OUT="$out" all >"$out/build.log" 2>&1
rc=$?
case_result "targets and the engine-made seed corpus build (clang $(clang --version |
	sed -n 's/.*version \([0-9.]*\).*/\1/p' | head -n1))" $rc "see $out/build.log"
if [ $rc -ne 0 ]; then
	ks_result "$result" fuzz "$passed" "$failed"
	exit 1
fi

env="ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1"
opts="-timeout=10 -rss_limit_mb=2048 -print_final_stats=1"
for t in blob restore envelope catalog; do
	seeds=$out/seeds/blob
	[ $t = envelope ] && seeds=$out/seeds/envelope
	[ $t = catalog ] && seeds=$out/seeds/catalog
	reg=
	[ -d "$src/regress/$t" ] && reg=$src/regress/$t
	mkdir -p "$out/corpus/$t" "$out/crashes/$t"
	log=$out/fuzz_$t.log
	env $env "$out/fuzz_$t" $opts -max_total_time="$secs" \
		-artifact_prefix="$out/crashes/$t/" "$out/corpus/$t" "$seeds" $reg >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -n1 |
		sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\).*/\1 edges, \2 features/p')
	why=$(grep -m1 -E '^SUMMARY|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)' "$log")
	case_result "fuzz_$t: ${runs:-0} inputs in ${secs} s, ${cov:-no coverage}" $rc \
		"${why:-see $log}; input in $out/crashes/$t/"
done

# the inputs that once failed, replayed
n=0
rc=0
for t in blob restore envelope catalog; do
	[ -d "$src/regress/$t" ] || continue
	for f in "$src/regress/$t"/*; do
		n=$((n + 1))
		env $env "$out/fuzz_$t" $opts "$f" >>"$out/regress.log" 2>&1 || rc=1
	done
done
case_result "$n regression inputs replayed" $rc "see $out/regress.log"

ks_result "$result" fuzz "$passed" "$failed"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
