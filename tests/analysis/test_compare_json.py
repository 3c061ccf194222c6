"""`careflow compare --format json` gives the numbers an analyst computes from the patient tables:
per replication, then the mean across replications, and the paired difference."""

import json
import math
import os
import shutil
import unittest

import h5py
import numpy as np

from harness import SCENARIOS, T975, careflow, scratch  # first: finds analysis/
import careflow_trace  # noqa: E402

REPLICATIONS = 4


def from_patients(trace):
    """Measures per replication, computed the way docs/model.md defines them."""
    patients = trace.patients()
    warmup, days = trace.warmup_days, trace.days
    measures = {"admissions per day": [], "ED wait": [], "ED waits over 12 hours": [],
                "delay days": [], "delay days P2 mean": [], "excess bed days per day": []}
    for r in range(trace.replications):
        p = patients[patients["replication"] == r]
        arrived = p[p["arrival_day"] >= warmup]
        measures["admissions per day"].append(len(arrived) / days)
        admitted = arrived[arrived["admitted_day"].notna()]
        hours = (admitted["admitted_day"] - admitted["arrival_day"]) * 24
        measures["ED wait"].append(hours.mean())
        measures["ED waits over 12 hours"].append((hours > 12).mean())
        delayed = p[(p["ready_day"] >= warmup) & p["delay_days"].notna() & (p["pathway"] != "P0")]
        measures["delay days"].append(delayed["delay_days"].mean())
        measures["delay days P2 mean"].append(delayed[delayed["pathway"] == "P2"]["delay_days"].mean())
        measures["excess bed days per day"].append(delayed["delay_days"].sum() / days)
    return measures


class CompareJson(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch()
        cls.paths = []
        for name in ["baseline", "pull_resourced"]:
            path = os.path.join(cls.dir, f"{name}.h5")
            careflow("run", os.path.join(SCENARIOS, f"{name}.toml"), "--days", "45",
                     "--replications", str(REPLICATIONS), "--out", path)
            cls.paths.append(path)
        cls.json = json.loads(careflow("compare", *cls.paths, "--format", "json").stdout)
        cls.tables = [from_patients(careflow_trace.open_trace(p)) for p in cls.paths]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def measure(self, name):
        return next(m for m in self.json["measures"] if m["name"] == name)

    def test_means_and_paired_differences_equal_the_patient_tables(self):
        for name in self.tables[0]:
            m = self.measure(name)
            base, pull = (np.array(t[name]) for t in self.tables)
            for k, values in enumerate([base, pull]):
                self.assertTrue(math.isclose(m["scenarios"][k]["mean"], values.mean(),
                                             rel_tol=1e-12, abs_tol=1e-12), name)
                half = T975[REPLICATIONS - 1] * values.std(ddof=1) / math.sqrt(REPLICATIONS)
                self.assertTrue(math.isclose(m["scenarios"][k]["ci_half_width"], half,
                                             rel_tol=1e-9, abs_tol=1e-12), name)
            d = m["differences"][0]
            self.assertTrue(d["paired"], "both runs use the scenario's seed")
            self.assertEqual(d["pairs"], REPLICATIONS)
            diff = pull - base
            self.assertTrue(math.isclose(d["mean"], diff.mean(), rel_tol=1e-9, abs_tol=1e-12), name)
            half = T975[REPLICATIONS - 1] * diff.std(ddof=1) / math.sqrt(REPLICATIONS)
            self.assertTrue(math.isclose(d["ci_half_width"], half, rel_tol=1e-9, abs_tol=1e-12), name)

    def test_resourced_pull_shortens_delays_in_this_run(self):
        # Not a tautology: the compared figures carry the policy's effect.
        d = self.measure("delay days")["differences"][0]
        self.assertLess(d["mean"] + d["ci_half_width"], 0)

    def test_the_files_are_listed(self):
        self.assertEqual([s["label"] for s in self.json["scenarios"]], ["baseline", "pull_resourced"])
        self.assertEqual([s["replications"] for s in self.json["scenarios"]], [REPLICATIONS] * 2)


class CompareErrors(unittest.TestCase):
    """Each kind of bad input: a message naming the file, exit code 2."""

    @classmethod
    def setUpClass(cls):
        cls.dir = scratch()
        cls.good = os.path.join(cls.dir, "good.h5")
        careflow("run", os.path.join(SCENARIOS, "blocking.toml"), "--days", "20",
                 "--replications", "2", "--trace", "summary", "--out", cls.good)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def variant(self, name, change):
        path = os.path.join(self.dir, name)
        shutil.copy(self.good, path)
        with h5py.File(path, "r+") as f:
            change(f)
        return path

    def expect_error(self, path, message, names_path=True):
        done = careflow("compare", self.good, path, expect=2)
        self.assertIn(f"careflow: error: {path}: {message}" if names_path else message, done.stderr)

    def test_a_truncated_file(self):
        path = os.path.join(self.dir, "truncated.h5")
        with open(self.good, "rb") as f:
            data = f.read()
        with open(path, "wb") as f:
            f.write(data[: len(data) // 2])
        self.expect_error(path, "damaged or truncated HDF5 file")

    def test_a_file_of_another_format_version(self):
        path = self.variant("v2.h5", lambda f: f.attrs.modify("format_version", 2))
        self.expect_error(path, "trace format version 2; this careflow reads version 1")

    def test_runs_that_cannot_be_compared(self):
        def other_units(f):
            units = f["measures/unit"].asstr()[()]
            del f["measures/unit"]
            f["measures/unit"] = [u + " per thousand" for u in units]
        path = self.variant("other_units.h5", other_units)
        self.expect_error(path, "cannot compare: 'admissions per day' is in patients/day in "
                                "blocking (good.h5) and in patients/day per thousand in blocking "
                                "(other_units.h5)", names_path=False)


if __name__ == "__main__":
    unittest.main()
