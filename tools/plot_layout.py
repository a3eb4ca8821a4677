#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Pictures of Meridian's memory layout, from a boot's console output.

`./meridian plot` boots a configuration with
    --exec "layout --json; meminfo --json"
and hands the console log to this script, which draws with matplotlib:

  * the 4 GiB virtual address space to scale, every region named;
  * beside it the physical RAM, lowmem and highmem shaded, with a band
    from lowmem to its direct mapping at PAGE_OFFSET;
  * a zoom, to scale, of the kernel's top region (high_memory to 4 GiB:
    the vmalloc hole, vmalloc, the FDT window, fixmap and the vectors).

`grid` draws several boots side by side (the split x RAM comparison).

The data path (parse_console .. direct_map) needs only the standard
library, so the unit tests run without matplotlib; matplotlib is
imported when something is drawn.

Usage:
  plot_layout.py render LOG --out DIR [--name NAME]
  plot_layout.py grid LOG... --out DIR [--name NAME]
  plot_layout.py regions LOG        # the parsed regions, one per line
"""
import argparse
import json
import os
import sys
from dataclasses import dataclass

GIB = 1 << 30
MIB = 1 << 20
KIB = 1 << 10
VA_TOP = 1 << 32

# One colour per region, shared by every picture (Okabe-Ito-like, readable in grey).
COLOURS = {
    "user": "#e8e8e8", "modules": "#cc79a7", "pkmap": "#e69f00", "lowmem": "#56b4e9",
    "hole": "#ffffff", "vmalloc": "#009e73", "fdt": "#8c564b", "fixmap": "#d55e00",
    "vector": "#000000", "highmem": "#f0e442",
}


class PlotDataError(Exception):
    """The console log does not hold what a picture needs."""


@dataclass(frozen=True)
class Region:
    name: str
    start: int
    end: int
    use: str = ""

    @property
    def size(self):
        return self.end - self.start


def parse_console(text):
    """The JSON documents of a `layout --json; meminfo --json` boot.

    Returns {"layout": {...}, "meminfo": {...}}.  Each command prints one
    line that starts with '{'; a document is recognised by its keys, so
    the boot log around them does not matter."""
    docs = {}
    for line in text.splitlines():
        line = line.strip("\r\n")
        if not line.startswith("{"):
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as e:
            raise PlotDataError(f"a JSON line does not parse: {e}") from e
        if "regions" in doc and "page_offset" in doc:
            docs["layout"] = doc
        elif "MemTotal" in doc:
            docs["meminfo"] = doc
    for want in ("layout", "meminfo"):
        if want not in docs:
            raise PlotDataError(f"no `{want} --json` output in the console log")
    check_shape(docs)
    return docs


# What the pictures read from each document: checked once, here, so that a
# report from another kernel version fails with a message, not a traceback.
LAYOUT_NUMBERS = ("page_offset", "phys_offset", "lowmem_limit", "ram_end", "high_memory",
                  "vmalloc_size")
MEMINFO_NUMBERS = ("LowTotal", "HighTotal")


def _numbers(doc, what, keys):
    for key in keys:
        if not isinstance(doc.get(key), int) or isinstance(doc.get(key), bool):
            raise PlotDataError(f"`{what} --json` has no whole number {key}")


def _list_of(doc, what, key, fields):
    items = doc.get(key)
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise PlotDataError(f"`{what} --json` has no list of objects {key}")
    for item in items:
        _numbers(item, what, fields)


def check_shape(docs):
    """Raises PlotDataError unless the documents hold every field drawn, of the right type."""
    layout = docs["layout"]
    _numbers(layout, "layout", LAYOUT_NUMBERS)
    _list_of(layout, "layout", "regions", ("start", "end"))
    if not all(isinstance(r.get("name"), str) for r in layout["regions"]):
        raise PlotDataError("`layout --json` has a region without a name")
    _list_of(layout, "layout", "memory", ("size",))
    _numbers(docs["meminfo"], "meminfo", MEMINFO_NUMBERS)


def virtual_regions(layout):
    """The named virtual regions, lowest first, checked to be ordered and in 4 GiB."""
    regions = [Region(r["name"], r["start"], r["end"], r.get("use", "")) for r in layout["regions"]]
    prev = 0
    for r in regions:
        if not prev <= r.start < r.end <= VA_TOP:
            raise PlotDataError(f"region {r.name} is empty, out of order or past 4 GiB")
        prev = r.end
    return regions


def physical_regions(layout):
    """RAM as lowmem (direct-mapped) and highmem, from phys_offset to ram_end."""
    lo, limit, end = layout["phys_offset"], layout["lowmem_limit"], layout["ram_end"]
    if not lo < limit <= end:
        raise PlotDataError("lowmem_limit is outside RAM")
    regions = [Region("lowmem", lo, limit, "direct-mapped at PAGE_OFFSET")]
    if end > limit:
        regions.append(Region("highmem", limit, end, "reached through kmap, kmap_local, vmap"))
    return regions


def direct_map(layout):
    """(phys_start, phys_end, virt_start, virt_end) of the linear map."""
    lowmem = next(r for r in virtual_regions(layout) if r.name == "lowmem")
    return (layout["phys_offset"], layout["lowmem_limit"], lowmem.start, lowmem.end)


def zoom_regions(layout):
    """The kernel's top region, high_memory to 4 GiB: what the zoom shows."""
    return [r for r in virtual_regions(layout) if r.start >= layout["high_memory"]]


