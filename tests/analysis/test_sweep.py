"""careflow sweep as an analyst uses it: a sweep killed at any moment (SIGKILL) and resumed ends
with a file identical, dataset for dataset, to an uninterrupted one; a resumed sweep refuses a
changed sweep file; Ctrl-C keeps the journal; bad sweep files exit 2 with a file/line/key message
and leave nothing behind; the file reads into pandas; point traces when asked; and
`careflow sensitivity` reads the file back."""

import json
import os
import random
import shutil
import signal
import subprocess
import time
import unittest

import h5py
import numpy as np

from harness import CAREFLOW, SCENARIOS, careflow, scratch
import careflow_trace as ct

# A short blocking model, many points on one thread: long enough to kill part way.
SWEEP = """
[sweep]
name = "resume_test"
scenario = "{scenarios}/blocking.toml"
design = "grid"
replications = 3
seed = 4
set = ["run.days=500", "run.warmup_days=20"]

[factors.places]
key = "services.community.capacity"
levels = [{levels}]

[factors.seven_days]
key = "levers.seven_day_working"
levels = [false, true]
"""


def write_sweep(folder, name="sweep.toml", levels=None, extra=""):
    levels = levels or ", ".join(str(c) for c in range(150, 210, 4))
    path = os.path.join(folder, name)
    with open(path, "w") as out:
        out.write(SWEEP.format(scenarios=SCENARIOS, levels=levels) + extra)
    return path


def datasets(path):
    """Every dataset of the file, by name, as numpy arrays (strings decoded)."""
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                data = obj[()]
                out[name] = ([s.decode() if isinstance(s, bytes) else s for s in data]
                             if data.dtype == object else data)
        f.visititems(visit)
    return out


def assert_identical(test, a, b):
    da, db = datasets(a), datasets(b)
    test.assertEqual(sorted(da), sorted(db))
    for name in da:
        x, y = da[name], db[name]
        if isinstance(x, list):
            test.assertEqual(x, y, name)
        else:
            test.assertEqual(x.dtype, y.dtype, name)
            test.assertTrue(np.array_equal(x, y, equal_nan=x.dtype.kind == "f"), name)


def journal_records(path):
    return os.path.getsize(path) if os.path.exists(path) else 0


