#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# boot/make-disk.sh: write a disk (virt) or SD card (vexpress-a15) image
# that U-Boot's distro boot finds and boots Meridian from, or a Raspberry
# Pi 2 SD card image (raspi2b) that the Pi's own firmware boots.
#
#   make-disk.sh --machine M --kdir DIR --out FILE [--append ARGS]
#                [--image fit|zimage|uimage] [--image-file FILE] [--script FILE]
#                [--firmware DIR]
#
# The image is 64 MiB (QEMU wants SD card sizes to be powers of two), with
# an MBR and one bootable FAT partition from 1 MiB holding:
#   boot.scr       the boot script distro boot runs (boot.cmd is its source)
#   meridian.itb   the FIT image: kernel, initramfs, device trees
#   meridian.bin, uImage, initramfs.cpio, *.dtb   the same parts, loose
# --image picks what boot.scr boots: the FIT with bootm (default), the raw
# zImage-style meridian.bin with bootz, or the legacy uImage with bootm.
# --image-file puts FILE on the disk in that image's place.  --script uses
# FILE as boot.cmd instead, with @BOOTARGS@ replaced by the command line.
# raspi2b: kernel7.img (meridian.bin), the Pi 2 DTB, the initramfs,
# boot/rpi/config.txt and a cmdline.txt holding --append; the firmware
# (bootcode.bin, start.elf, fixup.dat) is not in Debian's main archive, so
# it is copied from --firmware DIR when given, and must be added otherwise.
# Made with sfdisk, mkfs.vfat and mtools: no loop devices, no root.
set -euo pipefail

die() { echo "make-disk: $*" >&2; exit 2; }

machine="" kdir="" out="" append="" image=fit image_file="" script="" firmware=""
while [ $# -gt 0 ]; do
	case $1 in
	--*) [ $# -ge 2 ] || die "option '$1' needs a value" ;;
	esac
	case $1 in
	--machine) machine=$2; shift 2 ;;
	--kdir) kdir=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--image) image=$2; shift 2 ;;
	--image-file) image_file=$2; shift 2 ;;
	--script) script=$2; shift 2 ;;
	--firmware) firmware=$2; shift 2 ;;
	*) die "unknown option '$1'" ;;
	esac
done
[ -n "$machine" ] && [ -n "$kdir" ] && [ -n "$out" ] ||
	die "usage: make-disk.sh --machine M --kdir DIR --out FILE [--append ARGS]" \
		"[--image fit|zimage|uimage] [--image-file FILE] [--script FILE] [--firmware DIR]"

# The image is written beside --out and renamed to it only when complete:
# a failure leaves no half-written image under the name given.
part=$out.partial.$$

# fat_image OUT: a 64 MiB image (QEMU wants SD card sizes to be powers of
# two) with an MBR and one bootable FAT partition from 1 MiB.
fat_image() {
	rm -f "$1"
	truncate -s 64M "$1"
	echo 'start=2048, type=c, bootable' | sfdisk -q "$1"
	mkfs.vfat -n MERIDIAN --offset 2048 "$1" $((63 * 1024)) >/dev/null
}

# raspi2b: what the Pi firmware reads, in the root of the FAT partition.
if [ "$machine" = raspi2b ]; then
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	fw_files=(bootcode.bin start.elf fixup.dat)
	if [ -n "$firmware" ]; then
		for f in "${fw_files[@]}"; do
			[ -f "$firmware/$f" ] || die "no $f in $firmware"
		done
	fi
	work=$(mktemp -d)
	trap 'rm -rf "$work" "$part"' EXIT
	cp "$kdir/meridian.bin" "$work/kernel7.img"
	printf '%s\n' "$append" > "$work/cmdline.txt"
	fat_image "$part"
	mcopy -i "$part@@1M" "$here/rpi/config.txt" "$work/cmdline.txt" "$work/kernel7.img" \
		"$kdir/dts/bcm2836-rpi-2-b.dtb" "$kdir/initramfs.cpio" ::
	if [ -n "$firmware" ]; then
		mcopy -i "$part@@1M" "${fw_files[@]/#/$firmware/}" ::
	else
		echo "make-disk: add the Pi firmware (${fw_files[*]}, from" \
			"github.com/raspberrypi/firmware, boot/) to the FAT partition," \
			"or give --firmware DIR" >&2
	fi
	mv -f "$part" "$out"
	exit 0
