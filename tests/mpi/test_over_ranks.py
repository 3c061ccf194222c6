#!/usr/bin/python3
"""careflow run and sweep under mpirun give what one process gives, dataset for dataset:
England with its care systems spread over 2 ranks (and with its replications spread instead),
a one-system scenario's replications over 3 ranks, a sweep over 2 ranks; a sweep whose rank is
killed resumes to the same file; a rank killed in a run ends the whole run with a clear message
and no output file; a bad scenario under mpirun is reported once, by rank 0.

Run by ctest (label mpi) with CAREFLOW, CAREFLOW_SOURCE_DIR and MPIEXEC in the environment."""

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

CAREFLOW = os.environ["CAREFLOW"]
MPIEXEC = os.environ["MPIEXEC"]
SOURCE = os.environ["CAREFLOW_SOURCE_DIR"]
SCENARIOS = os.path.join(SOURCE, "scenarios")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(SOURCE, "tests", "analysis"))
import same_datasets  # noqa: E402
from test_sweep import write_sweep  # noqa: E402  the sweep of blocking.toml that test kills and resumes

# England, short: every care system, two replications, crossings and all.
ENGLAND = [os.path.join(SCENARIOS, "england.toml"), "--days", "8", "--set", "run.warmup_days=4",
           "--replications", "2"]



def mpirun(ranks, *args, **kwargs):
    return [MPIEXEC, "--oversubscribe", "-np", str(ranks), CAREFLOW, *args]


def run(command, expect=0, timeout=600):
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if expect is not None and done.returncode != expect:
        raise AssertionError(f"{' '.join(command)}: exit {done.returncode}, expected {expect}\n"
                             f"{done.stdout}\n{done.stderr}")
    return done


def rank_pid(launcher_pid, rank):
    """The process id of rank `rank`, a child of mpirun, or None while it is not there yet."""
    children = subprocess.run(["pgrep", "-P", str(launcher_pid)], capture_output=True, text=True).stdout.split()
    for pid in children:
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if f"OMPI_COMM_WORLD_RANK={rank}".encode() in f.read().split(b"\0"):
                    return int(pid)
        except OSError:
            continue
    return None


def hidden_files(folder):
    return sorted(f for f in os.listdir(folder) if f.startswith("."))


