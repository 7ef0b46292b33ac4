#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare the Linux 7.2 work tree that every KSTATE build uses:
#   1. find pristine 7.2 sources: $KSRC, else the pinned Debian package in
#      ../shared/deps (SHA256SUMS verified), else linux-source-7.2 from Debian
#      unstable through a private apt configuration;
#   2. copy them once into $B/linux (the pristine tree is never written);
#   3. apply the glue series in patches/ (re-applied from pristine files when
#      the series changes);
#   4. lay the overlay (our files in kernel layout) over it. Only files whose
#      content changed are rewritten, so kbuild stays incremental.
#
# Usage: tree.sh BUILD_DIR        (prints the work tree path on success)

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/overlay/lib.sh"

B=${1:?usage: tree.sh BUILD_DIR}
mkdir -p "$B"
B=$(cd "$B" && pwd)
shared=${KSTATE_SHARED:-$top/../shared}
work=$B/linux
overlay_roots="kernel include drivers lib Documentation tools scripts/kstate scripts/coccinelle"

is_72_tree()
{
	[ -f "$1/Makefile" ] &&
		grep -q '^VERSION = 7$' "$1/Makefile" &&
		grep -q '^PATCHLEVEL = 2$' "$1/Makefile"
}

pristine_from_deb()
{
	local deb=$1 dest=$B/pristine tarball

	if [ -e "$dest/.done" ] && [ "$(cat "$dest/.done")" = "$(basename "$deb")" ]; then
		echo "$dest/src"
		return
	fi
	ks_log "unpacking $(basename "$deb")"
	rm -rf "$dest"
	mkdir -p "$dest/src"
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dest" --wildcards './usr/src/linux-source-*.tar.xz'
	tarball=$(ls "$dest"/usr/src/linux-source-*.tar.xz)
	tar -xf "$tarball" -C "$dest/src" --strip-components=1
	rm -rf "$dest/usr"
	basename "$deb" >"$dest/.done"
	echo "$dest/src"
}

find_pristine()
{
	local deb

	if [ -n "${KSRC:-}" ]; then
		is_72_tree "$KSRC" || ks_die "KSRC=$KSRC is not a Linux 7.2 source tree"
		(cd "$KSRC" && pwd)
		return
	fi
	deb=$(ls "$shared"/deps/linux-source-7.2_*_all.deb 2>/dev/null | tail -n1 || true)
	if [ -n "$deb" ]; then
		ks_log "using pinned $(basename "$deb")"
		ks_verify_pinned "$deb"
	else
		deb=$(ls "$B"/dl/linux-source-7.2_*_all.deb 2>/dev/null | tail -n1 || true)
		if [ -z "$deb" ]; then
			ks_log "no pinned source: fetching linux-source-7.2 from Debian unstable"
			mkdir -p "$B/dl"
			(cd "$B/dl" && ks_apt_unstable "$B/apt" download linux-source-7.2 >&2) ||
				ks_die "could not download linux-source-7.2 from Debian unstable"
			deb=$(ls "$B"/dl/linux-source-7.2_*_all.deb | tail -n1)
		fi
	fi
	pristine_from_deb "$deb"
}

pristine=$(find_pristine)
is_72_tree "$pristine" || ks_die "$pristine is not a Linux 7.2 tree"

# 2. the work copy
if [ ! -e "$work/.kstate-pristine" ] || [ "$(cat "$work/.kstate-pristine")" != "$pristine" ]; then
	ks_log "copying $pristine to $work"
	rm -rf "$work"
	cp -a --reflink=auto "$pristine" "$work"
	echo "$pristine" >"$work/.kstate-pristine"
	: >"$work/.kstate-patched"
	: >"$work/.kstate-overlay"
fi

restore_from_pristine()
{
	local f=$1

	if [ -e "$pristine/$f" ]; then
		cp -p "$pristine/$f" "$work/$f"
	else
		rm -f "$work/$f"
	fi
}

# 3. the glue series
series_sum=$(cd "$top/patches" && cat series $(grep -v '^#' series) | sha256sum | cut -d' ' -f1)
if [ "$(cat "$work/.kstate-series" 2>/dev/null)" != "$series_sum" ]; then
	while read -r f; do
		[ -n "$f" ] && restore_from_pristine "$f"
	done <"$work/.kstate-patched"
	: >"$work/.kstate-patched"
	rm -f "$work/.kstate-series"
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		ks_log "applying patches/$p"
		sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$top/patches/$p" >>"$work/.kstate-patched"
		patch -p1 -s -N --no-backup-if-mismatch -d "$work" <"$top/patches/$p" ||
			ks_die "patches/$p does not apply to $pristine"
	done <"$top/patches/series"
	echo "$series_sum" >"$work/.kstate-series"
fi

# 4. the overlay
manifest=$(mktemp)
trap 'rm -f "$manifest"' EXIT
(cd "$top" && for r in $overlay_roots; do
	[ -d "$r" ] && find "$r" -path tools/testing/kstate/out -prune -o -type f -print
done | LC_ALL=C sort) >"$manifest"
rsync -rc --files-from="$manifest" "$top/" "$work/"
LC_ALL=C comm -23 <(LC_ALL=C sort "$work/.kstate-overlay") "$manifest" | while read -r f; do
	ks_log "dropping $f from the overlay"
	restore_from_pristine "$f"
done
cp "$manifest" "$work/.kstate-overlay"
echo "$work"
