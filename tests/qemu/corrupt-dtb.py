#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""corrupt-dtb.py IN.dtb OUT.dtb NODE PROP

Writes a copy of IN.dtb in which property PROP of the node named NODE
has a name offset far outside the strings block.  The header stays
valid, so QEMU's libfdt loads and edits the blob (it never looks at that
property), while a parser that checks every offset must refuse it.
"""
import struct
import sys

FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9


def main():
    src, dst, node_name, prop_name = sys.argv[1:5]
    blob = bytearray(open(src, "rb").read())
    off_struct, off_strings = struct.unpack_from(">II", blob, 8)
    pos, node = off_struct, None
    while True:
        (tag,) = struct.unpack_from(">I", blob, pos)
        pos += 4
        if tag == FDT_BEGIN_NODE:
            end = blob.index(b"\0", pos)
            node = blob[pos:end].decode()
            pos = (end + 1 + 3) & ~3
        elif tag == FDT_PROP:
            length, nameoff = struct.unpack_from(">II", blob, pos)
            name_end = blob.index(b"\0", off_strings + nameoff)
            name = blob[off_strings + nameoff:name_end].decode()
            if node == node_name and name == prop_name:
                struct.pack_into(">I", blob, pos + 4, 0x7FFFFF00)
                open(dst, "wb").write(blob)
                return 0
            pos = (pos + 8 + length + 3) & ~3
        elif tag in (FDT_END_NODE, FDT_NOP):
            continue
        else:
            break
    sys.exit(f"{node_name}/{prop_name} not found in {src}")


if __name__ == "__main__":
    sys.exit(main())
