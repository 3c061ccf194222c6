"""A run of several care systems keeps each one's results: three South West care systems of
england.toml, with patients crossing between them. The trace names the care systems, holds a row
of measures for each (England's counts are their sums), each one's patient table, and the daily
series of every unit of every care system; the printed --by-ics table has a row per care system."""

import os
import shutil
import subprocess
import unittest

import sys

import h5py

from harness import CAREFLOW, SCENARIOS, SOURCE_DIR, careflow, scratch  # first: finds analysis/

sys.path.insert(0, os.path.join(SOURCE_DIR, "scripts"))
import same_datasets  # noqa: E402


class SystemsTrace(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch()
        cls.scenario = os.path.join(cls.dir, "south_west.toml")
        with open(cls.scenario, "w") as f:
            f.write(f'extends = "{os.path.join(SCENARIOS, "england.toml")}"\n'
                    "[systems]\n"
                    f'table = "{os.path.join(SCENARIOS, "data", "england_icbs.csv")}"\n'
                    'only = ["QSL", "QOX", "QUY"]\n')
        cls.path = os.path.join(cls.dir, "sw.h5")
        careflow("run", cls.scenario, "--days", "30", "--replications", "2", "--out", cls.path)
        cls.file = h5py.File(cls.path, "r")

    @classmethod
    def tearDownClass(cls):
        cls.file.close()
        shutil.rmtree(cls.dir)

    def test_each_care_system_has_a_row_of_measures_summing_to_england(self):
        names = list(self.file["measures/name"].asstr()[()])
        systems = list(self.file["codes/system"].asstr()[()])
        self.assertEqual(sorted(systems), ["QOX", "QSL", "QUY"])
        self.assertEqual(len(self.file["codes/system_region"]), 3)
        for r in ("00000", "00001"):
            group = self.file[f"replications/{r}"]
            values = group["by_system/value"][()].reshape(len(systems), len(names))
            self.assertEqual(list(group["by_system/system"][()][:: len(names)]), [0, 1, 2])
            england = group["summary/value"][()]
            for measure in ("admissions per day", "NCTR patients in acute beds",
                            "residents' emergency admissions per day"):
                i = names.index(measure)
                self.assertAlmostEqual(values[:, i].sum(), england[i], places=6)
                self.assertTrue((values[:, i] > 0).all(), measure)
            # Residents admitted elsewhere are counted by their home care system.
            i = names.index("admitted in another care system per day")
            self.assertTrue((values[:, i] > 0).all())

    def test_each_care_system_has_its_patients_and_units(self):
        group = self.file["replications/00000"]
        for i in range(3):
            patients = group[f"by_system/system_{i}/patients"]
            self.assertGreater(len(patients["arrival_day"]), 10000)
        units = list(self.file["codes/unit"].asstr()[()])
        for code in ("QSL", "QOX", "QUY"):
            self.assertIn(f"{code} acute", units)

    def test_every_dataset_is_the_same_on_one_thread_two_and_blocked_by_region(self):
        runs = {}
        for name, flags in (("one", ["--threads", "1"]), ("two", ["--threads", "2"]),
                            ("region", ["--threads", "2", "--partition", "region"])):
            runs[name] = os.path.join(self.dir, f"{name}.h5")
            careflow("run", self.scenario, "--days", "20", "--replications", "2", "--trace", "events",
                     "--out", runs[name], *flags)
        for other in ("two", "region"):
            diff, count = same_datasets.differences(runs["one"], runs[other])
            self.assertEqual(diff, [], other)
            self.assertGreater(count, 40)

    def test_the_printed_table_has_a_row_per_care_system(self):
        done = subprocess.run([CAREFLOW, "run", self.scenario, "--days", "10", "--replications", "1",
                               "--by-ics"], capture_output=True, text=True, check=True)
        table = done.stdout.split("by care system")[1]
        for code in ("QSL", "QOX", "QUY"):
            self.assertIn(f"  {code} ", table)


if __name__ == "__main__":
    unittest.main(verbosity=2)