fi
case $machine in
vexpress-a15 | virt) ;;
*) die "no disk layout for machine '$machine' (vexpress-a15, virt or raspi2b)" ;;
esac
case $image in
fit) name=meridian.itb ;;
zimage) name=meridian.bin ;;
uimage) name=uImage ;;
*) die "--image must be fit, zimage or uimage, not '$image'" ;;
esac
[ -n "$image_file" ] || image_file=$kdir/$name
[ -f "$image_file" ] || die "no $image image at $image_file (build the kernel first)"
[ -z "$script" ] || [ -f "$script" ] || die "no boot script at $script"
# The command line goes into the script inside single quotes.
[[ $append != *"'"* ]] || die "the kernel command line cannot contain single quotes"

work=$(mktemp -d)
trap 'rm -rf "$work" "$part"' EXIT

# The script's commands, with U-Boot's ${...} left for U-Boot to expand.
load='load ${devtype} ${devnum}:${distro_bootpart}'
prefix='${prefix}'

# How bootm or bootz gets the device tree.  vexpress-a15: ours, from the
# FIT's configuration or the loose .dtb.  virt: QEMU made it, and U-Boot
# keeps a copy at fdtcontroladdr.
parts=()
case $image in
fit)
	if [ "$machine" = vexpress-a15 ]; then
		boot='bootm ${kernel_addr_r}#vexpress-a15'
	else
		boot='bootm ${kernel_addr_r}#virt ${kernel_addr_r}:ramdisk ${fdtcontroladdr}'
	fi ;;
zimage | uimage)
	parts+=("$load \${ramdisk_addr_r} ${prefix}initramfs.cpio"
		'setenv rd ${ramdisk_addr_r}:${filesize}')
	if [ "$machine" = vexpress-a15 ]; then
		parts+=("$load \${fdt_addr_r} ${prefix}vexpress-a15.dtb" 'setenv dtb ${fdt_addr_r}')
	else
		parts+=('setenv dtb ${fdtcontroladdr}')
	fi
	cmd=bootz
	[ $image = uimage ] && cmd=bootm
	boot="$cmd \${kernel_addr_r} \${rd} \${dtb}" ;;
esac

if [ -n "$script" ]; then
	escaped=$(printf '%s' "$append" | sed 's/[&|\\]/\\&/g')
	sed "s|@BOOTARGS@|$escaped|g" "$script" > "$work/boot.cmd"
else
	# fdt_high and initrd_high unset, bootm_size 256 MiB: bootm copies the
	# device tree and initramfs into the first 256 MiB of RAM, lowmem for
	# every split, and never leaves them where the kernel will run.
	{
		echo "# Meridian boot script for QEMU $machine, run by U-Boot's distro boot."
		echo "echo \"Meridian: loading ${prefix}$name from \${devtype} \${devnum}:\${distro_bootpart}\""
		echo "setenv bootargs '$append'"
		echo 'setenv fdt_high'
		echo 'setenv initrd_high'
		echo 'setenv bootm_size 0x10000000'
		for p in "${parts[@]}"; do
			echo "$p"
		done
		echo "if $load \${kernel_addr_r} ${prefix}$name; then"
		echo "	$boot"
		echo 'fi'
		echo "echo \"Meridian: U-Boot could not boot $name\""
		echo 'reset'
	} > "$work/boot.cmd"
fi
mkimage -q -A arm -O linux -T script -C none -n "Meridian boot script" \
	-d "$work/boot.cmd" "$work/boot.scr" >/dev/null

fat_image "$part"
files=("$work/boot.scr" "$work/boot.cmd" "$kdir/initramfs.cpio" "$kdir"/dts/*.dtb)
for f in meridian.itb meridian.bin uImage; do
	[ $f = "$name" ] || files+=("$kdir/$f")
done
mcopy -i "$part@@1M" "${files[@]}" ::
mcopy -i "$part@@1M" "$image_file" "::$name"
mv -f "$part" "$out"
