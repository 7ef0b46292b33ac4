#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what KSTATE's builds and tests need (DESIGN §7), when missing.
# Run as root on Debian it installs them with apt-get; otherwise it lists
# what is missing and fails.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/overlay/lib.sh"

# ocaml: spatch compiles the OCaml script rules of some .cocci files
# (e.g. check_bq27xxx_data.cocci) with ocamlopt; without it coccicheck fails.
# clang (with its sanitizer runtimes, only recommended by clang-14): the
# host harness also runs under clang's UBSan.
pkgs="gcc clang libclang-rt-14-dev make patch ccache coccinelle ocaml libfdt-dev device-tree-compiler
      qemu-system-x86 flex bison bc libelf-dev libssl-dev rsync cpio python3
      dpkg-dev xz-utils perl git python3-ply python3-git
      python3-sphinx"

missing=()
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
	ks_die "missing packages: ${missing[*]} (install them as root with apt-get)"
fi
ks_log "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -q update >&2
apt-get -q install -y --no-install-recommends "${missing[@]}" >&2
