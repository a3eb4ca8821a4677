#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""make-bad-modules.py GOOD.ko OUTDIR

Writes broken copies of a good module, one per kind of bad input the
loader must refuse cleanly (the QEMU tests load each one and check that
nothing leaked):
  truncated.ko     the first 600 bytes only
  badclass.ko      ELFCLASS64 in e_ident
  badendian.ko     ELFDATA2MSB in e_ident
  badmachine.ko    e_machine 62 (x86-64)
  bigsection.ko    a section claiming 256 MiB of file data
  overlap.ko       one section's file range moved over another's
  badreloffset.ko  a relocation whose offset lies past its section
  badrelsym.ko     a relocation naming symbol 0xffffff
  badmodinfo.ko    .modinfo's final NUL overwritten (its last string runs on)
"""
import struct
import sys


def sections(blob):
    shoff, = struct.unpack_from("<I", blob, 0x20)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", blob, 0x2E)
    out = []
    for i in range(shnum):
        off = shoff + i * shentsize
        out.append((off,) + struct.unpack_from("<10I", blob, off))
    return out


def name_of(blob, s):
    shstrndx, = struct.unpack_from("<H", blob, 0x32)
    strtab = sections(blob)[shstrndx][5]
    end = blob.index(b"\0", strtab + s[1])
    return blob[strtab + s[1]:end].decode()


def find(blob, pred):
    for s in sections(blob):
        if pred(s):
            return s
    raise SystemExit("make-bad-modules: no suitable section")


def main():
    good, outdir = sys.argv[1], sys.argv[2]
    blob = open(good, "rb").read()
    out = {}
    out["truncated.ko"] = blob[:600]
    b = bytearray(blob); b[4] = 2; out["badclass.ko"] = b
    b = bytearray(blob); b[5] = 2; out["badendian.ko"] = b
    b = bytearray(blob); struct.pack_into("<H", b, 0x12, 62); out["badmachine.ko"] = b
    # (hdr offset, name, type, flags, addr, offset, size, link, info, align, entsize)
    prog = find(blob, lambda s: s[2] == 1 and s[6] > 0)
    b = bytearray(blob); struct.pack_into("<I", b, prog[0] + 20, 256 << 20); out["bigsection.ko"] = b
    progs = [s for s in sections(blob) if s[2] == 1 and s[6] > 0]
    b = bytearray(blob); struct.pack_into("<I", b, progs[1][0] + 16, progs[0][5]); out["overlap.ko"] = b
    rel = find(blob, lambda s: s[2] == 9 and s[6] >= 8)
    b = bytearray(blob); struct.pack_into("<I", b, rel[5], 0x7FFFF000); out["badreloffset.ko"] = b
    b = bytearray(blob)
    info, = struct.unpack_from("<I", b, rel[5] + 4)
    struct.pack_into("<I", b, rel[5] + 4, (0xFFFFFF << 8) | (info & 0xFF)); out["badrelsym.ko"] = b
    modinfo = find(blob, lambda s: name_of(blob, s) == ".modinfo" and s[6] > 0)
    b = bytearray(blob); b[modinfo[5] + modinfo[6] - 1] = ord("X"); out["badmodinfo.ko"] = b
    for name, data in out.items():
        open(f"{outdir}/{name}", "wb").write(bytes(data))


if __name__ == "__main__":
    main()
