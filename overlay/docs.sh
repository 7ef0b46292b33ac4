#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build KSTATE's documentation pages with the kernel's Sphinx setup (its
# conf.py and kernel-doc extension), restricted to them: the three pages
# are copied into a scratch SPHINXDIR of the prepared tree, so that
# "make htmldocs" reads nothing else. Any warning or error that names a
# KSTATE page or source file fails; so does a page without the kernel-doc
# content it includes.
#
# Usage: docs.sh TREE OUTDIR RESULT_FILE

set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/overlay/lib.sh"

tree=$(cd "${1:?usage}" && pwd)
out=${2:?usage}
result=${3:?usage}
mkdir -p "$out"
out=$(cd "$out" && pwd)
passed=0
failed=0

case_result()
{
	ks_case docs "$@"
}

pages=$tree/Documentation/kstate-pages
rm -rf "$pages"
mkdir -p "$pages"
cp "$tree/Documentation/core-api/kstate.rst" "$tree/Documentation/core-api/kstate-blob.rst" "$pages/"
cp "$tree/Documentation/admin-guide/kstate.rst" "$pages/kstate-admin.rst"
printf '%s\n' '.. SPDX-License-Identifier: GPL-2.0' '' '======' 'KSTATE' '======' '' \
	'.. toctree::' '   :maxdepth: 2' '' '   kstate' '   kstate-blob' '   kstate-admin' \
	>"$pages/index.rst"

log=$out/htmldocs.log
make -C "$tree" O="$out" htmldocs SPHINXDIRS=kstate-pages >"$log" 2>&1
rc=$?
rm -rf "$pages"
case_result "make htmldocs of the KSTATE pages (Sphinx $(sphinx-build --version 2>/dev/null | cut -d' ' -f2))" \
	$rc "see $log"
warn=$(grep -Ei 'warning|error' "$log" | grep -E 'kstate|Documentation/kstate-pages' | head -n 5)
[ -z "$warn" ]
case_result "no warning or error from KSTATE's pages and sources" $? "$(echo "$warn" | tr '\n' ' ')"
html=$out/Documentation/output/kstate-pages
for p in "kstate kstate_register" "kstate kstate_kexec_save" "kstate-blob kstate_hdr_ser" \
	"kstate-admin What a refusal means"; do
	set -- $p
	page=$1
	shift
	grep -q "$*" "$html/$page.html" 2>/dev/null
	case_result "$page.html has \"$*\"" $?
done

ks_result "$result" docs "$passed" "$failed"
echo "docs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
