"""Damaged and hostile traces: `careflow compare` and `careflow report` never crash on them and
never print a Python traceback. Each damage either gets a clear message naming the file and
exit code 2 (and no page), or a documented behaviour: a measure whose values are not finite
numbers is shown as n/a, with a warning naming the file and the measure."""

import json
import os
import shutil
import unittest

import h5py
import numpy as np

from harness import SCENARIOS, careflow, scratch


class HostileTraces(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch()
        cls.good = os.path.join(cls.dir, "good.h5")
        careflow("run", os.path.join(SCENARIOS, "blocking.toml"), "--days", "20",
                 "--replications", "2", "--out", cls.good)
        with h5py.File(cls.good, "r") as f:
            cls.measures = [n.decode() for n in f["measures"]["name"][()]]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def damaged(self, name, damage):
        """A copy of the good trace with `damage(file)` applied."""
        path = os.path.join(self.dir, f"{name}.h5")
        shutil.copy(self.good, path)
        with h5py.File(path, "r+") as f:
            damage(f)
        return path

    def assert_refused(self, path, message):
        """compare and report both exit 2 with exactly `message`, and report leaves no page."""
        done = careflow("compare", self.good, path, expect=2)
        self.assertEqual(done.stderr, f"careflow: error: {path}: {message}\n")
        page = os.path.join(self.dir, "refused.html")
        done = careflow("report", self.good, path, "--html", page, expect=2)
        self.assertEqual(done.stderr, f"careflow: error: {path}: {message}\n")
        self.assertNotIn("Traceback", done.stderr)
        self.assertFalse(os.path.exists(page))
        self.assertEqual([n for n in os.listdir(self.dir) if n.startswith(".")], [])

    def replace(self, f, dataset_path, values):
        del f[dataset_path]
        f[dataset_path] = values

    # --- values that are not finite numbers: shown as n/a -------------------------------------

    def check_not_finite(self, bad_value):
        measure = self.measures.index("delay days")

        def damage(f):
            values = f["replications/00001/summary/value"][()]
            values[measure] = bad_value
            self.replace(f, "replications/00001/summary/value", values)

        path = self.damaged(f"value_{bad_value}", damage)
        done = careflow("compare", self.good, path)
        self.assertEqual(done.stderr, f"careflow: warning: {path}: 'delay days' is not a finite "
                                      "number in 1 of 2 replications; shown as n/a\n")
        row = next(line for line in done.stdout.splitlines() if line.strip().startswith("delay days "))
        self.assertIn("n/a", row)
        self.assertNotIn("nan", row.lower())
        compared = json.loads(careflow("compare", self.good, path, "--format", "json").stdout)
        entry = next(m for m in compared["measures"] if m["name"] == "delay days")
        self.assertEqual(entry["scenarios"][1], {"mean": None, "ci_half_width": None,
                                                 "replications": 2, "not_finite": True})
        self.assertIsNone(entry["differences"][0])
        # Every other measure is still compared.
        other = next(m for m in compared["measures"] if m["name"] == "acute occupancy")
        self.assertIsNotNone(other["differences"][0])
        csv = careflow("compare", self.good, path, "--format", "csv").stdout
        self.assertIn(f"delay days,days,blocking (value_{bad_value}.h5),2,2,n/a,,,,,\n", csv)

        page = os.path.join(self.dir, f"not_finite_{bad_value}.html")
        done = careflow("report", self.good, path, "--html", page)
        self.assertNotIn("Traceback", done.stderr)
        with open(page, encoding="utf-8") as f:
            html = f.read()
        self.assertRegex(html, r"<th>delay days</th><td>days</td><td>[^<]+</td><td>n/a</td><td>-</td>")

    def test_nan_values_are_shown_as_not_available(self):
        self.check_not_finite(np.nan)

    def test_infinite_values_are_shown_as_not_available(self):
        self.check_not_finite(np.inf)

    # --- damage that makes a trace unreadable: exit 2 with the reason -------------------------

    def test_missing_measures_group(self):
        path = self.damaged("no_measures", lambda f: f.__delitem__("measures"))
        self.assert_refused(path, "no group 'measures'")

    def test_missing_summary_of_a_replication(self):
        path = self.damaged("no_summary", lambda f: f.__delitem__("replications/00001/summary"))
        self.assert_refused(path, "no group 'summary'")

    def test_an_extra_replication_group(self):
        path = self.damaged("extra_replication",
                            lambda f: f.copy("replications/00001", "replications/00002"))
        self.assert_refused(path, "the file says 2 replications but holds 3")

    def test_replication_count_that_disagrees_with_the_contents(self):
        def damage(f):
            f.attrs["replications"] = np.int64(5)
        path = self.damaged("count_disagrees", damage)
        self.assert_refused(path, "the file says 5 replications but holds 2")

    def test_a_measure_list_that_disagrees_with_the_values(self):
        def damage(f):
            self.replace(f, "measures/name", np.array([b"a", b"b", b"c"], dtype=object).astype(
                h5py.string_dtype()))
            self.replace(f, "measures/unit", np.array(["x", "y", "z"], dtype=h5py.string_dtype()))
        path = self.damaged("measure_list", damage)
        self.assert_refused(path, f"replication 00000 has {len(self.measures)} measures, "
                                  "the file lists 3")

    def test_column_of_the_wrong_length(self):
        def damage(f):
            self.replace(f, "replications/00001/summary/value", np.zeros(3))
        path = self.damaged("short_column", damage)
        self.assert_refused(path, f"replication 00001 has 3 measures, the file lists "
                                  f"{len(self.measures)}")

    def test_names_and_units_of_different_lengths(self):
        def damage(f):
            self.replace(f, "measures/unit", np.array(["x"], dtype=h5py.string_dtype()))
        path = self.damaged("units_short", damage)
        self.assert_refused(path, "measures/name and measures/unit differ in length")

    def test_column_of_the_wrong_type(self):
        def damage(f):
            self.replace(f, "replications/00000/summary/value",
                         np.array(["x"] * len(self.measures), dtype=h5py.string_dtype()))
        path = self.damaged("text_values", damage)
        self.assert_refused(path, "column 'value' is not numeric")

    def test_names_that_are_not_text(self):
        def damage(f):
            self.replace(f, "measures/name", np.arange(len(self.measures), dtype=np.float64))
        path = self.damaged("numeric_names", damage)
        self.assert_refused(path, "column 'name' is not a column of strings")

    def test_a_table_instead_of_a_column(self):
        def damage(f):
            self.replace(f, "replications/00000/summary/value", np.zeros((2, len(self.measures))))
        path = self.damaged("two_dimensional", damage)
        self.assert_refused(path, "'value' is not a column")

    def test_an_attribute_of_the_wrong_type(self):
        def damage(f):
            f.attrs["seed"] = "one"
        path = self.damaged("seed_text", damage)
        self.assert_refused(path, "attribute 'seed' is not a number")

    def test_an_older_format_version(self):
        def damage(f):
            f.attrs["format_version"] = np.int64(0)
        path = self.damaged("old_version", damage)
        self.assert_refused(path, "trace format version 0; this careflow reads version 1")

    def test_a_damaged_daily_table_is_refused_by_the_report_with_its_reason(self):
        def damage(f):
            self.replace(f, "replications/00000/daily/queue", np.zeros(3))
        path = self.damaged("daily_short", damage)
        careflow("compare", self.good, path)  # the measures themselves are intact
        page = os.path.join(self.dir, "daily.html")
        done = careflow("report", self.good, path, "--html", page, expect=2)
        self.assertEqual(done.stderr, f"report: error: {path}: cannot read the daily table: "
                                      "replication 00000: its columns differ in length\n")
        self.assertFalse(os.path.exists(page))

    def test_unknown_codes_in_the_patient_table_are_refused_by_the_report(self):
        def damage(f):
            pathway = f["replications/00000/patients/pathway"][()]
            pathway[0] = 200
            self.replace(f, "replications/00000/patients/pathway", pathway)
        path = self.damaged("bad_codes", damage)
        page = os.path.join(self.dir, "codes.html")
        done = careflow("report", self.good, path, "--html", page, expect=2)
        self.assertTrue(done.stderr.startswith(f"report: error: {path}: cannot read the patients table: "),
                        done.stderr)
        self.assertNotIn("Traceback", done.stderr)
        self.assertFalse(os.path.exists(page))


if __name__ == "__main__":
    unittest.main()
