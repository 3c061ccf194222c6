"""A trace read through h5py holds the same numbers careflow printed, and its tables hold a row
per patient and per unit-day."""

import math
import os
import shutil
import unittest

import h5py
import numpy as np

from harness import SCENARIOS, T975, careflow, printed_measures, scratch  # first: finds analysis/
import careflow_trace  # noqa: E402


class TraceRoundTrip(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch()
        cls.path = os.path.join(cls.dir, "baseline.h5")
        cls.done = careflow("run", os.path.join(SCENARIOS, "baseline.toml"), "--days", "30",
                           "--replications", "5", "--out", cls.path)
        cls.trace = careflow_trace.open_trace(cls.path)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def test_every_printed_mean_and_interval_is_the_traces(self):
        summary = self.trace.summary()
        printed = printed_measures(self.done.stdout, summary["measure"].unique())
        self.assertEqual(len(printed), summary["measure"].nunique())
        self.assertGreater(len(printed), 40)
        for measure, (mean_text, ci_text, unit) in printed.items():
            values = summary[summary["measure"] == measure]["value"].to_numpy()
            self.assertEqual(len(values), 5, measure)
            # Printed to 4 decimals: equal to within half a unit of the last place (the two sums
            # may differ in the last bit, which could flip a rounding).
            self.assertLessEqual(abs(float(mean_text) - values.mean()), 0.5e-4 + 1e-12 * abs(values.mean()),
                                 measure)
            half_width = T975[4] * values.std(ddof=1) / math.sqrt(5)
            self.assertLessEqual(abs(float(ci_text) - half_width), 0.5e-4 + 1e-12 * half_width, measure)
            self.assertEqual(summary[summary["measure"] == measure]["unit"].iloc[0], unit)

    def test_the_run_is_identified(self):
        attrs = self.trace.attrs
        self.assertEqual(attrs["format"], "careflow-trace")
        self.assertEqual(int(attrs["format_version"]), 1)
        self.assertEqual(attrs["scenario_name"], "baseline")
        self.assertEqual(int(attrs["replications"]), 5)
        self.assertIn("--replications 5", attrs["command_line"])
        self.assertIn("[acute]", attrs["scenario_text"])
        self.assertIn("days = 30", attrs["scenario_text"])  # the override, resolved
        self.assertEqual(attrs["trace_level"], "patients")

    def test_tables_have_a_row_per_patient_and_unit_day(self):
        patients = self.trace.patients()
        daily = self.trace.daily()
        units = self.trace.codes["unit"]
        self.assertEqual(units[0], "acute")
        days = self.trace.days + self.trace.warmup_days
        self.assertEqual(len(daily), 5 * len(units) * days)
        for r in range(5):
            p = patients[patients["replication"] == r]
            # Arrivals after the warm-up match the measure, to the last bit.
            arrivals = (p["arrival_day"] >= self.trace.warmup_days).sum()
            measured = self.trace.summary()
            per_day = measured[(measured["replication"] == r)
                               & (measured["measure"] == "admissions per day")]["value"].iloc[0]
            self.assertEqual(arrivals / self.trace.days, per_day)
        self.assertTrue(set(patients["pathway"].unique()) <= {"P0", "P1", "P2", "P3"})
        self.assertTrue(np.all(patients["delay_days"].dropna() >= 0))


class SameTraceAnyThreads(unittest.TestCase):
    def test_one_and_two_threads_write_identical_traces(self):
        directory = scratch()
        try:
            paths = []
            for threads in ["1", "2"]:
                path = os.path.join(directory, f"threads{threads}.h5")
                careflow("run", os.path.join(SCENARIOS, "pull.toml"), "--days", "20",
                         "--replications", "4", "--threads", threads, "--trace", "events",
                         "--out", path)
                paths.append(path)
            one, two = (h5py.File(p, "r") for p in paths)
            names = []
            one.visititems(lambda name, obj: names.append(name) if isinstance(obj, h5py.Dataset) else None)
            self.assertGreater(len(names), 40)
            for name in names:
                a, b = one[name][()], two[name][()]
                if a.dtype.kind == "f":
                    self.assertTrue(np.array_equal(a, b, equal_nan=True), name)
                else:
                    self.assertTrue(np.array_equal(a, b), name)
            for key in one.attrs:
                if key not in ("created", "command_line"):
                    self.assertEqual(one.attrs[key], two.attrs[key], key)
        finally:
            shutil.rmtree(directory)


if __name__ == "__main__":
    unittest.main()
