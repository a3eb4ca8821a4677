#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check-json.py COMMAND...: runs a `./meridian run --exec` line whose
commands all print --json, and checks the console output: every line
that starts with '{' parses as JSON, there is one per command, and the
reports agree with each other (meminfo against zoneinfo, layout against
its own regions, va2pa against layout and pa2page, pressure against
meminfo before and after).  A command may run more than once; its
reports are checked in order.  Exits 0 only if all of that holds."""
import json
import subprocess
import sys


def fail(msg):
    print(f"check-json: FAIL: {msg}")
    sys.exit(1)


def exec_commands(argv):
    """The ';'-separated commands of the --exec argument, each as its words."""
    script = argv[argv.index("--exec") + 1]
    return [c.split() for c in script.split(";") if c.strip()]


class Reports:
    """The parsed reports, by command name, in the order they ran."""

    def __init__(self):
        self.runs = []  # (words, doc)

    def add(self, words, doc):
        self.runs.append((words, doc))

    def all(self, name):
        return [(w, d) for w, d in self.runs if w[0] == name]

    def get(self, name):
        """The first report of name, or None."""
        runs = self.all(name)
        return runs[0][1] if runs else None

    def __contains__(self, name):
        return bool(self.all(name))

    def __len__(self):
        return len(self.runs)


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


def positional(words):
    return [w for w in words[1:] if w != "--json"]


def check_va2pa(docs, layout):
    for words, doc in docs.all("va2pa"):
        va = int(positional(words)[0], 0)
        if doc["va"] != va or not doc["agree"]:
            fail(f"va2pa {va:#x}: wrong va, or software and MMU disagree")
        sw, hw, walk = doc["software"], doc["hardware"], doc["walk"]
        if sw["mapped"] != hw["mapped"] or not walk:
            fail(f"va2pa {va:#x}: mapped by one translation only, or no walk")
        if sw["mapped"]:
            leaf = walk[-1]
            if sw["pa"] != hw["pa"] or leaf["kind"] not in ("page", "block"):
                fail(f"va2pa {va:#x}: pa differs, or the walk does not end at a leaf")
            if sw["pa"] != leaf["pa"] + va % sw["size"]:
                fail(f"va2pa {va:#x}: pa is not the leaf's output address plus the offset")
            page_offset = layout["page_offset"] if layout else None
            if page_offset is not None and page_offset <= va < layout["high_memory"]:
                want = layout["phys_offset"] + va - page_offset
                if sw["pa"] != want:
                    fail(f"va2pa {va:#x}: pa {sw['pa']:#x} != PHYS_OFFSET + offset {want:#x}")
        elif walk[-1]["kind"] != "invalid" or not sw["level"] == hw["level"] == walk[-1]["level"]:
            fail(f"va2pa {va:#x}: a fault, but not at the walk's invalid descriptor")


def check_pa2page(docs, layout):
    """pa2page lists every mapping va2pa found for its pa, with the same
    attributes, and a lowmem page at its direct-map address."""
    va2pa = {d["va"]: d for _, d in docs.all("va2pa")}
    for words, doc in docs.all("pa2page"):
        pa = int(positional(words)[0], 0)
        if doc["pa"] != pa or doc["pfn"] != pa >> 12:
            fail(f"pa2page {pa:#x}: wrong pa or pfn")
        listed = {m["va"]: m for m in doc["mappings"]}
        must = {va for va, t in va2pa.items()
                if t["software"]["mapped"] and t["software"]["pa"] == pa}
        if layout and layout["phys_offset"] <= pa < layout["lowmem_limit"]:
            must.add(layout["page_offset"] + pa - layout["phys_offset"])
            if doc["zone"] != "Normal":
                fail(f"pa2page {pa:#x}: a lowmem page outside zone Normal")
        for va in must:
            m = listed.get(va)
            if not m:
                fail(f"pa2page {pa:#x}: its mapping at {va:#x} is not listed")
            if layout and layout["page_offset"] <= va < layout["high_memory"] and \
                    (m["window"] != "direct" or "lowmem" not in m["region"]):
                fail(f"pa2page {pa:#x}: {va:#x} not named as the direct map of lowmem")
        for va, m in listed.items():
            t = va2pa.get(va)
            if not t:
                continue
            leaf = t["walk"][-1]
            if not t["software"]["mapped"] or t["software"]["pa"] != pa or \
                    (m["rw"], m["x"], m["size"], m["type"]) != \
                    (leaf["rw"], leaf["x"], t["software"]["size"], leaf["type"]):
                fail(f"pa2page {pa:#x}: its mapping at {va:#x} differs from va2pa's")


def check_ls(docs):
    listings = docs.all("ls")
    for words, doc in listings:
        prefix = "/" + (positional(words) or [""])[0].lstrip("/")
        for e in doc["entries"]:
            if not e["path"].startswith(prefix):
                fail(f"ls {prefix}: lists {e['path']}")
            kind = {0o100000: "file", 0o040000: "dir"}.get(e["mode"] & 0o170000, "other")
            if kind != e["type"] or (kind == "dir" and e["size"] != 0):
                fail(f"ls: {e['path']}: type {e['type']} disagrees with mode {e['mode']:o}")
    full = [d for w, d in listings if not positional(w)]
    if full:
        everything = full[0]["entries"]
        motd = [e for e in everything if e["path"] == "/etc/motd"]
        if not motd or motd[0]["type"] != "file" or motd[0]["size"] == 0:
            fail("ls: no non-empty file /etc/motd")
        for words, doc in listings:
            if any(e not in everything for e in doc["entries"]):
                fail(f"ls {' '.join(words[1:])}: an entry the full listing lacks")


def check_help(docs, ran):
    doc = docs.get("help")
    names = [c["name"] for c in doc["commands"]]
    if names != sorted(set(names)):
        fail("help: commands not sorted, or listed twice")
    for name in ran:
        c = next((c for c in doc["commands"] if c["name"] == name), None)
        if not c or "--json" not in c["usage"] or not c["help"]:
            fail(f"help: {name} missing, or its usage does not offer --json")


def meminfo_used(mi):
    """Pages the kernel itself holds (kB), besides the free ones."""
    return mi["Slab"] + mi["PageTables"] + mi["KernelStack"] + mi["VmallocUsed"]


def check_pressure(docs):
    """pressure fills, release gives back: free memory returns to what it
    was before, less only what the probes left in the kernel's own caches
    (slab pages, vmalloc page tables), which meminfo accounts for."""
    for i, (words, doc) in enumerate(docs.runs):
        if words[0] != "pressure" or positional(words)[0] == "release":
            continue
        if doc["used"] + doc["free"] != doc["managed"] or doc["free_kb"] != doc["free"] * 4:
            fail("pressure: used + free != managed")
        if not doc["already_past"] and doc["ran_out_permille"] is None and \
                doc["used"] * 1000 < doc["managed"] * doc["target_permille"]:
            fail("pressure: stopped short of its target")
        fails = {f["order"]: f["permille"] for f in doc["first_failed"] if f["order"] is not None}
        for order in range(1, len(fails)):
            small, big = fails[order - 1], fails[order]
            if small is not None and (big is None or big > small):
                fail(f"pressure: order {order - 1} failed before order {order}")
        nxt = docs.runs[i + 1] if i + 1 < len(docs.runs) else None
        if not nxt or nxt[0][:2] != ["pressure", "release"] or nxt[1]["released"] != doc["held"]:
            fail("pressure: the next command does not release exactly the pages held")
        before = [d for w, d in docs.runs[:i] if w[0] == "meminfo"]
        after = [d for w, d in docs.runs[i + 2:] if w[0] == "meminfo"]
        if before and after:
            lost = before[-1]["MemFree"] - after[0]["MemFree"]
            kept = meminfo_used(after[0]) - meminfo_used(before[-1])
            if lost != kept:
                fail(f"pressure: {lost} kB not back after release, {kept} kB of it accounted for")


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
        check_layout(docs.get("layout"))
    if "ptdump" in docs:
        check_ptdump(docs.get("ptdump"), docs.get("layout"))
    check_va2pa(docs, docs.get("layout"))
    check_pa2page(docs, docs.get("layout"))
    check_ls(docs)
    if "help" in docs:
        check_help(docs, sorted({w[0] for w, _ in docs.runs}))
    check_pressure(docs)


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
    docs = Reports()
    for words, line in zip(cmds, lines):
        cmd = " ".join(words)
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as e:
            fail(f"{cmd}: not valid JSON: {e}")
        if not isinstance(doc, dict) or not doc:
            fail(f"{cmd}: not a non-empty object")
        docs.add(words, doc)
    check_consistency(docs)
    print(f"check-json: PASS ({len(docs)} documents)")


if __name__ == "__main__":
    main()
