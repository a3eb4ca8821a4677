#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check-json.py COMMAND...: runs a `./meridian run --exec` line whose
commands all print --json, and checks the console output: every line
that starts with '{' parses as JSON, there is one per command, and the
reports agree with each other (meminfo against zoneinfo, layout against
its own regions).  Exits 0 only if all of that holds."""
import json
import subprocess
import sys


def fail(msg):
    print(f"check-json: FAIL: {msg}")
    sys.exit(1)


def exec_commands(argv):
    """The ';'-separated commands of the --exec argument."""
    script = argv[argv.index("--exec") + 1]
    return [c.strip().split()[0] for c in script.split(";") if c.strip()]


def check_layout(doc):
    names = [r["name"] for r in doc["regions"]]
    for want in ("user", "modules", "pkmap", "lowmem", "vmalloc", "fixmap", "vector"):
        if want not in names:
            fail(f"layout: no region {want}")
    prev_end = 0
    for r in doc["regions"]:
        if not prev_end <= r["start"] < r["end"] <= 1 << 32:
            fail(f"layout: region {r['name']} out of order or empty")
        prev_end = r["end"]
    lowmem = next(r for r in doc["regions"] if r["name"] == "lowmem")
    if lowmem["end"] - lowmem["start"] != doc["lowmem_limit"] - doc["phys_offset"]:
        fail("layout: lowmem size disagrees with lowmem_limit - phys_offset")


def check_ptdump(doc, layout):
    regions = doc["regions"]
    starts = [r["start"] for r in regions]
    if starts != sorted(starts):
        fail("ptdump: regions out of order")
    for i, r in enumerate(regions):
        end = regions[i + 1]["start"] if i + 1 < len(regions) else 1 << 32
        for rng in r["ranges"]:
            if not r["start"] <= rng["start"] < rng["end"] <= end:
                fail(f"ptdump: range {rng['start']:#x} outside region {r['name']}")
            if rng["rw"] and rng["x"]:
                fail(f"ptdump: W+X range at {rng['start']:#x}")
    if layout:
        lowmem = next(r for r in layout["regions"] if r["name"] == "lowmem")
        direct = next(r for r in regions if "lowmem" in r["name"])
        if direct["start"] != lowmem["start"]:
            fail("ptdump: its lowmem region does not start where layout's does")
        if not any(rng["x"] and not rng["rw"] for rng in direct["ranges"]):
            fail("ptdump: no read-only executable kernel text in lowmem")


def check_consistency(docs):
    mi, zi = docs.get("meminfo"), docs.get("zoneinfo")
    if mi and zi:
        managed = sum(z["managed"] for z in zi["zones"]) * 4
        if mi["MemTotal"] != managed:
            fail(f"meminfo MemTotal {mi['MemTotal']} kB != zoneinfo managed {managed} kB")
        high = sum(z["managed"] for z in zi["zones"] if z["zone"] == "HighMem") * 4
        if mi["HighTotal"] != high:
            fail(f"meminfo HighTotal {mi['HighTotal']} kB != zoneinfo HighMem {high} kB")
    if "layout" in docs:
        check_layout(docs["layout"])
    if "ptdump" in docs:
        check_ptdump(docs["ptdump"], docs.get("layout"))


def main():
    argv = sys.argv[1:]
    cmds = exec_commands(argv)
    run = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, errors="replace")
    print(run.stdout)
    if run.returncode != 0:
        fail(f"exit status {run.returncode}")
    lines = [l.rstrip("\r") for l in run.stdout.splitlines() if l.startswith("{")]
    if len(lines) != len(cmds):
        fail(f"{len(lines)} JSON lines for {len(cmds)} commands")
    docs = {}
    for cmd, line in zip(cmds, lines):
        try:
            docs[cmd] = json.loads(line)
        except json.JSONDecodeError as e:
            fail(f"{cmd} --json is not valid JSON: {e}")
        if not isinstance(docs[cmd], dict) or not docs[cmd]:
            fail(f"{cmd} --json is not a non-empty object")
    check_consistency(docs)
    print(f"check-json: PASS ({len(docs)} documents)")


if __name__ == "__main__":
    main()
