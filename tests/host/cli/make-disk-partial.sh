#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# make-disk-partial.sh MAKE_DISK: when make-disk.sh fails part-way (here
# mcopy: the kernel folder has no initramfs.cpio), it exits non-zero and
# leaves nothing under --out, not a half-written card, and no temp file.
set -uo pipefail

make_disk=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/kdir/dts"
echo kernel >"$tmp/kdir/meridian.bin"
echo dtb >"$tmp/kdir/dts/bcm2836-rpi-2-b.dtb"
if "$make_disk" --machine raspi2b --kdir "$tmp/kdir" --out "$tmp/sd.img" 2>"$tmp/err"; then
	echo "make-disk-partial: FAIL: no initramfs.cpio, yet make-disk.sh succeeded"
	exit 1
fi
left=$(cd "$tmp" && ls -A | grep -v -e '^kdir$' -e '^err$')
if [ -n "$left" ]; then
	echo "make-disk-partial: FAIL: left behind: $left"
	exit 1
fi
echo "make-disk-partial: PASS"
