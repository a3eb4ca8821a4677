#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gdb-smoke.py MERIDIAN: `./meridian debug` in gdb batch mode against the
QEMU it starts.  The guest runs `vmalloc 12K; vmallocinfo; layout; ps` and
gdb stops it at cmd_ps, so the kernel's own answers are on the console
when the mer-* commands give theirs.  Passes only if
  * mer-layout prints exactly the kernel's layout block;
  * mer-vmalloc prints exactly the kernel's vmallocinfo lines (callers too);
  * mer-walk takes _text to PHYS_OFFSET + TEXT_OFFSET, and for _text, the
    vectors, a kernel variable and the fresh vmalloc area the bytes read
    through the VA and through the walked PA agree;
  * mer-walk reports an unmapped user address as a fault."""
import os
import re
import socket
import subprocess
import sys
import tempfile

GDB_SCRIPT = r"""
break cmd_ps
continue
mer-layout
mer-vmalloc
mer-walk _text
mer-walk 0xffff0000
mer-walk &mem_layout
python area = [l for l in gdb.execute("mer-vmalloc", to_string=True).splitlines() if l.endswith(" vmalloc")][-1]
python gdb.execute("mer-walk " + area.split("-")[0])
mer-walk 0x1000
kill
"""
EXEC = "vmalloc 12K; vmallocinfo; layout; ps"


def free_port_pair():
    """A port P with P + 1 free as well (gdb stub, console)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port >= 65534:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise SystemExit("gdb-smoke: no free port pair")


def block_after(lines, head, n):
    i = lines.index(head)
    return lines[i:i + n]


def area_lines(lines):
    """The vmallocinfo-format lines: range, size, caller, pages, type."""
    return sorted(l for l in lines if re.match(r"^0x[0-9a-f]{8}-0x[0-9a-f]{8} +\d+ ", l))


def main(meridian):
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "smoke.gdb")
        with open(script, "w") as f:
            f.write(GDB_SCRIPT)
        console = os.path.join(tmp, "console.log")
        run = subprocess.run([meridian, "debug", "--no-build", "--port", str(free_port_pair()),
                              "--console-log", console, "--batch", script, "--exec", EXEC],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, errors="replace", timeout=240)
        gdb_out = run.stdout.splitlines()
        with open(console, errors="replace") as f:
            con = [l.rstrip("\r") for l in f.read().splitlines()]
    print("\n".join(gdb_out))
    print("--- console ---\n" + "\n".join(con))
    if run.returncode != 0:
        failures.append(f"meridian debug exited {run.returncode}")
    head = "Virtual kernel memory layout:"
    if head not in con or head not in gdb_out:
        failures.append("no layout block from the kernel or from mer-layout")
    elif block_after(con, head, 11) != block_after(gdb_out, head, 11):
        failures.append("mer-layout differs from the kernel's layout")
    # The console's areas come from the vmallocinfo command; gdb's from the first mer-vmalloc.
    con_areas = area_lines(con[con.index(f"meridian# {EXEC}"):]) if f"meridian# {EXEC}" in con else []
    gdb_areas = area_lines(gdb_out)
    if not con_areas or con_areas != gdb_areas:
        failures.append(f"mer-vmalloc {gdb_areas} != vmallocinfo {con_areas}")
    if "=> VA 0xc0008000 -> PA 0x0080008000" not in gdb_out:
        failures.append("mer-walk _text did not reach PHYS_OFFSET + TEXT_OFFSET")
    matches = sum(l == "check: 16 bytes at the VA and at the PA match" for l in gdb_out)
    if matches != 4 or any("DIFFER" in l for l in gdb_out):
        failures.append(f"{matches} of 4 walks read the same bytes through VA and PA")
    if not any(l.endswith("fault: not mapped") for l in gdb_out):
        failures.append("mer-walk 0x1000 did not report a fault")
    for f in failures:
        print(f"gdb-smoke: FAIL: {f}")
    if not failures:
        print("gdb-smoke: PASS")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
