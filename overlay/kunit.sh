#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run KSTATE's KUnit suites under UML (KASAN and UBSAN on) with kunit.py,
# using kernel/kstate/.kunitconfig.
#
# Usage: kunit.sh TREE OBJDIR RESULT_FILE [kunit.py args...]

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/overlay/lib.sh"

tree=$(cd "${1:?usage}" && pwd)
mkdir -p "${2:?usage}"
obj=$(cd "$2" && pwd)
result=${3:?usage}
shift 3
log=$(dirname "$result")/kunit-uml.log
jobs=${JOBS:-$(($(nproc) + 1))}

(cd "$tree" && python3 tools/testing/kunit/kunit.py run \
	--kunitconfig=kernel/kstate --build_dir="$obj" --jobs="$jobs" \
	--make_options="CC=${KSTATE_CC:-ccache gcc}" "$@") 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
read -r p f s < <(ks_kunit_counts "$log")
[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
ks_result "$result" kunit-uml "$p" "$f" "$s"
echo "kunit (UML): $p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
