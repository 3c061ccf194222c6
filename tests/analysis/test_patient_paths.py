"""A patient's way through a network of units is readable from the event log: the three-unit
pathway's patients go from an acute bed through the stroke rehabilitation unit and community
rehabilitation beds to the early supported discharge team, in that order, each move after the
last; the patient table and the event log agree on when each left hospital."""

import os
import shutil
import unittest

import numpy as np

from harness import SCENARIOS, careflow, scratch  # first: finds analysis/
import careflow_trace  # noqa: E402


class PatientPaths(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = scratch()
        cls.path = os.path.join(cls.dir, "pathway.h5")
        careflow("run", os.path.join(SCENARIOS, "three_unit_pathway.toml"), "--days", "120",
                 "--replications", "2", "--trace", "events", "--out", cls.path)
        cls.trace = careflow_trace.open_trace(cls.path)
        cls.events = cls.trace.events()
        cls.patients = cls.trace.patients()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def test_the_units_are_named_and_every_event_of_a_patient_has_one(self):
        units = set(self.events["unit"].astype(str))
        self.assertLessEqual({"acute", "stroke_rehab_unit", "community_rehab_beds",
                              "early_supported_discharge", "-"}, units)
        no_patient = self.events[self.events.patient < 0]
        self.assertTrue((no_patient["unit"].astype(str) == "-").all())

    def test_whole_pathways_run_in_order(self):
        whole = ["acute", "stroke_rehab_unit", "community_rehab_beds", "early_supported_discharge", "-"]
        first = self.patients[self.patients.replication == 0]
        seen = 0
        for patient in range(len(first)):
            path = self.trace.patient_path(patient)
            units = list(path["unit"].astype(str))
            if units[:len(whole)] != whole:
                continue
            seen += 1
            times = path["time_day"].to_numpy()
            self.assertTrue(np.all(np.diff(times[:len(whole)]) >= 0), (patient, times))
            # Leaving the acute bed is the patient table's left_acute_day.
            self.assertAlmostEqual(times[1], first.iloc[patient]["left_acute_day"], places=9)
            # The last move ends a service: the person goes home, or to a care home.
            self.assertEqual(str(path["kind"].iloc[4]), "service end")
            if seen >= 20:
                break
        self.assertGreaterEqual(seen, 20)

    def test_direct_admissions_start_in_the_second_unit(self):
        first = self.events[self.events.replication == 0]
        # A referral finding a free bed starts at once, on a weekday in discharge hours; the
        # rest wait at home ("-") and start later ("start from home").
        referrals = first[first["kind"].astype(str) == "step-up referral"]
        self.assertGreater(len(referrals), 120)  # 1 a day over 180 days
        self.assertTrue(referrals["unit"].astype(str).isin(["community_rehab_beds", "-"]).all())
        self.assertGreater((referrals["unit"].astype(str) == "-").sum(), 20)
        starts = first[first["kind"].astype(str) == "start from home"]
        self.assertGreater(len(starts), 20)
        self.assertTrue((starts["unit"].astype(str) == "community_rehab_beds").all())


if __name__ == "__main__":
    unittest.main()
