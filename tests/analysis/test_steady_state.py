"""Answers that say when they depend on the run length, as a user meets them: `careflow check`
flags the unit the pull levers fill and names the levers, and says its queue settles, as three
years of pull.toml show; `careflow run` warns of a queue
still growing (ipacs.toml: the published referral rates, beyond capacity); the trace keeps the warning, `compare` shows it beside every difference involving
that run, and the report page puts it in a banner; warmup_days = "auto" chooses, prints and
stores a warm-up. The bundled baseline and blocking scenarios raise none of these."""

import json
import os
import re
import shutil
import unittest

import h5py

from harness import SCENARIOS, careflow, scratch


def scenario(name):
    return os.path.join(SCENARIOS, f"{name}.toml")


class SteadyState(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch()
        cls.baseline = os.path.join(cls.dir, "baseline.h5")
        cls.overloaded = os.path.join(cls.dir, "ipacs.h5")
        cls.baseline_run = careflow("run", scenario("baseline"), "--days", "1095", "--trace", "summary",
                                    "--out", cls.baseline)
        cls.overloaded_run = careflow("run", scenario("ipacs"), "--days", "1095", "--trace", "patients",
                                      "--out", cls.overloaded)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def test_check_flags_reablement_under_pull_and_names_the_levers(self):
        done = careflow("check", scenario("pull"))
        hub = next(line for line in done.stdout.splitlines() if line.strip().startswith("P1 hub"))
        utilisation = float(hub.split()[7])
        # Asked for beyond its places, but its queue settles: those who wait step up to P2.
        self.assertIn("full (asked for", hub)
        self.assertNotIn("OVER CAPACITY", hub)
        queue = float(re.search(r"its queue levels off near ([0-9]+) patients", hub).group(1))
        self.assertGreater(queue, 100)
        asked = float(re.search(r"asked for ([0-9.]+) of it", hub).group(1))
        self.assertGreater(asked, 1.0)
        self.assertLessEqual(utilisation, asked)
        levers = re.search(r"raised by (.*)$", hub).group(1)
        self.assertTrue(levers.startswith("home first"), levers)
        self.assertIn("discharge to assess", levers)
        self.assertIn("warning: P1 hub", done.stdout)

    def test_check_and_three_years_of_pull_agree_that_the_queues_settle(self):
        done = careflow("run", scenario("pull"), "--days", "1095")
        self.assertNotIn("OVER CAPACITY", done.stdout)
        self.assertNotIn("not in steady state", done.stdout)
        self.assertIn("full or at 95% or more of capacity: expect long, variable queues that settle", done.stdout)
        hub = float(re.search(r"queue P1 hub +([0-9.]+)", done.stdout).group(1))
        predicted = float(re.search(r"its queue levels off near ([0-9]+) patients", done.stdout).group(1))
        self.assertLess(abs(hub - predicted), 0.25 * predicted, done.stdout)

    def test_check_and_run_flag_nothing_on_baseline_and_blocking(self):
        for name in ["baseline", "blocking"]:
            done = careflow("check", scenario(name))
            self.assertNotIn("warning", done.stdout, name)
            self.assertNotIn("OVER CAPACITY", done.stdout, name)
        self.assertNotIn("warning", self.baseline_run.stdout)
        self.assertNotIn("warning", careflow("run", scenario("blocking")).stdout)
        self.assertNotIn("warning", careflow("run", scenario("baseline")).stdout)

    def test_three_years_of_published_referrals_warn_of_the_growing_queue(self):
        text = self.overloaded_run.stdout
        self.assertRegex(text, r"warning: not in steady state: admission queue grows by about [0-9.e+]+ "
                               r"patients a month.*results depend on the run length")
        # The check's advice comes first: why the queue grows.
        self.assertLess(text.index("OVER CAPACITY"), text.index("not in steady state"))

    def test_the_trace_keeps_the_warning_and_every_level_tested(self):
        with h5py.File(self.overloaded, "r") as f:
            warning = f.attrs["steady_state_warning"]
            warning = warning.decode() if isinstance(warning, bytes) else warning
            self.assertTrue(warning.startswith("not in steady state: admission queue grows"), warning)
            levels = [n.decode() for n in f["steady_state/level"][()]]
            rising = list(f["steady_state/rising"][()])
            self.assertEqual(levels[:3], ["acute occupancy", "admission queue", "NCTR patients"])
            self.assertEqual(rising[levels.index("admission queue")], 1)
            self.assertEqual(len(f["steady_state/slope_per_day"][()]), len(levels))
        with h5py.File(self.baseline, "r") as f:
            self.assertEqual(f.attrs["steady_state_warning"], "")
            self.assertEqual(sum(f["steady_state/rising"][()]), 0)

    def test_compare_marks_every_difference_involving_the_run(self):
        table = careflow("compare", self.baseline, self.overloaded).stdout
        self.assertIn("! [2] ipacs: not in steady state: admission queue grows", table)
        row = next(line for line in table.splitlines() if line.strip().startswith("delay days "))
        self.assertTrue(row.rstrip().endswith("* !"), row)
        compared = json.loads(careflow("compare", self.baseline, self.overloaded, "--format", "json").stdout)
        self.assertIsNone(compared["scenarios"][0]["steady_state_warning"])
        self.assertIn("admission queue grows", compared["scenarios"][1]["steady_state_warning"])
        self.assertTrue(all(m["differences"][0]["depends_on_run_length"] for m in compared["measures"]
                            if m["differences"][0]))
        csv = careflow("compare", self.baseline, self.overloaded, "--format", "csv").stdout.splitlines()
        self.assertTrue(csv[0].endswith(",depends_on_run_length"))
        self.assertTrue(any(line.startswith("delay days,days,ipacs,2,") and line.endswith(",true,true")
                            for line in csv))
        steady = careflow("compare", self.baseline, self.baseline).stdout
        self.assertNotIn("!", steady)

    def test_the_report_shows_a_banner_above_the_charts(self):
        page = os.path.join(self.dir, "report.html")
        careflow("report", self.baseline, self.overloaded, "--html", page)
        with open(page, encoding="utf-8") as f:
            html = f.read()
        banner = html.index('id="steady-state-warning"')
        self.assertLess(banner, html.index('<table id="key-measures"'))
        self.assertLess(banner, html.index('<figure id="chart-occupancy"'))
        self.assertIn("<b>ipacs</b>: not in steady state: admission queue grows", html)
        self.assertIn("band: their 5th to 95th percentile", html)
        calm = os.path.join(self.dir, "calm.html")
        careflow("report", self.baseline, self.baseline, "--html", calm)
        with open(calm, encoding="utf-8") as f:
            self.assertNotIn('id="steady-state-warning"', f.read())

    def test_an_automatic_warm_up_is_chosen_printed_and_stored(self):
        trace = os.path.join(self.dir, "auto.h5")
        done = careflow("run", scenario("blocking"), "--set", 'run.warmup_days="auto"',
                        "--replications", "4", "--trace", "summary", "--out", trace)
        chosen = re.search(r"warm-up ([0-9.]+) days, chosen by MSER-5", done.stdout)
        self.assertIsNotNone(chosen, done.stdout)
        days = float(chosen.group(1))
        self.assertGreater(days, 0)
        self.assertIn(f"replications of 3650 days after {chosen.group(1)} warm-up days", done.stdout)
        with h5py.File(trace, "r") as f:
            self.assertEqual(float(f.attrs["warmup_days"]), days)
            rule = f.attrs["warmup_rule"]
            self.assertEqual(rule.decode() if isinstance(rule, bytes) else rule, "MSER-5")


if __name__ == "__main__":
    unittest.main()