class Sweep(unittest.TestCase):
    def setUp(self):
        self.dir = scratch()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_a_killed_sweep_resumes_to_an_identical_file(self):
        sweep = write_sweep(self.dir)
        whole = os.path.join(self.dir, "whole.h5")
        careflow("sweep", sweep, "--out", whole, "--threads", "2")
        rng = random.Random(20261201)
        out = os.path.join(self.dir, "killed.h5")
        journal = out + ".journal"
        kills = 0
        for attempt in range(6):
            run = subprocess.Popen([CAREFLOW, "sweep", sweep, "--out", out, "--threads", "1", "--resume"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            start = journal_records(journal)
            deadline = time.monotonic() + 60
            # Kill at a random moment once this run has added to the journal.
            while journal_records(journal) <= start and run.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.15))
            if run.poll() is not None:
                break
            run.send_signal(signal.SIGKILL)
            run.wait()
            kills += 1
            self.assertFalse(os.path.exists(out), "no sweep file until the sweep is complete")
            self.assertTrue(os.path.exists(journal))
        self.assertGreaterEqual(kills, 1, "the sweep was killed at least once")
        if os.path.exists(journal):
            done = careflow("sweep", sweep, "--out", out, "--resume")
            self.assertIn("resuming:", done.stdout)
        self.assertFalse(os.path.exists(journal), "the journal goes once the file is written")
        assert_identical(self, whole, out)
        leftovers = [f for f in os.listdir(self.dir) if f.startswith(".")]
        self.assertEqual(leftovers, [], "no temporary file left")

    def test_a_resumed_sweep_refuses_a_changed_sweep_file(self):
        sweep = write_sweep(self.dir)
        out = os.path.join(self.dir, "s.h5")
        run = subprocess.Popen([CAREFLOW, "sweep", sweep, "--out", out, "--threads", "1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        while journal_records(out + ".journal") < 2000 and run.poll() is None:
            time.sleep(0.01)
        run.send_signal(signal.SIGINT)
        _, stderr = run.communicate(timeout=60)
        self.assertEqual(run.returncode, 130)
        self.assertIn("the finished points are kept in " + out + ".journal", stderr)
        self.assertFalse(os.path.exists(out))
        # Without --resume the unfinished sweep is not started over.
        again = careflow("sweep", sweep, "--out", out, expect=2)
        self.assertIn("an unfinished sweep to this output is there: add --resume", again.stderr)
        write_sweep(self.dir, levels="150, 160")
        changed = careflow("sweep", sweep, "--out", out, "--resume", expect=2)
        self.assertIn(out + ".journal: this journal belongs to another sweep (the sweep file, its scenario or "
                      "careflow itself changed since it started); remove it to start again", changed.stderr)
        self.assertFalse(os.path.exists(out))

    def test_a_full_disk_at_the_end_keeps_the_journal_for_resume(self):
        import resource
        sweep = write_sweep(self.dir, extra="")
        with open(sweep) as f:
            text = f.read().replace('seed = 4\n', 'seed = 4\nmeasures = ["delay days"]\n')
        with open(sweep, "w") as f:
            f.write(text)
        out = os.path.join(self.dir, "s.h5")

        def limit():  # writes past 30 kB fail with EFBIG, as on a full disk (careflow ignores SIGXFSZ)
            resource.setrlimit(resource.RLIMIT_FSIZE, (30_000, 30_000))
        done = subprocess.run([CAREFLOW, "sweep", sweep, "--out", out], capture_output=True, text=True,
                              preexec_fn=limit)
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertIn("(File too large)", done.stderr)
        self.assertIn("every point is kept in " + out + ".journal: run the same command with --resume",
                      done.stderr)
        self.assertEqual(sorted(os.listdir(self.dir)), ["s.h5.journal", "sweep.toml"])
        careflow("sweep", sweep, "--out", out, "--resume")
        whole = os.path.join(self.dir, "whole.h5")
        careflow("sweep", sweep, "--out", whole)
        assert_identical(self, whole, out)

    def test_bad_sweep_files_exit_2_and_leave_nothing(self):
        cases = {
            "unknown key": ("[factors.beds]\nkey = \"acute.beds\"\nlevels = [400]\nlevles = 1\n",
                            ":20: factors.beds.levles: unknown key (did you mean \"levels\"?)"),
            "wrong type": ("[factors.beds]\nkey = \"acute.beds\"\nlevels = [400, true]\n",
                           ":19: factors.beds.levels: mixes kinds of value"),
            "invalid at a point": ("[factors.beds]\nkey = \"acute.beds\"\nlevels = [400, -1]\n",
                                   ":17: factors.beds: at point 1 (places = 150, seven_days = false, beds = -1), "
                                   "the scenario is invalid: acute.beds: must be a whole number"),
        }
        for name, (extra, message) in cases.items():
            with self.subTest(name):
                sweep = write_sweep(self.dir, levels="150", extra=extra)
                out = os.path.join(self.dir, "bad.h5")
                done = careflow("sweep", sweep, "--out", out, expect=2)
                self.assertIn(sweep + message, done.stderr)
                self.assertEqual(sorted(os.listdir(self.dir)), ["sweep.toml"])
        empty = SWEEP.format(scenarios=SCENARIOS, levels="1").replace('design = "grid"', 'design = "lhs"\npoints = 4')
        empty = empty.replace("levels = [1]", "min = 200\nmax = 190\ndistribution = \"integer\"")
        with open(os.path.join(self.dir, "sweep.toml"), "w") as f:
            f.write(empty)
        done = careflow("sweep", os.path.join(self.dir, "sweep.toml"), "--out", os.path.join(self.dir, "bad.h5"),
                        expect=2)
        self.assertIn("factors.places.max: the range is empty: max must be above min (200)", done.stderr)
        self.assertEqual(sorted(os.listdir(self.dir)), ["sweep.toml"])

    def test_the_file_reads_into_one_row_per_point_and_replication(self):
        sweep = write_sweep(self.dir, levels="150, 199")
        out = os.path.join(self.dir, "s.h5")
        traces = os.path.join(self.dir, "points")
        careflow("sweep", sweep, "--out", out, "--point-traces", traces)
        s = ct.open_sweep(out)
        frame = s.results()
        self.assertEqual(len(frame), 4 * 3)
        self.assertEqual(list(frame.columns[:4]), ["point", "replication", "places", "seven_days"])
        self.assertEqual(sorted(set(frame["places"])), [150.0, 199.0])
        summary = s.summary()
        delay = summary[summary.measure == "delay days"].set_index("point")["mean"]
        by_point = frame.groupby("point")["delay days"].mean()
        self.assertTrue(np.allclose(delay.to_numpy(), by_point.to_numpy(), rtol=1e-12, atol=0))
        self.assertEqual(s.attrs["complete"], 1)
        self.assertIn("[factors.places]", s.attrs["sweep_text"])
        self.assertIn("[acute]", s.attrs["scenario_text"])
        # Point traces: one ordinary trace per point, whose measures are the sweep's.
        self.assertEqual(sorted(os.listdir(traces)), [f"point_0000{p}.h5" for p in range(4)])
        trace = ct.open_trace(os.path.join(traces, "point_00003.h5"))
        values = trace.summary()
        mine = values[values.measure == "delay days"]["value"].to_numpy()
        self.assertTrue(np.array_equal(mine, frame[frame.point == 3]["delay days"].to_numpy()))
        self.assertGreater(len(trace.patients()), 0)

    def test_points_not_in_steady_state_are_flagged_everywhere(self):
        # 150 places against an offered load of 189: the queue grows all run; 260 places leave room
        # to spare, so the unit has filled within the warm-up (199 would still be filling).
        sweep = write_sweep(self.dir, levels="150, 260")
        out = os.path.join(self.dir, "s.h5")
        done = careflow("sweep", sweep, "--out", out)
        self.assertIn("warning: 2 of 4 points not in steady state (points 0, 1): their results depend on the "
                      "run length", done.stdout)
        s = ct.open_sweep(out)
        points = s.points()
        self.assertEqual(list(points["steady"]), [0, 0, 1, 1])
        self.assertIn("queue community grows by about", points.loc[0, "steady_state_warning"])
        self.assertEqual(points.loc[2, "steady_state_warning"], "")
        self.assertEqual(s.attrs["points_not_in_steady_state"], 2)
        report = json.loads(careflow("sensitivity", out, "--format", "json").stdout)
        self.assertEqual(report["points_not_in_steady_state"], [0, 1])
        table = careflow("sensitivity", out).stdout
        self.assertIn("warning: 2 of 4 points not in steady state", table)
        # The page: a banner above the charts, the points listed, charts embedded, nothing fetched.
        page = os.path.join(self.dir, "page.html")
        careflow("report", out, "--html", page, "--png", os.path.join(self.dir, "page.png"))
        with open(page) as f:
            text = f.read()
        self.assertLess(text.index('id="steady-state-warning"'), text.index("<h2>Response</h2>"))
        self.assertIn("2 of 4 points not in steady state", text)
        self.assertEqual(text.count('<img alt='), text.count("data:image/png;base64,"))
        self.assertGreaterEqual(text.count("data:image/png;base64,"), 2 * 4)
        self.assertNotIn("http://", text.replace("http://www.w3.org", ""))
        self.assertIn('<tr class="unsteady"><th>0</th>', text)
        self.assertGreater(os.path.getsize(os.path.join(self.dir, "page.png")), 20_000)
        two = careflow("report", out, out, "--html", page + "2", expect=2)
        self.assertIn("a sweep's report takes that one sweep file", two.stderr)
        self.assertFalse(os.path.exists(page + "2"))

    def test_sensitivity_reads_the_sweep_back(self):
        sweep = write_sweep(self.dir, levels="120, 160, 199")
        out = os.path.join(self.dir, "s.h5")
        careflow("sweep", sweep, "--out", out)
        done = careflow("sensitivity", out, "--format", "json", "--measure", "delay days")
        report = json.loads(done.stdout)
        self.assertEqual(report["design"], "grid")
        rows = [r for r in report["rows"] if r["method"] == "main effect" and r["factor"] == "places"
                and r["statistic"] == "mean"]
        self.assertEqual([r["level"] for r in rows], ["120", "160", "199"])
        means = [r["value"] for r in rows]
        self.assertGreater(means[0], means[1])
        self.assertGreaterEqual(means[1], means[2])
        # Recomputed from the file: the mean over the points at that level and their replications.
        frame = ct.open_sweep(out).results()
        self.assertAlmostEqual(means[0], frame[frame.places == 120]["delay days"].mean(), places=12)
        bad = careflow("sensitivity", out, "--measure", "no such measure", expect=2)
        self.assertIn("has no measure \"no such measure\"", bad.stderr)
        compared = careflow("compare", out, expect=2)
        self.assertIn(out + ": a careflow sweep, not a run's trace: read it with careflow sensitivity or careflow "
                      "report", compared.stderr)
        not_sweep = careflow("sensitivity", os.path.join(SCENARIOS, "blocking.toml"), expect=2)
        self.assertIn("not an HDF5 file", not_sweep.stderr)


if __name__ == "__main__":
    unittest.main()
