#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Configure and build the x86_64 kernel of the KSTATE QEMU tests.
#
# Usage: kernel.sh TREE OBJDIR [EXTRA_CONFIG_LINE...]
# Builds OBJDIR/arch/x86/boot/bzImage and installs UAPI headers into
# OBJDIR/usr-headers. The configuration is tools/testing/selftests/kstate/config
# plus the extra lines; every requested option is verified after olddefconfig.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/overlay/lib.sh"

tree=${1:?usage: kernel.sh TREE OBJDIR [CONFIG...]}
obj=${2:?usage: kernel.sh TREE OBJDIR [CONFIG...]}
shift 2
jobs=${JOBS:-$(($(nproc) + 1))}
cc=${KSTATE_CC:-ccache gcc}
mkdir -p "$obj"
tree=$(cd "$tree" && pwd)
obj=$(cd "$obj" && pwd)

frag=$obj/kstate.config
# the extra lines override the file's settings of the same options
{
	grep -v '^#' "$top/tools/testing/selftests/kstate/config" |
		grep -v -F -f <(for l in "$@"; do echo "${l%%=*}="; done; echo '#')
	for l in "$@"; do echo "$l"; done
} >"$frag.new"
if ! cmp -s "$frag.new" "$frag" || [ ! -e "$obj/.config" ]; then
	cp "$frag.new" "$obj/.config"
	make -s -C "$tree" O="$obj" ARCH=x86_64 CC="$cc" olddefconfig
	while read -r opt; do
		[ -n "$opt" ] || continue
		grep -qx -- "$opt" "$obj/.config" ||
			ks_die "kernel config: $opt did not survive olddefconfig (missing dependency?)"
	done <"$frag.new"
	mv "$frag.new" "$frag"
else
	rm -f "$frag.new"
fi

ks_log "building x86_64 kernel in $obj (-j$jobs)"
# progress: one line per 500 build steps; warnings and errors as they come
make -C "$tree" O="$obj" ARCH=x86_64 CC="$cc" -j"$jobs" bzImage 2>&1 |
	awk '/^  [A-Z0-9_]+ / { if (++n % 500 == 0) printf "[kstate]   ... %d build steps\n", n; fflush(); next }
	     /^make\[[0-9]+\]: (Entering|Leaving)/ { next }
	     { print; fflush() }'
make -s -C "$tree" O="$obj" ARCH=x86_64 headers_install INSTALL_HDR_PATH="$obj/usr-headers" >/dev/null
