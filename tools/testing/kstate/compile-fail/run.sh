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
# Two generated cases: 256 fields and attributes compile, 257 do not.
gen=$(mktemp -d)
trap 'rm -rf "$gen"' EXIT
wide()	# NAME NFIELDS EXPECT
{
	local i
	{
		echo "/* expect: $3 */"
		echo "#include \"$(cd "$dir" && pwd)/common.h\""
		echo "struct cf_wide {"
		for ((i = 0; i < 257; i++)); do echo "	u32 f$i;"; done
		echo "};"
		echo "KSTATE_DEFINE(cf_wide, struct cf_wide, KSTATE_VERSION(2)"
		for ((i = 0; i < $2; i++)); do echo ", KSTATE_U32(f$i)"; done
		echo ");"
	} >"$gen/$1.c"
}
wide max_fields 255 OK
wide too_many_fields 256 "KSTATE_DEFINE: more than 256 fields and attributes"
cases=("$dir"/*.c "$gen"/*.c)
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