class OverRanks(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="careflow_mpi_test_")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def path(self, name):
        return os.path.join(self.dir, name)

    def assert_same_file(self, a, b):
        problems = same_datasets.differences(a, b)
        self.assertEqual(problems, [], f"{a} and {b} differ")

    def test_england_over_two_ranks_writes_one_process_file(self):
        alone, spread, by_replication = self.path("alone.h5"), self.path("spread.h5"), self.path("by_rep.h5")
        run([CAREFLOW, "run", *ENGLAND, "--out", alone, "--threads", "2"])
        done = run(mpirun(2, "run", *ENGLAND, "--out", spread, "--threads", "1"))
        self.assertIn("2 ranks x 1 threads, each replication's care systems spread over them", done.stdout)
        self.assertEqual(done.stdout.count("careflow run: england"), 1, "rank 0 alone prints")
        self.assert_same_file(alone, spread)
        done = run(mpirun(2, "run", *ENGLAND, "--out", by_replication, "--threads", "1",
                          "--ranks-per-replication", "1"))
        self.assertIn("replications spread over the ranks", done.stdout)
        self.assert_same_file(alone, by_replication)

    def test_replications_over_three_ranks_write_one_process_file(self):
        args = ["run", os.path.join(SCENARIOS, "baseline.toml"), "--replications", "7", "--days", "60"]
        alone, spread = self.path("alone.h5"), self.path("spread.h5")
        run([CAREFLOW, *args, "--out", alone])
        run(mpirun(3, *args, "--out", spread, "--threads", "2"))
        self.assert_same_file(alone, spread)
        self.assertEqual(hidden_files(self.dir), [])

    def write_sweep(self, points):
        return write_sweep(self.dir, levels=", ".join(str(150 + 4 * i) for i in range(points)))

    def test_a_sweep_over_two_ranks_writes_one_process_file(self):
        sweep = self.write_sweep(points=5)
        alone, spread = self.path("alone.h5"), self.path("spread.h5")
        run([CAREFLOW, "sweep", sweep, "--out", alone, "--threads", "2"])
        done = run(mpirun(2, "sweep", sweep, "--out", spread, "--threads", "1"))
        self.assertIn("over 2 MPI ranks x 1 threads", done.stdout)
        self.assert_same_file(alone, spread)
        self.assertFalse(os.path.exists(spread + ".journal"))

    def test_a_sweep_whose_rank_is_killed_resumes_to_the_same_file(self):
        sweep = self.write_sweep(points=16)
        whole, out = self.path("whole.h5"), self.path("killed.h5")
        journal = out + ".journal"
        run([CAREFLOW, "sweep", sweep, "--out", whole, "--threads", "2"])
        chance = random.Random(20261202)
        kills = 0
        for attempt in range(4):
            launch = subprocess.Popen(mpirun(2, "sweep", sweep, "--out", out, "--threads", "1", "--resume"),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            before = os.path.getsize(journal) if os.path.exists(journal) else 0
            deadline = time.monotonic() + 120
            # Once this launch has added to the journal, kill one of its ranks at a random moment.
            while launch.poll() is None and time.monotonic() < deadline and \
                    (not os.path.exists(journal) or os.path.getsize(journal) <= before):
                time.sleep(0.01)
            time.sleep(chance.uniform(0.0, 0.2))
            victim = rank_pid(launch.pid, chance.choice([0, 1]))
            if launch.poll() is not None or victim is None:
                launch.communicate(timeout=120)
                break
            os.kill(victim, 9)
            _, stderr = launch.communicate(timeout=120)
            kills += 1
            self.assertNotEqual(launch.returncode, 0)
            self.assertRegex(stderr, r"exited on signal 9|stopped without writing output|points are kept")
            if os.path.exists(out):
                # Every point was in before the kill (a rank done with its share, waiting to end):
                # the file was written whole, and the journal is gone.
                self.assertFalse(os.path.exists(journal))
                break
            self.assertTrue(os.path.exists(journal), "the finished points are kept")
        self.assertGreaterEqual(kills, 1, "a rank was killed at least once")
        if os.path.exists(journal):
            done = run(mpirun(2, "sweep", sweep, "--out", out, "--threads", "1", "--resume"))
            self.assertIn("resuming:", done.stdout)
        self.assertFalse(os.path.exists(journal), "the journal goes once the file is written")
        self.assert_same_file(whole, out)

    def test_a_killed_rank_ends_the_run_with_a_message_and_no_output(self):
        out = self.path("trace.h5")
        launch = subprocess.Popen(mpirun(2, "run", os.path.join(SCENARIOS, "baseline.toml"), "--replications", "200",
                                         "--threads", "1", "--out", out),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        victim = None
        # Once the output is being written (its hidden temporary exists), kill rank 1.
        while launch.poll() is None and time.monotonic() < deadline and (victim is None or not hidden_files(self.dir)):
            victim = rank_pid(launch.pid, 1)
            time.sleep(0.02)
        self.assertIsNone(launch.poll(), "the run ended before a rank could be killed")
        time.sleep(0.3)
        os.kill(victim, 9)
        _, stderr = launch.communicate(timeout=120)
        self.assertNotEqual(launch.returncode, 0)
        self.assertRegex(stderr, r"(mpirun|mpiexec) noticed that process rank 1")
        self.assertIn("exited on signal 9", stderr)
        self.assertIn("careflow: interrupted; rank 0 of 2 stopped without writing output", stderr)
        self.assertFalse(os.path.exists(out), "no output file after a rank failed")
        self.assertEqual(hidden_files(self.dir), [], "the partial output was removed")

    def test_a_bad_scenario_under_mpirun_is_reported_once(self):
        bad = self.path("bad.toml")
        with open(bad, "w") as f:
            f.write(f'extends = "{SCENARIOS}/baseline.toml"\n[acute]\nbeds = -3\n')
        done = run(mpirun(2, "run", bad, "--out", self.path("x.h5")), expect=2)
        self.assertEqual(done.stderr.count("careflow: error:"), 1, done.stderr)
        self.assertRegex(done.stderr, r"bad\.toml:3.*beds")
        self.assertEqual(os.listdir(self.dir), ["bad.toml"])

    def test_an_unwritable_output_on_rank_zero_stops_every_rank(self):
        done = run(mpirun(2, "run", os.path.join(SCENARIOS, "baseline.toml"), "--out", "/nonexistent/dir/x.h5"),
                   expect=2, timeout=120)
        self.assertEqual(done.stderr.count("careflow: error:"), 1, done.stderr)

    def test_ranks_that_do_not_divide_into_groups_are_refused(self):
        done = run(mpirun(2, "run", os.path.join(SCENARIOS, "baseline.toml"), "--ranks-per-replication", "3"),
                   expect=2, timeout=300)
        self.assertEqual(done.stderr.count("careflow: error:"), 1, done.stderr)
        self.assertIn("2 ranks cannot be split into groups of 3 ranks per replication", done.stderr)

    def test_commands_that_do_not_spread_say_so(self):
        done = run(mpirun(2, "check", os.path.join(SCENARIOS, "baseline.toml")), expect=2, timeout=120)
        self.assertIn("only run and sweep spread over MPI ranks", done.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
