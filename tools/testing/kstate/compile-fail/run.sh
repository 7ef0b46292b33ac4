#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compile each case of this folder with $CC and the harness's flags: a case
# whose "expect:" line says OK must compile; any other must fail, with the
# expected text in the compiler's first error. KTAP on stdout, then
# "N passed, N failed".
#
# Usage: run.sh CC [CFLAGS...]
cc=$1
shift
dir=$(dirname "$0")
pass=0 fail=0 n=0
cases=("$dir"/*.c)
echo "KTAP version 1"
echo "1..${#cases[@]}"
for c in "${cases[@]}"; do
	n=$((n + 1))
	name=$(basename "$c" .c)
	expect=$(sed -n 's/^.*expect: \(.*\)$/\1/p' "$c" | head -n1 | sed 's| \*/$||')
	out=$("$cc" "$@" -Werror=incompatible-pointer-types -fsyntax-only \
		"$c" 2>&1)
	rc=$?
	first=$(grep -m1 'error:' <<<"$out")
	if [ "$expect" = OK ]; then
		[ $rc = 0 ] && ok=1 || ok=0
	else
		[ $rc != 0 ] && grep -qF -- "$expect" <<<"$first" && ok=1 || ok=0
	fi
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
		echo "ok $n compile-fail: $name"
	else
		fail=$((fail + 1))
		echo "not ok $n compile-fail: $name"
		echo "# expected: $expect"
		head -n5 <<<"$out" | sed 's/^/# /'
	fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
