"""A run of several care systems keeps each one's results: three South West care systems of
england.toml, with patients crossing between them. The trace names the care systems, holds a row
of measures for each (England's counts are their sums), each one's patient table, and the daily
series of every unit of every care system; the printed --by-ics table has a row per care system."""

import csv
import io
import json
import math
import os
import shutil
import subprocess
import unittest

import sys

import h5py
import numpy as np

from harness import CAREFLOW, SCENARIOS, SOURCE_DIR, T975, careflow, scratch  # first: finds analysis/
import careflow_trace  # noqa: E402

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
            frame = careflow_trace.open_trace(self.path).by_system()
            rows = frame[(frame["replication"] == int(r)) & (frame["measure"] == "delay days")]
            self.assertEqual(list(rows["system"]), systems)
            self.assertEqual(list(rows["value"]), list(values[:, names.index("delay days")]))
            self.assertEqual(set(rows["region"]), {"South West"})
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


class CompareByCareSystem(unittest.TestCase):
    """`compare --by-ics` and `report` care system by care system: each one's paired difference
    from its own rows of the two traces, its own steady-state warning, and the report's section."""

    @classmethod
    def setUpClass(cls):
        cls.dir = scratch()
        cls.scenario = scenario = os.path.join(cls.dir, "south_west.toml")
        with open(scenario, "w") as f:
            f.write(f'extends = "{os.path.join(SCENARIOS, "england.toml")}"\n'
                    "[systems]\n"
                    f'table = "{os.path.join(SCENARIOS, "data", "england_icbs.csv")}"\n'
                    'only = ["QSL", "QOX", "QUY"]\n')
        cls.a, cls.b = (os.path.join(cls.dir, name) for name in ("a.h5", "b.h5"))
        common = ["--days", "60", "--replications", "3", "--trace", "summary"]
        careflow("run", scenario, *common, "--out", cls.a)
        careflow("run", scenario, *common, "--set", "discharge.weekend_discharge_share=0.8", "--out", cls.b)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    @staticmethod
    def system_values(path):
        with h5py.File(path, "r") as f:
            names = list(f["measures/name"].asstr()[()])
            systems = list(f["codes/system"].asstr()[()])
            values = np.array([f[f"replications/{r:05d}/by_system/value"][()].reshape(len(systems), len(names))
                               for r in range(len(f["replications"]))])
        return names, systems, values  # values[replication, system, measure]

    def test_each_care_systems_difference_is_paired_from_its_own_rows(self):
        comparison = json.loads(careflow("compare", self.a, self.b, "--format", "json").stdout)
        names, systems, a = self.system_values(self.a)
        _, _, b = self.system_values(self.b)
        self.assertEqual([s["code"] for s in comparison["systems"]], systems)
        for i, system in enumerate(comparison["systems"]):
            rows = {m["name"]: m for m in system["measures"]}
            for measure in ("NCTR patients in acute beds", "delay days", "acute occupancy"):
                m = names.index(measure)
                differences = b[:, i, m] - a[:, i, m]
                d = rows[measure]["differences"][0]
                self.assertTrue(d["paired"])
                self.assertAlmostEqual(d["mean"], differences.mean(), places=9)
                self.assertAlmostEqual(d["ci_half_width"],
                                       T975[2] * differences.std(ddof=1) / math.sqrt(3), places=9)
                self.assertAlmostEqual(rows[measure]["scenarios"][0]["mean"], a[:, i, m].mean(), places=9)
        # A difference between the care systems shows in their own rows, not only in England's.
        nctr = [s["measures"][names.index("NCTR patients in acute beds")]["scenarios"][0]["mean"]
                for s in comparison["systems"]]
        self.assertEqual(len(set(nctr)), 3)

    def test_each_care_systems_warning_comes_from_the_levels_that_name_it(self):
        # Stays four times as long in one locality's group: every care system's beds overflow.
        overloaded = os.path.join(self.dir, "overloaded.h5")
        careflow("run", self.scenario, "--days", "60", "--replications", "3", "--trace", "summary",
                 "--set", 'groups.north.stay={distribution="lognormal", median=6, mean=20}',
                 "--out", overloaded)
        comparison = json.loads(careflow("compare", overloaded, self.a, "--format", "json").stdout)
        with h5py.File(overloaded, "r") as f:
            levels = list(f["steady_state/level"].asstr()[()])
            rising = f["steady_state/rising"][()]
        for system in comparison["systems"]:
            self.assertIn(f"{system['code']} admission queue grows", system["steady_state_warnings"][0])
            for other in comparison["systems"]:
                if other is not system:
                    self.assertNotIn(other["code"], system["steady_state_warnings"][0])
            own = [level for level, up in zip(levels, rising)
                   if up and (level.startswith(system["code"] + " ") or f" {system['code']} " in level)]
            warning = system["steady_state_warnings"][0]
            if own:
                for level in own:
                    self.assertIn(level, warning)
            else:
                self.assertIsNone(warning)

    def test_the_table_and_the_csv_have_every_care_system(self):
        table = careflow("compare", self.a, self.b, "--by-ics").stdout.split("by care system")[1]
        for code in ("QSL", "QOX", "QUY"):
            self.assertIn(f"  {code} ", table)
        self.assertIn("NCTR patients in acute beds [1]", table)
        text = careflow("compare", self.a, self.b, "--by-ics", "--format", "csv").stdout
        per_system = text[text.index("system,measure,"):]
        rows = list(csv.DictReader(io.StringIO(per_system)))
        names, systems, _ = self.system_values(self.a)
        self.assertEqual(len(rows), len(systems) * len(names) * 2)
        self.assertEqual({row["system"] for row in rows}, set(systems))
        bad = careflow("compare", self.a, self.b, "--by-ics", "--measure", "no such measure", expect=2)
        self.assertIn("no such measure", bad.stderr)

    def test_one_care_systems_runs_are_not_compared_by_care_system(self):
        one = os.path.join(self.dir, "one.h5")
        careflow("run", os.path.join(SCENARIOS, "baseline.toml"), "--days", "20", "--replications", "2",
                 "--trace", "summary", "--out", one)
        done = careflow("compare", one, self.a, "--by-ics", expect=2)
        self.assertIn("one care system", done.stderr)
        careflow("compare", one, self.a)  # England's own measures still compare

    def test_the_report_has_a_section_by_care_system(self):
        page = os.path.join(self.dir, "report.html")
        careflow("report", self.a, self.b, "--html", page)
        with open(page, encoding="utf-8") as f:
            text = f.read()
        self.assertIn('id="chart-by-care-system"', text)
        table = text[text.index('id="by-care-system"'):]
        table = table[:table.index("</table>")]
        self.assertEqual(table.count("<tr>") - 1, 3)
        for code in ("QSL", "QOX", "QUY"):
            self.assertIn(f"<th>{code}</th>", table)


if __name__ == "__main__":
    unittest.main(verbosity=2)
