"""`careflow report` renders one self-contained page with every chart and the key measures, and
refuses bad input with exit code 2 and no page."""

import base64
import os
import re
import shutil
import unittest

from harness import SCENARIOS, careflow, scratch

CHARTS = ["occupancy", "nctr", "delays", "ed-waits", "community-queues", "cost"]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class Report(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch()
        cls.traces = []
        for name in ["baseline", "pull"]:
            path = os.path.join(cls.dir, f"{name}.h5")
            careflow("run", os.path.join(SCENARIOS, f"{name}.toml"), "--days", "30",
                     "--replications", "3", "--out", path)
            cls.traces.append(path)
        cls.html_path = os.path.join(cls.dir, "report.html")
        cls.png_path = os.path.join(cls.dir, "report.png")
        careflow("report", *cls.traces, "--html", cls.html_path, "--png", cls.png_path)
        with open(cls.html_path, encoding="utf-8") as f:
            cls.html = f.read()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def test_every_chart_is_an_embedded_image(self):
        for chart in CHARTS:
            match = re.search(rf'<figure id="chart-{chart}">.*?src="data:image/png;base64,([^"]+)"',
                              self.html, re.S)
            self.assertIsNotNone(match, chart)
            image = base64.b64decode(match.group(1))
            self.assertTrue(image.startswith(PNG_MAGIC), chart)
            self.assertGreater(len(image), 10_000, f"{chart}: too small to hold a chart")
            self.assertNotIn("no daily series", self.html)
            self.assertNotIn("no patient table", self.html)

    def test_the_page_is_self_contained(self):
        self.assertNotRegex(self.html, r'src="(?!data:)')
        self.assertNotRegex(self.html, r'<link ')

    def test_the_key_measures_table_compares_the_scenarios(self):
        table = re.search(r'<table id="key-measures">(.*?)</table>', self.html, re.S).group(1)
        for measure in ["acute occupancy", "NCTR patients in acute beds", "delay days", "ED wait",
                        "cost per day"]:
            self.assertIn(f"<th>{measure}</th>", table)
        self.assertIn("pull − baseline", table)

    def test_the_units_table_shows_every_unit_of_the_network(self):
        table = re.search(r'<table id="units">(.*?)</table>', self.html, re.S).group(1)
        for measure in ["utilisation packages_north", "people supported packages_north",
                        "utilisation care_home_south", "waiting to move on from p1_north",
                        "waiting to move on from p3_central"]:
            self.assertIn(f"<th>{measure}</th>", table)
        self.assertNotIn("<th>acute occupancy</th>", table)

    def test_the_picture_is_written_too(self):
        with open(self.png_path, "rb") as f:
            self.assertTrue(f.read(8) == PNG_MAGIC)

    def test_bad_input_gives_exit_code_2_and_no_page(self):
        not_hdf5 = os.path.join(self.dir, "notes.h5")
        with open(not_hdf5, "w") as f:
            f.write("not a trace\n")
        page = os.path.join(self.dir, "bad.html")
        done = careflow("report", self.traces[0], not_hdf5, "--html", page, expect=2)
        self.assertIn("not an HDF5 file", done.stderr)
        self.assertFalse(os.path.exists(page))
        self.assertEqual(sorted(os.listdir(self.dir)),
                         sorted(["baseline.h5", "pull.h5", "report.html", "report.png", "notes.h5"]))


if __name__ == "__main__":
    unittest.main()
