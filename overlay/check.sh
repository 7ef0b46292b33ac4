#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: run every test tier, keep going past failures, and end with one
# line "N passed, N failed" summing the cases of all tiers. A tier that dies
# before recording its counts counts as one failure. Each tier's results are
# KTAP: its "ok - name" (or a part's own "ok N name") lines numbered in
# order "ok N name", then its plan "1..N".
#
# Usage: check.sh BUILD_DIR TIER...   (each TIER is a make target)

set -uo pipefail

B=${1:?usage: check.sh BUILD_DIR TIER...}
shift
results=$B/results
rm -rf "$results"
mkdir -p "$results"
start=$(date +%s)
tp=0
tf=0
ts=0

for tier in "$@"; do
	t0=$(date +%s)
	echo "================ $tier"
	echo "KTAP version 1"
	${MAKE:-make} --no-print-directory "$tier" 2>&1 |
		awk '/^KTAP version [0-9]/ || /^1\.\.[0-9]+$/ { next }
		     /^(not )?ok (- |[0-9]+ )/ { n++; sub(/ (- |[0-9]+ )/, " " n " ") }
		     { print; fflush() }
		     END { print "1.." n + 0 }'
	rc=${PIPESTATUS[0]}
	f=$results/$tier
	if [ -r "$f" ]; then
		read -r _ p n s <"$f"
	else
		p=0 n=1 s=0
		echo "not ok - $tier: died before recording results (exit $rc)"
	fi
	[ "$rc" -ne 0 ] && [ "$n" -eq 0 ] && n=1
	echo "$tier: $p passed, $n failed, $s skipped ($(($(date +%s) - t0)) s)" |
		tee -a "$results/summary"
	tp=$((tp + p))
	tf=$((tf + n))
	ts=$((ts + s))
done

echo "================ summary ($(($(date +%s) - start)) s)"
cat "$results/summary"
if [ "$ts" -gt 0 ]; then
	echo "$tp passed, $tf failed, $ts skipped"
else
	echo "$tp passed, $tf failed"
fi
[ "$tf" -eq 0 ]
