"""The bundled sweeps give the answers they are there to show (label `long`: run once by CI, in
the release build). blocking_capacity.toml: delay falls as community capacity grows, each step's
paired difference below zero while delays last. baseline_sobol.toml: Sobol indices whose
first-order sum is at most 1 within its interval, and P1 capacity and home first's share (the
load on reablement) the largest total indices.
package_capacity.toml: fewer home-care packages hold more reablement places, lengthen P1 delays
and keep more medically ready patients in acute beds (the chain), paired by replication."""

import json
import os
import shutil
import unittest

import numpy as np

from harness import SCENARIOS, careflow, scratch
import careflow_trace as ct

SWEEPS = os.path.join(SCENARIOS, "sweeps")


class BundledSweeps(unittest.TestCase):
    def setUp(self):
        self.dir = scratch()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def indices(self, name, measure):
        out = os.path.join(self.dir, name + ".h5")
        careflow("sweep", os.path.join(SWEEPS, name + ".toml"), "--out", out)
        done = careflow("sensitivity", out, "--format", "json", "--measure", measure)
        return json.loads(done.stdout)

    def test_delay_falls_as_community_capacity_grows(self):
        report = self.indices("blocking_capacity", "delay days")
        rows = [r for r in report["rows"] if r["method"] == "main effect"]
        means = [r["value"] for r in rows if r["statistic"] == "mean"]
        differences = [r for r in rows if r["statistic"] == "difference"]
        self.assertEqual(len(means), 9)
        self.assertEqual(means, sorted(means, reverse=True), "delay falls at every step")
        self.assertGreater(means[0], 1.0, "190 places (utilisation 0.99) keeps patients waiting days")
        self.assertLess(means[-1], 0.01, "230 places leaves almost no delay")
        # Paired by replication: every step's difference lies below zero, interval included.
        for d in differences[:6]:
            self.assertLess(d["high"], 0.0, d)
        self.assertIsNone(report["steady_state_warning"])

    def test_sobol_indices_of_the_baseline(self):
        report = self.indices("baseline_sobol", "delay days")
        rows = {(r["factor"], r["statistic"]): r for r in report["rows"] if r["method"] == "sobol"}
        factors = ["p1_capacity", "p2_capacity", "p3_capacity", "home_first_share", "reserve_days_ahead"]
        # The two factors that set the load on reablement (its places, and how many P2/P3
        # decisions home first moves onto it) lead: each one's total index, interval included,
        # lies above every other factor's.
        for lead in ["p1_capacity", "home_first_share"]:
            for other in ["p2_capacity", "p3_capacity", "reserve_days_ahead"]:
                self.assertGreater(rows[(lead, "ST")]["low"], rows[(other, "ST")]["high"], (lead, other))
        first_sum = rows[("", "sum S1")]
        self.assertLessEqual(first_sum["low"], 1.0, first_sum)
        for f in factors:
            s1, st = rows[(f, "S1")], rows[(f, "ST")]
            self.assertLessEqual(s1["low"], st["high"], f)  # S1 <= ST within error
            self.assertGreaterEqual(st["value"], 0.0, f)

    def test_fewer_packages_block_reablement_and_acute_beds(self):
        out = os.path.join(self.dir, "packages.h5")
        careflow("sweep", os.path.join(SWEEPS, "package_capacity.toml"), "--out", out)
        frame = ct.open_sweep(out).results()
        at = {level: frame[frame.package_places == level].sort_values("replication") for level in (1.0, 0.9)}
        t975 = 2.2621571627409915  # 9 degrees of freedom: ten replications
        for measure in ["waiting to move on from p1_south", "delay days P1 mean", "NCTR patients in acute beds"]:
            with self.subTest(measure):
                difference = at[0.9][measure].to_numpy() - at[1.0][measure].to_numpy()
                half = t975 * difference.std(ddof=1) / np.sqrt(len(difference))
                self.assertGreater(difference.mean() - half, 0.0, (measure, difference.mean(), half))


if __name__ == "__main__":
    unittest.main()
