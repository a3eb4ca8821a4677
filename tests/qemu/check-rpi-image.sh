#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# check-rpi-image.sh MERIDIAN OUTDIR: ./meridian image --machine raspi2b
# writes an SD card image whose FAT partition holds what the Pi firmware
# reads; with --firmware the firmware files go in too, and a missing one
# is refused.
set -euo pipefail
meridian=$1 out=$2
fail() { echo "check-rpi-image: FAIL: $*"; exit 1; }
rm -rf "$out" && mkdir -p "$out/fw"
for f in bootcode.bin start.elf fixup.dat; do echo "stand-in $f" > "$out/fw/$f"; done
"$meridian" image --no-build --machine raspi2b --append "loglevel=7 vmalloc=256M" \
	--firmware "$out/fw" --out "$out/sd.img" >/dev/null
sfdisk -d "$out/sd.img" | grep -q 'start= *2048,.*type=c, bootable' || fail "no bootable FAT partition at 1 MiB"
listing=$(mdir -b -i "$out/sd.img@@1M" ::)
for f in config.txt cmdline.txt kernel7.img bcm2836-rpi-2-b.dtb initramfs.cpio bootcode.bin start.elf fixup.dat; do
	grep -qx "::/$f" <<<"$listing" || fail "$f missing from the card"
done
[ "$(mtype -i "$out/sd.img@@1M" ::cmdline.txt)" = "loglevel=7 vmalloc=256M" ] || fail "cmdline.txt"
mtype -i "$out/sd.img@@1M" ::config.txt | grep -qx 'kernel=kernel7.img' || fail "config.txt names no kernel7.img"
mcopy -i "$out/sd.img@@1M" ::kernel7.img "$out/kernel7.img"
cmp -s "$out/kernel7.img" "$(dirname "$meridian")/build/kernel-3g/meridian.bin" || fail "kernel7.img is not meridian.bin"
rm "$out/fw/start.elf"
if "$meridian" image --no-build --machine raspi2b --firmware "$out/fw" --out "$out/sd2.img" 2>"$out/err"; then
	fail "a firmware folder without start.elf was accepted"
fi
grep -q "no start.elf in" "$out/err" || fail "no message for the missing start.elf"
echo "check-rpi-image: PASS"
