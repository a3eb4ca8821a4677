#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# boot/u-boot/build.sh BOARD: build U-Boot for QEMU from Debian's U-Boot
# source with Meridian's patches, once, and print the image's path.
#
#   vexpress-a15  vexpress_ca9x4 board code on the Cortex-A15 extended
#                 memory map (0001 patch + meridian_vexpress_ca15_defconfig);
#                 an ELF that QEMU starts with -kernel.
#   virt-64bit    qemu_arm with CONFIG_PHYS_64BIT (0002 patch), for RAM past
#                 4 GiB, which Debian's prebuilt qemu_arm cannot size;
#                 a raw image that QEMU starts with -bios.
#
# Results are cached under $MERIDIAN_CACHE (default ~/.cache/meridian),
# keyed by the Debian source version and the contents of this folder, so
# a change to a patch rebuilds and nothing else does.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Outside the tree, so that every clone on the machine shares one build;
# in the tree's build/ when there is no home directory.
if [ -n "${MERIDIAN_CACHE:-}" ]; then
	CACHE=$MERIDIAN_CACHE/u-boot
elif [ -n "${HOME:-}" ] && [ -d "$HOME" ]; then
	CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/meridian/u-boot
else
	CACHE=$HERE/../../build/cache/u-boot
fi
CROSS=arm-none-eabi-

die() { echo "u-boot: $*" >&2; exit 2; }
log() { echo "u-boot: $*" >&2; }

board=${1:-}
case $board in
vexpress-a15) defconfig=meridian_vexpress_ca15_defconfig image=u-boot ;;
virt-64bit) defconfig=qemu_arm_defconfig image=u-boot.bin ;;
*) die "usage: build.sh vexpress-a15|virt-64bit" ;;
esac

# apt-get source needs a deb-src entry.  Derive one from the machine's
# own deb822 entries (same URIs, suites, components and key), as the
# machine's mirror is the only one reachable.
ensure_deb_src() {
	local sources=/etc/apt/sources.list.d/debian.sources
	local ours=/etc/apt/sources.list.d/meridian-deb-src.sources
	if grep -qs '^Types:.*deb-src' /etc/apt/sources.list.d/*.sources ||
		grep -qs '^deb-src ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list; then
		return 0
	fi
	[ -f "$sources" ] || die "no deb-src entry and no $sources to derive one from"
	[ "$(id -u)" -eq 0 ] || die "apt-get source needs a deb-src entry; add one with:" \
		"sudo sed -i 's/^Types: deb\$/Types: deb deb-src/' $sources && sudo apt-get update"
	log "adding $ours (deb-src twin of $sources)"
	awk 'BEGIN { RS = ""; ORS = "\n\n" }
		/(^|\n)Types:[^\n]*deb/ { sub(/Types:[^\n]*/, "Types: deb-src"); print }' \
		"$sources" > "$ours"
	apt-get update -q >&2 || die "apt-get update failed (its messages are above)"
}

# The source version apt would fetch, e.g. 2023.01+dfsg-2+deb12u3.
source_version() {
	apt-cache showsrc u-boot 2>/dev/null | awk '/^Version:/ { print $2; exit }'
}

ensure_deb_src
version=$(source_version)
if [ -z "$version" ] && [ "$(id -u)" -eq 0 ]; then
	apt-get update -q >&2 || die "apt-get update failed (its messages are above)"
	version=$(source_version)
fi
[ -n "$version" ] || die "apt knows no source package u-boot (run apt-get update as root)"

key=$(cat "$HERE"/build.sh "$HERE"/*.patch "$HERE"/*_defconfig "$HERE"/*.dts |
	sha256sum | cut -c1-12)
out=$CACHE/$version-$key/$board
# .meridian-built is written last: a build that was interrupted, or that
# failed, leaves none, so it is never taken for a finished one.
if [ -f "$out/.meridian-built" ]; then
	echo "$out/$image"
	exit 0
fi

# One fetch and build at a time (parallel ctest cases, several clones):
# wait for the other one, then take its result.
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9
if [ -f "$out/.meridian-built" ]; then
	echo "$out/$image"
	exit 0
fi

src=$CACHE/$version-$key/src
if [ ! -f "$src/.meridian-patched" ]; then
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	log "fetching Debian's u-boot $version source"
	(cd "$src.tmp" && apt-get source -q u-boot="$version" >&2) ||
		die "apt-get source u-boot=$version failed (its messages are above)"
	mv "$src.tmp"/u-boot-*/ "$src"
	rm -rf "$src.tmp"
	for p in "$HERE"/0*.patch; do
		patch -s -p1 -d "$src" < "$p" || die "$(basename "$p") does not apply to u-boot $version"
	done
	cp "$HERE"/vexpress-v2p-ca15-meridian.dts "$src"/arch/arm/dts/
	cp "$HERE"/meridian_vexpress_ca15_defconfig "$src"/configs/
	touch "$src/.meridian-patched"
fi

log "building $board ($defconfig), about a minute"
rm -rf "$out"
mkdir -p "$out"
make -s -C "$src" O="$out" CROSS_COMPILE=$CROSS $defconfig >&2 ||
	die "make $defconfig failed"
if [ "$board" = virt-64bit ]; then
	"$src"/scripts/config --file "$out"/.config --enable PHYS_64BIT
	make -s -C "$src" O="$out" CROSS_COMPILE=$CROSS olddefconfig >&2 ||
		die "make olddefconfig failed"
fi
make -s -C "$src" O="$out" CROSS_COMPILE=$CROSS -j"$(nproc)" $image >&2 2>"$out/build.log" ||
	{ tail -30 "$out/build.log" >&2; die "build of $board failed"; }
touch "$out/.meridian-built"
echo "$out/$image"
