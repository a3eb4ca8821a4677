#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""corrupt-fit.py IN.itb KERNEL.bin OUT.itb

Writes a copy of the FIT image IN.itb with one byte of the kernel's data
flipped, 4 KiB into it.  The FIT's structure stays valid, so U-Boot
parses it and finds the configuration; only the kernel's SHA-256 no
longer matches, and U-Boot must refuse to boot it.
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
