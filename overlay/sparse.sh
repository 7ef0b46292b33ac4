#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build sparse >= 0.6.5 (Debian bookworm's 0.6.4 makes kbuild print "C=2
# specified, but sparse is not available" on 7.2 and check nothing) from the
# pinned Debian source package in ../shared/deps, or from Debian unstable's
# source package through a private apt configuration.
#
# Usage: sparse.sh BUILD_DIR     (prints the path of the sparse binary)

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/overlay/lib.sh"

B=${1:?usage: sparse.sh BUILD_DIR}
mkdir -p "$B"
B=$(cd "$B" && pwd)
shared=${KSTATE_SHARED:-$top/../shared}
dest=$B/sparse

if [ -x "$dest/bin/sparse" ]; then
	echo "$dest/bin/sparse"
	exit 0
fi

rm -rf "$dest"
mkdir -p "$dest/pkg"
dsc=$(ls "$shared"/deps/sparse_*.dsc 2>/dev/null | tail -n1 || true)
if [ -n "$dsc" ]; then
	ks_log "building sparse from pinned $(basename "$dsc")"
	for f in "$shared"/deps/sparse_*; do
		ks_verify_pinned "$f"
		cp "$f" "$dest/pkg/"
	done
else
	ks_log "no pinned sparse: fetching its source package from Debian unstable"
	(cd "$dest/pkg" && ks_apt_unstable "$B/apt" source --download-only sparse >&2) ||
		ks_die "could not download the sparse source package"
fi
dsc=$(ls "$dest"/pkg/sparse_*.dsc | tail -n1)
dpkg-source --no-check -x "$dsc" "$dest/src" >&2
# Debian's packaging pins its own compiler name; build with the host gcc.
make -s -C "$dest/src" -j"$(nproc)" CC=gcc PREFIX="$dest" sparse >&2
mkdir -p "$dest/bin"
cp "$dest/src/sparse" "$dest/bin/sparse"
ks_log "built sparse from $(basename "$dsc")"
echo "$dest/bin/sparse"