def split_name(layout):
    user = layout["page_offset"] // GIB
    return f"{user}G/{4 - user}G"


def ram_size(layout):
    return sum(b["size"] for b in layout["memory"])


def fmt_size(n):
    """Bytes as people say them: 768 MiB, 1.25 GiB, 4 KiB."""
    for unit, name in ((GIB, "GiB"), (MIB, "MiB"), (KIB, "KiB")):
        if n >= unit:
            v = n / unit
            return f"{v:.0f} {name}" if v == int(v) else f"{v:.2f} {name}"
    return f"{n} B"


def title(docs):
    layout, mi = docs["layout"], docs["meminfo"]
    return (f"{split_name(layout)} split, {fmt_size(ram_size(layout))} RAM: "
            f"LowTotal {fmt_size(mi['LowTotal'] * KIB)}, HighTotal {fmt_size(mi['HighTotal'] * KIB)} "
            f"(vmalloc {fmt_size(layout['vmalloc_size'])})")


def spread(ys, gap, lo=0.0, hi=1.0):
    """Label positions near ys (ascending), at least gap apart, inside [lo, hi].

    The gap shrinks when the labels would not fit otherwise."""
    if not ys:
        return []
    if len(ys) > 1:
        gap = min(gap, (hi - lo) / (len(ys) - 1))
    out = []
    for y in ys:  # upwards: each label at least gap above the previous one
        out.append(max(y, out[-1] + gap) if out else max(y, lo))
    out[-1] = min(out[-1], hi)
    for i in range(len(out) - 2, -1, -1):  # downwards: what the top pushed back
        out[i] = min(out[i], out[i + 1] - gap)
    return out


# --- drawing (matplotlib from here on) ---

def _pyplot():
    try:
        import matplotlib
    except ImportError as e:
        raise PlotDataError("drawing needs matplotlib: apt-get install python3-matplotlib") from e
    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: searchable SVG
    matplotlib.rcParams["svg.hashsalt"] = "meridian"  # stable ids: diffable SVG
    import matplotlib.pyplot as plt
    return plt


def _bar(ax, x, w, y0, y1, colour, gid, hatch=None):
    from matplotlib.patches import Rectangle
    rect = Rectangle((x, y0), w, max(y1 - y0, 0), facecolor=colour, edgecolor="#333333",
                     linewidth=0.6, hatch=hatch)
    rect.set_gid(gid)
    ax.add_patch(rect)


