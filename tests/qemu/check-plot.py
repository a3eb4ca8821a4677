#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check-plot.py DIR NAME: the picture `./meridian plot` left in DIR shows
every region of the boot it drew: each virtual region of NAME.log's
`layout --json` is a shape in the SVG (id virt-NAME; zoom-NAME as well for
the top region), physical lowmem and highmem are shapes, every label is
text, and NAME.png is a PNG."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import plot_layout as pl  # noqa: E402


def main(out, name):
    docs = pl.load(os.path.join(out, f"{name}.log"))
    layout = docs["layout"]
    with open(os.path.join(out, f"{name}.svg"), encoding="utf-8") as f:
        svg = f.read()
    with open(os.path.join(out, f"{name}.png"), "rb") as f:
        png = f.read(8)
    want = [f"virt-{r.name}" for r in pl.virtual_regions(layout)]
    want += [f"zoom-{r.name}" for r in pl.zoom_regions(layout)]
    want += [f"phys-{r.name}" for r in pl.physical_regions(layout)]
    want.append("direct-map")
    texts = set(t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    missing = [i for i in want if f'id="{i}"' not in svg]
    # Every region is named in text: the top region's in the zoom, the rest on the map.
    unnamed = [r.name for r in pl.virtual_regions(layout) + pl.physical_regions(layout)
               if not any(t.startswith(r.name + " ") for t in texts)]
    ok = True
    if missing:
        print(f"check-plot: FAIL: no shape for {', '.join(missing)}")
        ok = False
    if unnamed:
        print(f"check-plot: FAIL: no label for {', '.join(unnamed)}")
        ok = False
    if png != b"\x89PNG\r\n\x1a\n":
        print("check-plot: FAIL: the PNG is not a PNG")
        ok = False
    if ok:
        print(f"check-plot: PASS ({len(want)} shapes, {len(texts)} labels)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
