#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# boot/make-disk.sh: write a disk (virt) or SD card (vexpress-a15) image
# that U-Boot's distro boot finds and boots Meridian from.
#
#   make-disk.sh --machine M --kdir DIR --out FILE [--append ARGS] [--fit FILE]
#
# The image is 64 MiB (QEMU wants SD card sizes to be powers of two), with
# an MBR and one bootable FAT partition from 1 MiB holding:
#   boot.scr       the boot script distro boot runs (boot.cmd is its source)
#   meridian.itb   the FIT image: kernel, initramfs, device trees
#   meridian.bin, uImage, initramfs.cpio, *.dtb   the same parts, loose,
#                  for booting by hand at the U-Boot prompt
# Made with sfdisk, mkfs.vfat and mtools: no loop devices, no root.
set -euo pipefail

die() { echo "make-disk: $*" >&2; exit 2; }

machine="" kdir="" out="" append="" fit=""
while [ $# -gt 0 ]; do
	case $1 in
	--machine) machine=$2; shift 2 ;;
	--kdir) kdir=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--fit) fit=$2; shift 2 ;;
	*) die "unknown option '$1'" ;;
	esac
done
[ -n "$machine" ] && [ -n "$kdir" ] && [ -n "$out" ] ||
	die "usage: make-disk.sh --machine M --kdir DIR --out FILE [--append ARGS] [--fit FILE]"
[ -n "$fit" ] || fit=$kdir/meridian.itb
[ -f "$fit" ] || die "no FIT image at $fit (build the kernel first)"
# The command line goes into the script inside single quotes.
[[ $append != *"'"* ]] || die "the kernel command line cannot contain single quotes"

# How bootm finds the three parts.  vexpress-a15: all from the FIT's
# configuration.  virt: QEMU made the device tree, and U-Boot keeps its
# copy at fdtcontroladdr; the FIT supplies the kernel and initramfs.
case $machine in
vexpress-a15) bootm='bootm ${kernel_addr_r}#vexpress-a15' ;;
virt) bootm='bootm ${kernel_addr_r}#virt ${kernel_addr_r}:ramdisk ${fdtcontroladdr}' ;;
*) die "no U-Boot disk layout for machine '$machine'" ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fdt_high and initrd_high unset, bootm_size 256 MiB: bootm copies the
# device tree and initramfs into the first 256 MiB of RAM, which is
# lowmem for every split, and never leaves them at the base of RAM,
# where the kernel moves itself.
cat > "$work/boot.cmd" <<EOF
# Meridian boot script for QEMU $machine, run by U-Boot's distro boot.
echo "Meridian: loading \${prefix}meridian.itb from \${devtype} \${devnum}:\${distro_bootpart}"
setenv bootargs '$append'
setenv fdt_high
setenv initrd_high
setenv bootm_size 0x10000000
if load \${devtype} \${devnum}:\${distro_bootpart} \${kernel_addr_r} \${prefix}meridian.itb; then
	$bootm
fi
echo "Meridian: U-Boot could not boot meridian.itb"
reset
EOF
mkimage -q -A arm -O linux -T script -C none -n "Meridian boot script" \
	-d "$work/boot.cmd" "$work/boot.scr"

rm -f "$out"
truncate -s 64M "$out"
echo 'start=2048, type=c, bootable' | sfdisk -q "$out"
mkfs.vfat -n MERIDIAN --offset 2048 "$out" $((63 * 1024)) >/dev/null
files=("$work/boot.scr" "$work/boot.cmd" "$kdir/meridian.bin" "$kdir/uImage"
	"$kdir/initramfs.cpio" "$kdir"/dts/*.dtb)
mcopy -i "$out@@1M" "${files[@]}" ::
mcopy -i "$out@@1M" "$fit" ::meridian.itb
