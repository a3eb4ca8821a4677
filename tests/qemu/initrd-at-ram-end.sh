#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# initrd-at-ram-end.sh MERIDIAN CPIO: an initramfs that ends exactly where
# RAM ends (mem= cut right after it, the archive padded to whole pages)
# is still RAM with a struct page for every byte, so it must be used:
# `ls /etc` lists /etc/motd.  QEMU loads the initrd at RAM base + 128 MiB.
set -euo pipefail

meridian=$1 cpio=$2
padded=$(mktemp)
trap 'rm -f "$padded"' EXIT
size=$(stat -c %s "$cpio")
size=$(( (size + 4095) / 4096 * 4096 ))
cp "$cpio" "$padded"
truncate -s "$size" "$padded"
"$(dirname "$0")/boot-test.sh" --status 0 --expect "^-rw-r--r-- +[0-9]+ /etc/motd" \
	--reject "not a usable RAM range" -- \
	"$meridian" run --no-build --mem 512M --timeout 60 --initrd "$padded" \
	--append "mem=$(( 128 * 1024 + size / 1024 ))K" --exec "ls /etc"
