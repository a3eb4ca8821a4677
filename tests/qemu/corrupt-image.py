#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""corrupt-image.py IN KERNEL.bin OUT

Writes a copy of a U-Boot image IN (a FIT or a uImage) with one byte of
the kernel's data
flipped, 4 KiB into it.  The image's structure stays valid, so U-Boot
parses it; only the kernel's checksum (SHA-256 in a FIT, the CRC32 of a
uImage) no longer matches, and U-Boot must refuse to boot it.
"""
import sys


def main():
    src, kernel, dst = sys.argv[1:4]
    blob = bytearray(open(src, "rb").read())
    head = open(kernel, "rb").read(256)
    start = blob.find(head)
    if start < 0 or blob.find(head, start + 1) >= 0:
        sys.exit(f"the kernel's data is not in {src} exactly once")
    blob[start + 4096] ^= 0x40
    open(dst, "wb").write(blob)
    return 0


if __name__ == "__main__":
    sys.exit(main())