def _labelled_bar(ax, regions, x, w, to_y, prefix, side="right", gap=0.045, detail=True,
                  labels=None):
    """Draws regions as one bar and labels them (labels: those, or all), with leader lines."""
    for r in regions:
        _bar(ax, x, w, to_y(r.start), to_y(r.end), COLOURS.get(r.name, "#999999"),
             f"{prefix}-{r.name}", "//" if r.name == "hole" else None)
    if labels is not None:
        regions = labels
    mids = [(to_y(r.start) + to_y(r.end)) / 2 for r in regions]
    ys = spread(mids, gap)
    tx = x + w + 0.15 if side == "right" else x - 0.15
    for r, mid, y in zip(regions, mids, ys):
        text = r.name
        if detail:
            text += f"  {fmt_size(r.size)}\n0x{r.start:08x}-0x{r.end:08x}"
        ax.annotate(text, xy=(x + w if side == "right" else x, mid), xytext=(tx, y),
                    ha="left" if side == "right" else "right", va="center", fontsize=7,
                    arrowprops=dict(arrowstyle="-", color="#666666", linewidth=0.5))


def _draw_map(ax, docs, detail=True):
    """Physical RAM (left bar) and the 4 GiB virtual space (right bar) in one axes, y in [0, 1]."""
    from matplotlib.patches import Polygon
    layout = docs["layout"]
    phys = physical_regions(layout)
    p_lo, p_hi = phys[0].start, phys[-1].end

    def py(a):
        return (a - p_lo) / (p_hi - p_lo)

    def vy(a):
        return a / VA_TOP

    ps, pe, vs, ve = direct_map(layout)
    band = Polygon([(1.0, py(ps)), (2.0, vy(vs)), (2.0, vy(ve)), (1.0, py(pe))], closed=True,
                   facecolor=COLOURS["lowmem"], alpha=0.25, edgecolor=COLOURS["lowmem"])
    band.set_gid("direct-map")
    ax.add_patch(band)
    _labelled_bar(ax, phys, 0.0, 1.0, py, "phys", side="left", gap=0.09, detail=detail)
    virt = virtual_regions(layout)
    top = zoom_regions(layout)
    # The top region's small pieces are named in the zoom; here it gets one label.
    labels = [r for r in virt if r not in top] + [
        Region("top region (zoomed)" if detail else "vmalloc, fixmap, ...", top[0].start, VA_TOP)]
    _labelled_bar(ax, virt, 2.0, 1.0, vy, "virt", gap=0.07 if detail else 0.09, detail=detail,
                  labels=labels)
    if p_lo < 4 * GIB < p_hi:  # where 32-bit physical addressing ends: LPAE beyond
        ax.plot([-0.1, 1.1], [py(4 * GIB)] * 2, color="#cc0000", linewidth=1, linestyle="--")
        ax.text(0.5, py(4 * GIB), "4 GiB", color="#cc0000", fontsize=7, ha="center", va="bottom")
    ax.text(0.5, 1.05, "physical RAM", ha="center", fontsize=8)
    ax.text(2.5, 1.05, "virtual (4 GiB)", ha="center", fontsize=8)
    ax.text(0.5, -0.03, f"0x{p_lo:x}", ha="center", va="top", fontsize=6)
    ax.text(0.5, 1.005, f"0x{p_hi:x}", ha="center", va="bottom", fontsize=6)
    ax.set_xlim(-2.2 if detail else -1.4, 5.2 if detail else 4.4)
    ax.set_ylim(-0.06, 1.09)
    ax.axis("off")


