#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The data path of tools/plot_layout.py, from recorded boots: the regions
that the pictures draw, the direct map, and the refusals of bad logs."""
import contextlib
import io
import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "tools"))
import plot_layout as pl  # noqa: E402

MIB = 1 << 20
GIB = 1 << 30


def recorded(name):
    return pl.load(os.path.join(HERE, name))


class Recorded3G2G(unittest.TestCase):
    """3G/1G, 2 GiB of RAM at 0x80000000, vmalloc=240M: Linux's classic numbers."""

    def setUp(self):
        self.docs = recorded("layout-3g-2g.log")
        self.layout = self.docs["layout"]

    def test_virtual_regions(self):
        got = [(r.name, r.start, r.end) for r in pl.virtual_regions(self.layout)]
        self.assertEqual(got, [
            ("user", 0, 0xbf000000),
            ("modules", 0xbf000000, 0xbfe00000),
            ("pkmap", 0xbfe00000, 0xc0000000),
            ("lowmem", 0xc0000000, 0xf0000000),
            ("hole", 0xf0000000, 0xf0800000),
            ("vmalloc", 0xf0800000, 0xff800000),
            ("fdt", 0xff800000, 0xffc00000),
            ("fixmap", 0xffc00000, 0xfff00000),
            ("vector", 0xffff0000, 0xffff1000),
        ])

    def test_physical_regions(self):
        got = [(r.name, r.start, r.end) for r in pl.physical_regions(self.layout)]
        self.assertEqual(got, [("lowmem", 0x80000000, 0xb0000000),
                               ("highmem", 0xb0000000, 0x100000000)])

    def test_direct_map_is_linear(self):
        ps, pe, vs, ve = pl.direct_map(self.layout)
        self.assertEqual(pe - ps, ve - vs)
        self.assertEqual((ps, vs, ve - vs), (0x80000000, 0xc0000000, 768 * MIB))

    def test_zoom_is_the_top_region(self):
        self.assertEqual([r.name for r in pl.zoom_regions(self.layout)],
                         ["hole", "vmalloc", "fdt", "fixmap", "vector"])

    def test_names(self):
        self.assertEqual(pl.split_name(self.layout), "3G/1G")
        self.assertEqual(pl.ram_size(self.layout), 2 * GIB)
        self.assertEqual(self.docs["meminfo"]["VmallocTotal"], 240 * 1024)
        self.assertIn("3G/1G split, 2 GiB RAM", pl.title(self.docs))


class Recorded3G16G(unittest.TestCase):
    """16 GiB: highmem reaches 0x480000000, far above 4 GiB."""

    def test_highmem_above_4g(self):
        layout = recorded("layout-3g-16g.log")["layout"]
        high = pl.physical_regions(layout)[1]
        self.assertEqual((high.name, high.start, high.end), ("highmem", 0xb0000000, 0x480000000))
        self.assertEqual(pl.fmt_size(high.size), "15.25 GiB")


class BadInput(unittest.TestCase):
    def test_no_json(self):
        with self.assertRaises(pl.PlotDataError):
            pl.parse_console("booting\nmeridian# layout\n")

    def test_missing_meminfo(self):
        with open(os.path.join(HERE, "layout-3g-2g.log")) as f:
            text = "\n".join(l for l in f.read().splitlines() if "MemTotal" not in l)
        with self.assertRaises(pl.PlotDataError):
            pl.parse_console(text)

    def test_truncated_json(self):
        with self.assertRaises(pl.PlotDataError):
            pl.parse_console('{"regions": [{"name": "user"\n')

    def test_regions_out_of_order(self):
        layout = {"regions": [{"name": "a", "start": 10, "end": 20},
                              {"name": "b", "start": 15, "end": 30}]}
        with self.assertRaises(pl.PlotDataError):
            pl.virtual_regions(layout)

    def test_region_past_4g(self):
        layout = {"regions": [{"name": "a", "start": 10, "end": (1 << 32) + 1}]}
        with self.assertRaises(pl.PlotDataError):
            pl.virtual_regions(layout)


class BadShape(unittest.TestCase):
    """Documents that parse as JSON but lack what is drawn: a message, not a traceback."""

    def setUp(self):
        with open(os.path.join(HERE, "layout-3g-2g.log")) as f:
            self.text = f.read()
        self.layout = next(json.loads(l) for l in self.text.splitlines() if '"page_offset"' in l)

    def console_with(self, layout):
        return "\n".join(json.dumps(layout) if '"page_offset"' in l else l
                         for l in self.text.splitlines())

    def refused(self, layout):
        with self.assertRaises(pl.PlotDataError):
            pl.parse_console(self.console_with(layout))

    def test_recorded_is_accepted(self):
        pl.parse_console(self.console_with(self.layout))

    def test_region_without_start(self):
        del self.layout["regions"][1]["start"]
        self.refused(self.layout)

    def test_regions_not_a_list(self):
        self.layout["regions"] = 5
        self.refused(self.layout)

    def test_number_as_string(self):
        self.layout["lowmem_limit"] = "0xb0000000"
        self.refused(self.layout)

    def test_memory_missing(self):
        del self.layout["memory"]
        self.refused(self.layout)

    def test_main_reports_bad_input(self):
        self.layout["regions"] = [{"name": "user", "start": 0}]
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "bad.log")
            with open(log, "w") as f:
                f.write(self.console_with(self.layout))
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                self.assertEqual(pl.main(["render", log, "--out", tmp]), 1)
            self.assertIn("no whole number end", err.getvalue())
            self.assertEqual(sorted(os.listdir(tmp)), ["bad.log"])


class NoMatplotlib(unittest.TestCase):
    def test_render_says_what_to_install(self):
        saved = sys.modules.get("matplotlib")
        sys.modules["matplotlib"] = None  # import matplotlib raises ImportError
        try:
            err = io.StringIO()
            with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stderr(err):
                status = pl.main(["render", os.path.join(HERE, "layout-3g-2g.log"), "--out", tmp])
        finally:
            if saved is None:
                del sys.modules["matplotlib"]
            else:
                sys.modules["matplotlib"] = saved
        self.assertEqual(status, 1)
        self.assertIn("apt-get install python3-matplotlib", err.getvalue())


class Helpers(unittest.TestCase):
    def test_fmt_size(self):
        self.assertEqual(pl.fmt_size(4096), "4 KiB")
        self.assertEqual(pl.fmt_size(768 * MIB), "768 MiB")
        self.assertEqual(pl.fmt_size(GIB + GIB // 4), "1.25 GiB")
        self.assertEqual(pl.fmt_size(100), "100 B")

    def test_spread_keeps_order_gap_and_bounds(self):
        for ys in ([0.5, 0.5, 0.5], [0.0, 0.01, 0.99, 1.0], [0.9] * 30, []):
            out = pl.spread(ys, 0.1)
            self.assertEqual(len(out), len(ys))
            for a, b in zip(out, out[1:]):
                self.assertGreaterEqual(b - a, min(0.1, 1 / (len(ys) - 1)) - 1e-9)
            for y in out:
                self.assertTrue(-1e-9 <= y <= 1 + 1e-9)


if __name__ == "__main__":
    unittest.main()