def _draw_zoom(ax, layout):
    regions = zoom_regions(layout)
    lo, hi = regions[0].start, VA_TOP

    def zy(a):
        return (a - lo) / (hi - lo)

    _labelled_bar(ax, regions, 0.0, 1.0, zy, "zoom", gap=0.09)
    ax.text(0.5, 1.05, f"top region, to scale: 0x{lo:08x}-4 GiB", ha="center", fontsize=8)
    ax.set_xlim(-0.3, 4.0)
    ax.set_ylim(-0.06, 1.09)
    ax.axis("off")
    return zy


def _connect_zoom(fig, ax_map, ax_zoom, layout):
    from matplotlib.patches import ConnectionPatch
    lo = zoom_regions(layout)[0].start
    for va, zy in ((lo, 0.0), (VA_TOP, 1.0)):
        fig.add_artist(ConnectionPatch(xyA=(3.0, va / VA_TOP), coordsA=ax_map.transData,
                                       xyB=(0.0, zy), coordsB=ax_zoom.transData,
                                       color="#bbbbbb", linestyle=":", linewidth=0.8))


def save(fig, out_dir, name):
    os.makedirs(out_dir, exist_ok=True)
    paths = [os.path.join(out_dir, f"{name}.{ext}") for ext in ("svg", "png")]
    for p in paths:
        fig.savefig(p, dpi=150, metadata={"Date": None} if p.endswith(".svg") else None)
    return paths


def render(docs, out_dir, name):
    """One configuration: the map with its zoom.  Returns the files written."""
    plt = _pyplot()
    fig = plt.figure(figsize=(13, 8))
    ax_map = fig.add_axes([0.02, 0.04, 0.58, 0.86])
    ax_zoom = fig.add_axes([0.64, 0.04, 0.34, 0.86])
    _draw_map(ax_map, docs)
    _draw_zoom(ax_zoom, docs["layout"])
    _connect_zoom(fig, ax_map, ax_zoom, docs["layout"])
    fig.suptitle(f"Meridian memory layout: {title(docs)}", fontsize=11)
    paths = save(fig, out_dir, name)
    plt.close(fig)
    return paths


def render_grid(all_docs, out_dir, name, columns=3):
    """Several configurations, one small map each, in rows of `columns`."""
    plt = _pyplot()
    rows = (len(all_docs) + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(5.2 * columns, 4.6 * rows), squeeze=False)
    for ax, docs in zip(axes.flat, all_docs):
        _draw_map(ax, docs, detail=False)
        layout, mi = docs["layout"], docs["meminfo"]
        ax.set_title(f"{split_name(layout)}, {fmt_size(ram_size(layout))} RAM\n"
                     f"LowTotal {fmt_size(mi['LowTotal'] * KIB)}, "
                     f"HighTotal {fmt_size(mi['HighTotal'] * KIB)}", fontsize=9)
    for ax in list(axes.flat)[len(all_docs):]:
        ax.axis("off")
    fig.suptitle("Meridian: user/kernel split against RAM size", fontsize=12)
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    paths = save(fig, out_dir, name)
    plt.close(fig)
    return paths


def load(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return parse_console(f.read())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("render")
    r.add_argument("log")
    r.add_argument("--out", required=True)
    r.add_argument("--name", default="layout")
    g = sub.add_parser("grid")
    g.add_argument("logs", nargs="+")
    g.add_argument("--out", required=True)
    g.add_argument("--name", default="layout-grid")
    s = sub.add_parser("regions")
    s.add_argument("log")
    args = ap.parse_args(argv)
    try:
        if args.cmd == "render":
            paths = render(load(args.log), args.out, args.name)
        elif args.cmd == "grid":
            paths = render_grid([load(p) for p in args.logs], args.out, args.name)
        else:
            layout = load(args.log)["layout"]
            for reg in virtual_regions(layout) + physical_regions(layout):
                print(f"{reg.name:8} 0x{reg.start:09x}-0x{reg.end:09x} {fmt_size(reg.size)}")
            return 0
    except (OSError, PlotDataError, KeyError) as e:
        print(f"plot_layout: {e}", file=sys.stderr)
        return 1
    for p in paths:
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
